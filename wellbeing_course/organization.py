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
import yaml

from .errors import CourseError, Problem
from .reader import Reader, compose_root, read_text

FILE = "organization.yml"
TOP_KEYS = {"name", "logo", "quick_exit_url", "contacts", "local_partners"}
LOGO_KEYS = {"file", "alt"}
CONTACT_KEYS = {"name", "for", "reach", "when"}
PARTNER_KEYS = {"name", "what_they_do", "reach", "run_by_and_for_people_in_the_sex_trades", "how_we_support_them"}
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


class _OrgReader(Reader):
    def items(self, entry, what):
        if entry is None:
            return []
        node = entry[1]
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"'{what}' should be a list (each entry starting with '- ')")
            return []
        return node.value


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


def parse_organization(text: str, root: Path, shown: str = FILE) -> Organization:
    node = compose_root(text, shown, "at least 'name:'")
    reader = _OrgReader(shown)
    top = reader.mapping(node, TOP_KEYS, "organization.yml")
    if isinstance(node, yaml.MappingNode) and "name" not in top:
        reader.problem(node, "organization.yml needs 'name:', the organization's name as staff know it")
    name = reader.text(top.get("name"), "'name'")

    logo = None
    if "logo" in top:
        fields = reader.mapping(top["logo"][1], LOGO_KEYS, "'logo'")
        if isinstance(top["logo"][1], yaml.MappingNode):
            for key, say in (("file", "the image file, relative to the course folder"),
                             ("alt", "a text alternative that says what the logo shows")):
                if key not in fields:
                    reader.problem(top["logo"][1], f"'logo' needs '{key}:', {say}")
            file = reader.text(fields.get("file"), "'logo: file'")
            alt = reader.text(fields.get("alt"), "'logo: alt'")
            if file:
                path = (root / file).resolve()
                where = fields["file"][1]
                if not path.is_relative_to(root.resolve()):
                    reader.problem(where, f"the logo '{file}' is outside the course folder")
                elif not path.is_file():
                    reader.problem(where, f"the logo '{file}' does not exist")
                elif not (media_type := _image_type(path)):
                    reader.problem(where, f"the logo '{file}' is not a PNG, JPEG, GIF, WebP or SVG image")
                elif alt:
                    logo = Logo(path, alt, media_type)

    url = reader.text(top.get("quick_exit_url"), "'quick_exit_url'")
    if url:
        parts = urlparse(url)
        if parts.scheme != "https" or not parts.netloc:
            reader.problem(top["quick_exit_url"][1],
                           f"'quick_exit_url' must be a full https:// address (got '{url}'): "
                           "an http:// exit can be watched or changed on the network")

    contacts = []
    for n, item in enumerate(reader.items(top.get("contacts"), "contacts"), start=1):
        fields = reader.mapping(item, CONTACT_KEYS, f"contact {n}")
        if not isinstance(item, yaml.MappingNode):
            continue
        for key in ("name", "reach"):
            if key not in fields:
                reader.problem(item, f"contact {n} needs '{key}:'")
        contacts.append(Contact(name=reader.text(fields.get("name"), f"contact {n}: 'name'"),
                                reach=reader.text(fields.get("reach"), f"contact {n}: 'reach'"),
                                purpose=reader.text(fields.get("for"), f"contact {n}: 'for'"),
                                when=reader.text(fields.get("when"), f"contact {n}: 'when'")))

    partners = []
    for n, item in enumerate(reader.items(top.get("local_partners"), "local_partners"), start=1):
        fields = reader.mapping(item, PARTNER_KEYS, f"local partner {n}")
        if not isinstance(item, yaml.MappingNode):
            continue
        for key in ("name", "what_they_do", "reach", "run_by_and_for_people_in_the_sex_trades"):
            if key not in fields:
                reader.problem(item, f"local partner {n} needs '{key}:'")
        partners.append(Partner(
            name=reader.text(fields.get("name"), f"local partner {n}: 'name'"),
            what_they_do=reader.text(fields.get("what_they_do"), f"local partner {n}: 'what_they_do'"),
            reach=reader.text(fields.get("reach"), f"local partner {n}: 'reach'"),
            led_by_sex_workers=reader.flag(fields.get("run_by_and_for_people_in_the_sex_trades"),
                                           f"local partner {n}: 'run_by_and_for_people_in_the_sex_trades'"),
            how_we_support_them=reader.text(fields.get("how_we_support_them"),
                                            f"local partner {n}: 'how_we_support_them'")))

    if reader.problems:
        raise CourseError(reader.problems)
    return Organization(name=name, logo=logo, quick_exit_url=url, contacts=tuple(contacts),
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
        for line, part in markers(page.read_text(encoding="utf-8")):
            if part not in PARTS:
                shown = page.relative_to(root).as_posix()
                problems.append(Problem(shown, line, 1, f"'<!-- organization: {part} -->' names no part of "
                                        f"organization.yml (the parts are: {', '.join(PARTS)})"))
    return problems
