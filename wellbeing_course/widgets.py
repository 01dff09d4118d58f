"""The live-Jupyter view of quizzes and reflections, built from the same banks and prompts.

Reflections are saved to a JSON journal file on the learner's own machine: by default
``~/.wellbeing-course/journal.json``, or the path in $WELLBEING_JOURNAL, or one set with
``set_journal_path()``. Every write goes to a temporary file that then replaces the journal,
so a crash mid-write leaves the previous journal whole.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import tempfile
from datetime import datetime, timezone
from html import escape
from pathlib import Path

import ipywidgets as w

from .quizbank import Bank, Question
from .words import word

FORMAT = "wellbeing-course-journal"
_journal_path: Path | None = None


def journal_path() -> Path:
    if _journal_path is not None:
        return _journal_path
    if os.environ.get("WELLBEING_JOURNAL"):
        return Path(os.environ["WELLBEING_JOURNAL"]).expanduser()
    return Path.home() / ".wellbeing-course" / "journal.json"


def set_journal_path(path: str | os.PathLike | None) -> None:
    """Keep the journal somewhere else (None goes back to the default)."""
    global _journal_path
    _journal_path = Path(path).expanduser() if path is not None else None


class DamagedJournal(ValueError):
    """The journal file exists but is not a journal this course wrote."""


def read_journal(path: Path | None = None) -> dict:
    path = path or journal_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"format": FORMAT, "version": 1, "reflections": []}
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("reflections"), list):
        raise DamagedJournal(f"{path} is not a journal this course can read")
    return data


def _set_aside(path: Path) -> Path:
    """Keep a damaged journal under another name, so that saving never destroys its text."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    kept = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    os.replace(path, kept)
    return kept


def save_reflection(reflection_id: str, prompt: str, module: str, text: str, path: Path | None = None) -> Path:
    """Write one answer into the journal file, atomically."""
    path = path or journal_path()
    try:
        data = read_journal(path)
    except DamagedJournal:
        _set_aside(path)
        data = read_journal(path)
    entries = {e["id"]: e for e in data.get("reflections", [])}
    entries[reflection_id] = {"id": reflection_id, "module": module, "prompt": prompt, "text": text,
                              "updated": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    data["reflections"] = [entries[k] for k in sorted(entries)]
    _write_journal(path, data)
    return path


def _write_journal(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".journal-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_markdown(path: Path | None = None) -> str:
    """The journal as Markdown, the same shape as the book's export."""
    lines = [f"# {word('journal.title')}", ""]
    module = None
    for entry in read_journal(path)["reflections"]:
        if entry.get("module") != module:
            module = entry.get("module")
            lines += [f"## {module or word('journal.other_module')}", ""]
        lines += [f"### {entry.get('prompt') or entry['id']}", "", entry.get("text") or word("journal.no_answer"), ""]
    return "\n".join(lines)


_session_seed: int | None = None


def quiz_seed(path: Path | None = None) -> int:
    """The seed of this learner's option order: kept once in the journal file, so the order stays
    the same across kernels and visits. If the journal cannot be read or written, a seed for this
    session (the file is never replaced to store it)."""
    global _session_seed
    path = path or journal_path()
    try:
        data = read_journal(path)
        if isinstance(data.get("quiz_seed"), int):
            return data["quiz_seed"]
        data["quiz_seed"] = secrets.randbelow(2 ** 32)
        _write_journal(path, data)
        return data["quiz_seed"]
    except (OSError, DamagedJournal):
        if _session_seed is None:
            _session_seed = secrets.randbelow(2 ** 32)
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
        seed = quiz_seed() if seed is None else seed
        self.questions = [QuestionWidget(q, n, len(questions), learner_order(q, seed))
                          for n, q in enumerate(questions, start=1)]
        self.box = w.VBox([q.box for q in self.questions])


def _hidden(widget, hidden: bool) -> None:
    widget.layout.display = "none" if hidden else None


class QuestionWidget:
    """One question, as the book shows it: Check, Try again and Show the answer, with the same words
    (words.yml) for the same event. Options are chosen and reported by their authored index."""

    def __init__(self, question: Question, number: int, count: int, order: list[int] | None = None):
        self.question = question
        self.order = list(order) if order is not None else list(range(len(question.options)))
        self.revealed = False
        header = f"<p><strong>{escape(word('quiz.question_number', number=number, count=count))}</strong> {escape(question.prompt)}</p>"
        if question.scenario:
            header = f"<p><strong>{escape(word('quiz.scenario_label'))} </strong>{escape(question.scenario)}</p>" + header
        if question.type == "multiple":
            self.choices = [w.Checkbox(value=False, description=question.options[i].text, indent=False,
                                       layout=w.Layout(width="auto")) for i in self.order]
            chooser = w.VBox(self.choices)
        else:
            self.choices = w.RadioButtons(options=self._labels(), value=None, layout=w.Layout(width="auto"))
            chooser = self.choices
        self.check = w.Button(description=word("quiz.check"))
        self.retry = w.Button(description=word("quiz.retry"), layout=w.Layout(display="none"))
        self.show_answer = w.Button(description=word("quiz.show"), layout=w.Layout(display="none"))
        self.feedback = w.HTML()
        self.check.on_click(lambda _button: self.show())
        self.retry.on_click(lambda _button: self.try_again())
        self.show_answer.on_click(lambda _button: self.reveal())
        self.box = w.VBox([w.HTML(header + f"<p>{escape(word('quiz.hint.' + question.type))}</p>"), chooser,
                           w.HBox([self.check, self.retry, self.show_answer]), self.feedback])

    def _labels(self, marked: bool = False) -> list[tuple[str, int]]:
        mark = f" ({word('quiz.key_mark')})"
        return [(self.question.options[i].text + (mark if marked and self.question.options[i].correct else ""), i)
                for i in self.order]

    def select(self, *indexes: int) -> None:
        """Choose options by their authored index (the key follows the option, not its place)."""
        if isinstance(self.choices, list):
            for box, i in zip(self.choices, self.order):
                box.value = i in indexes
        else:
            self.choices.value = indexes[0] if indexes else None

    def select_shown(self, *positions: int) -> None:
        """Choose options by where they are shown, as a learner clicking would."""
        self.select(*(self.order[p] for p in positions))

    def selected(self) -> list[int]:
        if isinstance(self.choices, list):
            return [i for box, i in zip(self.choices, self.order) if box.value]
        return [self.choices.value] if self.choices.value is not None else []

    def _option_feedback(self, which: list[int]) -> str:
        shown = [i for i in self.order if i in which]
        options = self.question.options
        if len(shown) == 1 and self.question.type != "multiple":
            return f"<p>{escape(options[shown[0]].feedback)}</p>"
        items = "".join(f"<li><em>{escape(options[i].text)}</em><br>{escape(options[i].feedback)}</li>" for i in shown)
        return f"<ul>{items}</ul>"

    def show(self) -> None:
        chosen = self.selected()
        q = self.question
        if not chosen:
            self.feedback.value = f"<p>{escape(word('quiz.choose_first'))}</p>"
            return
        right = [n for n, o in enumerate(q.options) if o.correct]
        if q.type == "reflective":
            result = "reflective"
        else:
            result = "correct" if set(chosen) == set(right) else "incorrect"
        parts = [f"<p><strong>{escape(word('quiz.verdict.' + result))}</strong></p>"]
        if q.type == "multiple" and result == "incorrect":
            parts.append("<p>" + escape(word("quiz.multiple_count", found=len(set(chosen) & set(right)), total=len(right),
                                             wrong=len(set(chosen) - set(right)))) + "</p>")
        parts.append(self._option_feedback(chosen))
        if q.explanation and result != "incorrect":
            parts.append(f"<p>{escape(q.explanation)}</p>")
        self.feedback.value = "".join(parts)
        self._unmark()
        _hidden(self.retry, False)
        _hidden(self.show_answer, result != "incorrect")

    def reveal(self) -> None:
        """Show the answer: mark the right options and give the reasoning for each."""
        q = self.question
        right = [n for n, o in enumerate(q.options) if o.correct]
        self.revealed = True
        mark = f" ({word('quiz.key_mark')})"
        if isinstance(self.choices, list):
            for box, i in zip(self.choices, self.order):
                box.description = q.options[i].text + (mark if q.options[i].correct else "")
        else:
            value = self.choices.value
            self.choices.options = self._labels(marked=True)
            self.choices.value = value
        parts = [f"<p><strong>{escape(word('quiz.answer_head'))}</strong></p>",
                 f"<p>{escape(word('quiz.answer_multiple' if len(right) > 1 else 'quiz.answer_single'))}</p>",
                 self._option_feedback(right)]
        if q.explanation:
            parts.append(f"<p>{escape(q.explanation)}</p>")
        self.feedback.value = "".join(parts)
        _hidden(self.show_answer, True)

    def _unmark(self) -> None:
        if not self.revealed:
            return
        self.revealed = False
        if isinstance(self.choices, list):
            for box, i in zip(self.choices, self.order):
                box.description = self.question.options[i].text
        else:
            value = self.choices.value
            self.choices.options = self._labels()
            self.choices.value = value

    def try_again(self) -> None:
        """Clear the choice and the feedback, for a fresh attempt."""
        self._unmark()
        self.select()
        self.feedback.value = ""
        _hidden(self.retry, True)
        _hidden(self.show_answer, True)


class ReflectionWidget:
    def __init__(self, reflection_id: str, prompt: str, module: str):
        self.id, self.prompt, self.module = reflection_id, prompt, module
        self.status = w.HTML()
        try:
            saved = {e["id"]: e for e in read_journal()["reflections"]}.get(reflection_id, {})
        except (OSError, DamagedJournal) as err:
            saved = {}
            self.status.value = (f"<p>Your journal could not be read ({escape(str(err))}). "
                                 "Saving here keeps the old file under a new name.</p>")
        self.area = w.Textarea(value=saved.get("text", ""), layout=w.Layout(width="100%", height="8em"))
        self.area.observe(self._changed, names="value")
        self.box = w.VBox([w.HTML(f"<p><strong>{escape(word('reflection.tag'))}</strong> {escape(prompt)}</p>"), self.area, self.status])

    def _changed(self, change) -> None:
        try:
            path = save_reflection(self.id, self.prompt, self.module, change["new"])
        except (OSError, DamagedJournal) as err:
            self.status.value = (f"<p><strong>Not saved:</strong> {escape(str(err))}. "
                                 "Your text is still in the box; copy it somewhere safe.</p>")
            return
        self.status.value = f"<p>Saved on this computer in {escape(str(path))}.</p>"
