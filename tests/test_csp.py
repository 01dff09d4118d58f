"""Every page of both books works under the Content-Security-Policy that docs/PUBLISHING.md
gives a web server: only this site's own files, and the theme's inline scripts by hash. So an
escaping mistake anywhere (a quiz text, a learner's import) could not run script."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from conftest import GUIDE, LEARNER, ROOT, _QuietHandler
from pagecheck import goto_landing
from wellbeing_course.publish import security_headers

pytestmark = pytest.mark.slow  # serves the built books under the policy

PAGES = sorted(str(p.relative_to(ROOT)) for book in (LEARNER, GUIDE) for p in book.rglob("*.html")
               if "_static" not in p.parts and "_sources" not in p.parts and "jupyter_execute" not in p.parts)

# Collects the browser's own report of anything the policy blocked.
WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));"""


@pytest.fixture(scope="module")
def headers():
    return security_headers([LEARNER, GUIDE])


@pytest.fixture(scope="module")
def policy_server(headers):
    """The repository root served as a published site would be: with the guide's headers on every response."""

    class Handler(_QuietHandler):
        def end_headers(self):
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(ROOT)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def csp_context(browser):
    ctx = browser.new_context()
    ctx.add_init_script(WATCH)
    yield ctx
    ctx.close()


def _load(context, url):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    goto_landing(page, url)
    return page, errors


def test_policy_allows_only_this_site(headers):
    policy = headers["Content-Security-Policy"]

    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "*" not in policy
    assert "script-src 'self' 'sha256-" in policy
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", PAGES)
def test_page_works_under_the_policy(csp_context, policy_server, path):
    page, errors = _load(csp_context, f"{policy_server}/{path}")
    page.wait_for_load_state("load")

    assert page.evaluate("window.__violations") == [] and errors == []
    page.close()


def test_course_script_runs_under_the_policy(csp_context, policy_server):
    """Not only silent: the quizzes work, which needs the course's script and its interface words."""
    page, errors = _load(csp_context, f"{policy_server}/_build/html/modules/trust.html")
    question = page.locator(".wb-question").first
    question.locator(".wb-check").click()

    assert question.locator(".wb-feedback").inner_text().strip() != ""
    assert errors == []
    page.close()


def test_an_injected_script_is_blocked(csp_context, policy_server, tmp_path_factory):
    """The policy is real: markup that slipped through escaping would not run."""
    page, errors = _load(csp_context, f"{policy_server}/_build/html/book/welcome.html")
    page.evaluate("""() => { const d = document.createElement('div');
        d.innerHTML = '<img src=x onerror="window.__ran = 1">'; document.body.appendChild(d); }""")
    page.wait_for_function("window.__violations.length > 0")

    assert page.evaluate("window.__ran") is None
    page.close()
