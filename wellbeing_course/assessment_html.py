"""The self-assessment's markup: the book's page (the form, the results, the chart and its text
alternative, the action plan) and the small pieces the Jupyter widget and the summary show.

All of it comes from Jinja2 templates under ``templates/assessment/``, with autoescaping, so no
statement, title or label can become markup. The browser script ``static/assessment.js`` only
fills in numbers and shows or hides the plan items the page already holds: the markup has one
author, these templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape


from .assessment_chart import chart_layout
from .assessment_model import (FORMAT, PLAN_LIMIT, PRACTICE, SKIP, THRESHOLD, Assessment, AreaScore, Responses,
                               action_plan, practice_steps, rating, score)
from .course import module_url
from .render import render as _render
from .words import word

def render(name: str, **context) -> str:
    """One template of ``templates/assessment/``, rendered with autoescaping."""
    return _render(f"assessment/{name}", **context)


def _steps(course, base: str, page_url: Callable[[str], str] = module_url) -> dict[int, dict[str, str]]:
    """Each step of module 5 as a link target: its heading and the anchor of that heading."""
    found = {n: (heading, anchor) for n, heading, anchor in practice_steps(course)} if course is not None else {}
    steps = {}
    for n in range(1, 6):
        heading, anchor = found.get(n, (f"Step {n}", ""))
        steps[n] = {"heading": heading, "href": base + page_url(PRACTICE) + (f"#{anchor}" if anchor else "")}
    return steps


def assessment_html(assessment: Assessment, course=None, responses: Responses | None = None,
                    base: str = "../", page_url: Callable[[str], str] = module_url, import_path: str = "") -> str:
    """The form, the results (table, chart and its description) and the action plan.

    ``responses`` fills in the results and checks the radios (the browser script does the same
    from this device's storage); ``base`` leads from the page to the book's root, and ``page_url``
    from there to a module's page. With an ``import_path`` the tools are JupyterLab's (an import
    names a file by path, beside the journal file), as ``assessment_widget`` shows them.
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
        steps=_steps(course, base, page_url), practice=PRACTICE, module_url=page_url,
        jupyter=bool(import_path), import_path=import_path,
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
