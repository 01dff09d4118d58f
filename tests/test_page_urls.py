"""One way to a learner page: the course model says where each page is (Course.page_url), and every
output that links to one (the facilitator guide, the SCORM manifest, the learner book's own pages)
lands on a file that `make book` built. The last three tests read the built books (run after
`make book`, as `make test` does)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest

from wellbeing_course.course import load_course, relative_url, toc_files
from wellbeing_course.errors import CourseError
from wellbeing_course.guide.links import learner_link
from wellbeing_course.scorm import book_files, manifest_xml

ROOT = Path(__file__).resolve().parent.parent
LEARNER_HTML = ROOT / "_build" / "html"
GUIDE_HTML = ROOT / "facilitator" / "_build" / "html"
HREF = re.compile(r'\bhref="([^"]*)"')
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


def test_every_page_of_the_toc_has_one_url_and_a_title(course):
    """A module and a page named in _toc.yml get the same kind of URL; a page is found by its file name
    with its own first heading as title; an unknown name is a message, not a traceback."""
    trust = course.module("trust")
    assert course.page_url(trust) == course.page_url("modules/trust") == "modules/trust.html"
    assert course.page_name(trust) == course.page_name("modules/trust.md") == "modules/trust"
    assert course.page_url("book/board-brief.md") == "book/board-brief.html"
    assert course.page("trust").name == "modules/trust" and course.page("trust").title == trust.title
    assert course.page("board-brief").title == "A brief for boards"
    assert {course.page_url(p) for p in toc_files(ROOT)} >= {course.page_url(m) for m in course.modules}
    with pytest.raises(CourseError) as err:
        course.page("no-such-page")
    assert "no page in the learner book is named 'no-such-page'" in str(err.value)


def test_relative_urls_between_pages():
    assert relative_url("generated/session-trust", "modules/trust.html") == "../modules/trust.html"
    assert relative_url("index", "modules/trust.html") == "modules/trust.html"
    assert relative_url("modules/trust", "modules/practice.html") == "../modules/practice.html"
    assert relative_url("generated/x", "../../_build/html/modules/trust.html") == "../../../_build/html/modules/trust.html"
    assert learner_link(ROOT, "modules/trust.html", "generated/session-trust", "https://example.org/course") \
        == "https://example.org/course/modules/trust.html"


def _local_links(page: Path):
    """(href, file it points at) for every link of a built page to a file of the site."""
    for href in HREF.findall(page.read_text(encoding="utf-8")):
        path = unquote(href.split("#", 1)[0].split("?", 1)[0])
        if path and not SCHEME.match(path) and not path.startswith("/"):
            yield href, (page.parent / path).resolve()


def _built_pages(html: Path) -> list[Path]:
    return [p for p in html.rglob("*.html") if not {"_static", "_sources", "reports"} & set(p.relative_to(html).parts)]


@pytest.mark.slow  # reads the built books
def test_the_guides_links_land_on_files_that_exist(course):
    """Every link of every built guide page, into the learner book or within the guide, opens a file."""
    into_learner_book = 0
    for page in _built_pages(GUIDE_HTML):
        for href, target in _local_links(page):
            assert target.exists(), f"{page.relative_to(GUIDE_HTML)} links to {href}, which does not exist"
            into_learner_book += LEARNER_HTML.resolve() in target.parents
    assert into_learner_book >= len(course.modules) + len(course.banks)


@pytest.mark.slow  # reads the built books
def test_the_learner_books_links_land_on_files_that_exist(course):
    """Every link of every built learner page opens a file, the welcome page's list of modules included."""
    pages = _built_pages(LEARNER_HTML)
    assert len(pages) > len(course.modules)
    for page in pages:
        for href, target in _local_links(page):
            assert target.exists(), f"{page.relative_to(LEARNER_HTML)} links to {href}, which does not exist"
    welcome = next(p for p in pages if "wb-progress-list" in p.read_text(encoding="utf-8"))
    listed = {t for _, t in _local_links(welcome)}
    assert {(LEARNER_HTML / course.page_url(m)).resolve() for m in course.modules} <= listed


@pytest.mark.slow  # reads the built books
def test_the_scorm_manifest_lists_files_that_exist(course):
    """Each module's SCO in imsmanifest.xml opens the module's built page, and every file it lists exists."""
    xml, scos = manifest_xml(course, "Test", book_files(LEARNER_HTML))
    ns = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}
    hrefs = [e.get("href") for e in ET.fromstring(xml).iter() if e.get("href")]
    assert len(hrefs) > len(course.modules)
    for href in hrefs:
        assert (LEARNER_HTML / unquote(href)).is_file(), href
    resources = ET.fromstring(xml).find("cp:resources", ns)
    sco_pages = [r.get("href") for r in resources if r.get("href")]
    assert sco_pages == [course.page_url(m) for m in course.modules]
