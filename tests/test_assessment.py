"""The organizational self-assessment: scoring, the chart's text alternative, the action plan,
the browser's save/export/import/delete, the Jupyter widgets, and the facilitator's summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import AXE, ROOT
from pagecheck import WCAG_TAGS
from wellbeing_course.assessment_chart import results_chart
from wellbeing_course.assessment_exports import export_data, parse_export, summarize_exports
from wellbeing_course.assessment_html import assessment_html, chart_description
from wellbeing_course.assessment_model import action_plan, check_assessment, load_assessment, parse_assessment, score
from wellbeing_course.assessment_widget import AssessmentWidget
from wellbeing_course.course import load_course
from wellbeing_course.errors import CourseError
from wellbeing_course.journal import set_journal_path
from wellbeing_course.words import word

PAGE = "/_build/html/book/self-assessment.html"
PREFIX = "wellbeing-course:v1:assessment:"
SAMPLES = ROOT / "tests" / "fixtures" / "assessment"


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


@pytest.fixture(scope="module")
def statements(course):
    return load_assessment(ROOT, [m.slug for m in course.modules])


def by_area(scores):
    return {s.area.id: s for s in scores}


# ---- the statements file ----

def test_statements_cover_every_area_and_name_real_modules(statements, course):
    """The seven areas of the issue are there, and every statement names a module of the course."""
    assert [a.id for a in statements.areas] == ["language", "access", "partnership", "policing",
                                                "stories", "education", "evaluation"]
    slugs = {m.slug for m in course.modules}
    assert all(s.module in slugs for s in statements.statements)
    assert {s.module for s in statements.statements} == slugs
    exit_condition = next(s for s in statements.statements if s.id == "access-no-exit-condition")
    assert "leave sex work" in exit_condition.text and exit_condition.module == "practice"


def test_broken_statements_file_reports_file_and_line(course):
    """A typo in the statements file gives file:line:column messages, every one, not a traceback."""
    text = (ROOT / "assessment" / "statements.yml").read_text(encoding="utf-8")
    text = text.replace("module: survivors", "module: survivor", 1).replace("step: 4", "step: nine", 1)
    with pytest.raises(CourseError) as caught:
        parse_assessment(text, "assessment/statements.yml", [m.slug for m in course.modules])

    messages = [str(p) for p in caught.value.problems]
    assert any(re.match(r"assessment/statements\.yml:\d+:\d+: statement 'access-no-denial': there is no module 'survivor'", m)
               for m in messages)
    assert any("area 'education': 'step'" in m and "whole number from 1 to 5" in m for m in messages)


def test_a_misspelt_key_names_the_area_it_is_in(course):
    """With twenty areas, 'an area has an unknown key' sent the author counting; the area's id says which."""
    text = (ROOT / "assessment" / "statements.yml").read_text(encoding="utf-8")
    line = text[:text.index("    title:")].count("\n") + 1
    with pytest.raises(CourseError) as caught:
        parse_assessment(text.replace("    title:", "    titel:", 1), "assessment/statements.yml",
                         [m.slug for m in course.modules])

    assert [str(p) for p in caught.value.problems] == [
        f"assessment/statements.yml:{line}:5: area 'language' has an unknown key 'titel' (did you mean 'title'?)"]


def test_a_bad_byte_in_the_statements_file_is_named_where_the_page_loads_it(tmp_path):
    """The book and the widget load the statements themselves (not only `check`): a byte that is
    not UTF-8 is named at its line and column there too, not as a decoding traceback."""
    (tmp_path / "assessment").mkdir()
    text = (ROOT / "assessment" / "statements.yml").read_bytes()
    (tmp_path / "assessment" / "statements.yml").write_bytes(text.replace(b"areas:", b"areas:\xff", 1))
    with pytest.raises(CourseError) as caught:
        load_assessment(tmp_path)
    line = text[:text.index(b"areas:")].count(b"\n") + 1
    assert [p.line for p in caught.value.problems] == [line]
    assert "UTF-8" in caught.value.problems[0].message


def test_course_check_runs_the_statements_check(tmp_path, course):
    """`python -m wellbeing_course check` includes the statements file: an avoided word outside quotes is caught."""
    assert check_assessment(ROOT, course) == []
    (tmp_path / "assessment").mkdir()
    good = (ROOT / "assessment" / "statements.yml").read_text(encoding="utf-8")
    (tmp_path / "assessment" / "statements.yml").write_text(
        good.replace('call all sex workers "prostituted" people', "call all sex workers prostituted people"))

    problems = [str(p) for p in check_assessment(tmp_path, course)]
    assert len(problems) == 1 and "[language] statement 'language-agency': 'prostituted'" in problems[0]


# ---- scoring, the plan and the text alternative ----

def test_scoring_leaves_unanswered_out_of_the_average_and_counts_them(statements):
    """Skipped and blank statements are not in an area's average; the counts say how many there were."""
    responses = {"access-no-exit-condition": 1, "access-no-denial": 2, "access-harm-reduction": "skip",
                 "language-agency": 4, "language-self-names": 3, "language-no-conflation": 4}
    scores = by_area(score(statements, responses))

    assert scores["access"].mean == 1.5
    assert (scores["access"].answered, scores["access"].unanswered) == (2, 2)  # one skipped, one blank
    assert scores["language"].mean == pytest.approx(11 / 3) and scores["language"].shown == "3.7"
    assert scores["partnership"].mean is None and scores["partnership"].unanswered == 4
    assert scores["partnership"].shown == "not rated"


def test_nothing_but_invalid_ratings_counts_as_unanswered(statements):
    """A rating outside the scale, a string or a boolean is never scored."""
    scores = by_area(score(statements, {"language-agency": 9, "language-self-names": "3", "language-no-conflation": True}))

    assert scores["language"].mean is None and scores["language"].unanswered == 3


def test_action_plan_lists_weakest_areas_below_agree(statements):
    """The plan holds rated areas averaging below 3, weakest first, at most three, with their modules and step."""
    responses = {"language-agency": 2, "access-no-exit-condition": 1, "partnership-know-local": 2,
                 "policing-no-ultimatum": 4, "stories-dissent": 2, "evaluation-staff": 1}
    plan = action_plan(score(statements, responses))

    assert [item.score.area.id for item in plan] == ["access", "evaluation", "language"]
    assert plan[0].step == 2 and "practice" in plan[0].modules and "survivors" in plan[0].modules
    assert action_plan(score(statements, {"language-agency": 4})) == []


def test_chart_text_alternative_names_every_area_and_score(statements, course):
    """The SVG is role=img, labelled by a visible paragraph that gives each area's score and answered count."""
    responses = {"language-agency": 4, "language-self-names": 3, "access-no-exit-condition": 1}
    html = assessment_html(statements, course, responses)
    text = chart_description(statements, score(statements, responses))

    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="wb-assessment-chart-description"' in svg
    assert '<p class="wb-chart-description" id="wb-assessment-chart-description">' in html
    assert text.startswith("Bar chart of your average rating in each area, from 1 (Strongly disagree) to 4 (Strongly agree).")
    assert "The words we use: 3.5 (2 of 3 answered)." in text
    assert "Access to services: 1.0 (1 of 4 answered)." in text
    assert "Evaluation with participants and partners: not rated (0 of 3 answered)." in text
    for area in statements.areas:
        assert area.title in text


def test_static_html_is_text_links_modules_and_steps(statements, course):
    """Statement text is escaped; the plan links to ../modules/<slug>.html and to the five steps of module 5."""
    evil = parse_assessment(
        'scale: [No, "<b>Yes</b>"]\nskip: Skip\nareas:\n  - id: a\n    title: "<script>x</script>"\n    step: 1\n'
        '    statements:\n      - id: a-1\n        module: trust\n        text: "<img src=x onerror=alert(1)>"\n',
        "evil.yml")
    html = assessment_html(evil, course)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>x" not in html and "<b>Yes" not in html

    html = assessment_html(statements, course, {"access-no-exit-condition": 1})
    assert '<a href="../modules/survivors.html">' in html
    assert 'href="../modules/practice.html#step-2-review-your-language-programs-and-practices"' in html
    assert html.count('<li><a href="../modules/practice.html#step-') == 5
    assert re.search(r'<li class="wb-plan-item" data-area="access">', html)  # shown, not hidden


# ---- the book, in a real browser ----

def rate(page, sid: str, value) -> None:
    page.click(f"label[for=wb-a-{sid}-{value}]")


def test_rating_updates_table_chart_description_and_plan(page, server):
    """Rating in the book scores on the device: table, bar, text alternative and plan all follow, with no error."""
    page.goto(server + PAGE)
    assert page.locator("#wb-assessment-plan-message").inner_text().startswith("Rate some statements")
    rate(page, "access-no-exit-condition", 1)
    rate(page, "access-no-denial", 2)
    rate(page, "access-harm-reduction", "skip")
    rate(page, "language-agency", 4)

    row = page.locator('.wb-results tr[data-area="access"]')
    assert row.locator(".wb-mean").inner_text() == "1.5"
    assert row.locator(".wb-answered").inner_text() == "2" and row.locator(".wb-unanswered").inner_text() == "2"
    description = page.locator("#wb-assessment-chart-description").text_content()  # folded away, still the chart's name
    assert "Access to services: 1.5 (2 of 4 answered)." in description
    assert "The words we use: 4.0 (1 of 3 answered)." in description
    assert float(page.locator('g[data-area="access"] .wb-chart-bar').get_attribute("width")) > 0
    assert page.locator(".wb-plan-item:not([hidden])").all_inner_texts()[0].startswith("Access to services (average 1.5)")
    assert page.locator(".wb-plan-item:not([hidden])").count() == 1
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{PREFIX}access-harm-reduction')).value")
    assert stored == "skip"

    page.reload()
    assert page.is_checked("#wb-a-access-no-denial-2")
    assert page.locator('.wb-results tr[data-area="access"] .wb-mean').inner_text() == "1.5"
    assert page.errors == []


def test_on_a_phone_390_wide(browser, server, tmp_path):
    """At 390x844 with touch: nothing wider than the screen (the results table included), each rating
    scale one option per line, the tools after the statements and results, the chart's long text
    folded away (it still names the chart) and opened by a tap."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.goto(server + PAGE)
    page.tap("label[for=wb-a-language-agency-2]")
    page.tap("label[for=wb-a-access-no-denial-skip]")
    expect(page.locator("#wb-a-language-agency-status")).to_have_text("Saved on this device.")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    table = page.locator(".wb-results")
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("[...document.querySelectorAll('.wb-results th, .wb-results td')]"
                         ".every(c => c.scrollWidth <= c.clientWidth)"), "a word sticks out of its cell"
    page.screenshot(path=str(tmp_path / "self-assessment-390-results.png"))  # to look at; never in the working tree

    for sid in ("language-agency", "evaluation-partners"):
        options = page.locator(f"#wb-a-{sid} .wb-option").all()
        lefts = {round(o.bounding_box()["x"]) for o in options}
        tops = [o.bounding_box()["y"] for o in options]
        assert len(lefts) == 1 and tops == sorted(tops), f"{sid}: the scale wraps raggedly"
        assert all(o.bounding_box()["height"] >= 44 for o in options)  # a thumb's reach

    last_statement = page.locator(".wb-statement").last.bounding_box()
    results = page.locator(".wb-results").bounding_box()
    for tool in ('[data-assessment="export"]', "label[for=wb-assessment-import]", '[data-assessment="delete"]'):
        assert page.locator(tool).bounding_box()["y"] > max(last_statement["y"], results["y"])

    description = page.locator("#wb-assessment-chart-description")
    expect(description).to_be_hidden()
    expect(page.get_by_role("img", name=re.compile(r"^Bar chart of your average rating"))).to_be_visible()
    page.locator(".wb-chart-text summary").tap()
    expect(description).to_be_visible()
    expect(description).to_contain_text("The words we use: 2.0 (1 of 3 answered).")
    ctx.close()


def test_scale_is_one_row_on_a_laptop(page, server):
    """At 1366x768 the five options of a statement sit on one line, none of them wrapped."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(server + PAGE)
    options = page.locator("#wb-a-language-agency .wb-option").all()
    assert len({round(o.bounding_box()["y"]) for o in options}) == 1
    assert all(o.bounding_box()["height"] < 40 for o in options)


def test_results_pass_axe_in_light_and_dark(page, server):
    """With ratings filled in (bars, plan items shown), the page still has no WCAG A/AA violation."""
    page.goto(server + PAGE)
    for sid, value in (("access-no-exit-condition", 1), ("language-agency", 2), ("evaluation-staff", 3)):
        rate(page, sid, value)
    page.add_script_tag(path=str(AXE))
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function("s => document.documentElement.dataset.theme === s", arg=scheme)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        assert [v["id"] for v in result["violations"]] == [], scheme


def _export(page) -> dict:
    with page.expect_download() as download:
        page.click('[data-assessment="export"]')
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def test_export_import_round_trip_on_a_fresh_profile(browser, server, statements, tmp_path):
    """Export in one browser profile, import in a new one: the same ratings, scores and export; Python reads it too."""
    first = browser.new_context()
    page = first.new_page()
    page.goto(server + PAGE)
    for sid, value in (("language-agency", 3), ("access-no-exit-condition", 1), ("stories-dissent", "skip"),
                       ("evaluation-partners", 4)):
        rate(page, sid, value)
    exported = _export(page)
    first.close()

    assert exported["format"] == "wellbeing-course-assessment" and exported["version"] == 1
    assert {(a["id"], a["value"]) for a in exported["answers"]} == {
        ("language-agency", 3), ("access-no-exit-condition", 1), ("stories-dissent", "skip"), ("evaluation-partners", 4)}

    fresh = browser.new_context()
    page = fresh.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + PAGE)
    page.set_input_files("#wb-assessment-import", files=[{"name": "mine.json", "mimeType": "application/json",
                                                          "buffer": json.dumps(exported).encode()}])
    page.wait_for_function("document.getElementById('wb-assessment-status').textContent.includes('Imported')")
    assert page.is_checked("#wb-a-access-no-exit-condition-1") and page.is_checked("#wb-a-stories-dissent-skip")
    assert page.locator('.wb-results tr[data-area="access"] .wb-mean').inner_text() == "1.0"
    again = _export(page)
    keys = page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('{PREFIX}')).sort()")
    fresh.close()

    assert again["answers"] == exported["answers"]
    assert keys == sorted(PREFIX + a["id"] for a in exported["answers"])
    assert errors == []
    saved = tmp_path / "mine.json"
    saved.write_text(json.dumps(again))
    table, problems = summarize_exports([saved], statements)
    assert problems == [] and table.loc["Access to services", "median"] == 1.0


@pytest.mark.parametrize("content", [
    b"{not json",
    b'{"format": "wellbeing-course-journal", "version": 1, "reflections": []}',
    b'{"format": "wellbeing-course-assessment", "version": 2, "answers": []}',
    b'{"format": "wellbeing-course-assessment", "version": 1, "answers": [{"id": "language-agency", "value": 9}]}',
    b'{"format": "wellbeing-course-assessment", "version": 1, "answers": [{"id": "someone-else", "value": 2}]}',
    b"\xff\xfe\x00garbage",
])
def test_bad_import_is_refused_and_changes_nothing(page, server, content):
    """A malformed, foreign or out-of-range file is refused with a message, and storage and the form are unchanged."""
    page.goto(server + PAGE)
    rate(page, "language-agency", 2)
    before = page.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
    page.set_input_files("#wb-assessment-import", files=[{"name": "bad.json", "mimeType": "application/json",
                                                          "buffer": content}])
    page.wait_for_function("document.getElementById('wb-assessment-alert').textContent.length > 0")

    assert "Your ratings have not changed" in page.locator("#wb-assessment-alert").inner_text()
    assert page.evaluate("JSON.stringify(Object.entries(localStorage).sort())") == before
    assert page.is_checked("#wb-a-language-agency-2")
    assert page.errors == []


def test_delete_asks_first_and_removes_only_the_ratings(page, server):
    """Cancelling keeps the ratings; confirming removes every assessment key and nothing else of the course's."""
    page.goto(server + "/_build/html/book/journal.html")
    page.fill("#wb-r-trust-ask-first", "Keep my journal.")
    page.locator("#wb-r-trust-ask-first").blur()
    page.goto(server + PAGE)
    rate(page, "language-agency", 2)
    rate(page, "access-no-denial", 3)

    page.once("dialog", lambda d: d.dismiss())
    page.click('[data-assessment="delete"]')
    assert "Nothing was deleted" in page.locator("#wb-assessment-status").inner_text()
    assert page.is_checked("#wb-a-language-agency-2")

    page.once("dialog", lambda d: d.accept())
    page.click('[data-assessment="delete"]')
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('wellbeing-course:'))")
    assert keys == ["wellbeing-course:v1:reflection:trust-ask-first"]
    assert page.locator(".wb-statement input:checked").count() == 0
    assert page.locator('.wb-results tr[data-area="language"] .wb-mean').inner_text() == "not rated"


@pytest.mark.slow  # reads the built book
def test_script_and_stylesheet_only_on_the_assessment_page():
    """assessment.js and assessment.css load on the self-assessment page and on no other page."""
    pages = [p for p in (ROOT / "_build" / "html").rglob("*.html") if "_static" not in p.parts]
    with_script = sorted(p.name for p in pages if "_static/assessment.js" in p.read_text(encoding="utf-8"))

    assert with_script == ["self-assessment.html"]
    html = (ROOT / "_build" / "html" / "book" / "self-assessment.html").read_text(encoding="utf-8")
    assert re.search(r'<script defer="defer" src="\.\./_static/assessment\.js\?v=\w+"></script>', html)
    assert "_static/assessment.css" in html


# ---- Jupyter ----

@pytest.fixture
def journal(tmp_path):
    set_journal_path(tmp_path / "journal" / "journal.json")
    yield tmp_path / "journal" / "journal.json"
    set_journal_path(None)


def test_widget_results_as_dataframe_chart_and_export(statements, course, journal, tmp_path):
    """The widgets score like the book: a DataFrame with unanswered counted, a matplotlib chart, a readable export."""
    widget = AssessmentWidget(statements, course)
    widget.rate("access-no-exit-condition", 1)
    widget.rate("access-no-denial", 4)
    widget.rate("access-conditions", "skip")
    widget.rate("language-agency", 3)

    frame = widget.results()
    assert frame.loc["Access to services", "average"] == 2.5
    assert frame.loc["Access to services", "unanswered"] == 2
    assert frame["average"].isna().sum() == len(statements.areas) - 2

    figure = results_chart(statements, widget.scores())
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()][-1] == "The words we use"

    path = widget.export_json(tmp_path / "from-jupyter.json")
    data = json.loads(path.read_text())
    assert {(a["id"], a["value"]) for a in data["answers"]} == {
        ("access-no-exit-condition", 1), ("access-no-denial", 4), ("access-conditions", "skip"), ("language-agency", 3)}


def test_widget_is_the_books_page_and_keeps_ratings_in_the_journal(statements, course, journal, page):
    """In Jupyter the self-assessment is the book's page: every rating group a fieldset named by its
    statement, "not rated" (never None or NaN) in the table, the chart with its text alternative.
    A rating is kept in the journal file, so a new kernel's widget shows it checked."""
    widget = AssessmentWidget(statements, course)
    page.set_content(widget.view.markup)
    for s in statements.statements:
        expect(page.get_by_role("group", name=s.text, exact=True).get_by_role("radio")).to_have_count(statements.top + 1)
    expect(page.get_by_role("img", name=re.compile(re.escape(word("assessment.chart_intro", low=statements.scale[0],
           top=statements.top, high=statements.scale[-1]))))).to_have_count(1)
    table = page.locator("table.wb-results")
    expect(table).to_contain_text(word("assessment.no_mean"))
    expect(table).not_to_contain_text("None")
    expect(table).not_to_contain_text("NaN")

    widget.rate("access-no-denial", "4")  # as the radio's value arrives from the page
    widget.rate("language-agency", "skip")
    assert json.loads(journal.read_text())["assessment"]["access-no-denial"]["value"] == 4

    again = AssessmentWidget(statements, course)  # a kernel restart: a new widget, the same journal file
    assert again.responses() == {"access-no-denial": 4, "language-agency": "skip"}
    assert again.view.chosen == {"access-no-denial": "4", "language-agency": "skip"}
    page.set_content(again.view.markup)
    blank = next(s for s in statements.statements if s.id not in ("access-no-denial", "language-agency"))
    group = page.get_by_role("group", name=blank.text, exact=True)
    expect(page.get_by_role("group", name=next(s.text for s in statements.statements if s.id == "access-no-denial"),
                            exact=True).get_by_role("radio", name=statements.scale[3])).to_be_checked()
    expect(group.get_by_role("radio", checked=True)).to_have_count(0)


def test_widget_export_import_and_delete_as_the_book(statements, course, journal, tmp_path):
    """Export writes the book's file beside the journal file (never in the copies' folder), owner-only
    and never over an earlier export; import takes it back after asking; delete asks first."""
    widget = AssessmentWidget(statements, course)
    widget.rate("access-no-denial", 2)
    out = widget.export()
    assert out == journal.parent / "wellbeing-self-assessment.json"
    assert out.stat().st_mode & 0o777 == 0o600
    assert widget.view.status == word("jupyter.assessment_exported", count=1, path=out)
    assert parse_export(out.read_bytes(), statements) == {"access-no-denial": 2}  # what the book's import reads
    assert widget.export() == journal.parent / "wellbeing-self-assessment-2.json"

    widget.delete()
    assert widget.view.alert == word("jupyter.assessment_delete_confirm", path=journal)
    widget.answer(True)
    assert widget.responses() == {} and "assessment" not in json.loads(journal.read_text())
    assert widget.view.status == word("jupyter.assessment_deleted")

    book = tmp_path / "from-the-book.json"
    book.write_text(json.dumps(export_data(statements, {"language-agency": 4, "access-conditions": "skip"})))
    widget.load(str(book))
    assert widget.responses() == {"language-agency": 4, "access-conditions": "skip"}
    assert widget.view.status == word("assessment.imported", count=2)
    widget.load("wellbeing-self-assessment.json")  # beside the journal file; ratings here, so it asks
    assert widget.view.alert == word("assessment.import_confirm") and widget.view.ask
    widget.answer(False)
    assert widget.responses() == {"language-agency": 4, "access-conditions": "skip"}
    assert widget.view.status == word("assessment.not_imported")
    assert AssessmentWidget(statements, course).responses() == {"language-agency": 4, "access-conditions": "skip"}


@pytest.mark.parametrize("raw, why", [
    (b"{ not json", ("not_json", 0)),
    (b'{"format": "wellbeing-course-journal", "version": 1, "reflections": []}', ("not_ours", 0)),
    (json.dumps({"format": "wellbeing-course-assessment", "version": 1, "answers": [
        {"id": "language-agency", "value": 9}, {"id": "nowhere", "value": 1}, {"id": "access-conditions", "value": 2}]}).encode(),
     ("entries", 2)),
])
def test_widget_refuses_a_file_in_the_books_words(statements, course, journal, tmp_path, raw, why):
    """A file the import refuses is refused with the book's sentence for the same reason, ratings unchanged."""
    widget = AssessmentWidget(statements, course)
    widget.rate("language-agency", 1)
    (tmp_path / "bad.json").write_bytes(raw)
    widget.load(str(tmp_path / "bad.json"))
    reason, count = why
    assert widget.view.alert == word("assessment.unchanged", problem=word(f"assessment.refused.{reason}", count=count))
    assert widget.responses() == {"language-agency": 1}
    widget.load(str(tmp_path / "missing.json"))
    assert widget.view.alert.startswith(word("journal.refused.unreadable")) and "missing.json" in widget.view.alert


# ---- the facilitator's summary ----

def test_summary_of_several_exports_names_each_broken_file(statements):
    """Three staff exports are summarized per area (min, median, max, count); four broken files are each named."""
    summary = summarize_exports(sorted(SAMPLES.glob("*.json")), statements)
    table, problems = summary

    assert list(table.columns) == ["min", "median", "max", "count"]
    assert table.loc["The words we use"].tolist() == [2.0, 3.0, 4.0, 3]
    access = table.loc["Access to services"]
    assert access["min"] == pytest.approx(5 / 3) and access["median"] == 2.0 and access["max"] == 4.0
    assert table.loc["How survivors' stories are used", "count"] == 2  # one person left the area blank
    assert table.loc["Evaluation with participants and partners"].tolist() == [2.0, 2.0, 2.0, 2]  # one skipped it all

    messages = {Path(p.path).name: p.message for p in problems}
    assert set(messages) == {"broken-journal.json", "broken-not-json.json", "broken-rating.json",
                             "broken-unknown-statement.json"}
    assert messages["broken-not-json.json"].startswith("left out: the file is not JSON")
    assert "not a self-assessment exported from this course" in messages["broken-journal.json"]
    assert "rating 7" in messages["broken-rating.json"]
    assert "'other-course-statement'" in messages["broken-unknown-statement.json"]
    assert all(str(p).split(":")[0].endswith(".json") for p in problems)


def test_summary_of_missing_and_empty_inputs(statements, tmp_path):
    """A missing file is a named problem; with no readable file every area has a count of 0."""
    table, problems = summarize_exports([tmp_path / "nobody.json"], statements)

    assert [p.message for p in problems] == ["left out: the file does not exist"]
    assert table["count"].tolist() == [0] * len(statements.areas)


def test_export_data_matches_the_browser_format(statements):
    """Python's export keeps rated and skipped statements, in file order, in the browser's format."""
    data = export_data(statements, {"evaluation-staff": 2, "language-agency": "skip", "access-no-denial": None})

    assert data["format"] == "wellbeing-course-assessment" and data["version"] == 1
    assert [(a["id"], a["value"]) for a in data["answers"]] == [("language-agency", "skip"), ("evaluation-staff", 2)]


# Files the page's import takes or refuses; the summary must agree with it on every one.
# (name, content, whether the page takes it)
_HEAD = b'{"format": "wellbeing-course-assessment", "version": 1, '
_AGENCY = b'"answers": [{"id": "language-agency", "value": %s}]}'
EDGE_FILES = [
    ("rating-3.0", _HEAD + _AGENCY % b"3.0", True),       # JSON has one kind of number: 3.0 is the rating 3
    ("rating-3e0", _HEAD + _AGENCY % b"3e0", True),
    ("version-1.0", b'{"format": "wellbeing-course-assessment", "version": 1.0, ' + _AGENCY % b"3", True),
    ("byte-order-mark", b"\xef\xbb\xbf" + _HEAD + _AGENCY % b"3", True),  # as Windows Notepad saves
    ("rating-3.5", _HEAD + _AGENCY % b"3.5", False),
    ("rating-nan", _HEAD + _AGENCY % b"NaN", False),
    ("rating-huge", _HEAD + _AGENCY % (b"3" + b"0" * 5000), False),
    ("version-true", b'{"format": "wellbeing-course-assessment", "version": true, ' + _AGENCY % b"3", False),
    ("answers-not-a-list", _HEAD + b'"answers": {"language-agency": 3}}', False),
    ("deeply-nested", _HEAD + b'"exported": ' + b"[" * 100_000 + b"]" * 100_000 + b', ' + _AGENCY % b"3", False),
    ("not-an-object", b'["wellbeing-course-assessment", 1]', False),
]


@pytest.mark.parametrize("name, content, taken", EDGE_FILES, ids=[e[0] for e in EDGE_FILES])
def test_summary_takes_what_the_page_takes_and_names_a_damaged_file(statements, tmp_path, name, content, taken):
    """A rating written 3.0 is summarized like 3; a damaged file (nested 100,000 deep, a number of
    5,000 digits, wrong types) is left out and named with the reason, and the summary still comes."""
    path = tmp_path / f"{name}.json"
    path.write_bytes(content)
    table, problems = summarize_exports([path, SAMPLES / "amira.json"], statements)

    if taken:
        assert problems == []
        assert table.loc["The words we use", "count"] == 2 and 3.0 in (table.loc["The words we use", "min"],
                                                                         table.loc["The words we use", "max"])
    else:
        assert [Path(p.path).name for p in problems] == [path.name]
        assert problems[0].message.startswith("left out: ") and "\n" not in problems[0].message
        assert len(problems[0].message) < 200  # the reason, not the file's contents
        assert table["count"].max() == 1  # the readable file is still summarized
    if name == "deeply-nested":
        assert "nested too deeply" in problems[0].message
    if name == "rating-nan":
        assert "not JSON" in problems[0].message


def test_summary_refuses_a_file_larger_than_the_page_takes(statements, tmp_path):
    """A file over the browser's 5 MB limit is named, not read whole."""
    path = tmp_path / "huge.json"
    path.write_bytes(_HEAD + b'"exported": "' + b"x" * (6 * 1024 * 1024) + b'", ' + _AGENCY % b"3")
    _table, problems = summarize_exports([path], statements)

    assert [p.message for p in problems] == ["left out: too large (6.1 MB; the limit is 5 MB)"]

    with open(tmp_path / "sparse.json", "wb") as file:  # 3 GB that takes no disk: refused before it is read
        file.truncate(3 * 1024 ** 3)
    _table, problems = summarize_exports([tmp_path / "sparse.json"], statements)
    assert [p.message for p in problems] == ["left out: too large (3,072 MB; the limit is 5 MB)"]


def test_the_page_takes_and_refuses_the_same_files_as_the_summary(page, server):
    """The book's import agrees with the summary on every file above: what one takes, the other takes."""
    page.on("dialog", lambda d: d.accept())  # "Replace the ratings on this page?" after the first import
    page.goto(server + PAGE)
    status, alert = page.locator("#wb-assessment-status"), page.locator("#wb-assessment-alert")
    for name, content, taken in EDGE_FILES:
        page.evaluate("document.getElementById('wb-assessment-status').textContent = '';"
                      "document.getElementById('wb-assessment-alert').textContent = ''")
        page.set_input_files("#wb-assessment-import", files=[{"name": f"{name}.json", "mimeType": "application/json",
                                                              "buffer": content}])
        if taken:
            expect(status, name).to_have_text("Imported 1 ratings.")
            assert page.is_checked("#wb-a-language-agency-3"), name
        else:
            expect(alert, name).to_contain_text("Your ratings have not changed")
    assert page.errors == []
