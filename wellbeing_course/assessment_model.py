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

from docutils.nodes import make_id

from .root import find_root
from .errors import CourseError, Problem, display_path
from .language import AVOIDED, QUOTED
from .words import word
from .reader import FILLED, ListOf, Map, Reader, Record, Scalar, each_once, id_problem, read_text, validated

SOURCE = Path("assessment") / "statements.yml"
FORMAT = "wellbeing-course-assessment"
SKIP = "skip"
THRESHOLD = 3.0  # an area averaging below "Agree" goes into the action plan
PLAN_LIMIT = 3   # at most this many areas in the plan, weakest first
PRACTICE = "practice"


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
        return word("assessment.no_mean") if self.mean is None else f"{one_decimal(self.mean):.1f}"


def one_decimal(x: float) -> float:
    # The same operations as the browser's Math.floor(x * 10 + 0.5) / 10, so both show the same digit.
    return math.floor(x * 10 + 0.5) / 10


# ---- loading and checking ----

# The file's schema; the rest (the scale's length, ids used once, modules that
# exist) is checked on the validated data in parse_assessment.
STATEMENT = Record({"id": FILLED, "module": FILLED, "text": FILLED}, required=frozenset({"id", "module", "text"}),
                   label="statement '{id}'")
AREA = Record({"id": FILLED, "title": FILLED, "step": Scalar("int", low=1, high=5), "statements": ListOf(STATEMENT, entry="statement {n}")},
              required=frozenset({"id", "title", "step", "statements"}), label="area '{id}'",
              says={"step": "(the step of module 5 it belongs to, 1 to 5)"})
ASSESSMENT = Record({"scale": ListOf(FILLED, entry="scale label {n}",
                                     describe_as="a list of 2 to 7 labels, lowest rating first"),
                     "skip": FILLED, "areas": ListOf(AREA, entry="area {n}")},
                    required=frozenset({"scale", "skip", "areas"}))


def parse_assessment(text: str, path: str, modules: Iterable[str] | None = None) -> Assessment:
    """Parse the statements file; raise CourseError listing every problem with its line.

    ``modules`` is the course's module slugs: each statement must name one of them.
    """
    known_modules = set(modules) if modules is not None else None
    data, reader = validated(text, ASSESSMENT, path, "'scale:', 'skip:' and 'areas:'", "the self-assessment file")

    scale = data.get("scale") or []
    if "scale" in data and isinstance(data["scale"], list) and not 2 <= len(scale) <= 7:
        reader.report(data.where("scale"), "'scale' should be a list of 2 to 7 labels, lowest rating first")
        scale = []
    if "areas" in data and not data["areas"]:
        reader.report(data.where("areas"), "'areas' should be a list with at least one area")
    seen_statements: dict[str, int] = {}  # a statement's id is unique across the areas
    areas = each_once(data.get("areas"), "area", lambda item: _area(item, known_modules, seen_statements, reader),
                      reader)
    if reader.problems:
        raise CourseError(reader.problems)
    return Assessment(path=path, scale=tuple(s or "" for s in scale), skip=data.get("skip") or "",
                      areas=tuple(areas))


def _area(item: Map, known_modules, seen: dict[str, int], reader: Reader) -> Area:
    label = item.label
    area_id = item.get("id") or "?"
    if area_id != "?" and (message := id_problem(area_id, "the area id")):
        reader.report(item.where("id"), message)
    step = item.get("step") or 0
    if "statements" in item and not item["statements"]:
        reader.report(item.where("statements"), f"{label}: 'statements' should be a list with at least one statement")
    statements = each_once(item.get("statements"), "statement",
                           lambda entry: _statement(entry, area_id, known_modules, reader), reader, seen)
    return Area(id=area_id, title=item.get("title") or "", step=step, statements=tuple(statements),
                line=item.where()[0])


def _statement(entry: Map, area_id: str, known_modules, reader: Reader) -> Statement:
    sid = entry.get("id") or "?"
    if sid != "?" and (message := id_problem(sid, "the statement id")):
        reader.report(entry.where("id"), message)
    module = entry.get("module") or ""
    if module and known_modules is not None and module not in known_modules:
        reader.report(entry.where("module"), f"{entry.label}: there is no module '{module}' "
                                             f"(modules: {', '.join(sorted(known_modules))})")
    text = " ".join((entry.get("text") or "").split())
    return Statement(id=sid, text=text, module=module, area=area_id, line=entry.where()[0])


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
