"""An organization's own edition: ``organization.yml`` at the course root, optional.

It names the organization, adds its logo, its quick-exit destination, who staff can ask
(contacts) and the local organizations it supports (local partners). Without the file the
course is the Wellbeing Model's generic edition. The file is read like a quiz bank: every
value keeps its line, so each problem is reported as ``organization.yml:line:col``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import jinja2

from .errors import CourseError, Problem
from .reader import FILLED, FLAG, ListOf, Record, read_text, validated

FILE = "organization.yml"
# The first bytes of the image formats every browser and Chromium's PDF printer show.
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg",
                    b"GIF87a": "image/gif", b"GIF89a": "image/gif"}


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


def _image_type(path: Path) -> str:
    head = path.read_bytes()[:512]
    for signature, media_type in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    text = head.decode("utf-8", "ignore").lstrip()
    if text.startswith("<svg") or (text.startswith("<?xml") and "<svg" in text):
        return "image/svg+xml"
    return ""


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


def parse_organization(text: str, root: Path, shown: str = FILE) -> Organization:
    data, reader = validated(text, ORGANIZATION, shown, "at least 'name:'", FILE)

    logo = None
    fields = data.get("logo") or {}
    if file := fields.get("file"):
        path = (root / file).resolve()
        where = fields.where("file")
        if not path.is_relative_to(root.resolve()):
            reader.report(where, f"the logo '{file}' is outside the course folder")
        elif not path.is_file():
            reader.report(where, f"the logo '{file}' does not exist")
        elif not (media_type := _image_type(path)):
            reader.report(where, f"the logo '{file}' is not a PNG, JPEG, GIF, WebP or SVG image")
        elif fields.get("alt"):
            logo = Logo(path, fields["alt"], media_type)

    url = data.get("quick_exit_url") or ""
    if url:
        parts = urlparse(url)
        if parts.scheme != "https" or not parts.netloc:
            reader.report(data.where("quick_exit_url"),
                          f"'quick_exit_url' must be a full https:// address (got '{url}'): "
                          "an http:// exit can be watched or changed on the network")

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
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$])")


def _md(text: str) -> str:
    """Text from organization.yml, shown as written: no Markdown, no HTML, no MyST role."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _environment():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["md"] = _md
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
