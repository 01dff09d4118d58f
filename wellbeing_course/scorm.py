"""The SCORM 1.2 package: the built learner book, zipped with an ``imsmanifest.xml`` at its root, so an
organization's learning system (Moodle, TalentLMS, Cornerstone...) can run the course and record completion.

One SCO per module, in course order (``_toc.yml``, through the course model); every other file of the
book is one shared asset resource that each SCO depends on. The pages in the zip are the book's pages
with one more script, ``_static/scorm.js``, which finds the learning system's API and reports each
module's quiz (see that file); outside a learning system it does nothing. The book in ``_build/html/``
is not changed.

``python -m wellbeing_course scorm`` (``make scorm``) writes ``_build/wellbeing-course-scorm12.zip``.
"""

from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .course import Course, find_root, load_course
from .errors import CourseError
from .render import render

DEFAULT_TITLE = "The Wellbeing Model"
ZIP_NAME = "wellbeing-course-scorm12.zip"
MANIFEST = "imsmanifest.xml"
SCRIPT = "_static/scorm.js"
# Left out of the package: Sphinx's copies of the sources and its build bookkeeping.
SKIP_PARTS = {"_sources", ".doctrees", "reports"}
SKIP_NAMES = {".buildinfo", ".buildinfo.bak"}
# ...and what no page of the package loads, which made the zip 2.6 MB, over PHP's stock 2 MB upload
# limit (Moodle's, unless its server is changed): source maps, read only by a browser's developer
# tools; the theme's message catalogs (.po, .mo), read only by the build; Font Awesome's 1.5 MB script
# and its fonts, which only the theme's head loads and the course's layout drops (sphinx._drop_fontawesome).
SKIP_SUFFIXES = (".map", ".po", ".mo")
SKIP_PATHS = ("_static/scripts/fontawesome.js", "_static/vendor/fontawesome/")
# A fixed date for every entry: the same book gives the same zip.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)

# The SCORM 1.2 schemas (IMS Content Packaging 1.1.2, IMS Metadata 1.2.1, ADL's SCORM 1.2 extensions).
NS_IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (f"{NS_IMSCP} imscp_rootv1p1p2.xsd {NS_IMSMD} imsmd_rootv1p2p1.xsd "
                   f"{NS_ADLCP} adlcp_rootv1p2.xsd")

# Where the package's script goes in a page: just before the course's own script, so that it can put
# the learning system's saved answers into the browser's storage before wellbeing.js reads them.
WELLBEING_JS = re.compile(r'<script\b[^>]*\bsrc="(?P<base>[^"]*?)_static/wellbeing\.js[^"]*"[^>]*></script>')


@dataclass(frozen=True)
class Package:
    path: Path
    title: str
    scos: tuple[tuple[str, str, str], ...]  # (identifier, title, href), in course order
    files: int


def package_title(course: Course) -> str:
    """The package's name in the learning system: the organization's edition, when organization.yml names one."""
    org = course.organization
    return f"{DEFAULT_TITLE}: {org.name} staff training" if org else DEFAULT_TITLE


def book_files(html: Path) -> list[str]:
    """Every file of the built book that the package carries, as zip paths."""
    return sorted(name for name in (p.relative_to(html).as_posix() for p in html.rglob("*") if p.is_file())
                  if not SKIP_PARTS & set(name.split("/")) and name.rsplit("/", 1)[-1] not in SKIP_NAMES
                  and not name.endswith(SKIP_SUFFIXES) and not name.startswith(SKIP_PATHS))


def add_script(page: str) -> str:
    """The page with scorm.js loaded just before wellbeing.js (unchanged if the page has no course script)."""
    def insert(match: re.Match) -> str:
        # base is the page's own attribute text, as the page escaped it
        return render("wb-scorm-script.html", src=unescape(match["base"]) + SCRIPT) + "\n    " + match[0]
    return WELLBEING_JS.sub(insert, page, count=1)


def _identifier(kind: str, slug: str) -> str:
    # xs:ID: a letter first, then letters, digits, '-', '_' or '.'.
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_.-]", "-", slug)


def manifest_xml(course: Course, title: str, files: list[str]) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """The manifest, and the SCOs (identifier, title, href) it lists."""
    scos = []
    for module in course.modules:
        scos.append((_identifier("sco", module.slug), module.title, course.page_url(module), module.slug))
    sco_pages = {href for _, _, href, _ in scos}
    items = "".join(
        f'\n      <item identifier="{_identifier("item", slug)}" identifierref="{ident}" isvisible="true">'
        f"\n        <title>{escape(name)}</title>"
        f"\n        <adlcp:datafromlms>{escape(slug)}</adlcp:datafromlms>"
        "\n      </item>"
        for ident, name, href, slug in scos)
    resources = "".join(
        f'\n    <resource identifier="{ident}" type="webcontent" adlcp:scormtype="sco" href={quoteattr(href)}>'
        f"\n      <file href={quoteattr(href)}/>"
        '\n      <dependency identifierref="shared-assets"/>'
        "\n    </resource>"
        for ident, name, href, slug in scos)
    shared = "".join(f"\n      <file href={quoteattr(f)}/>" for f in files if f not in sco_pages)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="wellbeing-course-scorm12" version="1.0"
    xmlns="{NS_IMSCP}"
    xmlns:adlcp="{NS_ADLCP}"
    xmlns:xsi="{NS_XSI}"
    xsi:schemaLocation="{SCHEMA_LOCATION}">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="wellbeing-course">
    <organization identifier="wellbeing-course">
      <title>{escape(title)}</title>{items}
    </organization>
  </organizations>
  <resources>{resources}
    <resource identifier="shared-assets" type="webcontent" adlcp:scormtype="asset">{shared}
    </resource>
  </resources>
</manifest>
"""
    return xml, tuple((ident, name, href) for ident, name, href, _ in scos)


def build_package(root: Path, html: Path, out: Path) -> Package:
    """Zip the built learner book in ``html`` as a SCORM 1.2 package at ``out``."""
    if not (html / "index.html").is_file():
        raise FileNotFoundError(f"{html}: no built book here (run make book first)")
    if not (html / SCRIPT).is_file():
        raise FileNotFoundError(f"{html / SCRIPT}: the book was built without the package's script (run make book)")
    course = load_course(root)
    title = package_title(course)
    files = book_files(html)
    missing = [course.page_url(m) for m in course.modules if course.page_url(m) not in files]
    if missing:
        raise FileNotFoundError(f"{html}: module pages missing from the build: {', '.join(missing)} (run make book)")
    xml, scos = manifest_xml(course, title, files)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
        _add(z, MANIFEST, xml.encode("utf-8"))
        for name in files:
            data = (html / name).read_bytes()
            if name.endswith(".html"):
                data = add_script(data.decode("utf-8")).encode("utf-8")
            _add(z, name, data)
    partial.replace(out)  # a half-written zip never takes the place of a good one
    return Package(out, title, scos, len(files) + 1)


def _add(z: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, data)


def run(args) -> int:
    root = find_root()
    out = Path(args.output) if args.output else root / "_build" / ZIP_NAME
    try:
        package = build_package(root, root / "_build" / "html", out)
    except CourseError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    except FileNotFoundError as err:
        print(err, file=sys.stderr)
        return 1
    size = package.path.stat().st_size
    print(f"Wrote {package.path} ({size / 1e6:.1f} MB, {package.files} files): \"{package.title}\", "
          f"{len(package.scos)} modules, one SCO each. Import it into a learning system as a SCORM 1.2 package.")
    return 0
