"""The organizational self-assessment's model: its statements, areas and scale, read from
``assessment/statements.yml`` and checked; each area's score; and the action plan.

Ratings go from 1 to the length of the scale (agreeing is always the wellbeing-aligned answer);
"not sure, or skip" and statements left blank are *unanswered*: left out of an area's average and
counted. What shows it lives beside this module: ``assessment_html`` (the book's page),
``assessment_chart`` (the bar chart's layout, and the matplotlib chart for Jupyter),
``assessment_widget`` (Jupyter) and ``assessment_exports`` (the JSON export and the facilitator's
summary of several).

(The modules are named assessment_*, not put in an ``assessment`` package, so that importing them
never hides the ``assessment()`` display function that the package exports under that name.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from docutils.nodes import make_id

from .root import find_root
from .errors import CourseError, Problem, display_path
from .language import AVOIDED, QUOTED
from .reader import ID_PATTERN, Reader as _Reader, compose_root, read_text

SOURCE = Path("assessment") / "statements.yml"
FORMAT = "wellbeing-course-assessment"
SKIP = "skip"
THRESHOLD = 3.0  # an area averaging below "Agree" goes into the action plan
PLAN_LIMIT = 3   # at most this many areas in the plan, weakest first
PRACTICE = "practice"
TOP_KEYS = {"scale", "skip", "areas"}
AREA_KEYS = {"id", "title", "step", "statements"}
STATEMENT_KEYS = {"id", "module", "text"}


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    module: str
    area: str
    line: int = 0


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    step: int
    statements: tuple[Statement, ...]
    line: int = 0

    @property
    def modules(self) -> list[str]:
        """The modules that explain this area's statements, in first-mention order."""
        return list(dict.fromkeys(s.module for s in self.statements))


@dataclass(frozen=True)
class Assessment:
    path: str
    scale: tuple[str, ...]
    skip: str
    areas: tuple[Area, ...]

    @property
    def statements(self) -> list[Statement]:
        return [s for a in self.areas for s in a.statements]

    @property
    def top(self) -> int:
        return len(self.scale)

    def area(self, area_id: str) -> Area:
        for a in self.areas:
            if a.id == area_id:
                return a
        raise KeyError(area_id)


@dataclass(frozen=True)
class AreaScore:
    area: Area
    mean: float | None  # None when no statement of the area was rated
    answered: int
    unanswered: int

    @property
    def shown(self) -> str:
        """The average as the page shows it: one decimal, rounded half up (as the script does)."""
        return "not rated" if self.mean is None else f"{one_decimal(self.mean):.1f}"


def one_decimal(x: float) -> float:
    # The same operations as the browser's Math.floor(x * 10 + 0.5) / 10, so both show the same digit.
    return math.floor(x * 10 + 0.5) / 10


# ---- loading and checking ----

def _int(reader: _Reader, entry, what: str, low: int, high: int) -> int:
    if entry is None:
        return 0
    node = entry[1]
    if not isinstance(node, yaml.ScalarNode) or not node.value.isdigit() or not low <= int(node.value) <= high:
        reader.problem(node, f"{what} should be a whole number from {low} to {high}")
        return 0
    return int(node.value)


def parse_assessment(text: str, path: str, modules: Iterable[str] | None = None) -> Assessment:
    """Parse the statements file; raise CourseError listing every problem with its line.

    ``modules`` is the course's module slugs: each statement must name one of them.
    """
    known_modules = set(modules) if modules is not None else None
    root = compose_root(text, path, "'scale:', 'skip:' and 'areas:'")
    reader = _Reader(path)
    top = reader.mapping(root, TOP_KEYS, "the self-assessment file")
    for key in sorted(TOP_KEYS - set(top)):
        if isinstance(root, yaml.MappingNode):
            reader.problem(root, f"the self-assessment file needs '{key}:'")

    scale: list[str] = []
    if "scale" in top:
        node = top["scale"][1]
        if not isinstance(node, yaml.SequenceNode) or not 2 <= len(node.value) <= 7:
            reader.problem(node, "'scale' should be a list of 2 to 7 labels, lowest rating first")
        else:
            scale = [reader.text((None, item), f"scale label {n}") for n, item in enumerate(node.value, 1)]
    skip = reader.text(top.get("skip"), "'skip'") if "skip" in top else ""

    areas: list[Area] = []
    seen_areas: dict[str, int] = {}
    seen_statements: dict[str, int] = {}
    entry = top.get("areas")
    if entry is not None:
        node = entry[1]
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            reader.problem(node, "'areas' should be a list with at least one area")
        else:
            for item in node.value:
                area = _area(reader, item, known_modules, seen_statements)
                if area is None:
                    continue
                if area.id in seen_areas:
                    reader.problem(item, f"area '{area.id}': the id is already used on line {seen_areas[area.id]}")
                seen_areas.setdefault(area.id, area.line)
                areas.append(area)
    if reader.problems:
        raise CourseError(reader.problems)
    return Assessment(path=path, scale=tuple(scale), skip=skip, areas=tuple(areas))


def _area(reader: _Reader, node, known_modules, seen: dict[str, int]) -> Area | None:
    fields = reader.mapping(node, AREA_KEYS, "an area")
    if not isinstance(node, yaml.MappingNode):
        return None
    line = node.start_mark.line + 1
    for key in ("id", "title", "step", "statements"):
        if key not in fields:
            reader.problem(node, f"an area needs '{key}:'")
    area_id = reader.text(fields.get("id"), "the area's 'id'") or "?"
    if area_id != "?" and not ID_PATTERN.match(area_id):
        reader.problem(fields["id"][1], f"area '{area_id}': an id uses lowercase letters, digits and hyphens only")
    label = f"area '{area_id}'"
    title = reader.text(fields.get("title"), f"{label}: 'title'")
    step = _int(reader, fields.get("step"), f"{label}: 'step' (a step of module 5)", 1, 5)
    statements = []
    entry = fields.get("statements")
    if entry is not None:
        seq = entry[1]
        if not isinstance(seq, yaml.SequenceNode) or not seq.value:
            reader.problem(seq, f"{label}: 'statements' should be a list with at least one statement")
        else:
            for item in seq.value:
                s = _statement(reader, item, area_id, known_modules)
                if s is None:
                    continue
                if s.id in seen:
                    reader.problem(item, f"statement '{s.id}': the id is already used on line {seen[s.id]}")
                seen.setdefault(s.id, s.line)
                statements.append(s)
    return Area(id=area_id, title=title, step=step, statements=tuple(statements), line=line)


def _statement(reader: _Reader, node, area_id: str, known_modules) -> Statement | None:
    fields = reader.mapping(node, STATEMENT_KEYS, "a statement")
    if not isinstance(node, yaml.MappingNode):
        return None
    for key in ("id", "module", "text"):
        if key not in fields:
            reader.problem(node, f"a statement needs '{key}:'")
    sid = reader.text(fields.get("id"), "the statement's 'id'") or "?"
    if sid != "?" and not ID_PATTERN.match(sid):
        reader.problem(fields["id"][1], f"statement '{sid}': an id uses lowercase letters, digits and hyphens only")
    label = f"statement '{sid}'"
    module = reader.text(fields.get("module"), f"{label}: 'module'")
    if module and known_modules is not None and module not in known_modules:
        reader.problem(fields["module"][1], f"{label}: there is no module '{module}' "
                                            f"(modules: {', '.join(sorted(known_modules))})")
    text = " ".join(reader.text(fields.get("text"), f"{label}: 'text'").split())
    return Statement(id=sid, text=text, module=module, area=area_id, line=node.start_mark.line + 1)


def load_assessment(root: Path | None = None, modules: Iterable[str] | None = None) -> Assessment:
    """Read ``assessment/statements.yml`` under the course root (found as the rest of the course is)."""
    root = Path(root) if root else find_root()
    path = root / SOURCE
    shown = display_path(path)
    if not path.is_file():
        raise CourseError([Problem(shown, 0, 0, "the self-assessment's statements file is missing")])
    # The one reader's decoding: a BOM, a byte that is not UTF-8 or a control character is named
    # at its position here too, not only by `check`.
    return parse_assessment(read_text(path, shown), shown, modules)


def check_assessment(root: Path, course) -> list[Problem]:
    """The course check's part: the statements file loads, names real modules, keeps the language
    rule, and module 5 has the five step headings the action plan links to."""
    if not (root / SOURCE).exists():
        return []
    try:
        assessment = load_assessment(root, [m.slug for m in course.modules])
    except CourseError as err:
        return list(err.problems)
    problems = []
    for s in assessment.statements:
        for pattern, why in AVOIDED:
            hit = pattern.search(QUOTED.sub(" ", s.text))
            if hit:
                problems.append(Problem(assessment.path, s.line, 0,
                                        f"[language] statement '{s.id}': '{hit.group(0)}' {why}; "
                                        "use it only inside quotation marks"))
    if PRACTICE in {m.slug for m in course.modules} and len(practice_steps(course)) != 5:
        problems.append(Problem(assessment.path, 0, 0, f"[assessment] modules/{PRACTICE}.md needs five "
                                                       "'## Step N: ...' headings for the action plan"))
    return problems


def practice_steps(course) -> list[tuple[int, str, str]]:
    """Module 5's five steps, as (number, heading, anchor), read from its '## Step N: ...' headings."""
    try:
        module = course.module(PRACTICE)
    except KeyError:
        return []
    steps = []
    for level, text, _line in module.headings:
        if level == 2 and text.startswith("Step ") and ":" in text:
            number = text[5:text.index(":")]
            if number.isdigit():
                steps.append((int(number), text, make_id(text)))
    return steps


# ---- scoring and the action plan ----

Responses = Mapping[str, "int | str | None"]


def rating(value, top: int) -> int | None:
    """A rating 1..top, or None for "skip", blank or anything else.

    A whole number written as 3.0 is the rating 3, as in the browser, where JSON has one kind of
    number (its import takes ``3.0``, so an export edited or written by another tool may hold it)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 1 <= value <= top:
        return value
    return None


def score(assessment: Assessment, responses: Responses) -> list[AreaScore]:
    """Each area's average rating; unanswered and skipped statements are left out and counted."""
    out = []
    for area in assessment.areas:
        ratings = [rating(responses.get(s.id), assessment.top) for s in area.statements]
        given = [r for r in ratings if r is not None]
        mean = sum(given) / len(given) if given else None
        out.append(AreaScore(area, mean, len(given), len(ratings) - len(given)))
    return out


@dataclass(frozen=True)
class PlanItem:
    score: AreaScore
    modules: list[str]
    step: int


def action_plan(scores: list[AreaScore], threshold: float = THRESHOLD, limit: int = PLAN_LIMIT) -> list[PlanItem]:
    """The weakest rated areas, below ``threshold``, lowest first (ties in course order), at most ``limit``."""
    weak = [s for s in scores if s.mean is not None and s.mean < threshold]
    weak.sort(key=lambda s: s.mean)  # stable: ties keep the file's order
    return [PlanItem(s, s.area.modules, s.area.step) for s in weak[:limit]]
