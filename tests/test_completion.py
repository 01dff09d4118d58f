"""The completion record on the welcome page: offered only once every module's quiz is complete, that is,
every scored question answered correctly on some attempt and every no-right-answer question answered."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from wellbeing_course.course import load_course
from wellbeing_course.words import word
from conftest import ROOT

WELCOME = "/_build/html/book/welcome.html"
TRY_IT = "/_build/html/book/try-it.html"
PREFIX = "wellbeing-course:v1:"


def answer_all(page, course, skip_last=False):
    """Store a quiz record for every question of every module, the last module's latest on 5 March 2026."""
    records = {}
    for n, module in enumerate(course.modules):
        questions = course.banks[module.slug].questions
        for i, q in enumerate(questions):
            if skip_last and n == len(course.modules) - 1 and i == len(questions) - 1:
                continue
            day = 5 if n == len(course.modules) - 1 and i == len(questions) - 1 else 2 + i % 2
            records[PREFIX + "quiz:" + q.id] = json.dumps(
                {"selected": [0], "result": "correct", "at": f"2026-03-0{day}T12:00:00.000Z"})
    page.evaluate("r => { for (const [k, v] of Object.entries(r)) localStorage.setItem(k, v); }", records)


def test_record_not_offered_before_every_quiz_is_answered(page, server):
    """With one question left unanswered, the welcome page offers no record."""
    course = load_course(ROOT)
    page.goto(server + WELCOME)
    assert page.locator(".wb-record").is_hidden()
    answer_all(page, course, skip_last=True)
    page.reload()

    assert page.locator(".wb-record").is_hidden()
    assert page.errors == []


def test_record_offered_with_name_modules_and_dates(page, server):
    """Once every quiz is answered: a labelled name box, each module with its date, self-reported, a print button."""
    course = load_course(ROOT)
    page.goto(server + WELCOME)
    answer_all(page, course)
    page.reload()

    record = page.locator(".wb-record")
    assert record.is_visible()
    page.get_by_label("Your name, as it should appear on the record").fill("Sam <b>Rivera</b>")
    sheet = page.locator(".wb-record-sheet")
    assert "Name: Sam <b>Rivera</b>" in sheet.inner_text()  # typed text stays text
    assert sheet.locator("b").count() == 0
    rows = sheet.locator("tbody tr")
    assert rows.count() == len(course.modules)
    for i, module in enumerate(course.modules):
        cells = rows.nth(i).locator("td").all_inner_texts()
        assert cells[0] == module.title
        assert cells[1] == ("March 5, 2026" if i == len(course.modules) - 1 else "March 3, 2026")
    assert "self-reported" in sheet.inner_text() and "on this device" in sheet.inner_text()
    assert page.get_by_role("button", name="Print this record").is_visible()
    assert page.errors == []


def test_print_button_prints_only_the_record(page, server):
    """The Print button calls window.print with only the record showing in print."""
    course = load_course(ROOT)
    page.goto(server + WELCOME)
    answer_all(page, course)
    page.reload()
    page.evaluate("() => { window.wbPrinted = []; window.print = () => window.wbPrinted.push(document.documentElement.className); }")
    page.get_by_role("button", name="Print this record").click()

    assert page.evaluate("window.wbPrinted") == ["wb-print-record"]
    page.evaluate("document.documentElement.classList.add('wb-print-record')")
    page.emulate_media(media="print")
    assert page.locator(".wb-record-sheet").evaluate("e => getComputedStyle(e).visibility") == "visible"
    assert page.locator("h1").first.evaluate("e => getComputedStyle(e).display") == "none"


def answer_on_page(page, questions, right=True):
    for q in questions:
        picks = [n for n, o in enumerate(q.options) if o.correct == right] if q.scored else [0]
        for n in picks[: 1 if q.type != "multiple" else None]:
            page.click(f"label[for=wb-q-{q.id}-{n}]")
        page.click(f"#wb-q-{q.id} .wb-check")


def test_answering_by_clicking_updates_the_welcome_page(page, server):
    """Answers given on a module page count: answering every question there correctly completes it."""
    course = load_course(ROOT)
    module = course.modules[1]
    questions = course.banks[module.slug].questions
    page.goto(f"{server}/_build/html/{course.page_url(module)}")
    answer_on_page(page, questions)
    page.goto(server + WELCOME)

    item = page.locator(f".wb-progress-item[data-module={module.slug}]")
    scored = sum(q.scored for q in questions)
    assert f"Complete: {scored} of {scored} answered correctly" in item.inner_text()
    assert page.locator(".wb-record").is_hidden()
    assert page.errors == []


def test_wrong_answers_do_not_complete_a_module(page, server):
    """Clicking through with wrong answers counts nothing as correct; neither does checking an answer
    after 'Show the answer' revealed it. A later right attempt, after 'Try again', does count."""
    course = load_course(ROOT)
    module = course.modules[2]
    questions = course.banks[module.slug].questions
    page.goto(f"{server}/_build/html/{course.page_url(module)}")
    answer_on_page(page, questions, right=False)
    page.goto(server + WELCOME)
    item = page.locator(f".wb-progress-item[data-module={module.slug}] .wb-progress-text")
    scored = sum(q.scored for q in questions)
    assert item.inner_text().startswith(f"0 of {scored} answered correctly")

    q = next(q for q in questions if q.type == "single")
    right = next(n for n, o in enumerate(q.options) if o.correct)
    page.goto(f"{server}/_build/html/{course.page_url(module)}")
    page.click(f"#wb-q-{q.id} .wb-show")
    page.click(f"label[for=wb-q-{q.id}-{right}]")
    page.click(f"#wb-q-{q.id} .wb-check")
    page.goto(server + WELCOME)
    assert item.inner_text().startswith(f"0 of {scored}")

    page.goto(f"{server}/_build/html/{course.page_url(module)}")
    page.click(f"#wb-q-{q.id} .wb-retry")
    page.click(f"label[for=wb-q-{q.id}-{right}]")
    page.click(f"#wb-q-{q.id} .wb-check")
    page.goto(server + WELCOME)
    assert item.inner_text().startswith(f"1 of {scored}")
    assert page.errors == []


def test_a_finished_module_says_so_on_its_page(page, server):
    """The module's page says the module is finished when the answer that completes its quiz is
    checked (in a live region, so it is heard then), not a question earlier, and again after a reload."""
    course = load_course(ROOT)
    module = course.modules[3]
    questions = course.banks[module.slug].questions
    page.goto(f"{server}/_build/html/{course.page_url(module)}")
    done = page.locator(f'.wb-quiz[data-module="{module.slug}"] .wb-quiz-done')
    assert done.get_attribute("role") == "status"

    answer_on_page(page, questions[:-1])
    expect(page.locator(f"#wb-q-{questions[-2].id}-feedback")).not_to_be_empty()
    expect(done).to_have_text("")
    answer_on_page(page, questions[-1:])
    expect(done).to_have_text(word("quiz.module_finished"))
    done.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/rest-finished.png")

    page.reload()
    expect(done).to_have_text(word("quiz.module_finished"))
    expect(done).to_be_visible()

    # The practice quiz on "How the quizzes work" finishes no module, so it never says so.
    page.goto(server + TRY_IT)
    answer_on_page(page, course.banks["try-it"].questions)
    expect(page.locator(f"#wb-q-{course.banks['try-it'].questions[-1].id}-feedback")).not_to_be_empty()
    expect(page.get_by_text(word("quiz.module_finished"))).to_have_count(0)
    assert page.errors == []
