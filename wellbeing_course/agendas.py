"""Workshop agendas: ``facilitator/formats.yml`` (the choices) and the modules' minutes (the times).

A format says when it starts, which modules it takes (and which parts of each), and the steps
around them: arrival and welcome, ground rules, breaks, the closing round, the evaluation. The
minutes of a module come only from its own front matter. Every row of an agenda takes a whole
number of five-minute steps (a module's own minutes rounded up; the spare minutes are buffer),
so that every clock time a facilitator prints is one a room can keep: 09:00, 09:15, 10:40.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CourseError, Problem, display_path
from .modules import Module
from .reader import ID, INT, TEXT, ListOf, Record, load

if TYPE_CHECKING:  # the course model holds the formats, so it imports this module
    from .course import Course

FORMATS_FILE = "formats.yml"
STEP = 5            # minutes: every clock time in an agenda is on a step
PARTS = ("reading", "activities", "activity")
PART_LABELS = {
    "reading": "Opening and talking points",
    "activities": "Discussion prompts and quiz questions",
    "activity": "Small-group activity and close",
}
# Every character that can start MyST markup, inline or (for text that begins a line) a block:
# emphasis, code, links and images, HTML, table cells, math, roles and substitutions, headings,
# targets "(label)=", block breaks "+++" and character references "&lt;".
_ESCAPE = re.compile(r"([\\`*_\[\]<>|$~{}()#+!&])")


def esc(text: str) -> str:
    """Plain text as MyST Markdown, shown as written: no emphasis, link, math, HTML, table cell,
    role, heading, target or character reference."""
    return _ESCAPE.sub(r"\\\1", " ".join(str(text).split()))


def clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def slot(minutes: int) -> int:
    """A row's length on the agenda: its minutes rounded up to whole five-minute steps."""
    return -(-minutes // STEP) * STEP


@dataclass(frozen=True)
class Row:
    start: int          # minutes since midnight, always on a five-minute step
    minutes: int        # the row's slot: whole five-minute steps
    what: str           # Markdown
    module: str = ""    # slug, or "" for a step or a break
    kind: str = ""      # "module", "break" or "step"
    own: int = 0        # for a module: the minutes its front matter gives the parts shown


@dataclass
class Agenda:
    title: str
    start: int
    rows: list[Row] = field(default_factory=list)
    budget: int | None = None

    @property
    def total(self) -> int:
        return sum(r.minutes for r in self.rows)

    @property
    def end(self) -> int:
        return self.start + self.total


@dataclass
class Format:
    slug: str
    title: str
    about: str
    agendas: list[Agenda]

    @property
    def modules(self) -> list[str]:
        """The format's modules, in the order it takes them, each once."""
        seen: list[str] = []
        for agenda in self.agendas:
            for row in agenda.rows:
                if row.module and row.module not in seen:
                    seen.append(row.module)
        return seen


def module_parts(module: Module) -> list[tuple[str, int]]:
    """(part, minutes) for each part of a module's session, straight from its front matter."""
    minutes = module.minutes
    activity = module.facilitator.get("activity") or {}
    return [("reading", minutes.get("reading")), ("activities", minutes.get("activities")),
            ("activity", activity.get("minutes"))]


def _parse_start(value) -> int | None:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value or ""))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59 or int(m.group(2)) % STEP:
        return None
    return int(m.group(1)) * 60 + int(m.group(2))


def _see(item: dict) -> str:
    """A step's link to a guide page, from the generated pages' folder."""
    see = str(item.get("see") or "")
    if not see:
        return ""
    return f"{see.removeprefix('generated/')}.md" if see.startswith("generated/") else f"../{see}.md"


# The file's schema (see the comment at the top of formats.yml); any other key is a typo.
ITEM = Record({"module": ID, "parts": ListOf(TEXT), "break": TEXT, "step": TEXT, "minutes": INT, "see": TEXT})
SESSION = Record({"title": TEXT, "items": ListOf(ITEM)}, required=frozenset({"items"}))
FORMAT = Record({"slug": ID, "title": TEXT, "about": TEXT, "start": TEXT, "budget": INT, "rows": TEXT,
                 "sessions": ListOf(SESSION)}, required=frozenset({"slug", "title", "start", "sessions"}))
FORMATS = Record({"formats": ListOf(FORMAT)}, required=frozenset({"formats"}))
ITEM_KEYS = set(ITEM.fields)
FORMAT_KEYS = set(FORMAT.fields)


def load_formats(course: Course, path: Path | None = None, unreadable: frozenset[str] = frozenset()) -> list[Format]:
    """The workshop formats, with their agendas computed from the modules' minutes.

    ``unreadable``: modules whose own file has a problem (the check reports it there), so an item
    naming one is left out instead of being reported as a module that does not exist."""
    path = Path(path) if path else Path(course.root) / "facilitator" / FORMATS_FILE
    shown = display_path(path)
    data = load(path, FORMATS, shown, empty="'formats:', a list of workshop formats")
    problems: list[Problem] = []

    def problem(at: tuple[int, int], message: str) -> None:
        problems.append(Problem(shown, *at, message))

    formats = []
    for spec in data["formats"]:
        where = f"format '{spec.get('slug', '?')}'"
        agendas = []
        start = _parse_start(spec["start"])
        if start is None:
            problem(spec.where("start"), f"{where}: start '{spec['start']}' should be a time on a five-minute "
                                         "step, such as \"09:00\" or \"13:15\"")
            continue
        rows = spec.get("rows", "modules")
        if rows not in ("modules", "parts"):
            problem(spec.where("rows"), f"{where}: rows '{rows}' should be 'modules' or 'parts'")
            continue
        by_parts = rows == "parts"
        for session in spec["sessions"]:
            agenda = Agenda(title=session.get("title", ""), start=start, budget=spec.get("budget"))
            at = start
            items = session["items"]
            for n, item in enumerate(items):
                if "break" in item or "step" in item:
                    kind = "break" if "break" in item else "step"
                    minutes = item.get("minutes")
                    if not isinstance(minutes, int) or minutes <= 0 or minutes % STEP:
                        problem(item.where("minutes" if "minutes" in item else None),
                                f"{where}: the {kind} '{item[kind]}' needs its minutes, a whole number of "
                                "five-minute steps")
                        continue
                    what = esc(item[kind])
                    if item.get("see"):
                        what = f"[{what}]({_see(item)})"
                    agenda.rows.append(Row(at, minutes, what, kind=kind))
                    at += minutes
                    continue
                slug = item.get("module")
                if slug is None:
                    problem(items.where(n), f"{where}: an item is 'module:', 'step:' or 'break:'")
                    continue
                try:
                    module = course.module(slug)
                except KeyError:
                    if slug not in unreadable:
                        problem(item.where("module"), f"{where}: there is no module '{slug}' in _toc.yml")
                    continue
                wanted = item.get("parts") or list(PARTS)
                unknown = [p for p in wanted if p not in PARTS]
                if unknown:
                    problem(item.where("parts"), f"{where}: unknown part(s) {unknown} (use {', '.join(PARTS)})")
                    continue
                parts = [(p, m) for p, m in module_parts(module) if p in wanted]
                missing = [p for p, m in parts if not isinstance(m, int) or m <= 0]
                if missing:
                    problems.append(Problem(module.path, 1, 1, f"{where} uses the part(s) {missing}, but the "
                                            "module's front matter gives them no minutes"))
                    continue
                link = f"[{esc(module.title)}](session-{slug}.md)"
                if by_parts:
                    # Each part ends on the first step after the module's own minutes so far, so the
                    # rounding never adds up to more than one step per module.
                    begin, own = at, 0
                    for part, minutes in parts:
                        what = f"{link}: {PART_LABELS[part].lower()} ({minutes} min)"
                        if part == "activity":
                            what = (f"{link}: {PART_LABELS[part].lower()}: "
                                    f"{esc(module.facilitator['activity'].get('title', ''))} ({minutes} min)")
                        own += minutes
                        end = begin + slot(own)
                        agenda.rows.append(Row(at, end - at, what, slug, "module", minutes))
                        at = end
                else:
                    total = sum(m for _, m in parts)
                    detail = "; ".join(f"{PART_LABELS[p].lower()}, {m} min" for p, m in parts)
                    agenda.rows.append(Row(at, slot(total), f"{link} ({detail})", slug, "module", total))
                    at += slot(total)
            if agenda.budget and agenda.total > agenda.budget:
                problem(spec.where("budget"), f"{where}: the agenda takes {agenda.total} minutes, "
                                              f"more than its budget of {agenda.budget}")
            agendas.append(agenda)
        formats.append(Format(spec["slug"], spec["title"], spec.get("about", ""), agendas))
    if problems:
        raise CourseError(problems)
    return formats


def agenda_table(agenda: Agenda) -> list[str]:
    lines = ["| Start | End | Minutes | What happens |", "|---|---|--:|---|"]
    for row in agenda.rows:
        what = f"**{row.what}**" if row.kind == "break" else row.what
        lines.append(f"| {clock(row.start)} | {clock(row.start + row.minutes)} | {row.minutes} | {what} |")
    lines.append(f"| **Total** | **{clock(agenda.end)}** | **{agenda.total}** | "
                 f"**{duration(agenda.total)}, from {clock(agenda.start)} to {clock(agenda.end)}** |")
    return lines
