"""What a notebook cell calls: ``quiz``, ``reflection``, ``journal`` and ``progress``.

Each returns an object that Jupyter displays. In the static book build (our Sphinx extension
sets WELLBEING_COURSE_STATIC for the kernels it starts) it is plain HTML that our script
makes interactive. In live Jupyter (``live_frontend()``) the same object also offers an ipywidgets
view, which JupyterLab prefers; the HTML stays in the bundle for nbconvert and other viewers.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from . import html
from .assessment_html import assessment_html
from .course import cached_course, find_root
from .errors import CourseError, Problem

# Loaded here, before the package binds the name `journal` to the function below: a submodule loaded
# later (the widgets load it) would replace the package's `journal` with itself, and a second Run All
# of the journal page would then fail with "'module' object is not callable".
from . import journal as _journal_file  # noqa: F401

STATIC_ENV = "WELLBEING_COURSE_STATIC"
WIDGETS_ENV = "WELLBEING_COURSE_WIDGETS"


class CourseItem:
    def __init__(self, markup: str, make_widget: Callable[[], object] | None = None):
        self.markup = markup
        self._make_widget = make_widget
        self._widget = None

    @property
    def widget(self):
        if self._widget is None and self._make_widget is not None:
            self._widget = self._make_widget()
        return self._widget

    def _repr_html_(self) -> str:
        return self.markup

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.markup, "text/plain": "Open this page in a browser to use it."}
        if live_frontend() and self.widget is not None:
            bundle.update(self.widget._repr_mimebundle_())
        return bundle


def live_frontend() -> bool:
    """Is someone looking at this kernel? Widgets are made only then.

    A Jupyter server (JupyterLab, Notebook 7) names the session of every kernel it starts in
    $JPY_SESSION_NAME; nbclient, ``nbconvert --execute`` and the book build do not. Without a
    frontend, no widget is made, so an executed notebook holds no widget state (and so no learner's
    words), and its HTML shows the quiz and prompts from the text/html view.
    $WELLBEING_COURSE_WIDGETS=1 asks for widgets in other frontends (VS Code, for example)."""
    if os.environ.get(STATIC_ENV):
        return False
    return bool(os.environ.get("JPY_SESSION_NAME") or os.environ.get(WIDGETS_ENV))


def _course():
    return cached_course(find_root())


def quiz(module: str, *question_ids: str) -> CourseItem:
    """A module's quiz, or only the named questions of it."""
    course = _course()
    if module not in course.banks:
        raise CourseError([Problem(f"quizzes/{module}.yml", 0, 0, f"there is no quiz bank for '{module}'")])
    bank = course.banks[module]
    known = {q.id for q in bank.questions}
    missing = [i for i in question_ids if i not in known]
    if missing:
        raise CourseError([Problem(bank.path, 0, 0, f"no question with id {', '.join(map(repr, missing))}")])

    def make_widget():
        from .widgets import QuizWidget
        return QuizWidget(bank, question_ids).box

    whole_module = any(m.slug == module for m in course.modules)
    return CourseItem(html.quiz_html(bank, question_ids, whole_module), make_widget)


def objectives(module: str) -> CourseItem:
    """The module's learning objectives, from its front matter (``course: objectives:``)."""
    course = _course()
    try:
        found = course.module(module)
    except KeyError:
        raise CourseError([Problem(f"modules/{module}.md", 0, 0, f"there is no module '{module}'")]) from None
    return CourseItem(html.objectives_html(found.objectives))


def reflection(reflection_id: str, prompt: str) -> CourseItem:
    """A reflection prompt with a text box that keeps the learner's answer on their device."""
    module = reflection_id.split("-", 1)[0]
    course_modules = {m.slug for m in _course().modules}
    module = next((m for m in sorted(course_modules, key=len, reverse=True)
                   if reflection_id.startswith(m + "-")), module)

    def make_widget():
        from .widgets import ReflectionWidget
        return ReflectionWidget(reflection_id, prompt, module).box

    return CourseItem(html.reflection_html(reflection_id, prompt, module), make_widget)


def journal() -> CourseItem:
    """Every reflection prompt of the course with export, import and delete."""
    course = _course()

    def make_widget():
        from .widgets import JournalWidget
        return JournalWidget(course).box

    return CourseItem(html.journal_html(course), make_widget)


def progress(base: str = "../") -> CourseItem:
    """The learner's progress per module, read on their device (in Jupyter, from the journal file)."""
    course = _course()

    def make_widget():
        from .lab import copy_name
        from .widgets import ProgressWidget
        return ProgressWidget(course, lambda slug: copy_name(course, course.page_name(course.module(slug)))).box

    return CourseItem(html.progress_html(course, base), make_widget)


def assessment() -> CourseItem:
    """The organizational self-assessment: statements to rate, results per area and an action plan."""
    course = _course()
    statements = course.assessment
    if statements is None:
        raise CourseError([Problem(str(course.root / "assessment" / "statements.yml"), 0, 0,
                                   "the self-assessment's statements file is missing")])

    def make_widget():
        from .assessment_widget import AssessmentWidget
        return AssessmentWidget(statements, course).box

    return CourseItem(assessment_html(statements, course), make_widget)
