"""The self-assessment's export file: what the book's "Export as JSON" and the Jupyter widget
write, how one is read back, and the facilitator's summary of several (say one per staff member).

A file is read by the same rules as the book's import (``static/assessment.js`` and
``readChosenJson`` in ``static/wellbeing.js``), so that whatever the page takes, the summary takes
too: a rating written ``3.0`` is the rating 3 (JSON has one kind of number), a byte order mark is
ignored, and a file too large or nested too deeply is refused before it is parsed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from .assessment_html import render
from .assessment_model import FORMAT, SKIP, Assessment, AreaScore, Responses, rating, score
from .course import load_course
from .errors import Problem, display_path
from .reader import MB, TooLarge, read_capped

VERSION = 1
# The browser's limits (wellbeing.js: MAX_BYTES and MAX_DEPTH): deeper than any export the course
# writes (three levels), far shallower than what exhausts a parser.
MAX_BYTES = 5 * MB
MAX_DEPTH = 8


class BadExport(ValueError):
    """A file that is not a self-assessment exported from this course; the message says why (for
    the facilitator's summary), and ``reason`` names the book's word for it (``assessment.refused.*``
    in words.yml, with ``count`` for "entries"), which the learner's JupyterLab page shows."""

    def __init__(self, message: str, reason: str = "not_ours", count: int = 0):
        super().__init__(message)
        self.reason, self.count = reason, count


def _shown(value, limit: int = 40) -> str:
    """A value from the file, quoted and cut short: control characters escaped, never a page of text."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def read_export(data, assessment: Assessment) -> dict[str, int | str]:
    """The answers of a parsed export, {statement id: rating or "skip"}; BadExport says what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadExport("it is not a self-assessment exported from this course")
    version = data.get("version")
    if isinstance(version, bool) or version != VERSION:  # the script's `version !== 1`: true is not 1, 1.0 is
        raise BadExport(f"it was exported by a version of the course this one cannot read (version {_shown(version)})",
                        "version")
    answers = data.get("answers")
    if not isinstance(answers, list):
        raise BadExport("its list of answers is missing", "lists")
    known = {s.id for s in assessment.statements}
    out: dict[str, int | str] = {}
    problems = []  # the first is said; all are counted, as the page counts them
    for n, entry in enumerate(answers, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.append(f"answer {n} has no statement id")
            continue
        if entry["id"] not in known:
            problems.append(f"answer {n} is for a statement this course does not have ({_shown(entry['id'])})")
            continue
        value = entry.get("value")
        given = SKIP if value == SKIP else rating(value, assessment.top)
        if given is None:
            problems.append(f"answer {n} ({entry['id']}) has the rating {_shown(value)}; "
                            f"a rating is 1 to {assessment.top} or \"{SKIP}\"")
            continue
        out[entry["id"]] = given
    if problems:
        raise BadExport(problems[0], "entries", len(problems))
    return out


def _decode(raw: bytes) -> str:
    # As the browser's FileReader.readAsText: UTF-8 unless a byte order mark says UTF-16, the mark
    # dropped, and bytes that are not text replaced (the page takes such a file when its JSON holds).
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom):].decode(encoding, errors="replace")
    return raw.decode("utf-8", errors="replace")


def _deeper_than(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` (wellbeing.js's deeperThan)."""
    depth, in_string, skip = 0, False, False
    for c in text:
        if skip:
            skip = False
        elif in_string:
            if c == "\\":
                skip = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "{[":
            depth += 1
            if depth > limit:
                return True
        elif c in "}]":
            depth -= 1
    return False


def _not_json(constant: str):
    # NaN and Infinity are not JSON: the browser's JSON.parse refuses them, and so does this reader.
    raise ValueError(f"{constant} is not JSON")


def parse_export(raw: bytes, assessment: Assessment) -> dict[str, int | str]:
    """The answers in an export file's bytes; BadExport says, in words, why the file cannot be read."""
    if len(raw) > MAX_BYTES:
        raise BadExport(str(TooLarge(len(raw), MAX_BYTES)), "too_big")
    text = _decode(raw)
    too_deep = "it is not a self-assessment exported from this course: its data is nested too deeply"
    if _deeper_than(text, MAX_DEPTH):
        raise BadExport(too_deep, "too_deep")
    try:
        # A long run of digits becomes a float (infinity, not a rating) where int() would refuse it.
        data = json.loads(text, parse_constant=_not_json,
                          parse_int=lambda digits: int(digits) if len(digits) < 100 else float(digits))
    except json.JSONDecodeError as err:
        raise BadExport(f"the file is not JSON (line {err.lineno})", "not_json") from None
    except ValueError:
        raise BadExport("the file is not JSON", "not_json") from None
    except RecursionError:  # cannot happen after the depth check; kept so that no file ends in a traceback
        raise BadExport(too_deep, "too_deep") from None
    return read_export(data, assessment)


def export_data(assessment: Assessment, responses: Responses, exported: str = "") -> dict:
    """An export in the browser's format, which ``summarize_exports`` and the page's import read."""
    answers = []
    for s in assessment.statements:
        value = responses.get(s.id)
        given = SKIP if value == SKIP else rating(value, assessment.top)
        if given is not None:
            answers.append({"id": s.id, "value": given, "text": s.text})
    return {"format": FORMAT, "version": VERSION, "exported": exported, "answers": answers}


@dataclass
class Summary:
    """Per-area spread across several self-assessments, and a Problem for each file left out."""
    table: pd.DataFrame  # index area title; columns min, median, max, count
    problems: list[Problem]

    def __iter__(self):
        return iter((self.table, self.problems))

    def _repr_html_(self) -> str:
        return render("summary.html", table=Markup(self.table.to_html()), problems=self.problems)


def _read(path: str | Path, assessment: Assessment) -> list[AreaScore]:
    try:
        raw = read_capped(path, MAX_BYTES)  # a huge file (or a device) is refused, not read whole
    except TooLarge as err:
        raise BadExport(str(err)) from None
    return score(assessment, parse_export(raw, assessment))


def summarize_exports(paths: Iterable[str | Path], assessment: Assessment | None = None) -> Summary:
    """Load several exported self-assessments (say one per staff member) and give each area's spread.

    For each file, an area's score is its average rating (unanswered left out); the table gives,
    per area, the lowest, median and highest of those scores and how many files rated the area.
    A file that cannot be read is named in ``problems`` and the others are still summarized.
    """
    assessment = assessment or load_course().assessment
    problems: list[Problem] = []
    per_file: list[list[AreaScore]] = []
    for path in paths:
        shown = display_path(path)
        try:
            per_file.append(_read(path, assessment))
        except FileNotFoundError:
            problems.append(Problem(shown, 0, 0, "left out: the file does not exist"))
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
