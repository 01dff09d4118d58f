"""The gates can fail: the same checking code catches a bad page."""

from pagecheck import check_page


def test_gate_catches_outside_request(browser, server):
    """A page that loads a script from another host is reported, with the URL."""
    report = check_page(browser, f"{server}/tests/fixtures/outside-request.html")

    assert report.outside_requests == ["https://cdn.example.org/library.js"]


def test_gate_catches_axe_violation(browser, server):
    """An image without alt text and an empty button are WCAG violations."""
    report = check_page(browser, f"{server}/tests/fixtures/axe-violation.html")

    ids = {v.split(": ")[1].split(" ")[0] for v in report.violations}
    assert {"image-alt", "button-name"} <= ids


def test_gate_passes_clean_page(browser, server):
    """A plain, correct page has no problems: the gate does not fail everything."""
    report = check_page(browser, f"{server}/tests/fixtures/clean.html")

    assert report.problems == []
