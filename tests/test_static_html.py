"""The static HTML: text stays text, ids are stable, and the book holds no widget state."""

from __future__ import annotations

import json
import re

import pytest

from conftest import LEARNER, ROOT
from wellbeing_course.course import load_course
from wellbeing_course.html import quiz_html, reflection_html
from wellbeing_course.quizbank import parse_bank

XSS = "<img src=x onerror=alert(1)>"
EVIL_BANK = f"""\
module: evil
questions:
  - id: evil-1
    type: single
    scenario: "{XSS}"
    prompt: "{XSS}"
    options:
      - text: "{XSS}"
        correct: true
        feedback: "</script><script>alert(2)</script>"
      - text: Plain.
        feedback: Plain feedback.
"""


def test_markup_in_banks_and_answers_shows_as_text(page, server):
    """A prompt, option, feedback or typed answer full of markup shows those characters and runs nothing."""
    bank = parse_bank(EVIL_BANK, "quizzes/evil.yml")
    body = quiz_html(bank) + reflection_html("evil-r", XSS, "evil")
    html = (f'<!DOCTYPE html><html lang="en"><head><title>XSS</title></head><body><main>{body}</main>'
            f'<script src="/_build/html/_static/wellbeing.js"></script></body></html>')
    page.route(server + "/fixture/xss.html", lambda r: r.fulfill(body=html, content_type="text/html"))
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/fixture/xss.html")
    page.click("label[for=wb-q-evil-1-0]")
    page.click(".wb-check")
    page.fill("#wb-r-evil-r", XSS)
    page.reload()

    assert XSS in page.locator("legend").inner_text()
    assert XSS in page.locator(".wb-scenario").inner_text()
    assert "</script><script>alert(2)</script>" in page.locator(".wb-feedback").inner_text()
    assert page.locator("main img").count() == 0
    assert dialogs == [] and page.errors == []


def test_two_renders_are_identical():
    """Element ids derive from question ids: the same bank always gives the same HTML."""
    course = load_course(ROOT)
    first = [quiz_html(b) for b in course.banks.values()]
    second = [quiz_html(b) for b in load_course(ROOT).banks.values()]

    assert first == second
    assert 'id="wb-q-trust-ultimatum"' in "".join(first)


@pytest.mark.slow  # reads the built book
def test_book_pages_hold_no_widget_state():
    """The static book renders our HTML form, never a widget, and loads no widget manager."""
    pages = list(LEARNER.rglob("*.html"))
    assert len(pages) >= 13, "build the books first: make book"  # no pages would pass with nothing checked
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget" not in text, page
        assert "require.js" not in text and "html-manager" not in text, page


@pytest.mark.slow  # reads the built book
def test_every_module_page_shows_its_quiz():
    """Each module page has every question of its bank, as a fieldset with a legend."""
    course = load_course(ROOT)
    for module in course.modules:
        text = (LEARNER / "modules" / f"{module.slug}.html").read_text(encoding="utf-8")
        for question in course.banks[module.slug].questions:
            assert f'id="wb-q-{question.id}"' in text, (module.slug, question.id)
        assert text.count("<fieldset") == len(course.banks[module.slug].questions)


@pytest.mark.slow  # reads the built book
def test_each_page_carries_only_the_words_its_scripts_read():
    """A module page does not carry the journal's or the self-assessment's words (7 KB together, a
    page it would load for nothing); the pages that show those tools carry them."""
    def groups(page: str) -> set[str]:
        html = (LEARNER / page).read_text(encoding="utf-8")
        found = re.search(r'<script type="application/json" id="wb-words">(.*?)</script>', html, re.S)
        return set(json.loads(found.group(1)))

    assert {"quiz", "reflection"} <= groups("modules/trust.html")
    assert not {"journal", "assessment", "jupyter", "lab"} & groups("modules/trust.html")
    assert "journal" in groups("book/journal.html") and "assessment" not in groups("book/journal.html")
    assert {"assessment", "journal"} <= groups("book/self-assessment.html")
