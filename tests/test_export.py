"""The LMS export: GIFT read back by a parser we did not write, and Moodle XML checked against
Moodle's documented question format.

Each test runs on the real course (through the command line) and on a tricky bank written here,
whose texts hold every GIFT special character, a backslash, quotes, line breaks and HTML.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from wellbeing_course import export
from wellbeing_course.course import load_course
from wellbeing_course.words import word
from wellbeing_course.quizbank import Bank, Question, parse_bank

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
GIFT_PEGJS = TESTS / "node_modules" / "gift-pegjs"

# The grades Moodle accepts on import: question_bank::fraction_options() and their negatives.
MOODLE_FRACTIONS = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
                    16.66667, 14.28571, 12.5, 11.11111, 10, 5]
MOODLE_FRACTIONS = [0.0] + MOODLE_FRACTIONS + [-f for f in MOODLE_FRACTIONS]

NASTY = 'a ~tilde, =equals, #hash, {braces}, colon: back\\slash, "double" \'single\' <html> & &amp; &&058;'

TRICKY_BANK = {
    "module": "tricky",
    "questions": [
        {
            "id": "tricky-single",
            "type": "single",
            "scenario": "A composite example: " + NASTY + "\nwith a second line\n// that looks like a GIFT comment",
            "prompt": "Which is right? " + NASTY + " C:\\new {T} ::not a title::",
            "options": [
                {"text": "Right: " + NASTY, "correct": True, "feedback": "Yes #1 ####not general feedback"},
                {"text": "%50% starts like a GIFT weight", "feedback": "No ~ " + NASTY},
                {"text": "[html] starts like a GIFT format", "feedback": "No =}{= -> \\n is not a line break"},
            ],
            "explanation": "General: " + NASTY,
        },
        {
            "id": "tricky-multiple",
            "type": "multiple",
            "prompt": "Select all that apply: {=~#:}",
            "options": [
                {"text": "One = right", "correct": True, "feedback": "Right \\ one"},
                {"text": "Two ~ right", "correct": True, "feedback": "Right # two"},
                {"text": "Three : right", "correct": True, "feedback": "Right { three }"},
                {"text": "Wrong <b>bold</b>", "feedback": "Wrong & wrong"},
                {"text": "Also wrong '", "feedback": 'Wrong "quoted"'},
            ],
        },
        {
            "id": "tricky-true-false",
            "type": "true-false",
            "scenario": "Composite example: #{}~=:",
            "prompt": "True or false: 1 = 1 {really}",
            "options": [
                {"text": "False", "feedback": "No: " + NASTY},
                {"text": "True", "correct": True, "feedback": "Yes: {T#F}"},
            ],
            "explanation": "Truth \\ told.",
        },
        {
            "id": "tricky-false-true",
            "type": "true-false",
            "prompt": "True or false: 1 = 2",
            "options": [
                {"text": "True", "feedback": "No, 1 \\= 2."},
                {"text": "False", "correct": True, "feedback": "Right ~ 1 is not 2."},
            ],
        },
        {
            "id": "tricky-reflective",
            "type": "reflective",
            "prompt": "What would you do? <script>alert(1)</script>",
            "options": [
                {"text": "Ask first =", "feedback": "Commentary: asking {first} respects choice."},
                {"text": "Act now ~", "feedback": "Commentary: acting # now has a cost."},
                {"text": "Wait : see", "feedback": "Commentary: waiting \\ can help."},
            ],
            "explanation": "There is no single right answer.",
        },
    ],
}


@pytest.fixture(scope="module")
def tricky_bank(tmp_path_factory) -> Bank:
    path = tmp_path_factory.mktemp("quizzes") / "tricky.yml"
    path.write_text(yaml.safe_dump(TRICKY_BANK, allow_unicode=True, sort_keys=False), encoding="utf-8")
    bank = parse_bank(path.read_text(encoding="utf-8"), str(path))
    assert bank.question("tricky-single").prompt.startswith("Which is right? a ~tilde")
    return bank


@pytest.fixture(scope="module")
def course_banks() -> list[Bank]:
    return export.ordered_banks(load_course(ROOT))


def run_cli(fmt: str, out: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "wellbeing_course", "export", fmt, "-o", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stdout


@pytest.fixture(scope="module", params=["course", "tricky"])
def exported(request, tmp_path_factory, tricky_bank):
    """(banks, GIFT file, Moodle XML file): the real course through the CLI, or the tricky bank."""
    out = tmp_path_factory.mktemp("export")
    if request.param == "course":
        banks = request.getfixturevalue("course_banks")
        run_cli("gift", out / "course.gift")
        run_cli("moodle-xml", out / "course.xml")
        return banks, out / "course.gift", out / "course.xml"
    banks = [tricky_bank]
    (out / "tricky.gift").write_text(export.gift(banks), encoding="utf-8")
    (out / "tricky.xml").write_text(export.moodle_xml(banks), encoding="utf-8")
    return banks, out / "tricky.gift", out / "tricky.xml"


# --- helpers ---------------------------------------------------------------------------------

def parse_gift(path: Path) -> list[dict]:
    """Parse a GIFT file with the npm package gift-pegjs, in node."""
    assert shutil.which("node"), "node is needed to run gift-pegjs"
    assert GIFT_PEGJS.is_dir(), "gift-pegjs is missing: run `npm ci` in tests/"
    script = ("const gift = require('gift-pegjs'); const fs = require('fs');"
              "process.stdout.write(JSON.stringify(gift.parse(fs.readFileSync(process.argv[1], 'utf8'))));")
    result = subprocess.run(["node", "-e", script, str(path)], cwd=TESTS, capture_output=True, text=True)
    assert result.returncode == 0, f"gift-pegjs could not parse {path}:\n{result.stderr}"
    return json.loads(result.stdout)


class _Paragraphs(HTMLParser):
    """The text of each <p>, character references decoded; any other tag is an error."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "p":
            self.paragraphs.append("")

    def handle_data(self, data):
        assert self.paragraphs, f"text outside a paragraph: {data!r}"
        self.paragraphs[-1] += data


def paragraphs(html_text: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(html_text)
    parser.close()
    assert set(parser.tags) <= {"p", "strong"}, parser.tags
    return parser.paragraphs


def expected_paragraphs(q: Question) -> list[str]:
    """What the learner reads, in order: the scenario, the prompt, the hint of a reflective question."""
    found = [f"Composite example. {q.scenario}"] if q.scenario else []
    found.append(q.prompt)
    if q.type == "reflective":
        found.append(word("quiz.hint.reflective"))
    return found


def plain(html_text: str) -> str:
    """An answer or feedback: escaped plain text, never markup."""
    assert "<" not in html_text and ">" not in html_text, html_text
    return unescape(html_text)


def all_questions(banks: list[Bank]) -> list[tuple[Bank, Question]]:
    return [(bank, q) for bank in banks for q in bank.questions]


def is_moodle_fraction(value: float) -> bool:
    # Moodle's match_grade_options: within 0.00001 of a listed grade (as a fraction of 1).
    return any(abs(value / 100 - f / 100) < 0.00001 for f in MOODLE_FRACTIONS)


# --- GIFT ------------------------------------------------------------------------------------

def test_gift_reads_back_as_the_same_questions(exported):
    """gift-pegjs, a GIFT parser we did not write, reads the export back to the banks' questions:
    category per bank, title = question id, scenario then prompt, every option's text,
    correctness or weight and feedback, and the explanation as general feedback."""
    banks, gift_file, _ = exported
    parsed = parse_gift(gift_file)
    expected = []
    for bank in banks:
        expected.append(("Category", f"wellbeing/{bank.slug}"))
        expected.extend(("question", q.id) for q in bank.questions)
    assert [("Category", p["title"]) if p["type"] == "Category" else ("question", p["title"])
            for p in parsed] == expected

    questions = [p for p in parsed if p["type"] != "Category"]
    for (bank, q), p in zip(all_questions(banks), questions, strict=True):
        where = f"{q.id}: "
        assert p["id"] == q.id, where + "the // [id:...] comment"
        assert p["stem"]["format"] == "html", where
        assert paragraphs(p["stem"]["text"]) == expected_paragraphs(q), where + "question text"
        assert not p["hasEmbeddedAnswers"], where + "answers must follow the text, not sit in it"
        general = p["globalFeedback"]
        assert (plain(general["text"]) if general else "") == q.explanation, where + "general feedback"

        if q.type == "true-false":
            assert p["type"] == "TF", where
            right = next(o for o in q.options if o.correct)
            wrong = next(o for o in q.options if not o.correct)
            assert p["isTrue"] == (right.text == "True"), where
            # GIFT's {T#feedback if wrong#feedback if right}; gift-pegjs names the two slots
            # trueFeedback and falseFeedback, in that order.
            assert plain(p["trueFeedback"]["text"]) == wrong.feedback, where + "feedback if wrong"
            assert plain(p["falseFeedback"]["text"]) == right.feedback, where + "feedback if right"
            continue

        assert p["type"] == "MC", where
        choices = p["choices"]
        assert [plain(c["text"]["text"]) for c in choices] == [o.text for o in q.options], where
        assert [plain(c["feedback"]["text"]) for c in choices] == [o.feedback for o in q.options], where
        credit = [100 if c["isCorrect"] and c["weight"] is None else c["weight"] or 0 for c in choices]
        assert all(is_moodle_fraction(c) for c in credit), where + f"grades Moodle refuses: {credit}"
        if q.type == "single":
            assert [c["isCorrect"] for c in choices] == [o.correct for o in q.options], where
            assert all(c["weight"] is None for c in choices), where
        elif q.type == "multiple":
            # No '=' at all: Moodle then lets the learner choose several answers.
            assert not any(c["isCorrect"] for c in choices), where
            assert [w > 0 for w in credit] == [o.correct for o in q.options], where
            assert all(w < 0 for w, o in zip(credit, q.options) if not o.correct), where
            assert round(sum(w for w in credit if w > 0), 2) == 100, where + f"{credit}"
        else:  # reflective: one answer, every option full credit, and a '~' so Moodle reads multichoice
            assert credit == [100] * len(q.options), where
            assert choices[0]["isCorrect"] and not any(c["isCorrect"] for c in choices[1:]), where


def test_gift_escapes_as_moodle_specifies(exported):
    """Every backslash in the GIFT file starts one of the escapes Moodle's importer knows
    (\\~ \\= \\# \\{ \\} \\: \\\\ \\n), no text has a bare line break, and every weight matches
    Moodle's weight pattern, so Moodle reads the file as gift-pegjs does."""
    banks, gift_file, _ = exported
    text = gift_file.read_text(encoding="utf-8")
    for match in re.finditer(r"\\(.)", text, flags=re.DOTALL):
        assert match.group(1) in "~=#{}:\\n", f"unknown escape {match.group(0)!r} at {match.start()}"
    for line in text.splitlines():
        if line.startswith("\t%") or line.startswith("\t~%"):
            assert re.match(r"^\t~%-?[0-9]{1,3}(\.[0-9]+)?%", line), line
    # The blocks are separated by blank lines, and a question never contains one.
    blocks = [b for b in text.split("\n\n") if b.strip()]
    questions = [b for b in blocks if "::" in b and not b.startswith("$CATEGORY")]
    assert len(questions) == sum(len(b.questions) for b in banks)


def test_gift_escape_rules():
    """The escape function itself: each of ~ = # { } : and the backslash gets a backslash,
    a line break becomes \\n, and other characters stay as they are."""
    assert export.gift_escape("~=#{}:\\") == "\\~\\=\\#\\{\\}\\:\\\\"
    assert export.gift_escape("a\nb") == "a\\nb"
    assert export.gift_escape("\\n") == "\\\\n"
    assert export.gift_escape("plain <b> 'x' \"y\" % [ ] ->") == "plain <b> 'x' \"y\" % [ ] ->"


# --- Moodle XML ------------------------------------------------------------------------------

def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    assert found is not None, f"missing <{path}>"
    return found.text or ""


def test_moodle_xml_follows_moodles_question_format(exported):
    """The Moodle XML is well-formed and follows Moodle's documented format: a <quiz> of
    <question> elements, a category before each bank, and for each question a name, an HTML
    question text and general feedback, and answers with fractions Moodle accepts and feedback:
    single choice has exactly one 100, select-all has positive fractions adding to 100 and negative
    wrong ones, reflective questions give every option 100, true/false has a 'true' and a 'false'."""
    banks, _, xml_file = exported
    raw = xml_file.read_text(encoding="utf-8")
    assert raw.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(raw.encode("utf-8"))
    assert root.tag == "quiz"
    elements = list(root.iter("question"))
    assert all(e.get("type") in {"category", "multichoice", "truefalse"} for e in elements)

    expected = []
    for bank in banks:
        expected.append(("category", f"wellbeing/{bank.slug}"))
        expected.extend(("question", q.id) for q in bank.questions)
    assert [("category", _text(e, "category/text")) if e.get("type") == "category"
            else ("question", _text(e, "name/text")) for e in elements] == expected

    questions = [e for e in elements if e.get("type") != "category"]
    for (bank, q), e in zip(all_questions(banks), questions, strict=True):
        where = f"{q.id}: "
        assert _text(e, "idnumber") == q.id, where
        assert e.find("questiontext").get("format") == "html", where
        assert paragraphs(_text(e, "questiontext/text")) == expected_paragraphs(q), where
        assert e.find("generalfeedback").get("format") == "html", where
        assert plain(_text(e, "generalfeedback/text")) == q.explanation, where
        assert float(_text(e, "defaultgrade")) == 1, where
        assert 0 <= float(_text(e, "penalty")) <= 1, where
        assert _text(e, "hidden") == "0", where
        answers = e.findall("answer")
        fractions = [float(a.get("fraction")) for a in answers]
        assert all(is_moodle_fraction(f) for f in fractions), where + f"grades Moodle refuses: {fractions}"
        for a in answers:
            assert a.find("feedback").get("format") == "html", where
            assert _text(a, "feedback/text").strip(), where + "every answer has feedback"

        if q.type == "true-false":
            assert e.get("type") == "truefalse", where
            assert len(answers) == 2 and e.find("single") is None, where
            by_text = {_text(a, "text"): a for a in answers}
            assert set(by_text) == {"true", "false"}, where
            for option in q.options:
                a = by_text[option.text.lower()]
                assert float(a.get("fraction")) == (100 if option.correct else 0), where
                assert plain(_text(a, "feedback/text")) == option.feedback, where
            continue

        assert e.get("type") == "multichoice", where
        assert answers and all(a.get("format") == "html" for a in answers), where
        assert [plain(_text(a, "text")) for a in answers] == [o.text for o in q.options], where
        assert [plain(_text(a, "feedback/text")) for a in answers] == [o.feedback for o in q.options], where
        assert len(answers) >= 2, where
        assert _text(e, "shuffleanswers") in {"true", "false", "1", "0"}, where
        assert _text(e, "answernumbering") in {"abc", "ABCD", "123", "iii", "IIII", "none"}, where
        for combined in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            assert e.find(combined) is not None and e.find(combined).find("text") is not None, where
        single = _text(e, "single")
        assert single in {"true", "false"}, where
        if single == "true":
            # Moodle refuses a one-answer question whose best answer is not 100%.
            assert max(fractions) == 100, where
        if q.type == "single":
            assert single == "true", where
            assert fractions.count(100) == 1 and fractions.count(0) == len(fractions) - 1, where
            assert [f == 100 for f in fractions] == [o.correct for o in q.options], where
        elif q.type == "multiple":
            assert single == "false", where
            # Moodle's check: the positive fractions, rounded to two places, add up to 100%.
            assert round(sum(f for f in fractions if f > 0), 2) == 100, where + f"{fractions}"
            assert [f > 0 for f in fractions] == [o.correct for o in q.options], where
            assert all(f < 0 for f, o in zip(fractions, q.options) if not o.correct), where
        else:
            assert q.type == "reflective" and single == "true", where
            assert fractions == [100] * len(q.options), where


def test_moodle_xml_escapes_text(tricky_bank, tmp_path):
    """Markup and special characters in a bank are escaped, never written as XML or HTML:
    '<html>' from a bank is text in Moodle, not a tag, and the file still parses."""
    raw = export.moodle_xml([tricky_bank])
    assert "<html>" not in raw and "<script>" not in raw and "<b>bold" not in raw
    root = ET.fromstring(raw.encode("utf-8"))
    texts = "".join(t.text or "" for t in root.iter("text"))
    assert "&lt;html&gt;" in texts and "&lt;script&gt;" in texts
    assert "&&058;" not in texts.replace("&amp;&amp;058;", "")


def test_cli_reports_an_unwritable_output(tmp_path):
    """The export command exits 1 with a message, not a traceback, when it cannot write the file."""
    out = tmp_path / "missing-folder" / "x.gift"
    result = subprocess.run([sys.executable, "-m", "wellbeing_course", "export", "gift", "-o", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("scenario", ["Émile asks for help.", "& a colleague asks.", "<b> is shown as text.", "A nurse asks."])
def test_scenario_label_keeps_its_space_in_moodle(scenario):
    """Moodle's XML reader drops the space between </strong> and a scenario that starts with a non-ASCII
    character or an escaped &, < or >; the space sits inside <strong>, where it survives."""
    q = Question(id="x-1", type="single", prompt="Why?", scenario=scenario, options=())
    text = export.question_html(q)
    assert text.startswith("<p><strong>Composite example. </strong>")
    assert "</strong> " not in text


def test_moodle_shuffles_every_choice_question(exported):
    """Moodle shows each learner their own order, as the book does: shuffleanswers is on for every
    multiple-choice question (true/false keeps True, then False)."""
    _, _, xml_file = exported
    root = ET.fromstring(xml_file.read_text(encoding="utf-8").encode("utf-8"))
    choice = [e for e in root.iter("question") if e.get("type") == "multichoice"]
    assert choice and all(_text(e, "shuffleanswers") == "true" for e in choice)
