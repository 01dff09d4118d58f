"""JupyterLab, as a learner uses it: `python -m wellbeing_course.lab` (what `make lab` runs) starts a
real JupyterLab from the project's environment on 127.0.0.1, with a token, and HOME and the journal
in a temporary folder; Playwright drives it in Debian's Chromium."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import AXE, ROOT
from pagecheck import WCAG_TAGS
from wellbeing_course.course import load_course
from wellbeing_course.html import journal_html
from wellbeing_course.lab import copy_name
from wellbeing_course.words import word

SOURCES = sorted([*ROOT.glob("modules/*.md"), *ROOT.glob("book/*.md")])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(condition, timeout: float, what: str):
    """Poll a condition until it holds (no fixed sleeps): the server and files change on their own time."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    copies = home / "lab"
    journal = home / "journal.json"
    # Autosave every 5 seconds instead of 120, so the test can wait past one.
    user = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "docmanager-extension"
    user.mkdir(parents=True)
    (user / "plugin.jupyterlab-settings").write_text(json.dumps({"autosaveInterval": 5}))
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "HOME": str(home), "WELLBEING_JOURNAL": str(journal),
           "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    env.pop("WELLBEING_COURSE_STATIC", None)
    log = open(home / "lab.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "wellbeing_course.lab", "--copies", str(copies), "--no-browser",
         "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        _wait_for(lambda: up() or process.poll() is not None, 120, "JupyterLab to start")
        assert process.poll() is None, (home / "lab.log").read_text()
        yield {"url": url, "token": token, "copies": copies, "journal": journal, "home": home}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _digest() -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in SOURCES}


def test_a_module_in_jupyterlab(lab, browser):
    """Double-click a module, run all, use the quiz and a reflection, restart the kernel and see the
    answer again; then wait past an autosave: the course's sources are byte for byte unchanged."""
    before = _digest()
    trust = copy_name(ROOT, "modules/trust")  # numbered in _toc.yml's order
    copy = lab["copies"] / trust
    course = load_course(ROOT)
    question = course.banks["trust"].questions[0]
    right = next(o.text for o in question.options if o.correct)
    wrong = next(o.text for o in question.options if not o.correct)
    reflection = course.module("trust").reflections[0]
    shots = lab["home"]

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{lab['url']}/?token={lab['token']}")
    welcome = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(welcome.locator(".jp-MarkdownOutput h1").first).to_have_text(re.compile("Welcome"), timeout=60_000)
    item = page.locator(".jp-DirListing-item", has_text=trust)
    expect(item).to_be_visible(timeout=60_000)
    item.dblclick()
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(notebook.locator(".jp-MarkdownOutput h1", has_text=course.module("trust").title)).to_be_visible(timeout=60_000)
    page.screenshot(path=str(shots / "1-opened.png"))

    def run_all():
        # Once this notebook's kernel is ready (a Run All sent before it is may be dropped).
        expect(page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\| Idle"))).to_be_visible(timeout=90_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

    run_all()
    try:
        expect(notebook.locator(".jp-OutputArea-output").first).to_be_visible(timeout=90_000)
    finally:
        page.screenshot(path=str(shots / "2a-running.png"))
    box = notebook.get_by_role("textbox", name=reflection.prompt[:40])
    expect(box).to_be_visible(timeout=90_000)
    expect(notebook.get_by_text("Loading widget")).to_have_count(0)
    # The code is hidden: only the line that says what each cell is for shows.
    expect(notebook.locator(".jp-InputArea:visible, .jp-InputPlaceholder:visible").filter(has_text="reflection(")).to_have_count(0)
    expect(notebook.get_by_text(word("lab.cell.reflection")).first).to_be_visible()
    page.screenshot(path=str(shots / "2-run.png"))

    quiz = notebook.locator(".widget-vbox", has=page.get_by_text(question.prompt)).last
    quiz.get_by_text(wrong, exact=True).click()
    quiz.get_by_role("button", name=word("quiz.check")).first.click()
    expect(quiz.get_by_text(word("quiz.verdict.incorrect"))).to_be_visible()
    quiz.get_by_text(right, exact=True).click()
    quiz.get_by_role("button", name=word("quiz.check")).first.click()
    expect(quiz.get_by_text(word("quiz.verdict.correct"))).to_be_visible()
    page.screenshot(path=str(shots / "3-quiz.png"))

    box.fill("Ask first, then write it into the intake form.")
    expect(notebook.get_by_text(word("reflection.saved")).first).to_be_visible()
    _wait_for(lambda: "Ask first" in (lab["journal"].read_text() if lab["journal"].exists() else ""), 30, "the journal file")

    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Clear Outputs of All Cells").click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    expect(notebook.locator(".jp-OutputArea-output")).to_have_count(0, timeout=60_000)
    run_all()
    box = notebook.get_by_role("textbox", name=reflection.prompt[:40])
    expect(box).to_have_value("Ask first, then write it into the intake form.", timeout=90_000)
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "4-restarted.png"))

    # Past an autosave (every 5 s here): the learner copy is saved, the sources are not touched.
    # Past a save of the notebook as it is now (autosave runs every 5 s here, but only while the
    # notebook has unsaved changes, so save it as a learner would, with Ctrl+S, and wait for it).
    written = copy.stat().st_mtime_ns
    notebook.click()
    page.keyboard.press("Control+s")
    _wait_for(lambda: copy.stat().st_mtime_ns != written, 60, "a save of the learner copy")
    assert _digest() == before
    saved = copy.read_text()
    assert "then write it into the intake form" not in saved  # the learner's words are not kept in the notebook
    # Opened again, the copy says in plain words to choose Run All where its widgets were (JupyterLab
    # keeps no widget state, so a saved widget view would say "Error displaying widget: model not found").
    assert "application/vnd.jupyter.widget-view+json" not in saved and word("lab.reopened") in saved

    # The welcome page's progress counts the quiz answer checked in the module.
    page.locator(".lm-TabBar-tab", has_text="welcome.ipynb").click()
    run_all()
    scored = len([q for q in course.banks["trust"].questions if q.type != "reflective"])
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").get_by_text(
        word("quiz.progress", right=1, scored=scored))).to_be_visible(timeout=90_000)
    page.screenshot(path=str(shots / "5-progress.png"))
    # A link in the progress list opens the copy in its tab, without loading JupyterLab again (which
    # took seconds and wiped the outputs of every open notebook).
    page.evaluate("window.wbSamePage = true")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").get_by_role(
        "link", name=course.module("trust").title, exact=True).click()
    expect(page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current", has_text=trust)).to_be_visible(timeout=30_000)
    assert page.evaluate("window.wbSamePage") is True
    expect(notebook.get_by_role("textbox", name=reflection.prompt[:40])).to_have_value(
        "Ask first, then write it into the intake form.")

    # The journal page: the answer is there, and "Download my journal as a document" writes the book's export.
    page.locator(".jp-DirListing-item", has_text=copy_name(ROOT, "book/journal")).dblclick()
    journal = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(journal.locator(".jp-MarkdownOutput h1").first).to_be_visible(timeout=60_000)
    run_all()
    expect(journal.get_by_role("textbox", name=reflection.prompt[:40])).to_have_value(
        "Ask first, then write it into the intake form.", timeout=90_000)
    journal.get_by_role("button", name=word("journal.download_document")).click()
    # Beside the journal file, owner-only, named in the message: not in the copies' folder (_build/lab).
    document = lab["journal"].parent / "wellbeing-journal.md"
    expect(journal.get_by_text(word("jupyter.document_to", path=document))).to_be_visible(timeout=30_000)
    page.screenshot(path=str(shots / "6-journal.png"))
    from wellbeing_course.journal import export_markdown, read_journal
    assert document.read_text() == export_markdown(read_journal(lab["journal"]), course)
    assert document.stat().st_mode & 0o777 == 0o600 and not (lab["copies"] / "wellbeing-journal.md").exists()
    context.close()


def _open_and_run(page, lab, name: str, heading):
    """Double-click a learner copy in the file browser and run all its cells, once its kernel is ready."""
    page.locator(".jp-DirListing-item", has_text=name).dblclick()
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(notebook.locator(".jp-MarkdownOutput h1", has_text=heading).first).to_be_visible(timeout=60_000)
    expect(page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\| Idle"))).to_be_visible(timeout=90_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    return notebook


def test_widgets_are_named_and_feedback_is_announced(lab, browser):
    """As a screen reader meets them: each reflection box is named by its prompt, each question's options
    are a group named by the question, and Check's verdict appears in a status region that was already
    on the page (a region added with its text is often not read out)."""
    course = load_course(ROOT)
    trust = course.module("trust")
    question = course.banks["trust"].questions[0]
    right = next(o.text for o in question.options if o.correct)
    wrong = next(o.text for o in question.options if not o.correct)
    reflection = trust.reflections[0]

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{lab['url']}/?token={lab['token']}")
    expect(page.locator(".jp-DirListing-item").first).to_be_visible(timeout=60_000)
    notebook = _open_and_run(page, lab, copy_name(ROOT, "modules/trust"), trust.title)

    # The accessible name is the whole prompt, after the tag the book shows ("Reflect.").
    box_name = f"{word('reflection.tag')} {reflection.prompt}"
    box = notebook.get_by_role("textbox", name=box_name, exact=True)
    expect(box).to_be_visible(timeout=90_000)
    name = f"{word('quiz.question_number', number=1, count=len(course.banks['trust'].questions))} {question.prompt}"
    # (A locator given as has= is looked for inside each candidate, so it must not start at the notebook.)
    named = page.get_by_role("radiogroup", name=name, exact=True).or_(page.get_by_role("group", name=name, exact=True))
    group = notebook.locator(named)
    expect(group).to_be_visible(timeout=30_000)
    expect(group.get_by_role("radio")).to_have_count(len(question.options))

    # The question's own live region: the innermost block holding both the group and a status region.
    status = (notebook.locator("div", has=named).filter(has=page.locator("[role=status], [aria-live]")).last
              .locator("[role=status], [aria-live]").first)
    status.evaluate("el => { el.dataset.before = 'yes'; }")  # marks this node, to find the same one after
    question_box = notebook.locator("div", has=named).filter(has=page.locator("[data-before]")).last
    group.get_by_role("radio", name=wrong, exact=True).check()
    question_box.get_by_role("button", name=word("quiz.check")).click()
    expect(notebook.locator("[data-before]")).to_contain_text(word("quiz.verdict.incorrect"))
    question_box.scroll_into_view_if_needed()
    page.screenshot(path=str(lab["home"] / "a11y-1-wrong.png"))
    group.get_by_role("radio", name=right, exact=True).check()
    question_box.get_by_role("button", name=word("quiz.check")).click()
    expect(notebook.locator("[data-before]")).to_contain_text(word("quiz.verdict.correct"))
    page.screenshot(path=str(lab["home"] / "a11y-2-right.png"))

    # Typing in the reflection box: "Saved" is said in a status region that was there before.
    holder = (notebook.locator("div", has=page.get_by_role("textbox", name=box_name, exact=True))
              .filter(has=page.locator("[role=status]")).last)
    holder.locator("[role=status]").first.evaluate("el => { el.dataset.saveBefore = 'yes'; }")
    box.fill("Ask them.")
    expect(holder.locator("[data-save-before]")).to_have_text(word("reflection.saved"))

    # By keyboard, as on the book's page: the arrow keys move between the options (not between cells).
    group.get_by_role("radio", name=right, exact=True).focus()
    page.keyboard.press("ArrowDown")
    expect(group.locator("input:focus")).to_be_checked()
    expect(group.get_by_role("radio", name=right, exact=True)).not_to_be_checked()

    # The focus stays in the question, as on the book's page: "Show the answer" hands it to "Try
    # again", and "Try again" to the first option (not to the page, whose next Tab is the next question).
    question_box.get_by_role("button", name=word("quiz.check")).click()
    expect(notebook.locator("[data-before]")).to_contain_text(word("quiz.verdict.incorrect"))
    question_box.get_by_role("button", name=word("quiz.show")).focus()
    page.keyboard.press("Enter")
    expect(notebook.locator("[data-before]")).to_contain_text(word("quiz.answer_head"))
    expect(question_box.get_by_role("button", name=word("quiz.retry"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(notebook.locator("[data-before]")).to_have_text("")
    expect(group.locator("input:focus")).to_have_count(1)
    context.close()


def test_journal_tools_use_the_books_words(lab, browser):
    """The journal's tools carry the words the book's journal page shows (one catalog, words.yml)."""
    course = load_course(ROOT)
    book = journal_html(course)
    tools = [word(key) for key in ("journal.download_document", "journal.save_backup", "journal.restore_backup")]
    assert all(f">{t}<" in book for t in tools)  # what the book's page shows

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{lab['url']}/?token={lab['token']}")
    expect(page.locator(".jp-DirListing-item").first).to_be_visible(timeout=60_000)
    journal = _open_and_run(page, lab, copy_name(ROOT, "book/journal"), re.compile("."))
    for text in tools:
        expect(journal.get_by_role("button", name=text, exact=True)).to_be_visible(timeout=90_000)
    context.close()


def test_a_book_backup_and_a_jupyterlab_backup_restore_into_each_other(lab, browser, server):
    """The book's backup, after a Try again (an empty choice), copied beside the journal file under
    its own name restores in JupyterLab; "Save a backup file" then writes a new file beside it, never
    over it; and that JupyterLab backup restores into the book."""
    prompt = next(r.prompt for r in load_course(ROOT).reflections if r.id == "orientation-why-now")
    book = browser.new_context(viewport={"width": 1366, "height": 768})
    page = book.new_page()
    page.goto(f"{server}/_build/html/book/try-it.html")
    question = page.locator("#wb-q-try-it-exit")
    question.locator(".wb-option input").first.check()
    question.locator(".wb-check").click()
    question.locator(".wb-retry").click()
    page.goto(f"{server}/_build/html/book/journal.html")
    page.fill("#wb-r-orientation-why-now", "Written in the book.")
    page.locator("#wb-r-orientation-why-now").blur()
    with page.expect_download() as download:
        page.get_by_role("button", name=word("journal.save_backup")).click()
    # The name the book downloads it under, in the folder JupyterLab's restore and saves use (the
    # journal file's).
    from_book = lab["journal"].parent / "wellbeing-journal.json"
    for earlier in from_book.parent.glob("wellbeing-journal-*.json"):
        earlier.unlink()  # saves by earlier tests in this JupyterLab: the next free name is then -2
    download.value.save_as(from_book)
    original = from_book.read_bytes()

    lab_context = browser.new_context(viewport={"width": 1366, "height": 900})
    lab_page = lab_context.new_page()
    lab_page.goto(f"{lab['url']}/?token={lab['token']}")
    expect(lab_page.locator(".jp-DirListing-item").first).to_be_visible(timeout=60_000)
    journal = _open_and_run(lab_page, lab, copy_name(ROOT, "book/journal"), re.compile("."))
    journal.get_by_role("button", name=word("journal.restore_backup"), exact=True).click(timeout=90_000)
    expect(journal.get_by_text(word("jupyter.imported", reflections=1, quiz=1))).to_be_visible(timeout=30_000)
    expect(journal.get_by_role("textbox", name=prompt[:40])).to_have_value("Written in the book.")

    journal.get_by_role("button", name=word("journal.save_backup"), exact=True).click()
    expect(journal.get_by_text("wellbeing-journal-2.json")).to_be_visible(timeout=30_000)
    assert from_book.read_bytes() == original, "the file just restored from is never replaced"
    lab_context.close()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=word("journal.delete_all")).click()
    expect(page.locator("#wb-r-orientation-why-now")).to_have_value("")
    page.set_input_files("#wb-journal-import", str(lab["journal"].parent / "wellbeing-journal-2.json"))
    expect(page.locator("#wb-journal-status")).to_contain_text(word("journal.restored", changed=1, kept=0)[:40])
    expect(page.locator("#wb-journal-alert")).to_be_empty()
    expect(page.locator("#wb-r-orientation-why-now")).to_have_value("Written in the book.")
    assert page.evaluate("JSON.parse(localStorage.getItem('wellbeing-course:v1:quiz:try-it-exit')).selected") == []
    book.close()


def _restart_and_run(page):
    """Kernel > Restart Kernel and Clear Outputs of All Cells, then Run All once the kernel is ready."""
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Clear Outputs of All Cells").click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    expect(notebook.locator(".jp-OutputArea-output")).to_have_count(0, timeout=60_000)
    expect(page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\| Idle"))).to_be_visible(timeout=90_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


def test_self_assessment_by_keyboard_kept_and_exchanged_with_the_book(lab, browser, server):
    """The self-assessment in JupyterLab as in the book: every rating group named by its statement, a
    rating chosen by keyboard alone (a notebook command key inserts no cell), "Saved" said beside it,
    the ratings back after a kernel restart; an export written owner-only beside the journal file
    opens in the book, and the book's export opens here."""
    course = load_course(ROOT)
    a = course.assessment
    first, second = a.statements[0], a.statements[1]
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{lab['url']}/?token={lab['token']}")
    expect(page.locator(".jp-DirListing-item").first).to_be_visible(timeout=60_000)
    name = copy_name(ROOT, "book/self-assessment")
    tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text=name)
    page.locator(".jp-DirListing-item", has_text=name).dblclick()
    expect(page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\| Idle"))).to_be_visible(timeout=90_000)
    expect(tab).not_to_have_class(re.compile("jp-mod-dirty"))  # a kernel that starts changes nothing
    notebook = _open_and_run(page, lab, name, re.compile("self-assessment"))
    group = notebook.get_by_role("group", name=first.text, exact=True)
    expect(group).to_be_visible(timeout=90_000)
    for s in a.statements:
        expect(notebook.get_by_role("group", name=s.text, exact=True).get_by_role("radio")).to_have_count(a.top + 1)
    expect(notebook.get_by_role("img", name=re.compile(re.escape(word(
        "assessment.chart_intro", low=a.scale[0], top=a.top, high=a.scale[-1]))))).to_be_visible()
    cells = notebook.locator(".jp-Cell").count()

    # By keyboard alone, from the first option: Space chooses, an arrow moves the choice, "b" (a
    # notebook command) does nothing; Tab past the next statement's link reaches its options.
    group.get_by_role("radio").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("b")
    expect(group.get_by_role("radio", name=a.scale[1], exact=True)).to_be_checked()
    expect(group.get_by_role("status")).to_have_text(word("reflection.saved"))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    next_group = notebook.get_by_role("group", name=second.text, exact=True)
    expect(next_group.get_by_role("radio", name=a.scale[0], exact=True)).to_be_checked()
    expect(next_group.get_by_role("radio", name=a.scale[0], exact=True)).to_be_focused()
    assert notebook.locator(".jp-Cell").count() == cells
    page.screenshot(path=str(lab["home"] / "sa-1-keyboard.png"))
    page.add_script_tag(path=str(AXE))  # WCAG 2.2 A/AA in the self-assessment's own markup
    result = page.evaluate("([where, tags]) => axe.run(document.querySelector(where), {runOnly: {type: 'tag', values: tags}})",
                           [".jp-NotebookPanel:not(.lm-mod-hidden) .wb-assessment", WCAG_TAGS])
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    _wait_for(lambda: lab["journal"].exists() and len(json.loads(lab["journal"].read_text()).get("assessment", {})) == 2,
              30, "the ratings in the journal file")

    _restart_and_run(page)
    group = notebook.get_by_role("group", name=first.text, exact=True)
    expect(group.get_by_role("radio", name=a.scale[1], exact=True)).to_be_checked(timeout=90_000)

    # Export, by keyboard: the book's file, beside the journal file, readable by its owner only.
    export = notebook.get_by_role("button", name=word("assessment.export"), exact=True)
    export.focus()
    page.keyboard.press("Enter")
    out = lab["journal"].parent / "wellbeing-self-assessment.json"
    expect(notebook.get_by_text(word("jupyter.assessment_exported", count=2, path=out))).to_be_visible(timeout=30_000)
    assert out.stat().st_mode & 0o777 == 0o600
    page.screenshot(path=str(lab["home"] / "sa-2-exported.png"))

    # Into the book, and the book's own export back.
    book = browser.new_context(accept_downloads=True).new_page()
    book.goto(f"{server}/_build/html/book/self-assessment.html")
    book.set_input_files("#wb-assessment-import", files=[out])
    book_group = book.get_by_role("group", name=first.text, exact=True)
    expect(book_group.get_by_role("radio", name=a.scale[1], exact=True)).to_be_checked()
    book_group.get_by_role("radio", name=a.scale[-1], exact=True).check()
    with book.expect_download() as download:
        book.locator('[data-assessment="export"]').click()
    from_book = lab["home"] / "from-the-book.json"
    download.value.save_as(from_book)
    book.context.close()

    notebook.get_by_role("textbox", name=word("jupyter.assessment_import_label")).fill(str(from_book))
    notebook.get_by_role("button", name=word("assessment.import"), exact=True).click()
    expect(notebook.get_by_role("alert").filter(has_text=word("assessment.import_confirm"))).to_be_visible()
    notebook.get_by_role("button", name=word("jupyter.assessment_replace"), exact=True).click()
    expect(notebook.get_by_text(word("assessment.imported", count=2))).to_be_visible()
    expect(group.get_by_role("radio", name=a.scale[-1], exact=True)).to_be_checked()
    page.screenshot(path=str(lab["home"] / "sa-3-imported.png"))

    # Nothing typed into the notebook: once its outputs are saved, closing it asks nothing.
    expect(tab).not_to_have_class(re.compile("jp-mod-dirty"), timeout=30_000)
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    expect(tab).to_have_count(0)
    expect(page.locator(".jp-Dialog")).to_have_count(0)
    context.close()


def test_a_damaged_journal_is_named_on_the_first_page_opened(lab, browser):
    """A damaged journal file: the welcome page, the first a learner opens, names the copy it was set
    aside as (a quiz or the progress list reading it first used to set it aside without a word)."""
    lab["journal"].write_bytes(b"{ half a journal")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{lab['url']}/lab/tree/welcome.ipynb?token={lab['token']}")
    welcome = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(welcome.locator(".jp-MarkdownOutput h1").first).to_be_visible(timeout=60_000)
    _restart_and_run(page)
    alert = welcome.get_by_role("alert").filter(has_text=re.compile("could not be read"))
    expect(alert).to_be_visible(timeout=90_000)
    kept = _wait_for(lambda: [p for p in lab["journal"].parent.iterdir() if ".damaged-" in p.name], 30, "the copy")
    assert len(kept) == 1 and kept[0].read_bytes() == b"{ half a journal"
    expect(alert).to_contain_text(str(kept[0]))
    page.screenshot(path=str(lab["home"] / "damaged.png"))
    context.close()


def test_an_organizations_edition_in_the_copies(lab, browser, tmp_path):
    """With the fixture organization.yml, the welcome copy shows the edition's name, logo and contacts,
    and the staying-safe copy the contacts too, the staff support line among them, as JupyterLab
    renders them."""
    import shutil
    from wellbeing_course.lab import write_copies
    root = tmp_path / "course"
    root.mkdir()
    for part in ("_toc.yml", "modules", "book", "quizzes", "assessment"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, root / part)
    fixture = ROOT / "tests" / "fixtures" / "organization"
    shutil.copytree(fixture, root / "tests" / "fixtures" / "organization")
    shutil.copy(fixture / "organization.yml", root / "organization.yml")
    write_copies(root, out=lab["copies"] / "riverbend")

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{lab['url']}/lab/tree/riverbend/welcome.ipynb?token={lab['token']}")
    welcome = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(welcome.locator(".jp-MarkdownOutput").get_by_text("Riverbend Housing Network staff training.")).to_be_visible(
        timeout=60_000)
    logo = welcome.locator(".jp-MarkdownOutput").get_by_role("img", name="Riverbend Housing Network logo, a white circle on a teal square")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(welcome.locator(".jp-MarkdownOutput").get_by_role(
        "heading", name="Who to ask at Riverbend Housing Network")).to_be_visible()
    expect(welcome.locator(".jp-MarkdownOutput").get_by_text("Staff support line (employee assistance)")).to_be_visible()
    page.screenshot(path=str(lab["home"] / "org-welcome.png"))
    page.goto(f"{lab['url']}/lab/tree/riverbend/{copy_name(root, 'book/staying-safe')}?token={lab['token']}")
    safe = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    shown = safe.locator(".jp-MarkdownOutput")
    expect(shown.get_by_role("heading", name="Who to ask at Riverbend Housing Network")).to_be_visible(timeout=60_000)
    expect(shown.get_by_text("Staff support line (employee assistance)")).to_be_visible()
    context.close()
