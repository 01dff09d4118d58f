"""An organization's edition, built for real: a copy of the course with the fixture
organization.yml (a fictional network, in tests/fixtures/organization/) builds both books, and
its name, logo, contacts, partners and exit address appear where organization.yml promises."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import GUIDE, LEARNER, ROOT

pytestmark = pytest.mark.slow  # builds and prints an organization's edition

FIXTURE = ROOT / "tests" / "fixtures" / "organization"
NAME = "Riverbend Housing Network"


def _build_edition(tmp_path_factory, organization: Path) -> Path:
    """The course's tracked files, its notebook caches (so only pages that changed re-run) and this
    organization.yml, built."""
    copy = tmp_path_factory.mktemp("edition") / "course"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    for cache in (".jupyter_cache", "facilitator/.jupyter_cache"):
        if (ROOT / cache).is_dir():
            shutil.copytree(ROOT / cache, copy / cache)
    shutil.copy(organization, copy / "organization.yml")
    # The copy's own package builds it (jupyter-book's Sphinx would otherwise import the installed one).
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(copy)}
    env.pop("WELLBEING_COURSE_ROOT", None)
    build = subprocess.run([sys.executable, "-m", "wellbeing_course", "build"], cwd=copy, env=env,
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return copy


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    return _build_edition(tmp_path_factory, FIXTURE / "organization.yml")


@pytest.fixture(scope="module")
def hostile_edition(tmp_path_factory) -> Path:
    """Markup, quotes, script and MyST in every field check accepts (tests/fixtures/organization/hostile.yml)."""
    return _build_edition(tmp_path_factory, FIXTURE / "hostile.yml")


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_welcome_and_guide_cover_name_the_edition(edition):
    for page in (edition / "_build/html/book/welcome.html", edition / "facilitator/_build/html/index.html"):
        html = page.read_text(encoding="utf-8")

        assert f"{NAME} staff training" in _text(page)
        assert re.search(r'<img[^>]*alt="Riverbend Housing Network logo, a white circle on a teal square"[^>]*wb-org-logo', html)


def test_contacts_on_welcome_staying_safe_and_preparing(edition):
    for page in (edition / "_build/html/book/welcome.html", edition / "_build/html/book/staying-safe.html",
                 edition / "facilitator/_build/html/preparing.html"):
        text = _text(page)

        assert f"Who to ask at {NAME}" in text
        assert "Staff support line (employee assistance)" in text and "any time, day or night" in text


def test_local_partners_come_before_the_seed_organizations(edition):
    text = _text(edition / "_build/html/book/resources.html")

    assert text.index("Local partners") < text.index("The Wellbeing Model and its relationship")
    assert "Harbour Street Workers’ Collective" in text  # a Markdown heading: Sphinx curls the apostrophe
    assert "Run by and for people in the sex trades." in text
    assert "without overstepping or trying to replace them" in text


def test_module_five_points_to_the_partners(edition):
    html = (edition / "_build/html/modules/practice.html").read_text(encoding="utf-8")

    assert re.search(r'<a[^>]*href="\.\./book/resources\.html#wb-local-partners"', html)


def test_completion_record_and_quick_exit(edition):
    welcome = (edition / "_build/html/book/welcome.html").read_text(encoding="utf-8")
    module = (edition / "_build/html/modules/trust.html").read_text(encoding="utf-8")

    assert f"{NAME} staff training. The Wellbeing Model course: completion record" in welcome
    assert re.search(r'data-wb-exit[^>]*href="https://www\.example\.org/weather"|href="https://www\.example\.org/weather"[^>]*data-wb-exit', module)


def test_generic_edition_shows_no_organization():
    """Without organization.yml: no empty section, no stray marker, and never the word 'fixture'."""
    for book in (LEARNER, GUIDE):
        for page in book.rglob("*.html"):
            if "_static" in page.parts or "_sources" in page.parts:
                continue
            text = page.read_text(encoding="utf-8")

            assert "Local partners" not in text and "Who to ask at" not in text, page
            assert "<!-- organization:" not in text and "fixture" not in text.lower(), page


def test_every_pdf_names_the_edition(edition):
    """make pdf in the edition: each PDF's title page says whose staff training it is."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("WELLBEING_COURSE_ROOT", None)
    made = subprocess.run([sys.executable, "-m", "wellbeing_course", "pdf"], cwd=edition, env=env,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
    pdfs = sorted((edition / "_build" / "pdf").glob("*.pdf"))

    assert len(pdfs) >= 4
    for pdf in pdfs:
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
        assert f"{NAME} staff training" in " ".join(first.split()), pdf.name


# Each page that shows fields of organization.yml, in both books, with the fields it shows as text (numbered
# F1 to F10 in hostile.yml), and a module page (the sidebar's logo and the exit are on every page).
HOSTILE_PAGES = {"_build/html/book/welcome.html": [1], "_build/html/book/staying-safe.html": [1, 3, 4, 5, 6],
                 "_build/html/book/resources.html": [1, 7, 8, 9, 10], "_build/html/modules/practice.html": [1],
                 "_build/html/modules/trust.html": [], "facilitator/_build/html/index.html": [1],
                 "facilitator/_build/html/preparing.html": [3, 7]}


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_a_hostile_organization_builds_to_pages_where_nothing_runs(hostile_edition, browser, size):
    """Every field holds '<script>alert(n)</script>', '"><img src=x onerror=alert(n)>' and
    '"onmouseover=alert(n)': a dialog would name the field that ran. Each field shows as its text,
    the logo's alt text and the exit's address exactly as written."""
    fields = yaml.safe_load((FIXTURE / "hostile.yml").read_text(encoding="utf-8"))
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=size[0] < 500)
    page = context.new_page()
    ran: list[str] = []
    page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
    try:
        for path, shown in HOSTILE_PAGES.items():
            page.goto((hostile_edition / path).as_uri(), wait_until="load")
            attributes = page.locator("img.logo__image, img.wb-org-logo, [data-wb-exit]")
            if size[0] > 500:  # a mouse: move over each element an organization's text is an attribute of
                for element in attributes.all():
                    if element.is_visible():
                        element.hover()
            page.screenshot(path=f"/tmp/hostile-{size[0]}-{Path(path).stem}.png")

            assert ran == [], f"{path}: the script of field(s) {ran} ran"
            alts = page.locator("img.logo__image, img.wb-org-logo").evaluate_all("els => els.map(e => e.alt)")
            assert alts and set(alts) == {fields["logo"]["alt"]}, path
            assert page.locator("[data-wb-exit]").first.get_attribute("href") == fields["quick_exit_url"], path
            text = page.locator("main").inner_text()
            for n in shown:
                assert f"F{n} <b>bold</b> " in text and f"<script>alert({n})</script>" in text, (path, n)
    finally:
        context.close()
