"""The facilitator guide's generated pages: answer keys, agendas, session plans, handouts.

These run after `make book` (as `make test` does): they read facilitator/generated/ and both
books' _build/html/.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from wellbeing_course.agendas import esc, load_formats
from wellbeing_course.guide import links
from wellbeing_course.guide.answer_keys import answer_key, answer_slugs, answers_page
from wellbeing_course.guide.book import generate, pages
from wellbeing_course.guide.myst import unescape
from wellbeing_course.guide.sessions import session_page
from wellbeing_course.checks import run_rules
from wellbeing_course.errors import CourseError
from wellbeing_course.course import load_course
from wellbeing_course.modules import parse_module
from wellbeing_course.quizbank import Option, Question

pytestmark = pytest.mark.slow  # reads facilitator/generated/ and the books that make book builds

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "facilitator" / "generated"
GUIDE_HTML = ROOT / "facilitator" / "_build" / "html"
LEARNER_HTML = ROOT / "_build" / "html"
EXTERNAL_LINK = re.compile(r"\]\(([^)\s]+)\)\{\.external\}")


def flat(text: str) -> str:
    return " ".join(unescape(text).split())


def generated(name: str) -> str:
    return (GENERATED / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


def quiz_files():
    """Every question in quizzes/, read with plain YAML, not with the code that writes the keys."""
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for question in data["questions"]:
            yield path.stem, question


def test_every_quiz_question_is_in_an_answer_key():
    """Every question of every file in quizzes/ is in the generated answer key of its bank, with its
    prompt, its scenario, every option and every option's feedback; and the built guide has its anchor."""
    count = 0
    for slug, q in quiz_files():
        key = flat(generated(f"answers-{slug}.md"))
        assert f"(generated-answer-{q['id']})=" in key, f"{q['id']} is missing from answers-{slug}.md"
        assert " ".join(q["prompt"].split()) in key, q["id"]
        if q.get("scenario"):
            assert " ".join(q["scenario"].split()) in key, q["id"]
        for option in q["options"]:
            verdict = "" if q["type"] == "reflective" else ("Correct: " if option.get("correct") else "Not correct: ")
            assert verdict + " ".join(option["text"].split()) in key, (q["id"], option["text"])
            assert " ".join(option["feedback"].split()) in key, (q["id"], option["feedback"])
        html = (GUIDE_HTML / "generated" / f"answers-{slug}.html").read_text(encoding="utf-8")
        assert f'id="generated-answer-{q["id"]}"' in html, q["id"]
        count += 1
    assert count >= 36


def test_answer_keys_give_the_correct_options_and_reflective_commentary():
    """A key names exactly the options marked correct; a reflective question gets commentary on each
    option and no 'Correct' verdict."""
    for slug, q in quiz_files():
        key = flat(generated(f"answers-{slug}.md"))
        section = key.split(f"(generated-answer-{q['id']})=", 1)[1].split("(generated-answer-", 1)[0]
        if q["type"] == "reflective":
            assert "There is no single right answer" in section
            assert section.count("Commentary: ") == len(q["options"])
            assert "Correct" not in section
        else:
            correct = [o for o in q["options"] if o.get("correct")]
            assert section.count("Correct: ") == len(correct), q["id"]
            assert section.count("Reasoning: ") == len(q["options"]), q["id"]


def test_a_quiz_change_changes_the_key(course):
    """The key is made from the bank itself: a new question in a bank appears in its key."""
    bank = course.banks["trust"]
    extra = Question(id="trust-added-for-test", type="single", prompt="A question added by the test?",
                     options=(Option("Yes", True, "Because the test added it."), Option("No", False, "It did.")))
    changed = dataclasses.replace(bank, questions=bank.questions + (extra,))
    page = answers_page(course, changed, "../_build/html")

    assert "(generated-answer-trust-added-for-test)=" in page
    assert "A question added by the test?" in page


def test_agenda_totals_equal_the_sum_of_their_rows(course):
    """Every agenda's total equals the sum of its rows, each row starts when the one before ends, and no
    agenda runs over its format's budget; the same holds in the tables on the generated page."""
    formats = load_formats(course)
    assert {f.slug for f in formats} == {"briefing", "half-day", "full-day", "weekly"}
    for fmt in formats:
        for agenda in fmt.agendas:
            assert agenda.total == sum(r.minutes for r in agenda.rows)
            at = agenda.start
            for row in agenda.rows:
                assert row.start == at
                at += row.minutes
            assert agenda.end == at
            if agenda.budget:
                assert agenda.total <= agenda.budget
    tables = 0
    for block in generated("formats.md").split("| Start | End | Minutes | What happens |")[1:]:
        rows = [line for line in block.splitlines()[2:] if line.startswith("|")]
        body, total = rows[:-1], rows[-1]
        minutes = [int(r.split("|")[3]) for r in body]
        assert int(total.split("|")[3].strip(" *")) == sum(minutes)
        tables += 1
    assert tables == sum(len(f.agendas) for f in formats)


def test_agenda_minutes_come_from_the_modules(course):
    """Each module row takes its minutes from the module's own front matter, never from the format,
    and gives them a slot of whole five-minute steps with less than one step to spare."""
    for fmt in load_formats(course):
        for agenda in fmt.agendas:
            modules = {}
            for row in agenda.rows:
                if row.module:
                    modules.setdefault(row.module, []).append(row)
            for slug, rows in modules.items():
                module = course.module(slug)
                parts = [module.minutes["reading"], module.minutes["activities"], module.facilitator["activity"]["minutes"]]
                own = [r.own for r in rows]
                assert own == parts or own == [sum(parts)] or own == [sum(parts[:2])], (fmt.slug, slug, own)
                slot = sum(r.minutes for r in rows)
                assert 0 <= slot - sum(own) < 5, (fmt.slug, slug)
    briefing = next(f for f in load_formats(course) if f.slug == "briefing")
    rows = [r for r in briefing.agendas[0].rows if r.module]
    assert [r.own for r in rows] == [sum(course.module(s).minutes.values()) for s in ("worker-safety", "trust", "practice")]


def test_agendas_are_usable_as_printed(course):
    """Every clock time is on a five-minute step, and each format has arrival and welcome, ground rules,
    breaks in any session over 90 minutes, a closing round and the evaluation, in that order."""
    for fmt in load_formats(course):
        labels = []
        for agenda in fmt.agendas:
            assert agenda.start % 5 == 0
            for row in agenda.rows:
                assert row.start % 5 == 0 and row.minutes % 5 == 0 and row.minutes > 0, (fmt.slug, row)
            labels += [flat(re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", r.what)) for r in agenda.rows]
            if agenda.total > 90:
                assert any(r.kind == "break" for r in agenda.rows), fmt.slug
        order = [next((i for i, label in enumerate(labels) if re.search(pattern, label, re.I)), None)
                 for pattern in ("arrival and welcome", "ground rules", "closing", "evaluation")]
        assert None not in order, (fmt.slug, labels)
        assert order == sorted(order), (fmt.slug, labels)
    table = generated("formats.md")
    assert not re.search(r"\| \d\d:\d[1-46-9] \|", table)


def test_a_start_time_off_the_step_is_an_error(course, tmp_path):
    """A start time that is not on a five-minute step is refused with a message naming the file."""
    formats = tmp_path / "formats.yml"
    formats.write_text((ROOT / "facilitator" / "formats.yml").read_text(encoding="utf-8").replace('"09:00"', '"09:37"', 1),
                       encoding="utf-8")
    with pytest.raises(CourseError) as err:
        load_formats(course, formats)

    assert re.search(r"formats\.yml:\d+:\d+: format 'briefing': start '09:37'", str(err.value)), str(err.value)


def test_one_page_keys_come_from_the_banks(course):
    """Each answer key opens with the whole quiz on one page: every question with the options marked
    correct and one line of reasoning; an objective column as soon as the quiz names objectives."""
    for slug in answer_slugs(course):
        bank = course.banks[slug]
        rows = answer_key(course, bank)
        page = flat(generated(f"answers-{slug}.md")).split("## Every question", 1)[0]
        assert [r.question for r in rows] == [q.prompt for q in bank.questions]
        for row, q in zip(rows, bank.questions):
            assert flat(esc(row.question)) in page
            if q.type != "reflective":
                assert all(" ".join(o.text.split()).rstrip(".") in row.answer for o in q.correct_options)
            assert 20 <= len(row.why) <= 161 and "\n" not in row.why, row
        named = any(getattr(q, "objectives", ()) for q in bank.questions)
        assert ("Objective it checks" in page) == named, slug


def test_no_maintainer_detail_where_facilitators_prepare(course):
    """Files to edit, question ids and commands are only in the appendix "Maintaining this guide"."""
    ids = [q.id for bank in course.banks.values() for q in bank.questions]
    pages = [p for p in GUIDE_HTML.rglob("*.html") if "_static" not in p.parts and p.name not in ("search.html", "genindex.html")]
    assert len(pages) >= 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        main = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
        if page.name == "maintaining.html":
            assert "formats.yml" in main and ids[0] in main
            continue
        for detail in ("formats.yml", "forms.yml", "python -m", "quizzes/", "Question id"):
            assert detail not in main, (page.name, detail)
        assert not [i for i in ids if re.search(rf"\b{re.escape(i)}\b", main)], page.name


def test_paper_forms_have_every_item_of_the_definition():
    """The paper forms page has each form's statements with a box for each point of the scale, and
    space to write each free-text answer."""
    from wellbeing_course.evaluation import FORMS

    page = generated("forms.md")
    for form in FORMS.values():
        assert f"## {form.title}" in page
        for item in form.ratings:
            # A box and its number never part: a no-break space between them.
            assert f"| {esc(item.text)} | ☐\u00a01 | ☐\u00a02 | ☐\u00a03 | ☐\u00a04 | ☐\u00a05 |" in page, item.column
        for item in form.texts:
            assert f"**{esc(item.text)}**" in page, item.column
    assert page.count("```{container} wb-form-write") == sum(1 + len(f.texts) for f in FORMS.values())


def test_session_plans_link_to_learner_pages_that_exist(course):
    """Every link from the guide into the learner book (session plans, answer keys) points at a page
    that `make book` built in _build/html, both in the generated Markdown and in the built HTML."""
    checked = 0
    for page in sorted(GENERATED.glob("*.md")):
        for url in EXTERNAL_LINK.findall(page.read_text(encoding="utf-8")):
            target = (GUIDE_HTML / "generated" / url).resolve()
            assert target.is_file(), f"{page.name} links to {url}, which does not exist"
            assert LEARNER_HTML.resolve() in target.parents
            checked += 1
    for module in course.modules:
        html = (GUIDE_HTML / "generated" / f"session-{module.slug}.html").read_text(encoding="utf-8")
        hrefs = [h for h in re.findall(r'href="([^"#]+)"', html) if "_build/html/" in h]
        assert hrefs, module.slug
        for href in hrefs:
            assert (GUIDE_HTML / "generated" / href).resolve().is_file(), href
    assert checked >= len(course.modules) + len(course.banks)


def test_no_guide_page_links_to_a_learner_md_file():
    """Links into the learner book are to its HTML, never relative .md links outside the guide."""
    for page in GENERATED.glob("*.md"):
        for url in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if url.endswith(".md"):
                assert (page.parent / url).resolve().is_relative_to((ROOT / "facilitator").resolve()), url


def test_learner_book_url_is_configurable(course, monkeypatch):
    """By default the link is worked out from where both books are built; WELLBEING_LEARNER_BOOK_URL
    changes the base, relative to the guide's root, or as it is when it starts with '/'."""
    monkeypatch.delenv(links.URL_ENV, raising=False)
    assert links.learner_book_url(ROOT) == "../../../_build/html"
    assert (links.learner_link(ROOT, "modules/trust.html", "generated/session-trust")
            == "../../../../_build/html/modules/trust.html")
    monkeypatch.setenv(links.URL_ENV, "../learner")
    assert links.learner_link(ROOT, "modules/trust.html", "generated/session-trust") == "../../learner/modules/trust.html"
    monkeypatch.setenv(links.URL_ENV, "/course/learner/")
    assert links.learner_link(ROOT, "modules/trust.html", "generated/session-trust") == "/course/learner/modules/trust.html"


def test_session_plans_use_the_modules_own_words(course):
    """Purpose, talking points and discussion prompts are the module's learning objectives, key points
    and reflection prompts exactly as written; opening, activity, scenarios and close are its front matter."""
    for module in course.modules:
        plan = flat(generated(f"session-{module.slug}.md"))
        for text in [o.text for o in module.objectives] + module.bullets("Key points"):
            assert " ".join(text.split()) in plan
        for reflection in module.reflections:
            assert " ".join(reflection.prompt.split()) in plan, reflection.id
        fac = module.facilitator
        for text in [fac["opening"], fac["close"], fac["activity"]["title"],
                     *fac["activity"]["steps"], *fac["activity"]["scenarios"]]:
            assert " ".join(text.split()) in plan
        assert f"{module.total_minutes + fac['activity']['minutes']}" in plan


def test_handouts_have_key_points_and_discussion_questions(course):
    """A handout per module, with every key point and every reflection prompt of the module."""
    for module in course.modules:
        handout = flat(generated(f"handout-{module.slug}.md"))
        for text in module.bullets("Key points") + [r.prompt for r in module.reflections]:
            assert " ".join(text.split()) in handout


def test_generated_pages_pass_the_page_rules(course):
    """Generated pages pass the course's page rules (one '#', no skipped heading level, link text
    that says where it goes), hold no web address and no raw HTML."""
    for page in sorted(GENERATED.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert run_rules(parse_module(page), course, {"page"}) == [], page.name
        assert not re.search(r"https?://|www\.", text), page.name
        assert not re.search(r"(?<!\\)<[a-zA-Z!/]", text), f"{page.name} has raw HTML"


def test_every_generated_page_is_in_the_guides_toc():
    """facilitator/_toc.yml lists exactly the pages the generator writes, so none is silently left out."""
    toc = (ROOT / "facilitator" / "_toc.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"file: generated/([\w-]+)", toc))
    made = {p.stem for p in GENERATED.glob("*.md")}
    assert listed == made
    for name in made:
        assert (GUIDE_HTML / "generated" / f"{name}.html").is_file(), name


def test_the_learner_book_has_no_answer_key():
    """No page of the learner book is an answer key: nothing from facilitator/ is built into it, and no
    page has an answer-key title or anchor."""
    pages = [p for p in LEARNER_HTML.rglob("*.html") if "_static" not in p.parts]
    assert pages
    for page in pages:
        rel = page.relative_to(LEARNER_HTML).as_posix()
        assert "generated" not in rel and "answers-" not in rel and "facilitator" not in rel, rel
        html = page.read_text(encoding="utf-8")
        assert "generated-answer-" not in html, rel
        assert not re.search(r"<title>\s*Answer key", html), rel
        assert not re.search(r"<h1>\s*Answer key", html), rel
    assert not list(LEARNER_HTML.rglob("answer*"))


def test_generate_is_stable(course):
    """Generating again gives the pages the build wrote, and only the pages in the toc (made in
    memory: a test never rewrites the working tree)."""
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in GENERATED.glob("*.md")}
    assert pages(course) == on_disk
    assert pages(course) == on_disk
    assert posixpath.basename("generated/formats.md") in on_disk


def test_generate_writes_where_it_is_told_and_removes_stale_pages(course, tmp_path):
    """generate() writes every page to the folder it is given and removes a page it no longer makes."""
    (tmp_path / "answers-removed-bank.md").write_text("# Gone\n", encoding="utf-8")
    written = generate(ROOT, folder=tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in tmp_path.glob("*.md"))
    assert not (tmp_path / "answers-removed-bank.md").exists()
    assert (tmp_path / "session-trust.md").read_text(encoding="utf-8") == generated("session-trust.md")


def _rendered(markdown: str) -> str:
    """The page as a reader sees it: Markdown rendered to HTML (CommonMark, as MyST reads text)."""
    return MarkdownIt("commonmark").render(markdown)


MARKUP = "A *bold* <b>claim</b> [link](https://example.org) `code` $x$ | cell"


def test_source_text_never_becomes_markup_in_the_guide(course):
    """Text from a module or a quiz that looks like Markdown or HTML reaches the facilitator as the
    same characters: no emphasis, link, HTML element or table cell appears from it."""
    module = dataclasses.replace(course.module("trust"), title=MARKUP, meta={
        **course.module("trust").meta,
        "facilitator": {**course.module("trust").facilitator, "opening": MARKUP, "close": MARKUP}})
    html = _rendered(session_page(course, module, "../_build/html"))
    shown = MARKUP.replace("<", "&lt;").replace(">", "&gt;")
    assert html.count(shown) >= 3  # the title, the link's text, the opening and the close
    assert "<b>" not in html and "<em>bold" not in html and 'href="https://example.org"' not in html

    bank = course.banks["trust"]
    question = dataclasses.replace(bank.questions[0], prompt=MARKUP)
    key = answers_page(course, dataclasses.replace(bank, questions=(question,) + bank.questions[1:]), "../_build/html")
    html = _rendered(key)
    assert shown in html and "<b>" not in html and "<em>bold" not in html


def test_a_question_id_that_is_not_an_id_is_refused_not_written_as_an_anchor(course):
    """A question id with a space or a bracket cannot break the answer key's anchors: the guide names
    it instead of writing it into the page."""
    bank = course.banks["trust"]
    bad = dataclasses.replace(bank.questions[0], id="trust bad)id")
    with pytest.raises(CourseError) as err:
        answers_page(course, dataclasses.replace(bank, questions=(bad,) + bank.questions[1:]), "../_build/html")
    assert "'trust bad)id'" in str(err.value) and "id" in str(err.value)
