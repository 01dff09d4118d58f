"""The build follows the sources: an edited quiz file, or template of the package, reaches the page at
the next build (the notebook cache's key covers every file a page's output is made of)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import os
import re

import pytest

from conftest import ROOT
from wellbeing_course.sphinx import _inputs_digest, code_digest

slow = pytest.mark.slow  # builds a small book with Jupyter Book

PAGE = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---

# A small page

```{code-cell} ipython3
:tags: [remove-input]
from wellbeing_course import quiz
quiz("mini")
```
"""


def build(book: Path, env: dict | None = None, strict: bool = True) -> str:
    """Build ``book``; ``strict``: a warning fails it (a cut-down course has links to pages it left out)."""
    run = subprocess.run([str(Path(ROOT, ".venv/bin/jupyter-book")), "build", str(book), *(["-W"] if strict else []),
                          "-n", "--keep-going"],
                         cwd=book, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return run.stdout


@slow
def test_quiz_edit_reaches_the_page_and_nothing_else_reruns(tmp_path):
    """Editing feedback in a quiz bank re-runs the page that shows it, and only that page."""
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: page\nchapters:\n  - file: other\n")
    (tmp_path / "page.md").write_text(PAGE)
    (tmp_path / "other.md").write_text(PAGE.replace("# A small page", "# Another page").replace('quiz("mini")', "1 + 1"))
    (tmp_path / "quizzes").mkdir()
    bank = (ROOT / "quizzes" / "try-it.yml").read_text().replace("module: try-it", "module: mini").replace("try-it-", "mini-")
    (tmp_path / "quizzes" / "mini.yml").write_text(bank)
    build(tmp_path)
    (tmp_path / "quizzes" / "mini.yml").write_text(bank.replace("Nothing is sent anywhere;", "Nothing at all is sent anywhere;"))

    log = build(tmp_path)
    html = (tmp_path / "_build" / "html" / "page.html").read_text()
    assert "Nothing at all is sent anywhere;" in html
    assert "page.md: Executing notebook" in log
    assert "other.md: Executing notebook" not in log


def _package_copy(tmp_path) -> Path:
    """A copy of the package to edit, importable from the folder it is in (ahead of the installed one)."""
    package = tmp_path / "site" / "wellbeing_course"
    shutil.copytree(ROOT / "wellbeing_course", package, ignore=shutil.ignore_patterns("__pycache__"))
    return package


def _changes(file: Path, digest) -> bool:
    """Whether a small edit to ``file`` (a line added at its end) changes ``digest()``."""
    before, text = digest(), file.read_bytes()
    file.write_bytes(text + b"\n# edited\n")
    try:
        return digest() != before
    finally:
        file.write_bytes(text)


def test_every_file_a_page_is_made_of_is_in_its_cache_key(tmp_path):
    """Every template, words.yml and every module of the package, each quiz bank for its page and every
    file under assessment/ for the self-assessment: an edit to any of them re-runs the page."""
    package = _package_copy(tmp_path)
    made_of = [p for p in package.rglob("*") if p.is_file() and p.relative_to(package).parts[0] != "static"]
    assert package / "templates" / "assessment" / "page.html" in made_of and package / "words.yml" in made_of
    unseen = [p.relative_to(package).as_posix() for p in made_of if not _changes(p, lambda: code_digest(package))]
    assert unseen == [], "edited, yet the pages would come from the cache: " + ", ".join(unseen)
    # The browser's files change no cell's output: editing one rewrites the pages but re-runs none.
    assert not _changes(package / "static" / "wellbeing.js", lambda: code_digest(package))

    course = tmp_path / "course"
    course.mkdir()
    for part in ("_toc.yml", "modules", "book", "quizzes", "assessment"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, course / part)
    page_of = {bank: course / "modules" / f"{bank.stem}.md" for bank in (course / "quizzes").glob("*.yml")}
    page_of = {bank: page if page.exists() else course / "book" / f"{bank.stem}.md" for bank, page in page_of.items()}
    page_of.update({p: course / "book" / "self-assessment.md" for p in (course / "assessment").rglob("*") if p.is_file()})
    unseen = [f"{f.relative_to(course)} (for {page.relative_to(course)})" for f, page in page_of.items()
              if not _changes(f, lambda: _inputs_digest(page))]
    assert unseen == [], "edited, yet its page would come from the cache: " + ", ".join(unseen)


CODE_CELL = re.compile(r"```\{code-cell\}.*?\n```\n", re.S)


@slow
def test_a_template_edit_reaches_the_built_self_assessment(tmp_path):
    """Editing templates/assessment/page.html changes the built self-assessment at the next build (the
    notebook cache kept the old page)."""
    package = _package_copy(tmp_path)
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copy(ROOT / "book" / "self-assessment.md", book / "page.md")
    shutil.copytree(ROOT / "assessment", book / "assessment")
    (book / "quizzes").mkdir()
    (book / "modules").mkdir()
    modules = [n for n in (ROOT / "_toc.yml").read_text().split() if n.startswith("modules/")]
    for name in modules:  # their titles and headings, without cells to run
        (book / f"{name}.md").write_text(CODE_CELL.sub("", (ROOT / f"{name}.md").read_text()))
    (book / "_toc.yml").write_text("format: jb-book\nroot: page\nchapters:\n" + "".join(f"  - file: {n}\n" for n in modules))
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    build(book, env, strict=False)
    template = package / "templates" / "assessment" / "page.html"
    template.write_text(template.read_text().replace('<div class="wb-assessment">', '<div class="wb-assessment" data-edited="yes">', 1))

    build(book, env, strict=False)
    assert 'data-edited="yes"' in (book / "_build" / "html" / "page.html").read_text()
