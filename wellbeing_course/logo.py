"""An organization's logo (``logo: file:`` in organization.yml), checked before any page shows it.

The build copies the logo into both books' ``_static/``, so it is served from the course's own
origin: an SVG logo opened on its own is a document that runs its scripts with the journal's
storage at hand. So an SVG may hold nothing that runs or fetches (no script, event handler,
foreignObject, HTML, processing instruction, DOCTYPE or entity, nor a reference to another file
or host); it is parsed with defusedxml, never by hand. Every logo's real format must be the one
its name says (a server sends the type its name says, and with ``nosniff`` a browser then shows
SVG named ``.png`` as a broken image), and it may be at most ``MAX_BYTES``: no more than one byte
past that is ever read, so a 3 GB file costs nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

MAX_BYTES = 2 * 1024 * 1024
# What a logo's name says it is; a server and the SCORM package go by the name.
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
         ".webp": "image/webp", ".svg": "image/svg+xml"}
KINDS = {"image/png": ("a PNG", ".png"), "image/jpeg": ("a JPEG", ".jpg"), "image/gif": ("a GIF", ".gif"),
         "image/webp": ("a WebP", ".webp"), "image/svg+xml": ("an SVG", ".svg")}
# The first bytes of the image formats every browser and Chromium's PDF printer show.
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg",
              b"GIF87a": "image/gif", b"GIF89a": "image/gif"}
# A logo's path goes unescaped into MyST (the image directive's argument) and the theme's <img src>:
# letters, digits and '.', '-', '_' between slashes need no escaping in either.
SAFE_PATH = re.compile(r"^[\w.-]+(?:/[\w.-]+)*$")
# An SVG may point only inside itself ("#gradient") or hold an embedded image.
INSIDE = re.compile(r"^\s*(?:#|data:image/(?:png|jpeg|gif|webp);base64,)", re.I)
URL = re.compile(r"url\(\s*(?!['\"]?\s*#)|@import", re.I)
SVG_RULE = ("an SVG logo may hold no script, event handler, foreignObject, HTML or reference to another "
            "file or host: the logo is served with the course, where whatever it runs reaches the journal")


def image_type(head: bytes) -> str:
    """The image format these first bytes begin, or ''."""
    for signature, media_type in SIGNATURES.items():
        if head.startswith(signature):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    text = head[:1024].decode("utf-8", "ignore").lstrip()
    if text.startswith("<") and "<svg" in text:
        return "image/svg+xml"
    return ""


def _local(name: str) -> str:
    """'{http://www.w3.org/2000/svg}script' -> 'script'."""
    return name.rpartition("}")[2]


def _element_problem(element) -> str | None:
    tag = _local(element.tag)
    if tag in ("script", "foreignObject"):
        return f"holds a <{tag}> element"
    if element.tag.startswith("{http://www.w3.org/1999/xhtml}"):
        return f"holds an HTML <{tag}> element"
    if tag == "style" and URL.search(element.text or ""):
        return "has a <style> that loads another file (url(...) or @import)"
    for name, value in element.attrib.items():
        attribute = _local(name)
        if attribute.lower().startswith("on"):
            return f"has an event handler '{attribute}' on <{tag}>"
        if attribute in ("href", "src") and not INSIDE.match(value):
            return f"refers to '{value[:80]}' on <{tag}>"
        if attribute == "attributeName" and value.rpartition(":")[2].strip() in ("href", "src"):
            return f"animates a reference on <{tag}>"
        if URL.search(value):
            return f"refers to another file in its '{attribute}' on <{tag}> (url(...))"
    return None


class _Builder(ElementTree.TreeBuilder):
    """A tree builder that also notes processing instructions, even those before the root element
    (an ``<?xml-stylesheet?>`` there loads a stylesheet)."""

    def __init__(self):
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target, text=None):
        self.instructions.append(target)
        return super().pi(target, text)


def svg_problem(data: bytes) -> str | None:
    """Why this SVG cannot be a logo, or None."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        return ("has a DOCTYPE or entities, which can make it grow past memory or read other files: remove "
                "its <!DOCTYPE ...> (design programs add one; browsers do not need it)")
    except ElementTree.ParseError as err:
        return f"is not well-formed SVG ({err})"
    if builder.instructions:
        return f"holds a processing instruction (<?{builder.instructions[0]} ...?>): {SVG_RULE}"
    if _local(root.tag) != "svg":
        return f"is XML but not SVG (its root element is <{_local(root.tag)}>)"
    for element in root.iter():
        if problem := _element_problem(element):
            return f"{problem}: {SVG_RULE}"
    return None


def logo_problem(path: Path, file: str) -> tuple[str, str]:
    """(media type, '') for a logo the pages can show, else ('', why not), in words for the author
    of organization.yml; ``file`` is the logo as organization.yml writes it."""
    if not SAFE_PATH.match(file):
        return "", (f"the logo '{file}' has characters a page's address cannot hold as they are: rename it "
                    "with letters, digits, '.', '-' and '_' only (and '/' between folders)")
    named = TYPES.get(path.suffix.lower())
    if named is None:
        return "", f"the logo '{file}' must be named .png, .jpg, .gif, .webp or .svg, after its format"
    with path.open("rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = path.stat().st_size / (1024 * 1024)
        return "", (f"the logo '{file}' is {size:.0f} MB: a logo must be at most {MAX_BYTES // (1024 * 1024)} MB "
                    "(every page loads it; an image a few hundred pixels wide is plenty)")
    real = image_type(data)
    if not real:
        return "", f"the logo '{file}' is not a PNG, JPEG, GIF, WebP or SVG image"
    if real != named:
        kind, suffix = KINDS[real]
        return "", (f"the logo '{file}' is {kind} image but its name ends in '{path.suffix}', so browsers show "
                    f"it broken: rename it to end in '{suffix}'")
    if real == "image/svg+xml" and (problem := svg_problem(data)):
        return "", f"the logo '{file}' {problem}"
    return real, ""
