"""The organizational self-assessment: statements, scores per area, an action plan, its HTML,
its Jupyter widgets, and the facilitator's summary of several exported self-assessments.

The statements live in one file, ``assessment/statements.yml`` at the course root. Ratings go
from 1 to the length of the scale (agreeing is always the wellbeing-aligned answer); "not sure,
or skip" and statements left blank are *unanswered*: left out of an area's average and counted.

(Named self_assessment, not assessment, so that importing it never hides the ``assessment()``
display function that the package exports under that name.)

The browser script ``static/assessment.js`` only fills in numbers and shows or hides the plan
items that the HTML here already holds, so the markup has one author: this module.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import re
from html import escape, unescape
from pathlib import Path

import yaml

from .errors import CourseError, Problem, display_path
from .quizbank import ID_PATTERN, _Reader, compose_root
from .words import word

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
    from .course import find_root

    root = Path(root) if root else find_root()
    path = root / SOURCE
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseError([Problem(shown, 0, 0, "the self-assessment's statements file is missing")]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise CourseError([Problem(shown, 0, 0, f"cannot read the statements file: {err}")]) from None
    return parse_assessment(text, shown, modules)


def check_assessment(root: Path, course) -> list[Problem]:
    """The course check's part: the statements file loads, names real modules, keeps the language
    rule, and module 5 has the five step headings the action plan links to."""
    from .checks import AVOIDED, QUOTED

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
    from docutils.nodes import make_id

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


def _rating(value, top: int) -> int | None:
    """A rating 1..top, or None for "skip", blank or anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1 <= value <= top:
        return value
    return None


def score(assessment: Assessment, responses: Responses) -> list[AreaScore]:
    """Each area's average rating; unanswered and skipped statements are left out and counted."""
    out = []
    for area in assessment.areas:
        ratings = [_rating(responses.get(s.id), assessment.top) for s in area.statements]
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


def _description_html(assessment: Assessment, scores: list[AreaScore]) -> str:
    """The chart's text alternative as markup: the numbers sit in spans the script updates."""
    parts = [f"Bar chart of your average rating in each area, from 1 ({escape(assessment.scale[0])}) "
             f"to {assessment.top} ({escape(assessment.scale[-1])})."]
    for s in scores:
        total = s.answered + s.unanswered
        parts.append(f'<span data-area="{escape(s.area.id)}">{escape(s.area.title)}: '
                     f'<span class="wb-mean">{s.shown}</span> '
                     f'(<span class="wb-answered">{s.answered}</span> of {total} answered).</span>')
    return " ".join(parts)


def chart_description(assessment: Assessment, scores: list[AreaScore]) -> str:
    """The chart's text alternative: every area with its average and how many were answered."""
    return unescape(re.sub(r"<[^>]+>", "", _description_html(assessment, scores)))


# ---- HTML for the book ----

def _module_titles(course) -> dict[str, str]:
    return {m.slug: m.title for m in course.modules} if course is not None else {}


def _module_link(slug: str, titles: dict[str, str], base: str) -> str:
    return f'<a href="{escape(base)}modules/{escape(slug)}.html">{escape(titles.get(slug, slug))}</a>'


def _step_link(step: int, steps: dict[int, tuple[str, str]], base: str) -> str:
    heading, anchor = steps.get(step, (f"Step {step}", ""))
    href = f"{base}modules/{PRACTICE}.html" + (f"#{anchor}" if anchor else "")
    return f'<a href="{escape(href)}">{escape(heading)}</a>'


def assessment_html(assessment: Assessment, course=None, responses: Responses | None = None,
                    base: str = "../") -> str:
    """The form, the results (table, chart and its description) and the action plan.

    ``responses`` fills in the results and checks the radios (the browser script does the same
    from this device's storage); ``base`` leads from the page to the book's root.
    """
    responses = dict(responses or {})
    titles = _module_titles(course)
    steps = {n: (heading, anchor) for n, heading, anchor in practice_steps(course)} if course is not None else {}
    scores = score(assessment, responses)
    by_area = {s.area.id: s for s in scores}
    plan = action_plan(scores)
    options = [(str(n), label) for n, label in enumerate(assessment.scale, 1)] + [(SKIP, assessment.skip)]

    data = {
        "format": FORMAT, "top": assessment.top, "threshold": THRESHOLD, "limit": PLAN_LIMIT,
        "low": assessment.scale[0], "high": assessment.scale[-1],
        "areas": [{"id": a.id, "title": a.title, "statements": [s.id for s in a.statements]} for a in assessment.areas],
        "texts": {s.id: s.text for s in assessment.statements},
    }
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    p = [
        '<div class="wb-assessment">',
        f'<script type="application/json" class="wb-assessment-data">{payload}</script>',
        '<h2 class="wb-assessment-heading">Rate each statement</h2>',
        '<div class="wb-assessment-form">',
    ]
    for area in assessment.areas:
        p.append(f'<h3 class="wb-area-title" id="wb-a-area-{escape(area.id)}">{escape(area.title)}</h3>')
        for number, s in enumerate(area.statements, 1):
            base_id = f"wb-a-{s.id}"
            chosen = responses.get(s.id)
            chosen = str(chosen) if chosen is not None else None
            p.append(f'<fieldset class="wb-statement" id="{base_id}" data-statement="{escape(s.id)}" '
                     f'data-area="{escape(area.id)}" aria-describedby="{base_id}-module">')
            p.append(f'<legend>{escape(s.text)}</legend>')
            p.append(f'<p class="wb-hint" id="{base_id}-module">Explained in: {_module_link(s.module, titles, base)}</p>')
            p.append('<div class="wb-scale">')
            for value, label in options:
                oid = f"{base_id}-{value}"
                checked = " checked" if chosen == value else ""
                p.append(f'<div class="wb-option"><input type="radio" name="{base_id}" id="{oid}" value="{value}"{checked}>'
                         f'<label for="{oid}">{escape(label)}</label></div>')
            # Whether this rating was kept, said here because the learner is here.
            p.append(f'</div><p class="wb-save-status" role="status" id="{base_id}-status"></p>'
                     f'<div class="wb-alert" role="alert" id="{base_id}-alert"></div></fieldset>')
    p.append("</div>")

    # Results: a table, then the chart, described by the visible text beneath it.
    p.append('<h2 class="wb-assessment-heading">Your results</h2>')
    p.append('<p class="wb-hint">Worked out on this device from your ratings. Statements you left blank or marked '
             f'"{escape(assessment.skip)}" are not in the average; the table counts them.</p>')
    p.append('<div class="wb-results-frame"><table class="wb-results"><caption>Average rating in each area, from 1 to '
             f'{assessment.top}</caption><thead><tr><th scope="col">Area</th><th scope="col">Average</th>'
             f'<th scope="col">{escape(word("assessment.rated"))}</th>'
             f'<th scope="col">{escape(word("assessment.not_rated"))}</th></tr></thead><tbody>')
    for s in scores:
        aid = escape(s.area.id)
        p.append(f'<tr data-area="{aid}"><th scope="row">{escape(s.area.title)}</th>'
                 f'<td class="wb-mean">{s.shown}</td><td class="wb-answered">{s.answered}</td>'
                 f'<td class="wb-unanswered">{s.unanswered}</td></tr>')
    p.append("</tbody></table></div>")
    p.append(_chart_svg(assessment, scores))
    # The chart's text version, folded away: on a phone it would fill the screen. It still names the chart.
    p.append(f'<details class="wb-chart-text"><summary>{escape(word("assessment.chart_as_text"))}</summary>'
             f'<p class="wb-chart-description" id="wb-assessment-chart-description">'
             f'{_description_html(assessment, scores)}</p></details>')

    # The action plan: one hidden item per area, shown for the weakest; then the five steps.
    p.append('<h2 class="wb-assessment-heading">Your action plan</h2>')
    low_label = assessment.scale[min(int(THRESHOLD), assessment.top) - 1]
    messages = {
        "empty": "Rate some statements to see the areas to work on first.",
        "plan": (f"Work on these areas first: those averaging below {THRESHOLD:g} ({low_label}), weakest first, "
                 "with the modules that explain them and the step of module 5 that helps."),
        "none": (f"No area you rated averages below {THRESHOLD:g} ({low_label}). "
                 "Keep evaluating with the people you serve and your partners (step 5)."),
    }
    state = "plan" if plan else ("none" if any(s.mean is not None for s in scores) else "empty")
    attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in messages.items())
    p.append(f'<p class="wb-plan-message" id="wb-assessment-plan-message"{attrs}>{escape(messages[state])}</p>')
    p.append('<ol class="wb-plan">')
    in_plan = {item.score.area.id: n for n, item in enumerate(plan)}
    ordered = sorted(assessment.areas, key=lambda a: (in_plan.get(a.id, len(in_plan)),))
    for area in ordered:
        s = by_area[area.id]
        hidden = "" if area.id in in_plan else " hidden"
        links = ", ".join(_module_link(m, titles, base) for m in area.modules)
        p.append(f'<li class="wb-plan-item" data-area="{escape(area.id)}"{hidden}>'
                 f'<strong>{escape(area.title)}</strong> (average <span class="wb-mean">{s.shown}</span>). '
                 f'Read {links}. Then work through {_step_link(area.step, steps, base)}.</li>')
    p.append("</ol>")
    p.append(f'<p>The five steps of <a href="{escape(base)}modules/{PRACTICE}.html">'
             f'{escape(titles.get(PRACTICE, "From theory to practice"))}</a>, for every area:</p><ol class="wb-steps">')
    for n in range(1, 6):
        p.append(f"<li>{_step_link(n, steps, base)}</li>")
    p.append("</ol>")
    # Export, import and delete come after the statements and results, not before the first statement.
    p.extend([
        f'<h2 class="wb-assessment-heading wb-assessment-tools-heading">{escape(word("assessment.tools_heading"))}</h2>',
        '<div class="wb-journal-tools">',
        '<button type="button" class="wb-button" data-assessment="export">Export as JSON</button>',
        '<label class="wb-button wb-file" for="wb-assessment-import">Import a JSON export</label>',
        '<input type="file" id="wb-assessment-import" class="wb-visually-hidden" accept=".json,application/json">',
        '<button type="button" class="wb-button wb-danger" data-assessment="delete">Delete these ratings from this browser</button>',
        "</div>",
        '<p class="wb-save-status" role="status" id="wb-assessment-status"></p>',
        '<div class="wb-alert" role="alert" id="wb-assessment-alert"></div>',
        "</div>",
    ])
    return "".join(p)


CHART_WIDTH, ROW, BAR = 640, 52, 20
BAR_SPACE = CHART_WIDTH - 100  # room on the right for the value, "not rated" included


def bar_width(mean: float | None, top: int) -> float:
    return 0.0 if mean is None else round(BAR_SPACE * mean / top, 1)


def _chart_svg(assessment: Assessment, scores: list[AreaScore]) -> str:
    """One row per area: its name above a bar whose length is the average out of the top rating."""
    height = ROW * len(scores) + 4
    rows = []
    for n, s in enumerate(scores):
        y = 2 + n * ROW
        aid = escape(s.area.id)
        rows.append(
            f'<g data-area="{aid}">'
            f'<text class="wb-chart-label" x="0" y="{y + 16}">{escape(s.area.title)}</text>'
            f'<rect class="wb-chart-track" x="0.5" y="{y + 24}" width="{BAR_SPACE}" height="{BAR}"></rect>'
            f'<rect class="wb-chart-bar" x="0.5" y="{y + 24}" width="{bar_width(s.mean, assessment.top)}" height="{BAR}"></rect>'
            f'<text class="wb-chart-value wb-mean" x="{BAR_SPACE + 10}" y="{y + 24 + BAR / 2 + 5}">{s.shown}</text>'
            "</g>")
    return (f'<svg class="wb-chart" role="img" aria-labelledby="wb-assessment-chart-description" '
            f'viewBox="0 0 {CHART_WIDTH} {height}" data-bar-space="{BAR_SPACE}" focusable="false">'
            + "".join(rows) + "</svg>")


# ---- exports: read one, and summarize several ----

class BadExport(ValueError):
    """A file that is not a self-assessment exported from this course."""


def read_export(data, assessment: Assessment) -> dict[str, int | str]:
    """The answers of a parsed export, {statement id: rating or "skip"}; BadExport says what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadExport("it is not a self-assessment exported from this course")
    if data.get("version") != 1:
        raise BadExport(f"it was exported by a version of the course this one cannot read (version {data.get('version')!r})")
    answers = data.get("answers")
    if not isinstance(answers, list):
        raise BadExport("its list of answers is missing")
    known = {s.id for s in assessment.statements}
    out: dict[str, int | str] = {}
    for n, entry in enumerate(answers, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise BadExport(f"answer {n} has no statement id")
        if entry["id"] not in known:
            raise BadExport(f"answer {n} is for a statement this course does not have ({entry['id']!r})")
        value = entry.get("value")
        if value != SKIP and _rating(value, assessment.top) is None:
            raise BadExport(f"answer {n} ({entry['id']}) has the rating {value!r}; "
                            f"a rating is 1 to {assessment.top} or \"{SKIP}\"")
        out[entry["id"]] = value
    return out


def export_data(assessment: Assessment, responses: Responses, exported: str = "") -> dict:
    """An export in the browser's format, which ``summarize_exports`` and the page's import read."""
    answers = [{"id": s.id, "value": responses[s.id], "text": s.text}
               for s in assessment.statements
               if responses.get(s.id) == SKIP or _rating(responses.get(s.id), assessment.top) is not None]
    return {"format": FORMAT, "version": 1, "exported": exported, "answers": answers}


@dataclass
class Summary:
    """Per-area spread across several self-assessments, and a Problem for each file left out."""
    table: object  # pandas.DataFrame: index area title; columns min, median, max, count
    problems: list[Problem]

    def __iter__(self):
        return iter((self.table, self.problems))

    def _repr_html_(self) -> str:
        notes = "".join(f"<li>{escape(str(p))}</li>" for p in self.problems)
        return self.table.to_html() + (f"<p>Files left out:</p><ul>{notes}</ul>" if notes else "")


def summarize_exports(paths: Iterable[str | Path], assessment: Assessment | None = None) -> Summary:
    """Load several exported self-assessments (say one per staff member) and give each area's spread.

    For each file, an area's score is its average rating (unanswered left out); the table gives,
    per area, the lowest, median and highest of those scores and how many files rated the area.
    A file that cannot be read is named in ``problems`` and the others are still summarized.
    """
    import pandas as pd

    assessment = assessment or load_assessment()
    problems: list[Problem] = []
    per_file: list[list[AreaScore]] = []
    for path in paths:
        shown = display_path(path)
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            per_file.append(score(assessment, read_export(data, assessment)))
        except FileNotFoundError:
            problems.append(Problem(shown, 0, 0, "left out: the file does not exist"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            where = f" (line {err.lineno})" if isinstance(err, json.JSONDecodeError) else ""
            problems.append(Problem(shown, 0, 0, f"left out: the file is not JSON{where}"))
        except BadExport as err:
            problems.append(Problem(shown, 0, 0, f"left out: {err}"))
        except OSError as err:
            problems.append(Problem(shown, 0, 0, f"left out: the file cannot be read ({err.strerror or err})"))
    rows = []
    for n, area in enumerate(assessment.areas):
        means = pd.Series([scores[n].mean for scores in per_file if scores[n].mean is not None], dtype="float64")
        rows.append({"area": area.title, "min": means.min(), "median": means.median(),
                     "max": means.max(), "count": int(means.count())})
    table = pd.DataFrame(rows, columns=["area", "min", "median", "max", "count"]).set_index("area")
    return Summary(table, sorted(problems))


# ---- Jupyter: DataFrame, chart and widgets ----

def results_frame(scores: list[AreaScore]):
    """The results as a pandas DataFrame, one row per area."""
    import pandas as pd

    return pd.DataFrame(
        [{"area": s.area.title, "average": s.mean, "answered": s.answered, "unanswered": s.unanswered}
         for s in scores], columns=["area", "average", "answered", "unanswered"]).set_index("area")


def results_chart(assessment: Assessment, scores: list[AreaScore]):
    """A horizontal bar chart of each area's average (matplotlib Figure), unrated areas marked."""
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    fig = Figure(figsize=(8, 0.5 * len(scores) + 1.2), layout="constrained")
    ax = fig.add_subplot()
    labels = [s.area.title for s in scores][::-1]
    values = [s.mean or 0 for s in scores][::-1]
    bars = ax.barh(labels, values, color="#1d5c63")
    for bar, s in zip(bars, scores[::-1]):
        ax.text(bar.get_width() + 0.05, bar.get_y() + bar.get_height() / 2, s.shown, va="center")
    ax.set_xlim(0, assessment.top + 0.6)
    ax.set_xticks(range(1, assessment.top + 1))
    ax.set_xlabel(f"Average rating: 1 ({assessment.scale[0]}) to {assessment.top} ({assessment.scale[-1]})")
    ax.set_title("Where we stand, by area")
    return fig


def _png(fig):
    from io import BytesIO

    from IPython.display import Image

    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return Image(data=buffer.getvalue(), format="png")


class AssessmentWidget:
    """The statements as radio buttons; "Show results" gives the table, the chart and the plan."""

    def __init__(self, assessment: Assessment, course=None):
        import ipywidgets as w

        self.assessment = assessment
        self.course = course
        labels = list(assessment.scale) + [assessment.skip]
        self.choices: dict[str, object] = {}
        children = []
        for area in assessment.areas:
            children.append(w.HTML(f"<h3>{escape(area.title)}</h3>"))
            for s in area.statements:
                radios = w.RadioButtons(options=labels, value=None, layout=w.Layout(width="auto"))
                self.choices[s.id] = radios
                children.append(w.HTML(f"<p><strong>{escape(s.text)}</strong> (explained in the module "
                                       f"'{escape(s.module)}')</p>"))
                children.append(radios)
        self.show_button = w.Button(description="Show results")
        self.output = w.Output()
        self.show_button.on_click(lambda _b: self.show())
        self.box = w.VBox(children + [self.show_button, self.output])

    def responses(self) -> dict[str, int | str]:
        labels = list(self.assessment.scale)
        out: dict[str, int | str] = {}
        for sid, radios in self.choices.items():
            if radios.value in labels:
                out[sid] = labels.index(radios.value) + 1
            elif radios.value is not None:
                out[sid] = SKIP
        return out

    def rate(self, statement_id: str, value: int | str | None) -> None:
        """Choose a rating (1..top, "skip" or None), as a person would by clicking."""
        radios = self.choices[statement_id]
        if value is None:
            radios.value = None
        elif value == SKIP:
            radios.value = self.assessment.skip
        else:
            radios.value = self.assessment.scale[int(value) - 1]

    def scores(self) -> list[AreaScore]:
        return score(self.assessment, self.responses())

    def results(self):
        return results_frame(self.scores())

    def export_json(self, path: str | Path) -> Path:
        """Write the ratings as an export that the book imports and ``summarize_exports`` reads."""
        from datetime import datetime, timezone

        path = Path(path)
        data = export_data(self.assessment, self.responses(), datetime.now(timezone.utc).isoformat(timespec="seconds"))
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    def show(self) -> None:
        from IPython.display import HTML, display

        scores = self.scores()
        plan = action_plan(scores)
        self.output.clear_output()
        with self.output:
            display(results_frame(scores))
            display(_png(results_chart(self.assessment, scores)))
            if plan:
                items = "".join(f"<li><strong>{escape(i.score.area.title)}</strong> ({i.score.shown}): read "
                                f"{escape(', '.join(i.modules))}; then step {i.step} of module 5.</li>" for i in plan)
                display(HTML(f"<p>Work on these areas first:</p><ol>{items}</ol>"))
            else:
                display(HTML("<p>No rated area averages below the middle of the scale, or nothing is rated yet.</p>"))
