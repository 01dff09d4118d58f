"""The live-Jupyter view: ipywidgets driven through their Python API, and the journal file."""

from __future__ import annotations

import json
import subprocess
import sys
from html import unescape

import pytest

from conftest import ROOT
from wellbeing_course.course import load_course
from wellbeing_course.html import journal_html, question_html
from wellbeing_course.widgets import (JournalWidget, QuizWidget, ReflectionWidget, export_markdown, learner_order, quiz_seed,
                                      save_reflection, set_journal_path)
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
    question.select(0)  # "On the course's server", wherever this learner sees it
    question.check.click()

    assert "Not quite." in question.feedback
    assert "no server that stores answers" in question.feedback


def test_multiple_choice_needs_every_right_option(bank):
    """'Select all' is right only with every correct option; a wrong answer counts, never names the key."""
    question = QuizWidget(bank, ("try-it-journal-tools",)).questions[0]
    question.select(0)
    question.check.click()
    assert "Not quite." in question.feedback
    assert "Right answers you chose: 1 of 2. Wrong answers you chose: 0." in question.feedback
    assert "Delete everything" not in question.feedback

    question.select(0, 2)
    question.check.click()
    assert "Yes, that's right." in unescape(question.feedback)


def test_nothing_selected(bank):
    """Checking with nothing chosen asks for an answer."""
    question = QuizWidget(bank).questions[2]
    question.check.click()

    assert "Choose an answer first" in question.feedback


def test_reflective_gives_commentary(bank):
    """A reflective question gives commentary, not a verdict."""
    question = QuizWidget(bank, ("try-it-pace",)).questions[0]
    question.select(2)
    question.check.click()

    assert "Some things to weigh" in question.feedback
    assert "Not quite" not in question.feedback


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


def test_damaged_journal_is_kept_aside_not_overwritten(journal):
    """Saving next to a damaged journal file keeps that file's text under another name."""
    journal.write_text("{ half a journal")
    save_reflection("a-one", "Prompt", "a", "New answer.")

    kept = [p for p in journal.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_text() == "{ half a journal"
    assert json.loads(journal.read_text())["reflections"][0]["text"] == "New answer."


def test_option_order_is_per_journal_and_stable(tmp_path, bank):
    """Each journal file gets its own seed, kept in the file: the same journal shows the same order in a
    new kernel, two journals differ for some question, and the key follows the option."""
    course = load_course(ROOT)
    questions = [q for b in course.banks.values() for q in b.questions]
    set_journal_path(tmp_path / "a.json")
    first = quiz_seed()
    assert quiz_seed() == first and json.loads((tmp_path / "a.json").read_text())["quiz_seed"] == first
    set_journal_path(tmp_path / "b.json")
    second = quiz_seed()
    assert any(learner_order(q, first) != learner_order(q, second) for q in questions)
    assert all(learner_order(q, first) == [0, 1] for q in questions if q.type == "true-false")

    question = QuizWidget(bank, ("try-it-where-kept",)).questions[0]
    shown = question.order.index(1)  # where this learner sees the right option
    question.select_shown(shown)
    question.check.click()
    assert "Yes, that" in question.feedback


def test_try_again_and_show_the_answer_in_jupyter(bank):
    """Show the answer marks the right options and gives their reasoning; Try again clears it all."""
    question = QuizWidget(bank, ("try-it-journal-tools",), seed=3).questions[0]
    assert not question.view.answer_shown and not question.view.retry_shown
    question.select(1)
    question.check.click()
    assert question.view.answer_shown and question.view.retry_shown
    question.show_answer.click()
    assert "The right answers are marked above." in question.feedback
    assert sorted(question.marked()) == [0, 2] and question.view.key_mark == word("quiz.key_mark")

    question.retry.click()
    assert question.selected() == [] and question.feedback == ""
    assert question.marked() == [] and not question.view.retry_shown


def test_a_click_in_the_notebook_is_a_check(bank):
    """The notebook's buttons reach Python as messages: a choice made there, then Check, gives the verdict."""
    question = QuizWidget(bank, ("try-it-where-kept",)).questions[0]
    question.view.chosen = [1]  # as the script sets it when the learner picks an option
    question.view._handle_custom_msg({"event": "check"}, [])
    assert "Yes, that" in question.feedback and question.view.result == "correct"


def test_the_quiz_is_the_books_markup():
    """In Jupyter a question is the book's own markup: its options a group named by the question
    (fieldset and legend) and its feedback a status region, there from the start."""
    course = load_course(ROOT)
    q = course.banks["trust"].questions[0]
    view = QuizWidget(course.banks["trust"], (q.id,)).questions[0].view
    assert view.markup == question_html(q, "trust", 1, 1)
    assert "<fieldset" in view.markup and 'role="status"' in view.markup


def test_journal_tools_carry_the_books_words():
    """The journal's buttons say what the book's journal page says for the same tools."""
    course = load_course(ROOT)
    widget = JournalWidget(course)
    book = journal_html(course)
    for button in (widget.export_md, widget.export_js, widget.import_button):
        assert f">{button.description}<" in book


def test_reflection_box_is_named_by_its_prompt():
    """The text box's label (its accessible name in JupyterLab) is the prompt."""
    widget = ReflectionWidget("trust-ask-first", "What do you ask first?", "trust")
    assert widget.area.description == f"{word('reflection.tag')} What do you ask first?"


def test_journal_page_runs_twice_in_one_kernel():
    """Run All twice on the journal page: `from wellbeing_course import journal` still gives the
    function once the widgets (which read the journal file through the submodule of that name) are loaded."""
    code = ("import wellbeing_course, wellbeing_course.widgets\n"
            "from wellbeing_course import journal\n"
            "assert callable(journal), journal\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
