"""The one reader of every YAML source: quiz banks, module front matter, ``_toc.yml``,
``facilitator/formats.yml``, ``assessment/statements.yml``, ``organization.yml``, ``words.yml``,
the evaluation forms and the books' ``_config.yml``.

read_text(path)          bytes -> text: a file over MAX_SOURCE_BYTES, a BOM, a byte that is not UTF-8,
                         a control character, a lone surrogate or a non-character is a Problem at its own line:col
compose(text, path)      text -> YAML node tree that keeps every position; anchors and aliases
                         (the "billion laughs" bomb) and repeated keys are refused
Reader                   collects Problems instead of stopping at the first
validate(node, spec)     a node checked against a small schema (Record, ListOf, MapOf, Tree, TEXT,
                         FILLED, INT, FLAG, ID, ANY) -> plain data (Map, Seq, str, int, bool) that
                         still knows where each value was, so later checks can point at it too
load(path, spec)         a file read, composed and validated: its data, or CourseError
validated(text, spec)    the same from text, giving (data, reader): the source's own checks (ids
                         used once, see each_once; references; ranges) add to the reader's problems

Every source is a schema (Record specs next to its loader) and then its own checks on the
validated data; no loader walks YAML nodes by hand.

An unknown key is an error that names the nearest known key; a wrong type is an error at the
value. Every problem is a ``Problem(file, line, column, message)``, never a traceback.
"""

from __future__ import annotations

import codecs
import difflib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.resolver import Resolver

from .errors import CourseError, Problem, display_path

# The one id pattern: page anchors, journal keys, CSS hooks and the learner's export all use ids,
# so an id is lowercase letters, digits and single hyphens, nothing that can close an attribute.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_RULE = "lowercase letters, digits and single hyphens (such as 'ask-first')"

# Characters no source needs and that break the XML export or a terminal: C0 and C1 controls
# (tab and newline allowed), lone surrogates (which only YAML's "\ud800" escape can make), and
# Unicode's 66 non-characters (U+FDD0..U+FDEF and the last two code points of every plane, such as
# U+FFFE): XML 1.0 refuses U+FFFE and U+FFFF, and none of them is ever text.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF)
                                             for plane in range(17))
_BAD_CHAR = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff{_NONCHARACTERS}]")
_NAMES = {"\x00": "a NUL character", "\x1b": "an escape character (ESC)", "\ufeff": "an invisible byte order mark (U+FEFF)"}
MAX_DEPTH = 50  # no source nests deeper than a handful of levels; deeper is damage or an attack


def id_problem(value: str, what: str) -> str | None:
    """The message for an id that does not follow the one pattern, or None."""
    if ID_PATTERN.match(value or ""):
        return None
    # Shown with anything unprintable escaped: the message goes to the author's terminal.
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)
    return f"{what} '{shown}' is not a valid id: an id uses {ID_RULE}"


def nearest(key: str, allowed) -> str | None:
    near = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return near[0] if near else None


def hint(key: str, allowed) -> str:
    """'did you mean ...?' for a misspelt key, else the keys that are allowed."""
    near = nearest(key, allowed)
    return f"did you mean '{near}'?" if near else f"known keys: {', '.join(sorted(allowed))}"


def _char_name(ch: str) -> str:
    if ch in _NAMES:
        return _NAMES[ch]
    if "\ud800" <= ch <= "\udfff":
        return f"a lone surrogate (U+{ord(ch):04X}), half of a character that was cut"
    if "\ufdd0" <= ch <= "\ufdef" or ord(ch) & 0xFFFE == 0xFFFE:
        return f"a Unicode non-character (U+{ord(ch):04X}, never text)"
    return f"a control character (U+{ord(ch):04X})"


def bad_characters(text: str, path: str, line: int = 1, col: int = 1) -> list[Problem]:
    """A Problem for each control character, lone surrogate or non-character in ``text``, which
    starts at line:col."""
    out = []
    for m in _BAD_CHAR.finditer(text):
        before = text[:m.start()]
        n = before.count("\n")
        c = (col + len(before)) if n == 0 else (m.start() - before.rfind("\n"))
        what = _char_name(m.group(0))
        out.append(Problem(path, line + n, c, f"{what} is here: remove it (it is invisible in most editors"
                                               " and breaks the exports)"))
    return out


def decode(data: bytes, path: str) -> str:
    """The file's text with newlines as '\\n', or CourseError naming the line:col of a BOM, of the
    first byte that is not UTF-8, or of any control character or lone surrogate."""
    if data.startswith(codecs.BOM_UTF8):
        raise CourseError([Problem(path, 1, 1, "the file starts with a byte order mark (an invisible mark some "
                                               "editors add): save it as UTF-8 without BOM")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        head = data[:err.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1:].decode("utf-8")) + 1
        raise CourseError([Problem(path, line, col, f"the byte 0x{data[err.start]:02X} here is not UTF-8 text: "
                                                    "save the file as UTF-8")]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = bad_characters(text, path)
    if problems:
        raise CourseError(problems)
    return text


MB = 1024 * 1024
# The longest source (the glossary) is 30 KB: a source over 1 MB is a mistake (a file saved in the
# wrong place, a paste gone wrong), and reading it whole could exhaust the memory of the build.
MAX_SOURCE_BYTES = 1 * MB


class TooLarge(ValueError):
    """A file over its size cap, refused before it is read; the message names both sizes."""

    def __init__(self, size: int | None, limit: int):
        self.size, self.limit = size, limit  # size is None when the file held more than it said
        def megabytes(n: int) -> str:  # rounded up, so that a file just over the cap never reads as the cap
            return f"{math.ceil(n * 10 / MB) / 10:,.1f}".removesuffix(".0")
        size_text = f"{megabytes(size)} MB" if size is not None else f"more than {megabytes(limit)} MB"
        super().__init__(f"too large ({size_text}; the limit is {megabytes(limit)} MB)")


def read_capped(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a file of at most ``limit`` bytes, or TooLarge without reading more than that
    (a 3 GB file or a device is refused at once, never read into memory); OSError as ``open`` raises it."""
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            raise TooLarge(size, limit)
        data = file.read(limit + 1)  # a device or a growing file can hold more than its size says
    if len(data) > limit:
        raise TooLarge(None, limit)
    return data


def read_text(path: Path, shown: str | None = None, limit: int = MAX_SOURCE_BYTES) -> str:
    """A source file's text (see :func:`decode`); CourseError if it cannot be read or is over ``limit`` bytes."""
    shown = shown or display_path(path)
    try:
        data = read_capped(path, limit)
    except TooLarge as err:
        raise CourseError([Problem(shown, 0, 0, str(err))]) from None
    except FileNotFoundError:
        raise CourseError([Problem(shown, 0, 0, "the file is missing")]) from None
    except OSError as err:
        raise CourseError([Problem(shown, 0, 0, f"cannot read the file: {err.strerror}")]) from None
    return decode(data, shown)


# ---- composing -------------------------------------------------------------------------------

_LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_RESOLVER = Resolver()


def _position(mark, line_offset: int) -> tuple[int, int]:
    return (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)


def compose(text: str, path: str, line_offset: int = 0):
    """The YAML tree of ``text`` (None when it holds nothing), every node with its position.

    Built here from the parser's events rather than by PyYAML's composer, so that an anchor or an
    alias is refused the moment it appears (before a bomb can grow), a repeated key is an error,
    every scalar is searched for control characters, and nesting is bounded without recursion.
    ``line_offset`` shifts the lines reported, for YAML that starts further down a file."""
    problems = bad_characters(text, path, 1 + line_offset)
    if problems:
        raise CourseError(problems)
    # libyaml is several times faster; the pure-Python parser is asked again only when libyaml
    # gives up, because its messages read better and it takes escapes libyaml refuses ("\ud800").
    try:
        return _compose_events(yaml.parse(text, Loader=_LOADER), path, line_offset)
    except yaml.YAMLError:
        pass
    try:
        return _compose_events(yaml.parse(text, Loader=yaml.SafeLoader), path, line_offset)
    except yaml.MarkedYAMLError as err:
        line, col = _position(err.problem_mark or err.context_mark, line_offset)
        message = f"this is not valid YAML: {err.problem or err.context}"
    except yaml.YAMLError as err:
        line, col, message = 1 + line_offset, 1, f"this is not valid YAML: {err}"
    raise CourseError([Problem(path, line, col, message)])


def _compose_events(events, path: str, line_offset: int):
    problems: list[Problem] = []
    stack: list[list] = []  # [node, pending key node, keys seen {key: line}]
    root = None
    documents = 0
    for event in events:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line, col = _position(event.start_mark, line_offset)
            raise CourseError([Problem(path, line, col, "anchors and aliases (& and *) are not allowed "
                                                        "in course files: write the value out")])
        tag = getattr(event, "tag", None)
        if tag and tag != "!" and not tag.startswith("tag:yaml.org,2002:"):
            line, col = _position(event.start_mark, line_offset)
            problems.append(Problem(path, line, col, f"the tag '{tag}' is not used in course files: remove it"))
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                line, col = _position(event.start_mark, line_offset)
                raise CourseError([Problem(path, line, col, "a second YAML document starts here ('---'): "
                                                            "a course file holds one")])
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag if event.tag and event.tag != "!" else _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            if _BAD_CHAR.search(event.value):
                # The raw text was clean, so an escape such as "\x01" or "\ud800" made it.
                line, col = _position(event.start_mark, line_offset)
                problems += [Problem(p.path, line, col, p.message.replace(" is here", " is in this text"))
                             for p in bad_characters(event.value, path)[:1]]
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                line, col = _position(event.start_mark, line_offset)
                raise CourseError([Problem(path, line, col, f"the file nests more than {MAX_DEPTH} levels deep")])
            kind = yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
            default = "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"
            node = kind(event.tag if event.tag and event.tag != "!" else default, [], event.start_mark,
                        event.end_mark, flow_style=event.flow_style)
            stack.append([node, None, {}])
            continue
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            node = stack.pop()[0]
            node.end_mark = event.end_mark
        else:  # stream and document start and end
            continue
        if not stack:
            root = node
            continue
        parent = stack[-1]
        if isinstance(parent[0], yaml.SequenceNode):
            parent[0].value.append(node)
        elif parent[1] is None:
            parent[1] = node
            key = node.value if isinstance(node, yaml.ScalarNode) else None
            if key is not None and key in parent[2]:
                line, col = _position(node.start_mark, line_offset)
                problems.append(Problem(path, line, col, f"the key '{key}' is already given on line "
                                                         f"{parent[2][key]}: keep one"))
            elif key is not None:
                parent[2][key] = node.start_mark.line + 1 + line_offset
        else:
            parent[0].value.append((parent[1], node))
            parent[1] = None
    if problems:
        raise CourseError(problems)
    return root


def compose_root(text: str, path: str, needs: str):
    """The file's YAML tree, or CourseError if it is empty or not YAML (see :func:`compose`)."""
    root = compose(text, path)
    if root is None:
        raise CourseError([Problem(path, 1, 1, f"the file is empty: it needs {needs}")])
    return root


# ---- collecting problems -------------------------------------------------------------------

NULL = "tag:yaml.org,2002:null"


class Reader:
    """The problems of one source, validate()'s and then the source's own checks', all collected
    instead of stopping at the first."""

    def __init__(self, path: str, line_offset: int = 0):
        self.path = path
        self.line_offset = line_offset
        self.problems: list[Problem] = []

    def where(self, node) -> tuple[int, int]:
        return _position(node.start_mark if node is not None else None, self.line_offset)

    def problem(self, node, message: str) -> None:
        self.problems.append(Problem(self.path, *self.where(node), message))

    def report(self, at: tuple[int, int], message: str) -> None:
        """A problem at a (line, col) from validated data (``Map.where(key)``, ``Seq.where(n)``)."""
        self.problems.append(Problem(self.path, *at, message))


# ---- a small schema --------------------------------------------------------------------------
# A spec says what a value must be; validate() checks a node against it and gives plain Python
# data back. Maps and lists remember where each value was, so a later check (a module named in
# formats.yml that does not exist, say) can still point at its line.

class Map(dict):
    """A checked mapping; ``where(key)`` is (line, col) of the key's value, ``where()`` of the map;
    ``label`` is how messages name it (see Record.label)."""

    def __init__(self, *args, at=(1, 1), positions=None, label=""):
        super().__init__(*args)
        self.at = at
        self.positions = positions or {}
        self.label = label

    def where(self, key: str | None = None) -> tuple[int, int]:
        return self.positions.get(key, self.at) if key is not None else self.at


class Seq(list):
    def __init__(self, *args, at=(1, 1), positions=()):
        super().__init__(*args)
        self.at = at
        self.positions = list(positions)

    def where(self, index: int | None = None) -> tuple[int, int]:
        return self.positions[index] if index is not None and index < len(self.positions) else self.at


@dataclass(frozen=True)
class Scalar:
    kind: str  # "text", "filled", "int", "flag", "id", "any"
    low: int | None = None
    high: int | None = None

    def describe(self) -> str:
        bounds = (f" from {self.low} to {self.high}" if self.low is not None and self.high is not None
                  else f" of at least {self.low}" if self.low is not None else "")
        return {"text": "text", "filled": "text", "int": "a whole number", "flag": "true or false",
                "id": "an id", "any": "a value"}[self.kind] + bounds


TEXT = Scalar("text")
# Text that must say something: surrounding spaces and newlines are dropped, and an empty value is
# an error (a blank feedback or contact teaches nothing, and would show as an empty line).
FILLED = Scalar("filled")
INT = Scalar("int")
FLAG = Scalar("flag")
ID = Scalar("id")
ANY = Scalar("any")


@dataclass(frozen=True)
class ListOf:
    item: object
    describe_as: str = "a list (each entry starting with '- ')"
    one_or_more: bool = False  # a single value also counts as a list of one
    # How an entry is named in messages: "{what}" is the list, "{owner}" the record holding it,
    # "{n}" the entry's number from 1 ("{owner}, option {n}" gives "question 'x', option 2").
    entry: str = "{what}, entry {n}"


@dataclass(frozen=True)
class MapOf:
    """A mapping with free keys (a catalog of words, a book's configuration)."""
    value: object


@dataclass(frozen=True)
class Tree:
    """Free keys whose values are ``leaf`` or, nested, more of the same (a catalog of words)."""
    leaf: object
    describe_as: str = "a word or a group of words"


@dataclass(frozen=True)
class Record:
    """A mapping with known keys: ``fields`` maps each key to its spec; ``required`` must be there."""
    fields: dict
    required: frozenset = field(default_factory=frozenset)
    open: bool = False  # other keys are allowed too (read by another program), kept as they are
    # How the record names itself in its messages, from its own plain values: "question '{id}'"
    # says which question a problem is in, where "question 3" would send the author counting.
    # A value it needs that is missing or not plain keeps the name given by the list.
    label: str | None = None
    says: dict = field(default_factory=dict)  # what a missing required key is for: "{what} needs 'key:' {says}"


def validate(node, spec, reader: Reader, what: str, owner: str = ""):
    """``node`` checked against ``spec``: plain data, with every problem added to ``reader``.
    ``owner`` is the name of the record the node is a field of (for ListOf.entry)."""
    if isinstance(spec, Scalar):
        return _scalar(node, spec, reader, what)
    if isinstance(spec, ListOf):
        if spec.one_or_more and isinstance(node, yaml.ScalarNode) and node.tag != NULL:
            node = yaml.SequenceNode("tag:yaml.org,2002:seq", [node], node.start_mark, node.end_mark)
        if not isinstance(node, yaml.SequenceNode):
            reader.problem(node, f"{what} should be {spec.describe_as}")
            return Seq(at=reader.where(node))
        return Seq((validate(item, spec.item, reader, spec.entry.format(what=what, owner=owner or what, n=n))
                    for n, item in enumerate(node.value, 1)),
                   at=reader.where(node), positions=[reader.where(item) for item in node.value])
    if not isinstance(node, yaml.MappingNode):
        reader.problem(node, f"{what} should be a set of 'key: value' lines")
        return Map(at=reader.where(node), label=what)
    out = Map(at=reader.where(node), label=what)
    if isinstance(spec, Tree):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                reader.problem(key_node, f"{what} has a key that is not a plain word")
                continue
            label = f"{what}: '{key_node.value}'"
            if isinstance(value_node, yaml.MappingNode):
                out[key_node.value] = validate(value_node, spec, reader, label)
            elif isinstance(value_node, yaml.ScalarNode) and value_node.tag != NULL:
                out[key_node.value] = validate(value_node, spec.leaf, reader, label)
            else:
                reader.problem(value_node, f"{label} should be {spec.describe_as}")
            out.positions[key_node.value] = reader.where(value_node)
        return out
    if isinstance(spec, MapOf):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                reader.problem(key_node, f"{what} has a key that is not a plain word")
                continue
            out[key_node.value] = validate(value_node, spec.value, reader, f"{what}: '{key_node.value}'")
            out.positions[key_node.value] = reader.where(value_node)
        return out
    if spec.label:
        what = _label(node, spec.label, what)
    found = _known_keys(node, set(spec.fields), what, reader) if not spec.open else {
        k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    for key, (_key_node, value_node) in found.items():
        out[key] = validate(value_node, spec.fields.get(key, ANY), reader, f"{what}: '{key}'", owner=what)
        out.positions[key] = reader.where(value_node)
    for key in sorted(spec.required - set(found)):
        says = spec.says.get(key)
        says = f"{'' if says[:1] in (',', ';') else ' '}{says}" if says else ""
        reader.problem(node, f"{what} needs '{key}:'{says}")
    out.label = what
    return out


def _known_keys(node, allowed: set[str], what: str, reader: Reader) -> dict[str, tuple]:
    """A mapping node's {key: (key_node, value_node)}, reporting unknown keys.

    A misspelt key is reported once, naming the key it is closest to, and its value is then
    read as that key's, so that the mistake does not also show up as a missing key."""
    found: dict[str, tuple] = {}
    given = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None:
            reader.problem(key_node, f"{what} has a key that is not a plain word")
        elif key in found:  # compose() refuses repeated keys; kept for trees made elsewhere
            reader.problem(key_node, f"{what} has '{key}' twice")
        elif key not in allowed:
            reader.problem(key_node, f"{what} has an unknown key '{key}' ({hint(key, allowed)})")
            near = nearest(key, allowed)
            if near and near not in given and near not in found:
                found[near] = (key_node, value_node)
        else:
            found[key] = (key_node, value_node)
    return found


def _label(node, template: str, fallback: str) -> str:
    plain = {k.value: v.value.strip() for k, v in node.value
             if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode) and v.tag != NULL and v.value.strip()}
    try:
        return template.format_map(plain)
    except (KeyError, IndexError, ValueError):
        return fallback


def _scalar(node, spec: Scalar, reader: Reader, what: str):
    if spec.kind == "any":
        return _plain(node)
    if not isinstance(node, yaml.ScalarNode) or node.tag == NULL:
        reader.problem(node, f"{what} should be {spec.describe()}")
        return None
    value = node.value
    if spec.kind == "filled":
        value = value.strip()
        if not value:
            reader.problem(node, f"{what} is empty")
        return value
    if spec.kind in ("text", "id"):
        if spec.kind == "id" and (message := id_problem(value, what)):
            reader.problem(node, message)
        return value
    if spec.kind == "int":
        if (not re.fullmatch(r"[0-9]+", value) or (spec.low is not None and int(value) < spec.low)
                or (spec.high is not None and int(value) > spec.high)):
            reader.problem(node, f"{what} should be {spec.describe()}, not '{_short(value)}'")
            return None
        return int(value)
    if value.lower() not in ("true", "false"):
        reader.problem(node, f"{what} should be true or false, not '{_short(value)}'")
        return None
    return value.lower() == "true"


def _short(value: str) -> str:
    """A wrong value as quoted in a message: its start is enough to find it (a misplaced line of
    feedback after 'correct: true' would otherwise be repeated whole)."""
    value = " ".join(value.split())
    return value if len(value) <= 40 else value[:37] + "..."


def each_once(entries, kind: str, make, reader: Reader, seen: dict | None = None) -> list:
    """``make(entry)`` for each validated entry (a Map), reporting an id already used by an earlier
    one with its line. An entry validate() could not read (not a mapping) is skipped: it has been
    reported. ``seen`` ({id: line}) is shared when ids must be unique across several lists."""
    seen = {} if seen is None else seen
    made = []
    for entry in entries or ():
        if not entry:
            continue
        thing = make(entry)
        if thing.id and thing.id in seen:
            reader.report(entry.where(), f"{kind} '{thing.id}': the id is already used on line {seen[thing.id]}")
        elif thing.id:
            seen[thing.id] = entry.where()[0]
        made.append(thing)
    return made


def _plain(node):
    """Any node as plain data, with YAML's own types (for files read by other programs too)."""
    if isinstance(node, yaml.ScalarNode):
        return yaml.SafeLoader("").construct_object(node) if node.tag.startswith("tag:yaml.org,2002:") else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return {(_plain(k) if isinstance(k, yaml.ScalarNode) else str(k.value)): _plain(v) for k, v in node.value}


def load(path: Path, spec, shown: str | None = None, empty: str = "", what: str | None = None):
    """A YAML file checked against ``spec``: its plain data, or CourseError with every problem.
    An empty file is an error when ``empty`` says what it needs, else gives None."""
    shown = shown or display_path(path)
    return load_text(read_text(path, shown), spec, shown, empty, what=what)


def validated(text: str, spec, shown: str, needs: str, what: str | None = None):
    """(data, reader): ``text`` checked against ``spec``, and the Reader holding its problems, to
    which the source's own checks (ids used once, references, ranges) add theirs before raising.
    CourseError at once if the text is not YAML or is empty (``needs`` says what it should hold)."""
    root = compose_root(text, shown, needs)
    reader = Reader(shown)
    return validate(root, spec, reader, what or Path(shown).name), reader


def load_text(text: str, spec, shown: str, empty: str = "", line_offset: int = 0, what: str | None = None):
    root = compose(text, shown, line_offset)
    if root is None:
        if empty:
            raise CourseError([Problem(shown, 1 + line_offset, 1, f"the file is empty: it needs {empty}")])
        return None
    reader = Reader(shown, line_offset)
    data = validate(root, spec, reader, what or Path(shown).name)
    if reader.problems:
        raise CourseError(reader.problems)
    return data
