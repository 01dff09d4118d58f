"""Each named rule of the course check fires on a small bad example, with file and line."""

from __future__ import annotations

import pytest

from wellbeing_course.checks import RULES, check_course

BANK = "module: demo\nquestions:\n" + "".join(f"""\
  - id: demo-{n}
    type: {'reflective' if n == 0 else 'single'}
    {'scenario: A composite example.' if n < 2 else ''}
    prompt: Question {n}?
    options:
      - text: Yes.
        {'' if n == 0 else 'correct: true'}
        feedback: Because the module says so.
      - text: No.
        feedback: Because the module says otherwise.
""" for n in range(6))

MODULE = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
course:
  minutes:
    reading: 15
    activities: 15
---

# Demo module

## Questions this module answers

- Why?

## Learning objectives

- Explain.

```{admonition} Content note
:class: content-note
This module discusses violence.
```

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
    ("skeleton", ("## Key points", "## Takeaways"), "modules/demo.md:1: [skeleton] the section '## Key points' is missing"),
    ("skeleton", ("## Learning objectives\n\n- Explain.\n", ""), "[skeleton] the section '## Learning objectives' is missing"),
    ("content-note", ("```{admonition} Content note", "```{admonition} Note"), "modules/demo.md:27: [content-note] there is no content note"),
    ("minutes", ("reading: 15", "reading: 45"), "modules/demo.md:1: [minutes] the module takes 60 minutes"),
    ("reflections", ('reflection("demo-three", "Who decides in your program?")\n', ""), "[reflections] the module has 2 reflection prompt(s)"),
    ("heading-levels", ("## What happens", "#### What happens"), "modules/demo.md:27: [heading-levels] the heading 'What happens' skips a level"),
    ("ids-exist", ('quiz("demo")', 'quiz("demo", "demo-99")'), "modules/demo.md:40: [ids-exist] question 'demo-99' is used here but is not in"),
    ("links-and-images", ("[the glossary](glossary.md)", "[click here](glossary.md)"), "modules/demo.md:29: [links-and-images] the link text 'click here' does not say where it goes"),
    ("links-and-images", ("Plain words,", "![](map.png) Plain words,"), "modules/demo.md:29: [links-and-images] the image 'map.png' has no alt text"),
    ("language", ("Plain words,", "Prostituted women,"), "modules/demo.md:29: [language] 'Prostituted' erases agency"),
    ("notebook-front-matter", ("    extension: .md\n", ""), "modules/demo.md:2: [notebook-front-matter] this page has code cells but jupytext would not read it as a MyST notebook"),
])
def test_rule_fires(tmp_path, rule, change, expected):
    """Each rule names itself, the file and the line, in words an author understands."""
    old, new = change
    assert old in MODULE

    problems = course_with(tmp_path, MODULE.replace(old, new, 1))
    assert any(expected in p for p in problems), problems
    assert all(f"[{rule}]" in p for p in problems if "modules/demo.md" in p and expected in p)


def test_language_rule_allows_quotation(tmp_path):
    """An avoided term is fine inside quotation marks, where the course names or quotes it."""
    problems = course_with(tmp_path, MODULE.replace("Plain words,", 'We avoid the word "prostituted",'))

    assert problems == []


def test_quiz_shape_needs_scenarios_and_reflective(tmp_path):
    """A module's bank needs two composite scenarios and one reflective question."""
    bank = BANK.replace("scenario: A composite example.", "").replace("type: reflective", "type: single")
    bank = bank.replace("      - text: Yes.\n        \n", "      - text: Yes.\n        correct: true\n")

    problems = course_with(tmp_path, bank=bank)
    assert any("[quiz-shape]" in p and "composite 'scenario'" in p for p in problems)
    assert any("[quiz-shape]" in p and "reflective" in p for p in problems)


def test_every_rule_is_tested():
    """The table of rules and the tests above stay in step."""
    tested = {"skeleton", "content-note", "minutes", "reflections", "heading-levels", "ids-exist",
              "links-and-images", "language", "quiz-shape", "notebook-front-matter"}

    assert {rule.name for rule in RULES} == tested
