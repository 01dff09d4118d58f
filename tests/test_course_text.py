"""What a learner reads in the built book: care comes first, every module teaches by worked examples,
and the course tells the truth about itself."""

from __future__ import annotations

from html import unescape

import pytest

from conftest import GUIDE, LEARNER
from wellbeing_course.words import word

pytestmark = pytest.mark.slow  # reads the built books

MODULES = sorted(p.stem for p in (LEARNER / "modules").glob("*.html"))
# The four parts of every worked example, in the order a learner meets them.
PARTS = ["What happened.", 'A "rescue and restore" response.', "A wellbeing response.", "Why."]


def _prose(page) -> str:
    """The page's own text. The quiz is left out: its banks are checked with their own rules (quizzes/*.yml)."""
    return page.locator("article.bd-article").evaluate(
        "a => { const c = a.cloneNode(true); c.querySelectorAll('.wb-quiz').forEach(q => q.remove());"
        " return c.innerText; }").replace("“", '"').replace("”", '"')


@pytest.mark.parametrize("slug", MODULES)
def test_content_note_comes_before_everything_else(page, server, slug):
    """The content note is the first thing under the title, above the questions and the objectives."""
    page.goto(f"{server}/_build/html/modules/{slug}.html")

    first = page.locator("article.bd-article .content-note, article.bd-article h2").first
    assert "content-note" in (first.get_attribute("class") or ""), f"the first thing is: {first.inner_text()[:60]}"


@pytest.mark.parametrize("slug", MODULES)
def test_in_practice_gives_two_worked_examples(page, server, slug):
    """Each module's "In practice" section has at least two composite examples, each with its four parts."""
    page.goto(f"{server}/_build/html/modules/{slug}.html")

    section = page.locator("section#in-practice")
    examples = section.locator("section:has(> h3)")
    titles = [t.replace("“", '"').replace("”", '"') for t in examples.locator("> h3").all_inner_texts()]
    assert len(titles) >= 2 and all(t.startswith("Composite example") for t in titles), titles
    for index in range(examples.count()):
        text = examples.nth(index).inner_text().replace("“", '"').replace("”", '"')
        positions = [text.find(part) for part in PARTS]
        assert -1 not in positions and positions == sorted(positions), (titles[index], positions)


@pytest.mark.parametrize("path", sorted(p.relative_to(LEARNER).as_posix()
                                        for folder in ("modules", "book") for p in (LEARNER / folder).glob("*.html")))
def test_pages_say_only_what_is_true_for_every_reader(page, server, path):
    """No page calls the model's pages "seed pages", promises a quick exit "on every page", or says nobody can read the journal."""
    page.goto(f"{server}/_build/html/{path}")

    text = _prose(page).lower()
    for claim in ["seed page", "quick-exit button on every page", "your organization cannot see",
                  "your organization, the facilitator and the people who made the course cannot see",
                  "since 2003, organizations"]:
        assert claim not in text, f"{path} says '{claim}'"


def test_every_page_states_the_relationship_to_the_full_frame_initiative():
    """The non-affiliation is said once per page, in the footer of both books, from one source."""
    pages = [p for book in (LEARNER, GUIDE) for p in book.rglob("*.html")
             if not {"_static", "_sources", "jupyter_execute"} & set(p.parts) and p.name not in ("index.html", "search.html", "genindex.html")]

    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('class="wb-affiliation"') == 1 and word("footer.affiliation") in unescape(html), page
