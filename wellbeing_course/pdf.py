"""The course's PDFs: ``python -m wellbeing_course pdf`` (``make pdf``, or ``make packs``).

Into ``_build/pdf/``:

- ``wellbeing-course.pdf``: the learner book;
- ``facilitator-guide.pdf``: the facilitator guide;
- ``board-brief.pdf``: the board brief, then each module's key points and sources;
- ``pack-<format>.pdf``: a workshop pack per format in ``facilitator/formats.yml``: the agenda,
  the session plans in order, the handouts, a one-page answer key per module and the paper forms.

Each book is built once more with Sphinx's single-page HTML builder into its own folder under
``_build/pdf-src/`` (its own doctrees and notebook cache: the HTML books are left alone; the two
builds run side by side). The brief and the packs are not written twice: they are assembled
from sections of those single pages (:data:`ASSEMBLE`), so they print what the books show.

Everything is printed by headless Chromium through Playwright, with a bookmark outline of the
headings and tagged structure (``outline=True, tagged=True``). A first print finds the page each
contents entry starts on, from that outline; a second print writes the numbers in. Print styles
live in ``static/wellbeing.css`` (``@media print``: what a browser prints too) and in
:data:`PDF_STYLE` here (what only these documents need: title page, contents, page breaks).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from markupsafe import Markup
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject, TextStringObject

from .course import find_root, load_course, read_config, read_toc, toc_files
from .errors import CourseError
from .evaluation import load_forms
from .guide.book import generate
from .guide.links import learner_book_url
from .paper_forms import forms_path
from .render import render
from .words import word

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# The same statement as every page's footer (words.yml), after who the Wellbeing Model is.
AFFILIATION = ("The Wellbeing Model is an independent network of people who have survived human trafficking, "
               "grassroots organizers and allied organizations. " + word("footer.affiliation"))

LEARNER_SUBTITLE = "A staff-training course: the learner book"
GUIDE_SUBTITLE = "Session plans, answer keys, handouts and evaluation"


# Defines wbSetLevel(heading, level) in the page, for PREPARE and ASSEMBLE: the heading made again at
# that level (h1 to h6), with its attributes and content; returns the new heading.
SET_LEVEL = r"""
() => {
  window.wbSetLevel = (el, level) => {
    const n = document.createElement("h" + Math.max(1, Math.min(6, level)));
    for (const attr of el.attributes) n.setAttribute(attr.name, attr.value);
    n.append(...el.childNodes);
    el.replaceWith(n);
    return n;
  };
}
"""

# Runs in the page before printing: a title page, a class on each chapter (a new page) and on each
# section that prints on a page of its own, and page numbers in the contents.
PREPARE = r"""
([title, subtitle, lines, pages, compact]) => {
  const docs = document.getElementById("jb-print-docs-body");
  const article = document.querySelector(".bd-article");
  if (!document.getElementById("wb-pdf-cover")) {
    const cover = document.createElement("div");
    cover.id = "wb-pdf-cover";
    if (compact) cover.className = "wb-pdf-compact";
    // The document's one level-1 heading: its title.
    const h = document.createElement("h1");
    h.className = "wb-pdf-title";
    h.textContent = title;
    const s = document.createElement("p");
    s.className = "wb-pdf-subtitle";
    s.textContent = subtitle;
    cover.append(h, s);
    for (const line of lines) {
      const p = document.createElement("p");
      p.textContent = line;
      cover.append(p);
    }
    const oldTitle = docs.querySelector(":scope > h1");
    if (oldTitle) oldTitle.remove();
    if (compact) {
      // A short document: its own first heading is the title (its one h1), and that part's sections
      // move up a level under it; the front matter follows the title.
      h.remove();
      docs.remove();
      const top = article.querySelector("h1, h2");
      for (const el of top.closest("section").querySelectorAll("h3, h4, h5, h6")) wbSetLevel(el, +el.tagName[1] - 1);
      wbSetLevel(top, 1).after(cover);
    } else {
      // A book's pages start at h1 in the single page: under the title, they start at h2.
      if (article.querySelector("h1")) {
        for (const el of article.querySelectorAll("h1, h2, h3, h4, h5, h6")) wbSetLevel(el, +el.tagName[1] + 1);
      }
      docs.parentNode.insertBefore(cover, docs);
    }
    // Sphinx repeats ids across the single page ("sources", "opening"); Chromium's bookmarks then
    // run the repeated headings' titles together. Later repeats get a number.
    const seen = new Set();
    for (const el of document.querySelectorAll("[id]")) {
      if (!seen.has(el.id)) { seen.add(el.id); continue; }
      let n = 2;
      while (seen.has(el.id + "-" + n)) n++;
      el.id = el.id + "-" + n;
      seen.add(el.id);
    }
    // A page of its own: each handout, each paper form, each one-page answer key.
    for (const marker of article.querySelectorAll('span[id^="document-generated/handout-"]')) {
      const section = marker.nextElementSibling;
      if (section && section.matches("section")) section.classList.add("wb-print-page");
    }
    for (const marker of article.querySelectorAll('[id^="generated-form-"], [id^="generated-key-"]')) {
      // In a pack, the part that holds the key (its title and the key) is the page.
      const section = marker.closest(".wb-part") || (marker.matches("section") ? marker : marker.closest("section"));
      if (section) section.classList.add("wb-print-page");
    }
  }
  const chapters = [];
  const toc = document.getElementById("jb-print-toc");
  if (!toc) return chapters;
  const first = article.querySelector(":scope > section");
  if (first && !toc.querySelector(".wb-pdf-first") && !first.classList.contains("wb-part")) {
    // The root page is the book's first chapter; the theme's contents leave it out.
    const heading = first.querySelector("h1, h2");
    const list = toc.querySelector("ul");
    if (heading && list) {
      const item = document.createElement("li");
      item.className = "wb-pdf-first toctree-l1 nav-item toc-entry";
      const a = document.createElement("a");
      a.className = "reference internal nav-link";
      a.href = "#" + first.id;
      a.textContent = heading.textContent.replace(/#$/, "").trim();
      item.append(a);
      list.prepend(item);
    }
  }
  for (const a of toc.querySelectorAll("a.nav-link")) {
    const id = decodeURIComponent(a.getAttribute("href").slice(1));
    const anchor = document.getElementById(id);
    const section = anchor && (anchor.matches("section") ? anchor : anchor.nextElementSibling);
    if (section && section !== first) section.classList.add("wb-pdf-chapter");
    const heading = section && section.querySelector("h1, h2");
    chapters.push(heading ? heading.textContent.replace(/#$/, "").trim() : a.textContent.trim());
    let num = a.parentNode.querySelector(".wb-pdf-page");
    if (!num) {
      num = document.createElement("span");
      num.className = "wb-pdf-page";
      a.parentNode.append(num);
    }
    num.textContent = pages ? String(pages[chapters.length - 1] || "") : "000";
  }
  return chapters;
}
"""

# Makes a new document from sections of a single-page book: the board brief and the packs.
# Each part is the section that holds the element `id` (a section id, a label, or Sphinx's
# "document-<page>" marker); with `only`, just that child section, under `title` or the page's
# own title; `heading` puts a heading of its own before the part. Headings are renumbered so
# that each part starts at h2, under the title page. With `contents`, a contents lists the parts.
ASSEMBLE = r"""
([parts, contents]) => {
  const article = document.querySelector(".bd-article");
  const find = (id) => {
    const el = document.getElementById(id);
    if (!el) throw new Error("the single page has no element with the id " + id);
    if (el.matches("section")) return el;
    if (el.nextElementSibling && el.nextElementSibling.matches("section")) return el.nextElementSibling;
    return el.closest("section");
  };
  const relevel = (root, top) => {
    const hs = [...root.querySelectorAll("h1, h2, h3, h4, h5, h6")];
    if (!hs.length) return;
    const shift = top - Math.min(...hs.map(h => +h.tagName[1]));
    for (const h of hs) wbSetLevel(h, +h.tagName[1] + shift);
  };
  const title = (h) => h ? h.textContent.replace(/#$/, "").trim() : "";
  const out = [];
  let group = null;
  const sections = parts.map(part => [part, find(part.id), part.only ? find(part.only) : null]);
  sections.forEach(([part, section, only], i) => {
    if (part.heading) {
      group = document.createElement("section");
      group.id = "wb-part-heading-" + i;
      group.className = "wb-part";
      const h = document.createElement("h2");
      h.textContent = part.heading;
      group.append(h);
      out.push(group);
    }
    const nested = part.nested && group;
    const chapter = document.createElement("section");
    chapter.id = "wb-part-" + i;
    chapter.className = "wb-part";
    if (only) {
      const h = document.createElement(nested ? "h3" : "h2");
      h.textContent = part.title || title(section.querySelector("h1, h2, h3"));
      relevel(only, nested ? 4 : 3);
      chapter.append(h, only);
    } else {
      relevel(section, nested ? 3 : 2);
      chapter.append(section);
    }
    if (part.onePage) chapter.classList.add("wb-print-page");
    // The first chapter follows the contents' own page break: a second one would leave a blank page.
    if (i === 0) chapter.classList.add("wb-print-first");
    if (nested) group.append(chapter); else out.push(chapter);
  });
  article.replaceChildren(...out);
  const docs = document.getElementById("jb-print-docs-body");
  const old = docs.querySelector("#jb-print-toc");
  if (old) old.remove();
  if (contents) {
    const toc = document.createElement("div");
    toc.id = "jb-print-toc";
    const h = document.createElement("h2");
    h.textContent = "Contents";
    const ul = document.createElement("ul");
    ul.className = "section-nav";
    for (const chapter of out) {
      const li = document.createElement("li");
      li.className = "toctree-l1 nav-item toc-entry";
      const a = document.createElement("a");
      a.className = "reference internal nav-link";
      a.href = "#" + chapter.id;
      a.textContent = title(chapter.querySelector("h2"));
      li.append(a);
      ul.append(li);
    }
    toc.append(h, ul);
    docs.append(toc);
  }
  return out.length;
}
"""

# Runs after PREPARE: every link goes where a reader of the PDF can follow it. A link to a part of
# this document stays a link within it, followed by the page that part starts on (`pages`, from
# the draft's bookmarks; "000" holds the room in the draft); a link to a learner page that is not
# in it goes to the learner book's published address (`published`, "" when none is configured);
# anything else that would point at the machine that printed it (a build folder) is left as text.
LINKS = r"""
([names, learner, published, pages, seePage]) => {
  const headings = [...document.querySelectorAll("[data-wb-heading]")];
  const pageOf = (target) => {
    // The page of the target's own heading, or of the last heading before it.
    let found = target.matches("[data-wb-heading]") ? target : target.querySelector("[data-wb-heading]");
    if (!found) {
      for (const h of headings) {
        if (h.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING) found = h; else break;
      }
    }
    return found && pages ? String(pages[+found.dataset.wbHeading] || "") : "000";
  };
  const unwrap = (a) => a.replaceWith(...a.childNodes);
  // Sphinx's marker of where a page starts ("document-<page>") prints nothing, so Chromium makes no
  // destination for it: a link goes to the section that follows it.
  const shown = (el) => !el || el.checkVisibility() || !el.nextElementSibling ? el : el.nextElementSibling;
  for (const a of document.querySelectorAll("#jb-print-toc a[href^='#']")) {
    const target = shown(document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1))));
    if (target && target.id) a.setAttribute("href", "#" + target.id);
  }
  for (const a of document.querySelectorAll(".bd-article a[href], #wb-pdf-cover a[href]")) {
    // The contents have their own page numbers; a heading's own "#" link is not printed.
    if (a.closest("#jb-print-toc, h1, h2, h3, h4, h5, h6, [role=heading]")) continue;
    let id = a.dataset.wbTarget;
    if (!id) {
      const href = a.getAttribute("href");
      if (/^(https?|mailto):/i.test(href)) continue;
      const [path, fragment] = href.split("#");
      const page = path.replace(/\.html$/, "");
      const name = path ? names.find(n => page === n || page.endsWith("/" + n)) : null;
      const target = shown((fragment && document.getElementById(decodeURIComponent(fragment)))
                           || (name && document.getElementById("document-" + name)));
      if (target && target.id) {
        id = target.id;
        a.setAttribute("href", "#" + id);
        a.dataset.wbTarget = id;
        const ref = document.createElement("span");
        ref.className = "wb-pdf-ref";
        a.after(ref);
      } else if (name && learner.includes(name) && published) {
        a.setAttribute("href", published + "/" + name + ".html" + (fragment ? "#" + fragment : ""));
        continue;
      } else {
        unwrap(a);
        continue;
      }
    }
    const ref = a.nextElementSibling;
    if (ref && ref.matches(".wb-pdf-ref")) ref.textContent = " " + seePage.replace("{page}", pageOf(document.getElementById(id)));
  }
}
"""

# The text of each heading a reader sees, in document order, each marked with its place in that
# order: the bookmarks' titles. Chromium makes a bookmark's title from the text it paints for the
# heading: a wrapped heading's lines run together ("reducesviolence"), and a heading that a page
# break moved is said twice ("OpeningOpening").
HEADINGS = r"""
() => {
  const found = [];
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")) {
    const title = h.innerText.replace(/#$/, "").replace(/\s+/g, " ").trim();
    if (!title || !h.checkVisibility()) { delete h.dataset.wbHeading; continue; }
    h.dataset.wbHeading = String(found.length);
    found.push(title);
  }
  return found;
}
"""

PDF_STYLE = """
@media print {
  html { font-size: 14px; }
  body { line-height: 1.5; }
  .bd-article h2, .bd-article h3 { margin-top: 1.4em; }
  #wb-pdf-cover { break-after: page; padding-top: 25vh; text-align: center; }
  #wb-pdf-cover p { max-width: 34rem; margin-left: auto; margin-right: auto; }
  #wb-pdf-cover .wb-pdf-title { font-size: 2.4rem; font-weight: 700; margin-bottom: 0.5rem; }
  #wb-pdf-cover .wb-pdf-subtitle { font-size: 1.3rem; margin-bottom: 3rem; }
  #wb-pdf-cover.wb-pdf-compact { break-after: auto; padding: 0 0 0.5rem; margin-bottom: 1rem; text-align: left;
                                 border-bottom: 1px solid #555; font-size: 0.85rem; }
  #wb-pdf-cover.wb-pdf-compact p { max-width: none; margin: 0 0 0.3rem; }
  #wb-pdf-cover.wb-pdf-compact .wb-pdf-title { font-size: 1.9rem; margin: 0; }
  #wb-pdf-cover.wb-pdf-compact .wb-pdf-subtitle { font-size: 1.05rem; margin-bottom: 0.6rem; }
  #jb-print-docs-body { display: block !important; break-after: page; }
  .bd-main .bd-content #jb-print-toc h2 { font-size: 1.8rem; }
  .bd-main .bd-content #jb-print-toc .section-nav { list-style: none !important; margin-left: 1.5em !important; padding: 0; }
  .bd-main .bd-content #jb-print-toc .section-nav li.toc-entry { display: flex !important; align-items: baseline; }
  .bd-main .bd-content #jb-print-toc .section-nav li.toc-entry a { color: #000; }
  .bd-main .bd-content #jb-print-toc .wb-pdf-page { margin-left: auto; padding-left: 1rem; }
  .bd-main .bd-content #jb-print-toc p.caption { font-weight: 700; margin: 1rem 0 0.3rem; break-after: avoid; }
  .wb-pdf-chapter { break-before: page; }
  .wb-print-first { break-before: auto !important; }
  /* Sphinx's empty marker between two pages of a book: between two forced breaks it would be a blank page. */
  .bd-article span[id^="document-"]:empty { display: none; }
  /* A page of its own (a handout, a paper form, a one-page answer key), set tighter so it fits. */
  .wb-print-page { break-before: page; break-after: page; font-size: 0.92rem; line-height: 1.35; }
  .bd-article .wb-print-page h2, .bd-article .wb-print-page h3 { margin-top: 0.5em; margin-bottom: 0.4em; }
  .wb-print-page p, .wb-print-page li { margin-bottom: 0.3em; }
  .wb-print-page table { width: 100%; font-size: 0.82em; line-height: 1.25; margin: 0.3rem 0; }
  .wb-print-page td, .wb-print-page th { padding: 0.15rem 0.3rem !important; vertical-align: top; }
  section:has(> [id^="generated-key-"]) td:first-child, [id^="generated-key-"] td:first-child { width: 2.2em; }
  .wb-print-page .wb-form-write { min-height: 8em; }
  .wb-print-page .wb-form-write:first-of-type { min-height: 2.4em; }
}
"""


def book_title(book: Path) -> str:
    config = read_config(book)
    return str(config.get("title") or "The Wellbeing Model")


def root_page(book: Path) -> str:
    toc = read_toc(book)
    return str(toc["root"]).removesuffix(".md")


def build_singlehtml(books: list[tuple[Path, Path]]) -> list[Path]:
    """Build each book as a single HTML page in <out>/_build/singlehtml/, side by side (most of a
    build is importing Jupyter Book, which two cores do at once); return a printable copy of each."""
    exe = Path(sys.executable).parent / "jupyter-book"
    runs = []
    for book, out in books:
        cmd = [str(exe) if exe.exists() else "jupyter-book", "build", str(book), "--builder", "singlehtml",
               "--path-output", str(out), "-W", "-n", "--keep-going", "-q"]
        log = tempfile.TemporaryFile(mode="w+")
        runs.append((cmd, log, subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True)))
    pages = []
    for (book, out), (cmd, log, process) in zip(books, runs):
        code = process.wait()
        log.seek(0)
        print("+", " ".join(cmd), flush=True)
        print(log.read(), flush=True)
        if code:
            raise subprocess.CalledProcessError(code, cmd)
        folder = out / "_build" / "singlehtml"
        page = folder / f"{root_page(book)}.html"
        if not page.is_file():
            raise FileNotFoundError(f"the single-page build wrote no {page}")
        # Sphinx writes a root page that lives in a subfolder (book/welcome) there, but with every
        # asset path relative to the output's root: print a copy that sits at the root.
        printable = folder / "print.html"
        shutil.copyfile(page, printable)
        pages.append(printable)
    return pages


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page) for every bookmark of a PDF, in document order; pages count from 1."""
    reader = PdfReader(str(pdf))
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                title = " ".join(str(item.title).split()).removesuffix("#").strip()
                found.append((depth, title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def squeeze(title: str) -> str:
    """A title without its spaces: Chromium's bookmarks join the lines of a wrapped heading without one."""
    return re.sub(r"\s+", "", title).removesuffix("#")


def _chapter_pages(pdf: Path, chapters: list[str]) -> list[int]:
    """The page each chapter starts on: the bookmarks of the first print, matched in order."""
    marks = outline(pdf)
    found, at = [], 0
    for title in chapters:
        want = squeeze(title)
        for i in range(at, len(marks)):
            if squeeze(marks[i][1]) == want:
                found.append(marks[i][2])
                at = i + 1
                break
        else:
            found.append(0)
    return found


# Shrinks the type of each section that must fit on one page until it does, measured in the print
# layout at the printed page's width (Letter less the margins, in CSS pixels): a long quiz still
# gets its key on one page.
FIT = r"""
(limit) => {
  const sizes = [];
  for (const el of document.querySelectorAll(".wb-print-page")) {
    let scale = 1;
    el.style.fontSize = "";
    const base = parseFloat(getComputedStyle(el).fontSize);
    while (el.getBoundingClientRect().height > limit && scale > 0.62) {
      scale -= 0.04;
      el.style.fontSize = (base * scale) + "px";
    }
    sizes.push(Math.round(scale * 100));
  }
  return sizes;
}
"""
PAGE_WIDTH, PAGE_HEIGHT = 695, 912   # 8.5 x 11 in, less 2 x 16 mm and 18 + 20 mm, at 96 px an inch

OPTIONS = dict(format="Letter", print_background=True, display_header_footer=True, outline=True, tagged=True,
               header_template="<div></div>", footer_template=render("wb-pdf-footer.html"),
               margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})


def print_document(page, html: Path, pdf: Path, title: str, subtitle: str, parts: list[dict] | None = None,
                   contents: bool = True, edition: str = "", name: str = "", links: dict | None = None) -> int:
    """Print one document: a single-page book, or (with ``parts``) a document assembled from its
    sections; without ``contents``, the title and the front matter open the first page. ``edition``
    ("<organization> staff training", from organization.yml) leads the title page's lines. ``name``
    is the document's title in its metadata (what a reader's title bar and a screen reader say);
    ``links`` says where links go (:func:`link_targets`). Return the page count."""
    lines = [AFFILIATION, f"Printed {date.today().isoformat()}. The latest version is the online course."]
    if edition:
        lines.insert(0, edition + ".")
    page.goto(html.resolve().as_uri(), wait_until="load")
    page.add_style_tag(content=PDF_STYLE)
    page.evaluate(SET_LEVEL)
    page.evaluate("document.fonts.ready")
    # Print keeps each question's options in their authored order, not this browser's shuffle.
    page.evaluate("() => { const c = window.wellbeingCourse; if (c && c.authoredOrder) c.authoredOrder(); }")
    if parts is not None:
        page.evaluate(ASSEMBLE, [parts, contents])
    chapters = page.evaluate(PREPARE, [title, subtitle, lines, None, not contents])
    page.evaluate("name => { document.title = name; }", name or title)   # Chromium's metadata title
    links = links or {"names": [], "learner": [], "published": ""}
    see_page = word("pdf.see_page", page="{page}")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PAGE_WIDTH, "height": PAGE_HEIGHT})
    page.evaluate(HEADINGS)   # marks the headings that LINKS finds a link's page by
    page.evaluate(LINKS, [links["names"], links["learner"], links["published"], None, see_page])
    page.evaluate(FIT, PAGE_HEIGHT - 40)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    # A first print finds the page each chapter and each heading starts on; the second writes them in.
    headings = page.evaluate(HEADINGS)
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.pdf"
        page.pdf(path=str(draft), **OPTIONS)
        numbers = _chapter_pages(draft, chapters) if chapters else None
        starts = _heading_pages(draft, len(headings))
    if chapters:
        page.evaluate(PREPARE, [title, subtitle, lines, numbers, not contents])
    page.evaluate(LINKS, [links["names"], links["learner"], links["published"], starts, see_page])
    page.pdf(path=str(pdf), **OPTIONS)
    finish(pdf, headings)
    return page_count(pdf)


def link_targets(root: Path) -> dict:
    """Where the PDFs' links may go: the pages of both books (``names``, as Sphinx names them), the
    learner book's among them, and the learner book's published address when one is configured
    (``learner_book_url`` with a scheme; a relative one is a build folder)."""
    learner = toc_files(root)
    url = learner_book_url(root)
    return {"names": learner + toc_files(root / "facilitator"), "learner": learner,
            "published": url if re.match(r"^https?://", url, re.I) else ""}


# Chromium prints its page footer (and CSS page-margin boxes) outside the tagged structure, and
# outside any marked content: a screen reader would read "Page 3 of 40" in the middle of the text.
# PDF/UA's way to say "not content" is an /Artifact section; Chromium writes none, so each text
# object left outside marked content is put in one after printing.
ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
# A content stream's tokens: strings (with their escapes), dictionary brackets, names, operators.
_TOKEN = re.compile(rb"\((?:\\.|[^\\()])*\)|<<|>>|<[0-9A-Fa-f\s]*>|/[^\s()<>\[\]{}/%]*|[^\s()<>\[\]{}/%]+|\S")


def mark_artifacts(content: bytes) -> bytes:
    """The page content with every text object (BT ... ET) outside marked content marked as an artifact."""
    out, depth, start, last = [], 0, None, 0
    for m in _TOKEN.finditer(content):
        token = m.group()
        if token in (b"BDC", b"BMC"):
            depth += 1
        elif token == b"EMC":
            depth = max(0, depth - 1)
        elif token == b"BT" and depth == 0:
            start = m.start()
        elif token == b"ET" and depth == 0 and start is not None:
            out += [content[last:start], ARTIFACT, content[start:m.end()], b"\nEMC"]
            last, start = m.end(), None
    out.append(content[last:])
    return b"".join(out)


def _bookmarks(writer) -> list:
    """Every bookmark of the PDF being written, in document order (as :func:`outline` lists them)."""
    found = []

    def walk(item):
        while item is not None:
            item = item.get_object()
            found.append(item)
            walk(item.get("/First"))
            item = item.get("/Next")

    outlines = writer.root_object.get("/Outlines")
    if outlines is not None:
        walk(outlines.get_object().get("/First"))
    return found


def finish(pdf: Path, headings: list[str]) -> None:
    """After Chromium: each bookmark titled with its heading's own text (see HEADINGS), and the page
    footer marked as an artifact. The tags, links and metadata are kept as Chromium wrote them."""
    writer = PdfWriter(clone_from=str(pdf))
    marks = _bookmarks(writer)
    if len(marks) != len(headings):
        raise RuntimeError(f"{pdf.name}: Chromium made {len(marks)} bookmarks for {len(headings)} headings")
    for mark, title in zip(marks, headings):
        mark[NameObject("/Title")] = TextStringObject(title)
    for page in writer.pages:
        stream = DecodedStreamObject()
        stream.set_data(mark_artifacts(page.get_contents().get_data()))
        page.replace_contents(stream.flate_encode())
    with tempfile.NamedTemporaryFile(dir=pdf.parent, suffix=".pdf", delete=False) as out:
        writer.write(out)
    Path(out.name).replace(pdf)


def _heading_pages(pdf: Path, count: int) -> list[int]:
    """The page each heading (in HEADINGS' order) starts on, from the PDF's bookmarks."""
    marks = outline(pdf)
    if len(marks) != count:
        raise RuntimeError(f"{pdf.name}: Chromium made {len(marks)} bookmarks for {count} headings")
    return [page for _depth, _title, page in marks]


def page_count(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def board_brief_parts(course) -> list[dict]:
    """The board brief, then each module's key points and sources: no quiz, nothing for the browser."""
    parts = [{"id": "document-book/board-brief"}]
    for n, module in enumerate(course.modules):
        parts.append({"id": f"document-{course.page_name(module)}", "only": f"wb-summary-{module.slug}", "nested": True,
                      "title": module.title, "heading": "What each module says" if n == 0 else ""})
    return parts


def pack_parts(course, fmt) -> list[dict]:
    """A workshop pack: the agenda, the session plans in order, the handouts, a one-page answer key
    per module, and the paper forms."""

    # A one-session agenda prints on one page, to pin up; a series of sessions may take more.
    parts = [{"id": f"generated-format-{fmt.slug}", "onePage": len(fmt.agendas) == 1}]
    parts += [{"id": f"document-generated/session-{slug}"} for slug in fmt.modules]
    parts += [{"id": f"document-generated/handout-{slug}", "onePage": True} for slug in fmt.modules]
    parts += [{"id": f"document-generated/answers-{slug}", "only": f"generated-key-{slug}"}
              for slug in fmt.modules if slug in course.banks]
    parts += [{"id": f"generated-form-{name}"} for name in load_forms(forms_path(course.root))]
    return parts


SUMMARY = ("Key points", "Sources")


def _mark_summaries(html: Path, course) -> None:
    """Wrap each module's "Key points" and "Sources" sections in the single page in one section
    with an id of our own (Sphinx numbers repeated ids), for the board brief to find."""
    text = html.read_text(encoding="utf-8")
    if 'id="wb-summary-' in text:
        return
    for module in course.modules:
        start = text.find(f'<span id="document-{course.page_name(module)}"></span>')
        head = re.compile(r'<section id="[^"]*">\s*<h3>Key points').search(text, max(start, 0))
        if start < 0 or not head:
            raise FileNotFoundError(f"the single page has no 'Key points' for the module {module.slug}")
        nxt = text.find('<span id="document-', head.end())
        nxt = len(text) if nxt < 0 else nxt
        # The module's own section closes just before the next page's marker: the wrapper ends there,
        # after "Sources", the module's last section.
        close = text.rfind("</section>", head.start(), nxt)
        # What is wrapped is Sphinx's own page, kept as it is.
        text = (text[:head.start()] + render("wb-pdf-summary.html", slug=module.slug, content=Markup(text[head.start():close]))
                + text[close:])
    html.write_text(text, encoding="utf-8")


def build_pdfs(root: Path) -> list[tuple[Path, int]]:
    from playwright.sync_api import sync_playwright

    generate(root)  # the guide's generated pages, as `make book` writes them
    course = load_course(root)
    out_dir = root / "_build" / "pdf"
    src = root / "_build" / "pdf-src"
    learner_html, guide_html = build_singlehtml([(root, src / "learner"), (root / "facilitator", src / "facilitator")])
    _mark_summaries(learner_html, course)
    model = book_title(root)
    # (file, single page, title page's title, subtitle, parts, contents, the title in the metadata)
    jobs = [
        ("wellbeing-course.pdf", learner_html, model, LEARNER_SUBTITLE, None, True, f"Learner book — {model}"),
        ("facilitator-guide.pdf", guide_html, book_title(root / "facilitator"), GUIDE_SUBTITLE, None, True,
         f"Facilitator guide — {model}"),
        ("board-brief.pdf", learner_html, "A brief for boards",
         "The Wellbeing Model course: the case, the questions to ask, and what each module says",
         board_brief_parts(course), False, f"A brief for boards — {model}"),
    ]
    for fmt in course.formats:
        jobs.append((f"pack-{fmt.slug}.pdf", guide_html, f"Workshop pack: {fmt.title}",
                     "The agenda, session plans, handouts, answer keys and paper forms", pack_parts(course, fmt), True,
                     f"Workshop pack: {fmt.title} — {model}"))
    links = link_targets(root)
    edition = course.organization.edition_title if course.organization else ""
    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(color_scheme="light", reduced_motion="reduce").new_page()
            for name, html, title, subtitle, parts, contents, meta in jobs:
                pdf = out_dir / name
                made.append((pdf, print_document(page, html, pdf, title, subtitle, parts, contents, edition, meta, links)))
                print(f"Wrote {pdf.relative_to(root)} ({made[-1][1]} pages).", flush=True)
        finally:
            browser.close()
    return made


def run(args) -> int:
    root = find_root()
    try:
        build_pdfs(root)
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        print(f"The PDFs were not made: {err}", file=sys.stderr)
        return 1
    except CourseError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    return 0
