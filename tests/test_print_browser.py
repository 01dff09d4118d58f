"""What a learner gets on paper when they print from the browser: Chromium's own print (page.pdf
prints with the print stylesheet, as the print dialog does), read back with pdftotext."""

from __future__ import annotations

import json
import subprocess

import pytest

from wellbeing_course.course import load_course
from wellbeing_course.words import word
from conftest import ROOT
from test_completion import PREFIX, WELCOME, answer_all

LETTER = dict(format="Letter", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})


def printed(page, tmp_path) -> list[str]:
    """Print the page as the browser's print does; the text of each printed page, words on one line."""
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), **LETTER)
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [" ".join(p.split()) for p in out.split("\f")[:-1]]


def test_a_module_page_prints_its_title(page, server, tmp_path):
    """A module printed from the browser starts with its own title (the theme hid the first heading in print)."""
    module = load_course(ROOT).modules[1]
    page.goto(f"{server}/_build/html/modules/{module.slug}.html")

    first = printed(page, tmp_path)[0]

    assert first.startswith(" ".join(module.title.split())), first[:200]


@pytest.mark.parametrize("path", ["/_build/html/book/welcome.html", "/_build/html/book/journal.html",
                                  "/facilitator/_build/html/generated/session-trust.html"])
def test_every_page_prints_its_title(page, server, tmp_path, path):
    """The welcome page, the journal and a page of the guide print their title first, as it reads on screen."""
    page.goto(server + path)
    title = " ".join(page.locator("article h1").first.inner_text().removesuffix("#").split())

    assert printed(page, tmp_path)[0].startswith(title)


def test_print_this_record_prints_the_record_on_one_page(page, server, tmp_path):
    """"Print this record" prints one page, and it holds the record: its heading, the name and every module."""
    course = load_course(ROOT)
    page.goto(server + WELCOME)
    answer_all(page, course)
    page.reload()
    page.get_by_label(word("record.name_label")).fill("Sam Rivera")
    # The button calls the browser's print: here page.pdf prints, with what the button set up.
    page.evaluate("() => { window.print = () => {}; }")
    page.get_by_role("button", name=word("record.print")).click()

    sheets = printed(page, tmp_path)

    assert len(sheets) == 1, sheets
    assert word("record.head") in sheets[0] and "Name: Sam Rivera" in sheets[0]
    for module in course.modules:
        assert " ".join(module.title.split()) in sheets[0], module.title
    assert word("record.intro") not in sheets[0] and word("record.print") not in sheets[0]


def test_a_long_reflection_prints_in_full(page, server, tmp_path):
    """A 2,000-word reflection on the journal page prints whole, over as many pages as it takes, down
    to its last sentence."""
    module = next(m for m in load_course(ROOT).modules if m.reflections)
    reflection = module.reflections[0]
    sentences = [f"On day {n} I noticed something new about how we talk with people." for n in range(1, 167)]
    last = "This is the last sentence of my long reflection."
    text = " ".join(sentences + [last])
    assert len(text.split()) >= 2000
    page.goto(server + WELCOME)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [PREFIX + "reflection:" + reflection.id, json.dumps(
        {"text": text, "updated": "2026-03-02T12:00:00.000Z", "rev": "r1", "module": module.slug})])
    page.goto(server + "/_build/html/book/journal.html")
    box = page.get_by_role("textbox", name=reflection.prompt).first
    assert box.input_value() == text

    body = " ".join(printed(page, tmp_path))

    assert sentences[100] in body and last in body
