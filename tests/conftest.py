"""Shared fixtures: a local server for the built books and a real headless Chromium.

The books are built by `make book`, which `make test` runs first; the tests use what it built.
A test that uses Chromium or serves the built books is marked ``slow`` here, by the fixtures it
takes; a file whose every test builds, prints or executes something says so with ``pytestmark``.
`make test-fast` (``pytest -m "not slow"``) runs the rest, with no book built.
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from playwright.sync_api import sync_playwright

from wellbeing_course.journal import set_journal_path

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis keeps what it learns in .hypothesis/ in the working directory; no test writes to the
# working tree, so its cache goes to the system's temporary folder and it keeps no examples (a
# failure still prints how to reproduce it).
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "wellbeing-course-hypothesis")
settings.register_profile("course", database=None)
settings.load_profile("course")
LEARNER = ROOT / "_build" / "html"
GUIDE = ROOT / "facilitator" / "_build" / "html"
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


# Each of these needs Chromium, the built books or both.
SLOW_FIXTURES = {"server", "browser", "context", "page", "folder_page"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def journal(tmp_path):
    """A journal file of the test's own, for the JupyterLab side (journal.py and the widgets)."""
    set_journal_path(tmp_path / "journal.json")
    yield tmp_path / "journal.json"
    set_journal_path(None)


@pytest.fixture(scope="session")
def server():
    """Serves the repository root, so both books are reachable: /_build/html/ and /facilitator/_build/html/."""
    assert (LEARNER / "index.html").exists(), "build the books first: make book"
    handler = functools.partial(_QuietHandler, directory=str(ROOT))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile: empty storage, no cookies."""
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.errors = errors
    yield p


@pytest.fixture
def folder_page(browser):
    """A page in a fresh profile for a book opened from a folder (file://): it records every request
    to anything but a file (each refused) in ``page.outside``, and every error in ``page.errors``."""
    context = browser.new_context()
    outside: list[str] = []
    context.route("**/*", lambda r: (outside.append(r.request.url), r.abort()) if not r.request.url.startswith("file:")
                  else r.continue_())
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.outside, p.errors = outside, errors
    yield p
    context.close()
