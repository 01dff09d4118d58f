"""The build follows the sources: an edited quiz file reaches the page at the next build."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # builds a small book with Jupyter Book

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


def build(book: Path) -> str:
    run = subprocess.run([str(Path(ROOT, ".venv/bin/jupyter-book")), "build", str(book), "-W", "-n", "--keep-going"],
                         cwd=book, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return run.stdout


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
