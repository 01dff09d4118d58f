"""Every interface word the learner sees comes from words.yml: no template and no script holds
English of its own, so a translation replaces one file and the book and Jupyter cannot drift."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from wellbeing_course.words import word, word_html

PACKAGE = Path(__file__).resolve().parent.parent / "wellbeing_course"
TEMPLATES = sorted((PACKAGE / "templates").rglob("*.html"))
SCRIPTS = sorted((PACKAGE / "static").glob("*.js"))

# Text in a template that is not a word of the interface: a key's name on the keyboard.
TEMPLATE_ALLOWED = {"Ctrl"}
# Attributes a person reads or hears (tooltips, screen readers, alternatives).
SHOWN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "data-bs-title"}
JINJA = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
WORD = re.compile(r"[A-Za-z]{3,}")


class _Text(HTMLParser):
    """The text a page would show: text nodes outside <script> and <style>, and shown attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.found += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.found.append(data)


def template_words(source: str) -> list[str]:
    """Words of 3+ letters in a template's own text, once Jinja's comments, expressions and
    statements are taken out (what they show comes from words.yml or from the course)."""
    parser = _Text()
    parser.feed(JINJA.sub(" ", source))
    parser.close()
    return [w for text in parser.found for w in WORD.findall(text) if w not in TEMPLATE_ALLOWED]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(PACKAGE / "templates").as_posix())
def test_templates_hold_no_interface_words(path):
    assert template_words(path.read_text(encoding="utf-8")) == []


def string_literals(source: str) -> list[tuple[int, str]]:
    """A script's string literals with their line, comments skipped (a small scanner: the
    scripts use no regular expression that holds a quote or a comment marker)."""
    found, i, n = [], 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else n
        elif source.startswith("/*", i):
            i = source.index("*/", i + 2) + 2
        elif c in "'\"`":
            start, i = i, i + 1
            while source[i] != c:
                i += 2 if source[i] == "\\" else 1
            found.append((source.count("\n", 0, start) + 1, source[start + 1:i]))
            i += 1
        else:
            i += 1
    return found


# A sentence: two words of letters with a space between them, neither part of a CSS selector,
# a class list, a key or an id (no "-", ".", "#", "[", ":" or "_" touching it).
SENTENCE = re.compile(r"(?<![-.#\[:_\w])[A-Za-z]{2,}[,;]? [A-Za-z]{2,}(?![-\w\]])")
# One capitalised word (a label such as "Check" or "Saved"), unless it is a key, an event or an
# error name the browser gives.
LABEL = re.compile(r"[A-Z][a-z]{2,}[.:!?]?")
SCRIPT_ALLOWED = {
    "Shift", "Tab", "Escape", "Enter",  # KeyboardEvent.key values, never shown
    "QuotaExceededError",  # the browser's own error name
    "use strict",
    "not attempted",  # SCORM 1.2's cmi.core.lesson_status vocabulary, read from the learning system
    "a[href], button, input, select, textarea, [tabindex]",  # the menus' focusable elements
}


def script_words(source: str) -> list[str]:
    shown = []
    for line, text in string_literals(source):
        if text in SCRIPT_ALLOWED:
            continue
        # A selector, such as 'a.wb-module-link[data-wb-questions]' or '.wb-statement input'.
        if re.fullmatch(r"[\w\s.#\[\]=\"'*>:,()-]*", text) and re.search(r"[.#\[]|wb-", text) and not SENTENCE.search(
                re.sub(r"\S*[.#\[\]-]\S*", "", text)):
            continue
        if SENTENCE.search(text) or LABEL.fullmatch(text):
            shown.append(f"{line}: {text}")
    return shown


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_scripts_hold_no_interface_words(path):
    assert script_words(path.read_text(encoding="utf-8")) == []


def test_the_checks_see_english_where_it_would_be_written():
    """The two heuristics catch what they are for, so a green run means something."""
    assert template_words('<h2 class="wb-x">{# a note #}Your results</h2>') == ["Your", "results"]
    assert template_words('<button aria-label="Close menu">{{ word("x") }}</button>') == ["Close", "menu"]
    assert template_words('<p class="wb-hint">{{ word("quiz.check") }}</p><kbd>Ctrl</kbd>') == []
    assert template_words("<script>var quiet = 'not shown';</script>") == []
    assert script_words('say(status, "Nothing was deleted.");') == ["1: Nothing was deleted."]
    assert script_words('b.textContent = "Check";') == ["1: Check"]
    assert script_words('x = "this browser\'s storage is full.";') == ["1: this browser's storage is full."]
    assert script_words('q(".wb-statement input"); el.className = "wb-feedback wb-" + r; t("quiz.check");'
                        ' // Not a word "of the page"') == []


def test_words_with_markup_escape_the_text_and_keep_the_markup():
    """word_html puts markup (a link) where the sentence says and escapes everything else."""
    shown = word_html("assessment.steps_intro", module=Markup('<a href="x">Step</a>'))
    assert shown == word("assessment.steps_intro", module='<a href="x">Step</a>')
    assert "&lt;b&gt;" in word_html("assessment.steps_intro", module="<b>")
