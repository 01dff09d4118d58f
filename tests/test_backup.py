"""A learner's own backup always restores, in the book and in JupyterLab, by one set of rules: after
"Try again" (an empty choice), with answers to prompts a later version of the course no longer has
(kept and named), and with an unreadable entry (left out alone). "Delete everything" leaves no copy
of the words in any tab. A book backup and a JupyterLab backup restore into each other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from wellbeing_course.course import load_course
from wellbeing_course.journal import export_markdown, read_journal, record_quiz, save_reflection
from wellbeing_course.widgets import JournalWidget
from wellbeing_course.words import word

JOURNAL = "/_build/html/book/journal.html"
TRY_IT = "/_build/html/book/try-it.html"
PREFIX = "wellbeing-course:v1:"
FORMAT = "wellbeing-course-journal"


# Every test here writes to a journal file of its own (conftest's journal fixture).
pytestmark = pytest.mark.usefixtures("journal")


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


def restore(page, data) -> None:
    payload = data if isinstance(data, bytes) else json.dumps(data).encode()
    page.set_input_files("#wb-journal-import", files=[{"name": "backup.json", "mimeType": "application/json",
                                                       "buffer": payload}])


def save_backup(page) -> dict:
    with page.expect_download() as download:
        page.get_by_role("button", name=word("journal.save_backup")).click()
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def delete_everything(page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=word("journal.delete_all")).click()
    expect(page.locator("#wb-journal-status")).to_have_text(word("journal.deleted_all"))


def write_and_save(page, rid: str, text: str) -> None:
    page.fill(f"#wb-r-{rid}", text)
    page.locator(f"#wb-r-{rid}").blur()
    expect(page.locator(f"#wb-r-{rid}-status")).to_have_text(word("reflection.saved"))


def test_own_backup_after_try_again_restores(page, server):
    """Check a question, then Try again (the record keeps an empty choice), save a backup, delete
    everything, restore the backup: every answer and the question's progress come back."""
    page.goto(server + TRY_IT)
    question = page.locator("#wb-q-try-it-exit")
    question.locator(".wb-option input").first.check()
    question.locator(".wb-check").click()
    question.locator(".wb-retry").click()
    expect(question.locator(".wb-feedback")).to_be_empty()
    before = page.evaluate(f"JSON.parse(localStorage.getItem('{PREFIX}quiz:try-it-exit'))")
    assert before["selected"] == []

    page.goto(server + JOURNAL)
    write_and_save(page, "trust-ask-first", "My words, kept in my backup.")
    data = save_backup(page)
    assert next(q for q in data["quiz"] if q["id"] == "try-it-exit")["selected"] == []
    delete_everything(page)

    restore(page, data)
    expect(page.locator("#wb-journal-status")).to_contain_text(word("journal.restored", changed=1, kept=0))
    expect(page.locator("#wb-journal-alert")).to_be_empty()
    expect(page.locator("#wb-r-trust-ask-first")).to_have_value("My words, kept in my backup.")
    after = page.evaluate(f"JSON.parse(localStorage.getItem('{PREFIX}quiz:try-it-exit'))")
    assert after["selected"] == [] and after["solved"] == before["solved"]
    assert page.errors == []


def test_answers_to_prompts_the_course_no_longer_has_are_kept_and_named(page, server):
    """A backup from an older version of the course: its answer to a renamed prompt is kept with the
    journal and named, an unreadable entry is left out alone and named, and the rest restores."""
    page.goto(server + JOURNAL)
    restore(page, {"format": FORMAT, "version": 1, "reflections": [
        {"id": "trust-old-prompt", "module": "trust", "prompt": "What did trust mean to you before?", "text": "Old words."},
        {"id": "trust-ask-first", "text": ["not", "text"]},
        {"id": "orientation-why-now", "text": "Still asked."}],
        "quiz": [{"id": "try-it-exit", "selected": [], "result": "", "at": "2026-01-01T00:00:00Z", "solved": True}]})

    status = page.locator("#wb-journal-status")
    expect(status).to_contain_text(word("journal.restored", changed=2, kept=0))
    expect(status).to_contain_text("“What did trust mean to you before?”")
    expect(page.locator("#wb-journal-alert")).to_contain_text(word("journal.why.field", n=2, field="text"))
    expect(page.locator("#wb-r-orientation-why-now")).to_have_value("Still asked.")
    kept = save_backup(page)
    old = next(e for e in kept["reflections"] if e["id"] == "trust-old-prompt")
    assert (old["text"], old["prompt"]) == ("Old words.", "What did trust mean to you before?")
    assert page.errors == []


def test_delete_everything_removes_the_undo_copy_in_every_tab(context, server):
    """Two tabs: one restores a backup (its Undo copy holds the words), the other deletes everything;
    the first tab's Undo copy is gone and its Undo button hidden."""
    first, second = context.new_page(), context.new_page()
    first.goto(server + JOURNAL)
    second.goto(server + JOURNAL)
    restore(first, {"format": FORMAT, "version": 1, "reflections": [{"id": "trust-ask-first", "text": "Private words."}]})
    undo = first.get_by_role("button", name=word("journal.undo_import"))
    expect(undo).to_be_visible()
    assert "Private words." in first.evaluate(f"sessionStorage.getItem('{PREFIX}undo-import')")

    delete_everything(second)
    expect(undo).to_be_hidden()
    first.wait_for_function(f"sessionStorage.getItem('{PREFIX}undo-import') === null")
    expect(first.locator("#wb-r-trust-ask-first")).to_have_value("")


def test_book_and_jupyterlab_backups_restore_into_each_other(course, page, server, tmp_path):
    """A book backup (with a Try again's empty choice) restores into JupyterLab, and JupyterLab's
    backup (with an answer to a prompt the course no longer has) restores into the book, by the same
    rules: the same answers taken, the same names kept aside."""
    page.goto(server + TRY_IT)
    question = page.locator("#wb-q-try-it-exit")
    question.locator(".wb-option input").first.check()
    question.locator(".wb-check").click()
    question.locator(".wb-retry").click()
    page.goto(server + JOURNAL)
    write_and_save(page, "trust-ask-first", "Written in the book.")
    book_file = tmp_path / "from-the-book.json"
    book_file.write_text(json.dumps(save_backup(page)), encoding="utf-8")

    widget = JournalWidget(course, folder=tmp_path)
    widget.load(book_file.name)
    assert word("jupyter.imported", reflections=1, quiz=1) in widget.status.value
    assert {e["id"]: e["selected"] for e in read_journal()["quiz"]} == {"try-it-exit": []}

    save_reflection("trust-gone-prompt", "A prompt from an older version", "trust", "Words to keep.")
    record_quiz("trust-earned", [2], "correct", True)
    out = widget.write_json()
    delete_everything(page)
    restore(page, json.loads(out.read_text(encoding="utf-8")))
    status = page.locator("#wb-journal-status")
    expect(status).to_contain_text(word("journal.restored", changed=2, kept=0))
    expect(status).to_contain_text("“A prompt from an older version”")
    expect(page.locator("#wb-journal-alert")).to_be_empty()
    expect(page.locator("#wb-r-trust-ask-first")).to_have_value("Written in the book.")
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{PREFIX}quiz:trust-earned')).solved") is True
    # The same journal makes the same document on both sides, the kept answer under its own prompt.
    with page.expect_download() as download:
        page.get_by_role("button", name=word("journal.download_document")).click()
    document = Path(download.value.path()).read_text(encoding="utf-8")
    assert "### A prompt from an older version\n\nWords to keep." in document
    assert document == export_markdown(read_journal(), course)
    assert page.errors == []
