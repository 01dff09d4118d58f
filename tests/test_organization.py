"""organization.yml: read and checked like every other source, with file:line:col messages."""

from __future__ import annotations

import dataclasses
import json
import shutil
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from docutils.core import publish_parts
from myst_parser.parsers.docutils_ import Parser as MystParser

from wellbeing_course.course import cached_course
from wellbeing_course.errors import CourseError
from wellbeing_course.logo import MAX_BYTES
from wellbeing_course.organization import fill_markers, load_organization, parse_organization
from wellbeing_course.scorm import NS_IMSCP, manifest_xml, package_title

FIXTURE = Path(__file__).parent / "fixtures" / "organization"
ROOT = Path(__file__).resolve().parent.parent


def _problems(text: str, root: Path = ROOT) -> list[str]:
    with pytest.raises(CourseError) as caught:
        parse_organization(text, root)
    return [str(p) for p in caught.value.problems]


def test_no_file_is_the_generic_edition(tmp_path):
    assert load_organization(tmp_path) is None


def test_fixture_organization_reads_whole():
    org = parse_organization((FIXTURE / "organization.yml").read_text(encoding="utf-8"), ROOT)

    assert org.edition_title == "Riverbend Housing Network staff training"
    assert org.logo.media_type == "image/png" and "white circle" in org.logo.alt
    assert org.quick_exit_url == "https://www.example.org/weather"
    assert [c.name for c in org.contacts] == ["Training team", "Staff support line (employee assistance)"]
    assert [p.led_by_sex_workers for p in org.local_partners] == [True, False]


def test_misspelt_key_names_the_nearest(tmp_path):
    assert _problems("name: A\nquick_exit_ulr: https://example.org/\n") == [
        "organization.yml:2:1: organization.yml has an unknown key 'quick_exit_ulr' (did you mean 'quick_exit_url'?)"]


def test_http_exit_is_refused():
    (problem,) = _problems("name: A\nquick_exit_url: http://example.org/\n")

    assert problem.startswith("organization.yml:2:17: 'quick_exit_url' must be a full https:// address")


def test_missing_logo_and_non_image_logo(tmp_path):
    (tmp_path / "logo.png").write_text("not an image")
    missing = _problems("name: A\nlogo:\n  file: nowhere.png\n  alt: Our logo\n", tmp_path)
    not_image = _problems("name: A\nlogo:\n  file: logo.png\n  alt: Our logo\n", tmp_path)

    assert missing == ["organization.yml:3:9: the logo 'nowhere.png' does not exist"]
    assert not_image == ["organization.yml:3:9: the logo 'logo.png' is not a PNG, JPEG, GIF, WebP or SVG image"]


def test_logo_needs_alt_text():
    (problem,) = _problems(f"name: A\nlogo:\n  file: {FIXTURE.relative_to(ROOT) / 'logo.png'}\n")

    assert problem.startswith("organization.yml:3:3: 'logo' needs 'alt:'")


def test_partner_needs_its_fields_and_a_yes_or_no():
    problems = _problems("name: A\nlocal_partners:\n  - name: B\n    run_by_and_for_people_in_the_sex_trades: maybe\n")

    assert "organization.yml:3:5: local partner 1 needs 'what_they_do:'" in problems
    assert any(p.startswith("organization.yml:4:46: local partner 1: 'run_by_and_for_people_in_the_sex_trades' should be true or false")
               for p in problems)


# ---- nothing from organization.yml is trusted (issue 24) ----

LOGO_YML = "name: A\nlogo:\n  file: {file}\n  alt: Our logo\n"
PNG = (FIXTURE / "logo.png").read_bytes()
CLEAN_SVG = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             'viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
             '<circle id="c" r="4"/></defs><style>circle { fill: url(#g) }</style>'
             '<use href="#c"/><use xlink:href="#c" style="stroke: url(\'#g\')"/></svg>')


def _logo_problems(tmp_path: Path, name: str, data: bytes) -> list[str]:
    (tmp_path / name).write_bytes(data)
    return _problems(LOGO_YML.format(file=name), tmp_path)


@pytest.mark.parametrize("url", [
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/ onmouseover=alert(1)",
    "https://example.org/<b>",
])
def test_an_exit_address_that_is_not_a_plain_web_address_is_refused(url):
    (problem,) = _problems(f"name: A\nquick_exit_url: '{url}'\n")

    assert problem.startswith("organization.yml:2:17: 'quick_exit_url' may hold only the characters of a web address")


def test_a_plain_exit_address_with_a_query_is_kept():
    url = "https://www.example.org/weather?q=rain&units=(metric)'s"
    org = parse_organization(f'name: A\nquick_exit_url: "{url}"\n', ROOT)

    assert org.quick_exit_url == url


def test_a_clean_svg_logo_is_shown(tmp_path):
    (tmp_path / "logo.svg").write_text(CLEAN_SVG)
    org = parse_organization(LOGO_YML.format(file="logo.svg"), tmp_path)

    assert org.logo.media_type == "image/svg+xml"


@pytest.mark.parametrize("inside, says", [
    ("<script>alert(1)</script>", "holds a <script> element"),
    ('<circle r="4" onload="alert(1)"/>', "has an event handler 'onload' on <circle>"),
    ('<circle r="4" ONCLICK="alert(1)"/>', "has an event handler 'ONCLICK' on <circle>"),
    ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>', "holds a <foreignObject> element"),
    ('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://evil.example/"/>', "holds an HTML <iframe> element"),
    ('<image href="https://tracker.example/pixel.png"/>', "refers to 'https://tracker.example/pixel.png' on <image>"),
    ('<use xlink:href="other.svg#c" xmlns:xlink="http://www.w3.org/1999/xlink"/>', "refers to 'other.svg#c' on <use>"),
    ('<a href="javascript:alert(1)"><circle r="4"/></a>', "refers to 'javascript:alert(1)' on <a>"),
    ('<a><set attributeName="href" to="javascript:alert(1)"/></a>', "animates a reference on <set>"),
    ('<circle r="4" style="fill: url(https://tracker.example/x.svg#g)"/>', "refers to another file in its 'style'"),
    ("<style>@import 'https://tracker.example/x.css';</style>", "has a <style> that loads another file"),
    ("<style>circle { fill: url( \"//tracker.example/g\") }</style>", "has a <style> that loads another file"),
])
def test_an_svg_logo_that_runs_or_fetches_anything_is_refused(tmp_path, inside, says):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{inside}</svg>'
    (problem,) = _logo_problems(tmp_path, "logo.svg", svg.encode())

    assert problem.startswith(f"organization.yml:3:9: the logo 'logo.svg' {says}"), problem
    assert "an SVG logo may hold no script" in problem


@pytest.mark.parametrize("svg, says", [
    ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
     '<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>', "has a DOCTYPE or entities"),
    ('<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="http://www.w3.org/2000/svg"/>', "has a DOCTYPE or entities"),
    ('<?xml-stylesheet href="https://tracker.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
     "holds a processing instruction (<?xml-stylesheet ...?>)"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><circle></svg>', "is not well-formed SVG (mismatched tag: line 1, column"),
])
def test_an_svg_logo_with_a_doctype_a_stylesheet_or_broken_xml_is_refused(tmp_path, svg, says):
    (problem,) = _logo_problems(tmp_path, "logo.svg", svg.encode())

    assert problem.startswith(f"organization.yml:3:9: the logo 'logo.svg' {says}"), problem


@pytest.mark.parametrize("name, data, says", [
    ("logo.png", CLEAN_SVG.encode(), "is an SVG image but its name ends in '.png', so browsers show it broken: "
                                     "rename it to end in '.svg'"),
    ("logo.svg", PNG, "is a PNG image but its name ends in '.svg'"),
    ("logo.jpg", PNG, "is a PNG image but its name ends in '.jpg'"),
    ("logo.txt", PNG, "must be named .png, .jpg, .gif, .webp or .svg"),
])
def test_a_logo_must_be_the_format_its_name_says(tmp_path, name, data, says):
    (problem,) = _logo_problems(tmp_path, name, data)

    assert problem.startswith(f"organization.yml:3:9: the logo '{name}' {says}"), problem


@pytest.mark.parametrize("name", ['my logo.png', 'logo".png', "logo'onerror=x.png", "`logo`.png", "logo{x}.png"])
def test_a_logo_name_that_a_page_address_cannot_hold_is_refused(tmp_path, name):
    (tmp_path / name).write_bytes(PNG)
    (problem,) = _problems(f"name: A\nlogo:\n  file: {json.dumps(name)}\n  alt: Our logo\n", tmp_path)

    assert problem.startswith(f"organization.yml:3:9: the logo '{name}' has characters a page's address cannot hold")


@pytest.mark.parametrize("size", [60 * 1024 * 1024, 3 * 1024 ** 3], ids=["60MB", "3GB"])
def test_a_huge_logo_is_refused_without_reading_it_whole(tmp_path, size):
    """A sparse file (made as `truncate -s 3G` makes it): only its first bytes are ever read."""
    with (tmp_path / "logo.png").open("wb") as f:
        f.write(PNG)
        f.truncate(size)
    tracemalloc.start()
    try:
        (problem,) = _problems(LOGO_YML.format(file="logo.png"), tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert problem == (f"organization.yml:3:9: the logo 'logo.png' is {size // 1024 ** 2} MB: a logo must be at most "
                       "2 MB (every page loads it; an image a few hundred pixels wide is plenty)")
    assert peak < 8 * 1024 * 1024


def test_a_logo_of_exactly_the_cap_is_kept(tmp_path):
    with (tmp_path / "logo.png").open("wb") as f:
        f.write(PNG)
        f.truncate(MAX_BYTES)

    assert parse_organization(LOGO_YML.format(file="logo.png"), tmp_path).logo.media_type == "image/png"


class _Page(HTMLParser):
    """What a browser would make of a rendered part: its elements' attributes and its text."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _rendered(part: str, org) -> _Page:
    """A part of the pages, from its MyST template through MyST's own parser, with the book's extensions."""
    markdown = fill_markers(f"<!-- organization: {part} -->\n", org, ROOT / "book" / "welcome.md")
    extensions = yaml.safe_load((ROOT / "_config.yml").read_text())["parse"]["myst_enable_extensions"]
    parts = publish_parts(markdown, parser=MystParser(), writer_name="html5", settings_overrides={
        "myst_enable_extensions": extensions, "doctitle_xform": False, "report_level": 5, "halt_level": 5})
    return _Page(parts["body"])


@pytest.mark.parametrize("part", ["edition", "contacts", "local-partners", "local-partners-pointer"])
def test_every_field_of_a_hostile_organization_is_shown_as_the_text_it_is(part):
    text = (FIXTURE / "hostile.yml").read_text(encoding="utf-8")
    org = parse_organization(text, ROOT)
    fields = yaml.safe_load(text)
    page = _rendered(part, org)

    assert not [t for t, _ in page.tags if t in ("script", "b", "em", "a", "iframe", "math")], page.tags
    assert not [(t, a) for t, attrs in page.tags for a in attrs if a.lower().startswith("on")]
    shown = " ".join("".join(page.text).split())
    values = {"edition": [fields["name"]], "local-partners-pointer": [fields["name"]],
              "contacts": list(fields["contacts"][0].values()),
              "local-partners": [v for v in fields["local_partners"][0].values() if isinstance(v, str)]}[part]
    for value in values:
        assert value in shown, value
    if part == "edition":
        (alt,) = [attrs["alt"] for t, attrs in page.tags if t == "img"]
        assert alt == fields["logo"]["alt"]


def test_the_scorm_manifest_names_a_hostile_organization_as_text():
    """The learning system shows the package's title from the manifest: the name stays its text."""
    org = parse_organization((FIXTURE / "hostile.yml").read_text(encoding="utf-8"), ROOT)
    course = dataclasses.replace(cached_course(ROOT), organization=org)
    xml, _ = manifest_xml(course, package_title(course), [])

    title = ElementTree.fromstring(xml).find(f"{{{NS_IMSCP}}}organizations/{{{NS_IMSCP}}}organization/{{{NS_IMSCP}}}title")
    assert title.text == f"The Wellbeing Model: {org.name} staff training"
    assert "<script>" in title.text and len(list(title)) == 0
