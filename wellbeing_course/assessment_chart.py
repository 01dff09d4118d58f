"""The self-assessment's bar chart: its layout for the book's SVG (drawn by the template
``templates/assessment/chart.html``), and the same chart as a matplotlib Figure for Jupyter."""

from __future__ import annotations

from dataclasses import dataclass

from .assessment_model import Assessment, AreaScore
from .words import word

CHART_WIDTH, ROW, BAR = 640, 52, 20
BAR_SPACE = CHART_WIDTH - 100  # room on the right for the value, "not rated" included


def bar_width(mean: float | None, top: int) -> float:
    return 0.0 if mean is None else round(BAR_SPACE * mean / top, 1)


@dataclass(frozen=True)
class ChartRow:
    area: str
    title: str
    shown: str
    width: float
    label_y: int
    bar_y: int
    value_x: int
    value_y: float


@dataclass(frozen=True)
class ChartLayout:
    rows: list[ChartRow]
    width: int = CHART_WIDTH
    bar_space: int = BAR_SPACE
    bar: int = BAR

    @property
    def height(self) -> int:
        return ROW * len(self.rows) + 4


def chart_layout(assessment: Assessment, scores: list[AreaScore]) -> ChartLayout:
    """One row per area: its name, then below it a bar whose length is the average out of the top rating."""
    rows = []
    for n, s in enumerate(scores):
        y = 2 + n * ROW
        rows.append(ChartRow(area=s.area.id, title=s.area.title, shown=s.shown,
                             width=bar_width(s.mean, assessment.top), label_y=y + 16, bar_y=y + 24,
                             value_x=BAR_SPACE + 10, value_y=y + 24 + BAR / 2 + 5))
    return ChartLayout(rows)


def results_chart(assessment: Assessment, scores: list[AreaScore]):
    """A horizontal bar chart of each area's average (matplotlib Figure), unrated areas marked."""
    from matplotlib.figure import Figure  # heavy and only for Jupyter; no pyplot: no global state, no GUI backend

    fig = Figure(figsize=(8, 0.5 * len(scores) + 1.2), layout="constrained")
    ax = fig.add_subplot()
    labels = [s.area.title for s in scores][::-1]
    values = [s.mean or 0 for s in scores][::-1]
    bars = ax.barh(labels, values, color="#1d5c63")
    for bar, s in zip(bars, scores[::-1]):
        ax.text(bar.get_width() + 0.05, bar.get_y() + bar.get_height() / 2, s.shown, va="center")
    ax.set_xlim(0, assessment.top + 0.6)
    ax.set_xticks(range(1, assessment.top + 1))
    ax.set_xlabel(word("jupyter.chart_axis", low=assessment.scale[0], top=assessment.top, high=assessment.scale[-1]))
    ax.set_title(word("jupyter.chart_title"))
    return fig
