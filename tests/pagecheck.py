"""The page gates, as one function: every built page and every failing fixture go through it.

A page passes when it makes no request to any host but the local server, sets no cookie,
raises no console or page error, and axe-core finds no WCAG 2.0, 2.1 or 2.2 A or AA violation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from conftest import AXE

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@dataclass
class PageReport:
    url: str
    outside_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cookies: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return ([f"request to {u}" for u in self.outside_requests] + [f"error: {e}" for e in self.errors]
                + [f"cookie {c}" for c in self.cookies] + [f"axe: {v}" for v in self.violations])


def goto_landing(page, url: str) -> None:
    """Open ``url`` and, if it redirects (the book's index.html does), wait for where it lands.
    Whether it redirects is read from its source: asking the live page races with the redirect."""
    redirects = 'http-equiv="Refresh"' in page.context.request.get(url).text()
    page.goto(url, wait_until="load")
    if redirects:
        page.wait_for_url(lambda u: u != url)
        page.wait_for_load_state("load")


def check_page(browser, url: str, color_schemes=("light", "dark")) -> PageReport:
    """Load the page once, then run axe in each colour scheme (the theme follows the system's)."""
    report = PageReport(url)
    own_host = urlparse(url).netloc
    context = browser.new_context()

    def route(r):
        target = urlparse(r.request.url)
        if target.scheme in ("http", "https", "ws", "wss") and target.netloc != own_host:
            report.outside_requests.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: report.errors.append(str(e)))
    page.on("console", lambda m: report.errors.append(m.text) if m.type == "error" else None)
    goto_landing(page, url)
    page.add_script_tag(path=str(AXE))
    # The theme animates colour changes; axe must see the settled colours, not a frame mid-way.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    for scheme in color_schemes:
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function("s => document.documentElement.dataset.theme === s || !document.querySelector('.theme-switch-button')",
                               arg=scheme)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        for v in result["violations"]:
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            report.violations.append(f"{scheme}: {v['id']} ({v['impact']}): {targets}")
    report.cookies = [c["name"] for c in context.cookies()]
    context.close()
    return report
