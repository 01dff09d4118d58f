"""The quick exit, used as a learner would: on a laptop and on a phone, after scrolling and after
moving around a page, and what the exit site and the back button see afterwards."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from conftest import AXE, GUIDE, LEARNER, ROOT
from pagecheck import WCAG_TAGS
from wellbeing_course.words import word

MODULE = "/_build/html/modules/trust.html"
WELCOME = "/_build/html/book/welcome.html"
EXIT = "https://www.bbc.co.uk/weather"
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
TABLET = {"viewport": {"width": 800, "height": 1280}, "has_touch": True, "is_mobile": True}


def exit_site(context) -> list[dict]:
    """Plays the exit site with no network: every request that reaches it, with its headers."""
    seen: list[dict] = []

    def fulfil(route):
        seen.append(route.request.all_headers())
        route.fulfill(body="<!doctype html><title>Weather</title><h1>Weather</h1>", content_type="text/html")

    context.route(EXIT + "**", fulfil)
    return seen


def on_screen_and_on_top(page, selector: str) -> bool:
    """The element is inside the viewport and nothing covers its middle."""
    return page.evaluate("""s => {
        const el = document.querySelector(s), r = el.getBoundingClientRect();
        if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth || !r.width) return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !!hit && (hit === el || el.contains(hit));
    }""", selector)


@pytest.mark.parametrize("device", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_exit_stays_on_screen_down_to_the_quiz(browser, server, device):
    """Scrolled down to the module's last quiz question, the exit button is still on screen, and a
    tap (or click) on it leaves."""
    context = browser.new_context(**device)
    seen = exit_site(context)
    page = context.new_page()
    page.goto(server + MODULE)
    page.locator(".wb-question").last.scroll_into_view_if_needed()
    expect(page.locator(".wb-question").last).to_be_in_viewport()
    assert page.evaluate("scrollY") > 3000

    assert on_screen_and_on_top(page, "[data-wb-exit]")
    if device is PHONE:
        page.locator("[data-wb-exit]").tap()
    else:
        page.locator("[data-wb-exit]").click()
    page.wait_for_url(EXIT + "**")
    assert seen
    context.close()


# The theme's overlays, each a modal dialog in the top layer: the button a learner uses, and the dialog.
OVERLAYS = {
    "menu": (".bd-header-article .primary-toggle", "#pst-primary-sidebar-modal"),
    "on this page": (".bd-header-article .secondary-toggle", "#pst-secondary-sidebar-modal"),
    "search": (".search-button__button", "#pst-search-dialog"),
}


def exit_centre(page) -> tuple[float, float]:
    """Where the learner sees "Exit this page" on the page (the bar's own button)."""
    box = page.locator(".wb-exit:not(.wb-exit-over) [data-wb-exit]").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def exit_on_top_at(page, x: float, y: float) -> bool:
    """What a tap at (x, y) reaches is the exit button, whatever is open: waited for, since a drawer
    that has just closed may still be fading out (its close is animated) for a moment."""
    try:
        page.wait_for_function("""([x, y, label]) => {
            const hit = document.elementFromPoint(x, y), link = hit && hit.closest("[data-wb-exit]");
            return !!link && link.textContent.trim() === label;
        }""", arg=[x, y, word("exit.button")], timeout=5_000)
    except PlaywrightTimeout:
        return False
    return True


@pytest.mark.parametrize("device,overlay", [
    (PHONE, "menu"), (PHONE, "on this page"), (PHONE, "search"),
    (TABLET, "menu"), (TABLET, "on this page"), (TABLET, "search"),
    (LAPTOP, "search"),
], ids=["390-menu", "390-on-this-page", "390-search", "800-menu", "800-on-this-page", "800-search",
        "1366-search"])
def test_exit_takes_a_tap_with_an_overlay_open(browser, server, device, overlay):
    """With the menu, "On this page" or search open, the exit is still on screen where it was, on top
    of the overlay, and a tap there (a click on a laptop) leaves."""
    context = browser.new_context(**device)
    seen = exit_site(context)
    page = context.new_page()
    page.goto(server + MODULE)
    x, y = exit_centre(page)
    button, dialog = OVERLAYS[overlay]
    opener = page.locator(button).locator("visible=true").first
    opener.tap() if device.get("has_touch") else opener.click()
    expect(page.locator(dialog)).to_be_visible()
    assert page.locator(dialog).evaluate("d => d.matches(':modal')")

    assert exit_on_top_at(page, x, y)
    if device.get("has_touch"):
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    page.wait_for_url(EXIT + "**")
    assert seen and all("referer" not in headers for headers in seen), seen
    context.close()


def test_menu_closes_and_opens_again_as_before(browser, server):
    """Closing the menu puts its links back and leaves one exit bar on the page; opened again, the
    menu holds the exit on top once, with no axe violation, and Shift+Tab inside the menu reaches it."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(server + MODULE)
    button, dialog = OVERLAYS["menu"]
    for _ in range(2):
        page.locator(button).locator("visible=true").first.tap()
        expect(page.locator(dialog)).to_be_visible()
        assert page.locator(dialog).locator("[data-wb-exit]").count() == 1
        page.keyboard.press("Escape")
        expect(page.locator(dialog)).to_be_hidden()
        assert page.locator("[data-wb-exit]").count() == 1
        assert page.locator("#pst-primary-sidebar .wb-exit").count() == 0
        expect(page.locator("#pst-primary-sidebar a.reference").first).to_be_attached()
        assert exit_on_top_at(page, *exit_centre(page))

    page.locator(button).locator("visible=true").first.tap()
    expect(page.locator(dialog)).to_be_visible()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert result["violations"] == []
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("!!document.activeElement.closest('[data-wb-exit]')"):
            break
    focused = page.locator(f"{dialog} [data-wb-exit]")
    expect(focused).to_be_focused()
    expect(focused).to_be_in_viewport()
    context.close()


def test_keyboard_hint_only_where_there_is_a_keyboard(browser, server):
    """'Press Shift three times' shows on a laptop, and not on a touch phone."""
    for device, shown in ((LAPTOP, True), (PHONE, False)):
        context = browser.new_context(**device)
        page = context.new_page()
        page.goto(server + MODULE)
        hint = page.locator(".wb-exit-hint")
        if shown:
            expect(hint).to_be_visible()
        else:
            expect(hint).to_be_hidden()
            page.locator(".wb-question").first.scroll_into_view_if_needed()
            page.locator(".wb-option label").first.tap()
            expect(hint).to_be_hidden()
        context.close()


def in_page_links(page):
    """Each kind of in-page link a learner meets, used the way they would use it."""
    def contents():
        link = page.locator("#pst-secondary-sidebar a.nav-link").nth(3)
        target = link.get_attribute("href")
        link.click()
        return target

    def skip_link():
        if page.evaluate("document.activeElement === document.body && scrollY === 0"):
            page.keyboard.press("Tab")  # the first Tab on a fresh page reaches it
        else:
            page.locator(".skip-link a").focus()
        expect(page.locator(".skip-link a")).to_be_focused()
        page.keyboard.press("Enter")
        return "#main-content"

    def heading_anchor():
        heading = page.locator("section h2").nth(4)
        heading.hover()
        link = heading.locator("a.headerlink")
        target = link.get_attribute("href")
        link.click()
        return target

    return {"contents": contents, "skip link": skip_link, "heading anchor": heading_anchor}


@pytest.mark.parametrize("kind", ["contents", "skip link", "heading anchor", "all three"])
def test_back_after_exit_never_shows_the_page_left(browser, server, kind):
    """Visit the welcome page, open a module, use in-page links, exit: one Back press shows the
    welcome page, never the module, and each link still took the learner where it said."""
    context = browser.new_context(**LAPTOP)
    exit_site(context)
    page = context.new_page()
    page.goto(server + WELCOME)
    page.goto(server + MODULE)
    entries = page.evaluate("history.length")
    links = in_page_links(page)
    for name in (links if kind == "all three" else [kind]):
        target = links[name]()
        assert page.url.endswith(MODULE + target)
        landed = page.locator(target)
        expect(landed).to_be_in_viewport()
        assert landed.evaluate("el => el === document.activeElement || el.contains(document.activeElement)")
    assert page.evaluate("history.length") == entries  # the links added no entry

    page.locator("[data-wb-exit]").click()
    page.wait_for_url(EXIT + "**")
    page.go_back()

    assert page.url == server + WELCOME
    context.close()


def test_shift_three_times_after_a_heading_anchor(browser, server):
    """The keyboard shortcut also leaves no entry of the module behind."""
    context = browser.new_context(**LAPTOP)
    exit_site(context)
    page = context.new_page()
    page.goto(server + WELCOME)
    page.goto(server + MODULE)
    in_page_links(page)["heading anchor"]()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT + "**")
    page.go_back()

    assert page.url == server + WELCOME
    context.close()


def test_exit_site_is_not_told_where_the_learner_was(browser, server):
    """No Referer header reaches the exit site, from the button or from the keyboard shortcut."""
    for how in ("button", "shortcut"):
        context = browser.new_context(**LAPTOP)
        seen = exit_site(context)
        page = context.new_page()
        page.goto(server + MODULE)
        if how == "button":
            page.locator("[data-wb-exit]").click()
        else:
            for _ in range(3):
                page.keyboard.press("Shift")
        page.wait_for_url(EXIT + "**")

        assert seen and all("referer" not in headers for headers in seen), seen
        assert page.evaluate("document.referrer") == ""
        context.close()


LMS = "/tests/fixtures/lms-frame.html"


def learning_system(server: str, other_origin: bool, sandbox: str | None = None) -> str:
    """The fixture learning system's page around the module: on another origin than the module
    (localhost and 127.0.0.1 are two origins of the one local server), or on the same one."""
    parent = server.replace("127.0.0.1", "localhost") if other_origin else server
    query = {"module": server + MODULE, **({"sandbox": sandbox} if sandbox else {})}
    return parent + LMS + "?" + urlencode(query)


@pytest.mark.parametrize("origin", ["same origin", "other origin"])
@pytest.mark.parametrize("how", ["button", "tap", "shortcut"])
def test_exit_in_a_learning_system_leaves_the_whole_window(browser, server, origin, how):
    """Inside a learning system's page, the exit (clicked, tapped, or Shift three times after
    reading in the module) replaces the whole window with the exit site: no title of the course
    or module is left, no referrer goes, and Back shows the page before the learning system."""
    context = browser.new_context(**(PHONE if how == "tap" else LAPTOP))
    seen = exit_site(context)
    page = context.new_page()
    page.goto(server + WELCOME)
    lms = learning_system(server, origin == "other origin")
    page.goto(lms)
    module = page.frame_locator("#module")
    expect(module.locator("article h1")).to_be_visible()
    expect(page.locator("#lms-module")).to_be_visible()

    exit_button = module.locator("[data-wb-exit]")
    if how == "button":
        exit_button.click()
    elif how == "tap":
        exit_button.tap()
    else:
        module.locator("article p").first.click()  # reading: focus is in the module's frame
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(EXIT + "**")

    assert page.title() == "Weather" and len(page.frames) == 1
    assert page.locator("#lms-module, #module").count() == 0
    assert seen and all("referer" not in headers for headers in seen), seen
    page.go_back()
    assert page.url == server + WELCOME
    context.close()


def test_exit_in_a_sandboxed_frame_opens_the_exit_site_in_front(browser, server):
    """A learning system whose sandbox forbids the frame to navigate its page: the exit site opens
    in a new tab, in front, that cannot reach back to the course, and the module's frame shows the
    exit site too."""
    context = browser.new_context(**LAPTOP)
    seen = exit_site(context)
    page = context.new_page()
    page.goto(learning_system(server, True, sandbox="allow-scripts allow-same-origin allow-popups"))
    module = page.frame_locator("#module")
    expect(module.locator("article h1")).to_be_visible()

    with context.expect_page(timeout=10_000) as opened:
        module.locator("[data-wb-exit]").click()
    tab = opened.value
    tab.wait_for_url(EXIT + "**")
    assert tab.title() == "Weather"
    assert tab.evaluate("window.opener") is None and tab.evaluate("history.length") == 1
    expect(module.locator("h1")).to_have_text("Weather")
    assert seen and all("referer" not in headers for headers in seen), seen
    context.close()


@pytest.mark.slow  # reads the built books
def test_every_page_sends_no_referrer():
    """Every page of both books sets a no-referrer policy, and the exit link sets its own."""
    pages = [p for book in (LEARNER, GUIDE) for p in book.rglob("*.html")
             if "_static" not in p.parts and "_sources" not in p.parts and "jupyter_execute" not in p.parts
             and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:300]]
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert '<meta name="referrer" content="no-referrer">' in html, path.relative_to(ROOT)
        exit_link = re.search(r"<a [^>]*data-wb-exit[^>]*>", html)
        assert exit_link and 'referrerpolicy="no-referrer"' in exit_link.group(0), path.relative_to(ROOT)
