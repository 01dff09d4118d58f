"""The journal's backup files in a real Chromium: restoring asks before it replaces a word, is all or
nothing even when storage is nearly full (a real full localStorage, not a mock), can be undone, leaves
unsaved text and its warning alone, refuses files that are no backup whole, and leaves a crafted
entry out alone."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from conftest import AXE
from pagecheck import WCAG_TAGS

JOURNAL = "/_build/html/book/journal.html"
WELCOME = "/_build/html/book/welcome.html"
PREFIX = "wellbeing-course:v1:"
FORMAT = "wellbeing-course-journal"


def backup(reflections, quiz=None) -> dict:
    data = {"format": FORMAT, "version": 1, "exported": "2026-01-01T00:00:00Z",
            "reflections": [{"id": i, "text": text} for i, text in reflections]}
    if quiz is not None:
        data["quiz"] = quiz
    return data


def restore(page, data) -> None:
    payload = data if isinstance(data, bytes) else json.dumps(data).encode()
    page.set_input_files("#wb-journal-import", files=[{"name": "backup.json", "mimeType": "application/json",
                                                       "buffer": payload}])


def stored(page, rid: str):
    return page.evaluate(f"(JSON.parse(localStorage.getItem('{PREFIX}reflection:{rid}')) || {{}}).text || null")


def write_and_save(page, rid: str, text: str) -> None:
    page.fill(f"#wb-r-{rid}", text)
    page.locator(f"#wb-r-{rid}").blur()
    expect(page.locator(f"#wb-r-{rid}-status")).to_have_text("Saved on this device.")


def snapshot(page) -> None:
    """Remembers everything in localStorage (filler included) inside the page, to compare later."""
    page.evaluate("window.__before = JSON.stringify(Object.entries(localStorage).sort())")


def unchanged(page) -> bool:
    return page.evaluate("window.__before === JSON.stringify(Object.entries(localStorage).sort())")


FILL = """sizes => {
    // Fills this origin's real localStorage until the browser refuses (QuotaExceededError):
    // big chunks first, then smaller ones, so that at most a few characters are left.
    const keys = {};
    let n = 0;
    for (const size of sizes) {
        const chunk = 'x'.repeat(size);
        keys[size] = [];
        for (;;) {
            // (The page lets only the course's own keys report a full storage: see layout.html.)
            const key = 'wellbeing-course:test-filler-' + size + '-' + (n++);
            try { localStorage.setItem(key, chunk); keys[size].push(key); }
            catch (e) { if (e.name !== 'QuotaExceededError') throw e; break; }
        }
    }
    return keys;
}"""
SIZES = [1 << 20, 1 << 14, 1 << 10, 64, 1]


def fill_storage(page) -> dict:
    keys = page.evaluate(FILL, SIZES)
    assert keys[str(1 << 20)], "the filler should take most of the quota"
    return keys


# ---- asking before replacing ----

def test_conflict_is_asked_and_each_choice_is_kept_then_undone(page, server):
    """Different words for one prompt: nothing changes until the learner chooses, per prompt;
    'Keep mine', 'Keep both' and the file's new answers are honoured; Undo puts everything back."""
    page.goto(server + JOURNAL)
    write_and_save(page, "trust-ask-first", "My own words.")
    write_and_save(page, "trust-strategies-check", "Mine again.")
    write_and_save(page, "trust-conditions-access", "The same in both.")
    snapshot(page)
    restore(page, backup([("trust-ask-first", "The file's words."), ("trust-strategies-check", "The file's other words."),
                          ("trust-conditions-access", "The same in both."), ("orientation-why-now", "Only in the file.")]))

    panel = page.locator("#wb-journal-conflicts")
    expect(panel).to_be_visible()
    expect(panel.locator(".wb-conflict-heading")).to_be_focused()
    assert panel.locator("fieldset.wb-conflict").count() == 2  # only where the words differ
    assert "My own words." in panel.inner_text() and "The file's words." in panel.inner_text()
    assert unchanged(page), "nothing may change before the learner answers"
    page.add_script_tag(path=str(AXE))  # the question itself meets the page gates
    result = page.evaluate("tags => axe.run('#wb-journal-conflicts', {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert [v["id"] for v in result["violations"]] == []

    page.click('[data-conflict="apply"]')  # nothing chosen yet: asks again, changes nothing
    expect(panel.locator(".wb-save-status")).to_have_text("Choose what to keep for every prompt first.")
    assert unchanged(page)
    page.click("label[for=wb-conflict-trust-ask-first-mine]")
    page.click("label[for=wb-conflict-trust-strategies-check-both]")
    page.click('[data-conflict="apply"]')

    expect(page.locator("#wb-journal-status")).to_contain_text("Restored from the backup file")
    assert stored(page, "trust-ask-first") == "My own words."
    both = stored(page, "trust-strategies-check")
    assert both.startswith("Mine again.") and both.endswith("The file's other words.")
    assert page.input_value("#wb-r-trust-strategies-check") == both
    assert page.input_value("#wb-r-orientation-why-now") == "Only in the file."

    undo = page.get_by_role("button", name="Undo this import")
    undo.click()
    expect(page.locator("#wb-journal-status")).to_contain_text("The import was undone")
    assert unchanged(page)
    assert page.input_value("#wb-r-orientation-why-now") == ""
    assert page.input_value("#wb-r-trust-strategies-check") == "Mine again."
    expect(undo).to_be_hidden()
    assert page.errors == []


def test_choice_for_all_and_cancel(page, server):
    """'Take the file's' for every prompt at once; and Cancel changes nothing at all."""
    page.goto(server + JOURNAL)
    write_and_save(page, "trust-ask-first", "One.")
    write_and_save(page, "practice-first-move", "Two.")
    snapshot(page)
    data = backup([("trust-ask-first", "File one."), ("practice-first-move", "File two.")])

    restore(page, data)
    page.click('[data-conflict="cancel"]')
    expect(page.locator("#wb-journal-status")).to_contain_text("Nothing was restored")
    assert unchanged(page)

    restore(page, data)
    page.click('[data-conflict-all="theirs"]')
    page.click('[data-conflict="apply"]')
    expect(page.locator("#wb-journal-status")).to_contain_text("Restored from the backup file. Answers changed: 2.")
    assert (stored(page, "trust-ask-first"), stored(page, "practice-first-move")) == ("File one.", "File two.")


# ---- all or nothing, with storage nearly full ----

def test_failed_restore_with_storage_nearly_full_changes_nothing(page, server):
    """A real, nearly full localStorage: a restore that shortens one answer (freeing room), fills that
    room with a second and fails on a third is rolled back exactly, and says so truthfully.
    With room again, a restore succeeds and Undo brings back exactly what was there."""
    page.goto(server + JOURNAL)
    long_text = "My long answer. " * 1250  # 20,000 characters
    write_and_save(page, "trust-ask-first", long_text)
    filler = fill_storage(page)
    snapshot(page)
    data = backup([("trust-ask-first", "Short."),                           # frees about 20,000
                   ("trust-strategies-check", "b" * 15000),                # takes 15,000 of them
                   ("trust-conditions-access", "c" * 30000)])              # cannot fit
    restore(page, data)
    page.click("label[for=wb-conflict-trust-ask-first-theirs]")
    page.click('[data-conflict="apply"]')

    alert = page.locator("#wb-journal-alert")
    expect(alert).to_contain_text("storage is full")
    expect(alert).to_contain_text("Nothing in your journal has changed")
    assert unchanged(page), "the rollback must put back every answer exactly"
    assert stored(page, "trust-ask-first") == long_text
    assert page.input_value("#wb-r-trust-ask-first") == long_text
    assert page.input_value("#wb-r-trust-strategies-check") == ""
    expect(page.get_by_role("button", name="Undo this import")).to_be_hidden()

    # Room for the restore, still little to spare: it succeeds, and Undo (which frees room first) is exact.
    page.evaluate("keys => keys.forEach(k => localStorage.removeItem(k))", filler[str(1 << 20)][:1])
    snapshot(page)
    restore(page, data)
    page.click("label[for=wb-conflict-trust-ask-first-theirs]")
    page.click('[data-conflict="apply"]')
    expect(page.locator("#wb-journal-status")).to_contain_text("Restored from the backup file. Answers changed: 3.")
    assert stored(page, "trust-ask-first") == "Short."
    page.get_by_role("button", name="Undo this import").click()
    expect(page.locator("#wb-journal-status")).to_contain_text("The import was undone. Answers put back as they were before it: 3.")
    assert unchanged(page)
    assert page.errors == []


# ---- unsaved text ----

def test_unsaved_text_and_its_warning_survive_a_restore(page, server):
    """Storage full: a long answer cannot be saved and a warning says so. A restore that fits (it only
    needs a little room) keeps that text in its box with its warning, asks before touching it, and
    restores the rest."""
    page.goto(server + JOURNAL)
    filler = fill_storage(page)
    page.evaluate("keys => keys.forEach(k => localStorage.removeItem(k))", filler[str(1 << 14)][:1])  # ~16,000 free
    unsaved = "Words I typed while the storage was full. " * 1000  # 42,000 characters: they cannot fit
    page.fill("#wb-r-trust-ask-first", unsaved)
    page.locator("#wb-r-trust-ask-first").blur()
    warning = page.locator("#wb-r-trust-ask-first-alert")
    expect(warning).to_contain_text("could not be saved")

    restore(page, backup([("trust-ask-first", "The file's answer."), ("practice-first-move", "Restored answer.")]))
    panel = page.locator("#wb-journal-conflicts")
    expect(panel).to_contain_text("not yet saved")
    page.click("label[for=wb-conflict-trust-ask-first-mine]")
    page.click('[data-conflict="apply"]')

    expect(page.locator("#wb-journal-status")).to_contain_text("Restored from the backup file. Answers changed: 1. Answers of yours kept as they were: 1.")
    expect(page.locator("#wb-journal-status")).to_contain_text("unsaved text is still in its box")
    assert page.input_value("#wb-r-trust-ask-first") == unsaved
    expect(warning).to_contain_text("could not be saved")  # not cleared: the text is still unsaved
    assert page.input_value("#wb-r-practice-first-move") == "Restored answer."
    assert stored(page, "practice-first-move") == "Restored answer."


def test_restore_follows_only_the_answers_it_changed(page, server):
    """Text typed but not yet saved in another box, with no counterpart in the file, is left alone."""
    page.goto(server + JOURNAL)
    page.evaluate("""() => { const a = document.getElementById('wb-r-survivors-policy-voices');
        a.value = 'Typed just now.'; a.dispatchEvent(new Event('input')); }""")
    restore(page, backup([("orientation-why-now", "From the file.")]))
    expect(page.locator("#wb-journal-status")).to_contain_text("Restored from the backup file")
    assert page.input_value("#wb-r-survivors-policy-voices") == "Typed just now."
    assert stored(page, "survivors-policy-voices") == "Typed just now."  # saved, not dropped


# ---- crafted files ----

DEEP = b'{"format": "wellbeing-course-journal", "version": 1, "reflections": [], "x": ' + b"[" * 200000 + b"]" * 200000 + b"}"


def crafted(reflections=(), quiz=None, **extra) -> bytes:
    data = {"format": FORMAT, "version": 1, "reflections": list(reflections), **extra}
    if quiz is not None:
        data["quiz"] = quiz
    return json.dumps(data).encode()


@pytest.mark.parametrize("content, reason", [
    (DEEP, "nested deeper than a backup"),
    (crafted([{"id": "trust-ask-first", "text": "x", "module": {"a": {"b": {"c": {"d": {"e": {"f": {}}}}}}}}]),
     "nested deeper than a backup"),
    (json.dumps({"format": FORMAT, "version": 1, "reflections": {"0": {"id": "trust-ask-first"}}}).encode(),
     "its list of answers is missing"),
    (json.dumps({"format": "another-course", "version": 1, "reflections": []}).encode(), "is not a backup of this journal"),
    (b'{"format": "wellbeing-course-journal", "version": 1, "reflections": [], "padding": "'
     + b"x" * (6 * 1024 * 1024) + b'"}', "too large"),
])
def test_crafted_file_is_refused_whole(page, server, content, reason):
    """Deep nesting, a file that is no backup, a huge file: refused whole, with the reason, and the
    journal, the progress list and the backup still work afterwards."""
    page.goto(server + JOURNAL)
    write_and_save(page, "trust-ask-first", "Keep me.")
    snapshot(page)
    restore(page, content)

    alert = page.locator("#wb-journal-alert")
    expect(alert).to_contain_text(reason)
    expect(alert).to_contain_text("Nothing in your journal has changed")
    assert unchanged(page)
    assert page.input_value("#wb-r-trust-ask-first") == "Keep me."
    expect(page.locator("#wb-journal-conflicts")).to_be_hidden()
    page.goto(server + WELCOME)
    expect(page.locator('.wb-progress-item[data-module="trust"] .wb-progress-text')).to_contain_text("0 of ")
    assert page.errors == []


@pytest.mark.parametrize("content, reason", [
    (crafted([{"id": "trust-ask-first", "text": "x", "module": {"title": "Trust"}}]), "Answer 1 has a field 'module' that is not text"),
    (crafted([{"id": "trust-ask-first", "text": "x", "module": 7}]), "Answer 1 has a field 'module' that is not text"),
    (crafted(["a string, not an answer"]), "Answer 1 is not an answer"),
    (crafted([{"id": "trust-ask-first", "text": ["x"]}]), "Answer 1 has a field 'text' that is not text"),
    (crafted([{"id": "trust-ask-first", "text": "x"}, {"id": "trust-ask-first", "text": "y"}]),
     "Answer 2 is for the prompt 'trust-ask-first' a second time"),
    (crafted([], [{"id": "another-course-q1", "selected": [0]}]), "question ('another-course-q1') that is not in this course"),
    (crafted([], [{"id": "try-it-exit", "selected": [7]}]), "chooses options that question 'try-it-exit' does not have"),
    (crafted([], [{"id": "try-it-exit", "selected": [1], "at": {"day": 1}}]), "Quiz answer 1 has a field 'at' of the wrong kind"),
])
def test_crafted_entry_is_left_out_alone(page, server, content, reason):
    """An entry of the wrong kind, repeated, or for another course's question is left out alone and
    named; the learner's answers stay, and the rest of the file restores."""
    page.goto(server + JOURNAL)
    write_and_save(page, "practice-first-move", "Keep me.")
    restore(page, content)

    expect(page.locator("#wb-journal-alert")).to_contain_text(reason)
    expect(page.locator("#wb-journal-status")).to_contain_text("Restored from the backup file")
    assert page.input_value("#wb-r-practice-first-move") == "Keep me."
    page.goto(server + WELCOME)
    expect(page.locator('.wb-progress-item[data-module="trust"] .wb-progress-text')).to_contain_text("0 of ")
    assert page.errors == []


# ---- downloading ----

def _download(page, name: str) -> str:
    with page.expect_download() as download:
        page.get_by_role("button", name=name).click()
    return open(download.value.path(), encoding="utf-8").read()


def test_document_lists_modules_in_course_order_with_prompts(page, server):
    """The document has each module under its title, in the course's order, each answer under its
    prompt in the order the learner meets them; the backup lists them in the same order."""
    page.goto(server + JOURNAL)
    for rid, text in (("practice-first-move", "Last module."), ("trust-conditions-access", "Trust, third."),
                      ("trust-ask-first", "Trust, first."), ("orientation-why-now", "First module.")):
        write_and_save(page, rid, text)
    document = _download(page, "Download my journal as a document")
    backup_file = json.loads(_download(page, "Save a backup file"))

    headings = re.findall(r"^## (.+)$", document, flags=re.M)
    assert headings == ["Orientation: how this course works", "Relationships require trust", "From theory to practice"]
    prompts = re.findall(r"^### (.+)$", document, flags=re.M)
    assert [p[:40] for p in prompts] == [
        "What has brought you or your organizatio", "Think of one decision your program now m",
        "Pick one of the five conditions that cre", "Of the five steps, which one could your "]
    assert document.index("Trust, first.") < document.index("Trust, third.") < document.index("Last module.")
    assert [e["id"] for e in backup_file["reflections"]] == [
        "orientation-why-now", "trust-ask-first", "trust-conditions-access", "practice-first-move"]
    assert backup_file["format"] == FORMAT and backup_file["version"] == 1
    assert all(e["prompt"] for e in backup_file["reflections"])
    expect(page.locator("label[for=wb-journal-import]")).to_have_text("Restore from a backup file")
