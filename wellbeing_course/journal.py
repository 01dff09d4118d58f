"""The journal file that live Jupyter keeps: reflections and quiz answers on the learner's own machine.

The file has the same shape as the book's JSON export (``format: wellbeing-course-journal``,
``version: 1``, ``reflections: [{id, module, prompt, text, updated}]``, ``quiz: [{id, selected,
result, at}]``), so a file exported from the book can be imported here and the other way round.
A backup is read by ``check_backup``, the book's rules (static/backup.js), rule for rule: a file that
is no backup is refused whole; an entry that cannot be read is left out alone; an answer to a prompt
the course no longer asks is kept. The journal file itself is read by the same rules, without the course.

Several kernels may write at once (two notebooks open, or a notebook and a script). Every change
takes a lock (``filelock``) next to the file, reads what is there now, changes only its own entry
and writes the whole file to a temporary file that then replaces the journal. No write is lost, and
a crash mid-write leaves the previous journal whole. A journal path that is a symbolic link is
written through the link. A damaged file is copied aside, never thrown away.
"""

from __future__ import annotations

import errno
import glob
import json
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock

from .reader import MB, TooLarge, read_capped
from .words import word

FORMAT = "wellbeing-course-journal"
VERSION = 1
ID = re.compile(r"^[a-z0-9-]{1,100}$")
RESULTS = {"correct", "incorrect", "reflective", ""}
MAX_BYTES = 20 * MB  # far above any real journal; a bigger file is not one this course wrote
# A backup file: the book's limits (wellbeing.js's MAX_BYTES and MAX_DEPTH), for the same file.
BACKUP_BYTES = 5 * 1024 * 1024
BACKUP_DEPTH = 8

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
    """The file is not a journal this course can read. ``key`` names the words (words.yml) that say
    why, the book's words for the same refusal; str() is those words."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(word(key, **values))


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def empty() -> dict:
    return {"format": FORMAT, "version": VERSION, "reflections": [], "quiz": []}


# ---- the rules a backup is read by: static/backup.js's checkBackup, rule for rule ----
# Both are run against the same cases (tests/fixtures/backup-contract/*.json): change a rule in one,
# and the contract test of the other fails until it follows.

def _why(key: str, **values) -> dict:
    return {"key": f"journal.why.{key}", "values": values}


def _option(v, limit: int) -> bool:
    """An option's index below ``limit``. JSON has one kind of number: the browser reads 1.0 as 1, so
    this does too; true is not a number; the range comes first, so a 400-digit number is no float."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < limit and float(v).is_integer()


def _reflection_problem(e, n: int, seen: set) -> dict | None:
    if not isinstance(e, dict):
        return _why("not_object", n=n)
    for name in ("id", "text", "module", "prompt", "updated"):  # id and text are required, the rest optional
        if (name in ("id", "text") or name in e) and not isinstance(e.get(name), str):
            return _why("field", n=n, field=name)
    if not ID.fullmatch(e["id"]):
        return _why("bad_id", n=n)
    if e["id"] in seen:
        return _why("twice", n=n, id=e["id"])
    return None


def _quiz_problem(e, n: int, seen: set, options: dict | None) -> dict | None:
    if not isinstance(e, dict):
        return _why("quiz_not_object", n=n)
    if not isinstance(e.get("id"), str) or not ID.fullmatch(e["id"]):
        return _why("quiz_field", n=n, field="id")
    if options is not None and e["id"] not in options:
        return _why("quiz_unknown", n=n, id=e["id"])
    if e["id"] in seen:
        return _why("quiz_twice", n=n, id=e["id"])
    limit = options[e["id"]] if options is not None else 100
    chosen = e.get("selected")
    # An empty choice is what "Try again" leaves: valid.
    if (not isinstance(chosen, list) or not all(_option(v, limit) for v in chosen)
            or len(set(chosen)) != len(chosen)):
        return _why("quiz_choice", n=n, id=e["id"])
    for name, ok in (("result", lambda r: isinstance(r, str) and r in RESULTS), ("at", lambda a: isinstance(a, str)),
                     ("solved", lambda s: isinstance(s, bool))):
        if name in e and not ok(e[name]):
            return _why("quiz_field", n=n, field=name)
    return None


def check_backup(data, course: dict | None) -> dict:
    """What a backup holds, by the book's rules: ``refused`` (None, or the words why the file is not
    a backup at all), the ``reflections`` and ``quiz`` answers to restore, ``gone`` (the prompts of
    answers kept although the course no longer asks them) and ``aside`` (why each entry left out,
    alone, was left out). ``course`` is the journal page's course data (html.journal_course_data);
    None reads the journal file itself, which may hold answers to any prompt and question."""
    out = {"refused": None, "reflections": [], "quiz": [], "gone": [], "aside": []}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        out["refused"] = {"key": "journal.refused.not_ours", "values": {}}
    elif type(data.get("version")) not in (int, float) or data["version"] != VERSION:
        out["refused"] = {"key": "journal.refused.version", "values": {}}
    elif not isinstance(data.get("reflections"), list) or not isinstance(data.get("quiz", []), list):
        out["refused"] = {"key": "journal.refused.lists", "values": {}}
    if out["refused"]:
        return out
    prompts = {r["id"] for page in course["pages"] for r in page["reflections"]} if course is not None else None
    options = {q["id"]: q["options"] for q in course["questions"]} if course is not None else None
    seen: set = set()
    for n, e in enumerate(data["reflections"], 1):
        problem = _reflection_problem(e, n, seen)
        if problem:
            out["aside"].append(problem)
            continue
        seen.add(e["id"])
        clean = {"id": e["id"], "module": e.get("module") or "", "prompt": e.get("prompt") or "", "text": e["text"],
                 "updated": e.get("updated") or ""}
        out["reflections"].append(clean)
        if prompts is not None and e["id"] not in prompts and clean["text"]:
            out["gone"].append(clean["prompt"] or clean["id"])
    seen = set()
    for n, e in enumerate(data.get("quiz", []), 1):
        problem = _quiz_problem(e, n, seen, options)
        if problem:
            out["aside"].append(problem)
            continue
        seen.add(e["id"])
        clean = {"id": e["id"], "selected": [int(v) for v in e["selected"]], "result": e.get("result") or "",
                 "at": e.get("at") or ""}
        if "solved" in e:
            clean["solved"] = e["solved"]
        out["quiz"].append(clean)
    return out


def validate(data) -> tuple[dict, list[dict]]:
    """A clean journal from the parsed journal file and the entries left out, each alone;
    DamagedJournal when it is not a journal at all."""
    checked = check_backup(data, None)
    if checked["refused"]:
        raise DamagedJournal(checked["refused"]["key"], **checked["refused"]["values"])
    clean = dict(empty(), reflections=checked["reflections"], quiz=checked["quiz"])
    if isinstance(data.get("quiz_seed"), int) and not isinstance(data.get("quiz_seed"), bool):
        clean["quiz_seed"] = data["quiz_seed"]  # this learner's option order (see quiz_seed())
    ratings, unreadable = _ratings(data.get("assessment", {}))
    if ratings:
        clean["assessment"] = ratings
    return clean, checked["aside"] + [_why("rating", id=sid) for sid in unreadable]


def _ratings(given) -> tuple[dict, list[str]]:
    """The self-assessment's ratings kept in the journal file, ``{statement id: {value, at}}`` as the
    book keeps one per statement (a value is a rating 1 to 100 or "skip"), and the ids of those that
    cannot be read (each left out alone)."""
    if not isinstance(given, dict):
        return {}, ["assessment"]
    clean, bad = {}, []
    for sid, e in given.items():
        value = e.get("value") if isinstance(e, dict) else None
        if (isinstance(e, dict) and ID.match(sid) and isinstance(e.get("at", ""), str)
                and (value == "skip" or (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100))):
            clean[sid] = {"value": value, "at": e.get("at", "")}
        else:
            bad.append(sid)
    return clean, bad


def _depth(value, limit: int) -> bool:
    """Whether the data is nested deeper than ``limit`` (arrays and objects), as the browser measures it."""
    if limit < 0:
        return True
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return any(_depth(child, limit - 1) for child in children if isinstance(child, (dict, list)))


def _not_json(constant: str):
    # NaN and Infinity are not JSON: the browser's JSON.parse refuses them, and so does this reader.
    raise ValueError(f"{constant} is not JSON")


def _megabytes(size: int) -> str:
    return f"{round(size / 2 ** 20, 1):g} MB"  # as the book writes it: 6 MB, 5.5 MB


def _read_bytes(file: str | os.PathLike, limit: int) -> bytes:
    """A file's bytes, or DamagedJournal naming both sizes when it is over ``limit``: never read whole
    (a 3 GB file or a device is refused at once); OSError as ``open`` raises it."""
    try:
        return read_capped(file, limit)
    except TooLarge as err:
        raise DamagedJournal("journal.refused.too_big", size=_megabytes(err.size or limit + 1),
                             limit=_megabytes(limit)) from None


def load_json(raw: bytes, depth: int | None = None):
    """Bytes to JSON data, or DamagedJournal: never a bare JSON, Unicode or recursion error. A backup
    has the book's limit of depth; its size, and the journal file's, was checked as it was read
    (_read_bytes)."""
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_not_json)
    except (UnicodeDecodeError, ValueError):
        raise DamagedJournal("journal.refused.not_json") from None
    except RecursionError:
        raise DamagedJournal("journal.refused.too_deep") from None
    if depth is not None and _depth(data, depth - 1):
        raise DamagedJournal("journal.refused.too_deep")
    return data


def parse(raw: bytes) -> tuple[dict, list[dict]]:
    """The journal file's bytes to a clean journal and the entries left out; DamagedJournal if it
    is not a journal at all."""
    return validate(load_json(raw))


def _target(path: Path) -> Path:
    """The file to write: through a symbolic link to the file it points at, so the link stays."""
    return Path(os.path.realpath(path))


def _lock(target: Path) -> FileLock:
    target.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(target.with_name(f".{target.name}.lock")), timeout=30)


def _read_raw(target: Path) -> tuple[dict, list[dict]]:
    try:
        raw = _read_bytes(target, MAX_BYTES)
    except FileNotFoundError:
        return empty(), []
    return parse(raw)


def read_checked(path: Path | None = None) -> tuple[dict, list[dict]]:
    """The journal as it is now (an empty one when there is no file yet), and the entries left out
    of it because they cannot be read; DamagedJournal if it is not a journal at all."""
    return _read_raw(_target(path or journal_path()))


def read_journal(path: Path | None = None) -> dict:
    """The journal as it is now, without any entry that cannot be read (see read_checked)."""
    return read_checked(path)[0]


def _set_aside(target: Path) -> Path:
    """Copy a damaged journal to a new name next to it, so that saving never destroys its text."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    kept = target.with_name(f"{target.stem}.damaged-{stamp}{target.suffix}")
    shutil.copyfile(target, kept)
    return kept


def _writable(target: Path) -> None:
    """A journal file the learner made read-only is not replaced: os.replace would replace it (the
    folder is writable), and root may write any file, so its mode is asked too."""
    if target.exists() and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))


def _write(target: Path, data: dict) -> None:
    _writable(target)
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
    """What a change did: ``kept_aside`` names the copy of a damaged journal, if one was made;
    ``started_new`` says the file was no journal at all (else only entries that cannot be read were
    left out, and every other answer is as it was)."""
    path: Path
    data: dict
    kept_aside: Path | None = None
    started_new: bool = False


def change(edit, path: Path | None = None) -> Change:
    """Run ``edit(data)`` on the journal under the lock and write the result.

    ``edit`` changes ``data`` in place and returns False to write nothing. A damaged file is
    copied aside first and the edit starts from an empty journal; a file with entries that cannot
    be read is copied aside too, and the edit starts from every entry that can."""
    link = path or journal_path()
    target = _target(link)
    with _lock(target):
        kept, started_new = None, False
        try:
            data, unreadable = _read_raw(target)
        except DamagedJournal:
            data, unreadable, started_new = empty(), [None], True
        if edit(data) is not False:
            if unreadable:
                kept = _set_aside(target)
            _write(target, data)
    return Change(link, data, kept, started_new and kept is not None)


def _entry(data: dict, key: str, entry_id: str) -> dict | None:
    return next((e for e in data[key] if e["id"] == entry_id), None)


@dataclass
class Saved:
    """The outcome of saving a reflection: saved, or held back because the file holds newer text."""
    saved: bool
    current: str = ""
    kept_aside: Path | None = None
    path: Path | None = None
    started_new: bool = False


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
    outcome.kept_aside, outcome.path, outcome.started_new = done.kept_aside, done.path, done.started_new
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
    """Empty the journal (every reflection, quiz answer and self-assessment rating it holds; the option
    order stays), and
    remove the copies of it kept aside when it was damaged: they hold the learner's words too. A
    damaged journal is emptied without a new copy."""
    link = path or journal_path()
    target = _target(link)
    with _lock(target):
        try:
            seed = _read_raw(target)[0].get("quiz_seed")
        except DamagedJournal:
            seed = None
        data = dict(empty(), **({"quiz_seed": seed} if seed is not None else {}))
        _write(target, data)
        for copy in target.parent.glob(f"{glob.escape(target.stem)}.damaged-*{glob.escape(target.suffix)}"):
            copy.unlink()
    return Change(link, data)


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
    gone: list[str] = field(default_factory=list)  # prompts the course no longer asks, whose answers were kept
    aside: list[dict] = field(default_factory=list)  # each entry left out, and the words why ({key, values})


def import_journal(data, course: dict, path: Path | None = None, replace: bool = False) -> Imported:
    """Merge a backup (from the book or from Jupyter) into the journal, read by the book's rules
    (check_backup) against ``course``, the journal page's course data (html.journal_course_data).

    Answers that are new, or the same, are taken. An answer that differs from a non-empty one here
    is replaced only when ``replace`` is true; otherwise its id is listed in ``differing`` so the
    learner can be asked. Quiz answers always take the newer of the two. Answers to prompts the
    course no longer asks are kept, and named in ``gone``; an entry that cannot be read is left out
    alone, and named in ``aside``."""
    incoming = check_backup(data, course)
    if incoming["refused"]:
        raise DamagedJournal(incoming["refused"]["key"], **incoming["refused"]["values"])
    result = Imported(0, 0, [], incoming["gone"], incoming["aside"])

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


def import_file(file: str | os.PathLike, course: dict, path: Path | None = None, replace: bool = False) -> Imported:
    """Restore a backup file; DamagedJournal, in the book's words, if it is not one."""
    try:
        raw = _read_bytes(file, BACKUP_BYTES)
    except OSError:
        raise DamagedJournal("journal.refused.unreadable") from None
    return import_journal(load_json(raw, BACKUP_DEPTH), course, path, replace)


# ---- exports: the same words, order and shape as the book's ----

def ordered_entries(data: dict, course) -> list[tuple[str, str, str]]:
    """(heading, prompt, text) for every answer: the course's reflections in course order under their
    module's title, then answers to prompts the course no longer asks, by id, under "Other" (as the
    book's document has them)."""
    by_id = {e["id"]: e for e in data["reflections"] if e["text"]}
    out = []
    for module in course.modules:
        for r in module.reflections:
            if r.id in by_id:
                out.append((module.title, r.prompt, by_id.pop(r.id)["text"]))
    for rid in sorted(by_id):
        e = by_id[rid]
        out.append((word("journal.other_module"), e["prompt"] or rid, e["text"]))
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
