"""The live-Jupyter view of quizzes and reflections, built from the same banks and prompts.

Reflections are saved to a JSON journal file on the learner's own machine: by default
``~/.wellbeing-course/journal.json``, or the path in $WELLBEING_JOURNAL, or one set with
``set_journal_path()``. Every write goes to a temporary file that then replaces the journal,
so a crash mid-write leaves the previous journal whole.
"""

from __future__ import annotations

import json
import os
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
    return path


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


class QuizWidget:
    def __init__(self, bank: Bank, question_ids: tuple[str, ...] = ()):
        questions = [bank.question(i) for i in question_ids] if question_ids else list(bank.questions)
        self.questions = [QuestionWidget(q, n, len(questions)) for n, q in enumerate(questions, start=1)]
        self.box = w.VBox([q.box for q in self.questions])


class QuestionWidget:
    def __init__(self, question: Question, number: int, count: int):
        self.question = question
        header = f"<p><strong>{escape(word('quiz.question_number', number=number, count=count))}</strong> {escape(question.prompt)}</p>"
        if question.scenario:
            header = f"<p><strong>{escape(word('quiz.scenario_label'))}</strong> {escape(question.scenario)}</p>" + header
        texts = [o.text for o in question.options]
        if question.type == "multiple":
            self.choices = [w.Checkbox(value=False, description=t, indent=False,
                                       layout=w.Layout(width="auto")) for t in texts]
            chooser = w.VBox(self.choices)
        else:
            self.choices = w.RadioButtons(options=texts, value=None, layout=w.Layout(width="auto"))
            chooser = self.choices
        self.check = w.Button(description=word("quiz.check"))
        self.feedback = w.HTML()
        self.check.on_click(lambda _button: self.show())
        self.box = w.VBox([w.HTML(header + f"<p>{escape(word('quiz.hint.' + question.type))}</p>"), chooser, self.check, self.feedback])

    def select(self, *indexes: int) -> None:
        """Choose options by position, as a learner would by clicking."""
        if isinstance(self.choices, list):
            for n, box in enumerate(self.choices):
                box.value = n in indexes
        else:
            self.choices.value = self.question.options[indexes[0]].text if indexes else None

    def selected(self) -> list[int]:
        if isinstance(self.choices, list):
            return [n for n, box in enumerate(self.choices) if box.value]
        texts = [o.text for o in self.question.options]
        return [texts.index(self.choices.value)] if self.choices.value is not None else []

    def show(self) -> None:
        chosen = self.selected()
        q = self.question
        if not chosen:
            self.feedback.value = f"<p>{escape(word('quiz.choose_first'))}</p>"
            return
        if q.type == "reflective":
            head = word("quiz.verdict.reflective")
        elif set(chosen) == {n for n, o in enumerate(q.options) if o.correct}:
            head = word("quiz.verdict.correct")
        else:
            head = word("quiz.verdict.incorrect")
        items = []
        for n, option in enumerate(q.options):
            if n in chosen:
                items.append(f"<li><strong>{escape(word('quiz.you_chose'))}{escape(option.text)}</strong> {escape(option.feedback)}</li>")
            elif q.type == "multiple" and option.correct:
                items.append(f"<li><strong>{escape(word('quiz.you_missed'))}{escape(option.text)}</strong> {escape(option.feedback)}</li>")
        more = f"<p>{escape(q.explanation)}</p>" if q.explanation else ""
        self.feedback.value = f"<p><strong>{head}</strong></p><ul>{''.join(items)}</ul>{more}"


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
