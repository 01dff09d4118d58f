"""The course check: a table of named rules run over every module, page and quiz bank.

Each rule reports ``file:line: [rule-name] what is wrong``. ``python -m wellbeing_course check``
runs them all, and so does ``python -m wellbeing_course build`` before it builds.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .agendas import load_formats
from .assessment_model import check_assessment, load_assessment
from .course import Course, load_course, read_config, read_toc, toc_entries, toc_files
from .errors import CourseError, Problem, display_path
from .evaluation import load_forms
from .language import AVOIDED, QUOTED
from .modules import Module, parse_module
from .organization import check_organization
from . import patterns
from .prose import read_prose
from .reader import ID_PATTERN, id_problem
from .words import CATALOG, load_catalog

SKELETON = ["Questions this module answers", "Learning objectives", "Check your understanding", "Key points", "Sources"]
MIN_REFLECTIONS = 3
MIN_QUESTIONS = 6
MIN_SCENARIOS = 2
MINUTES_RANGE = (20, 40)
VAGUE_LINKS = {"click here", "here", "read more", "more", "this link", "link", "this page"}


@dataclass(frozen=True)
class Rule:
    name: str
    says: str
    applies_to: str  # "module" or "page"
    run: Callable[[Module, Course], list[tuple[int, str]]]


def _skeleton(m: Module, course: Course):
    found = [(text, line) for level, text, line in m.headings if level == 2 and text in SKELETON]
    names = [text for text, _ in found]
    out = [(1, f"the section '## {name}' is missing") for name in SKELETON if name not in names]
    order = [SKELETON.index(n) for n in names]
    for (text, line), prev, cur in zip(found[1:], order, order[1:]):
        if cur < prev:
            out.append((line, f"'## {text}' comes too early: the sections go {', '.join(SKELETON)}"))
    return out


def _content_note(m: Module, course: Course):
    # The note comes before anything that may name violence, the questions and objectives included.
    sections = [line for level, text, line in m.headings if level == 2]
    first = sections[0] if sections else 0
    notes = [line for kind, arg, line in m.directives if kind == "admonition" and arg.strip().lower().startswith("content note")]
    if not notes:
        return [(first or 1, "there is no content note: add a 'Content note' admonition under the title")]
    if first and min(notes) > first:
        return [(min(notes), "the content note comes after the first section: move it under the title, "
                             "above 'Questions this module answers'")]
    return []


def _headings(m: Module, course: Course):
    out = []
    ones = [line for level, _, line in m.headings if level == 1]
    if len(ones) != 1:
        out.append((ones[1] if len(ones) > 1 else 1, "a page has exactly one '#' heading, its title"))
    previous = 0
    for level, text, line in m.headings:
        if previous and level > previous + 1:
            out.append((line, f"the heading '{text}' skips a level (from {'#' * previous} to {'#' * level})"))
        previous = level
    return out


def _reflections(m: Module, course: Course):
    count = len(m.reflections)
    if count < MIN_REFLECTIONS:
        return [(1, f"the module has {count} reflection prompt(s); it needs at least {MIN_REFLECTIONS}")]
    # An id that breaks the pattern is reported once, by ids-exist.
    return [(r.line, f"reflection '{r.id}': its id should start with '{m.slug}-'")
            for r in m.reflections if ID_PATTERN.match(r.id) and not r.id.startswith(m.slug + "-")]


def _ids_exist(m: Module, course: Course):
    out = []
    for call in m.calls:
        if call.name == "quiz":
            if not call.args:
                out.append((call.line, "quiz() needs the module's slug, as a plain string"))
                continue
            bank = course.banks.get(call.args[0])
            if bank is None:
                out.append((call.line, f"quiz('{call.args[0]}'): there is no quizzes/{call.args[0]}.yml"))
                continue
            known = {q.id for q in bank.questions}
            out += [(call.line, f"question '{qid}' is used here but is not in {bank.path}")
                    for qid in call.args[1:] if qid not in known]
        elif call.name == "reflection" and len(call.args) != 2:
            out.append((call.line, "reflection() needs an id and a prompt, both plain strings"))
        elif call.name == "reflection" and (message := id_problem(call.args[0], "the reflection id")):
            # The id becomes an attribute of the page and a key of the learner's journal export.
            out.append((call.line, message))
    return out


def _quiz_shape(m: Module, course: Course):
    bank = course.banks.get(m.slug)
    if bank is None:
        return [(1, f"the module has no quiz bank: add quizzes/{m.slug}.yml")]
    out = []
    qs = bank.questions
    if not any(c.name == "quiz" and c.args[:1] == (m.slug,) for c in m.calls):
        out.append((1, f"the module never shows its quiz: add quiz(\"{m.slug}\")"))
    if len(qs) < MIN_QUESTIONS:
        out.append((1, f"{bank.path} has {len(qs)} questions; a module needs at least {MIN_QUESTIONS}"))
    if sum(bool(q.scenario) for q in qs) < MIN_SCENARIOS:
        out.append((1, f"{bank.path} needs at least {MIN_SCENARIOS} questions with a composite 'scenario'"))
    if not any(q.type == "reflective" for q in qs):
        out.append((1, f"{bank.path} needs at least one reflective question with no single right answer"))
    return out


def _minutes(m: Module, course: Course):
    minutes = m.minutes
    if not minutes or not all(isinstance(v, int) and v >= 0 for v in minutes.values()):
        return [(1, "the front matter needs course: minutes: with whole numbers for reading and activities")]
    low, high = MINUTES_RANGE
    if not low <= m.total_minutes <= high:
        return [(1, f"the module takes {m.total_minutes} minutes; a module takes {low} to {high}")]
    return []


def _links_and_images(m: Module, course: Course):
    prose = read_prose("\n".join(m.lines))
    out = [(line, f"the image '{source}' has no alt text: describe it inside ![...] or with :alt:")
           for line, alt, source in prose.images if not alt.strip()]
    out += [(line, f"the link text '{label}' does not say where it goes")
            for line, label, _ in prose.links if label.strip().lower().strip(".") in VAGUE_LINKS]
    out += [(line, "an <img> has no alt text") for line in prose.html_img_without_alt]
    return sorted(out)


def _language(m: Module, course: Course):
    out = []
    for first, text in read_prose("\n".join(m.lines)).paragraphs:
        # Blank the quotations of the whole paragraph first: a quotation may run over a line break.
        unquoted = QUOTED.sub(lambda q: re.sub(r"[^\n]", " ", q.group(0)), text)
        for number, line in enumerate(unquoted.split("\n")):
            for pattern, why in AVOIDED:
                hit = pattern.search(line)
                if hit:
                    out.append((first + number, f"'{hit.group(0)}' {why}; use it only inside quotation marks"))
    return out


def _notebook_front_matter(m: Module, course: Course):
    """A page with code cells must be read as a MyST notebook by jupytext (so by JupyterLab, Notebook,
    nbclient): its front matter names the format *and* the extension, or jupytext reads it as Markdown."""
    if not any(kind == "code-cell" for kind, _, _ in m.directives):
        return []
    from jupytext.formats import guess_format

    text = "\n".join(m.lines)
    if guess_format(text, ".md")[0] == "myst":
        return []
    line = next((n for n, text in enumerate(m.lines, start=1) if text.startswith("jupytext:")), 1)
    return [(line, "this page has code cells but jupytext would not read it as a MyST notebook (its cells "
                   "would show as plain text): the front matter needs 'jupytext: text_representation:' with "
                   "'extension: .md' and 'format_name: myst' (see docs/AUTHORING.md)")]


RULES = [
    Rule("skeleton", "the module's sections exist and come in order", "module", _skeleton),
    Rule("content-note", "a content note comes first, under the title", "module", _content_note),
    Rule("minutes", "front matter gives minutes adding up to 20-40", "module", _minutes),
    Rule("reflections", "at least three reflection prompts, ids named after the module", "module", _reflections),
    Rule("quiz-shape", "a quiz of six or more questions, two scenarios, one reflective", "module", _quiz_shape),
    Rule("heading-levels", "one title, and headings never skip a level", "page", _headings),
    Rule("ids-exist", "every quiz and question id a page uses exists", "page", _ids_exist),
    Rule("links-and-images", "images have alt text; link text says where it goes", "page", _links_and_images),
    Rule("language", "avoided terms only inside quotation marks", "page", _language),
    Rule("notebook-front-matter", "a page with code cells opens as a MyST notebook", "page", _notebook_front_matter),
]


def _bank_language(course: Course) -> list[Problem]:
    out = []
    for bank in course.banks.values():
        for q in bank.questions:
            texts = [q.prompt, q.scenario, q.explanation] + [t for o in q.options for t in (o.text, o.feedback)]
            for text in texts:
                for pattern, why in AVOIDED:
                    hit = pattern.search(QUOTED.sub(" ", text))
                    if hit:
                        out.append(Problem(bank.path, q.line, 0,
                                           f"[language] question '{q.id}': '{hit.group(0)}' {why}; use it only inside quotation marks"))
    return out


# --- rules over the quiz banks (answer-pattern, objectives, scenario-label) --------------------

SCENARIO_LABEL = re.compile(r"^\W*(a\s+)?composite\s+example", re.I)


def _advice(strategy: str) -> str:
    if "True" in strategy or "False" in strategy:
        return "Key more questions the other way round"
    if "option" in strategy and "but" not in strategy and "every" not in strategy:
        return "Move the right answers to other places and make wrong options as full as right ones"
    return "Put the wrong options in other places, not only last"


def _answer_pattern(course: Course) -> list[Problem]:
    """No strategy that ignores the question beats chance by much: over the course, or in one bank."""
    out = []
    banks = sorted(course.banks.values(), key=lambda b: b.path)
    everything = [q for b in banks for q in b.questions]

    def where(wins, bank=None):
        first = wins[0] if wins else None
        if bank is None and wins:  # point at the bank that gives the strategy the most wins
            counts = {}
            for q in wins:
                counts[q.path] = counts.get(q.path, 0) + 1
            path = max(counts, key=counts.get)
            first = next(q for q in wins if q.path == path)
        return (first.path, first.line) if first else ((bank.path if bank else "quizzes"), 1)

    for score in patterns.scores(everything):
        if score.margin > patterns.COURSE_MARGIN:
            path, line = where(score.wins)
            lines = ", ".join(str(q.line) for q in score.wins if q.path == path)
            out.append(Problem(path, line, 1, f"[answer-pattern] over the whole course, {score.describe()}: more than "
                               f"{patterns.COURSE_MARGIN} points above chance. {_advice(score.strategy)} (it wins on the "
                               f"questions on lines {lines} of this file)"))
    right, scored, by_chance = patterns.best_blind(everything)
    if scored and 100 * (right - by_chance) / scored > patterns.COURSE_MARGIN:
        worst = max(banks, key=lambda b: patterns.best_blind(b.questions)[0] / max(1, patterns.best_blind(b.questions)[1]))
        out.append(Problem(worst.path, 1, 1, f"[answer-pattern] over the whole course, answering without reading "
                           f"(the best strategy for each question type) gets {right} of {scored} right, against "
                           f"{by_chance:.0f} by chance: more than {patterns.COURSE_MARGIN} points above chance"))
    for bank in banks:
        for score in patterns.scores(bank.questions):
            if len(score.questions) >= patterns.MIN_APPLIES and score.margin > patterns.BANK_MARGIN:
                path, line = where(score.wins, bank)
                lines = ", ".join(str(q.line) for q in score.wins)
                out.append(Problem(path, line, 1, f"[answer-pattern] in this bank, {score.describe()}: an easy win "
                                   f"(more than {patterns.BANK_MARGIN} points above chance). {_advice(score.strategy)}: it wins on "
                                   f"the questions on lines {lines}"))
    return out


def _objectives(course: Course) -> list[Problem]:
    """Every objective has an id and a scored question; every question names objectives that exist."""
    out = []
    for module in course.modules:
        raw = module.meta.get("objectives")
        if not isinstance(raw, list) or not raw:
            out.append(Problem(module.path, module.line_of("course:"), 1, "[objectives] the front matter needs "
                               "course: objectives: a list of {id, text}, one per learning objective"))
            continue
        # Each entry's shape and id pattern are the front matter schema's (modules.OBJECTIVE): a
        # module with a bad one does not load, and the rules run only on a course that loaded.
        seen = set()
        for objective in module.objectives:
            if objective.id in seen:
                out.append(Problem(module.path, module.line_of(f"id: {objective.id}"), 1,
                                   f"[objectives] the objective id '{objective.id}' is used twice"))
            seen.add(objective.id)
        bank = course.banks.get(module.slug)
        if bank is None:
            continue
        known = {o.id for o in module.objectives}
        checked = set()
        for q in bank.questions:
            if q.scored and not q.objectives:
                out.append(Problem(bank.path, q.line, 1, f"[objectives] question '{q.id}' names no objective: add "
                                   f"objectives: with one or more of {', '.join(sorted(known))}"))
            for oid in q.objectives:
                if oid not in known:
                    out.append(Problem(bank.path, q.line, 1, f"[objectives] question '{q.id}' names the objective "
                                       f"'{oid}', which {module.path} does not have"))
                elif q.scored:
                    checked.add(oid)
        for objective in module.objectives:
            if objective.id not in checked:
                out.append(Problem(module.path, module.line_of(f"id: {objective.id}"), 1,
                                   f"[objectives] no scored question in {bank.path} checks the objective "
                                   f"'{objective.id}'"))
    return out


def _scenario_label(course: Course) -> list[Problem]:
    """The renderer writes "Composite example."; a scenario that says it again reads it twice."""
    return [Problem(bank.path, q.line, 1, f"[scenario-label] question '{q.id}': the scenario starts with "
                    "\"Composite example\", which the page already writes before it; start with the story")
            for bank in course.banks.values() for q in bank.questions if SCENARIO_LABEL.match(q.scenario)]


BANK_RULES = [
    ("answer-pattern", "no answering strategy that ignores the question beats chance by much", _answer_pattern),
    ("objectives", "every objective has an id and a question; questions name objectives that exist", _objectives),
    ("scenario-label", "a scenario does not repeat the 'Composite example' label", _scenario_label),
]


def run_rules(page: Module, course: Course, kinds: set[str]) -> list[Problem]:
    return [Problem(page.path, line, 1, f"[{rule.name}] {message}")
            for rule in RULES if rule.applies_to in kinds
            for line, message in rule.run(page, course)]


def check_course(root: Path) -> list[Problem]:
    """Every problem in the course, or [] when it passes: every source the build reads is read,
    each on its own, so that one broken file does not hide another's problems."""
    root = Path(root)
    problems: list[Problem] = []
    course = load_course(root, problems)
    missing = _missing_pages(root)
    problems += missing.values()
    whole = not problems
    if whole:  # the rules compare sources with each other, so they need all of them
        problems += _content_rules(root, course)
    # Modules that are listed but missing, or whose file has a problem, are reported there; the
    # formats do not report them again as modules that do not exist.
    unreadable = (frozenset(p.stem for p in (root / "modules").glob("*.md")) - {m.slug for m in course.modules}) | \
        frozenset(Path(name).name for name in missing)
    formats = root / "facilitator" / "formats.yml"
    if formats.exists():
        problems += _source(formats, lambda: load_formats(course, formats, unreadable))
    if (root / "facilitator" / "_toc.yml").exists():
        problems += _source(root / "facilitator" / "_toc.yml", lambda: read_toc(root / "facilitator"))
    for book in (root, root / "facilitator"):
        problems += _source(book / "_config.yml", lambda book=book: read_config(book))
    words = root / "wellbeing_course" / "words.yml"
    problems += _source(words, lambda: load_catalog(words if words.exists() else CATALOG,
                                                    display_path(words if words.exists() else CATALOG)))
    forms = root / "facilitator" / "evaluation" / "forms.yml"
    if forms.exists():
        problems += _source(forms, lambda: load_forms(forms))
    statements = root / "assessment" / "statements.yml"
    if statements.exists():
        problems += _source(statements, lambda: _check_statements(root, course, whole=whole))
    try:
        names = toc_files(root)
    except CourseError:  # already reported by load_course
        names = []
    pages = [root / f"{name}.md" for name in names] + sorted((root / "facilitator").glob("*.md"))
    problems += _source(root / "organization.yml", lambda: check_organization(root, [p for p in pages if p.exists()]))
    # organization.yml is read by load_course and by check_organization: its problems once.
    return sorted(set(problems))


def _missing_pages(root: Path) -> dict[str, Problem]:
    """A page _toc.yml lists whose file is not there, at the line that lists it (a misspelt name
    would otherwise show only as its consequences: a module the formats cannot find)."""
    try:
        entries = toc_entries(root)
    except CourseError:  # a broken _toc.yml is reported by load_course
        return {}
    shown = display_path(root / "_toc.yml")
    return {name: Problem(shown, line, col, f"'{name}' is listed but {name}.md does not exist")
            for name, (line, col) in entries if not (root / f"{name}.md").exists()}


def _source(path: Path, read: Callable) -> list[Problem]:
    """The problems of one source: what ``read`` returns when it is a list of problems, or the
    problems it raises. Anything else it raises still names the file: never a traceback."""
    try:
        found = read()
    except CourseError as err:
        return list(err.problems)
    except Exception as err:  # last resort: a bug in a reader, still reported against its file
        return [Problem(display_path(path), 0, 0, f"this file could not be checked ({type(err).__name__}: {err})")]
    return found if isinstance(found, list) and all(isinstance(p, Problem) for p in found) else []


def _check_statements(root: Path, course: Course, whole: bool) -> list[Problem]:
    # load_assessment decodes with the one reader: a BOM, a bad byte or a control character is
    # reported at its line either way.
    if whole:
        return check_assessment(root, course)
    load_assessment(root)  # some modules could not be read: the statements alone
    return []


def _content_rules(root: Path, course: Course) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for name in course.pages:
        path = root / f"{name}.md"
        is_module = name.startswith("modules/")
        try:
            page = course.module(Path(name).name) if is_module else parse_module(path)
        except CourseError as err:
            problems += err.problems
            continue
        problems += run_rules(page, course, {"module", "page"} if is_module else {"page"})
        for r in page.reflections:
            if r.id in seen:
                problems.append(Problem(page.path, r.line, 1, f"[ids-exist] reflection '{r.id}' is already used in {seen[r.id]}"))
            seen[r.id] = f"{page.path}:{r.line}"
    problems += _bank_language(course)
    for _name, _says, rule in BANK_RULES:
        problems += rule(course)
    return problems


def report_problems(root: Path, advice: str = "") -> int:
    """Check the course and print each problem as file:line:col on stderr, then how many there
    were (with ``advice`` after it); the number of problems."""
    try:
        problems = check_course(root)
    except CourseError as err:
        problems = err.problems
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found{advice}.", file=sys.stderr)
    return len(problems)


__all__ = ["BANK_RULES", "RULES", "CourseError", "check_course", "report_problems"]
