"""The PDFs that `make pdf` prints (`make test` makes them first): both books, the board brief and a
workshop pack per format, read as a reader and a screen reader get them: whole, without chrome,
with bookmarks and tags, contents with page numbers, and pages that are pages."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache

import pytest
import yaml

from conftest import ROOT
from wellbeing_course.course import load_course
from wellbeing_course.evaluation import FORMS
from wellbeing_course.pdf import outline, page_count, squeeze
from wellbeing_course.words import word

pytestmark = pytest.mark.slow  # reads the PDFs that make pdf prints

PDF = ROOT / "_build" / "pdf"
LEARNER_PDF = PDF / "wellbeing-course.pdf"
GUIDE_PDF = PDF / "facilitator-guide.pdf"
BRIEF_PDF = PDF / "board-brief.pdf"
FORMATS = [f["slug"] for f in yaml.safe_load((ROOT / "facilitator" / "formats.yml").read_text(encoding="utf-8"))["formats"]]
PACKS = [PDF / f"pack-{slug}.pdf" for slug in FORMATS]
ALL = [LEARNER_PDF, GUIDE_PDF, BRIEF_PDF, *PACKS]
WITH_CONTENTS = [LEARNER_PDF, GUIDE_PDF, *PACKS]
BUTTONS = ("Check answer", "Exit this page", "Export as", "Import a JSON export", "Delete everything from this browser",
           "Download my journal as a document", "Save a backup file", "Restore from a backup file", "Undo this import",
           "Print this record", "Search Ctrl")
# What only a browser can fill in: on paper it would be empty, or read "not rated".
BROWSER_ONLY = ("not rated", "Your progress", "Rate some statements to see")
FOOTER = re.compile(r"\s*Page \d+ of \d+\s*$")


def ids(paths):
    return [p.name for p in paths]


@lru_cache(maxsize=None)
def pages(pdf) -> tuple[str, ...]:
    """The text of each page, laid out, without the page-number footer."""
    assert pdf.is_file(), f"make the PDFs first: make pdf ({pdf} is missing)"
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return tuple(FOOTER.sub("", p) for p in out.split("\f")[:page_count(pdf)])


def text(pdf) -> str:
    return "\f".join(pages(pdf))


@lru_cache(maxsize=None)
def reading_order(pdf) -> str:
    """The text in reading order, not laid out: a table's cells one after another, not side by side."""
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def flat(s: str) -> str:
    return " ".join(s.replace("’", "'").replace("“", '"').replace("”", '"').split())


def printed_buttons(body: str) -> list[str]:
    """Button labels in the text, except where the course names a button in quotation marks."""
    return [label for label in BUTTONS if re.search(rf"(?<![“\"]){re.escape(label)}(?![”\"])", body)]


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


@pytest.mark.parametrize("pdf, low, high", [(LEARNER_PDF, 40, 250), (GUIDE_PDF, 40, 300), (BRIEF_PDF, 2, 11)]
                         + [(p, 10, 120) for p in PACKS], ids=ids([LEARNER_PDF, GUIDE_PDF, BRIEF_PDF, *PACKS]))
def test_page_count_is_sensible(pdf, low, high):
    """A whole document: more than a few pages, fewer than a runaway layout would make; the board
    brief stays under 12 pages."""
    assert low <= page_count(pdf) <= high


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_outline_and_tags(pdf):
    """Every PDF has a bookmark outline of its headings and tagged structure for screen readers."""
    from pypdf import PdfReader

    catalog = PdfReader(str(pdf)).trailer["/Root"]
    marks = outline(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout

    assert len(marks) >= 5, marks
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert "/StructTreeRoot" in catalog


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_every_page_has_text(pdf):
    """No blank page: every page has words besides its page number."""
    blank = [n for n, p in enumerate(pages(pdf), start=1) if len(flat(p)) < 20]
    assert blank == []


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_no_heading_ends_a_page(pdf):
    """No heading is the last thing on its page, cut off from what it heads."""
    stranded = []
    for depth, title, page in outline(pdf):
        # Bookmarks join a wrapped heading's lines without a space: compare without spaces.
        if title and squeeze(flat(pages(pdf)[page - 1])).endswith(squeeze(flat(title))):
            stranded.append((page, title))
    assert stranded == []


def contents_entries(pdf) -> list[tuple[str, str]]:
    """(title, page number or "") for each line of the contents, a wrapped title joined up; part
    captions (from the books' _toc.yml) are left out."""
    captions = set()
    for toc in (ROOT / "_toc.yml", ROOT / "facilitator" / "_toc.yml"):
        captions |= {flat(p["caption"]) for p in yaml.safe_load(toc.read_text(encoding="utf-8")).get("parts", [])}
    listed = []
    first = None   # the page the first chapter starts on: the contents end before it
    for n, body in enumerate(pages(pdf)[1:], start=2):
        if first and n >= first:
            break
        lines = [flat(line) for line in body.splitlines() if line.strip()]
        if n == 2:
            assert lines[0] == "Contents", lines[:3]
            lines = lines[1:]
        pending = ""
        for line in lines:
            if line in captions:
                continue
            m = re.fullmatch(r"(.*?)\s*(\d+)", line)
            if m:
                listed.append((flat(pending + " " + m.group(1)), m.group(2)))
                pending = ""
                first = first or int(m.group(2))
            else:
                pending = flat(pending + " " + line)
        if pending:
            listed.append((pending, ""))
    return listed


@pytest.mark.parametrize("pdf", WITH_CONTENTS, ids=ids(WITH_CONTENTS))
def test_every_contents_entry_has_its_page_number(pdf):
    """Every line of the contents names a chapter and the page it starts on, where its title comes first."""
    entries = contents_entries(pdf)

    assert len(entries) >= 5, entries
    assert [title for title, number in entries if not number] == []
    for title, number in entries:
        # Without spaces: a hyphenated title may break over two lines of the page ("self- assessment").
        assert squeeze(flat(pages(pdf)[int(number) - 1])).startswith(squeeze(title).replace("-", "")) or \
            squeeze(flat(pages(pdf)[int(number) - 1])).startswith(squeeze(title)), (title, number)


def one_page_sections(pdf) -> list[tuple[int, int, str]]:
    """(index in the outline, page, title) of each section that must print on one page of its own:
    a handout, a paper form, a one-page answer key."""
    forms = {squeeze(f.title) for f in FORMS.values()}
    marks = outline(pdf)
    return [(i, page, title) for i, (depth, title, page) in enumerate(marks)
            if title.startswith("Handout:") or squeeze(title) in forms or squeeze(title) == squeeze("The key on one page")
            or (pdf in PACKS and title.startswith("Answer key:"))]


@pytest.mark.parametrize("pdf", [GUIDE_PDF, *PACKS], ids=ids([GUIDE_PDF, *PACKS]))
def test_handouts_forms_and_keys_are_whole_pages(pdf):
    """Each handout, paper form and one-page answer key starts a page and ends on it: what comes
    next in the outline starts the next page."""
    marks = outline(pdf)
    found = one_page_sections(pdf)
    spread = []
    for i, page, title in found:
        depth = marks[i][0]
        nxt = next((m for m in marks[i + 1:] if m[0] <= depth), None)
        ends = nxt[2] if nxt else page_count(pdf) + 1
        if ends != page + 1:
            spread.append((title, page, ends))

    assert len(found) >= 3
    assert spread == []


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_nothing_for_the_browser_only(pdf):
    """No button, no progress list, no empty "not rated" result: nothing that only works on a screen."""
    body = flat(text(pdf))

    assert printed_buttons(body) == []
    assert [label for label in BROWSER_ONLY if label in body] == []


@pytest.mark.parametrize("pdf", WITH_CONTENTS, ids=ids(WITH_CONTENTS))
def test_title_page_and_page_numbers(pdf):
    """Page 1 is a title page with the non-affiliation statement; page 2 starts the contents; every
    page is numbered."""
    raw = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout.split("\f")
    total = page_count(pdf)

    assert "not affiliated with the Full Frame Initiative" in flat(raw[0])
    assert raw[1].lstrip().startswith("Contents")
    for n in (1, 2, total // 2, total):
        assert f"Page {n} of {total}" in raw[n - 1]


def test_learner_pdf_holds_every_module_and_no_answers(course):
    """Every module's title is in the learner PDF, with its quiz questions and no answers."""
    body = flat(text(LEARNER_PDF))
    for module in course.modules:
        assert flat(module.title) in body, module.title
    assert "A brief for boards" in body
    for verdict in ("Yes, that's right.", "Not quite", "You chose:", "Choose an answer first"):
        assert verdict not in body
    first = course.banks["trust"].questions[0]
    assert flat(first.prompt)[:60] in body
    # An option's feedback teaches the answer: it must not be printed.
    assert not any(flat(o.feedback)[:60] in body for q in course.banks["trust"].questions for o in q.options)


def test_board_brief_pdf(course):
    """The board brief PDF: the non-affiliation statement first, the brief, the board's questions,
    every module's key points and sources, and no quiz."""
    body = flat(text(BRIEF_PDF))
    first = flat(pages(BRIEF_PDF)[0])

    assert first.startswith("A brief for boards") and "not affiliated with the Full Frame Initiative" in first
    assert "Questions for your board to ask" in body
    for module in course.modules:
        assert flat(module.title) in body, module.title
        for point in module.bullets("Key points"):
            shown = re.sub(r"(\*{1,2}|_)(\S.*?\S)\1", r"\2", point)  # as printed: Markdown emphasis is type, not text
            assert flat(shown)[:80] in body, (module.slug, point)
    assert "Check your understanding" not in body
    # Whole prompts: a true-or-false statement may open with a sentence the brief also says.
    assert not any(flat(q.prompt) in body for bank in course.banks.values() for q in bank.questions)


@pytest.mark.parametrize("slug", FORMATS)
def test_pack_holds_its_agenda_sessions_handouts_keys_and_forms(course, slug):
    """A format's pack: its agenda, then for each of its modules a session plan, a handout and a
    one-page answer key (question, answer, reasoning), then both paper forms; no question id."""
    from wellbeing_course.agendas import load_formats
    from wellbeing_course.guide.answer_keys import answer_key

    fmt = next(f for f in load_formats(course) if f.slug == slug)
    pdf = PDF / f"pack-{slug}.pdf"
    titles = [squeeze(title) for depth, title, page in outline(pdf)]
    body = flat(reading_order(pdf))

    assert squeeze(fmt.title) in titles
    for module in fmt.modules:
        title = course.module(module).title
        for kind in ("Session plan", "Handout", "Answer key"):
            assert squeeze(f"{kind}: {title}") in titles, (kind, title)
        for row in answer_key(course, course.banks[module]):
            assert flat(row.why)[:25] in body, row   # the start of a cell: cells side by side interleave their lines
    for form in FORMS.values():
        assert squeeze(form.title) in titles
    for bank in course.banks.values():
        assert not any(q.id in body for q in bank.questions)


def test_guide_pdf_has_the_maintainer_detail_only_in_its_appendix():
    """Files to edit, question ids and commands are in the appendix "Maintaining this guide" only."""
    marks = outline(GUIDE_PDF)
    start = next(page for depth, title, page in marks if squeeze(title) == squeeze("Maintaining this guide"))
    before = flat("\f".join(pages(GUIDE_PDF)[:start - 1]))

    for detail in ("formats.yml", "python -m", "quizzes/", "forms.yml"):
        assert detail not in before, detail
    assert "formats.yml" in flat("\f".join(pages(GUIDE_PDF)[start - 1:]))


@pytest.mark.parametrize("pdf, page", [(LEARNER_PDF, 1), (LEARNER_PDF, "Orientation: how this course works"), (GUIDE_PDF, 5)])
def test_rendered_page_is_not_blank(pdf, page, tmp_path):
    """A page rendered to PNG has ink on it: dark pixels over a real share of the page (a module's
    first page, wherever it falls)."""
    from PIL import Image

    if isinstance(page, str):
        page = next(at for depth, title, at in outline(pdf) if title == page)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-gray", "-f", str(page), "-l", str(page), str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark / (image.width * image.height) > 0.005


@pytest.mark.parametrize("slug", [m.slug for m in load_course(ROOT).modules])
def test_a_handout_printed_from_the_browser_is_one_page(page, server, slug, tmp_path):
    """A facilitator who opens a handout in the guide and prints it gets one page, without the
    theme's "Contents" block of the screen."""
    from pypdf import PdfReader

    page.goto(f"{server}/facilitator/_build/html/generated/handout-{slug}.html")
    page.pdf(path=str(tmp_path / "handout.pdf"), format="Letter")   # what the browser's print makes
    printed = PdfReader(str(tmp_path / "handout.pdf"))

    assert len(printed.pages) == 1
    assert "Contents" not in printed.pages[0].extract_text()


# ---- documents a reader and a screen reader can tell apart and move through ----

def metadata_title(pdf) -> str:
    from pypdf import PdfReader

    return str(PdfReader(str(pdf)).metadata.get("/Title") or "")


def test_every_pdf_has_a_title_of_its_own():
    """Each PDF's title (what a reader's title bar and a screen reader announce) says which document
    it is: no two PDFs share one, and a pack's names its format."""
    titles = {pdf.name: metadata_title(pdf) for pdf in ALL}

    assert all(titles.values()), titles
    assert len(set(titles.values())) == len(ALL), titles
    for slug, pack in zip(FORMATS, PACKS):
        assert titles[pack.name].startswith("Workshop pack:"), titles[pack.name]


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_bookmarks_are_the_headings_own_text(pdf):
    """Each bookmark reads as its heading does on its page: said once, with the spaces between its
    words (Chromium's own ran a wrapped heading's lines together and said some headings twice)."""
    wrong = []
    for depth, title, page in outline(pdf):
        half = len(title) // 2
        doubled = len(title) % 2 == 0 and title[:half] == title[half:]
        # A word hyphenated at the end of a line reads "self- assessment" in the page's text.
        if doubled or flat(title) not in re.sub(r"(\w)- (\w)", r"\1-\2", flat(pages(pdf)[page - 1])):
            wrong.append((page, title))
    assert wrong == []


def links(pdf) -> list[tuple[int, str]]:
    """(page, where to) of every link: a URI, or "page N" for a link within the document."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    found = []
    for n, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            found.append((n, str(uri) if uri is not None else "within"))
    return found


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_no_link_points_at_the_build_machine(pdf):
    """A link goes to a page of the same PDF or to a published address, never to a file of the
    machine that printed it (a reader's PDF viewer cannot open that)."""
    assert [(n, uri) for n, uri in links(pdf) if uri.startswith("file:") or "_build" in uri] == []


def links_within(pdf) -> list[tuple[int, int]]:
    """(page of the link, page it goes to) for every link to a place in the same PDF; 0 for a link
    to a place the PDF does not have (a link that does nothing)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    named = reader.named_destinations
    found = []
    for n, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                to = named.get(str(annot["/Dest"]))
                found.append((n, reader.get_destination_page_number(to) + 1 if to else 0))
    return found


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_a_link_within_the_pdf_says_its_page(pdf):
    """On paper a link cannot be followed: each one to another part of the PDF is followed by the
    page that part starts on, "(page N)", as the contents are."""
    contents_end = min((int(n) for _title, n in contents_entries(pdf)), default=2) if pdf in WITH_CONTENTS else 1
    within = links_within(pdf)
    missing = [(n, to) for n, to in within
               if n >= contents_end and flat(word("pdf.see_page", page=to)) not in flat(pages(pdf)[n - 1])]

    assert [n for n, to in within if not to] == []
    assert missing == []


def marked_text(pdf, number: int) -> tuple[str, str]:
    """(text outside artifacts, text inside artifacts) of one page, as pypdf reads it, each piece
    of text sorted by the marked-content sections open where it is shown."""
    from pypdf import PdfReader

    open_sections: list[str] = []
    found: dict[bool, list[str]] = {True: [], False: []}

    def before(operator, operands, cm, tm):
        if operator in (b"BDC", b"BMC"):
            open_sections.append(str(operands[0]))
        elif operator == b"EMC" and open_sections:
            open_sections.pop()

    def shown(text, cm, tm, font, size):
        found["/Artifact" in open_sections].append(text)

    PdfReader(str(pdf)).pages[number - 1].extract_text(visitor_operand_before=before, visitor_text=shown)
    return " ".join("".join(found[False]).split()), " ".join("".join(found[True]).split())


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_page_footer_is_an_artifact(pdf):
    """"Page N of M" is marked as an artifact (pagination), so a screen reader skips it in the
    reading order, on the first, a middle and the last page."""
    total = page_count(pdf)
    for n in (1, total // 2, total):
        content, artifacts = marked_text(pdf, n)
        assert f"Page {n} of {total}" in artifacts, (n, artifacts[-200:])
        assert f"Page {n} of {total}" not in content, (n, content[-200:])


def heading_levels(pdf) -> list[str]:
    """The structure type of every heading in the PDF's tag tree, in document order."""
    from pypdf import PdfReader

    found = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        kind = str(node.get("/S", ""))
        if re.fullmatch(r"/H\d?", kind):
            found.append(kind)
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(PdfReader(str(pdf)).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_one_level_1_heading_opens_the_document(pdf):
    """Each document has one level-1 heading, its title, and it is the first heading."""
    levels = heading_levels(pdf)

    assert levels.count("/H1") == 1, levels[:10]
    assert levels[0] == "/H1", levels[:10]


def test_links_to_the_learner_book_go_to_its_published_address(monkeypatch, tmp_path, course, browser):
    """With the learner book's address configured (learner_book_url, here through its environment
    variable), a pack's links to learner pages go to that address, page by page."""
    from wellbeing_course.pdf import link_targets, pack_parts, print_document

    monkeypatch.setenv("WELLBEING_LEARNER_BOOK_URL", "https://training.example.org/course")
    guide = ROOT / "_build" / "pdf-src" / "facilitator" / "_build" / "singlehtml" / "print.html"
    fmt = course.formats[0]
    pdf = tmp_path / "pack.pdf"
    page = browser.new_page()
    try:
        print_document(page, guide, pdf, fmt.title, "", pack_parts(course, fmt), name="Workshop pack",
                       links=link_targets(ROOT))
    finally:
        page.close()
    uris = [uri for n, uri in links(pdf) if uri != "within"]

    assert uris and all(uri.startswith("https://training.example.org/course/") for uri in uris), uris
    assert f"https://training.example.org/course/{course.page_url(course.module(fmt.modules[0]))}" in uris


@pytest.mark.parametrize("pdf", ALL, ids=ids(ALL))
def test_no_heading_level_is_skipped(pdf):
    """Headings go down one level at a time (an h3 straight under the h1 would skip a level)."""
    levels = [int(kind[2:]) for kind in heading_levels(pdf) if kind[2:]]
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert skips == []
