"""The workshop formats page, and a session plan per module with the index of plans."""

from __future__ import annotations

from ..agendas import PART_LABELS, PARTS, Format, agenda_table, module_parts
from ..course import Course
from ..modules import Module
from .links import GENERATED, learner_link
from .myst import render

# Where each part of a module's session takes its minutes from, for the formats page.
PART_SOURCES = {"reading": "the module's reading time",
                "activities": "the module's time for reflections and the quiz",
                "activity": "the minutes the module gives its small-group activity"}


def formats_page(course: Course, formats: list[Format]) -> str:
    return render("formats.md", parts=[(PART_LABELS[p], PART_SOURCES[p]) for p in PARTS], formats=formats,
                  agenda_table=agenda_table)


def session_page(course: Course, module: Module, base: str) -> str:
    url = learner_link(course.root, course.page_url(module), f"{GENERATED}/session-{module.slug}", base)
    timing, at = [], 0
    for part, minutes in module_parts(module):
        timing.append((PART_LABELS[part], at, minutes or 0))
        at += minutes or 0
    return render("session.md", module=module, url=url, timing=timing, total=at, plan=module.facilitator,
                  activity=module.facilitator.get("activity") or {})


def sessions_page(course: Course) -> str:
    rows = []
    for module in course.modules:
        parts = dict(module_parts(module))
        rows.append((module, parts, sum(v or 0 for v in parts.values())))
    return render("sessions.md", rows=rows)
