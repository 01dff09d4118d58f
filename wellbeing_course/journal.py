"""The journal file that live Jupyter keeps: reflections and quiz answers on the learner's own machine.

The file has the same shape as the book's JSON export (``format: wellbeing-course-journal``,
``version: 1``, ``reflections: [{id, module, prompt, text, updated}]``, ``quiz: [{id, selected,
result, at}]``), so a file exported from the book can be imported here and the other way round.

Several kernels may write at once (two notebooks open, or a notebook and a script). Every change
takes a lock (``filelock``) next to the file, reads what is there now, changes only its own entry
and writes the whole file to a temporary file that then replaces the journal. No write is lost, and
a crash mid-write leaves the previous journal whole. A journal path that is a symbolic link is
written through the link. A damaged file is copied aside, never thrown away.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock

from .words import word

FORMAT = "wellbeing-course-journal"
VERSION = 1
ID = re.compile(r"^[a-z0-9-]+$")
RESULTS = {"correct", "incorrect", "reflective", ""}
MAX_BYTES = 20_000_000  # far above any real journal; a bigger file is not one this course wrote

_journal_path: Path | None = None


def journal_path() -> Path:
    """Where the journal lives: set_journal_path(), else $WELLBEING_JOURNAL, else ~/.wellbeing-course/."""
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
    """The file is not a journal this course can read; the message says why, in plain words."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def empty() -> dict:
    return {"format": FORMAT, "version": VERSION, "reflections": [], "quiz": []}


def validate(data, where: str = "the file") -> dict:
    """A clean copy of a journal (the file, or a book export), or DamagedJournal saying what is wrong.

    The same rules as the book's import: the format and version, two lists, and entries whose id is
    lowercase letters, digits and hyphens and whose values have the right types."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DamagedJournal(f"{where} is not a journal exported from this course")
    if data.get("version") != VERSION:
        raise DamagedJournal(f"{where} was written by a version of the course that this one cannot read")
    reflections, quiz = data.get("reflections"), data.get("quiz", [])
    if not isinstance(reflections, list) or not isinstance(quiz, list):
        raise DamagedJournal(f"{where} is damaged: its lists are missing")
    clean = empty()
    if isinstance(data.get("quiz_seed"), int) and not isinstance(data.get("quiz_seed"), bool):
        clean["quiz_seed"] = data["quiz_seed"]  # this learner's option order (see quiz_seed())
    bad = 0
    for e in reflections:
        if (isinstance(e, dict) and isinstance(e.get("id"), str) and ID.match(e["id"])
                and isinstance(e.get("text"), str)
                and all(isinstance(e.get(k, ""), str) for k in ("module", "prompt", "updated"))):
            clean["reflections"].append({"id": e["id"], "module": e.get("module", ""), "prompt": e.get("prompt", ""),
                                         "text": e["text"], "updated": e.get("updated", "")})
        else:
            bad += 1
    for e in quiz:
        if (isinstance(e, dict) and isinstance(e.get("id"), str) and ID.match(e["id"])
                and isinstance(e.get("selected"), list)
                and all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 100 for n in e["selected"])
                and e.get("result", "") in RESULTS and isinstance(e.get("at", ""), str)
                and isinstance(e.get("solved", False), bool)):
            entry = {"id": e["id"], "selected": list(e["selected"]), "result": e.get("result", ""), "at": e.get("at", "")}
            if "solved" in e:
                entry["solved"] = e["solved"]
            clean["quiz"].append(entry)
        else:
            bad += 1
    ratings, bad_ratings = _ratings(data.get("assessment", {}))
    if ratings:
        clean["assessment"] = ratings
    bad += bad_ratings
    if bad:
        raise DamagedJournal(f"{where} is damaged: {bad} entries are not readable")
    return clean


def _ratings(given) -> tuple[dict, int]:
    """The self-assessment's ratings kept in the journal file, ``{statement id: {value, at}}`` as the
    book keeps one per statement (a value is a rating 1 to 100 or "skip"), and how many are unreadable."""
    if not isinstance(given, dict):
        return {}, 1
    clean, bad = {}, 0
    for sid, e in given.items():
        value = e.get("value") if isinstance(e, dict) else None
        if (isinstance(e, dict) and ID.match(sid) and isinstance(e.get("at", ""), str)
                and (value == "skip" or (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100))):
            clean[sid] = {"value": value, "at": e.get("at", "")}
        else:
            bad += 1
    return clean, bad


def parse(raw: bytes, where: str = "the file") -> dict:
    """Bytes to a clean journal, or DamagedJournal: never a bare JSON, Unicode or recursion error."""
    if len(raw) > MAX_BYTES:
        raise DamagedJournal(f"{where} is too large to be a journal from this course")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DamagedJournal(f"{where} is not a journal exported from this course (it is not JSON)") from None
    except RecursionError:
        raise DamagedJournal(f"{where} is damaged: it is nested too deeply to be a journal") from None
    return validate(data, where)


def _target(path: Path) -> Path:
    """The file to write: through a symbolic link to the file it points at, so the link stays."""
    return Path(os.path.realpath(path))


def _lock(target: Path) -> FileLock:
    target.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(target.with_name(f".{target.name}.lock")), timeout=30)


def _read_raw(target: Path) -> dict:
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return empty()
    return parse(raw, str(target))


def read_journal(path: Path | None = None) -> dict:
    """The journal as it is now (an empty one when there is no file yet); DamagedJournal if it is damaged."""
    return _read_raw(_target(path or journal_path()))


def _set_aside(target: Path) -> Path:
    """Copy a damaged journal to a new name next to it, so that saving never destroys its text."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    kept = target.with_name(f"{target.stem}.damaged-{stamp}{target.suffix}")
    shutil.copyfile(target, kept)
    return kept


def _write(target: Path, data: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".journal-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Change:
    """What a change did: ``kept_aside`` names the copy of a damaged journal, if one was made."""
    path: Path
    data: dict
    kept_aside: Path | None = None


def change(edit, path: Path | None = None) -> Change:
    """Run ``edit(data)`` on the journal under the lock and write the result.

    ``edit`` changes ``data`` in place and returns False to write nothing. A damaged file is
    copied aside first and the edit starts from an empty journal."""
    link = path or journal_path()
    target = _target(link)
    with _lock(target):
        kept = None
        try:
            data = _read_raw(target)
        except DamagedJournal:
            kept = _set_aside(target)
            data = empty()
        if edit(data) is not False:
            _write(target, data)
    return Change(link, data, kept)


def _entry(data: dict, key: str, entry_id: str) -> dict | None:
    return next((e for e in data[key] if e["id"] == entry_id), None)


@dataclass
class Saved:
    """The outcome of saving a reflection: saved, or held back because the file holds newer text."""
    saved: bool
    current: str = ""
    kept_aside: Path | None = None
    path: Path | None = None


def save_reflection(reflection_id: str, prompt: str, module: str, text: str, path: Path | None = None,
                    base: str | None = None) -> Saved:
    """Save one answer, changing only its own entry.

    ``base`` is the text this writer last saw in the file. If the file now holds other text (another
    kernel saved since), nothing is written and ``current`` carries that newer text, so the widget can
    ask which to keep. Without ``base`` the answer is written whatever the file holds. An empty answer
    removes the entry, as the book does."""
    outcome = Saved(False)

    def edit(data):
        entry = _entry(data, "reflections", reflection_id)
        current = entry["text"] if entry else ""
        if base is not None and current != base and current != text:
            outcome.current = current
            return False
        data["reflections"] = [e for e in data["reflections"] if e["id"] != reflection_id]
        if text:
            data["reflections"].append({"id": reflection_id, "module": module, "prompt": prompt,
                                        "text": text, "updated": now()})
            data["reflections"].sort(key=lambda e: e["id"])
        outcome.saved = True
        return None

    done = change(edit, path)
    outcome.kept_aside, outcome.path = done.kept_aside, done.path
    return outcome


def record_quiz(question_id: str, selected: list[int], result: str, solved: bool = False,
                path: Path | None = None) -> Change:
    """Keep a checked quiz answer, as the book keeps it, so that progress() can count it. ``solved``
    stays true once the question was answered right without the answer shown, as in the book."""
    def edit(data):
        before = _entry(data, "quiz", question_id)
        data["quiz"] = [e for e in data["quiz"] if e["id"] != question_id]
        data["quiz"].append({"id": question_id, "selected": list(selected), "result": result, "at": now(),
                             "solved": solved or is_solved(before)})
        data["quiz"].sort(key=lambda e: e["id"])

    return change(edit, path)


# The completion rule, as moduleComplete() in wellbeing.js has it: a scored question counts once it
# has been answered right (without the answer shown) on some attempt; a question with no single
# right answer counts once it has been answered.
def is_solved(record: dict | None) -> bool:
    if not record:
        return False
    return record["solved"] if isinstance(record.get("solved"), bool) else record.get("result") == "correct"


def is_answered(record: dict | None) -> bool:
    return bool(record) and (record.get("solved") is True or record.get("result") == "reflective"
                             or bool(record.get("selected")))


def quiz_seed(path: Path | None = None) -> int:
    """The seed of this learner's option order, kept once in the journal file (under its lock), so the
    order stays the same across kernels and visits."""
    seed = {}

    def edit(data):
        if "quiz_seed" in data:
            seed["value"] = data["quiz_seed"]
            return False
        data["quiz_seed"] = seed["value"] = secrets.randbelow(2 ** 32)
        return None

    change(edit, path)
    return seed["value"]


def delete_all(path: Path | None = None) -> Change:
    """Empty the journal: every reflection, quiz answer and self-assessment rating it holds."""
    def edit(data):
        data["reflections"], data["quiz"] = [], []
        data.pop("assessment", None)

    return change(edit, path)


def read_ratings(path: Path | None = None) -> dict[str, int | str]:
    """The self-assessment's ratings in the journal file: {statement id: rating or "skip"}."""
    return {sid: e["value"] for sid, e in read_journal(path).get("assessment", {}).items()}


def save_ratings(ratings: dict[str, int | str | None], replace: bool = False, path: Path | None = None) -> Change:
    """Keep self-assessment ratings (None removes one); ``replace`` drops every other rating first
    (an import replaces them all, as the book's does)."""
    def edit(data):
        kept = {} if replace else data.get("assessment", {})
        for sid, value in ratings.items():
            kept.pop(sid, None)
            if value is not None:
                kept[sid] = {"value": value, "at": now()}
        data.pop("assessment", None)
        if kept:
            data["assessment"] = dict(sorted(kept.items()))

    return change(edit, path)


def write_private(name: str, text: str, folder: Path | None = None) -> Path:
    """An exported file, beside the journal file unless ``folder`` says otherwise (never in the
    copies' folder, which ``make clean`` deletes) and readable by its owner only, as the journal is.
    An earlier export is never overwritten: the next free name is taken (``name-2.json``)."""
    folder = Path(folder) if folder else _target(journal_path()).parent
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = os.path.splitext(name)
    for n in range(1, 10_000):
        out = folder / (name if n == 1 else f"{stem}-{n}{suffix}")
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        return out
    raise FileExistsError(folder / name)


@dataclass
class Imported:
    reflections: int
    quiz: int
    differing: list[str]  # ids whose answer in the file differs from the one here: not replaced


def import_journal(data, path: Path | None = None, replace: bool = False, where: str = "the file") -> Imported:
    """Merge an export (from the book or from Jupyter) into the journal.

    Answers that are new, or the same, are taken. An answer that differs from a non-empty one here
    is replaced only when ``replace`` is true; otherwise its id is listed in ``differing`` so the
    learner can be asked. Quiz answers always take the newer of the two."""
    incoming = validate(data, where)
    result = Imported(0, 0, [])

    def edit(journal):
        mine = {e["id"]: e for e in journal["reflections"]}
        for e in incoming["reflections"]:
            here = mine.get(e["id"])
            if here and here["text"] and e["text"] != here["text"] and not replace:
                result.differing.append(e["id"])
                continue
            if e["text"]:
                # Counted only when it changes something: the same backup restored twice changes nothing.
                result.reflections += not here or e["text"] != here["text"]
                mine[e["id"]] = dict(e, updated=e["updated"] or now())
        journal["reflections"] = [mine[k] for k in sorted(mine)]
        answers = {e["id"]: e for e in journal["quiz"]}
        for e in incoming["quiz"]:
            if e["id"] not in answers or (e["at"] or "") >= (answers[e["id"]]["at"] or ""):
                result.quiz += answers.get(e["id"]) != e
                answers[e["id"]] = e
        journal["quiz"] = [answers[k] for k in sorted(answers)]

    change(edit, path)
    return result


def import_file(file: str | os.PathLike, path: Path | None = None, replace: bool = False) -> Imported:
    """Import a JSON export from a file; DamagedJournal (with the file's name) if it is not one."""
    file = Path(file)
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise DamagedJournal(f"{file} could not be read: {err.strerror or err}") from None
    return import_journal(parse(raw, str(file)), path, replace, str(file))


# ---- exports: the same words, order and shape as the book's ----

def ordered_entries(data: dict, course) -> list[tuple[str, str, str]]:
    """(heading, prompt, text) for every answer: the course's reflections in course order under their
    module's title, then any others by id under their module's slug (or "Other")."""
    by_id = {e["id"]: e for e in data["reflections"] if e["text"]}
    out = []
    for module in course.modules:
        for r in module.reflections:
            if r.id in by_id:
                out.append((module.title, r.prompt, by_id.pop(r.id)["text"]))
    for rid in sorted(by_id):
        e = by_id[rid]
        out.append((e["module"] or word("journal.other_module"), e["prompt"] or rid, e["text"]))
    return out


def export_markdown(data: dict, course, day: str | None = None) -> str:
    """The journal as Markdown. The book's script builds the same text from the same words (tested)."""
    lines = [f"# {word('journal.title')}", "", word("journal.exported_on", date=day or now()[:10]), ""]
    heading = None
    for head, prompt, text in ordered_entries(data, course):
        if head != heading:
            heading = head
            lines += [f"## {head}", ""]
        lines += [f"### {prompt}", "", text or word("journal.no_answer"), ""]
    return "\n".join(lines)


def export_json(data: dict, course) -> dict:
    """The journal as the book's JSON export, reflections in course order with their prompts."""
    order = {r.id: n for n, r in enumerate(course.reflections)}
    prompts = {r.id: (r.prompt, r.module) for r in course.reflections}
    reflections = []
    for e in sorted(data["reflections"], key=lambda e: (order.get(e["id"], len(order)), e["id"])):
        prompt, module = prompts.get(e["id"], (e["prompt"], e["module"]))
        reflections.append(dict(e, prompt=prompt, module=module))
    return {"format": FORMAT, "version": VERSION, "exported": now(), "reflections": reflections,
            "quiz": list(data["quiz"])}
