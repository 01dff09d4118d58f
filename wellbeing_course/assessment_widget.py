"""The self-assessment in live Jupyter: the book's own page (``assessment_html``: each statement a
group of radios named by its text, the results table, the chart with its text alternative, the
action plan and the tools), shown by a small anywidget view, with Python deciding and keeping.

Ratings are kept in the journal file (``journal.read_ratings``/``save_ratings``), so they come back
after a kernel restart; an export is the book's file format, written beside the journal file
(``journal.write_private``), and an import takes a file the book exported. Scoring, the plan and
the export are the book's code (assessment_model, assessment_exports).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import anywidget
import ipywidgets as w
import pandas as pd
import traitlets

from .assessment_exports import MAX_BYTES, BadExport, export_data, parse_export
from .assessment_html import assessment_html
from .assessment_model import SKIP, Assessment, AreaScore, rating, score
from .journal import DamagedJournal, journal_path, read_ratings, save_ratings, write_private
from .lab import copy_name
from .widgets import _CSS, _ESM, set_aside_damaged
from .words import word

EXPORT_NAME = "wellbeing-self-assessment.json"  # the name the book's download gets


def results_frame(scores: list[AreaScore]) -> pd.DataFrame:
    """The results as a pandas DataFrame, one row per area (for analysis in a notebook)."""
    return pd.DataFrame(
        [{"area": s.area.title, "average": s.mean, "answered": s.answered, "unanswered": s.unanswered}
         for s in scores], columns=["area", "average", "answered", "unanswered"]).set_index("area")


class AssessmentView(anywidget.AnyWidget):
    """The book's page; ``results`` is the page again after a change, from which the script takes
    the table, the chart, its text and the plan (the statements stay, and so does the focus)."""
    _esm = _ESM
    _css = _CSS
    kind = traitlets.Unicode("assessment").tag(sync=True)
    markup = traitlets.Unicode().tag(sync=True)
    results = traitlets.Unicode().tag(sync=True)
    chosen = traitlets.Dict().tag(sync=True)  # {statement id: "1".."top" or "skip"}, as the radios' values
    status = traitlets.Unicode().tag(sync=True)  # the tools' status line (plain text)
    alert = traitlets.Unicode().tag(sync=True)  # the tools' alert: a problem, or the question asked
    ask = traitlets.Dict().tag(sync=True)  # {"yes": label, "no": label} while a question waits


class AssessmentWidget:
    """The self-assessment as in the book, its ratings kept in the journal file."""

    def __init__(self, assessment: Assessment, course=None):
        self.assessment = assessment
        self.course = course
        self._pending = None  # what "yes" does, while a question waits
        self.ratings: dict[str, int | str] = {}
        alert = set_aside_damaged()
        try:
            self.ratings = self._valid(read_ratings())
        except (OSError, DamagedJournal) as err:
            alert = word("jupyter.damaged_unread", why=err)
        self.view = AssessmentView(markup=self._page(), results="", chosen=self._chosen(), alert=alert)
        self.box = w.VBox([self.view])  # what the notebook displays, as the other widgets' boxes
        actions = {"rate": lambda c: self.rate(c.get("id", ""), c.get("value")), "export": lambda c: self.export(),
                   "import": lambda c: self.load(c.get("path", "")), "delete": lambda c: self.delete(),
                   "yes": lambda c: self.answer(True), "no": lambda c: self.answer(False)}
        self.view.on_msg(lambda _view, content, _buffers: actions.get(content.get("event"), lambda c: None)(content))

    def _valid(self, ratings: dict) -> dict[str, int | str]:
        known = {s.id for s in self.assessment.statements}
        return {sid: v for sid, v in ratings.items()
                if sid in known and (v == SKIP or rating(v, self.assessment.top) is not None)}

    def _link(self, slug: str) -> str:
        """A module's learner copy, beside this one (the book links to its page)."""
        if self.course is None:
            return slug
        return copy_name(self.course, self.course.page_name(self.course.module(slug)))

    def _page(self) -> str:
        return assessment_html(self.assessment, self.course, self.ratings, base="", page_url=self._link,
                               import_path=str(journal_path().parent / EXPORT_NAME))

    def _chosen(self) -> dict[str, str]:
        return {sid: str(v) for sid, v in self.ratings.items()}

    def _show(self) -> None:
        self.view.chosen = self._chosen()
        self.view.results = self._page()

    def _say(self, status: str = "", alert: str = "") -> None:
        self.view.status, self.view.alert = status, alert

    def responses(self) -> dict[str, int | str]:
        return dict(self.ratings)

    def rate(self, statement_id: str, value: int | str | None) -> None:
        """Choose a rating (1..top, "skip" or None), as a person does with the radios, and keep it."""
        if statement_id not in {s.id for s in self.assessment.statements}:
            return
        if value is not None and value != SKIP:
            value = rating(int(value) if str(value).isdigit() else value, self.assessment.top)
            if value is None:
                return
        if value is None:
            self.ratings.pop(statement_id, None)
        else:
            self.ratings[statement_id] = value
        # Said beside the statement, where the learner is, in its status region, as the book does.
        status, alert = word("reflection.saved"), ""
        try:
            kept = save_ratings({statement_id: value}).kept_aside
        except (OSError, DamagedJournal) as err:
            status, alert = word("reflection.not_saved"), word("assessment.rating_not_kept", problem=f"{err}.")
        else:
            if kept:
                alert = word("jupyter.damaged", why=word("jupyter.damaged_why"), kept=kept)
        self._show()
        self.view.send({"statement": statement_id, "status": status, "alert": alert})

    def scores(self) -> list[AreaScore]:
        return score(self.assessment, self.ratings)

    def results(self) -> pd.DataFrame:
        return results_frame(self.scores())

    def export(self) -> Path | None:
        """The book's "Export as JSON": the same file, written beside the journal file, owner-only."""
        data = export_data(self.assessment, self.ratings, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        try:
            path = write_private(EXPORT_NAME, json.dumps(data, ensure_ascii=False, indent=2))
        except OSError as err:
            self._say(alert=word("jupyter.import_failed", why=err))
            return None
        self._say(word("jupyter.assessment_exported", count=len(data["answers"]), path=path))
        return path

    def export_json(self, path: str | Path) -> Path:
        """Write the ratings as an export to a path of your choosing (the book imports it)."""
        path = Path(path)
        data = export_data(self.assessment, self.ratings, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    def load(self, file: str) -> None:
        """The book's "Import a JSON export", from a path (relative to the journal file's folder)."""
        path = Path(file.strip()).expanduser()
        if not path.is_absolute():
            path = journal_path().parent / path
        try:
            with open(path, "rb") as handle:
                answers = parse_export(handle.read(MAX_BYTES + 1), self.assessment)
        except BadExport as err:  # the book's words for the same refusal
            return self._say(alert=word("assessment.unchanged", problem=word("assessment.refused." + err.reason, count=err.count)))
        except OSError as err:  # the book's words, with the path and the system's reason
            return self._say(alert=word("assessment.unchanged", problem=f"{word('journal.refused.unreadable')} ({path}: {err.strerror or err})"))
        if self.ratings:
            return self._question(word("assessment.import_confirm"), word("jupyter.assessment_replace"),
                                  lambda: self._replace(answers), word("assessment.not_imported"))
        self._replace(answers)

    def _replace(self, answers: dict[str, int | str]) -> None:
        try:
            save_ratings(dict(answers), replace=True)
        except (OSError, DamagedJournal) as err:
            return self._say(alert=word("assessment.unchanged", problem=word("assessment.not_imported_because", problem=f"{err}.")))
        self.ratings = dict(answers)
        self._show()
        self._say(word("assessment.imported", count=len(answers)))

    def delete(self) -> None:
        """Every rating out of the journal file, after a second click."""
        self._question(word("jupyter.assessment_delete_confirm", path=journal_path()), word("jupyter.assessment_delete_yes"),
                       self._erase, word("journal.not_deleted"))

    def _erase(self) -> None:
        try:
            save_ratings({}, replace=True)
        except (OSError, DamagedJournal) as err:
            return self._say(alert=word("jupyter.import_failed", why=err))
        self.ratings = {}
        self._show()
        self._say(word("jupyter.assessment_deleted"))

    def _question(self, question: str, yes: str, then, refused: str) -> None:
        self._pending = (then, refused)
        self._say(alert=question)
        self.view.ask = {"yes": yes, "no": word("jupyter.assessment_keep")}

    def answer(self, yes: bool) -> None:
        """The learner's answer to the question the alert asks."""
        pending, self._pending = self._pending, None
        self.view.ask = {}
        if pending is None:
            return
        then, refused = pending
        if yes:
            then()
        else:
            self._say(refused)
