"""The prose of a page as a reader sees it, read with MyST's own Markdown parser.

The check's language, link-text and alt-text rules read this instead of raw lines, so that text
inside admonitions and other directives (a content note, a tip, a figure's caption) is checked like
any paragraph, while code cells and inline code are left alone. Every piece keeps its file line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

# Directives whose body is code or data, not prose a reader sees as text.
NOT_PROSE = {"code-cell", "code", "code-block", "sourcecode", "raw", "eval-rst", "math", "mermaid", "literalinclude",
             "toctree", "list-table", "csv-table", "include"}
IMAGE_DIRECTIVES = {"image", "figure"}
OPTION = re.compile(r"^:([\w-]+):(.*)$")
IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)", re.I)


@dataclass
class Prose:
    """What a page says: paragraphs (first line, text with one line per source line), links and images."""
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    links: list[tuple[int, str, str]] = field(default_factory=list)      # (line, label, target)
    images: list[tuple[int, str, str]] = field(default_factory=list)     # (line, alt, source)
    html_img_without_alt: list[int] = field(default_factory=list)


@lru_cache(maxsize=1)
def md_parser():
    """MyST's Markdown parser as the books configure it (colon fences on): the modules and every
    rule of the check read pages with it."""
    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)


@lru_cache(maxsize=32)  # two rules read the same page
def read_prose(text: str) -> Prose:
    """The prose of a whole page (front matter included, and skipped)."""
    out = Prose()
    _walk(text, 0, out)
    return out


def _walk(text: str, offset: int, out: Prose) -> None:
    """Read ``text``, whose first line is file line ``offset + 1``, into ``out``."""
    for token in md_parser().parse(text):
        line = offset + (token.map[0] if token.map else 0) + 1
        if token.type == "inline":
            _inline(token, line, out)
        elif token.type in ("fence", "colon_fence"):
            _directive(token, line, out)
        elif token.type == "html_block" and IMG_WITHOUT_ALT.search(token.content):
            out.html_img_without_alt.append(line)


def _directive(token, line: int, out: Prose) -> None:
    """A fenced block: a directive's options and body, read as prose unless it holds code."""
    info = token.info.strip()
    if not info.startswith("{"):
        return  # a plain code block
    name, _, argument = info[1:].partition("}")
    name = name.strip()
    if name in NOT_PROSE:
        return
    body = token.content.split("\n")
    options, start = {}, 0
    if body and body[0].strip() == "---":  # options as a YAML block
        end = next((i for i in range(1, len(body)) if body[i].strip() == "---"), 0)
        for raw in body[1:end]:
            key, _, value = raw.partition(":")
            options[key.strip()] = value.strip()
        start = end + 1
    else:
        while start < len(body) and OPTION.match(body[start]):
            key, value = OPTION.match(body[start]).groups()
            options[key] = value.strip()
            start += 1
    if name in IMAGE_DIRECTIVES:
        out.images.append((line, options.get("alt", ""), argument.strip()))
    if argument.strip() and name not in IMAGE_DIRECTIVES:
        out.paragraphs.append((line, argument.strip()))  # an admonition's title is prose too
    _walk("\n".join(body[start:]), line + start, out)


def _inline(token, line: int, out: Prose) -> None:
    """One paragraph, heading or table cell: its text line by line, its links and its images."""
    lines = [""]
    label: list[str] | None = None
    link_line, target = line, ""
    for child in token.children or []:
        here = line + len(lines) - 1
        if child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type == "text":
            lines[-1] += child.content
            if label is not None:
                label.append(child.content)
        elif child.type == "code_inline":
            lines[-1] += " "  # code is shown, not said
            if label is not None:
                label.append(child.content)
        elif child.type == "link_open":
            label, link_line, target = [], here, str(child.attrGet("href") or "")
        elif child.type == "link_close" and label is not None:
            out.links.append((link_line, "".join(label), target))
            label = None
        elif child.type == "image":
            out.images.append((here, child.content, str(child.attrGet("src") or "")))
        elif child.type == "html_inline" and IMG_WITHOUT_ALT.search(child.content):
            out.html_img_without_alt.append(here)
    out.paragraphs.append((line, "\n".join(lines)))
