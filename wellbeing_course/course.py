"""The course model: every output reads this, none re-reads a source.

Its modules in table-of-contents order (with their objectives, reflections, minutes and facilitator
plans), its quiz banks, its workshop formats, its self-assessment statements, the organization's
edition, and where each page is in the built book."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .agendas import Format, load_formats
from .assessment_model import Assessment, load_assessment
from .errors import CourseError, Problem
from .modules import Module, Reflection, parse_module
from .organization import Organization, load_organization
from .quizbank import Bank, load_banks
from .reader import ANY, TEXT, ListOf, Record, id_problem, load
from .root import find_root

__all__ = ["Course", "find_root", "load_course", "cached_course", "toc_files", "read_toc", "read_config"]

# _toc.yml as Jupyter Book (sphinx-external-toc) reads it: a root page, then parts, chapters or
# sections, each entry a file, a URL or a glob. The entry and the part refer to each other.
_ENTRY = Record({"file": TEXT, "url": TEXT, "glob": TEXT, "title": TEXT})
_PART = Record({"caption": TEXT, "numbered": ANY, "titlesonly": ANY, "reversed": ANY, "hidden": ANY,
                "maxdepth": ANY, "style": ANY})
for _spec in (_ENTRY, _PART):
    _spec.fields.update({"chapters": ListOf(_ENTRY), "sections": ListOf(_ENTRY), "entries": ListOf(_ENTRY),
                         "parts": ListOf(_PART), "subtrees": ListOf(_PART), "options": ANY})
# A book's _config.yml is Jupyter Book's: its keys are left to it, but the file is read by the one
# reader all the same (no alias, no repeated key), and the key this package reads is checked.
BOOK_CONFIG = Record({"learner_book_url": TEXT}, open=True)
TOC = Record({**_PART.fields, "format": TEXT, "root": TEXT, "defaults": ANY}, required=frozenset({"root"}))


def module_url(slug: str) -> str:
    """Where a module's page is in the built learner book, relative to its root
    (``modules/trust.html``): the one place that says so (see :meth:`Course.page_url`)."""
    return f"modules/{slug}.html"


@dataclass
class Course:
    root: Path
    modules: list[Module]
    banks: dict[str, Bank]
    organization: Organization | None = None  # organization.yml: None for the generic edition
    formats: list[Format] = field(default_factory=list)  # facilitator/formats.yml, with their agendas
    assessment: Assessment | None = None  # assessment/statements.yml: None where a course has none
    pages: list[str] = field(default_factory=list)  # every page _toc.yml names, in order, without .md

    def module(self, slug: str) -> Module:
        for m in self.modules:
            if m.slug == slug:
                return m
        raise KeyError(slug)

    @property
    def reflections(self) -> list[Reflection]:
        return [r for m in self.modules for r in m.reflections]

    def page_name(self, page: Module | str) -> str:
        """A page of the learner book as _toc.yml and Sphinx name it (``modules/trust``): a module, or
        such a name, with or without ``.md``."""
        return module_url(page.slug).removesuffix(".html") if isinstance(page, Module) else page.removesuffix(".md")

    def page_url(self, page: Module | str) -> str:
        """Where a page is in the built learner book, relative to its root (``modules/trust.html``).
        Every output that links to a learner page asks here (the guide, the welcome page's list, the
        SCORM manifest)."""
        return f"{self.page_name(page)}.html"

    def page(self, slug: str) -> Page:
        """The page of the learner book whose file is named ``slug`` (a module's, or a page such as
        the quiz demo's), with its title."""
        for name in self.pages:
            if posixpath.basename(name) == slug:
                if name.startswith("modules/"):
                    return Page(name, self.module(slug).title)
                return Page(name, parse_module(self.root / f"{name}.md").title)
        raise CourseError([Problem("_toc.yml", 0, 0, f"no page in the learner book is named '{slug}'")])


@dataclass(frozen=True)
class Page:
    """A page of the learner book."""
    name: str   # as _toc.yml names it, without .md: "modules/trust"
    title: str  # its first heading


def relative_url(from_page: str, target: str) -> str:
    """A link from the page ``from_page`` to ``target``, both relative to the same root
    (``generated/session-trust`` to ``../_build/html/modules/trust.html``)."""
    up = posixpath.relpath(".", posixpath.dirname(from_page) or ".")
    return posixpath.normpath(posixpath.join(up, target))


def read_toc(book: Path) -> dict:
    """A book's _toc.yml, checked; CourseError naming the line of each problem. Read once while the
    file stays as it is: one `make lab` asks for it once per page (72 reads and checks), and an edit
    (a new modification time or size) is still seen. Callers only read what it returns."""
    path = Path(book) / "_toc.yml"
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:  # no file: read_text names the problem, and nothing is cached (an error never is)
        stamp = None
    return _toc_once(path, stamp)


@lru_cache(maxsize=8)
def _toc_once(path: Path, stamp: tuple | None) -> dict:
    return load(path, TOC, empty="'root:' and the book's parts")


def read_config(book: Path) -> dict:
    """A book's _config.yml ({} when it has none); CourseError naming the line of each problem."""
    path = Path(book) / "_config.yml"
    return (load(path, BOOK_CONFIG) or {}) if path.is_file() else {}


def toc_entries(root: Path) -> list[tuple[str, tuple[int, int]]]:
    """Every file named in _toc.yml, in order, without extension, with where _toc.yml names it."""
    toc = read_toc(root)
    found = [(toc["root"], toc.where("root"))]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append((node["file"], node.where("file")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return [(f.removesuffix(".md"), at) for f, at in found]


def toc_files(root: Path) -> list[str]:
    """Every file named in _toc.yml, in order, without extension."""
    return [name for name, _at in toc_entries(root)]


def load_course(root: Path | None = None, problems: list[Problem] | None = None) -> Course:
    """The course; CourseError with every problem of its sources. Given a ``problems`` list, the
    check's way: each problem is added to it and the parts that could be read are returned, so
    that one broken source does not hide the others' problems."""
    root = Path(root).resolve() if root else find_root()
    found: list[Problem] = []
    try:
        banks = load_banks(root / "quizzes")
    except CourseError as err:
        found.extend(err.problems)
        banks = {}
    try:
        names = toc_files(root)
    except CourseError as err:
        # Without a table of contents the modules are still read (in name order), for their own problems.
        found.extend(err.problems)
        names = [f"modules/{p.stem}" for p in sorted((root / "modules").glob("*.md"))]
    modules = []
    for name in names:
        if name.startswith("modules/") and (problems is None or (root / f"{name}.md").exists()):
            try:
                module = parse_module(root / f"{name}.md")
            except CourseError as err:
                found.extend(err.problems)
                continue
            # The slug is in the page's URL, its quiz and reflection ids and the journal's keys.
            if message := id_problem(module.slug, "the module's file name"):
                found.append(Problem(module.path, 1, 1, message))
                continue
            modules.append(module)
    organization = None
    try:
        organization = load_organization(root)
    except CourseError as err:
        found.extend(err.problems)
    course = Course(root=root, modules=modules, banks=banks, organization=organization, pages=names)
    # The formats and statements name modules: read against the modules when those all loaded (the
    # check reads them on their own otherwise, so a broken module does not hide their problems).
    if not found:
        if (root / "facilitator" / "formats.yml").is_file():
            try:
                course.formats = load_formats(course)
            except CourseError as err:
                found.extend(err.problems)
        if (root / "assessment" / "statements.yml").is_file():
            try:
                course.assessment = load_assessment(root, [m.slug for m in modules])
            except CourseError as err:
                found.extend(err.problems)
    if found and problems is None:
        raise CourseError(found)
    if problems is not None:
        problems.extend(found)
    return course


def cached_course(root: Path) -> Course:
    """One load while the sources stay as they are: a notebook calls quiz() several times, and the
    build asks for the course once per page."""
    root = Path(root).resolve()
    sources = [root / "_toc.yml", root / "organization.yml", root / "facilitator" / "formats.yml",
               root / "assessment" / "statements.yml", *sorted((root / "quizzes").glob("*.yml")), *sorted((root / "modules").glob("*.md"))]
    return _load_once(root, tuple((str(p), p.stat().st_mtime_ns) for p in sources if p.exists()))


@lru_cache(maxsize=4)
def _load_once(root: Path, stamp: tuple) -> Course:
    return load_course(root)
