"""The self-assessment in live Jupyter: the statements as radio buttons, and "Show results" gives
the table (a pandas DataFrame), the bar chart (matplotlib) and the action plan. It scores, plans
and exports with the same code as the book's page (assessment_model, assessment_exports)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

import ipywidgets as w
import pandas as pd
from IPython.display import HTML, Image, display

from .assessment_chart import results_chart
from .assessment_exports import export_data
from .assessment_html import render
from .assessment_model import SKIP, Assessment, AreaScore, action_plan, score
from .words import word


def results_frame(scores: list[AreaScore]) -> pd.DataFrame:
    """The results as a pandas DataFrame, one row per area."""
    return pd.DataFrame(
        [{"area": s.area.title, "average": s.mean, "answered": s.answered, "unanswered": s.unanswered}
         for s in scores], columns=["area", "average", "answered", "unanswered"]).set_index("area")


def _png(fig) -> Image:
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return Image(data=buffer.getvalue(), format="png")


class AssessmentWidget:
    """The statements as radio buttons; "Show results" gives the table, the chart and the plan."""

    def __init__(self, assessment: Assessment, course=None):
        self.assessment = assessment
        self.course = course
        labels = list(assessment.scale) + [assessment.skip]
        self.choices: dict[str, object] = {}
        children = []
        for area in assessment.areas:
            children.append(w.HTML(render("widget-area.html", area=area)))
            for s in area.statements:
                radios = w.RadioButtons(options=labels, value=None, layout=w.Layout(width="auto"))
                self.choices[s.id] = radios
                children.append(w.HTML(render("widget-statement.html", statement=s)))
                children.append(radios)
        self.show_button = w.Button(description=word("jupyter.show_results"))
        self.output = w.Output()
        self.show_button.on_click(lambda _b: self.show())
        self.box = w.VBox(children + [self.show_button, self.output])

    def responses(self) -> dict[str, int | str]:
        labels = list(self.assessment.scale)
        out: dict[str, int | str] = {}
        for sid, radios in self.choices.items():
            if radios.value in labels:
                out[sid] = labels.index(radios.value) + 1
            elif radios.value is not None:
                out[sid] = SKIP
        return out

    def rate(self, statement_id: str, value: int | str | None) -> None:
        """Choose a rating (1..top, "skip" or None), as a person would by clicking."""
        radios = self.choices[statement_id]
        if value is None:
            radios.value = None
        elif value == SKIP:
            radios.value = self.assessment.skip
        else:
            radios.value = self.assessment.scale[int(value) - 1]

    def scores(self) -> list[AreaScore]:
        return score(self.assessment, self.responses())

    def results(self) -> pd.DataFrame:
        return results_frame(self.scores())

    def export_json(self, path: str | Path) -> Path:
        """Write the ratings as an export that the book imports and ``summarize_exports`` reads."""
        path = Path(path)
        data = export_data(self.assessment, self.responses(), datetime.now(timezone.utc).isoformat(timespec="seconds"))
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    def show(self) -> None:
        scores = self.scores()
        self.output.clear_output()
        with self.output:
            display(results_frame(scores))
            display(_png(results_chart(self.assessment, scores)))
            display(HTML(render("widget-plan.html", plan=action_plan(scores))))
