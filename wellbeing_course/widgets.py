"""The live-Jupyter view of quizzes, reflections, the journal and progress, built from the same
banks, prompts and interface words as the book.

Answers are kept in a JSON journal file on the learner's own machine (``journal.py``: by default
``~/.wellbeing-course/journal.json``, or $WELLBEING_JOURNAL, or ``set_journal_path()``), shared by
every kernel. The text lives in that file only: the widgets show it, and notebooks hold no copy of
it (their HTML outputs carry the prompts without answers; JupyterLab does not save widget state).

A question is the book's own markup (``html.question_html``) in a small anywidget view, so it is
as accessible as on the book's page: a group named by the question, feedback in a live region.
Its state holds the choice and the feedback, never a reflection's text.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from . import html
from .course import cached_course, find_root
from .html import journal_course_data
from .journal import (FORMAT, DamagedJournal, change, delete_all, export_json, import_file, is_answered, is_solved,
                      journal_path, quiz_seed, read_checked, read_journal, record_quiz, save_reflection,
                      set_journal_path, write_private)
from .journal import export_markdown as _export_markdown
from .quizbank import Bank, Question
from .render import render
from .words import word

__all__ = ["FORMAT", "DamagedJournal", "JournalWidget", "ProgressWidget", "QuizWidget", "ReflectionWidget",
           "export_markdown", "journal_path", "read_journal", "save_reflection", "set_journal_path"]


def _course():
    return cached_course(find_root())


def export_markdown(path: Path | None = None, course=None) -> str:
    """The journal as Markdown: the same text as the book's "Export as Markdown"."""
    return _export_markdown(read_journal(path), course or _course())


def _p(text: str, strong: str = "") -> str:
    return render("wb-jupyter-status.html", text=text, strong=strong)


def set_aside_damaged() -> str:
    """A damaged journal file, copied aside as soon as a widget first reads it (a new one is started), and
    the message that names the copy, for that widget to show; "" when the file is whole (or missing).

    Said by whichever widget reads the file first (a quiz before the reflection boxes, the progress
    list, the self-assessment), since later ones find a whole file and could not say where the
    learner's old answers went."""
    try:
        read_journal()
        return ""
    except OSError:
        return ""
    except DamagedJournal as err:
        try:
            kept = change(lambda _data: None).kept_aside
        except (OSError, DamagedJournal):
            return word("jupyter.damaged_unread", why=err)
        return word("jupyter.damaged", why=err, kept=kept) if kept else ""


_session_seed: int | None = None


def _seed() -> int:
    """The learner's seed from the journal file or, when that cannot be written, one for this session."""
    global _session_seed
    try:
        return quiz_seed()
    except OSError:
        if _session_seed is None:
            _session_seed = random.SystemRandom().randrange(2 ** 32)
        return _session_seed


def learner_order(question: Question, seed: int) -> list[int]:
    """The authored indices of the options in the order this learner sees them (true/false keeps
    True, then False, as in the book)."""
    order = list(range(len(question.options)))
    if question.type != "true-false":
        random.Random(f"{seed}:{question.id}").shuffle(order)
    return order


class QuizWidget:
    def __init__(self, bank: Bank, question_ids: tuple[str, ...] = (), seed: int | None = None):
        questions = [bank.question(i) for i in question_ids] if question_ids else list(bank.questions)
        note = set_aside_damaged()  # before the seed is read, which would set the file aside unsaid
        seed = _seed() if seed is None else seed
        self.questions = [QuestionWidget(q, n, len(questions), learner_order(q, seed), bank.slug)
                          for n, q in enumerate(questions, start=1)]
        self.note = Status(role="alert", value=_p(note) if note else "")
        self.box = w.VBox(([self.note] if note else []) + [q.view for q in self.questions])


# ipywidgets 8 cannot name a group of options or announce a change (its frontend has no
# role="radiogroup", fieldset or aria-live anywhere), so the quiz and the status lines are small
# anywidget views: the book's own markup, with Python deciding and the script only showing.
_HERE = Path(__file__).parent / "jupyterlab"
_ESM = (_HERE / "widgets.js").read_text(encoding="utf-8")
_CSS = (_HERE / "widgets.css").read_text(encoding="utf-8")


class QuestionView(anywidget.AnyWidget):
    """One question as the book marks it up (html.question_html). Its state holds the choice, the
    feedback and which options are marked: no reflection text ever passes through it."""
    _esm = _ESM
    _css = _CSS
    kind = traitlets.Unicode("question").tag(sync=True)
    markup = traitlets.Unicode().tag(sync=True)
    order = traitlets.List(traitlets.Int()).tag(sync=True)
    chosen = traitlets.List(traitlets.Int()).tag(sync=True)
    feedback = traitlets.Unicode().tag(sync=True)
    result = traitlets.Unicode().tag(sync=True)
    marked = traitlets.List(traitlets.Int()).tag(sync=True)
    key_mark = traitlets.Unicode().tag(sync=True)
    retry_shown = traitlets.Bool(False).tag(sync=True)
    answer_shown = traitlets.Bool(False).tag(sync=True)


class Status(anywidget.AnyWidget):
    """A line that says what just happened, in a live region that is on the page before it changes
    (role "status", or "alert" for what needs an answer), so a screen reader reads each change."""
    _esm = _ESM
    _css = _CSS
    kind = traitlets.Unicode("status").tag(sync=True)
    role = traitlets.Unicode("status").tag(sync=True)
    value = traitlets.Unicode().tag(sync=True)


class Action:
    """One of the question's buttons as Python sees it: click() does what a click in the notebook does."""

    def __init__(self, handler):
        self.click = handler


class QuestionWidget:
    """One question, as the book shows it: Check, Try again and Show the answer, with the same words
    (words.yml) and the same markup for the same event. Options are chosen and reported by their
    authored index."""

    def __init__(self, question: Question, number: int, count: int, order: list[int] | None = None,
                 module: str = ""):
        self.question = question
        self.order = list(order) if order is not None else list(range(len(question.options)))
        self.revealed = False
        self.view = QuestionView(markup=html.question_html(question, module, number, count), order=self.order,
                                 key_mark=word("quiz.key_mark"))
        self.check, self.retry, self.show_answer = Action(self.show), Action(self.try_again), Action(self.reveal)
        actions = {"check": self.show, "retry": self.try_again, "show": self.reveal}
        self.view.on_msg(lambda _view, content, _buffers: actions.get(content.get("event"), lambda: None)())

    @property
    def feedback(self) -> str:
        """What the feedback region says now (markup)."""
        return self.view.feedback

    def _say(self, markup: str, result: str = "") -> None:
        self.view.result = result
        self.view.feedback = markup

    def select(self, *indexes: int) -> None:
        """Choose options by their authored index (the key follows the option, not its place)."""
        self.view.chosen = list(indexes) if self.question.type == "multiple" else list(indexes[:1])

    def select_shown(self, *positions: int) -> None:
        """Choose options by where they are shown, as a learner clicking would."""
        self.select(*(self.order[p] for p in positions))

    def selected(self) -> list[int]:
        return [i for i in self.order if i in self.view.chosen]

    def _feedback(self, head: str, lines: list[str], which: list[int], after: list[str]) -> str:
        """The feedback markup: one option's feedback as a paragraph, several as a list, in the
        order the learner sees them."""
        shown = [self.question.options[i] for i in self.order if i in which]
        return render("wb-jupyter-feedback.html", head=head, lines=lines, options=shown, after=after,
                      single=len(shown) == 1 and self.question.type != "multiple")

    def show(self) -> None:
        chosen = self.selected()
        q = self.question
        if not chosen:
            self._say(_p(word("quiz.choose_first")), "empty")
            return
        right = [n for n, o in enumerate(q.options) if o.correct]
        if q.type == "reflective":
            result = "reflective"
        else:
            result = "correct" if set(chosen) == set(right) else "incorrect"
        lines = []
        if q.type == "multiple" and result == "incorrect":
            lines.append(word("quiz.multiple_count", found=len(set(chosen) & set(right)), total=len(right),
                              wrong=len(set(chosen) - set(right))))
        after = [q.explanation] if q.explanation and result != "incorrect" else []
        # As in the book: right at a Check made without the answer shown counts as solved.
        note = self._record(chosen, result, result == "reflective" or (result == "correct" and not self.revealed))
        self._unmark()
        self._say(self._feedback(word("quiz.verdict." + result), lines, chosen, after + ([note] if note else [])), result)
        self.view.retry_shown = True
        self.view.answer_shown = result == "incorrect"

    def marked(self) -> list[int]:
        """The options shown as right answers (after Show the answer)."""
        return list(self.view.marked)

    def reveal(self) -> None:
        """Show the answer: mark the right options and give the reasoning for each."""
        q = self.question
        right = [n for n, o in enumerate(q.options) if o.correct]
        self.revealed = True
        self.view.marked = right
        lines = [word("quiz.answer_multiple" if len(right) > 1 else "quiz.answer_single")]
        self._say(self._feedback(word("quiz.answer_head"), lines, right, [q.explanation] if q.explanation else []),
                  "answer")
        self.view.answer_shown = False

    def _unmark(self) -> None:
        self.revealed = False
        self.view.marked = []

    def try_again(self) -> None:
        """Clear the choice and the feedback, for a fresh attempt."""
        self._unmark()
        self.select()
        self._say("")
        self.view.retry_shown = False
        self.view.answer_shown = False

    def _record(self, chosen: list[int], result: str, solved: bool) -> str:
        """Keep the checked answer in the journal file, as the book keeps it, for progress();
        returns a line for the feedback when it could not be kept."""
        try:
            record_quiz(self.question.id, chosen, result, solved)
        except (OSError, DamagedJournal) as err:
            return word("quiz.not_kept") + str(err)
        return ""


# ipywidgets keeps a description on one line, cut short; a prompt is a sentence or two.
WRAP_LABELS = ("<style>.wb-jupyter-reflection .widget-label { white-space: normal; overflow: visible; "
               "height: auto; line-height: 1.4; max-width: 100%; width: 100%; text-align: left; font-size: var(--jp-content-font-size1, 14px); }</style>")


class ReflectionWidget:
    """A prompt and its text box. Each change is saved to the journal file at once; if another
    notebook saved different text since this box last read or wrote it, nothing is overwritten and
    the box asks which version to keep, as the book does across tabs."""

    def __init__(self, reflection_id: str, prompt: str, module: str):
        self.id, self.prompt, self.module = reflection_id, prompt, module
        self.status = Status()
        self.alert = w.VBox()
        self.conflict = False
        note = set_aside_damaged()
        if note:
            self.status.value = _p(note)
        try:
            data, unreadable = read_checked()
            saved = next((e["text"] for e in data["reflections"] if e["id"] == reflection_id), "")
            if unreadable:
                self.status.value = _p(word("jupyter.entries_unread", count=len(unreadable)))
        except (OSError, DamagedJournal) as err:
            saved = ""
            why = word("jupyter.damaged_why") if isinstance(err, DamagedJournal) else err
            self.status.value = _p(word("jupyter.damaged_unread", why=why))
        self.base = saved
        # The prompt is the text box's label (its accessible name), above the box.
        self.area = w.Textarea(value=saved, description=f"{word('reflection.tag')} {prompt}",
                               layout=w.Layout(width="100%", height="8em", flex_flow="column"),
                               style={"description_width": "initial"})
        self.area.add_class("wb-jupyter-reflection")
        self.area.observe(self._changed, names="value")
        self.box = w.VBox([w.HTML(WRAP_LABELS), self.area, self.status, self.alert])

    def reload(self) -> None:
        """Show what the journal file holds now (after an import or a delete)."""
        try:
            text = next((e["text"] for e in read_journal()["reflections"] if e["id"] == self.id), "")
        except (OSError, DamagedJournal):
            return
        self.conflict = False
        self.alert.children = ()
        self.base = text
        self.area.value = text
        self.status.value = ""  # "Saved" spoke of the text that was here before

    def _changed(self, change) -> None:
        if self.conflict:
            return
        self.save(change["new"], self.base)

    def save(self, text: str, base: str | None) -> None:
        try:
            outcome = save_reflection(self.id, self.prompt, self.module, text, base=base)
        except (OSError, DamagedJournal) as err:
            self.status.value = _p(word("jupyter.not_saved_because", why=err), word("reflection.not_saved"))
            return
        if not outcome.saved:
            return self._ask(outcome.current)
        self.base = text
        self.alert.children = ()
        note = ""
        if outcome.started_new:
            note = _p(word("jupyter.damaged", why=word("jupyter.damaged_why"), kept=outcome.kept_aside))
        elif outcome.kept_aside:  # only entries that could not be read were left out
            note = _p(word("jupyter.damaged_entries", kept=outcome.kept_aside))
        self.status.value = _p(word("reflection.saved")) + note

    def _ask(self, other: str) -> None:
        self.conflict = True
        self.status.value = _p(word("reflection.not_saved"))
        keep = w.Button(description=word("reflection.keep_mine"), layout=w.Layout(width="auto"))
        take = w.Button(description=word("jupyter.use_other"), layout=w.Layout(width="auto"))

        def keep_mine(_button):
            self.conflict = False
            self.save(self.area.value, None)

        def use_other(_button):
            self.conflict = False
            self.alert.children = ()
            self.base = other
            self.area.value = other
            self.status.value = _p(word("jupyter.showing_other"))

        keep.on_click(keep_mine)
        take.on_click(use_other)
        # Both texts in sight: the learner's is in the box; the other notebook's is said with the question.
        self.alert.children = (Status(role="alert", value=_p(word("jupyter.conflict")) + render(
            "wb-jupyter-other-text.html", head=word("jupyter.other_text"), text=other)), w.HBox([keep, take]))


class JournalWidget:
    """Every reflection prompt of the course by module, with export, import and delete."""

    def __init__(self, course, folder: Path | None = None):
        self.course = course
        # Files are written beside the journal file, owner-only as it is: not in the copies' folder,
        # which `make clean` deletes with the rest of _build/.
        self.folder = Path(folder) if folder else journal_path().parent
        note = set_aside_damaged()
        self.status = Status(value=_p(word("jupyter.saved_where", path=journal_path())) + (_p(note) if note else ""))
        self.reflections = []
        sections = []
        for module in course.modules:
            if not module.reflections:
                continue
            boxes = [ReflectionWidget(r.id, r.prompt, module.slug) for r in module.reflections]
            self.reflections += boxes
            sections += [w.HTML(render("wb-jupyter-heading.html", title=module.title)), *[b.box for b in boxes]]
        # The book's words for the same tools (a document, a backup file, a restore); here they are
        # files in this folder, and a restore names its file by path (a notebook cannot open a file picker).
        self.export_md = w.Button(description=word("journal.download_document"), layout=w.Layout(width="auto"))
        self.export_js = w.Button(description=word("journal.save_backup"), layout=w.Layout(width="auto"))
        self.import_path = w.Text(value=str(self.folder / "wellbeing-journal.json"), description=word("jupyter.import_label"),
                                  style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        self.import_button = w.Button(description=word("journal.restore_backup"), layout=w.Layout(width="auto"))
        self.delete = w.Button(description=word("jupyter.delete"), button_style="danger", layout=w.Layout(width="auto"))
        self.ask = w.VBox()
        self.export_md.on_click(lambda _b: self.write_markdown())
        self.export_js.on_click(lambda _b: self.write_json())
        self.import_button.on_click(lambda _b: self.load(self.import_path.value))
        self.delete.on_click(lambda _b: self._confirm_delete())
        tools = w.VBox([w.HBox([self.export_md, self.export_js, self.delete]),
                        w.HBox([self.import_path, self.import_button])])
        self.box = w.VBox([tools, self.status, self.ask, *sections])

    def _say(self, text: str) -> None:
        self.status.value = _p(text)

    def write_markdown(self) -> Path | None:
        try:
            out = write_private("wellbeing-journal.md", export_markdown(course=self.course), self.folder)
        except (OSError, DamagedJournal) as err:
            self._say(word("jupyter.import_failed", why=err))
            return None
        self._say(word("jupyter.document_to", path=out))
        return out

    def write_json(self) -> Path | None:
        try:
            data = export_json(read_journal(), self.course)
            out = write_private("wellbeing-journal.json", json.dumps(data, ensure_ascii=False, indent=2), self.folder)
        except (OSError, DamagedJournal) as err:
            self._say(word("jupyter.import_failed", why=err))
            return None
        self._say(word("jupyter.backup_to", path=out))
        return out

    def load(self, file: str, replace: bool = False) -> None:
        """Import a JSON export (from the book or from Jupyter); differing answers are asked about."""
        self.ask.children = ()
        path = Path(file).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        try:
            done = import_file(path, journal_course_data(self.course), replace=replace)
        except DamagedJournal as err:  # the book's words for the same refusal
            self._say(f"{err} {word('journal.unchanged')}")
            return
        except OSError as err:
            self._say(word("jupyter.import_failed", why=err))
            return
        message = word("jupyter.imported", reflections=done.reflections, quiz=done.quiz)
        if done.differing:
            prompts = {r.id: r.prompt for r in self.course.reflections}
            message += " " + word("jupyter.import_differs", count=len(done.differing),
                                  prompts="; ".join(f"“{prompts.get(i, i)}”" for i in done.differing))
            again = w.Button(description=word("jupyter.import_replace"), layout=w.Layout(width="auto"))
            again.on_click(lambda _b: self.load(file, replace=True))
            self.ask.children = (again,)
        if done.gone:
            message += " " + word("journal.kept_gone", prompts="; ".join(f"“{p}”" for p in done.gone))
        if done.aside:
            message += " " + set_aside_words(done.aside)
        self._say(message)
        for box in self.reflections:
            box.reload()

    def _confirm_delete(self) -> None:
        yes = w.Button(description=word("jupyter.delete_yes"), button_style="danger", layout=w.Layout(width="auto"))
        no = w.Button(description=word("jupyter.delete_no"), layout=w.Layout(width="auto"))
        yes.on_click(lambda _b: self.erase())
        no.on_click(lambda _b: (setattr(self.ask, "children", ()), self._say(word("journal.not_deleted"))))
        self.ask.children = (Status(role="alert", value=_p(word("jupyter.delete_confirm", path=journal_path()))), w.HBox([yes, no]))

    def erase(self) -> None:
        self.ask.children = ()
        try:
            delete_all()
        except OSError as err:
            self._say(word("jupyter.import_failed", why=err))
            return
        for box in self.reflections:
            box.reload()
        self._say(word("jupyter.deleted"))


def set_aside_words(aside: list[dict], shown: int = 5) -> str:
    """The entries a restore left out, in the book's words: how many, and why for the first few."""
    return word("journal.set_aside", count=len(aside), what=" ".join(word(a["key"], **a["values"]) for a in aside[:shown]))


class ProgressWidget:
    """Each module with how many of its quiz questions the journal file holds answers for."""

    def __init__(self, course, link=None):
        self.course, self.link = course, link
        note = set_aside_damaged()
        self.note = Status(role="alert", value=_p(note) if note else "")
        self.list = w.HTML()
        self.refresh_button = w.Button(description=word("jupyter.refresh"), layout=w.Layout(width="auto"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.box = w.VBox(([self.note] if note else []) + [self.list, self.refresh_button])
        self.refresh()

    def counts(self) -> dict[str, tuple[int, int, int, int]]:
        """Per module: (scored questions solved, scored questions, open questions answered, open questions)."""
        try:
            records = {e["id"]: e for e in read_journal()["quiz"]}
        except (OSError, DamagedJournal):
            records = {}
        out = {}
        for module in self.course.modules:
            bank = self.course.banks.get(module.slug)
            questions = bank.questions if bank else ()
            scored = [q.id for q in questions if q.type != "reflective"]
            open_ = [q.id for q in questions if q.type == "reflective"]
            out[module.slug] = (sum(is_solved(records.get(i)) for i in scored), len(scored),
                                sum(is_answered(records.get(i)) for i in open_), len(open_))
        return out

    def refresh(self) -> None:
        """The same words as the book's progress list (quiz.progress in words.yml), by the same rule."""
        items, counts = [], self.counts()
        for module in self.course.modules:
            right, scored, answered, open_ = counts[module.slug]
            text = word("quiz.progress", right=right, scored=scored)
            if answered < open_:
                text += "; " + word("quiz.progress_open", left=open_ - answered)
            if scored + open_ and right == scored and answered == open_:
                text = word("quiz.progress_complete") + text
            items.append({"title": module.title, "href": self.link(module.slug) if self.link else "",
                          "text": text if scored + open_ else str(module.total_minutes)})
        self.list.value = render("wb-jupyter-progress.html", items=items)
