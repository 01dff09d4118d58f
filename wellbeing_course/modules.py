"""Read the module notebooks (``modules/*.md``): front matter, headings, directives and the
``quiz(...)`` and ``reflection(...)`` calls in their code cells, each with its line.

The body is read with MyST's own parser (the one the build uses, see ``prose.py``), not line by
line: a ``#`` comment in a code cell is not a heading, a heading inside an admonition is not one
of the page's sections, and a colon fence (``:::{admonition}``) is a directive like a backtick one."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CourseError, Problem, display_path
from .prose import md_parser
from .reader import ANY, ID, INT, TEXT, ListOf, Record, load_text, read_text

# The course functions a page can call; the check and the build read their arguments.
CALLS = ("quiz", "reflection", "journal", "progress", "assessment", "objectives")

# The whole front matter a page may have: what jupytext, MyST-NB and the kernel read, and under ``course:``
# what this package reads (the check's minutes and objectives rules, the session plans and the
# workshop agendas). Any other key is a typo, reported with the key it is nearest to.
OBJECTIVE = Record({"id": ID, "text": TEXT}, required=frozenset({"id", "text"}))
ACTIVITY = Record({"title": TEXT, "minutes": INT, "steps": ListOf(TEXT), "scenarios": ListOf(TEXT)})
COURSE = Record({
    "objectives": ListOf(OBJECTIVE),
    "minutes": Record({"reading": INT, "activities": INT}),
    "facilitator": Record({"opening": TEXT, "close": TEXT, "activity": ACTIVITY}),
})
FRONT_MATTER = Record({
    "jupytext": Record({
        "text_representation": Record({"extension": TEXT, "format_name": TEXT, "format_version": ANY,
                                       "jupytext_version": ANY}),
        "formats": TEXT, "notebook_metadata_filter": TEXT, "cell_metadata_filter": TEXT, "main_language": TEXT}),
    "kernelspec": Record({"name": TEXT, "display_name": TEXT, "language": TEXT}),
    "mystnb": ANY,  # MyST-NB's options for one page (the generated evaluation page sets one)
    "course": COURSE,
})


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Reflection:
    id: str
    prompt: str
    module: str
    line: int


@dataclass(frozen=True)
class Objective:
    """One learning objective of a module: a stable id that quiz questions name, and its text."""
    id: str
    text: str


@dataclass
class Module:
    slug: str
    path: str
    title: str
    meta: dict
    lines: list[str]
    headings: list[tuple[int, str, int]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    directives: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def minutes(self) -> dict[str, int]:
        return dict(self.meta.get("minutes") or {})

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())

    @property
    def facilitator(self) -> dict:
        return dict(self.meta.get("facilitator") or {})

    @property
    def objectives(self) -> list[Objective]:
        """The front matter's ``course: objectives:`` list of ``{id, text}`` (each checked by the
        front matter schema, ``OBJECTIVE``, when the module was read)."""
        return [Objective(o["id"], o["text"].strip()) for o in self.meta.get("objectives") or []]

    def line_of(self, text: str) -> int:
        """The first line that holds ``text`` (1 if none does), to point a message at the source."""
        return next((n for n, line in enumerate(self.lines, start=1) if text in line), 1)

    @property
    def reflections(self) -> list[Reflection]:
        return [Reflection(c.args[0], c.args[1], self.slug, c.line)
                for c in self.calls if c.name == "reflection" and len(c.args) == 2]

    def section(self, heading: str) -> list[str]:
        """The Markdown lines under a ``##`` heading, up to the next heading of level 2 or above."""
        bounds = [(level, text, line) for level, text, line in self.headings if level <= 2]
        for (level, text, line), following in zip(bounds, bounds[1:] + [(0, "", len(self.lines) + 1)]):
            if level == 2 and text == heading:
                return self.lines[line:following[2] - 1]
        return []

    def bullets(self, heading: str) -> list[str]:
        return [line[2:].strip() for line in self.section(heading) if line.startswith("- ")]


def parse_module(path: Path) -> Module:
    shown = display_path(path)
    text = read_text(path, shown)
    lines = text.splitlines()
    meta, body_start = _front_matter(lines, shown)
    module = Module(slug=Path(path).stem, path=shown, title="", meta=meta.get("course") or {}, lines=lines)
    heading = 0  # the level of a heading whose text is the next token
    for token in md_parser().parse("\n".join(lines)):
        if not token.map or token.map[0] < body_start:
            continue  # the front matter, read above
        number = token.map[0] + 1
        if token.type == "heading_open":
            heading = int(token.tag[1:])
        elif token.type == "inline" and heading:
            module.headings.append((heading, token.content.strip(), number))
            if heading == 1 and not module.title:
                module.title = token.content.strip()
            heading = 0
        elif token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
            name, _, argument = token.info.strip()[1:].partition("}")
            module.directives.append((name.strip(), argument.strip(), number))
            if name.strip() == "code-cell":
                module.calls.extend(_calls(token.content.split("\n"), number, shown))
    return module


def _front_matter(lines: list[str], shown: str) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            meta = load_text("\n".join(lines[1:end]), FRONT_MATTER, shown, line_offset=1,
                             what="the front matter")
            return meta or {}, end + 1
    raise CourseError([Problem(shown, 1, 1, "the front matter has no closing '---'")])


def _calls(cell: list[str], start: int, shown: str) -> list[Call]:
    """Calls of the course functions, with the arguments that are plain strings."""
    source = "\n".join(line for line in cell if not line.startswith(":"))
    offset = start + sum(1 for line in cell if line.startswith(":"))
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise CourseError([Problem(shown, offset + (err.lineno or 1), 0,
                                   f"this code cell is not valid Python: {err.msg}")]) from None
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CALLS:
            args = tuple(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
            calls.append(Call(node.func.id, args, offset + node.lineno))
    return calls
