"""Each named rule of the course check fires on a small bad example, with file and line."""

from __future__ import annotations

import pytest

from wellbeing_course.checks import RULES, check_course

BANK = "module: demo\nquestions:\n" + "".join(f"""\
  - id: demo-{n}
    type: {'reflective' if n == 0 else 'single'}
    objectives: [explain]
    {'scenario: A nurse asks first.' if n < 2 else ''}
    prompt: Question {n}?
    options:
      - text: Yes.
        {'' if n == 0 or n % 2 else 'correct: true'}
        feedback: Because the module says so.
      - text: No.
        {'correct: true' if n % 2 else ''}
        feedback: Because the module says otherwise.
""" for n in range(6))

MODULE = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
course:
  objectives:
    - id: explain
      text: explain.
  minutes:
    reading: 15
    activities: 15
---

# Demo module

```{admonition} Content note
:class: content-note
This module discusses violence.
```

## Questions this module answers

- Why?

## Learning objectives

- Explain.

## What happens

Plain words, and [the glossary](glossary.md).

```{code-cell} ipython3
reflection("demo-one", "How does your team ask first?")
reflection("demo-two", "What would your organization change?")
reflection("demo-three", "Who decides in your program?")
```

## Check your understanding

```{code-cell} ipython3
quiz("demo")
```

## Key points

- One.

## Sources

- Wellbeing Model, "relationships require trust".
"""


@pytest.fixture(autouse=True)
def in_course_folder(tmp_path, monkeypatch):
    """Messages name files as an author in the course folder types them."""
    monkeypatch.chdir(tmp_path)


def course_with(tmp_path, module: str = MODULE, bank: str = BANK):
    (tmp_path / "modules").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "modules" / "demo.md").write_text(module)
    (tmp_path / "quizzes" / "demo.yml").write_text(bank)
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: modules/demo\n")
    return [str(p) for p in check_course(tmp_path)]


def test_good_module_passes(tmp_path):
    """The example module breaks no rule, so each failure below comes from its one change."""
    assert course_with(tmp_path) == []


@pytest.mark.parametrize("rule, change, expected", [
    ("skeleton", ("## Key points", "## Takeaways"), "modules/demo.md:1:1: [skeleton] the section '## Key points' is missing"),
    ("skeleton", ("## Learning objectives\n\n- Explain.\n", ""), "[skeleton] the section '## Learning objectives' is missing"),
    ("content-note", ("```{admonition} Content note", "```{admonition} Note"), "modules/demo.md:22:1: [content-note] there is no content note"),
    ("minutes", ("reading: 15", "reading: 45"), "modules/demo.md:1:1: [minutes] the module takes 60 minutes"),
    ("reflections", ('reflection("demo-three", "Who decides in your program?")\n', ""), "[reflections] the module has 2 reflection prompt(s)"),
    ("heading-levels", ("## What happens", "#### What happens"), "modules/demo.md:30:1: [heading-levels] the heading 'What happens' skips a level"),
    ("ids-exist", ('quiz("demo")', 'quiz("demo", "demo-99")'), "modules/demo.md:43:1: [ids-exist] question 'demo-99' is used here but is not in"),
    ("links-and-images", ("[the glossary](glossary.md)", "[click here](glossary.md)"), "modules/demo.md:32:1: [links-and-images] the link text 'click here' does not say where it goes"),
    ("links-and-images", ("Plain words,", "![](map.png) Plain words,"), "modules/demo.md:32:1: [links-and-images] the image 'map.png' has no alt text"),
    ("language", ("Plain words,", "Prostituted women,"), "modules/demo.md:32:1: [language] 'Prostituted' erases agency"),
    ("notebook-front-matter", ("    extension: .md\n", ""), "modules/demo.md:2:1: [notebook-front-matter] this page has code cells but jupytext would not read it as a MyST notebook"),
])
def test_rule_fires(tmp_path, rule, change, expected):
    """Each rule names itself, the file and the line, in words an author understands."""
    old, new = change
    assert old in MODULE

    problems = course_with(tmp_path, MODULE.replace(old, new, 1))
    assert any(expected in p for p in problems), problems
    assert all(f"[{rule}]" in p for p in problems if "modules/demo.md" in p and expected in p)


def test_content_note_must_come_before_the_questions(tmp_path):
    """A content note placed below the questions and objectives is reported where it stands."""
    note = MODULE[MODULE.index("```{admonition}"):MODULE.index("## Questions")]
    moved = MODULE.replace(note, "", 1).replace("## What happens", note + "## What happens", 1)

    problems = course_with(tmp_path, moved)
    assert any("[content-note] the content note comes after the first section" in p for p in problems), problems


def test_language_rule_allows_quotation(tmp_path):
    """An avoided term is fine inside quotation marks, where the course names or quotes it."""
    problems = course_with(tmp_path, MODULE.replace("Plain words,", 'We avoid the word "prostituted",'))

    assert problems == []


def test_quiz_shape_needs_scenarios_and_reflective(tmp_path):
    """A module's bank needs two composite scenarios and one reflective question."""
    bank = BANK.replace("scenario: A nurse asks first.", "").replace("type: reflective", "type: single")
    bank = bank.replace("      - text: Yes.\n        \n", "      - text: Yes.\n        correct: true\n", 1)

    problems = course_with(tmp_path, bank=bank)
    assert any("[quiz-shape]" in p and "composite 'scenario'" in p for p in problems)
    assert any("[quiz-shape]" in p and "reflective" in p for p in problems)


def test_every_rule_is_tested():
    """The table of rules and the tests above stay in step."""
    tested = {"skeleton", "content-note", "minutes", "reflections", "heading-levels", "ids-exist",
              "links-and-images", "language", "quiz-shape", "notebook-front-matter"}

    assert {rule.name for rule in RULES} == tested


NOTE = "```{admonition} Content note\n:class: content-note\nThis module discusses violence.\n```"


@pytest.mark.parametrize("rule, inside, expected", [
    ("language", "Prostituted women are named here.", "modules/demo.md:20:1: [language] 'Prostituted' erases agency"),
    ("links-and-images", "See [click here](glossary.md).", "modules/demo.md:20:1: [links-and-images] the link text 'click here' does not say where it goes"),
    ("links-and-images", "![](map.png)", "modules/demo.md:20:1: [links-and-images] the image 'map.png' has no alt text"),
])
def test_rules_see_inside_admonitions(tmp_path, rule, inside, expected):
    """An avoided word, a vague link or an image without alt text inside a content note is caught, on its own line."""
    module = MODULE.replace(NOTE, NOTE.replace("This module discusses violence.", "This module discusses violence.\n" + inside))

    problems = course_with(tmp_path, module)
    assert any(expected in p for p in problems), problems


def test_rules_see_inside_nested_directives(tmp_path):
    """A colon-fenced tip inside the content note is read too, and its line is the tip's own line."""
    nested = NOTE.replace("This module discusses violence.", "This module discusses violence.\n:::{tip}\nA tip: [here](glossary.md).\n:::")
    problems = course_with(tmp_path, MODULE.replace(NOTE, nested))

    assert any("modules/demo.md:21:1: [links-and-images] the link text 'here'" in p for p in problems), problems


def test_rules_skip_code_and_quotations(tmp_path):
    """Code cells, inline code and quotations are not prose: the word there is shown, not used."""
    module = MODULE.replace("Plain words,", 'We avoid `prostituted` and the word "prostituted" in quotation marks,')
    module = module.replace('reflection("demo-three", "Who decides in your program?")',
                            'reflection("demo-three", "Who decides in your program?")\n# prostitution in a comment')

    assert course_with(tmp_path, module) == []


def test_figure_directive_needs_alt(tmp_path):
    """A MyST figure or image directive needs an :alt: option; with one, the module passes."""
    module = MODULE.replace("Plain words,", "```{figure} map.png\nA map of the area.\n```\n\nPlain words,")
    (tmp_path / "without").mkdir()
    (tmp_path / "with").mkdir()

    problems = course_with(tmp_path / "without", module)
    assert any("[links-and-images]" in p and "'map.png' has no alt text" in p for p in problems), problems
    assert course_with(tmp_path / "with", module.replace("map.png\n", "map.png\n:alt: A map of the area\n", 1)) == []
