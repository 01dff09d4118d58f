"""A one-page handout per module (its key points and discussion questions), and their index."""

from __future__ import annotations

from ..course import Course
from ..modules import Module
from .myst import render


def handout_page(course: Course, module: Module) -> str:
    return render("handout.md", module=module)


def handouts_page(course: Course) -> str:
    return render("handouts.md", modules=course.modules)
