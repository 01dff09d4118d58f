"""The quiz schema: every mistake an author can make gets file:line:column and plain words."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from wellbeing_course import CourseError
from wellbeing_course.quizbank import load_banks, parse_bank

GOOD = """\
module: trust
questions:
  - id: trust-1
    type: single
    prompt: Which builds trust?
    options:
      - text: Being trustworthy.
        correct: true
        feedback: Trust is earned by being trustworthy.
      - text: A threat.
        feedback: Threats repeat what traffickers do.
"""


def errors_for(text: str, path: str = "quizzes/trust.yml") -> list[str]:
    with pytest.raises(CourseError) as caught:
        parse_bank(textwrap.dedent(text), path)
    return [str(p) for p in caught.value.problems]


def test_good_bank_loads():
    """A correct bank gives its questions, options and feedback."""
    bank = parse_bank(GOOD, "quizzes/trust.yml")

    assert [q.id for q in bank.questions] == ["trust-1"]
    assert bank.questions[0].correct_options[0].text == "Being trustworthy."


def test_no_correct_option_names_file_line_and_question():
    """The issue's own example message, with line and column of the question."""
    text = GOOD.replace("        correct: true\n", "")

    assert errors_for(text) == ["quizzes/trust.yml:3:5: question 'trust-1': no option is marked correct"]


def test_single_choice_with_two_correct_options():
    """A single-choice question may mark only one option correct."""
    text = GOOD.replace("        feedback: Threats", "        correct: true\n        feedback: Threats")

    assert errors_for(text) == ["quizzes/trust.yml:3:5: question 'trust-1': a single choice question has 2 options marked correct; mark one"]


def test_duplicate_ids_in_one_file():
    """A repeated id names the line where it was first used."""
    second = GOOD.split("questions:\n")[1]

    assert "question 'trust-1': the id is already used on line 3" in errors_for(GOOD + second)[0]


def test_duplicate_ids_across_files(tmp_path):
    """An id is unique across the whole course, not just its own file."""
    (tmp_path / "trust.yml").write_text(GOOD)
    (tmp_path / "other.yml").write_text(GOOD.replace("module: trust", "module: other"))

    with pytest.raises(CourseError) as caught:
        load_banks(tmp_path)
    assert "the id is already used in" in str(caught.value)


def test_unknown_key_lists_known_keys():
    """A misspelt key is reported where it is, with the keys that exist."""
    text = GOOD.replace("    prompt:", "    promt:")

    message = errors_for(text)
    assert not any("needs 'prompt:'" in m for m in message), message
    # The message names the question it is in, so an author with many questions need not count.
    assert any(m.startswith("quizzes/trust.yml:5:5: question 'trust-1' has an unknown key 'promt'") for m in message)


def test_question_without_options():
    """A question with no options is an error, not an empty quiz."""
    text = GOOD.split("    options:")[0]

    assert errors_for(text) == ["quizzes/trust.yml:3:5: question 'trust-1': has no options"]


def test_empty_feedback():
    """Feedback must teach: an empty one is an error at its own line."""
    text = GOOD.replace("feedback: Threats repeat what traffickers do.", 'feedback: ""')

    assert errors_for(text) == ["quizzes/trust.yml:11:19: question 'trust-1', option 2: 'feedback' is empty"]


def test_duplicate_key():
    """YAML would silently keep the second value; we report it."""
    text = GOOD.replace("    type: single\n", "    type: single\n    type: multiple\n")

    assert "the key 'type' is already given on line 4" in errors_for(text)[0]


def test_true_false_needs_true_and_false():
    """A true-or-false question has exactly the options True and False."""
    text = GOOD.replace("type: single", "type: true-false")

    assert "exactly two options, 'True' and 'False'" in errors_for(text)[0]


def test_reflective_question_marks_nothing_correct():
    """A reflective question has commentary, not a right answer."""
    text = GOOD.replace("type: single", "type: reflective")

    assert "a reflective question has no right answer" in errors_for(text)[0]


def test_invalid_yaml_points_at_the_line():
    """Broken YAML is reported with its line, as an author error, not a traceback."""
    messages = errors_for("module: trust\nquestions:\n  - id: [unclosed\n")

    assert messages[0].startswith("quizzes/trust.yml:4:1: this is not valid YAML")


def test_page_uses_missing_question_id(tmp_path):
    """An id used by a page but missing from its bank fails the check, with the page's line."""
    from wellbeing_course.checks import check_course
    course = make_course(tmp_path, page_code='quiz("trust", "trust-404")')

    problems = [str(p) for p in check_course(course)]
    assert "book/page.md:9:1: [ids-exist] question 'trust-404' is used here but is not in" in "\n".join(problems)


def make_course(root, page_code: str):
    (root / "quizzes").mkdir()
    (root / "quizzes" / "trust.yml").write_text(GOOD)
    (root / "book").mkdir()
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/page\n")
    (root / "book" / "page.md").write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n# Page\n\n```{code-cell} ipython3\n"
        f"{page_code}\n```\n")
    return root


def test_check_command_exits_nonzero_with_messages(tmp_path):
    """`python -m wellbeing_course check` prints file:line messages and exits 1."""
    make_course(tmp_path, page_code='quiz("trust")')
    (tmp_path / "quizzes" / "trust.yml").write_text(GOOD.replace("        correct: true\n", ""))

    run = subprocess.run([sys.executable, "-m", "wellbeing_course", "check"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "quizzes/trust.yml:3:5: question 'trust-1': no option is marked correct" in run.stderr


def test_the_real_course_passes_the_check():
    """The whole course, as committed, passes every rule."""
    run = subprocess.run([sys.executable, "-m", "wellbeing_course", "check"], cwd=ROOT, capture_output=True, text=True)

    assert run.returncode == 0, run.stderr


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_loader_raises_only_course_error_on_any_text(text):
    """Whatever text a quiz file holds, the loader either loads it or raises CourseError."""
    try:
        parse_bank(text, "quizzes/x.yml")
    except CourseError as err:
        assert err.problems and all(p.path == "quizzes/x.yml" and p.line >= 1 and p.message for p in err.problems)


yaml_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["id", "type", "prompt", "options", "text", "correct",
                                                             "feedback", "module", "questions", "x"]), inner, max_size=5)),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(yaml_like)
def test_loader_raises_only_course_error_on_any_structure(data):
    """Structures close to a real bank, but wrong in any way, also give only CourseError."""
    import yaml
    try:
        parse_bank(yaml.safe_dump({"module": "x", "questions": data}), "quizzes/x.yml")
    except CourseError as err:
        assert err.problems and all(p.path == "quizzes/x.yml" and p.line >= 1 and p.message for p in err.problems)
