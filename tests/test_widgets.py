"""The live-Jupyter view: ipywidgets driven through their Python API, and the journal file."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from wellbeing_course.course import load_course
from wellbeing_course.widgets import QuizWidget, ReflectionWidget, export_markdown, set_journal_path
from wellbeing_course.words import word


@pytest.fixture
def bank():
    return load_course(ROOT).banks["try-it"]


@pytest.fixture(autouse=True)
def journal(tmp_path):
    set_journal_path(tmp_path / "journal.json")
    yield tmp_path / "journal.json"
    set_journal_path(None)


def test_single_choice_feedback(bank):
    """Choosing a wrong option and clicking Check shows that option's own feedback."""
    quiz = QuizWidget(bank, ("try-it-where-kept",))
    question = quiz.questions[0]
    question.select(1)
    question.check.click()

    assert "Not quite." in question.feedback.value
    assert "no server that stores answers" in question.feedback.value


def test_multiple_choice_needs_every_right_option(bank):
    """'Select all' is right only with every correct option, and names the one missed."""
    question = QuizWidget(bank, ("try-it-journal-tools",)).questions[0]
    question.select(0)
    question.check.click()
    assert "Not quite." in question.feedback.value and "You did not choose" in question.feedback.value

    question.select(0, 1)
    question.check.click()
    assert "Yes, that&#x27;s right." in question.feedback.value or "Yes, that's right." in question.feedback.value


def test_nothing_selected(bank):
    """Checking with nothing chosen asks for an answer."""
    question = QuizWidget(bank).questions[2]
    question.check.click()

    assert "Choose an answer first" in question.feedback.value


def test_reflective_gives_commentary(bank):
    """A reflective question gives commentary, not a verdict."""
    question = QuizWidget(bank, ("try-it-pace",)).questions[0]
    question.select(2)
    question.check.click()

    assert "no single right answer" in question.feedback.value
    assert "Not quite" not in question.feedback.value


def test_reflection_saves_to_the_journal_file(journal):
    """Typing in the text area writes the answer to the JSON journal, readable back and as Markdown."""
    widget = ReflectionWidget("trust-ask-first", "What do you ask first?", "trust")
    widget.area.value = "Ask what they need."

    data = json.loads(journal.read_text())
    assert data["reflections"][0]["text"] == "Ask what they need."
    assert widget.status.value == f"<p>{word('reflection.saved')}</p>"  # the book's words for the same event
    assert "Ask what they need." in export_markdown(journal)
    assert ReflectionWidget("trust-ask-first", "What do you ask first?", "trust").area.value == "Ask what they need."


def test_failed_save_keeps_text_and_says_so(tmp_path):
    """A journal path that cannot be written leaves the text in the box and says so."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    set_journal_path(blocker / "journal.json")  # a folder that is a file: cannot be created
    widget = ReflectionWidget("trust-ask-first", "Prompt", "trust")
    widget.area.value = "Do not lose me."

    assert "Not saved" in widget.status.value
    assert widget.area.value == "Do not lose me."


def test_live_bundle_offers_widget_and_html(monkeypatch):
    """In a kernel a Jupyter server started (JupyterLab names its session), quiz() offers a widget
    view (preferred by JupyterLab) and the HTML; run by nbclient or nbconvert, only the HTML."""
    from wellbeing_course import display
    monkeypatch.delenv(display.STATIC_ENV, raising=False)
    monkeypatch.delenv(display.WIDGETS_ENV, raising=False)
    monkeypatch.setenv("WELLBEING_COURSE_ROOT", str(ROOT))
    monkeypatch.setenv("JPY_SESSION_NAME", "05-trust.ipynb")
    bundle = display.quiz("try-it")._repr_mimebundle_()

    assert "application/vnd.jupyter.widget-view+json" in bundle and "text/html" in bundle

    monkeypatch.delenv("JPY_SESSION_NAME")
    assert "application/vnd.jupyter.widget-view+json" not in display.quiz("try-it")._repr_mimebundle_()
    monkeypatch.setenv("JPY_SESSION_NAME", "05-trust.ipynb")

    monkeypatch.setenv(display.STATIC_ENV, "1")
    assert "application/vnd.jupyter.widget-view+json" not in display.quiz("try-it")._repr_mimebundle_()


def test_reflection_box_is_named_by_its_prompt():
    """The text box's label (its accessible name in JupyterLab) is the prompt."""
    widget = ReflectionWidget("trust-ask-first", "What do you ask first?", "trust")
    assert widget.area.description == f"{word('reflection.tag')} What do you ask first?"
