"""Quality gates on every built page of both books, in light and in dark mode."""

from __future__ import annotations

import re

import pytest

from conftest import GUIDE, LEARNER, ROOT
from pagecheck import check_page

pytestmark = pytest.mark.slow  # checks the built pages

PAGES = sorted(str(p.relative_to(ROOT)) for book in (LEARNER, GUIDE) for p in book.rglob("*.html")
               if "_static" not in p.parts and "_sources" not in p.parts and "jupyter_execute" not in p.parts)


def test_both_books_have_pages():
    """Both books were built, with every page of their tables of contents."""
    learner = [p for p in PAGES if p.startswith("_build")]
    guide = [p for p in PAGES if p.startswith("facilitator")]

    assert len(learner) >= 13 and len(guide) >= 4


@pytest.mark.parametrize("path", PAGES)
def test_page_passes_gates(browser, server, path):
    """No outside request, no cookie, no console or page error, no WCAG 2.2 A/AA violation in light or dark mode."""
    report = check_page(browser, f"{server}/{path}")

    assert report.problems == []


def test_pages_load_only_our_assets():
    """Assets are deliberate: nothing from thebe, copy buttons or toggle buttons reaches a page."""
    for path in PAGES:
        assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', (ROOT / path).read_text(encoding="utf-8"))
        for unwanted in ("thebe", "copybutton", "togglebutton", "require", "mathjax", "clipboard"):
            assert not [a for a in assets if unwanted in a.lower()], f"{path} loads {unwanted}"
