"""The catalog of interface words (``words.yml``), for Python and, as JSON in each page, the script.

``word("quiz.verdict.correct")`` gives one string; ``word("quiz.question_number", number=2, count=8)``
fills its placeholders. The book's pages carry the whole catalog as ``<script id="wb-words"
type="application/json">``, so the script shows exactly the words the widgets show.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from .reader import TEXT, Tree, load

CATALOG = Path(__file__).with_name("words.yml")
WORDS = Tree(TEXT)


def load_catalog(path: Path = CATALOG, shown: str | None = None) -> dict:
    """A catalog of words, checked by the course's reader (a repeated key is an error, not a
    silent winner); CourseError naming the line of each problem."""
    return load(path, WORDS, shown, empty="the interface words", what="the catalog of words")


@lru_cache(maxsize=1)
def catalog() -> dict:
    return load_catalog()


def _one(key: str) -> str:
    node = catalog()
    for part in key.split("."):
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(f"{key} is a group of words, not one")
    return node


def word(key: str, **values) -> str:
    node = _one(key)
    return node.format(**values) if values else node


def word_html(key: str, **values) -> Markup:
    """A word whose placeholders hold markup (a link, a span the script fills): the word itself
    and every value that is not already Markup are escaped, so a translation keeps the markup
    where its sentence puts it and no text becomes markup."""
    return escape(_one(key)).format(**values)


# Groups only live Jupyter shows (widgets.py, lab.py): every page of the book would carry them for nothing.
JUPYTER_ONLY = ("jupyter", "lab")


def catalog_json() -> str:
    """The catalog for a book page, without the Jupyter-only groups: '<' escaped so that no word
    can close the script element."""
    words = {group: value for group, value in catalog().items() if group not in JUPYTER_ONLY}
    return json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")
