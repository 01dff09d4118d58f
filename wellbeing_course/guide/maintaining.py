"""The appendix "Maintaining this guide": the only page of the guide with files to edit, question ids
and commands."""

from __future__ import annotations

from ..course import Course
from .answer_keys import quizzes
from .myst import render


def maintaining_page(course: Course) -> str:
    return render("maintaining.md", quizzes=quizzes(course))
