"""PDFs of both books: ``python -m wellbeing_course pdf`` (``make pdf``).

Each book is built once more with Sphinx's single-page HTML builder into its own folder under
``_build/pdf-src/`` (its own doctrees and notebook cache: the HTML books are left alone), then
printed by headless Chromium through Playwright. Before printing, the page gets a title page
and the theme's print table of contents gets page numbers: a first print finds the page each
chapter starts on (pdftotext), a second print writes them in. Print styles live in
``static/wellbeing.css`` (``@media print``): no navigation, no buttons, no quiz answers or
feedback, room to write under each reflection prompt.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import yaml

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

AFFILIATION = ("The Wellbeing Model is an independent network of human trafficking survivors, grassroots "
               "organizers and affiliated organizations. It draws inspiration from the Full Frame Initiative's "
               "Wellbeing Framework and recommends its resources, but it is not affiliated with the Full Frame "
               "Initiative and does not represent it.")

# (source folder relative to the course root, output file name, subtitle on the title page)
BOOKS = [
    (".", "wellbeing-course.pdf", "A staff-training course: the learner book"),
    ("facilitator", "facilitator-guide.pdf", "Session plans, answer keys, handouts and evaluation"),
]

FOOTER = ('<div style="font-size:9px;width:100%;text-align:center;color:#333;font-family:sans-serif;">'
          'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')

# Runs in the page before printing: a title page, and page numbers in the theme's print contents.
PREPARE = r"""
([title, subtitle, lines, pages]) => {
  // Print keeps each question's options in their authored order, not this browser's shuffle.
  if (window.wellbeingCourse && window.wellbeingCourse.authoredOrder) window.wellbeingCourse.authoredOrder();
  const docs = document.getElementById("jb-print-docs-body");
  let cover = document.getElementById("wb-pdf-cover");
  if (!cover) {
    cover = document.createElement("div");
    cover.id = "wb-pdf-cover";
    const h = document.createElement("p");
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
    docs.parentNode.insertBefore(cover, docs);
    const oldTitle = docs.querySelector(":scope > h1");
    if (oldTitle) oldTitle.remove();
  }
  const links = [...docs.querySelectorAll("#jb-print-toc a.nav-link")];
  const first = document.querySelector(".bd-article > section");
  const chapters = [];
  if (first) {
    // The root page is the book's first chapter; the theme's contents leave it out.
    let item = docs.querySelector(".wb-pdf-first");
    const heading = first.querySelector("h1, h2");
    if (!item && heading) {
      const list = docs.querySelector("#jb-print-toc ul");
      item = document.createElement("li");
      item.className = "wb-pdf-first toctree-l1 nav-item toc-entry";
      const a = document.createElement("a");
      a.className = "reference internal nav-link";
      a.href = "#" + first.id;
      a.textContent = heading.textContent.replace(/#$/, "").trim();
      item.append(a);
      list.prepend(item);
    }
  }
  for (const a of docs.querySelectorAll("#jb-print-toc a.nav-link")) {
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

PDF_STYLE = """
@media print {
  html { font-size: 14px; }
  body { line-height: 1.5; }
  .bd-article h2, .bd-article h3 { margin-top: 1.4em; }
  #wb-pdf-cover { break-after: page; padding-top: 25vh; text-align: center; }
  #wb-pdf-cover .wb-pdf-title { font-size: 2.4rem; font-weight: 700; margin-bottom: 0.5rem; }
  #wb-pdf-cover .wb-pdf-subtitle { font-size: 1.3rem; margin-bottom: 3rem; }
  #wb-pdf-cover p { max-width: 34rem; margin-left: auto; margin-right: auto; }
  #jb-print-docs-body { break-after: page; }
  .bd-main .bd-content .bd-article h1:first-of-type { display: block; }
  .bd-main .bd-content #jb-print-toc h2 { font-size: 1.8rem; }
  .bd-main .bd-content #jb-print-toc .section-nav { list-style: none !important; margin-left: 1.5em !important; padding: 0; }
  .bd-main .bd-content #jb-print-toc .section-nav li.toc-entry { display: flex !important; align-items: baseline; }
  .bd-main .bd-content #jb-print-toc .section-nav li.toc-entry a { color: #000; }
  .bd-main .bd-content #jb-print-toc .wb-pdf-page { margin-left: auto; padding-left: 1rem; }
  .bd-main .bd-content #jb-print-toc p.caption { font-weight: 700; margin: 1rem 0 0.3rem; }
  .wb-pdf-chapter { break-before: page; }
}
"""


def book_title(book: Path) -> str:
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")) or {}
    return str(config.get("title") or "The Wellbeing Model")


def root_page(book: Path) -> str:
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    return str(toc["root"]).removesuffix(".md")


def build_singlehtml(book: Path, out: Path) -> Path:
    """Build one book as a single HTML page in out/_build/singlehtml/; return the page."""
    exe = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(exe) if exe.exists() else "jupyter-book", "build", str(book), "--builder", "singlehtml", "--path-output", str(out),
           "-W", "-n", "--keep-going", "-q"]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    folder = out / "_build" / "singlehtml"
    page = folder / f"{root_page(book)}.html"
    if not page.is_file():
        raise FileNotFoundError(f"the single-page build wrote no {page}")
    # Sphinx writes a root page that lives in a subfolder (book/welcome) there, but with every
    # asset path relative to the output's root: print a copy that sits at the root.
    printable = folder / "print.html"
    shutil.copyfile(page, printable)
    return printable


def _chapter_pages(pdf: Path, chapters: list[str]) -> list[int] | None:
    """The page each chapter starts on, found in order in the text of the first print."""
    if not shutil.which("pdftotext"):
        return None
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = [re.sub(r"\s+", " ", p) for p in text.split("\f")]
    # The chapters start after the contents, whose entries all read "000" in the first print.
    last = re.escape(re.sub(r"\s+", " ", chapters[-1]).strip()) + r" 000"
    start = next((i + 1 for i, p in enumerate(pages) if re.search(last, p)), 1)
    found = []
    for title in chapters:
        want = re.sub(r"\s+", " ", title).strip()
        for i in range(start, len(pages)):
            # A chapter starts a page: its title comes first on it.
            if want in pages[i][: len(want) + 120]:
                found.append(i + 1)
                start = i + 1
                break
        else:
            found.append(0)
    return found


def print_pdf(html: Path, pdf: Path, title: str, subtitle: str) -> int:
    """Print the single-page book to pdf; return its page count."""
    from playwright.sync_api import sync_playwright

    lines = [AFFILIATION, f"Printed {date.today().isoformat()}. The latest version is the online course."]
    options = dict(format="Letter", print_background=True, display_header_footer=True,
                   header_template="<div></div>", footer_template=FOOTER,
                   margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(color_scheme="light", reduced_motion="reduce")
            page = context.new_page()
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.add_style_tag(content=PDF_STYLE)
            page.evaluate("document.fonts.ready")
            chapters = page.evaluate(PREPARE, [title, subtitle, lines, None])
            with tempfile.TemporaryDirectory() as tmp:
                draft = Path(tmp) / "draft.pdf"
                page.pdf(path=str(draft), **options)
                pages = _chapter_pages(draft, chapters)
            page.evaluate(PREPARE, [title, subtitle, lines, pages])
            page.pdf(path=str(pdf), **options)
        finally:
            browser.close()
    return page_count(pdf)


def page_count(pdf: Path) -> int:
    data = pdf.read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def build_pdfs(root: Path) -> list[tuple[Path, int]]:
    out_dir = root / "_build" / "pdf"
    made = []
    for folder, name, subtitle in BOOKS:
        book = (root / folder).resolve()
        html = build_singlehtml(book, root / "_build" / "pdf-src" / ("learner" if folder == "." else folder))
        pdf = out_dir / name
        made.append((pdf, print_pdf(html, pdf, book_title(book), subtitle)))
    return made


def run(args) -> int:
    from .course import find_root

    root = find_root()
    try:
        made = build_pdfs(root)
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        print(f"The PDFs were not made: {err}", file=sys.stderr)
        return 1
    for pdf, pages in made:
        print(f"Wrote {pdf.relative_to(root)} ({pages} pages).")
    return 0
