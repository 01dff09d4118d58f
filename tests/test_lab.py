"""The modules as notebooks: jupytext reads every notebook source as one, `make lab`'s learner copies
are made from them (hidden, locked calls; Markdown boxes; links between copies), and nbclient runs
every copy without an error."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from wellbeing_course import course
from wellbeing_course.course import toc_files
from wellbeing_course.lab import WIDGET_VIEW, copy_name, learner_notebook, without_widget_views, write_copies
from wellbeing_course.words import word

NOTEBOOK_SOURCES = [name for name in toc_files(ROOT) if "```{code-cell}" in (ROOT / f"{name}.md").read_text()]
MODULES = [name for name in toc_files(ROOT) if name.startswith("modules/")]


@pytest.mark.parametrize("name", NOTEBOOK_SOURCES)
def test_every_notebook_source_opens_as_a_notebook(name):
    """jupytext, as JupyterLab, Notebook 7 and `jupytext --to ipynb` call it (no format given), reads
    the page's code cells as code cells: the quiz and reflection calls run, they are not text."""
    nb = jupytext.read(ROOT / f"{name}.md")
    code = [c for c in nb.cells if c.cell_type == "code"]

    assert len(code) == (ROOT / f"{name}.md").read_text().count("```{code-cell}")
    assert not [c for c in nb.cells if c.cell_type == "raw"]
    assert all("```{code-cell}" not in c.source for c in nb.cells)


def test_the_authoring_template_opens_as_a_notebook():
    """The module skeleton in docs/AUTHORING.md is a notebook too, so new modules start right."""
    text = (ROOT / "docs" / "AUTHORING.md").read_text()
    template = re.search(r"````md\n(.*?)\n````", text, re.S).group(1)
    nb = jupytext.reads(template, fmt="md")  # the extension, not the format: jupytext must find the rest
    assert [c.source.splitlines()[-1] for c in nb.cells if c.cell_type == "code"] == [
        "from wellbeing_course import objectives, quiz, reflection",
        'objectives("trust")',
        "reflection(\"trust-ask-first\", \"A question about practice or the organization, never about the learner's own trauma.\")",
        "quiz(\"trust\")"]


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab")
    before = {p: p.read_bytes() for p in ROOT.glob("modules/*.md")}
    written, kept = write_copies(ROOT, out=folder)
    assert kept == [] and len(written) == len(toc_files(ROOT))
    assert {p: p.read_bytes() for p in ROOT.glob("modules/*.md")} == before  # sources untouched
    return folder


def test_copies_are_numbered_in_course_order(copies):
    names = sorted(p.name for p in copies.glob("*.ipynb"))
    chapters = toc_files(ROOT)[1:]
    assert names[:len(chapters)] == [f"{n:02d}-{Path(c).name}.ipynb" for n, c in enumerate(chapters)]
    assert "welcome.ipynb" in names  # the root page, unnumbered: make lab opens it first


@pytest.mark.parametrize("name", MODULES)
def test_a_module_copy_is_a_course_not_plumbing(copies, name):
    nb = nbformat.read(copies / copy_name(ROOT, name), as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")

    assert any("quiz(" in c.source for c in code) and any("reflection(" in c.source for c in code)
    for cell in code:  # hidden and locked, and the line JupyterLab shows says what the cell is for
        assert cell.metadata["jupyter"]["source_hidden"] is True
        assert cell.metadata["editable"] is False and cell.metadata["deletable"] is False
        assert cell.source.startswith("# ") and cell.source.splitlines()[0][2:] in word_values("lab.cell")
    assert "```{" not in markdown and ":::{" not in markdown  # MyST boxes read as Markdown
    if "{admonition} Content note" in (ROOT / f"{name}.md").read_text():
        assert "> **Content note**" in markdown
    assert "the quick-exit button leaves the page" not in markdown
    assert word("lab.note") in markdown and word("lab.note_run", parts=", ".join(
        word(f"lab.part.{k}") for k in ("objectives", "reflection", "quiz"))) in markdown
    for target in re.findall(r"\]\(([^)#]+\.(?:md|ipynb))", markdown):
        assert target.endswith(".ipynb") and (copies / target).exists(), target
    assert "wellbeing_course" in nb.metadata and "jupytext" not in nb.metadata  # not paired with the source


def word_values(group: str) -> set[str]:
    from wellbeing_course.words import catalog
    node = catalog()
    for part in group.split("."):
        node = node[part]
    return set(node.values())


def test_the_content_note_says_what_is_true_in_jupyter(copies):
    nb = nbformat.read(copies / copy_name(ROOT, "modules/trust"), as_version=4)
    note = next(c.source for c in nb.cells if "**Content note**" in c.source)
    assert word("lab.no_quick_exit") in note


def _course_copy(tmp_path) -> Path:
    """A copy of the course to change sources in."""
    root = tmp_path / "course"
    root.mkdir()
    for part in ("_toc.yml", "modules", "book", "quizzes"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, root / part)
    return root


def test_copies_follow_the_sources_but_never_replace_an_opened_one(tmp_path):
    """A changed source remakes its copy, unless the learner opened that copy; then only when asked."""
    root = _course_copy(tmp_path)
    folder = root / "_build" / "lab"
    write_copies(root)
    trust, survivors = folder / copy_name(root, "modules/trust"), folder / copy_name(root, "modules/survivors")
    assert write_copies(root) == ([], [])  # nothing changed, nothing written

    # The learner opens the trust copy (JupyterLab checkpoints it) and saves work in survivors'.
    (folder / ".ipynb_checkpoints").mkdir()
    shutil.copy(trust, folder / ".ipynb_checkpoints" / trust.name.replace(".ipynb", "-checkpoint.ipynb"))
    opened = nbformat.read(survivors, as_version=4)
    opened.cells.append(nbformat.v4.new_markdown_cell("My own note."))
    nbformat.write(opened, survivors)
    for slug in ("trust", "survivors", "practice"):
        source = root / "modules" / f"{slug}.md"
        source.write_text(source.read_text().replace("## Key points", "## Key points\n\nA new line.", 1))

    written, kept = write_copies(root)
    assert written == [copy_name(root, "modules/practice")]
    assert sorted(kept) == sorted([trust.name, survivors.name])
    assert "My own note." in survivors.read_text() and "A new line." not in trust.read_text()

    written, kept = write_copies(root, refresh=True)
    assert sorted(written) == sorted([trust.name, survivors.name]) and kept == []
    assert "A new line." in trust.read_text()


def test_one_make_lab_reads_the_table_of_contents_once_and_sees_an_edit(tmp_path, monkeypatch):
    """Every copy asks for the course order: _toc.yml is read and checked once per run (it was 72
    times), and an edit to it is still seen by the next run."""
    root = _course_copy(tmp_path)
    read = course.load
    tocs = []
    monkeypatch.setattr(course, "load", lambda path, *a, **k: (tocs.append(Path(path).name), read(path, *a, **k))[1])
    written, _kept = write_copies(root)
    assert len(written) > 1 and tocs.count("_toc.yml") == 1

    # The last chapter leaves the book: the next run reads the new _toc.yml and writes one copy fewer.
    toc = root / "_toc.yml"
    last = toc_files(root)[-1]
    toc.write_text("\n".join(line for line in toc.read_text().splitlines() if not line.rstrip().endswith(last)) + "\n")
    rewritten, _kept = write_copies(root, out=tmp_path / "again")
    assert tocs.count("_toc.yml") == 2 and len(rewritten) == len(written) - 1


def test_a_stray_notebook_next_to_a_module_is_left_out_of_the_book():
    """JupyterLab can leave `modules/<name>.ipynb` next to a source; the book must ignore it, not
    stop on two files for one page."""
    import yaml
    from sphinx.util.matching import Matcher

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    matcher = Matcher(config["exclude_patterns"])
    assert matcher("modules/trust.ipynb") and matcher("book/journal.ipynb")
    assert not matcher("modules/trust.md")


@pytest.fixture(scope="module")
def executed(copies, tmp_path_factory):
    """Every learner copy run by nbclient, as `jupyter nbconvert --execute` runs it, with a journal
    that already holds a learner's words."""
    home = tmp_path_factory.mktemp("home")
    journal = home / "journal.json"
    env = {"WELLBEING_JOURNAL": str(journal), "WELLBEING_COURSE_ROOT": str(ROOT)}
    saved = {k: os.environ.get(k) for k in [*env, "WELLBEING_COURSE_STATIC", "JPY_SESSION_NAME"]}
    os.environ.update(env)
    os.environ.pop("WELLBEING_COURSE_STATIC", None)
    os.environ.pop("JPY_SESSION_NAME", None)
    journal.write_text(json.dumps({"format": "wellbeing-course-journal", "version": 1, "quiz": [],
                                   "reflections": [{"id": "trust-ask-first", "module": "trust", "prompt": "",
                                                    "text": "PRIVATE-WORDS-OF-A-LEARNER", "updated": ""}]}))
    out = {}
    try:
        for path in sorted(copies.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=120, kernel_name="python3",
                           resources={"metadata": {"path": str(copies)}}).execute()
            out[path.name] = nb
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    return out


@pytest.mark.slow  # nbclient runs every notebook
def test_nbclient_runs_every_copy_without_an_error(executed):
    """Every copy runs; every copy of a page with code has code cells (a page read as plain text
    would have none), and every module shows its quiz and its reflection prompts."""
    assert len(executed) == len(toc_files(ROOT))
    for name, nb in executed.items():
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert errors == [], (name, errors)
    for source in NOTEBOOK_SOURCES:
        nb = executed[copy_name(ROOT, source)]
        assert [c for c in nb.cells if c.cell_type == "code"], f"{source}: its copy has no code cell"
    for module in MODULES:
        html = "".join(o.get("data", {}).get("text/html", "") for c in executed[copy_name(ROOT, module)].cells
                       if c.cell_type == "code" for o in c.outputs)
        assert 'class="wb-quiz"' in html and 'class="wb-reflection"' in html, module


@pytest.mark.slow  # nbclient runs every notebook
def test_an_executed_notebook_holds_no_learner_words_and_its_html_shows_the_course(executed, tmp_path):
    """No reflection text in outputs or widget state; nbconvert's HTML shows the quiz and prompts."""
    from nbconvert import HTMLExporter

    from wellbeing_course.course import load_course

    for name, nb in executed.items():
        assert "PRIVATE-WORDS-OF-A-LEARNER" not in nbformat.writes(nb), name
    html, _ = HTMLExporter().from_notebook_node(executed[copy_name(ROOT, "modules/trust")])
    from bs4 import BeautifulSoup

    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    course = load_course(ROOT)
    for q in course.banks["trust"].questions:
        assert q.prompt in text and q.options[0].text in text
    for r in course.module("trust").reflections:
        assert r.prompt in text
    assert "PRIVATE-WORDS-OF-A-LEARNER" not in html


def test_an_organizations_edition_is_in_every_copy(tmp_path):
    """With organization.yml, the copies carry what the book's pages show: the welcome copy the
    edition's name, logo and contacts, the staying-safe copy the contacts (the staff support line among them),
    the resources copy the local partners; as readable Markdown, with no MyST label or role left."""
    root = _course_copy(tmp_path)
    fixture = ROOT / "tests" / "fixtures" / "organization"
    (root / "tests" / "fixtures" / "organization").mkdir(parents=True)
    shutil.copy(fixture / "logo.png", root / "tests" / "fixtures" / "organization" / "logo.png")
    shutil.copy(fixture / "organization.yml", root / "organization.yml")
    folder = root / "_build" / "lab"
    write_copies(root)

    def text(name):
        nb = nbformat.read(folder / copy_name(root, name), as_version=4)
        return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"), nb

    welcome, nb = text("book/welcome")
    assert "**Riverbend Housing Network staff training.**" in welcome
    logo = next(c for c in nb.cells if "attachment:logo.png" in c.source)
    assert "![Riverbend Housing Network logo, a white circle on a teal square](attachment:logo.png)" in logo.source
    assert logo.attachments["logo.png"]["image/png"]
    assert "Who to ask at Riverbend Housing Network" in welcome and "Staff support line" in welcome
    safe, _ = text("book/staying-safe")
    assert "Who to ask at Riverbend Housing Network" in safe and "Staff support line" in safe and "0800 000 0000" in safe
    resources, _ = text("book/resources")
    assert "## Local partners" in resources and "Harbour Street Workers" in resources
    for page in (welcome, safe, resources, text("modules/practice")[0]):
        assert "<!--" not in page and "{ref}" not in page and ")=" not in page and "{image}" not in page


def test_a_saved_copy_says_to_run_all_where_its_widgets_were():
    """JupyterLab keeps no widget state, so a widget view saved as it is would show "Error displaying
    widget: model not found" when the copy is opened again: the server's pre-save hook saves the plain
    words instead (the notebook on the screen keeps its widgets)."""
    view = {"output_type": "display_data", "metadata": {},
            "data": {WIDGET_VIEW: {"model_id": "abc", "version_major": 2}, "text/html": "<div>quiz</div>", "text/plain": "x"}}
    text = {"output_type": "stream", "name": "stdout", "text": "hello"}
    model = {"type": "notebook", "content": {"cells": [{"cell_type": "code", "outputs": [view, text]},
                                                       {"cell_type": "markdown", "source": "# Title"}]}}
    without_widget_views(model, path="04-trust.ipynb")
    outputs = model["content"]["cells"][0]["outputs"]
    assert outputs[0]["data"]["text/plain"] == word("lab.reopened")
    assert WIDGET_VIEW not in outputs[0]["data"] and word("lab.reopened") in outputs[0]["data"]["text/html"]
    assert outputs[1] == text


def test_copies_say_only_what_is_true_in_jupyterlab(copies):
    """A page with nothing to run is not told to Run All; the welcome page's button is a link, not
    MyST's attribute text; a tool is named as JupyterLab names it; each hidden cell says what it is for."""
    def markdown(name):
        nb = nbformat.read(copies / copy_name(ROOT, name), as_version=4)
        return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"), nb

    glossary, _ = markdown("book/glossary")
    assert word("lab.note") in glossary and "Run All" not in glossary and word("lab.note_exit") in glossary
    welcome, _ = markdown("book/welcome")
    assert "{.wb-start}" not in welcome and f"[{word('place.start')}](" in welcome
    journal, _ = markdown("book/journal")
    assert word("journal.delete_all") not in journal and f'"{word("jupyter.delete")}"' in journal
    trust, nb = markdown("modules/trust")
    objectives = next(c for c in nb.cells if c.cell_type == "code" and "objectives(" in c.source)
    assert objectives.source.splitlines()[0] == f"# {word('lab.cell.objectives')}"
