"""Every YAML source is read by one reader: a mistake in any of them is one ``file:line:col``
line from ``check``, never a traceback, and an id is never trusted as markup.

The course is copied into tmp_path and a fault is written into the copy, so no test writes to
the working tree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wellbeing_course.assessment_model import parse_assessment
from wellbeing_course.checks import check_course
from wellbeing_course.errors import CourseError
from wellbeing_course.evaluation import load_forms
from wellbeing_course.modules import parse_module
from wellbeing_course.organization import parse_organization
from wellbeing_course.quizbank import load_bank, parse_bank

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "sources"
LOCATED = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


def copy_course(tmp_path: Path) -> Path:
    """The real course's sources (not its builds) in a folder of their own."""
    course = tmp_path / "course"
    ignore = shutil.ignore_patterns("_build", "generated", ".jupyter_cache", "__pycache__", "*.ipynb")
    course.mkdir()
    for name in ("_toc.yml", "_config.yml"):
        shutil.copy(ROOT / name, course / name)
    for folder in ("modules", "quizzes", "book", "assessment", "facilitator"):
        shutil.copytree(ROOT / folder, course / folder, ignore=ignore)
    (course / "wellbeing_course").mkdir()
    shutil.copy(ROOT / "wellbeing_course" / "words.yml", course / "wellbeing_course" / "words.yml")
    return course


def change(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in the file; the line it is on (1-based)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}: the fixture no longer matches the course"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def run_check(course: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "WELLBEING_COURSE_ROOT"}
    return subprocess.run([sys.executable, "-m", "wellbeing_course", "check"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def course(tmp_path, monkeypatch):
    root = copy_course(tmp_path)
    monkeypatch.chdir(root)  # messages name files as an author in the course folder types them
    return root


def test_the_copied_course_passes(course):
    """The copy is clean, so every problem below comes from the fault written into it."""
    assert [str(p) for p in check_course(course)] == []


def test_one_fault_per_source_kind_is_one_located_line_each(course):
    """An author who makes one mistake in each kind of source gets one file:line:col line for each."""
    faults = {
        "quizzes/trust.yml": change(course / "quizzes" / "trust.yml", "    prompt: >-", "    promt: >-"),
        "modules/trust.md": change(course / "modules" / "trust.md", "    opening: >-", "    openning: >-"),
        "facilitator/formats.yml": change(course / "facilitator" / "formats.yml", "    sessions:", "    sesions:"),
        "assessment/statements.yml": change(course / "assessment" / "statements.yml",
                                            "      - id: language-agency", "      - id: Language-Agency"),
        "_toc.yml": change(course / "_toc.yml", "      - file: modules/trust\n", "      - file: modules/trust: all\n"),
        "wellbeing_course/words.yml": change(course / "wellbeing_course" / "words.yml",
                                             '  check: "Check"\n', '  check: "Check"\n  check: "Check it"\n') + 1,
        "facilitator/evaluation/forms.yml": change(course / "facilitator" / "evaluation" / "forms.yml",
                                                   "      - column: worker_safety", "      - colum: worker_safety"),
        "organization.yml": 4,
    }
    shutil.copy(FIXTURES / "organization.yml", course / "organization.yml")

    result = run_check(course)

    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    lines = [line for line in result.stderr.splitlines() if not line.endswith("problem(s) found.")]
    located = [LOCATED.match(line) for line in lines]
    assert all(located), lines
    assert sorted(m["file"] for m in located) == sorted(faults), lines
    for m in located:
        assert int(m["line"]) == faults[m["file"]], m.group(0)
    messages = {m["file"]: m["message"] for m in located}
    assert "did you mean 'prompt'?" in messages["quizzes/trust.yml"]
    assert "did you mean 'opening'?" in messages["modules/trust.md"]
    assert "did you mean 'sessions'?" in messages["facilitator/formats.yml"]
    assert "did you mean 'contacts'?" in messages["organization.yml"]
    assert "did you mean 'column'?" in messages["facilitator/evaluation/forms.yml"]
    assert "'check' is already given on line" in messages["wellbeing_course/words.yml"]
    assert "Language-Agency" in messages["assessment/statements.yml"]
    assert "not valid YAML" in messages["_toc.yml"]


def test_check_refuses_what_organization_yml_cannot_hold_with_file_line_col(course):
    """What no escaping can make safe is refused by check, each at its own position: an exit
    address that would close its attribute, and an SVG logo with a script in it (3 GB of logo, too)."""
    (course / "images").mkdir()
    (course / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8")
    with (course / "images" / "huge.png").open("wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.truncate(3 * 1024 ** 3)
    (course / "organization.yml").write_text(
        "name: A <script>alert(1)</script>\n"
        "logo:\n"
        "  file: images/logo.svg\n"
        "  alt: '\"><img src=x onerror=alert(1)>'\n"
        "quick_exit_url: 'https://example.org/\"onmouseover=\"alert(1)'\n", encoding="utf-8")

    result = run_check(course)

    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert "organization.yml:3:9: the logo 'images/logo.svg' holds a <script> element" in result.stderr
    assert "organization.yml:5:17: 'quick_exit_url' may hold only the characters of a web address" in result.stderr
    # the name and the alt text are escaped where they go, not refused
    assert len([line for line in result.stderr.splitlines() if line.startswith("organization.yml:")]) == 2

    change(course / "organization.yml", "images/logo.svg", "images/huge.png")
    result = run_check(course)

    assert "organization.yml:3:9: the logo 'images/huge.png' is 3072 MB: a logo must be at most 2 MB" in result.stderr


def test_a_misspelt_page_in_the_table_of_contents_is_named_where_it_is_listed(course):
    """'modules/trusst' used to be reported only through its consequences (formats and statements
    naming a module that is not there), never as the line that caused them."""
    line = change(course / "_toc.yml", "file: modules/trust\n", "file: modules/trusst\n")
    problems = [str(p) for p in check_course(course)]
    assert problems[0] == f"_toc.yml:{line}:15: 'modules/trusst' is listed but modules/trusst.md does not exist", problems


def test_a_content_rule_names_line_and_column(course):
    """Every problem has file:line:col, the content rules' too (a rule about a line points at its start)."""
    line = change(course / "modules" / "trust.md", 'reflection("trust-', 'reflection("Trust-')
    problems = [str(p) for p in check_course(course)]
    assert problems and all(re.match(r"^[^:]+:\d+:\d+: ", p) for p in problems), problems
    assert any(p.startswith(f"modules/trust.md:{line}:1: ") for p in problems), problems


def test_a_wrong_type_in_front_matter_is_reported_at_the_value(course):
    line = change(course / "modules" / "trust.md", "    reading: 12", "    reading: fifteen")
    problems = [str(p) for p in check_course(course)]
    assert len(problems) == 1 and problems[0].startswith(f"modules/trust.md:{line}:14:"), problems
    assert "should be a whole number" in problems[0]


def test_an_alias_bomb_in_front_matter_is_refused_quickly_with_its_position(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "bomb.md"
    shutil.copy(FIXTURES / "alias-bomb.md", page)
    started = time.monotonic()
    with pytest.raises(CourseError) as caught:
        parse_module(page)
    assert time.monotonic() - started < 2
    assert [str(p) for p in caught.value.problems] == [
        "bomb.md:8:14: anchors and aliases (& and *) are not allowed in course files: write the value out"]


def bank_problems(tmp_path, data: bytes) -> list[str]:
    path = tmp_path / "quizzes" / "demo.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    try:
        load_bank(path)
    except CourseError as err:
        return [str(p) for p in err.problems]
    return []


def test_a_byte_order_mark_is_reported_at_the_start(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = (ROOT / "quizzes" / "trust.yml").read_bytes()
    problems = bank_problems(tmp_path, b"\xef\xbb\xbf" + good)
    assert len(problems) == 1 and problems[0].startswith("quizzes/demo.yml:1:1: the file starts with a byte order mark")


def test_a_byte_that_is_not_utf8_is_reported_where_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    problems = bank_problems(tmp_path, "module: demo\nquestions:\n  - id: café-1\n".encode("utf-8").replace(b"\xc3\xa9", b"\xe9"))
    assert problems == ["quizzes/demo.yml:3:12: the byte 0xE9 here is not UTF-8 text: save the file as UTF-8"]


@pytest.mark.parametrize("text, position, what", [
    ("module: demo\nquestions:\n  - id: a\x07b\n", "3:10", "a control character (U+0007)"),
    ('module: demo\nquestions:\n  - id: "a\\x07b"\n', "3:9", "a control character (U+0007)"),
    ('module: demo\nquestions:\n  - id: x\n    prompt: "half \\ud83d of a smile"\n', "4:13", "a lone surrogate (U+D83D)"),
])
def test_control_characters_and_lone_surrogates_are_refused_where_they_are(tmp_path, monkeypatch, text, position, what):
    """They pass unseen in an editor and break the Moodle XML export."""
    monkeypatch.chdir(tmp_path)
    problems = bank_problems(tmp_path, text.encode("utf-8"))
    assert len(problems) == 1 and problems[0].startswith(f"quizzes/demo.yml:{position}: {what}"), problems


def test_a_module_front_matter_control_character_is_at_its_line(course):
    line = change(course / "modules" / "trust.md", "    reading: 12", "    reading: 12 \x1b[2J")
    problems = [str(p) for p in check_course(course)]
    assert problems == [f"modules/trust.md:{line}:17: an escape character (ESC) is here: remove it (it is invisible "
                        "in most editors and breaks the exports)"], problems


@pytest.mark.parametrize("bad", ['trust-ask"-first', "Trust-Ask-First"])
def test_a_reflection_id_with_a_quote_or_capitals_is_a_check_error(course, bad):
    """A quote would inject an attribute into the module and journal pages; capitals make the
    learner's journal export impossible to import again."""
    line = change(course / "modules" / "trust.md", 'reflection("trust-ask-first",', f"reflection('{bad}',")
    problems = [str(p) for p in check_course(course)]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"modules/trust.md:{line}:1: [ids-exist] the reflection id '{bad}' is not a valid id")


@pytest.mark.parametrize("file, old, new", [
    ("quizzes/trust.yml", "  - id: trust-earned", "  - id: Trust-Earned"),
    ("quizzes/trust.yml", "  - id: trust-earned", "  - id: 'trust-\"earned'"),
    ("modules/trust.md", "    - id: ", "    - id: X-"),
    ("facilitator/formats.yml", "  - slug: briefing", "  - slug: Briefing"),
    ("assessment/statements.yml", "  - id: language\n", "  - id: \"lang'uage\"\n"),
])
def test_every_kind_of_id_has_the_one_pattern(course, file, old, new):
    line = change(course / file, old, new)
    problems = [str(p) for p in check_course(course)]
    assert any(p.startswith(f"{file}:{line}:") and "lowercase letters, digits and" in p for p in problems), problems


def test_a_repeated_key_in_the_words_is_refused(course):
    """YAML would keep the second word silently; the check names both lines."""
    line = change(course / "wellbeing_course" / "words.yml", '  retry: "Try again"\n',
                  '  retry: "Try again"\n  check: "Check it"\n') + 1
    problems = [str(p) for p in check_course(course)]
    assert problems == [f"wellbeing_course/words.yml:{line}:3: the key 'check' is already given on line 13: keep one"]


def test_a_bank_read_from_text_refuses_aliases_at_their_position():
    text = "module: x\nquestions:\n  - &q\n    id: x-1\n  - *q\n"
    with pytest.raises(CourseError) as caught:
        parse_bank(text, "quizzes/x.yml")
    assert str(caught.value.problems[0]).startswith("quizzes/x.yml:3:5: anchors and aliases")


def test_a_module_file_name_is_an_id_too(course):
    """The module's slug is in its URL, its quiz and the journal's keys."""
    (course / "modules" / "trust.md").rename(course / "modules" / "Trust.md")
    (course / "quizzes" / "trust.yml").rename(course / "quizzes" / "Trust.yml")
    change(course / "_toc.yml", "modules/trust\n", "modules/Trust\n")
    problems = [str(p) for p in check_course(course)]
    assert "modules/Trust.md:1:1: the module's file name 'Trust' is not a valid id: an id uses lowercase " \
           "letters, digits and single hyphens (such as 'ask-first')" in problems, problems
    assert any(p.startswith("quizzes/Trust.yml:1:1: the file name 'Trust' is not a valid id") for p in problems), problems


# Values close to the sources' own keys but of any shape: whatever an author writes, a loader
# gives its data or a CourseError with located problems, never a traceback.
KEYS = ["id", "module", "text", "title", "step", "statements", "areas", "scale", "skip", "name", "logo", "file",
        "alt", "contacts", "reach", "local_partners", "run_by_and_for_people_in_the_sex_trades", "forms",
        "phased", "ratings", "texts", "column", "label", "x"]
any_shape = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12)),
                         lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                 st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
                         max_leaves=25)


def _load_forms_text(text: str, tmp_path: Path) -> None:
    (tmp_path / "forms.yml").write_text(text, encoding="utf-8")
    load_forms(tmp_path / "forms.yml")


LOADERS = {
    "assessment": lambda text, tmp: parse_assessment(text, "assessment/statements.yml", ["trust"]),
    "organization": lambda text, tmp: parse_organization(text, tmp, "organization.yml"),
    "forms": _load_forms_text,
}


@pytest.mark.parametrize("source", sorted(LOADERS))
@settings(max_examples=150, deadline=None)
@given(data=any_shape)
def test_every_loader_gives_only_located_problems_on_any_structure(tmp_path_factory, source, data):
    tmp = tmp_path_factory.mktemp(source)
    top = {"assessment": "areas", "organization": "contacts", "forms": "forms"}[source]
    for shape in (data, {top: data}):
        try:
            LOADERS[source](yaml.safe_dump(shape), tmp)
        except CourseError as err:
            assert err.problems and all(p.line >= 1 and p.message for p in err.problems), err.problems


# ---- Unicode non-characters: never text, and U+FFFE/U+FFFF make the Moodle XML ill-formed ----

NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]


@pytest.mark.parametrize("ch", NONCHARACTERS, ids=lambda ch: f"U+{ord(ch):04X}")
def test_a_non_character_in_a_module_is_refused_at_its_position(course, ch):
    line = change(course / "modules" / "trust.md", "Trust is earned by being trustworthy. In",
                  f"Trust is earned{ch} by being trustworthy. In")
    problems = [str(p) for p in check_course(course)]
    assert problems == [f"modules/trust.md:{line}:16: a Unicode non-character (U+{ord(ch):04X}, never text) "
                        "is here: remove it (it is invisible in most editors and breaks the exports)"], problems


@pytest.mark.parametrize("source, before, after", [
    # raw in the file
    ("quizzes/trust.yml", "How does an organization earn", "How does an\ufffe organization earn"),
    ("assessment/statements.yml", "    title: The words we use", "    title: The\ufffe words we use"),
    ("wellbeing_course/words.yml", '  check: "Check"', '  check: "Che\ufffeck"'),
    # made by a YAML escape in a double-quoted text, which the raw file does not show
    ("quizzes/trust.yml", "prompt: >-\n      How does an organization earn the trust of people in the sex trades?",
     'prompt: "How does an\\uFFFE organization earn the trust of people in the sex trades?"'),
    ("wellbeing_course/words.yml", '  check: "Check"', '  check: "Che\\uFFFFck"'),
])
def test_a_non_character_in_a_yaml_source_is_refused_by_check(course, source, before, after):
    """Raw or made by an escape, it is one file:line:col line from check."""
    line = change(course / source, before, after)
    problems = [str(p) for p in check_course(course)]
    assert len(problems) == 1 and re.match(rf"{re.escape(source)}:{line}:\d+: a Unicode non-character \(U\+FFF[EF], never text\)",
                                           problems[0]), problems


def test_the_moodle_export_refuses_a_non_character_instead_of_writing_broken_xml(course):
    """U+FFFE is not an XML character: Moodle's importer would refuse the whole file."""
    line = change(course / "quizzes" / "trust.yml", "How does an organization earn the trust",
                  "How does an organization\ufffe earn the trust")
    out = course / "questions.xml"
    env = {k: v for k, v in os.environ.items() if k != "WELLBEING_COURSE_ROOT"}
    result = subprocess.run([sys.executable, "-m", "wellbeing_course", "export", "moodle-xml", "-o", str(out)],
                            cwd=course, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and not out.exists(), result.stdout
    assert result.stderr.startswith(f"quizzes/trust.yml:{line}:31: a Unicode non-character (U+FFFE, never text) is here"), result.stderr


@pytest.mark.parametrize("page", ["modules/trust.md", "book/glossary.md"])
def test_a_latin1_byte_in_a_page_is_one_problem_at_its_position(course, page):
    """Only the real problem: no second message about an organization.yml the course does not have
    (the organization check read every page again, as UTF-8, and failed on the same byte)."""
    path = course / page
    raw = path.read_bytes()
    at = raw.index(b"\n## ") + 4  # the first letter of the first second-level heading
    path.write_bytes(raw[:at] + b"\xe9" + raw[at:])
    line = raw[:at].count(b"\n") + 1
    result = run_check(course)
    assert result.returncode != 0
    assert result.stderr.splitlines() == [f"{page}:{line}:4: the byte 0xE9 here is not UTF-8 text: save the file as UTF-8",
                                          "1 problem(s) found."], result.stderr


@pytest.mark.parametrize("source", ["modules/trust.md", "book/glossary.md", "quizzes/trust.yml", "_toc.yml",
                                    "assessment/statements.yml", "facilitator/formats.yml",
                                    "facilitator/evaluation/forms.yml", "wellbeing_course/words.yml"])
def test_a_huge_source_is_refused_by_check_without_being_read(course, source):
    """A 3 GB source (sparse: it takes no disk) is one clear line from check, at once: no MemoryError,
    no traceback."""
    with open(course / source, "r+b") as file:
        file.truncate(3 * 1024 ** 3)
    started = time.monotonic()
    result = run_check(course)
    assert time.monotonic() - started < 60
    assert f"{source}: too large (3,072 MB; the limit is 1 MB)" in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr and "could not be checked" not in result.stderr, result.stderr
