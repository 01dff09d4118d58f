"""The one Jinja2 environment for the markup the package writes: quizzes, reflections, the journal,
the progress list, the objectives, the self-assessment, and the pieces our Sphinx extension adds to a page.

Autoescaping is on, so every value a template shows (a question, an id, a learner's words) is
text, never markup; an undefined name is an error, never an empty string. Templates live in
``templates/components/`` and are written one element per line for reading: the loader drops
each line's indentation and line break, so a space that matters sits inside a line, and the
HTML is the same as if the template were written on one line (a space between two inline
elements is visible on the page, and the HTML goes into notebooks as it is).
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .words import word, word_html

TEMPLATES = Path(__file__).with_name("templates")
COMPONENTS = TEMPLATES / "components"


class _JoinedLines(FileSystemLoader):
    """A template's lines joined without their indentation and line breaks (see the module's note)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return "".join(line.lstrip() for line in source.splitlines()), filename, uptodate


def tojson(value) -> Markup:
    """Data for a ``<script type="application/json">``, which the script reads with textContent:
    every "<" is escaped, so no text can close the element or open a comment in it."""
    return Markup(json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))


# Components by their own name ("wb-question.html"); the self-assessment's as "assessment/page.html".
ENV = Environment(loader=_JoinedLines([COMPONENTS, TEMPLATES]), autoescape=True, undefined=StrictUndefined)
ENV.globals["word"] = word
ENV.globals["word_html"] = word_html
ENV.filters["tojson"] = tojson


def render(template: str, **context) -> str:
    return ENV.get_template(template).render(**context)
