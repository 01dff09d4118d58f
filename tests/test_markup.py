"""No text from a source or a learner becomes markup: ids, prompts, options, titles and feedback
written with quotes, angle brackets or event handlers show as the text they are.

The HTML is parsed (Python's HTML parser, through Beautiful Soup), and the tests read elements,
attributes and text as a browser would see them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import UndefinedError

from conftest import ROOT
from wellbeing_course.course import load_course
from wellbeing_course.html import journal_html, objectives_html, progress_html, question_html, quiz_html, reflection_html
from wellbeing_course.modules import Objective
from wellbeing_course.quizbank import Bank, Option, Question
from wellbeing_course.render import render
from wellbeing_course.sphinx import _mark_modules
from wellbeing_course.words import word

# An id or a text that would close its attribute (either quote), open an element, or end a script.
QUOTED_ID = "evil\" onmouseover=\"alert(1)"
SINGLE_QUOTED_ID = "evil' onmouseover='alert(2)"
TEXTS = ["<script>alert(3)</script>", "' onmouseover='alert(4)", "\" onfocus=\"alert(5)", "</script><!--", "a & b &amp; c"]


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def handlers(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """Every event-handler attribute in the markup: there must be none."""
    return [(tag.name, name) for tag in soup.find_all(True) for name in tag.attrs if name.lower().startswith("on")]


def scripts_that_run(soup: BeautifulSoup) -> list:
    return [s for s in soup.find_all("script") if s.get("type") != "application/json"]


@pytest.mark.parametrize("reflection_id", [QUOTED_ID, SINGLE_QUOTED_ID])
def test_a_reflection_id_with_a_quote_stays_inside_its_attributes(reflection_id):
    """The reflection's id names the text box, its label and its status line; a quote in it closes
    no attribute, so it adds no event handler to the page."""
    soup = parse(reflection_html(reflection_id, TEXTS[0], "a-module"))
    box = soup.find("textarea")

    assert handlers(soup) == []
    assert soup.find(class_="wb-reflection")["data-reflection"] == reflection_id
    assert box["id"] == f"wb-r-{reflection_id}"
    assert box["aria-describedby"] == f"wb-r-{reflection_id}-status"
    assert soup.find("label")["for"] == box["id"]
    assert soup.find(role="status")["id"] == f"wb-r-{reflection_id}-status"


@pytest.mark.parametrize("prompt", TEXTS)
def test_a_reflection_prompt_shows_as_text(prompt):
    soup = parse(reflection_html("plain", prompt, "a-module"))

    assert soup.find("label").get_text() == f"{word('reflection.tag')} {prompt}"
    assert handlers(soup) == [] and scripts_that_run(soup) == []


def evil_question(question_id: str) -> Question:
    return Question(id=question_id, type="single", prompt=TEXTS[0], scenario=TEXTS[1], explanation=TEXTS[3],
                    options=(Option(TEXTS[2], True, TEXTS[3]), Option(TEXTS[4], False, TEXTS[0])))


@pytest.mark.parametrize("question_id", [QUOTED_ID, SINGLE_QUOTED_ID])
def test_a_question_shows_its_texts_as_text_and_keeps_its_id_in_its_attributes(question_id):
    """Prompt, scenario and options with markup show those characters; the question's id, with a
    quote in it, names each element without adding an attribute; the data the script reads are the
    bank's own texts."""
    question = evil_question(question_id)
    soup = parse(quiz_html(Bank("a-module", "quizzes/a-module.yml", (question,))))
    base = f"wb-q-{question_id}"
    block = soup.find(class_="wb-question")
    inputs = block.find_all("input")

    assert handlers(soup) == [] and scripts_that_run(soup) == []
    assert block["id"] == base and block["data-question"] == question_id
    assert block.find("fieldset")["aria-describedby"] == f"{base}-scenario {base}-hint"
    assert block.find(class_="wb-scenario").get_text() == f"{word('quiz.scenario_label')} {TEXTS[1]}"
    assert block.find("legend").get_text() == f"{word('quiz.question_number', number=1, count=1)} {TEXTS[0]}"
    assert [i["name"] for i in inputs] == [base, base]
    assert [i["id"] for i in inputs] == [f"{base}-0", f"{base}-1"]
    assert [label["for"] for label in block.find_all("label")] == [f"{base}-0", f"{base}-1"]
    assert [label.get_text() for label in block.find_all("label")] == [TEXTS[2], TEXTS[4]]
    assert block.find(class_="wb-feedback")["id"] == f"{base}-feedback"
    data = json.loads(block.find("script", class_="wb-data").string)
    assert data["explanation"] == TEXTS[3]
    assert [o["feedback"] for o in data["options"]] == [TEXTS[3], TEXTS[0]]


def test_the_question_data_cannot_end_its_script_element():
    """Feedback that reads "</script>" stays inside the JSON the script reads."""
    html = question_html(evil_question("plain"), "a-module", 1, 1)

    assert "</script><" not in html.split('class="wb-data">', 1)[1].rsplit("</script>", 1)[0]


def test_objectives_show_as_text():
    soup = parse(objectives_html([Objective(QUOTED_ID, TEXTS[0]), Objective("plain", TEXTS[1])]))

    assert [li["id"] for li in soup.find_all("li")] == [f"objective-{QUOTED_ID}", "objective-plain"]
    assert [li.get_text() for li in soup.find_all("li")] == TEXTS[:2]
    assert handlers(soup) == [] and scripts_that_run(soup) == []


@pytest.fixture
def evil_course():
    """The course, with a module title that is full of markup."""
    course = load_course(ROOT)
    course.modules[1].title = TEXTS[0] + TEXTS[1]
    return course


def test_the_journal_shows_module_titles_as_text(evil_course):
    soup = parse(journal_html(evil_course))

    assert TEXTS[0] + TEXTS[1] in [h.get_text() for h in soup.find_all("h2")]
    assert handlers(soup) == [] and scripts_that_run(soup) == []


def test_the_progress_list_shows_module_titles_as_text(evil_course):
    soup = parse(progress_html(evil_course, base="../"))
    link = soup.find_all(class_="wb-progress-item")[1].find("a")

    assert link.get_text() == TEXTS[0] + TEXTS[1]
    assert link["href"] == "../" + evil_course.page_url(evil_course.modules[1])
    assert handlers(soup) == [] and scripts_that_run(soup) == []


def test_the_way_on_to_the_next_module_shows_its_title_as_text():
    """The end of a module names the next one; its title comes from that module's heading."""
    soup = parse(render("wb-up-next.html", next={"number": 2, "title": TEXTS[0], "href": TEXTS[2]}, journal=""))
    link = soup.find("a")

    assert link.get_text() == f"{word('place.module_number', number=2)}: {TEXTS[0]}"
    assert link["href"] == TEXTS[2]
    assert handlers(soup) == [] and scripts_that_run(soup) == []


def test_the_sidebar_keeps_question_ids_inside_their_attributes():
    """The sidebar's module links carry their questions' ids for the "completed" marks."""
    theme = '<li><a class="reference internal" href="modules/a.html">A &lt;b&gt; title</a></li>'
    soup = parse(str(_mark_modules(theme, {"modules/a.html": (2, [QUOTED_ID, "two"], [SINGLE_QUOTED_ID])})))
    link = soup.find("a")

    assert handlers(soup) == []
    assert link["data-wb-questions"] == f"{QUOTED_ID} two"
    assert link["data-wb-open-questions"] == SINGLE_QUOTED_ID
    assert link["class"] == ["reference", "internal", "wb-module-link"]
    assert link.get_text() == f"{word('place.module_number', number=2)}: A <b> title"


def test_a_template_that_names_something_undefined_fails_instead_of_showing_nothing():
    with pytest.raises(UndefinedError):
        render("wb-reflection.html", reflection_id="plain", module="a-module")


AUTHOR_PAGE = """\
# A page by an author

```{raw} html
<p class="author-thebe">Thebe, kernelName and sphinx-thebe are only words here.</p>
```

<div class="author-html">An HTML block that says thebe.</div>
"""


@pytest.mark.slow  # builds a small book with Jupyter Book
def test_an_authors_raw_html_that_mentions_thebe_stays_on_the_page(tmp_path):
    """A book built with the course's configuration keeps an author's raw HTML, whatever it says,
    and neither loads nor ships anything from thebe, copy buttons, toggle buttons or sphinx-design."""
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    (tmp_path / "page.md").write_text(AUTHOR_PAGE)
    (tmp_path / "quizzes").mkdir()  # what makes the folder a course for our extension
    run = subprocess.run([str(Path(ROOT, ".venv/bin/jupyter-book")), "build", str(tmp_path), "-W", "-n", "--keep-going"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    soup = parse((tmp_path / "_build" / "html" / "page.html").read_text(encoding="utf-8"))

    assert soup.find(class_="author-thebe").get_text() == "Thebe, kernelName and sphinx-thebe are only words here."
    assert soup.find(class_="author-html").get_text() == "An HTML block that says thebe."
    assets = [tag.get("src") or tag.get("href") for tag in soup.find_all(["script", "link"]) if tag.get("src") or tag.get("href")]
    for unwanted in ("thebe", "copybutton", "clipboard", "togglebutton", "design"):
        assert not [a for a in assets if unwanted in a.lower()], unwanted
    inline = " ".join(s.get_text() for s in soup.find_all("script") if not s.get("src"))
    assert "THEBE_JS_URL" not in inline and "togglebuttonSelector" not in inline
    # nor does the built book carry their files (the offline zip and the SCORM package take them all)
    shipped = [p.name for p in (tmp_path / "_build" / "html" / "_static").rglob("*")]
    assert not [n for n in shipped if any(u in n.lower() for u in ("thebe", "copybutton", "clipboard", "togglebutton", "design"))]
