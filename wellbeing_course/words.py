"""The catalog of interface words (``words.yml``), for Python and, as JSON in each page, the script.

``word("quiz.verdict.correct")`` gives one string; ``word("quiz.question_number", number=2, count=8)``
fills its placeholders. Each page of the book carries the groups its scripts read as ``<script
id="wb-words" type="application/json">``, so the script shows exactly the words the widgets show.
"""

from __future__ import annotations

import json
import re
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


# A key a script names, as a string literal: t("quiz.check"), or "assessment.refused." + why.
_SCRIPT_KEY = re.compile(r"""["']([a-z_]+)\.""")


@lru_cache(maxsize=8)
def script_groups(*scripts: Path) -> frozenset[str]:
    """The catalog's groups that these scripts name: what a page that loads them must carry (the
    self-assessment's words are 3 KB that only its own page needs)."""
    named = {m.group(1) for script in scripts for m in _SCRIPT_KEY.finditer(script.read_text(encoding="utf-8"))}
    return frozenset(named & set(catalog())) - set(JUPYTER_ONLY)


@lru_cache(maxsize=8)  # a build asks once per page, for one of a few sets of groups
def catalog_json(groups: frozenset[str] | None = None) -> str:
    """The catalog for a book page: ``groups`` of it (all but the Jupyter-only ones when None),
    with '<' escaped so that no word can close the script element."""
    words = {group: value for group, value in catalog().items()
             if group not in JUPYTER_ONLY and (groups is None or group in groups)}
    return json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")
