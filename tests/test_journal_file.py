"""The journal file that live Jupyter keeps: several kernels at once, damaged files, links, imports,
and the same words and export as the book."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from wellbeing_course.course import load_course
from wellbeing_course.html import journal_course_data
from wellbeing_course.journal import (DamagedJournal, delete_all, export_json, export_markdown, import_file,
                                      read_journal, read_ratings, record_quiz, save_ratings, save_reflection)
from wellbeing_course.widgets import JournalWidget, ProgressWidget, QuizWidget, ReflectionWidget
from wellbeing_course.words import word


# Every test here writes to a journal file of its own (conftest's journal fixture).
pytestmark = pytest.mark.usefixtures("journal")


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from wellbeing_course.journal import save_reflection
    path, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    print("ready", flush=True)
    while not go.exists():  # both writers start together
        pass
    for n in range(200):
        save_reflection(f"{name}-{n}", "Prompt", name, f"answer {n} from {name}", path=path)
""")


def test_two_processes_lose_nothing(journal, tmp_path):
    """Two processes saving 200 reflections each into one journal file at the same time keep all 400."""
    go = tmp_path / "go"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(journal), name, str(go)],
                                stdout=subprocess.PIPE, text=True) for name in ("one", "two")]
    for process in writers:
        assert process.stdout.readline().strip() == "ready"
    go.touch()
    assert [process.wait(timeout=300) for process in writers] == [0, 0]

    entries = json.loads(journal.read_text())["reflections"]
    assert len(entries) == 400
    assert {e["text"] for e in entries} == {f"answer {n} from {name}" for n in range(200) for name in ("one", "two")}


def test_older_box_asks_before_replacing_newer_text(journal):
    """Two notebooks show the same prompt; the second saves; the first, typing on, is held back and asks."""
    first = ReflectionWidget("trust-ask-first", "What do you ask first?", "trust")
    second = ReflectionWidget("trust-ask-first", "What do you ask first?", "trust")
    second.area.value = "Written in the other notebook."
    first.area.value = "Written in this one."

    assert read_journal()["reflections"][0]["text"] == "Written in the other notebook."
    assert word("reflection.not_saved") in first.status.value
    message, buttons = first.alert.children
    assert word("jupyter.conflict").split(".")[0] in message.value
    assert word("jupyter.other_text") in unescape(message.value) and "Written in the other notebook." in message.value
    assert first.area.value == "Written in this one."  # both texts in sight: the question shows the other one
    keep, take = buttons.children
    assert keep.description == word("reflection.keep_mine") and take.description == word("jupyter.use_other")

    keep.click()
    assert read_journal()["reflections"][0]["text"] == "Written in this one."
    assert word("reflection.saved") in first.status.value and first.alert.children == ()

    second.area.value = "The other notebook again."  # now second is the older one: it asks
    take = second.alert.children[1].children[1]
    take.click()
    assert second.area.value == "Written in this one."
    assert read_journal()["reflections"][0]["text"] == "Written in this one."


DAMAGED = {
    "not JSON": b"{ half a journal",
    "not UTF-8": b"\xff\xfe\x00journal",
    "deep nesting": b'{"format": "wellbeing-course-journal", "version": 1, "reflections": ' + b"[" * 100_000
                    + b"]" * 100_000 + b"}",
    "a list, not a journal": b"[1, 2, 3]",
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_damaged_journal_is_kept_and_never_crashes_a_widget(journal, kind):
    """A damaged journal: every widget still opens and says so; saving keeps a copy of the old file."""
    journal.write_bytes(DAMAGED[kind])

    widget = ReflectionWidget("trust-ask-first", "What do you ask first?", "trust")
    kept = [p for p in journal.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == DAMAGED[kind]
    assert "could not be read" in widget.status.value and widget.area.value == ""
    assert str(kept[0]) in widget.status.value  # the copy is named where the file was first read
    ProgressWidget(load_course(ROOT))
    widget.area.value = "A new answer."

    assert [p for p in journal.parent.iterdir() if ".damaged-" in p.name] == kept
    assert read_journal()["reflections"][0]["text"] == "A new answer."


@pytest.mark.parametrize("first", ["quiz", "progress", "journal"])
def test_a_damaged_journal_is_named_by_the_first_widget_that_reads_it(journal, first):
    """Whichever widget reads the damaged file first (a quiz above the boxes, the welcome page's
    progress) names the copy it was set aside as; the boxes after it find a new journal."""
    journal.write_bytes(b"{not json")
    course = load_course(ROOT)
    make = {"quiz": lambda: QuizWidget(course.banks["trust"]), "progress": lambda: ProgressWidget(course),
            "journal": lambda: JournalWidget(course)}
    widget = make[first]()
    kept = [p for p in journal.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b"{not json"
    said = widget.status.value if first == "journal" else widget.note.value
    assert word("jupyter.damaged", why="", kept=kept[0]).split("()")[-1].strip() in unescape(said)
    assert "could not be read" not in ReflectionWidget("trust-ask-first", "What do you ask first?", "trust").status.value


@pytest.mark.parametrize("bad", [{"text": "lost id"}, {"id": "a-b", "text": ["not", "text"]}])
def test_one_unreadable_entry_is_set_aside_alone(journal, bad):
    """A journal file with one entry that cannot be read: every other answer still shows and stays;
    the box says so, and the first save keeps a copy of the file as it was."""
    raw = json.dumps({"format": "wellbeing-course-journal", "version": 1,
                      "reflections": [bad, {"id": "trust-ask-first", "text": "Still mine."}],
                      "quiz": [{"id": "q-1", "selected": "0"}, {"id": "trust-earned", "selected": [2], "result": "correct"}]}).encode()
    journal.write_bytes(raw)

    widget = ReflectionWidget("trust-ask-first", "What do you ask first?", "trust")
    assert widget.area.value == "Still mine."
    assert word("jupyter.entries_unread", count=2) in widget.status.value
    widget.area.value = "Still mine, and more."

    kept = [p for p in journal.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == raw
    assert word("jupyter.damaged_entries", kept=kept[0]) in unescape(widget.status.value)
    assert [e["text"] for e in read_journal()["reflections"]] == ["Still mine, and more."]
    assert [e["id"] for e in read_journal()["quiz"]] == ["trust-earned"]


def test_delete_everything_removes_the_copies_kept_aside(course, journal, tmp_path):
    """The copy of a damaged journal holds the learner's words too: "Delete everything" removes it,
    and makes no new one of the journal it empties."""
    journal.write_text("{ half a journal: my words")
    save_reflection("trust-ask-first", "Prompt", "trust", "Written after.")
    assert [p for p in journal.parent.iterdir() if ".damaged-" in p.name]
    (tmp_path / "wellbeing-journal.json").write_text("a backup the learner saved")
    journal.write_text("{ damaged again")

    widget = JournalWidget(course, folder=tmp_path)
    widget.delete.click()
    assert str(journal) in widget.ask.children[0].value
    widget.ask.children[1].children[0].click()
    assert [p for p in journal.parent.iterdir() if ".damaged-" in p.name] == []
    assert read_journal()["reflections"] == [] and word("jupyter.deleted") in widget.status.value
    assert (tmp_path / "wellbeing-journal.json").read_text() == "a backup the learner saved"  # a file the learner saved stays


def test_read_only_journal_is_not_replaced_and_the_box_says_not_saved(journal):
    """A journal file the learner made read-only is left as it is, and the box says "Not saved"."""
    save_reflection("trust-ask-first", "Prompt", "trust", "Before.")
    journal.chmod(0o444)
    before = journal.read_bytes()
    widget = ReflectionWidget("trust-ask-first", "What do you ask first?", "trust")
    widget.area.value = "After."

    assert word("reflection.not_saved") in widget.status.value and word("reflection.saved") not in widget.status.value
    assert journal.read_bytes() == before


def test_saving_a_backup_never_replaces_a_file(course, tmp_path):
    """"Save a backup file" next to the backup just restored from writes a new file, and says which."""
    restored_from = tmp_path / "wellbeing-journal.json"
    restored_from.write_text(json.dumps({"format": "wellbeing-course-journal", "version": 1,
                                         "reflections": [{"id": "trust-ask-first", "text": "From the file."}]}))
    original = restored_from.read_bytes()
    widget = JournalWidget(course, folder=tmp_path)
    widget.load(restored_from.name)
    save_reflection("trust-ask-first", "Prompt", "trust", "Changed since.")

    out = widget.write_json()
    assert restored_from.read_bytes() == original
    assert out == tmp_path / "wellbeing-journal-2.json" and "Changed since." in out.read_text()
    assert unescape(widget.status.value) == "<p>" + word("jupyter.backup_to", path=out) + "</p>"
    assert widget.write_json() == tmp_path / "wellbeing-journal-3.json"
    first_document = widget.write_markdown()
    assert widget.write_markdown() != first_document and first_document.read_text()


def test_symbolic_link_is_written_through(journal, tmp_path):
    """A journal path that is a symbolic link stays a link; the file it points at gets the answer."""
    real = tmp_path / "synced" / "my-journal.json"
    real.parent.mkdir()
    real.write_text(json.dumps({"format": "wellbeing-course-journal", "version": 1, "reflections": [], "quiz": []}))
    journal.symlink_to(real)

    save_reflection("trust-ask-first", "Prompt", "trust", "Through the link.")

    assert journal.is_symlink() and os.readlink(journal) == str(real)
    assert json.loads(real.read_text())["reflections"][0]["text"] == "Through the link."


def test_crash_mid_write_keeps_the_old_journal(journal, monkeypatch):
    """If writing fails half-way, the journal on disk is the previous, whole one."""
    save_reflection("a-one", "Prompt", "a", "First answer.")

    def crash(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_reflection("a-one", "Prompt", "a", "Second answer.")

    assert read_journal()["reflections"][0]["text"] == "First answer."
    assert not [p for p in journal.parent.iterdir() if p.name.endswith(".tmp")]


def test_quiz_answers_are_kept_and_progress_counts_them(course):
    """Checking an answer in Jupyter records it in the journal file, so progress() counts it."""
    bank = course.banks["trust"]
    quiz = QuizWidget(bank)
    quiz.questions[0].select(0)
    quiz.questions[0].check.click()
    quiz.questions[1].select(1)
    quiz.questions[1].check.click()

    answers = {e["id"]: e for e in read_journal()["quiz"]}
    assert set(answers) == {bank.questions[0].id, bank.questions[1].id}
    progress = ProgressWidget(course)
    trust = course.module("trust")
    assert f"{trust.title}" in progress.list.value
    scored = [q for q in bank.questions if q.type != "reflective"]
    right = sum(bank.questions[n].options[n].correct for n in (0, 1) if bank.questions[n].type != "reflective")
    assert word("quiz.progress", right=right, scored=len(scored)) in progress.list.value


def test_import_a_book_export_and_ask_before_replacing(course, journal, tmp_path):
    """A file the book exported imports here; an answer that differs from one here is not replaced
    until the learner asks."""
    rid = course.module("trust").reflections[0].id
    other = course.module("survivors").reflections[0].id
    book_export = {"format": "wellbeing-course-journal", "version": 1, "exported": "2026-11-26T08:00:00.000Z",
                   "reflections": [{"id": rid, "module": "trust", "text": "From the book.", "updated": "2026-11-26T08:00:00.000Z"},
                                   {"id": other, "module": "survivors", "text": "Only in the book.", "updated": ""}],
                   "quiz": [{"id": "trust-earned", "selected": [0], "result": "correct", "at": "2026-11-26T08:00:00.000Z"}]}
    (tmp_path / "wellbeing-journal.json").write_text(json.dumps(book_export))
    save_reflection(rid, "Prompt", "trust", "Written in Jupyter.")

    widget = JournalWidget(course, folder=tmp_path)
    widget.load("wellbeing-journal.json")
    texts = {e["id"]: e["text"] for e in read_journal()["reflections"]}
    assert texts == {rid: "Written in Jupyter.", other: "Only in the book."}
    prompt = course.module("trust").reflections[0].prompt
    assert unescape(widget.status.value) == "<p>" + word("jupyter.imported", reflections=1, quiz=1) + " " + word(
        "jupyter.import_differs", count=1, prompts=f"“{prompt}”") + "</p>"  # the prompt the learner wrote to, not its id
    assert next(b for b in widget.reflections if b.id == other).area.value == "Only in the book."

    widget.ask.children[0].click()  # "Replace those answers with the file's text"
    assert {e["id"]: e["text"] for e in read_journal()["reflections"]}[rid] == "From the book."
    assert next(b for b in widget.reflections if b.id == rid).area.value == "From the book."

    # The same file again changes nothing, and says so in numbers.
    widget.load("wellbeing-journal.json")
    assert unescape(widget.status.value) == "<p>" + word("jupyter.imported", reflections=0, quiz=0) + "</p>"


@pytest.mark.parametrize("content, says", [
    (b"not json", "journal.refused.not_json"),
    (b"NaN", "journal.refused.not_json"),
    (b'{"format": "something-else"}', "journal.refused.not_ours"),
    (b'{"format": "wellbeing-course-journal", "version": 2, "reflections": []}', "journal.refused.version"),
    (b'{"format": "wellbeing-course-journal", "version": 1, "reflections": [], "x": ' + b"[" * 8 + b"]" * 8 + b"}",
     "journal.refused.too_deep"),
    (b'{"format": "wellbeing-course-journal", "version": 1, "reflections": [], "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "journal.refused.too_deep"),
])
def test_import_refuses_a_bad_file_and_changes_nothing(course, tmp_path, content, says):
    """A file that is no backup at all is refused whole, in the book's words for the same refusal."""
    save_reflection("trust-ask-first", "Prompt", "trust", "Mine.")
    (tmp_path / "bad.json").write_bytes(content)
    widget = JournalWidget(course, folder=tmp_path)
    widget.load("bad.json")

    assert unescape(widget.status.value) == f"<p>{word(says)} {word('journal.unchanged')}</p>"
    assert read_journal()["reflections"][0]["text"] == "Mine."


def test_import_refuses_a_file_larger_than_the_book_reads(course, tmp_path):
    (tmp_path / "big.json").write_bytes(b" " * (6 * 1024 * 1024))
    widget = JournalWidget(course, folder=tmp_path)
    widget.load("big.json")
    assert word("journal.refused.too_big", size="6 MB", limit="5 MB") in unescape(widget.status.value)


def test_delete_asks_first(course, tmp_path):
    save_reflection("trust-ask-first", "Prompt", "trust", "Mine.")
    record_quiz("trust-earn", [0], "correct")
    widget = JournalWidget(course, folder=tmp_path)
    widget.delete.click()
    yes, no = widget.ask.children[1].children
    no.click()
    assert read_journal()["reflections"] and word("journal.not_deleted") in widget.status.value

    box = next(b for b in widget.reflections if b.id == "trust-ask-first")
    box.area.value = "Mine, rewritten."  # its box says "Saved"
    assert word("reflection.saved") in box.status.value

    widget.delete.click()
    widget.ask.children[1].children[0].click()
    assert read_journal() == {"format": "wellbeing-course-journal", "version": 1, "reflections": [], "quiz": []}
    assert word("jupyter.deleted") in widget.status.value
    # The emptied box no longer says its (deleted) text is saved.
    assert box.area.value == "" and word("reflection.saved") not in box.status.value


def test_export_files_in_course_order_with_titles_and_prompts(course, tmp_path):
    """Markdown and JSON exports list answers in course order, under module titles, with prompts."""
    late = course.module("practice").reflections[0]
    early = course.module("orientation").reflections[0]
    save_reflection(late.id, late.prompt, "practice", "Later in the course.")
    save_reflection(early.id, early.prompt, "orientation", "Early in the course.")
    widget = JournalWidget(course, folder=tmp_path)

    markdown = widget.write_markdown().read_text()
    assert markdown.index(course.module("orientation").title) < markdown.index(course.module("practice").title)
    assert f"### {early.prompt}\n\nEarly in the course." in markdown
    data = json.loads(widget.write_json().read_text())
    assert [e["id"] for e in data["reflections"]] == [early.id, late.id]
    assert data["reflections"][0]["prompt"] == early.prompt
    assert word("jupyter.backup_to", path=tmp_path / "wellbeing-journal.json") in widget.status.value


def test_exported_files_are_the_owners_only_beside_the_journal_file(course, journal):
    """The journal's document and backup are written beside the journal file, not in the copies' folder
    (``make clean`` deletes _build/), readable by their owner only as the journal is, and a second
    export never overwrites the first."""
    save_reflection("trust-ask-first", "What do you ask first?", "trust", "Mine.")
    widget = JournalWidget(course)
    document, backup = widget.write_markdown(), widget.write_json()
    assert (document.parent, backup.parent) == (journal.parent, journal.parent)
    assert [f.stat().st_mode & 0o777 for f in (document, backup)] == [0o600, 0o600]
    assert word("jupyter.backup_to", path=backup) in widget.status.value
    again = widget.write_json()
    assert again != backup and again.parent == journal.parent and json.loads(backup.read_text())["reflections"]
    assert widget.import_path.value == str(backup)  # a restore finds it where it was written


def test_same_words_and_same_export_as_the_book(course, journal, tmp_path, server, page):
    """The book and Jupyter agree: the save status reads the same, a Jupyter export imports into the
    book, and the book's Markdown export of that journal is the text Jupyter exports."""
    reflections = [course.module(slug).reflections[0] for slug in ("practice", "orientation", "trust")]
    for n, r in enumerate(reflections):
        save_reflection(r.id, r.prompt, r.module, f"Answer {n}: \"quoted\" & <kept> as text.")
    jupyter_json = tmp_path / "from-jupyter.json"
    jupyter_json.write_text(json.dumps(export_json(read_journal(), course)))

    page.goto(f"{server}/_build/html/book/journal.html")
    page.set_input_files("#wb-journal-import", str(jupyter_json))
    expect(page.locator(f'[data-reflection="{reflections[0].id}"] textarea')).to_have_value(
        "Answer 0: \"quoted\" & <kept> as text.")
    with page.expect_download() as download:
        page.click('[data-journal="export-markdown"]')
    from_book = Path(download.value.path()).read_text()
    assert from_book == export_markdown(read_journal(), course)

    # The save status: the same words from the same catalog, for the same event.
    box = page.locator(f'[data-reflection="{reflections[1].id}"] textarea')
    box.fill("Typed in the book.")
    box.blur()
    status = page.locator(f'[data-reflection="{reflections[1].id}"] .wb-save-status')
    expect(status).to_have_text(word("reflection.saved"))
    widget = ReflectionWidget(reflections[1].id, reflections[1].prompt, reflections[1].module)
    widget.area.value = "Typed in Jupyter."
    assert widget.status.value == f"<p>{status.text_content()}</p>"

    # And the other way: the book's JSON export imports into Jupyter.
    with page.expect_download() as download:
        page.click('[data-journal="export-json"]')
    delete_all()
    done = import_file(download.value.path(), journal_course_data(course))
    assert done.reflections == 3
    texts = {e["id"]: e["text"] for e in read_journal()["reflections"]}
    assert texts[reflections[1].id] == "Typed in the book."


def sparse(path: Path, size: int = 3 * 1024 ** 3) -> Path:
    """A file of ``size`` bytes that takes no disk (its bytes are a hole)."""
    with open(path, "wb") as file:
        file.truncate(size)
    return path


def test_a_huge_file_is_refused_before_it_is_read(journal, tmp_path):
    """Importing a 3 GB file, or a 3 GB journal file, says how large it is and the limit, at once:
    no MemoryError, nothing read whole."""
    huge = sparse(tmp_path / "huge.json")
    with pytest.raises(DamagedJournal) as refused:
        import_file(huge, journal_course_data(load_course(ROOT)))
    assert str(refused.value) == word("journal.refused.too_big", size="3072 MB", limit="5 MB")
    sparse(journal)
    with pytest.raises(DamagedJournal) as refused:
        read_journal()
    assert str(refused.value) == word("journal.refused.too_big", size="3072 MB", limit="20 MB")


def test_deleting_everything_deletes_the_self_assessments_ratings_too(journal):
    """The journal's "delete everything" (which says so) also removes the self-assessment's ratings, as the book's does."""
    save_ratings({"language-agency": 3})
    assert read_ratings() == {"language-agency": 3}
    assert "self-assessment rating" in word("jupyter.delete_confirm", path=journal)
    delete_all()
    assert read_ratings() == {}
