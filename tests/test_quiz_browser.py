"""Quizzes and reflections in the built book, used in a real browser with no kernel."""

from __future__ import annotations

import datetime
import json
from html import unescape

import pytest

TRY_IT = "/_build/html/book/try-it.html"
JOURNAL = "/_build/html/book/journal.html"
WELCOME = "/_build/html/book/welcome.html"
PREFIX = "wellbeing-course:v1:"
START = datetime.datetime(2026, 1, 5, 9, 0)  # the pages' clock, for the tests that move it by hand


def our_keys(page) -> list[str]:
    return page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('{PREFIX}'))")


def wait_until_saved(page, reflection: str, text: str) -> None:
    """Wait until the reflection's text is in this browser's storage (the autosave has run)."""
    page.wait_for_function("([key, text]) => { const r = localStorage.getItem(key); return r && JSON.parse(r).text === text; }",
                           arg=[f"{PREFIX}reflection:{reflection}", text])


def test_keyboard_only_answer_and_feedback(page, server):
    """A learner answers by keyboard alone: Tab to the options, Space to choose, Tab and Enter on Check."""
    page.goto(server + TRY_IT)
    page.focus("#wb-q-try-it-where-kept-0")  # "On the course's server": wrong, wherever it is shown
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    feedback = page.locator("#wb-q-try-it-where-kept-feedback")
    assert "Not quite" in feedback.inner_text()
    assert "no server that stores answers" in feedback.inner_text()
    assert page.locator("#wb-q-try-it-where-kept .wb-check").evaluate("b => b === document.activeElement")


def test_wrong_select_all_counts_without_giving_the_key_away(page, server):
    """Choosing one right option of a 'select all' question says how many are right and wrong,
    explains the option chosen, and does not name the right option that was missed."""
    page.goto(server + TRY_IT)
    page.click("label[for=wb-q-try-it-journal-tools-0]")
    page.click("#wb-q-try-it-journal-tools .wb-check")

    text = page.locator("#wb-q-try-it-journal-tools-feedback").inner_text()
    assert "Not quite" in text
    assert "Right answers you chose: 1 of 2. Wrong answers you chose: 0." in text
    assert "The document is for reading" in text  # the chosen option's own feedback
    assert "Delete everything" not in text and "no answer of yours is left" not in text
    assert page.errors == []


def test_try_again_and_show_the_answer(page, server):
    """After a wrong answer: 'Show the answer' marks the right options above and gives their reasoning;
    'Try again' clears the choice, the marks and the feedback, and puts focus on the first option."""
    page.goto(server + TRY_IT)
    question = page.locator("#wb-q-try-it-journal-tools")
    assert question.locator(".wb-show").is_hidden() and question.locator(".wb-retry").is_hidden()
    page.click("label[for=wb-q-try-it-journal-tools-1]")
    question.locator(".wb-check").click()
    question.get_by_role("button", name="Show the answer").click()

    feedback = question.locator(".wb-feedback").inner_text()
    assert "The right answers are marked above." in feedback and "no answer of yours is left" in feedback
    assert "Right answer" in page.inner_text("label[for=wb-q-try-it-journal-tools-0]")
    assert "Right answer" in page.inner_text("label[for=wb-q-try-it-journal-tools-2]")
    assert "Right answer" not in page.inner_text("label[for=wb-q-try-it-journal-tools-1]")
    assert question.locator(".wb-show").is_hidden()

    question.get_by_role("button", name="Try again").click()
    assert question.locator("input:checked").count() == 0
    assert question.locator(".wb-key-mark").count() == 0
    assert question.locator(".wb-feedback").inner_text() == ""
    assert question.locator(".wb-option input").first.evaluate("i => i === document.activeElement")
    assert page.errors == []


def test_reflective_question_has_commentary_not_verdict(page, server):
    """A reflective question answers with commentary on the choice, never 'right' or 'wrong'."""
    page.goto(server + TRY_IT)
    page.click("label[for=wb-q-try-it-pace-1]")
    page.click("#wb-q-try-it-pace .wb-check")

    text = page.locator("#wb-q-try-it-pace-feedback").inner_text()
    assert text.startswith("Some things to weigh")
    assert text.count("no single right answer") == 0  # the hint above already says it
    assert "20 to 40 minutes" in text
    assert "Not quite" not in text and "right." not in text


def test_check_with_nothing_selected_keeps_focus(page, server):
    """Checking with no answer says so in the status region, without moving focus."""
    page.goto(server + TRY_IT)
    button = page.locator("#wb-q-try-it-exit .wb-check")
    button.focus()
    page.keyboard.press("Enter")

    assert "Choose an answer first" in page.locator("#wb-q-try-it-exit-feedback").inner_text()
    assert page.locator("#wb-q-try-it-exit-feedback").get_attribute("role") == "status"
    assert button.evaluate("b => b === document.activeElement")


def test_answers_and_reflections_survive_reload(page, server):
    """After a reload the chosen answer, its feedback and the reflection text are all back."""
    page.goto(server + TRY_IT)
    page.click("label[for=wb-q-try-it-exit-1]")
    page.click("#wb-q-try-it-exit .wb-check")
    page.fill("#wb-r-try-it-hopes", "Ask before I act.")
    page.wait_for_function("document.getElementById('wb-r-try-it-hopes-status').textContent.includes('Saved on this device')")
    page.reload()

    assert page.is_checked("#wb-q-try-it-exit-1")
    assert "Yes, that's right." in page.locator("#wb-q-try-it-exit-feedback").inner_text()
    assert page.input_value("#wb-r-try-it-hopes") == "Ask before I act."


def test_autosave_within_a_second_and_on_hide(page, server):
    """Typing is saved at most a second later, and at once when the tab is hidden."""
    page.clock.install(time=START)
    page.goto(server + TRY_IT)
    page.clock.pause_at(START + datetime.timedelta(minutes=5))  # timers now run only when the test says
    page.type("#wb-r-try-it-questions", "Who decides?")
    page.clock.run_for(1000)
    saved = page.evaluate(f"JSON.parse(localStorage.getItem('{PREFIX}reflection:try-it-questions')).text")
    assert saved == "Who decides?"

    page.type("#wb-r-try-it-questions", " Us.")
    page.evaluate("""() => { Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
                            document.dispatchEvent(new Event('visibilitychange')); }""")
    saved = page.evaluate(f"JSON.parse(localStorage.getItem('{PREFIX}reflection:try-it-questions')).text")
    assert saved == "Who decides? Us."


@pytest.mark.parametrize("breakage, reason", [
    ("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };", "storage is full"),
    ("Object.defineProperty(window, 'localStorage', {configurable: true, get() { throw new DOMException('no', 'SecurityError'); }});", "turned off"),
    ("Storage.prototype.setItem = function () { throw new Error('broken'); };", "refused"),
])
def test_failing_storage_keeps_text_and_says_so(context, server, breakage, reason):
    """Full, disabled or throwing storage: the text stays, an alert says why, no uncaught error."""
    context.add_init_script(breakage)
    context.clock.install()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + TRY_IT)
    page.fill("#wb-r-try-it-hopes", "Words I must not lose.")
    page.clock.run_for(1000)  # past the autosave

    alert = page.locator("#wb-r-try-it-hopes-alert")
    assert reason in alert.inner_text() and "export" in alert.inner_text()
    assert alert.get_attribute("role") == "alert"
    assert page.input_value("#wb-r-try-it-hopes") == "Words I must not lose."
    assert errors == []


def test_second_tab_never_silently_overwrites(context, server):
    """Two tabs with unsaved edits to one reflection: the one that saves first is kept, the other tab
    keeps its own text and asks which to keep, and nothing is overwritten until the learner chooses."""
    context.clock.install(time=START)
    tabs = {"first": context.new_page(), "second": context.new_page()}
    for page in tabs.values():
        page.goto(server + TRY_IT)
    # From here both tabs' timers run only when the test moves the clock on, so the order is known.
    context.clock.pause_at(START + datetime.timedelta(minutes=5))
    tabs["second"].evaluate("""() => { const a = document.getElementById('wb-r-try-it-hopes');
        a.value = 'Typed in the second tab.'; a.dispatchEvent(new Event('input')); }""")
    tabs["first"].fill("#wb-r-try-it-hopes", "Typed in the first tab.")
    tabs["first"].locator("#wb-r-try-it-hopes").blur()  # saves the first tab's text at once
    tabs["second"].clock.run_for(1000)  # the second tab's autosave comes due after it

    def stored():
        return tabs["first"].evaluate(f"JSON.parse(localStorage.getItem('{PREFIX}reflection:try-it-hopes')).text")
    loser = tabs["second"]
    assert stored() == "Typed in the first tab."
    assert "changed in another tab" in loser.locator("#wb-r-try-it-hopes-alert").inner_text()
    assert loser.input_value("#wb-r-try-it-hopes") == "Typed in the second tab."

    kept = loser.input_value("#wb-r-try-it-hopes")
    loser.click("text=Keep the text in this box")
    assert stored() == kept


def _export(page, which: str) -> str:
    with page.expect_download() as download:
        page.click(f'[data-journal="{which}"]')
    return open(download.value.path(), encoding="utf-8").read()


def test_export_import_on_a_fresh_profile_round_trips(browser, server):
    """Export JSON in one browser profile, import it in a new one: identical entries."""
    first = browser.new_context()
    page = first.new_page()
    page.goto(server + JOURNAL)
    page.fill("#wb-r-trust-ask-first", "Ask, then listen. <b>not bold</b>")
    page.locator("textarea").nth(3).fill("Second answer.")
    exported = json.loads(_export(page, "export-json"))
    markdown = _export(page, "export-markdown")
    first.close()

    assert "Ask, then listen. <b>not bold</b>" in markdown
    fresh = browser.new_context()
    page = fresh.new_page()
    page.goto(server + JOURNAL)
    page.set_input_files("#wb-journal-import", files=[{"name": "j.json", "mimeType": "application/json",
                                                       "buffer": json.dumps(exported).encode()}])
    page.wait_for_function("document.getElementById('wb-journal-status').textContent.includes('Restored')")
    again = json.loads(_export(page, "export-json"))
    fresh.close()

    def entries(data):
        return sorted((e["id"], e["text"]) for e in data["reflections"])
    assert entries(again) == entries(exported)
    assert ("trust-ask-first", "Ask, then listen. <b>not bold</b>") in entries(again)


@pytest.mark.parametrize("content", [
    b"{not json",
    b'{"format": "someone-elses-app", "version": 1, "reflections": []}',
    b"\xff\xfe\x00garbage",
])
def test_bad_import_changes_nothing(page, server, content):
    """A malformed or foreign file is refused with a clear message, and the journal is unchanged.
    (A backup with an entry that cannot be read is not refused: that entry is left out alone, see
    test_import.py::test_crafted_entry_is_left_out_alone.)"""
    page.goto(server + JOURNAL)
    page.fill("#wb-r-trust-ask-first", "Keep me.")
    wait_until_saved(page, "trust-ask-first", "Keep me.")
    before = page.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
    page.set_input_files("#wb-journal-import", files=[{"name": "bad.json", "mimeType": "application/json", "buffer": content}])
    page.wait_for_function("document.getElementById('wb-journal-alert').textContent.length > 0")

    assert "Nothing in your journal has changed" in page.locator("#wb-journal-alert").inner_text()
    assert page.evaluate("JSON.stringify(Object.entries(localStorage).sort())") == before
    assert page.input_value("#wb-r-trust-ask-first") == "Keep me."
    assert page.errors == []


def test_delete_everything_leaves_no_key(page, server):
    """Delete asks first; cancelling keeps everything, confirming leaves no key of ours."""
    page.goto(server + TRY_IT)
    page.click("label[for=wb-q-try-it-where-kept-0]")
    page.click("#wb-q-try-it-where-kept .wb-check")
    page.goto(server + JOURNAL)
    page.fill("#wb-r-trust-ask-first", "Private.")
    wait_until_saved(page, "trust-ask-first", "Private.")
    page.once("dialog", lambda d: d.dismiss())
    page.click('[data-journal="delete"]')
    assert len(our_keys(page)) == 3  # the answer, the reflection, and this browser's option-order seed

    page.once("dialog", lambda d: d.accept())
    page.click('[data-journal="delete"]')

    assert our_keys(page) == []
    assert page.input_value("#wb-r-trust-ask-first") == ""
    assert "deleted" in page.locator("#wb-journal-status").inner_text()


def test_progress_on_welcome_page(page, server):
    """The welcome page counts the questions answered correctly in each module, not every click."""
    from wellbeing_course.course import load_course
    from conftest import ROOT
    questions = [q for q in load_course(ROOT).banks["trust"].questions if q.scored]
    first, second = questions[0], questions[1]
    page.goto(server + "/_build/html/modules/trust.html")
    right = next(n for n, o in enumerate(first.options) if o.correct)
    wrong = next(n for n, o in enumerate(second.options) if not o.correct)
    page.click(f"label[for=wb-q-{first.id}-{right}]")
    page.click(f"#wb-q-{first.id} .wb-check")
    page.click(f"label[for=wb-q-{second.id}-{wrong}]")
    page.click(f"#wb-q-{second.id} .wb-check")
    page.goto(server + WELCOME)

    item = page.locator('.wb-progress-item[data-module="trust"] .wb-progress-text')
    assert item.inner_text().startswith(f"1 of {len(questions)} answered correctly")


def test_phone_width_has_no_sideways_scroll(browser, server):
    """At 360 px wide, quizzes and reflections fit the screen."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740})
    page = ctx.new_page()
    page.goto(server + TRY_IT)

    widest = page.evaluate("Math.max(...[...document.querySelectorAll('.wb-question, .wb-reflection')].map(e => e.getBoundingClientRect().right))")
    assert widest <= 360
    ctx.close()


def test_quick_exit_replaces_the_page(context, server):
    """'Exit this page' goes to the neutral site and removes the course page from the tab's history."""
    seen = []
    context.route("https://www.bbc.co.uk/**", lambda r: (seen.append(r.request.url),
                                                         r.fulfill(body="<title>Weather</title>", content_type="text/html")))
    page = context.new_page()
    page.goto(server + WELCOME)
    page.goto(server + TRY_IT)
    page.focus("[data-wb-exit]")
    page.keyboard.press("Enter")
    page.wait_for_url("https://www.bbc.co.uk/**")
    page.go_back()

    assert seen
    assert page.url.endswith("/book/welcome.html")  # try-it was replaced, not kept


def _orders(page) -> dict[str, list[str]]:
    """Each question's options as the learner sees them, by authored index."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.wb-question')].map(q =>
        [q.dataset.question, [...q.querySelectorAll('.wb-option')].map(o => o.dataset.option)]))""")


def test_each_learner_sees_their_own_stable_order_and_grading_follows_the_option(browser, server):
    """Two fresh browser profiles see a different option order for at least one question of each
    module; each sees the same order after a reload; choosing the right option, wherever it is
    shown, is graded right in both."""
    from wellbeing_course.course import load_course
    from conftest import ROOT
    course = load_course(ROOT)
    profiles = [browser.new_context(), browser.new_context()]
    pages = [ctx.new_page() for ctx in profiles]
    for module in course.modules:
        url = f"{server}/_build/html/{course.page_url(module)}"
        seen = []
        for page in pages:
            page.goto(url)
            order = _orders(page)
            page.reload()
            assert _orders(page) == order, module.slug  # stable across reloads
            seen.append(order)
        differs = [qid for qid in seen[0] if seen[0][qid] != seen[1][qid]]
        assert differs, f"{module.slug}: both profiles saw every question in the same order"
        # True/false keeps True, then False; every other question is shuffled, the key with it.
        q = next(q for q in course.banks[module.slug].questions if q.type == "single" and q.id in differs)
        right = next(n for n, o in enumerate(q.options) if o.correct)
        for page, order in zip(pages, seen):
            page.click(f"label[for=wb-q-{q.id}-{right}]")
            page.click(f"#wb-q-{q.id} .wb-check")
            assert page.locator(f"#wb-q-{q.id}-feedback").inner_text().startswith("Yes, that's right."), (module.slug, order[q.id])
            stored = page.evaluate(f"JSON.parse(localStorage.getItem('{PREFIX}quiz:{q.id}')).selected")
            assert stored == [right]  # kept by authored index, not by place
    for ctx in profiles:
        ctx.close()


def test_print_keeps_the_authored_order(page, server):
    """Printing (and the PDF, through authoredOrder) shows the options as written; the screen goes back
    to the learner's order afterwards."""
    page.goto(server + "/_build/html/modules/trust.html")
    shuffled = _orders(page)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert all(order == [str(n) for n in range(len(order))] for order in _orders(page).values())
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert _orders(page) == shuffled
    page.evaluate("window.wellbeingCourse.authoredOrder()")
    assert all(order == [str(n) for n in range(len(order))] for order in _orders(page).values())


def test_book_and_jupyter_say_the_same_words(page, server, tmp_path):
    """For the same choices, the book's script and the Jupyter widget show the same words:
    a wrong 'select all', a right single choice, a reflective choice and 'Show the answer'."""
    import re
    from wellbeing_course.course import load_course
    from wellbeing_course.widgets import QuizWidget, set_journal_path
    from conftest import ROOT
    set_journal_path(tmp_path / "journal.json")
    bank = load_course(ROOT).banks["try-it"]

    def plain(text: str) -> str:
        # Every entity, however the escaper wrote it (markupsafe writes an apostrophe as &#39;).
        text = unescape(re.sub(r"<[^>]+>", " ", text))
        return " ".join(text.split())

    page.goto(server + TRY_IT)
    for qid, chosen, reveal in [("try-it-journal-tools", [0, 1], True), ("try-it-where-kept", [1], False),
                                ("try-it-pace", [2], False)]:
        widget = QuizWidget(bank, (qid,), seed=7).questions[0]
        # The widget shows this learner's order; give the book the same order so lists compare.
        page.evaluate("""([qid, order]) => { const box = document.querySelector('#wb-q-' + qid + ' .wb-options');
            order.forEach(i => box.appendChild(box.querySelector('[data-option="' + i + '"]'))); }""", [qid, widget.order])
        for n in chosen:
            page.click(f"label[for=wb-q-{qid}-{n}]")
        page.click(f"#wb-q-{qid} .wb-check")
        widget.select(*chosen)
        widget.check.click()
        book = " ".join(page.locator(f"#wb-q-{qid}-feedback").inner_text().split())
        assert book == plain(widget.feedback), qid
        if reveal:
            page.click(f"#wb-q-{qid} .wb-show")
            widget.show_answer.click()
            book = " ".join(page.locator(f"#wb-q-{qid}-feedback").inner_text().split())
            assert book == plain(widget.feedback), qid + " (answer)"
    set_journal_path(None)
