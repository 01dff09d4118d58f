"""No text from a source or a learner becomes markup: ids, prompts, options, titles and feedback
written with quotes, angle brackets or event handlers show as the text they are.

The HTML is parsed (Python's HTML parser, through Beautiful Soup), and the tests read elements,
attributes and text as a browser would see them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


AUTHOR_PAGE = """\
# A page by an author

```{raw} html
<p class="author-thebe">Thebe, kernelName and sphinx-thebe are only words here.</p>
```

<div class="author-html">An HTML block that says thebe.</div>
"""


def test_an_authors_raw_html_that_mentions_thebe_stays_on_the_page(tmp_path):
    """A book built with the course's configuration keeps an author's raw HTML, whatever it says,
    and its pages load nothing from thebe, copy buttons, toggle buttons or sphinx-design."""
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    (tmp_path / "page.md").write_text(AUTHOR_PAGE)
    (tmp_path / "quizzes").mkdir()  # what makes the folder a course for our extension
    run = subprocess.run([str(Path(ROOT, ".venv/bin/jupyter-book")), "build", str(tmp_path), "-W", "-n", "--keep-going"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    soup = parse((tmp_path / "_build" / "html" / "page.html").read_text(encoding="utf-8"))

    assert soup.find(class_="author-thebe").get_text() == "Thebe, kernelName and sphinx-thebe are only words here."
    assert soup.find(class_="author-html").get_text() == "An HTML block that says thebe."
    assets = [tag.get("src") or tag.get("href") for tag in soup.find_all(["script", "link"]) if tag.get("src") or tag.get("href")]
    for unwanted in ("thebe", "copybutton", "clipboard", "togglebutton", "design"):
        assert not [a for a in assets if unwanted in a.lower()], unwanted
    inline = " ".join(s.get_text() for s in soup.find_all("script") if not s.get("src"))
    assert "THEBE_JS_URL" not in inline and "togglebuttonSelector" not in inline
