"""The PDFs that `make pdf` prints (`make test` makes them first): both books, whole, readable, without chrome."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import ROOT
from wellbeing_course.course import load_course
from wellbeing_course.pdf import page_count

PDF = ROOT / "_build" / "pdf"
LEARNER_PDF = PDF / "wellbeing-course.pdf"
GUIDE_PDF = PDF / "facilitator-guide.pdf"
BUTTONS = ("Check answer", "Exit this page", "Export as", "Import a JSON export", "Delete everything from this browser",
           "Download my journal as a document", "Save a backup file", "Restore from a backup file", "Undo this import",
           "Print this record", "Search Ctrl")


def text(pdf, first=None, last=None) -> str:
    assert pdf.is_file(), f"make the PDFs first: make pdf ({pdf} is missing)"
    cmd = ["pdftotext", "-layout"] + (["-f", str(first), "-l", str(last)] if first else []) + [str(pdf), "-"]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def flat(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def printed_buttons(body: str) -> list[str]:
    """Button labels in the text, except where the course names a button in quotation marks."""
    return [label for label in BUTTONS if re.search(rf"(?<![“\"]){re.escape(label)}(?![”\"])", body)]


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


@pytest.mark.parametrize("pdf, low, high", [(LEARNER_PDF, 40, 250), (GUIDE_PDF, 40, 300)])
def test_page_count_is_sensible(pdf, low, high):
    """A whole book: more than a few pages, fewer than a runaway layout would make."""
    assert pdf.is_file(), "make the PDFs first: make pdf"
    assert low <= page_count(pdf) <= high


@pytest.mark.parametrize("pdf", [LEARNER_PDF, GUIDE_PDF])
def test_title_page_contents_and_page_numbers(pdf):
    """Page 1 is a title page with the non-affiliation statement; page 2 starts the contents; every page is numbered."""
    pages = text(pdf).split("\f")
    total = page_count(pdf)
    assert "Wellbeing Model" in pages[0] and "not affiliated with the Full Frame Initiative" in flat(pages[0])
    assert pages[1].lstrip().startswith("Contents")
    for n in (1, 2, total // 2, total):
        assert f"Page {n} of {total}" in pages[n - 1]


@pytest.mark.parametrize("pdf", [LEARNER_PDF, GUIDE_PDF])
def test_contents_page_numbers_point_at_chapters(pdf):
    """Each numbered line of the contents names a chapter that starts on that page."""
    pages = text(pdf).split("\f")
    contents = flat(pages[1] + " " + pages[2])
    entries = re.findall(r"\n\s+(\S[^\n]*?\S)\s{2,}(\d+)\s*\n", pages[1])
    assert len(entries) >= 5, pages[1]
    for title, number in entries:
        assert flat(title) in flat(pages[int(number) - 1])[: len(title) + 150], (title, number)
    assert "000" not in contents


def test_learner_pdf_holds_every_module_and_no_buttons(course):
    """Every module's title is in the learner PDF, with its quiz questions and no answers or buttons."""
    body = flat(text(LEARNER_PDF))
    for module in course.modules:
        assert flat(module.title) in body, module.title
    assert "A brief for boards" in body
    assert printed_buttons(body) == []
    for verdict in ("Yes, that's right.", "Not quite", "You chose:", "Choose an answer first"):
        assert verdict not in body
    first = course.banks["trust"].questions[0]
    assert flat(first.prompt)[:60] in body
    assert flat(first.options[0].text)[:40] in body
    # An option's feedback teaches the answer: it must not be printed.
    assert not any(flat(o.feedback)[:60] in body for q in course.banks["trust"].questions for o in q.options)


def test_board_brief_fits_on_two_pages():
    """The board brief prints on at most two pages."""
    pages = [flat(p) for p in text(LEARNER_PDF).split("\f")]
    start = next(i for i, p in enumerate(pages) if p.strip().startswith("A brief for boards"))
    end = next(i for i, p in enumerate(pages) if i > start and "Sources" in p)
    assert end - start <= 1


def test_guide_pdf_holds_answer_keys_and_agendas(course):
    """The facilitator guide prints whole: session plans, answer keys with the right answers, no buttons."""
    body = flat(text(GUIDE_PDF))
    assert "Answer keys" in body and "Session plans" in body
    for module in course.modules:
        assert flat(module.title) in body, module.title
    assert printed_buttons(body) == []


@pytest.mark.parametrize("pdf, page", [(LEARNER_PDF, 1), (LEARNER_PDF, 12), (GUIDE_PDF, 5)])
def test_rendered_page_is_not_blank(pdf, page, tmp_path):
    """A page rendered to PNG has ink on it: dark pixels over a real share of the page."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "40", "-png", "-gray", "-f", str(page), "-l", str(page), str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark / (image.width * image.height) > 0.005
