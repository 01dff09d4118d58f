"""Generate the facilitator guide's pages from the course sources.

``python -m wellbeing_course generate`` (and ``build``, before it runs Jupyter Book) writes MyST
Markdown pages into ``facilitator/generated/``:

- ``formats.md``: workshop formats, each with agenda tables computed from the modules' own minutes
  (the formats themselves, with breaks and start times, are in ``facilitator/formats.yml``);
- ``sessions.md`` and ``session-<slug>.md``: a session plan per module;
- ``answer-keys.md`` and ``answers-<bank>.md``: an answer key per quiz bank in ``quizzes/``;
- ``handouts.md`` and ``handout-<slug>.md``: a one-page handout per module.

Nothing here is typed twice: timings, objectives, key points, reflection prompts, activities and
quiz questions all come from ``modules/*.md`` and ``quizzes/*.yml``.

Links into the learner book. The guide and the learner book are separate Sphinx projects, so a
link between them cannot be a ``.md`` cross-reference. The generated pages link to the learner
book's built HTML instead, with a relative URL worked out from where each page is written. By
default the learner book is the one ``make book`` builds to ``_build/html/`` beside the guide's
``facilitator/_build/html/`` (as ``make serve`` serves them). To publish the two books elsewhere,
set ``learner_book_url`` in ``facilitator/_config.yml``, or the environment variable
``WELLBEING_LEARNER_BOOK_URL`` (it wins): either a path relative to the guide's HTML root, or an
address starting with ``/`` or a scheme, used as it is.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .course import Course, load_course, toc_files
from .errors import CourseError, Problem
from .modules import Module, parse_module
from .quizbank import TYPES, Bank, Question

GENERATED = "generated"
FORMATS_FILE = "formats.yml"
URL_ENV = "WELLBEING_LEARNER_BOOK_URL"
URL_KEY = "learner_book_url"
PARTS = ("reading", "activities", "activity")
PART_LABELS = {
    "reading": "Opening and talking points",
    "activities": "Discussion prompts and quiz questions",
    "activity": "Small-group activity and close",
}
_ESCAPE = re.compile(r"([\\`*_\[\]<>|$~{}])")


def esc(text: str) -> str:
    """Plain text as MyST Markdown: no accidental emphasis, links, math, HTML or table cells."""
    return _ESCAPE.sub(r"\\\1", " ".join(str(text).split()))


def unescape(markdown: str) -> str:
    """The inverse of :func:`esc`, for tests that look for source text in a generated page."""
    return re.sub(r"\\([\\`*_\[\]<>|$~{}])", r"\1", markdown)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


# --- Links into the learner book -------------------------------------------------------------

def guide_dir(root: Path) -> Path:
    return Path(root) / "facilitator"


def learner_book_url(root: Path) -> str:
    """The learner book's HTML root as seen from the guide's HTML root (see the module docstring)."""
    configured = os.environ.get(URL_ENV, "").strip()
    if not configured:
        config = guide_dir(root) / "_config.yml"
        data = yaml.safe_load(config.read_text(encoding="utf-8")) if config.is_file() else {}
        configured = str((data or {}).get(URL_KEY) or "").strip()
    if configured:
        return configured.rstrip("/")
    learner_html = Path(root) / "_build" / "html"
    guide_html = guide_dir(root) / "_build" / "html"
    return Path(os.path.relpath(learner_html, guide_html)).as_posix()


def learner_link(root: Path, page: str, from_page: str, base: str | None = None) -> str:
    """A URL for ``page`` (e.g. ``modules/trust.html``) in the learner book, from the guide page
    ``from_page`` (e.g. ``generated/session-trust``)."""
    base = learner_book_url(root) if base is None else base
    if base.startswith("/") or re.match(r"^[a-z][a-z0-9+.-]*:", base, re.I):
        return f"{base}/{page}"
    up = posixpath.relpath(".", posixpath.dirname(from_page) or ".")
    return posixpath.normpath(posixpath.join(up, base, page))


def learner_page(course: Course, slug: str) -> tuple[str, str]:
    """(title, page) of the learner-book page that shows the bank or module ``slug``."""
    for name in toc_files(course.root):
        if Path(name).name == slug:
            path = course.root / f"{name}.md"
            title = course.module(slug).title if name.startswith("modules/") else parse_module(path).title
            return title, f"{name}.html"
    raise CourseError([Problem("_toc.yml", 0, 0, f"no page in the learner book is named '{slug}'")])


# --- Agendas ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    start: int          # minutes since midnight
    minutes: int
    what: str           # Markdown
    module: str = ""    # slug, or "" for a break


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


def module_parts(module: Module) -> list[tuple[str, int]]:
    """(part, minutes) for each part of a module's session, straight from its front matter."""
    minutes = module.minutes
    activity = module.facilitator.get("activity") or {}
    return [("reading", minutes.get("reading")), ("activities", minutes.get("activities")),
            ("activity", activity.get("minutes"))]


def _parse_start(value, where: str) -> int:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value or ""))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise CourseError([Problem(where, 0, 0, f"start '{value}' should be a time such as \"09:00\"")])
    return int(m.group(1)) * 60 + int(m.group(2))


def load_formats(course: Course, path: Path | None = None) -> list[Format]:
    """The workshop formats, with their agendas computed from the modules' minutes."""
    path = Path(path) if path else guide_dir(course.root) / FORMATS_FILE
    shown = f"facilitator/{path.name}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise CourseError([Problem(shown, 0, 0, f"cannot read the workshop formats: {err}")]) from None
    problems: list[Problem] = []
    formats = []
    for spec in data.get("formats") or []:
        where = f"format '{spec.get('slug', '?')}'"
        agendas = []
        try:
            start = _parse_start(spec.get("start"), shown)
        except CourseError as err:
            problems += err.problems
            continue
        by_parts = spec.get("rows", "modules") == "parts"
        for session in spec.get("sessions") or []:
            agenda = Agenda(title=session.get("title", ""), start=start, budget=spec.get("budget"))
            at = start
            for item in session.get("items") or []:
                if "break" in item:
                    minutes = item.get("minutes")
                    if not isinstance(minutes, int) or minutes <= 0:
                        problems.append(Problem(shown, 0, 0, f"{where}: the break '{item['break']}' needs whole minutes"))
                        continue
                    agenda.rows.append(Row(at, minutes, esc(item["break"])))
                    at += minutes
                    continue
                slug = item.get("module")
                try:
                    module = course.module(slug)
                except KeyError:
                    problems.append(Problem(shown, 0, 0, f"{where}: there is no module '{slug}' in _toc.yml"))
                    continue
                wanted = item.get("parts") or list(PARTS)
                unknown = [p for p in wanted if p not in PARTS]
                if unknown:
                    problems.append(Problem(shown, 0, 0, f"{where}: unknown part(s) {unknown} (use {', '.join(PARTS)})"))
                    continue
                parts = [(p, m) for p, m in module_parts(module) if p in wanted]
                missing = [p for p, m in parts if not isinstance(m, int) or m <= 0]
                if missing:
                    problems.append(Problem(module.path, 1, 0, f"{where} uses the part(s) {missing}, but the "
                                            "module's front matter gives them no minutes"))
                    continue
                link = f"[{esc(module.title)}](session-{slug}.md)"
                if by_parts:
                    for part, minutes in parts:
                        what = f"{link}: {PART_LABELS[part].lower()}"
                        if part == "activity":
                            what += f" ({esc(module.facilitator['activity'].get('title', ''))})"
                        agenda.rows.append(Row(at, minutes, what, slug))
                        at += minutes
                else:
                    total = sum(m for _, m in parts)
                    detail = "; ".join(f"{PART_LABELS[p].lower()}, {m} min" for p, m in parts)
                    agenda.rows.append(Row(at, total, f"{link} ({detail})", slug))
                    at += total
            if agenda.budget and agenda.total > agenda.budget:
                problems.append(Problem(shown, 0, 0, f"{where}: the agenda takes {agenda.total} minutes, "
                                        f"more than its budget of {agenda.budget}"))
            agendas.append(agenda)
        formats.append(Format(spec.get("slug", ""), spec.get("title", ""), spec.get("about", ""), agendas))
    if problems:
        raise CourseError(problems)
    return formats


def agenda_table(agenda: Agenda) -> list[str]:
    lines = ["| Start | End | Minutes | What happens |", "|---|---|--:|---|"]
    for row in agenda.rows:
        lines.append(f"| {clock(row.start)} | {clock(row.start + row.minutes)} | {row.minutes} | {row.what} |")
    lines.append(f"| **Total** | **{clock(agenda.end)}** | **{agenda.total}** | "
                 f"**{duration(agenda.total)}, from {clock(agenda.start)} to {clock(agenda.end)}** |")
    return lines


# --- Pages -----------------------------------------------------------------------------------

def _bullets(items) -> list[str]:
    return [f"- {esc(item)}" for item in items]


def _numbered(items) -> list[str]:
    return [f"{n}. {esc(item)}" for n, item in enumerate(items, start=1)]


HEADER = "% Generated by `python -m wellbeing_course generate` from {source}. Do not edit: edit the source."


def formats_page(course: Course, formats: list[Format]) -> str:
    out = ["# Workshop formats", "",
           "Four ways to run the course for a team. Every time below is worked out from the minutes each "
           "module sets out for itself, so the agendas always match the modules. Each module's session "
           "has three parts:", ""]
    for part in PARTS:
        source = {"reading": "the module's reading time",
                  "activities": "the module's time for reflections and the quiz",
                  "activity": "the minutes the module gives its small-group activity"}[part]
        out.append(f"- **{PART_LABELS[part]}**: {source}.")
    out += ["", "The session plans say what happens in each part. To change a start time, a break or the "
            "modules in a format, edit `facilitator/formats.yml` and build the guide again.", ""]
    for fmt in formats:
        out += [f"({GENERATED}-format-{fmt.slug})=", f"## {esc(fmt.title)}", "", esc(fmt.about), ""]
        for agenda in fmt.agendas:
            if agenda.title:
                out += [f"### {esc(agenda.title)}", ""]
            out += agenda_table(agenda) + [""]
    return "\n".join(out)


def _activity(module: Module) -> dict:
    return module.facilitator.get("activity") or {}


def session_page(course: Course, module: Module, base: str) -> str:
    page = f"{GENERATED}/session-{module.slug}"
    url = learner_link(course.root, course.page_url(module), page, base)
    fac = module.facilitator
    activity = _activity(module)
    parts = module_parts(module)
    total = sum(m or 0 for _, m in parts)
    out = [f"# Session plan: {esc(module.title)}", "",
           f"The learner page for this session is [{esc(module.title)}]({url}){{.external}} in the learner "
           f"book. Take it yourself before you run the session. The [answer key](answers-{module.slug}.md) "
           f"and the [handout](handout-{module.slug}.md) go with it.", "",
           "## Purpose", "", "By the end of this session, participants will be able to:", ""]
    out += _bullets(module.bullets("Learning objectives"))
    out += ["", "## Timing", "", "| Part | From | To | Minutes |", "|---|--:|--:|--:|"]
    at = 0
    for part, minutes in parts:
        minutes = minutes or 0
        out.append(f"| {PART_LABELS[part]} | {at} | {at + minutes} | {minutes} |")
        at += minutes
    out += [f"| **Total** | 0 | **{total}** | **{total}** |", "",
            "The times are minutes from the start of the session.", ""]
    out += ["## Opening", "", esc(fac.get("opening", "")), "",
            "## Talking points", "",
            "The module's key points, in its own words. Put them in your own words as you go.", ""]
    out += _bullets(module.bullets("Key points"))
    out += ["", "## Discussion prompts", "",
            "The module's own reflection prompts. Sharing is always optional: people can think about a "
            "prompt without saying anything, and no one is asked about their own experience of harm. "
            "See [Holding the room](../holding-the-room.md).", ""]
    out += _numbered(r.prompt for r in module.reflections)
    out += ["", f"## Small-group activity: {esc(activity.get('title', ''))}", "",
            f"This takes {activity.get('minutes', 0)} minutes.", ""]
    out += _numbered(activity.get("steps") or [])
    out += ["", "### Composite scenarios", "",
            "Give each group one scenario. Each one is a composite example, not a real case.", ""]
    out += _bullets(activity.get("scenarios") or [])
    out += ["", "## Close", "", esc(fac.get("close", "")), ""]
    return "\n".join(out)


def sessions_page(course: Course) -> str:
    out = ["# Session plans", "",
           "One plan per module, in course order. Each plan takes its purpose, talking points, discussion "
           "prompts, activity and timings from the module itself.", "",
           "| Module | Reading | Discussion | Activity | Session |", "|---|--:|--:|--:|--:|"]
    for module in course.modules:
        parts = dict(module_parts(module))
        total = sum(v or 0 for v in parts.values())
        out.append(f"| [{esc(module.title)}](session-{module.slug}.md) | {parts['reading']} | "
                   f"{parts['activities']} | {parts['activity']} | {total} |")
    out += ["", "All times are in minutes.", ""]
    return "\n".join(out)


def answer_slugs(course: Course) -> list[str]:
    """Every quiz bank, modules first in course order, then the others by name."""
    ordered = [m.slug for m in course.modules if m.slug in course.banks]
    return ordered + sorted(s for s in course.banks if s not in ordered)


def _question(n: int, q: Question) -> list[str]:
    out = [f"({GENERATED}-answer-{q.id})=", f"## Question {n}: {TYPES.get(q.type, q.type)}", ""]
    if q.scenario:
        text = q.scenario
        label = "" if text.lower().startswith("composite example") else "**Composite example.** "
        out += [f"> {label}{esc(text)}", ""]
    out += [f"**{esc(q.prompt)}**", "", f"Question id: `{q.id}`", ""]
    if q.type == "reflective":
        out += ["There is no single right answer. Use the commentary on each option to discuss the "
                "tradeoff it makes.", ""]
        for i, option in enumerate(q.options, start=1):
            out += [f"{i}. {esc(option.text)}", "", f"    Commentary: {esc(option.feedback)}", ""]
    else:
        correct = q.correct_options
        label = "Correct answer" if len(correct) == 1 else "Correct answers"
        out += [f"{label}: " + "; ".join(f"**{esc(o.text)}**" for o in correct), "",
                "The reasoning for each option:", ""]
        for i, option in enumerate(q.options, start=1):
            verdict = "Correct" if option.correct else "Not correct"
            out += [f"{i}. {verdict}: {esc(option.text)}", "", f"    Reasoning: {esc(option.feedback)}", ""]
    if q.explanation:
        out += [f"To tie it back to the module: {esc(q.explanation)}", ""]
    return out


def answers_page(course: Course, bank: Bank, base: str) -> str:
    title, page = learner_page(course, bank.slug)
    url = learner_link(course.root, page, f"{GENERATED}/answers-{bank.slug}", base)
    out = [f"# Answer key: {esc(title)}", "",
           f"Every question in `quizzes/{bank.slug}.yml`, shown on the learner page "
           f"[{esc(title)}]({url}){{.external}}. Use it to talk a group through the reasoning, not to hand "
           "out the right answers. The learner book has no answer key: learners see the feedback for the "
           "options they choose.", ""]
    for n, q in enumerate(bank.questions, start=1):
        out += _question(n, q)
    return "\n".join(out)


def answer_keys_page(course: Course) -> str:
    out = ["# Answer keys", "",
           "One key per quiz, generated from the quiz files. A change to a quiz changes its key at the next "
           "build.", "", "| Quiz | Questions |", "|---|--:|"]
    for slug in answer_slugs(course):
        title, _ = learner_page(course, slug)
        out.append(f"| [{esc(title)}](answers-{slug}.md) | {len(course.banks[slug].questions)} |")
    out.append("")
    return "\n".join(out)


def handout_page(course: Course, module: Module) -> str:
    out = [f"# Handout: {esc(module.title)}", "",
           "From the Wellbeing Model course. Sharing is always optional: these questions are for thinking "
           "and talking about your practice and your organization, not about your own experience.", "",
           "## Key points", ""]
    out += _bullets(module.bullets("Key points"))
    out += ["", "## Discussion questions", ""]
    out += _numbered(r.prompt for r in module.reflections)
    out.append("")
    return "\n".join(out)


def handouts_page(course: Course) -> str:
    out = ["# Handouts", "",
           "One printable page per module, with its key points and discussion questions. Open a handout "
           "and print it from your browser; the navigation is left off the printed page.", ""]
    out += [f"- [{esc(m.title)}](handout-{m.slug}.md)" for m in course.modules]
    out.append("")
    return "\n".join(out)


EVALUATION_DIR = "evaluation"
SAMPLES = (("self-check", "self-check-sample.csv"), ("workshop", "workshop-evaluation-sample.csv"))
TEMPLATES = {"self-check": "self-check-template.csv", "workshop": "workshop-evaluation-template.csv"}


def _code_cell(source: str, tags: str = "remove-input", alt: str = "", caption: str = "") -> list[str]:
    """A code cell; an image output gets its alt text (and a caption) through myst-nb's cell options."""
    meta = [f":tags: [{tags}]"]
    if alt:
        options = {"image": {"alt": alt}}
        if caption:
            options["figure"] = {"caption": caption}
        # One line of JSON (which is YAML), so that the course's own module reader can read the cell.
        meta.append(":mystnb: " + json.dumps(options, ensure_ascii=False))
    return ["```{code-cell} ipython3", *meta, source, "```", ""]


def evaluation_page(course: Course) -> str:
    """A MyST notebook: the two forms, how to read results, and the analysis of the sample CSVs.

    It runs the analysis at build time, so it always shows what ``python -m wellbeing_course
    evaluation`` says. The alt text of each chart is worked out here, from the same numbers.
    """
    import hashlib

    from . import evaluation as ev

    folder = guide_dir(course.root) / EVALUATION_DIR
    digest = hashlib.sha256(Path(ev.__file__).read_bytes())
    results = {}
    for form, name in SAMPLES:
        digest.update((folder / name).read_bytes())
        results[form] = ev.read_results(folder / name)
    front = ["---", "jupytext:", "  text_representation:", "    extension: .md", "    format_name: myst",
             "    format_version: 0.13",
             "kernelspec:", "  name: python3", "  display_name: Python 3",
             "mystnb:", "  render_markdown_format: myst", "---", ""]
    out = front + [
        "# Evaluation", "",
        "The course's last module asks organizations to keep evaluating their efforts with participants, "
        "partners and staff. A workshop is one of those efforts. This page gives you two forms, a way to read "
        "their results, and the analysis of a sample of each.", "",
        "## The two forms", "",
        f"Both are CSV files in `facilitator/{EVALUATION_DIR}/`, with a header row and one row per response. "
        "Participants can answer on paper or in an online form; type or paste their answers into a copy of the "
        "template. Every answer is optional: leave a cell blank when someone skipped a question. Use a "
        "participant code, never a name.", ""]
    for form in ev.FORMS.values():
        out += [f"### {esc(form.title)}", "",
                f"Template: `facilitator/{EVALUATION_DIR}/{TEMPLATES[form.name]}`. Ratings are whole numbers "
                f"from {ev.RATING_MIN} to {ev.RATING_MAX} ({esc(form.scale)}).", "",
                "| Column | What goes in it |", "|---|---|",
                "| `participant` | A code for the participant" + (", the same before and after" if form.phased else "")
                + ". Never a name. |"]
        if form.phased:
            out.append("| `phase` | `pre` at the start of the workshop, `post` at the end. |")
        out += [f"| `{i.column}` | Rating: {esc(i.text)} |" for i in form.ratings]
        out += [f"| `{i.column}` | Free text: {esc(i.text)} |" for i in form.texts]
        out.append("")
    out += [
        "## Reading the results", "",
        "From the course folder, with the course's Python environment active:", "",
        "```bash",
        "python -m wellbeing_course evaluation RESULTS.csv --chart RESULTS-chart.png",
        "```", "",
        "It prints the average of each rating, the change from before to after (for the self-check), and "
        "the free-text answers gathered by question, and writes the chart as a PNG image. It also prints a "
        "message for every row it could not use, naming the row as a spreadsheet numbers it (the header is "
        "row 1): a blank row, a row with too few or too many values, a rating that is not a whole number "
        f"from {ev.RATING_MIN} to {ev.RATING_MAX}, a phase that is not `pre` or `post`. A bad rating leaves out "
        "only that answer; a row with the wrong number of values is left out whole. A file saved in another "
        "encoding, such as UTF-16 or Windows-1252, is still read, with a note. The rest is always summarized.",
        "",
        "The change from before to after is shown two ways: the difference between the two averages, and "
        "the average change of the participants who answered both times, matched by their code.", "",
        "```{code-cell} ipython3",
        ":tags: [remove-cell]",
        "from IPython.display import Image, Markdown, display",
        "from wellbeing_course.evaluation import markdown_table, read_results",
        "from wellbeing_course.facilitator import esc",
        "",
        "# A digest of the samples and the analysis code, so that the execution cache notices a change:",
        f"# {digest.hexdigest()[:16]}",
        "results = {",
        *[f'    "{form}": read_results("../{EVALUATION_DIR}/{name}"),' for form, name in SAMPLES],
        "}",
        "",
        "def answers(r):",
        "    out = []",
        "    for question, texts in r.free_text().items():",
        "        out += [f'**{esc(question)}**', '']",
        "        out += [f'- {esc(t)}' for t in texts] or ['- (no answers)']",
        "        out.append('')",
        "    return Markdown('\\n'.join(out))",
        "",
        "def problems(r):",
        "    lines = [f'- {esc(p.message)}' for p in r.problems] or ['- None: every row was used.']",
        "    return Markdown('\\n'.join(lines))",
        "```", ""]
    titles = {"self-check": "Sample results: pre/post self-check", "workshop": "Sample results: end-of-workshop evaluation"}
    for form, name in SAMPLES:
        r = results[form]
        out += [f"## {titles[form]}", "",
                f"The file `facilitator/{EVALUATION_DIR}/{name}` holds invented answers from no real workshop "
                "(a composite example), each free-text answer marked \"Sample answer\".", "",
                "### Average rating per item", ""]
        out += _code_cell(f'display(Markdown(markdown_table(results["{form}"].averages())))')
        if r.form.phased:
            out += ["### Change from before to after", ""]
            out += _code_cell(f'display(Markdown(markdown_table(results["{form}"].change())))')
        out += ["### Chart", ""]
        out += _code_cell(f'display(Image(data=results["{form}"].png(), format="png"))',
                          alt=r.chart_alt(), caption=f"{r.form.title}: average rating per item.")
        out += ["### Free-text answers, by question", ""]
        out += _code_cell(f'display(answers(results["{form}"]))')
        out += ["### Rows the analysis could not use", ""]
        out += _code_cell(f'display(problems(results["{form}"]))')
    return "\n".join(out)


def pages(course: Course) -> dict[str, str]:
    """{file name in facilitator/generated/: Markdown} for every generated page."""
    base = learner_book_url(course.root)
    formats = load_formats(course)
    out = {"formats.md": (formats_page(course, formats), "facilitator/formats.yml and modules/*.md"),
           "sessions.md": (sessions_page(course), "modules/*.md")}
    for m in course.modules:
        out[f"session-{m.slug}.md"] = (session_page(course, m, base), f"{m.path}")
    out["answer-keys.md"] = (answer_keys_page(course), "quizzes/*.yml")
    for slug in answer_slugs(course):
        out[f"answers-{slug}.md"] = (answers_page(course, course.banks[slug], base), course.banks[slug].path)
    out["evaluation.md"] = (evaluation_page(course), "facilitator/evaluation/ and wellbeing_course/evaluation.py")
    out["handouts.md"] = (handouts_page(course), "modules/*.md")
    for m in course.modules:
        out[f"handout-{m.slug}.md"] = (handout_page(course, m), f"{m.path}")
    return {name: _with_header(text, source) for name, (text, source) in out.items()}


def _with_header(text: str, source: str) -> str:
    if text.startswith("---\n"):  # a notebook: the comment goes after the front matter and the title
        end = text.index("\n---\n", 4) + 5
        return text[:end] + _with_header(text[end:].lstrip("\n"), source)
    title, _, rest = text.partition("\n")
    # The comment goes after the title, so that the '#' heading stays the page's first line.
    return f"{title}\n\n{HEADER.format(source=source)}\n{rest}"


def generate(root: Path | None = None) -> list[Path]:
    """Write every generated page; rewrite only what changed, and remove pages no longer made."""
    course = load_course(root)
    folder = guide_dir(course.root) / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    made = pages(course)
    written = []
    for name, text in made.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    for path in folder.glob("*.md"):
        if path.name not in made:
            path.unlink()
    return written
