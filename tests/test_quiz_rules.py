"""The check's quiz rules: answer patterns, objectives and scenario labels, with file:line per finding,
on small bad examples and on the real course."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from test_checks import BANK, MODULE, course_with
from wellbeing_course import patterns
from wellbeing_course.checks import BANK_RULES
from wellbeing_course.course import load_course

GUESSABLE = (Path(__file__).parent / "fixtures" / "guessable-bank.yml").read_text()


@pytest.fixture(autouse=True)
def in_course_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_answer_pattern_refuses_a_guessable_bank(tmp_path):
    """A bank whose key is always first and longest, all but the last, and always False fails,
    each strategy named with the file and the line of a question it wins."""
    problems = course_with(tmp_path, bank=GUESSABLE)
    found = [p for p in problems if "[answer-pattern]" in p]

    for strategy in ("always the first option", "always the longest option", "all but the last option", "always False"):
        assert any(f"'{strategy}'" in p and "in this bank" in p for p in found), (strategy, found)
    assert any("over the whole course" in p for p in found), found
    assert all(re.match(r"quizzes/demo\.yml:\d+:1: \[answer-pattern\]", p) for p in found), found
    assert not [p for p in problems if "[answer-pattern]" not in p], problems  # nothing else is wrong with it


def test_answer_pattern_passes_a_balanced_bank(tmp_path):
    """The same questions with their keys moved pass (the fixture's other rules stay green)."""
    assert course_with(tmp_path) == []


def test_the_course_cannot_be_passed_without_reading():
    """Over the whole course, no strategy beats chance by more than 15 points, nor in any bank by
    more than the bank margin; the best no-reading plan stays within 15 points of chance."""
    course = load_course(ROOT)
    everything = [q for b in course.banks.values() for q in b.questions]
    for score in patterns.scores(everything):
        assert score.margin <= patterns.COURSE_MARGIN, score.describe()
    right, scored, by_chance = patterns.best_blind(everything)
    assert 100 * (right - by_chance) / scored <= patterns.COURSE_MARGIN, (right, scored, by_chance)
    for bank in course.banks.values():
        for score in patterns.scores(bank.questions):
            if len(score.questions) >= patterns.MIN_APPLIES:
                assert score.margin <= patterns.BANK_MARGIN, (bank.slug, score.describe())


@pytest.mark.parametrize("change, expected", [
    (("objectives: [explain]\n    scenario: A nurse", "objectives: [nope]\n    scenario: A nurse"),
     "quizzes/demo.yml:3:1: [objectives] question 'demo-0' names the objective 'nope', which modules/demo.md does not have"),
    (("    objectives: [explain]\n    scenario: A nurse asks first.\n    prompt: Question 1?",
      "    scenario: A nurse asks first.\n    prompt: Question 1?"),
     "quizzes/demo.yml:15:1: [objectives] question 'demo-1' names no objective"),
])
def test_objectives_rule_on_questions(tmp_path, change, expected):
    """A question must name an objective, and only one its module has."""
    old, new = change
    assert old in BANK
    problems = course_with(tmp_path, bank=BANK.replace(old, new, 1))
    assert any(p.startswith(expected) for p in problems), problems


def test_objectives_rule_on_modules(tmp_path):
    """An objective no scored question checks fails at its own line in the module; so does a module
    with no objectives in its front matter."""
    module = MODULE.replace("      text: explain.\n", "      text: explain.\n    - id: compare\n      text: compare.\n", 1)
    problems = course_with(tmp_path, module=module)
    assert "modules/demo.md:10:1: [objectives] no scored question in quizzes/demo.yml checks the objective 'compare'" in problems

    bare = MODULE.replace("  objectives:\n    - id: explain\n      text: explain.\n", "", 1)
    problems = course_with(tmp_path / "bare" if (tmp_path / "bare").mkdir() is None else tmp_path, module=bare)
    assert any("[objectives] the front matter needs course: objectives:" in p for p in problems), problems


def test_scenario_label_rule(tmp_path):
    """The page writes "Composite example."; a scenario must not say it again."""
    problems = course_with(tmp_path, bank=BANK.replace("scenario: A nurse asks first.", "scenario: 'Composite example: a nurse asks.'", 1))
    assert "quizzes/demo.yml:3:1: [scenario-label] question 'demo-0': the scenario starts with \"Composite example\"" in "\n".join(problems)


def test_every_objective_of_the_course_is_checked():
    """Each module's objectives have ids, each is checked by a scored question, and every id a
    question names exists: what the check's objectives rule enforces, on the real course."""
    course = load_course(ROOT)
    for module in course.modules:
        ids = [o.id for o in module.objectives]
        assert len(ids) >= 4 and len(set(ids)) == len(ids), module.slug
        questions = course.banks[module.slug].questions
        checked = {oid for q in questions if q.scored for oid in q.objectives}
        assert set(ids) <= checked, (module.slug, set(ids) - checked)
        assert {oid for q in questions for oid in q.objectives} <= set(ids), module.slug


def test_every_bank_rule_is_documented():
    """Authors can look each rule up by name in the authoring guide."""
    guide = (ROOT / "docs" / "AUTHORING.md").read_text()
    for name, _says, _rule in BANK_RULES:
        assert f"`{name}`" in guide, name


def test_no_repeated_words_in_the_banks():
    """No scenario repeats the label, no prompt repeats the hint, no feedback points "below", and no
    "None/All of the above"."""
    course = load_course(ROOT)
    for bank in course.banks.values():
        for q in bank.questions:
            assert not re.match(r"\W*(a\s+)?composite example", q.scenario, re.I), q.id
            assert "select all that apply" not in q.prompt.lower(), q.id
            assert "no single right answer" not in (q.prompt + q.explanation).lower(), q.id
            for o in q.options:
                assert "below" not in o.feedback.lower(), q.id
                assert "of the above" not in o.text.lower(), q.id


def test_answer_key_shows_the_objective_each_question_checks():
    """The facilitator's answer key names, under each scored question, the objective it checks,
    in the module's own words."""
    from wellbeing_course.agendas import esc
    from wellbeing_course.guide.book import pages as guide_pages
    course = load_course(ROOT)
    pages = guide_pages(course)
    for module in course.modules:
        text = pages[f"answers-{module.slug}.md"]
        words = {o.id: o.text for o in module.objectives}
        for section, q in zip(text.split("## Question ")[1:], course.banks[module.slug].questions):
            for oid in q.objectives:
                assert "Checks the objective" in section and esc(words[oid].rstrip(";,. ")) in section, q.id
