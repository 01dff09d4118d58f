"""The self-assessment's markup: the book's page (the form, the results, the chart and its text
alternative, the action plan) and the small pieces the Jupyter widget and the summary show.

All of it comes from Jinja2 templates under ``templates/assessment/``, with autoescaping, so no
statement, title or label can become markup. The browser script ``static/assessment.js`` only
fills in numbers and shows or hides the plan items the page already holds: the markup has one
author, these templates.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import jinja2
from markupsafe import Markup

from .assessment_chart import chart_layout
from .assessment_model import (FORMAT, PLAN_LIMIT, PRACTICE, SKIP, THRESHOLD, Assessment, AreaScore, Responses,
                               action_plan, practice_steps, rating, score)
from .words import word

TEMPLATES = Path(__file__).parent / "templates"


class _JoinedLinesLoader(jinja2.FileSystemLoader):
    """Reads a template with each line break and the indentation after it removed: the templates
    are laid out for people, and the page keeps no whitespace between its tags, as it always had
    (tests and the script find elements next to each other). A space that matters stays inside a line."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return re.sub(r"\n[ \t]*", "", source), filename, uptodate


def _json_script(data) -> Markup:
    # "<" is escaped so that no text can close the script element early; the script reads it with JSON.parse.
    return Markup(json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))


_env = jinja2.Environment(loader=_JoinedLinesLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined)
_env.filters["json_script"] = _json_script
_env.globals["word"] = word


def render(name: str, **context) -> str:
    """One template of ``templates/assessment/``, rendered with autoescaping."""
    return _env.get_template(f"assessment/{name}").render(**context)


def _steps(course, base: str) -> dict[int, dict[str, str]]:
    """Each step of module 5 as a link target: its heading and the anchor of that heading."""
    found = {n: (heading, anchor) for n, heading, anchor in practice_steps(course)} if course is not None else {}
    steps = {}
    for n in range(1, 6):
        heading, anchor = found.get(n, (f"Step {n}", ""))
        steps[n] = {"heading": heading, "href": f"{base}modules/{PRACTICE}.html" + (f"#{anchor}" if anchor else "")}
    return steps


def assessment_html(assessment: Assessment, course=None, responses: Responses | None = None,
                    base: str = "../") -> str:
    """The form, the results (table, chart and its description) and the action plan.

    ``responses`` fills in the results and checks the radios (the browser script does the same
    from this device's storage); ``base`` leads from the page to the book's root.
    """
    responses = dict(responses or {})
    scores = score(assessment, responses)
    plan = action_plan(scores)
    in_plan = {item.score.area.id: n for n, item in enumerate(plan)}
    chosen = {}
    for sid, value in responses.items():
        given = SKIP if value == SKIP else rating(value, assessment.top)
        if given is not None:
            chosen[sid] = str(given)
    data = {
        "format": FORMAT, "top": assessment.top, "threshold": THRESHOLD, "limit": PLAN_LIMIT,
        "low": assessment.scale[0], "high": assessment.scale[-1],
        "areas": [{"id": a.id, "title": a.title, "statements": [s.id for s in a.statements]} for a in assessment.areas],
        "texts": {s.id: s.text for s in assessment.statements},
    }
    return render(
        "page.html",
        assessment=assessment, scores=scores, data=data, base=base, chosen=chosen,
        titles={m.slug: m.title for m in course.modules} if course is not None else {},
        steps=_steps(course, base), practice=PRACTICE,
        options=[(str(n), label) for n, label in enumerate(assessment.scale, 1)] + [(SKIP, assessment.skip)],
        chart=chart_layout(assessment, scores),
        by_area={s.area.id: s for s in scores}, in_plan=in_plan,
        # The areas of the plan first, weakest first; the others after them, hidden, in the file's order.
        plan_order=sorted(assessment.areas, key=lambda a: in_plan.get(a.id, len(in_plan))),
        state="plan" if plan else ("none" if any(s.mean is not None for s in scores) else "empty"),
        threshold=f"{THRESHOLD:g}", low_label=assessment.scale[min(int(THRESHOLD), assessment.top) - 1],
    )


def chart_description(assessment: Assessment, scores: list[AreaScore]) -> str:
    """The chart's text alternative: every area with its average and how many were answered."""
    markup = render("description.html", assessment=assessment, scores=scores)
    return unescape(re.sub(r"<[^>]+>", "", markup))
