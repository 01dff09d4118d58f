"""A module is read as MyST reads it (the build's own parser), not line by line: what the check and
the session plans see is what the page shows."""

from __future__ import annotations

from conftest import ROOT
from wellbeing_course.checks import run_rules
from wellbeing_course.course import load_course
from wellbeing_course.modules import parse_module

FRONT = (ROOT / "modules" / "trust.md").read_text(encoding="utf-8").split("\n# ", 1)[0]


def _module(tmp_path, body: str):
    path = tmp_path / "trust.md"
    path.write_text(FRONT + "\n" + body, encoding="utf-8")
    return parse_module(path)


def test_a_comment_in_a_code_cell_is_not_a_heading(tmp_path):
    """A '# ...' comment in a code cell under "Key points" used to end the section there, so the
    handout and the session plan lost every point after the cell."""
    module = _module(tmp_path, "# Title\n\n## Key points\n\n- First point.\n\n```{code-cell} ipython3\n"
                               "# a comment, not a heading\nreflection(\"trust-note\", \"What stays with you?\")\n```\n\n"
                               "- Second point.\n\n## Sources\n\n- A source.\n")
    assert [(level, text) for level, text, _ in module.headings] == [(1, "Title"), (2, "Key points"), (2, "Sources")]
    assert module.bullets("Key points") == ["First point.", "Second point."]
    assert [(r.id, r.prompt) for r in module.reflections] == [("trust-note", "What stays with you?")]


def test_a_colon_fenced_content_note_counts(tmp_path):
    """The books turn on MyST's colon fences, so ':::{admonition} Content note' is a content note
    on the page; the check used to say there was none."""
    module = _module(tmp_path, "# Title\n\n:::{admonition} Content note\n:class: content-note\nThis module "
                               "discusses violence.\n:::\n\n## Questions this module answers\n\n- One.\n")
    assert ("admonition", "Content note", module.headings[0][2] + 2) in module.directives
    course = load_course(ROOT)
    assert not [p for p in run_rules(module, course, {"module"}) if "[content-note]" in p.message]


def test_a_heading_inside_a_directive_is_not_a_section_of_the_page(tmp_path):
    """Inside an admonition, '## ...' is the admonition's text (MyST does not make it a section)."""
    module = _module(tmp_path, "# Title\n\n```{admonition} Tip\n## Not a section\n```\n\n## Key points\n\n- One.\n")
    assert [text for _, text, _ in module.headings] == ["Title", "Key points"]
