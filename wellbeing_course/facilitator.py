"""Generate the facilitator guide's pages from the course sources.

``python -m wellbeing_course generate`` (and ``build``, before it runs Jupyter Book) writes MyST
Markdown pages into ``facilitator/generated/``:

- ``formats.md``: workshop formats, each with agenda tables computed from the modules' own minutes
  (:mod:`.agendas`; the formats themselves, with steps, breaks and start times, are in
  ``facilitator/formats.yml``);
- ``sessions.md`` and ``session-<slug>.md``: a session plan per module;
- ``answer-keys.md`` and ``answers-<bank>.md``: an answer key per quiz bank in ``quizzes/``, each
  opening with a one-page key (question, answer, one line of reasoning, the objective it checks);
- ``handouts.md`` and ``handout-<slug>.md``: a one-page handout per module;
- ``evaluation.md`` and ``forms.md``: the evaluation, and its paper forms (:mod:`.paper_forms`);
- ``maintaining.md``: the appendix "Maintaining this guide", the only page with maintainer detail
  (files to edit, question ids, commands).

The workshop packs (``make packs``) print sections of these pages: :mod:`.pdf` says which.

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
from dataclasses import dataclass
from pathlib import Path

import yaml

from .agendas import PART_LABELS, PARTS, Format, agenda_table, esc, load_formats, module_parts  # noqa: F401 (tests read load_formats here)
from .course import Course, load_course, toc_files
from .errors import CourseError, Problem
from .modules import Module, parse_module
from . import paper_forms
from .quizbank import TYPES, Bank, Question
from .words import word

GENERATED = "generated"
URL_ENV = "WELLBEING_LEARNER_BOOK_URL"
URL_KEY = "learner_book_url"


def unescape(markdown: str) -> str:
    """The inverse of :func:`esc`, for tests that look for source text in a generated page."""
    return re.sub(r"\\([\\`*_\[\]<>|$~{}])", r"\1", markdown)


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


# --- Pages -----------------------------------------------------------------------------------

def _bullets(items) -> list[str]:
    return [f"- {esc(item)}" for item in items]


def _numbered(items) -> list[str]:
    return [f"{n}. {esc(item)}" for n, item in enumerate(items, start=1)]


HEADER = "% Generated by `python -m wellbeing_course generate` from {source}. Do not edit: edit the source."


def formats_page(course: Course, formats: list[Format]) -> str:
    out = ["# Workshop formats", "",
           "Four ways to run the course for a team. Every module's time below is worked out from the minutes each "
           "module sets out for itself, so the agendas always match the modules. Each module's session "
           "has three parts:", ""]
    for part in PARTS:
        source = {"reading": "the module's reading time",
                  "activities": "the module's time for reflections and the quiz",
                  "activity": "the minutes the module gives its small-group activity"}[part]
        out.append(f"- **{PART_LABELS[part]}**: {source}.")
    out += ["", "The session plans say what happens in each part. Every time on an agenda is on a five-minute "
            "step: a module's row is its own minutes rounded up, and the spare minutes are yours to use as "
            "buffer. Each agenda starts with arrival, a welcome and the ground rules, and ends with a closing "
            "round and the evaluation. To change a format, see [Maintaining this guide](maintaining.md).", ""]
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
    out += _bullets(o.text for o in module.objectives)
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


@dataclass(frozen=True)
class KeyRow:
    """One question of a one-page answer key. Made once, by :func:`answer_key`, for the guide's
    answer-key pages and the workshop packs alike."""
    number: int
    question: str       # the prompt, as learners read it
    answer: str         # the correct option(s), or "No single right answer"
    why: str            # one line of reasoning
    objective: str      # the learning objective(s) it checks, as the module words them; "" if none named


_VERDICT = re.compile(r"^(right|correct|yes|no|not quite|exactly|true|false)[.,!:]\s+", re.I)


def first_sentence(text: str, limit: int = 160) -> str:
    """The reasoning of a feedback text in one line: its first sentence without the verdict word
    ("Right.", "No."), with the next one when the first says too little, at most ``limit``
    characters (cut at a word, with an ellipsis)."""
    text = _VERDICT.sub("", " ".join(str(text).split()), count=1)
    sentences = re.findall(r".+?[.!?](?=\s|$)|.+$", text)
    line = ""
    for sentence in sentences:
        line = f"{line} {sentence.strip()}".strip()
        if len(line) >= 40:
            break
    if len(line) > limit:
        line = line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return line[:1].upper() + line[1:]


def _objectives(course: Course, bank: Bank, q: Question) -> str:
    """The texts of the objectives a question checks, as its module words them."""
    try:
        module = course.module(bank.slug)
    except KeyError:  # a bank with no module page (the "how the quizzes work" demo)
        return ""
    known = {o.id: o.text.rstrip(";,. ") for o in module.objectives}
    return "; ".join(known.get(i, i) for i in q.objectives)


def answer_key(course: Course, bank: Bank) -> list[KeyRow]:
    rows = []
    for n, q in enumerate(bank.questions, start=1):
        if q.type == "reflective":
            answer = "No single right answer: discuss the tradeoff each option makes."
            why = first_sentence(q.explanation) if q.explanation else first_sentence(q.options[0].feedback)
        else:
            correct = q.correct_options
            answer = "; ".join(o.text.rstrip(".") for o in correct) + "."
            why = first_sentence(q.explanation if q.explanation and len(correct) > 1 else correct[0].feedback)
        rows.append(KeyRow(n, q.prompt, answer, why, _objectives(course, bank, q)))
    return rows


def key_table(rows: list[KeyRow]) -> list[str]:
    """The one-page key as a Markdown table; the objective column only when a question names one."""
    with_objective = any(r.objective for r in rows)
    head = "| No. | Question | Answer | Why, in one line |" + (" Objective it checks |" if with_objective else "")
    out = [head, "|--:|---|---|---|" + ("---|" if with_objective else "")]
    for r in rows:
        line = f"| {r.number} | {esc(r.question)} | {esc(r.answer)} | {esc(r.why)} |"
        out.append(line + (f" {esc(r.objective) or '(none named)'} |" if with_objective else ""))
    return out


def _question(n: int, q: Question, objective: str) -> list[str]:
    out = [f"({GENERATED}-answer-{q.id})=", f"### Question {n}: {TYPES.get(q.type, q.type)}", ""]
    if objective:  # the module objective(s) this question checks, as the module words them
        out += [f"Checks the objective: {esc(objective)}", ""]
    if q.scenario:  # the check keeps "Composite example" out of the banks: the label is written here
        out += [f"> **{esc(word('quiz.scenario_label'))}** {esc(q.scenario)}", ""]
    out += [f"**{esc(q.prompt)}**", ""]
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
           f"Every question of the quiz on the learner page [{esc(title)}]({url}){{.external}}. Use it to talk "
           "a group through the reasoning, not to hand out the right answers. The learner book has no answer "
           "key: learners see the feedback for the options they choose.", "",
           f"({GENERATED}-key-{bank.slug})=", "## The key on one page", ""]
    rows = answer_key(course, bank)
    out += key_table(rows)
    out += ["", "## Every question, with the reasoning for each option", ""]
    for n, (q, row) in enumerate(zip(bank.questions, rows), start=1):
        out += _question(n, q, row.objective)
    return "\n".join(out)


def answer_keys_page(course: Course) -> str:
    out = ["# Answer keys", "",
           "One key per quiz, made from the quiz itself: a change to a quiz changes its key. Each key opens "
           "with the whole quiz on one page (the question, the answer, one line of reasoning and, where the "
           "quiz names it, the learning objective it checks), then gives the reasoning for every option.", "",
           "| Quiz | Questions |", "|---|--:|"]
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
           "One page per module, with its key points and discussion questions. Every workshop pack has the "
           "handouts of its modules, one page each, ready to copy; a handout printed from this site also "
           "fits on one page.", ""]
    out += [f"- [{esc(m.title)}](handout-{m.slug}.md)" for m in course.modules]
    out.append("")
    return "\n".join(out)


EVALUATION_DIR = paper_forms.EVALUATION_DIR
SAMPLES = (("self-check", "self-check-sample.csv"), ("workshop", "workshop-evaluation-sample.csv"))
TEMPLATES = paper_forms.TEMPLATES


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
    digest.update(paper_forms.forms_path(course.root).read_bytes())
    results = {}
    forms = ev.load_forms(paper_forms.forms_path(course.root))
    for form, name in SAMPLES:
        digest.update((folder / name).read_bytes())
        results[form] = ev.read_results(folder / name, forms)
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
        "A pre/post self-check (participants rate their confidence at the start and again at the end) and an "
        "end-of-workshop evaluation. Both print from [Paper forms](forms.md), one page each, and are in every "
        "workshop pack. Every answer is optional, and participants write a code, never a name.", ""]
    out += paper_forms.typing_guide(course.root)
    out += [
        "## Reading the results", "",
        "Whoever keeps the course files can summarize a filled template (see [Maintaining this "
        "guide](maintaining.md)). The summary gives the average of each rating, the change from before to "
        "after (for the self-check), and the written answers gathered by question, with a chart. It names "
        "every row it could not use, numbered as a spreadsheet numbers it (the heading row is row 1): a "
        "blank row, a row with too few or too many values, a rating that is not a whole number "
        f"from {ev.RATING_MIN} to {ev.RATING_MAX}, a phase that is not `pre` or `post`. A bad rating leaves out "
        "only that answer; a row with the wrong number of values is left out whole. The rest is always "
        "summarized.", "",
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
                "This sample holds invented answers from no real workshop "
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


def maintaining_page(course: Course, formats: list[Format]) -> str:
    """The appendix: the only page of the guide with files to edit, question ids and commands."""
    out = ["# Maintaining this guide", "",
           "For whoever keeps the course's files. Facilitators preparing a workshop do not need this page.", "",
           "## Where each part of the guide comes from", "",
           "Most of the guide is made from the course's own files each time the books are built (`make book`), "
           "so it always matches what learners read. Edit the source, never a generated page.", "",
           "| Part of the guide | Made from |", "|---|---|",
           "| Workshop formats and agendas | `facilitator/formats.yml` (start times, steps, breaks, which "
           "modules) and the minutes in each module's front matter, in `modules/` |",
           "| Session plans and handouts | each module's front matter and its learning objectives, key points "
           "and reflection prompts, in `modules/` |",
           "| Answer keys | the module's quiz, in `quizzes/` |",
           "| Paper forms, CSV templates and the analysis | `facilitator/evaluation/forms.yml` |",
           "| Preparing, Holding the room, When you hear... | `facilitator/*.md`, written by hand |", "",
           "To change a start time, a step, a break or the modules in a format, edit `facilitator/formats.yml` "
           "and build again. Every clock time stays on a five-minute step; the build stops with a message when "
           "an agenda runs over its format's budget.", "",
           "To add a question to a paper form, add an item to `facilitator/evaluation/forms.yml`. The paper "
           "form, the CSV template beside it and the analysis all follow at the next build.", "",
           "## Commands", "",
           "From the course folder:", "",
           "```bash",
           "make book     # check the course, then build the learner book and this guide",
           "make packs    # print the PDFs to _build/pdf/: the books, the board brief, a workshop pack per format",
           "python -m wellbeing_course evaluation RESULTS.csv --chart RESULTS-chart.png",
           "```", "",
           "The last command summarizes a filled evaluation template: it prints the tables the evaluation page "
           "shows, writes the chart, and names every row it could not use. A file saved in another encoding, "
           "such as UTF-16 or Windows-1252, is still read, with a note.", "",
           "## Question ids", "",
           "Each quiz question has an id, used in its quiz file in `quizzes/`, in the learning-system exports and in "
           "learners' saved answers. The answer keys number the questions instead; this table matches them.", "",
           "| Quiz | No. | Id |", "|---|--:|---|"]
    for slug in answer_slugs(course):
        title, _ = learner_page(course, slug)
        for n, q in enumerate(course.banks[slug].questions, start=1):
            out.append(f"| {esc(title)} | {n} | `{q.id}` |")
    out.append("")
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
    out["forms.md"] = (paper_forms.forms_page(course.root), "facilitator/evaluation/forms.yml")
    out["handouts.md"] = (handouts_page(course), "modules/*.md")
    for m in course.modules:
        out[f"handout-{m.slug}.md"] = (handout_page(course, m), f"{m.path}")
    out["maintaining.md"] = (maintaining_page(course, formats), "facilitator/formats.yml, quizzes/*.yml")
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
    paper_forms.write_templates(course.root)
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
