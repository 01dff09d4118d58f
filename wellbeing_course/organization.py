"""An organization's own edition: ``organization.yml`` at the course root, optional.

It names the organization, adds its logo, its quick-exit destination, who staff can ask
(contacts) and the local organizations it supports (local partners). Without the file the
course is the Wellbeing Model's generic edition. The file is read like a quiz bank: every
value keeps its line, so each problem is reported as ``organization.yml:line:col``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import jinja2

from .agendas import esc
from .errors import CourseError, Problem
from .logo import logo_problem
from .reader import FILLED, FLAG, ListOf, Record, read_text, validated

FILE = "organization.yml"
# The characters a web address holds as they are (RFC 3986); any other is written %XX.
URL_CHARS = re.compile(r"^[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$")


@dataclass(frozen=True)
class Logo:
    file: Path  # absolute
    alt: str
    media_type: str


@dataclass(frozen=True)
class Contact:
    name: str
    reach: str
    purpose: str = ""  # what to ask them about ("for:" in the file)
    when: str = ""


@dataclass(frozen=True)
class Partner:
    name: str
    what_they_do: str
    reach: str
    led_by_sex_workers: bool
    how_we_support_them: str = ""


@dataclass(frozen=True)
class Organization:
    name: str
    logo: Logo | None = None
    quick_exit_url: str = ""
    contacts: tuple[Contact, ...] = ()
    local_partners: tuple[Partner, ...] = ()

    @property
    def edition_title(self) -> str:
        return f"{self.name} staff training"


# The file's schema; the logo's file, the exit's address and the partners' flag are checked on the
# validated data in parse_organization.
LOGO = Record({"file": FILLED, "alt": FILLED}, required=frozenset({"file", "alt"}), label="'logo'",
              says={"file": ", the image file, relative to the course folder",
                    "alt": ", a text alternative that says what the logo shows"})
CONTACT = Record({"name": FILLED, "for": FILLED, "reach": FILLED, "when": FILLED},
                 required=frozenset({"name", "reach"}))
PARTNER = Record({"name": FILLED, "what_they_do": FILLED, "reach": FILLED,
                  "run_by_and_for_people_in_the_sex_trades": FLAG, "how_we_support_them": FILLED},
                 required=frozenset({"name", "what_they_do", "reach", "run_by_and_for_people_in_the_sex_trades"}))
ORGANIZATION = Record({"name": FILLED, "logo": LOGO, "quick_exit_url": FILLED,
                       "contacts": ListOf(CONTACT, entry="contact {n}"),
                       "local_partners": ListOf(PARTNER, entry="local partner {n}")},
                      required=frozenset({"name"}), says={"name": ", the organization's name as staff know it"})


def _logo(fields, root: Path, reader) -> Logo | None:
    """The logo, when its file is one the pages can show (else its problem is reported)."""
    file = fields.get("file")
    if not file:
        return None
    path = (root / file).resolve()
    if not path.is_relative_to(root.resolve()):
        problem = f"the logo '{file}' is outside the course folder"
    elif not path.is_file():
        problem = f"the logo '{file}' does not exist"
    else:
        media_type, problem = logo_problem(path, file)
    if problem:
        reader.report(fields.where("file"), problem)
        return None
    return Logo(path, fields["alt"], media_type) if fields.get("alt") else None


def _exit_problem(url: str) -> str | None:
    if not URL_CHARS.match(url):
        return ("'quick_exit_url' may hold only the characters of a web address (letters, digits and "
                "- . _ ~ : / ? # [ ] @ ! $ & ' ( ) * + , ; = %): write a space as %20, and no quotes, < or >")
    parts = urlparse(url)
    if parts.scheme != "https" or not parts.netloc:
        return (f"'quick_exit_url' must be a full https:// address (got '{url}'): "
                "an http:// exit can be watched or changed on the network")
    return None


def parse_organization(text: str, root: Path, shown: str = FILE) -> Organization:
    data, reader = validated(text, ORGANIZATION, shown, "at least 'name:'", FILE)

    logo = _logo(data.get("logo") or {}, root, reader)
    url = data.get("quick_exit_url") or ""
    if url and (problem := _exit_problem(url)):
        reader.report(data.where("quick_exit_url"), problem)

    contacts = [Contact(name=c.get("name") or "", reach=c.get("reach") or "", purpose=c.get("for") or "",
                        when=c.get("when") or "") for c in data.get("contacts") or () if c]
    partners = [Partner(name=p.get("name") or "", what_they_do=p.get("what_they_do") or "", reach=p.get("reach") or "",
                        led_by_sex_workers=bool(p.get("run_by_and_for_people_in_the_sex_trades")),
                        how_we_support_them=p.get("how_we_support_them") or "")
                for p in data.get("local_partners") or () if p]
    if reader.problems:
        raise CourseError(reader.problems)
    return Organization(name=data.get("name") or "", logo=logo, quick_exit_url=url, contacts=tuple(contacts),
                        local_partners=tuple(partners))


def load_organization(root: Path) -> Organization | None:
    """The organization's edition, or None for the generic edition (no organization.yml)."""
    path = Path(root) / FILE
    if not path.exists():
        return None
    return parse_organization(read_text(path, FILE), Path(root), FILE)


# ---- the organization's parts of the pages ----
# A page says where a part goes with a comment line, ``<!-- organization: contacts -->``. The
# build puts the part there as MyST Markdown, so its headings join the page's contents and the
# PDFs; without organization.yml, or when the part's field is absent, the line gives nothing.
MARKER = re.compile(r"^<!--\s*organization:\s*([\w-]+)\s*-->\s*$", re.M)
TEMPLATES = Path(__file__).parent / "templates" / "organization"
PARTS = tuple(sorted(p.stem for p in TEMPLATES.glob("*.md")))


def _option(text: str) -> str:
    """Text from organization.yml as a directive option's value: a double-quoted string (JSON's
    escapes are YAML's), so a colon, '#' or quote in it stays text and no backslash shows."""
    return json.dumps(" ".join(str(text).split()), ensure_ascii=False)


def _environment():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["md"] = esc
    env.filters["option"] = _option
    env.filters["lowerfirst"] = lambda s: s[:1].lower() + s[1:] if s[1:2].islower() else s
    env.filters["end"] = lambda s: s if s.endswith((".", "!", "?")) else s + "."
    return env


def markers(text: str) -> list[tuple[int, str]]:
    """(line, part name) of every organization marker in a page's text."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in MARKER.finditer(text)]


def fill_markers(text: str, org: Organization | None, page: Path) -> str:
    """The page's text with each marker replaced by its part (nothing for the generic edition).
    ``page`` is the page's file: the logo's path is written relative to it."""
    if org is None:
        return MARKER.sub("", text)
    here = Path(page).resolve().parent
    context = {
        "org": org,
        "logo_src": os.path.relpath(org.logo.file, here) if org.logo else "",
    }
    env = _environment()
    return MARKER.sub(lambda m: env.get_template(f"{m.group(1)}.md").render(**context).strip("\n") + "\n", text)


def check_organization(root: Path, pages: list[Path]) -> list[Problem]:
    """organization.yml's problems, and any marker in these pages that names no part."""
    problems: list[Problem] = []
    try:
        load_organization(root)
    except CourseError as err:
        problems += err.problems
    for page in pages:
        try:
            text = read_text(page)  # named as the page's own reader names it, so check shows it once
        except CourseError as err:  # a byte that is not UTF-8: the page's problem, not organization.yml's
            problems += err.problems
            continue
        for line, part in markers(text):
            if part not in PARTS:
                shown = page.relative_to(root).as_posix()
                problems.append(Problem(shown, line, 1, f"'<!-- organization: {part} -->' names no part of "
                                        f"organization.yml (the parts are: {', '.join(PARTS)})"))
    return problems
