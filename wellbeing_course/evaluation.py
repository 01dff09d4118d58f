"""Read a filled workshop evaluation or pre/post self-check (a CSV) and summarize it.

``python -m wellbeing_course evaluation RESULTS.csv [--chart PATH]`` prints summary tables
(per-item averages, the pre/post change, free-text answers gathered by question), writes a chart
(PNG), and reports every bad row with its row number, without stopping the rest being summarized.

The forms are defined once, in ``facilitator/evaluation/forms.yml`` (read into :data:`FORMS`); the
paper forms, the CSV templates beside it and this analysis are all made from that file. ``FORMS``
is read when first used. Which form a
file is comes from its header row.

Row numbers are the ones a spreadsheet shows: the header is row 1.

Columns may be separated by commas, semicolons or tabs (spreadsheets in many languages save CSV
with semicolons); the header row says which. A file that would lose answers without saying so (a
quotation mark that is never closed, a column twice in the header) is refused with the line to
fix. Participants' answers are printed without their control characters, so an answer cannot
move the cursor, recolour or clear the facilitator's terminal.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CourseError, Problem, display_path
from .reader import FILLED, FLAG, MB, ListOf, Record, TooLarge, read_capped, read_text, validated
from .root import find_root

if TYPE_CHECKING:  # pandas is imported by the functions that summarize: `check` reads forms.yml without it
    import pandas as pd

RATING_MIN, RATING_MAX = 1, 5
# A workshop of a thousand participants writes well under 1 MB; a bigger file is not an evaluation,
# and reading it whole (pandas holds it several times over) could exhaust the facilitator's memory.
MAX_CSV_BYTES = 10 * MB
PHASES = ("pre", "post")


@dataclass(frozen=True)
class Item:
    column: str
    label: str      # short, for tables and the chart
    text: str       # the statement or question as participants read it


@dataclass(frozen=True)
class Form:
    name: str
    title: str
    scale: str
    ratings: tuple[Item, ...]
    texts: tuple[Item, ...]
    phased: bool    # has a 'phase' column: pre or post

    @property
    def columns(self) -> list[str]:
        return (["participant"] + (["phase"] if self.phased else [])
                + [i.column for i in self.ratings] + [i.column for i in self.texts])

    def item(self, column: str) -> Item:
        return next(i for i in self.ratings + self.texts if i.column == column)


FORMS_FILE = Path("facilitator") / "evaluation" / "forms.yml"
RESERVED = {"participant", "phase"}


def default_forms_path() -> Path:
    """The course's ``facilitator/evaluation/forms.yml``: beside the package (the course installs it
    editable), else in the course folder found from the working directory."""
    here = Path(__file__).resolve().parents[1] / FORMS_FILE
    if here.is_file():
        return here
    return find_root() / FORMS_FILE


# The file's schema (see the comment at the top of forms.yml); the columns' spelling and their
# being used once in a form are checked on the validated data in load_forms.
ITEM = Record({"column": FILLED, "label": FILLED, "text": FILLED}, required=frozenset({"column", "label", "text"}))
ITEMS = ListOf(ITEM, entry="{what}, item {n}")
FORM = Record({"name": FILLED, "title": FILLED, "scale": FILLED, "phased": FLAG, "ratings": ITEMS,
               "texts": ITEMS}, required=frozenset({"name", "title", "scale", "phased", "ratings", "texts"}),
              label="form '{name}'")
FORMS_SPEC = Record({"forms": ListOf(FORM, entry="form {n}")}, required=frozenset({"forms"}),
                    says={"forms": ", a list of forms"})


def load_forms(path: Path | None = None) -> dict[str, Form]:
    """The forms defined in ``forms.yml``: {name: Form}. Every problem is a CourseError naming its line."""
    path = Path(path) if path else default_forms_path()
    shown = display_path(path)
    # The course's one YAML reader: positions kept; BOM, bad bytes, control characters, aliases
    # and repeated keys refused; a misspelt key names the one it is nearest to.
    data, reader = validated(read_text(path, shown), FORMS_SPEC, shown, "'forms:', a list of forms", path.name)
    if "forms" in data and not data["forms"]:
        reader.report(data.where("forms"), "'forms' should be a list with at least one form")
    forms: dict[str, Form] = {}
    for spec in data.get("forms") or ():
        if not spec:  # not a mapping, or an empty one: validate() has said so
            continue
        items: dict[str, tuple[Item, ...]] = {}
        columns: set[str] = set()
        for kind in ("ratings", "texts"):
            entries = [item for item in spec.get(kind) or () if item]
            for item in entries:
                column = item.get("column") or ""
                if not column:  # missing or not text: validate() has said so
                    continue
                if not re.fullmatch(r"[a-z][a-z0-9_]*", column):
                    reader.report(item.where("column"), f"{spec.label}: the column '{column}' should be lowercase "
                                                        "letters, digits and underscores")
                elif column in columns or column in RESERVED:
                    reader.report(item.where("column"), f"{spec.label}: the column '{column}' is used twice")
                columns.add(column)
            items[kind] = tuple(Item(*(" ".join((item.get(key) or "").split()) for key in ("column", "label", "text")))
                                for item in entries)
        name = " ".join((spec.get("name") or "").split())
        forms[name] = Form(name=name, title=" ".join((spec.get("title") or "").split()),
                           scale=" ".join((spec.get("scale") or "").split()),
                           ratings=items["ratings"], texts=items["texts"], phased=bool(spec.get("phased")))
    if reader.problems:
        raise CourseError(reader.problems)
    return forms


_course_forms: dict[str, Form] | None = None


def course_forms() -> dict[str, Form]:
    """The course's own forms, read once, when first needed (not at import: the package also loads
    where no course is at hand)."""
    global _course_forms
    if _course_forms is None:
        _course_forms = load_forms()
    return _course_forms


def __getattr__(name: str):
    if name == "FORMS":  # ``from wellbeing_course.evaluation import FORMS``: the course's own forms
        return course_forms()
    raise AttributeError(name)


# --- Reading ---------------------------------------------------------------------------------

def decode(raw: bytes, shown: str) -> tuple[str, str, list[Problem]]:
    """(text, encoding, problems): UTF-8 is expected; UTF-16 and Windows-1252/latin-1 are read, with a note."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw.decode("utf-8-sig"), "utf-8", []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (raw[:200].count(b"\x00") > len(raw[:200]) // 4):
        for encoding in ("utf-16",) if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ("utf-16-le", "utf-16-be"):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            return text, "utf-16", [Problem(shown, 0, 0, "the file is UTF-16, not UTF-8; it was read as UTF-16. "
                                            "Save it as 'CSV UTF-8' next time.")]
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
    mixed = _mixed(raw, shown)
    if mixed:
        return mixed
    text, name = _legacy(raw)
    return text, CODECS[name], [Problem(shown, line, 0, f"the file is not UTF-8 (first at row {line}); it was read "
                                        f"as {name}. Check accented letters in the answers, and save it as "
                                        "'CSV UTF-8' next time.")]


CODECS = {"Windows-1252": "cp1252", "latin-1": "latin-1"}


def _legacy(raw: bytes) -> tuple[str, str]:
    """(text, name of the encoding) for bytes that are not UTF-8: Windows-1252, which spreadsheets
    on Windows write, else latin-1 (which decodes any byte)."""
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _mixed(raw: bytes, shown: str) -> tuple[str, str, list[Problem]] | None:
    """A UTF-8 file with some lines in another encoding (rows pasted from another program): each
    line read in its own encoding and each other line named, or None when no line holds UTF-8
    accents (then the whole file is in the other encoding). Reading it all as Windows-1252 would
    turn every accent of the UTF-8 lines into two wrong letters ('é' into 'Ã©')."""
    texts, problems, accented = [], [], False
    for number, line in enumerate(raw.split(b"\n"), 1):  # 0x0A is a newline in both encodings
        try:
            texts.append(line.decode("utf-8"))
            accented = accented or not line.isascii()
        except UnicodeDecodeError:
            text, name = _legacy(line)
            texts.append(text)
            problems.append(Problem(shown, number, 0, f"line {number} is not UTF-8 like the rest of the file; it was "
                                    f"read as {name}: check its accented letters, and save the file as 'CSV UTF-8'"))
    return ("\n".join(texts), "utf-8", problems) if accented else None


def _detect_form(header: list[str], shown: str, forms: dict[str, Form], line: int = 1, separator: str = ",") -> Form:
    names = set(header)
    scores = {name: len(names & set(form.columns) - {"participant"}) for name, form in forms.items()}
    best = max(scores, key=scores.get)
    if "participant" not in names or not scores[best]:
        expected = " | ".join(f"{f.title}: {', '.join(f.columns)}" for f in forms.values())
        raise CourseError([Problem(shown, line, 0, f"row {line} (the header), split at each {SEPARATORS[separator]}, does "
                                   "not match either form; it should have the columns of a template in "
                                   f"facilitator/evaluation/ ({expected})")])
    return forms[best]


def _rating(value: str) -> float | None:
    """The rating in a cell, None when blank; raise ValueError when it is not a whole number from 1 to 5."""
    value = value.strip()
    if not value:
        return None
    number = float(value.replace(",", "."))
    if not number.is_integer() or not RATING_MIN <= number <= RATING_MAX:
        raise ValueError(value)
    return number


@dataclass
class Results:
    path: str
    form: Form
    frame: pd.DataFrame              # one row per good response: row, participant, [phase], ratings, texts
    problems: list[Problem] = field(default_factory=list)
    encoding: str = "utf-8"
    separator: str = ","

    # --- summaries ---

    def averages(self) -> pd.DataFrame:
        """Per item: how many answered and the average; for the self-check, before and after."""
        import pandas as pd

        rows = []
        for item in self.form.ratings:
            values = self.frame[item.column]
            row = {"Item": item.label, "Statement": item.text}
            if self.form.phased:
                for phase in PHASES:
                    part = values[self.frame["phase"] == phase].dropna()
                    row[f"Answers ({phase})"] = int(part.count())
                    row[f"Average ({phase})"] = round(float(part.mean()), 2) if len(part) else math.nan
            else:
                part = values.dropna()
                row["Answers"] = int(part.count())
                row["Average"] = round(float(part.mean()), 2) if len(part) else math.nan
                for score in range(RATING_MIN, RATING_MAX + 1):
                    row[str(score)] = int((part == score).sum())
            rows.append(row)
        return pd.DataFrame(rows)

    def change(self) -> pd.DataFrame:
        """Per item, for the self-check: the change in the average, and the average change of the
        participants who answered both before and after (paired by participant code)."""
        import pandas as pd

        if not self.form.phased:
            return pd.DataFrame()
        rows = []
        coded = self.frame[self.frame["participant"] != ""]
        for item in self.form.ratings:
            pre = self.frame.loc[self.frame["phase"] == "pre", item.column].dropna()
            post = self.frame.loc[self.frame["phase"] == "post", item.column].dropna()
            by_phase = coded.dropna(subset=[item.column]).groupby(["participant", "phase"])[item.column].mean().unstack()
            paired = by_phase.dropna(subset=[p for p in PHASES if p in by_phase]) if set(PHASES) <= set(by_phase) else pd.DataFrame()
            rows.append({
                "Item": item.label,
                "Average before": round(float(pre.mean()), 2) if len(pre) else math.nan,
                "Average after": round(float(post.mean()), 2) if len(post) else math.nan,
                "Change": round(float(post.mean() - pre.mean()), 2) if len(pre) and len(post) else math.nan,
                "Paired participants": len(paired),
                "Average paired change": round(float((paired["post"] - paired["pre"]).mean()), 2) if len(paired) else math.nan,
            })
        return pd.DataFrame(rows)

    def free_text(self) -> dict[str, list[str]]:
        """{question: [answers]}, in file order, without participant codes; blank answers left out."""
        out = {}
        for item in self.form.texts:
            out[item.text] = [a for a in self.frame[item.column].tolist() if isinstance(a, str) and a]
        return out

    # --- the chart ---

    def figure(self):
        """A horizontal bar chart of the per-item averages (before and after, for the self-check)."""
        # Imported here: the build writes the guide's pages with this module but draws no chart.
        # A Figure needs no GUI toolkit, so the build and the tests stay headless.
        from matplotlib.figure import Figure

        averages = self.averages()
        labels = list(averages["Item"])[::-1]
        fig = Figure(figsize=(7.5, 0.6 * len(labels) + 1.6), dpi=100)
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        if self.form.phased:
            height = 0.38
            pre = list(averages["Average (pre)"])[::-1]
            post = list(averages["Average (post)"])[::-1]
            ax.barh([p + height / 2 for p in positions], pre, height, label="Before (pre)",
                    color="#c9d6e3", edgecolor="#1f2d3d", hatch="//")
            ax.barh([p - height / 2 for p in positions], post, height, label="After (post)",
                    color="#1f4e79", edgecolor="#1f2d3d")
            ax.legend(loc="lower right", frameon=True)
        else:
            values = list(averages["Average"])[::-1]
            ax.barh(positions, values, 0.6, color="#1f4e79", edgecolor="#1f2d3d")
        ax.set_yticks(positions, labels)
        ax.set_xlim(0, RATING_MAX)
        ax.set_xticks(range(0, RATING_MAX + 1))
        ax.set_xlabel(f"Average rating ({self.form.scale})")
        ax.set_title(f"{self.form.title}: average rating per item")
        ax.grid(axis="x", color="#dddddd")
        ax.set_axisbelow(True)
        fig.tight_layout()
        return fig

    def png(self) -> bytes:
        buffer = io.BytesIO()
        # No 'Software' metadata: matplotlib would otherwise write its web address into the file.
        self.figure().savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()

    def write_chart(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.png())
        return path

    def chart_alt(self) -> str:
        """Alt text for the chart, with every number it shows."""
        averages = self.averages()
        if self.form.phased:
            parts = [f"{r['Item']} {_num(r['Average (pre)'])} before and {_num(r['Average (post)'])} after"
                     for _, r in averages.iterrows()]
            what = "before and after the workshop"
        else:
            parts = [f"{r['Item']} {_num(r['Average'])}" for _, r in averages.iterrows()]
            what = "at the end of the workshop"
        return (f"Bar chart of the average rating of each item of the {self.form.title.lower()}, {what}, "
                f"on a scale from {RATING_MIN} to {RATING_MAX}: " + "; ".join(parts) + ".")

    # --- text report ---

    def report(self) -> str:
        read = "" if self.separator == "," else f" (columns separated by {SEPARATORS[self.separator]}s)"
        out = [f"{self.form.title}: {len(self.frame)} response(s) summarized from {self.path}{read}", "",
               f"Ratings: {self.form.scale}.", "", "Per-item averages", "",
               markdown_table(self.averages().drop(columns=["Statement"]))]
        if self.form.phased:
            out += ["", "Pre/post change", "", markdown_table(self.change())]
        out += ["", "Free-text answers, by question"]
        for question, answers in self.free_text().items():
            out += ["", question]
            # One line per answer, so that a line break inside one cannot pass for another answer.
            out += [f"  - {' '.join(a.split())}" for a in answers] or ["  (no answers)"]
        return "\n".join(out)


def _num(value) -> str:
    return "no answers" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.2f}"


def markdown_table(frame: pd.DataFrame) -> str:
    """A DataFrame as a Markdown table (for the terminal and the guide), numbers right-aligned."""
    import pandas as pd

    def cell(value) -> str:
        if isinstance(value, float):
            return "" if math.isnan(value) else f"{value:.2f}"
        return str(value).replace("|", "\\|").replace("\n", " ")

    columns = [str(c) for c in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    lines = ["| " + " | ".join(columns) + " |",
             "|" + "|".join("--:" if n else "---" for n in numeric) + "|"]
    for _, row in frame.iterrows():
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)


def read_results(path: Path, forms: dict[str, Form] | None = None) -> Results:
    """Read a filled CSV. Every bad row becomes a Problem naming it, and the rest is kept.

    ``forms`` defaults to the course's own (``FORMS``, from ``forms.yml``); pass
    ``load_forms(other_path)`` to read against another definition.

    Raises CourseError when nothing can be summarized (the file cannot be read, its header matches
    neither form or its separator is unclear), or when a summary would silently lose answers (a
    quotation mark that is never closed, a column twice in the header).
    """
    import pandas as pd

    path = Path(path)
    shown = display_path(path)
    try:
        raw = read_capped(path, MAX_CSV_BYTES)
    except TooLarge as err:
        raise CourseError([Problem(shown, 0, 0, str(err))]) from None
    except OSError as err:
        raise CourseError([Problem(shown, 0, 0, f"cannot read the file: {err.strerror}")]) from None
    text, encoding, problems = decode(raw, shown)
    separator = _separator(text, shown)
    # strict: a quotation mark that is never closed, or text after a closing one, is an error here
    # rather than (as by default) the rest of the file read silently into one answer.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    header: list[str] | None = None
    form: Form | None = None
    records = []
    seen: dict[tuple[str, str], int] = {}
    last_line = 0
    while True:
        number = last_line + 1              # the row a spreadsheet shows
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise CourseError(problems + [_unreadable(text, number, separator, shown, err)]) from None
        last_line = reader.line_num
        if header is None:
            if not any(cell.strip() for cell in row):
                problems.append(Problem(shown, number, 0, f"row {number} is blank; it is skipped"))
                continue
            header = [cell.strip().lstrip("\ufeff").lower() for cell in row]
            form = _detect_form(header, shown, forms or course_forms(), number, separator)
            _refuse_duplicates(header, form, shown, number)
            for name in header:
                if name and name not in form.columns:
                    problems.append(Problem(shown, number, 0, f"row {number} (the header): the column '{name}' "
                                            f"is not part of the {form.title.lower()}; it is left out"))
            for name in form.columns:
                if name not in header:
                    problems.append(Problem(shown, number, 0, f"row {number} (the header): the column '{name}' "
                                            "is missing; its answers count as blank"))
            continue
        record = _record(row, number, last_line, header, form, shown, problems, seen, separator)
        if record is not None:
            records.append(record)
    if form is None:
        raise CourseError(problems + [Problem(shown, 1, 0, "the file has no header row and no answers")])
    columns = ["row"] + form.columns
    frame = pd.DataFrame(records, columns=columns)
    for item in form.ratings:
        frame[item.column] = pd.to_numeric(frame[item.column], errors="coerce").astype("float64")
    return Results(path=shown, form=form, frame=frame, problems=problems, encoding=encoding, separator=separator)


SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _lines(text: str) -> list[str]:
    """The file's lines as the csv reader counts them (\\n, \\r\\n or \\r ends one, nothing else)."""
    return list(io.StringIO(text, newline=""))


def _separator(text: str, shown: str) -> str:
    """The separator of the header row: whichever of comma, semicolon and tab it holds most of.

    The header is the course's own column names (letters and underscores), so counting in it is
    reliable; the rows below may hold any of the three inside answers.
    """
    for number, line in enumerate(_lines(text), 1):
        if line.strip().lstrip("\ufeff"):
            break
    else:
        return ","  # no header at all: read_results says so
    counts = {sep: line.count(sep) for sep in SEPARATORS}
    most = max(counts.values())
    tried = ", ".join(f"{SEPARATORS[sep]}s: {n}" for sep, n in counts.items())
    if not most:
        raise CourseError([Problem(shown, number, 0, f"row {number} (the header) has no comma, semicolon or tab "
                                   f"between its columns ({tried}), so its columns cannot be told apart; it should "
                                   "be the header row of a template in facilitator/evaluation/")])
    tied = [sep for sep, n in counts.items() if n == most]
    if len(tied) > 1:
        raise CourseError([Problem(shown, number, 0, f"row {number} (the header) has as many "
                                   f"{' as '.join(SEPARATORS[sep] + 's' for sep in tied)} ({tried}), so which of them "
                                   "separates the columns is unclear; save the file again as 'CSV UTF-8 (comma "
                                   "delimited)'")])
    return tied[0]


def _unreadable(text: str, first: int, separator: str, shown: str, err: csv.Error) -> Problem:
    """The problem with the record that starts on line ``first``, which the csv reader refused.

    Walks the record as the reader does to find the quotation mark that opened the answer it could
    not end: that is the line to fix, however many lines later the reader gave up.
    """
    state, opened = "start", 0
    for number, line in enumerate(_lines(text)[first - 1:], first):
        for char in line:
            if state == "quoted":
                state = "closing" if char == '"' else "quoted"
            elif state == "closing" and char == '"':    # "" is a quotation mark inside the answer
                state = "quoted"
            elif state == "closing" and char not in (separator, "\r", "\n"):
                if opened < number:                     # it closed a quotation mark opened rows before
                    return _never_closed(shown, opened, number)
                return Problem(shown, number, 0, f"row {number}: text follows the quotation mark that closes an "
                               'answer; inside an answer in quotation marks, write a quotation mark as two ("")')
            elif char in "\r\n":                       # the end of the record: its quotes were fine
                return Problem(shown, first, 0, f"row {first} cannot be read as CSV ({err}); nothing was summarized")
            elif char == separator:
                state = "start"
            elif state == "start":
                state, opened = ("quoted", number) if char == '"' else ("field", opened)
    if state == "quoted":
        return _never_closed(shown, opened, None)
    return Problem(shown, first, 0, f"row {first} cannot be read as CSV ({err}); nothing was summarized")


def _never_closed(shown: str, line: int, closed_at: int | None) -> Problem:
    where = (f"the next quotation mark is on line {closed_at}" if closed_at
             else "no quotation mark closes it before the end of the file")
    return Problem(shown, line, 0, f"row {line}: an answer starts with a quotation mark that is not closed on "
                   f"this row ({where}), so every row after it would be read as part of that answer; close the "
                   "quotation mark, or remove it, and run again")


def _column_name(index: int) -> str:
    """A column as a spreadsheet names it: A, B, ... Z, AA, AB, ..."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _refuse_duplicates(header: list[str], form: Form, shown: str, line: int) -> None:
    """A form's column twice in the header would have one column's answers replace the other's."""
    first: dict[str, int] = {}
    problems = []
    for index, name in enumerate(header):
        if name not in form.columns:
            continue
        if name in first:
            problems.append(Problem(shown, line, 0, f"row {line} (the header): the column '{name}' is there twice "
                                    f"(columns {_column_name(first[name])} and {_column_name(index)}), so the "
                                    "answers in one of them would be lost; keep one, or rename the other, and "
                                    "run again"))
        else:
            first[name] = index
    if problems:
        raise CourseError(problems)


def _record(row, number, end, header, form, shown, problems, seen, separator=","):
    """The row's answers, or None (with a Problem) when it cannot be used. It runs from line
    ``number`` to line ``end`` of the file: more than one when an answer in quotation marks holds a
    line break."""
    cells = [c.strip() for c in row]
    if not any(cells):
        problems.append(Problem(shown, number, 0, f"row {number} is blank; it is skipped"))
        return None
    if len(cells) > len(header) and not any(cells[len(header):]):
        cells = cells[:len(header)]  # trailing empty cells, as some spreadsheets write them
    values = dict(zip(header, cells))
    who = values.get("participant") or ""
    label = f"row {number}" + (f" (participant {who})" if who else "")
    # A row read on over several lines, with too many or too few values, is most likely a
    # quotation mark closed by the next one, rows later: say where, or those rows go unmentioned.
    span = (f"; it runs on to line {end}, so a quotation mark on row {number} may not be closed, and the rows "
            "it runs over are left out too") if end > number else ""
    if len(cells) < len(header):
        missing = ", ".join(f"'{h}'" for h in header[len(cells):])
        problems.append(Problem(shown, number, 0, f"{label} has {len(cells)} value(s) but the header has "
                                f"{len(header)} columns (no value for {missing}); the row is left out{span}"))
        return None
    if len(cells) > len(header):
        problems.append(Problem(shown, number, 0, f"{label} has {len(cells)} values, more than the {len(header)} "
                                f"columns in the header (perhaps an answer with a {SEPARATORS[separator]} but no quotation marks); "
                                f"the row is left out{span}"))
        return None
    record = {"row": number, "participant": who}
    if not who:
        problems.append(Problem(shown, number, 0, f"{label} has no participant code; its answers are counted "
                                "but cannot be paired before and after"))
    if form.phased:
        phase = (values.get("phase") or "").lower()
        if phase not in PHASES:
            problems.append(Problem(shown, number, 0, f"{label}: the phase is '{values.get('phase', '')}', not "
                                    "'pre' or 'post'; the row is left out"))
            return None
        record["phase"] = phase
        if who:
            if (who, phase) in seen:
                problems.append(Problem(shown, number, 0, f"{label} is a second '{phase}' row for this participant "
                                        f"(the first is row {seen[(who, phase)]}); both are counted"))
            else:
                seen[(who, phase)] = number
    for item in form.ratings:
        value = values.get(item.column, "")
        try:
            record[item.column] = _rating(value)
        except ValueError:
            problems.append(Problem(shown, number, 0, f"{label}, column '{item.column}': '{value}' is not a rating "
                                    f"from {RATING_MIN} to {RATING_MAX}; that answer is left out"))
            record[item.column] = None
    for item in form.texts:
        record[item.column] = values.get(item.column, "")
    return record


def template_header(form: Form) -> str:
    """The CSV template of a form: its header row, and nothing else."""
    return ",".join(form.columns) + "\n"


# --- Command line ----------------------------------------------------------------------------

# What a participant's answer must not send to the facilitator's terminal: escape sequences (which
# recolour, clear, retitle or move the cursor), then any other control character, and the marks
# that reverse the direction of text (an answer could otherwise pass for a different one).
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
                      r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")


def printable(text: str, newlines: bool = True) -> str:
    """Text safe to print to a terminal: escape sequences left out, every other control character
    shown as U+FFFD. With ``newlines=False`` line breaks become spaces too (one message, one line)."""
    text = _ESCAPES.sub("", text)
    if not newlines:
        text = _LINE_BREAKS.sub(" ", text)
    else:
        text = text.replace("\r\n", "\n")
    return _CONTROLS.sub("\ufffd", text)


def _print(text: str, stream=None, newlines: bool = True) -> None:
    """Print ``text`` made printable, in whatever encoding the stream takes (a letter it cannot
    show becomes '?', rather than an error after the summary is half printed)."""
    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(printable(text, newlines).encode(encoding, "replace").decode(encoding) + "\n")


def _problem(problem: Problem) -> None:
    _print(str(problem), sys.stderr, newlines=False)


def _chart_problem(path: Path, err: OSError) -> Problem:
    shown = display_path(path)
    if path.is_dir():
        return Problem(shown, 0, 0, f"cannot write the chart: this is a folder; give the chart a file name, for "
                       f"example --chart {Path(shown) / 'results-chart.png'}")
    above = next((folder for folder in path.parents if folder.exists()), None)
    if above is not None and not above.is_dir():
        return Problem(shown, 0, 0, f"cannot write the chart: {display_path(above)} is a file, not a folder; choose "
                       "another place with --chart FILE.png")
    return Problem(shown, 0, 0, f"cannot write the chart there ({err.strerror or err}); choose a folder you can "
                   "write to with --chart FILE.png")


def main(args) -> int:
    """``python -m wellbeing_course evaluation RESULTS.csv [--chart PATH]``: every failure is one
    ``file:line: message`` on stderr and exit status 1."""
    try:
        results = read_results(args.results)
    except CourseError as err:
        for problem in err.problems:
            _problem(problem)
        return 1
    for problem in results.problems:
        _problem(problem)
    if results.problems:
        _print(f"{len(results.problems)} problem(s) found; every other row is summarized below.", sys.stderr)
    _print(results.report())
    if results.frame.empty:
        _problem(Problem(results.path, 0, 0, "no row could be summarized, so no chart was written"))
        return 1
    chart = Path(args.chart or Path(args.results).with_name(Path(args.results).stem + "-chart.png"))
    try:
        results.write_chart(chart)
    except OSError as err:
        _problem(_chart_problem(chart, err))
        return 1
    _print(f"\nChart: {display_path(chart)}")
    _print(f"Alt text for the chart: {results.chart_alt()}")
    return 0
