"""Export every quiz bank for a learning management system: GIFT and Moodle XML.

``python -m wellbeing_course export gift -o FILE`` and
``python -m wellbeing_course export moodle-xml -o FILE`` write every question of every bank,
with each option's feedback, in the two text formats Moodle imports (Question bank > Import).
Banks come in course order (the modules of ``_toc.yml``), then any other bank by name.

How each kind of question is written
------------------------------------

Both formats carry the same questions the same way:

- Every question is named by its id (GIFT ``::id::`` and ``// [id:...]``, XML ``<name>`` and
  ``<idnumber>``) and sits in the category ``wellbeing/<module>`` (a GIFT ``$CATEGORY:`` line,
  an XML ``<question type="category">``), relative to the category chosen when importing.
- Texts are HTML (GIFT ``[html]``, XML ``format="html"``). The banks hold plain text, so every
  text is HTML-escaped first: an option that reads ``<html>`` shows as ``<html>`` and is never
  markup. A scenario comes first, as in the book: ``<p><strong>Composite example. </strong>scenario</p>``
  (the space inside ``<strong>``, which Moodle's XML reader keeps), then the prompt in its own paragraph. The explanation becomes the general
  feedback, shown after answering.
- ``single``: a multiple-choice question with one answer (GIFT ``=right`` and ``~wrong``,
  XML ``<single>true</single>`` with fractions 100 and 0).
- ``multiple`` ("select all that apply"): a multiple-choice question with several answers
  (GIFT ``~%weight%``, XML ``<single>false</single>``). Each correct option is worth an equal
  share of 100 and each wrong option an equal negative share of -100, so that ticking every
  box scores 0 and Moodle's total, which never drops below 0, cannot be gamed. Moodle imports
  only the grades on its own list (100, 50, 33.33333, 25, 20, 16.66667, 14.28571, 12.5,
  11.11111, 10 and their negatives are the shares used), so a question with more than ten
  correct or ten wrong options cannot be exported and is reported as a problem.
- ``true-false``: Moodle's own true/false type (GIFT ``{T#feedback if wrong#feedback if
  right}``, XML ``type="truefalse"`` with ``true`` and ``false`` answers). Both options keep
  their feedback: Moodle shows the False option's feedback to whoever answers False and the
  True option's to whoever answers True, exactly as the book does. Writing it instead as a
  multiple-choice question with the options "True" and "False" would keep the feedback too,
  but loses the type that LMS reports and question filters know.
- ``reflective`` (no single right answer): a one-answer multiple-choice question in which
  *every* option is worth 100%. Moodle refuses a multiple-choice question whose best option
  is worth 0% ("one of the choices should be 100%"), and a select-all question with equal
  shares would turn "choose the one closest to what you would do" into ticking boxes and
  reward ticking all of them. An essay question would lose the per-option commentary, which
  is the point of these questions, and would need a person to grade it. So the learner picks
  one option, gets full marks whatever they pick, and reads the commentary on that choice.
  The question text ends with the book's hint that there is no single right answer. In GIFT
  the first option is written ``=option`` and the others ``~%100%option``: ``=`` is what makes
  Moodle choose one-answer mode, and a ``~`` must appear or Moodle reads the question as
  short answer.

GIFT escaping follows Moodle's importer: ``~ = # { } :`` and the backslash itself are escaped
with a backslash, a line break is written ``\\n`` (a blank line would end the question), and a
text that starts with ``%`` or ``[`` has that character written as an HTML character
reference so that Moodle cannot read it as a weight or a text format. The XML is built with
:mod:`xml.etree.ElementTree`, which escapes every text.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from html import escape
from pathlib import Path

from .course import Course, load_course
from .errors import CourseError, Problem
from .words import word
from .quizbank import Bank, Option, Question

FORMATS = ("gift", "moodle-xml")
CATEGORY_ROOT = "wellbeing"

# The grades Moodle accepts on import (question_bank::fraction_options), as percentages.
MOODLE_GRADES = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
                 "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0")

_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


# --- what both formats share -----------------------------------------------------------------

def ordered_banks(course: Course) -> list[Bank]:
    """The course's banks: modules in table-of-contents order, then any other bank by name."""
    order = [m.slug for m in course.modules if m.slug in course.banks]
    rest = sorted(slug for slug in course.banks if slug not in order)
    return [course.banks[slug] for slug in order + rest]


def category(bank: Bank) -> str:
    return f"{CATEGORY_ROOT}/{bank.slug}"


def _text(value: str) -> str:
    """Plain text as HTML that shows exactly that text."""
    return escape(value.replace("\r\n", "\n"), quote=False)


def question_html(q: Question) -> str:
    """The question text: the scenario, the prompt and, for reflective questions, the hint."""
    parts = []
    if q.scenario:
        # The space after the label sits inside <strong>: Moodle's XML reader drops a space between
        # </strong> and a scenario that starts with a non-ASCII character or an escaped &, < or >.
        parts.append(f"<p><strong>{_text(word('quiz.scenario_label'))} </strong>{_text(q.scenario)}</p>")
    parts.append(f"<p>{_text(q.prompt)}</p>")
    if q.type == "reflective":
        parts.append(f"<p>{_text(word('quiz.hint.reflective'))}</p>")
    return "".join(parts)


def share(count: int, q: Question) -> str:
    """100 divided among ``count`` options, as one of the grades Moodle accepts."""
    if 1 <= count <= 10:
        value = f"{100 / count:.5f}".rstrip("0").rstrip(".")
        if value in MOODLE_GRADES:
            return value
    raise CourseError([Problem(q.path, q.line, 0,
                               f"question '{q.id}': {count} options cannot share 100% in grades Moodle "
                               "accepts; a select-all question can have at most ten right and ten wrong options")])


def option_grades(q: Question) -> list[str]:
    """Each option's grade in percent, as text: '100', '0', '33.33333', '-50'."""
    if q.type in ("single", "true-false"):
        return ["100" if o.correct else "0" for o in q.options]
    if q.type == "reflective":
        return ["100"] * len(q.options)
    right = sum(o.correct for o in q.options)
    wrong = len(q.options) - right
    plus = share(right, q)
    minus = "-" + share(wrong, q) if wrong else "0"
    return [plus if o.correct else minus for o in q.options]


def _check_exportable(q: Question) -> None:
    if q.type != "true-false" and len(q.options) < 2:
        raise CourseError([Problem(q.path, q.line, 0,
                                   f"question '{q.id}': Moodle needs at least two options in a multiple-choice question")])


def _tf_options(q: Question) -> tuple[Option, Option]:
    """The (correct, wrong) options of a true-false question."""
    correct = next(o for o in q.options if o.correct)
    wrong = next(o for o in q.options if not o.correct)
    return correct, wrong


# --- GIFT ------------------------------------------------------------------------------------

def gift_escape(value: str) -> str:
    """Escape text for GIFT as Moodle's importer reads it."""
    value = _GIFT_SPECIAL.sub(r"\\\1", value.replace("\r\n", "\n"))
    return value.replace("\n", "\\n")


def _gift_html(value: str) -> str:
    """Plain text as GIFT-escaped HTML; a leading % or [ becomes a character reference."""
    html_text = _text(value)
    if html_text[:1] == "%":
        html_text = "&#37;" + html_text[1:]
    elif html_text[:1] == "[":
        html_text = "&#91;" + html_text[1:]
    return gift_escape(html_text)


def gift_question(q: Question) -> str:
    _check_exportable(q)
    lines = [f"// [id:{q.id}] {q.type}",
             f"::{gift_escape(q.id)}::[html]{gift_escape(question_html(q))}{{"]
    if q.type == "true-false":
        # Moodle's own true/false type keeps both options' feedback: "#feedback if wrong#feedback
        # if right". A multiple-choice question with True and False options would keep it too,
        # but would no longer be a true/false question in Moodle's reports and filters.
        correct, wrong = _tf_options(q)
        answer = "TRUE" if correct.text == "True" else "FALSE"
        lines.append(f"\t{answer}#{_gift_html(wrong.feedback)}#{_gift_html(correct.feedback)}")
    else:
        grades = option_grades(q)
        for n, (option, grade) in enumerate(zip(q.options, grades)):
            if q.type == "single":
                mark = "=" if option.correct else "~"
            elif q.type == "reflective" and n == 0:
                mark = "="  # one '=' makes Moodle use one-answer mode; every option is still 100%
            else:
                mark = f"~%{grade}%"
            lines.append(f"\t{mark}{_gift_html(option.text)}#{_gift_html(option.feedback)}")
    if q.explanation:
        lines.append(f"\t####{_gift_html(q.explanation)}")
    lines.append("}")
    return "\n".join(lines)


def gift(banks: Iterable[Bank]) -> str:
    """Every question of the banks as one GIFT file."""
    blocks = [
        "// The Wellbeing Model: every quiz question, for Moodle's GIFT import.\n"
        "// Made by `python -m wellbeing_course export gift`; edit quizzes/*.yml, not this file.\n"
        "// Reflective questions have no single right answer: every option is worth 100%.\n"
        "// True-false questions use GIFT's T/F form: {TRUE#feedback if wrong#feedback if right}."
    ]
    for bank in banks:
        blocks.append(f"$CATEGORY: {category(bank)}")
        blocks.extend(gift_question(q) for q in bank.questions)
    return "\n\n".join(blocks) + "\n"


# --- Moodle XML ------------------------------------------------------------------------------

def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def _rich(parent: ET.Element, tag: str, html_text: str, **attrib: str) -> ET.Element:
    """<tag format="html"><text>...</text></tag>; ElementTree escapes the HTML."""
    element = _sub(parent, tag, format="html", **attrib)
    _sub(element, "text", html_text)
    return element


def xml_question(q: Question) -> ET.Element:
    _check_exportable(q)
    qtype = "truefalse" if q.type == "true-false" else "multichoice"
    element = ET.Element("question", type=qtype)
    _sub(_sub(element, "name"), "text", q.id)
    _rich(element, "questiontext", question_html(q))
    _rich(element, "generalfeedback", _text(q.explanation))
    _sub(element, "defaultgrade", "1.0000000")
    _sub(element, "penalty", "1.0000000" if qtype == "truefalse" else "0.3333333")
    _sub(element, "hidden", "0")
    _sub(element, "idnumber", q.id)
    if qtype == "truefalse":
        # Moodle matches the answers by their text, 'true' and 'false'; each keeps its feedback.
        for option in sorted(q.options, key=lambda o: o.text != "True"):
            answer = _sub(element, "answer", fraction="100" if option.correct else "0",
                          format="moodle_auto_format")
            _sub(answer, "text", option.text.lower())
            _rich(answer, "feedback", _text(option.feedback))
        return element
    _sub(element, "single", "false" if q.type == "multiple" else "true")
    _sub(element, "shuffleanswers", "true")
    _sub(element, "answernumbering", "abc")
    _sub(element, "showstandardinstruction", "1")
    _rich(element, "correctfeedback", "")
    _rich(element, "partiallycorrectfeedback", "")
    _rich(element, "incorrectfeedback", "")
    if q.type == "multiple":
        _sub(element, "shownumcorrect")
    for option, grade in zip(q.options, option_grades(q)):
        answer = _rich(element, "answer", _text(option.text), fraction=grade)
        _rich(answer, "feedback", _text(option.feedback))
    return element


def moodle_xml(banks: Iterable[Bank]) -> str:
    """Every question of the banks as one Moodle XML file."""
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(" The Wellbeing Model: every quiz question. Made by "
                           "`python -m wellbeing_course export moodle-xml`; edit quizzes/*.yml. "))
    for bank in banks:
        cat = _sub(quiz, "question", type="category")
        _sub(_sub(cat, "category"), "text", category(bank))
        for q in bank.questions:
            quiz.append(xml_question(q))
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode", short_empty_elements=False) + "\n"


# --- command line ----------------------------------------------------------------------------

def write_export(fmt: str, output: Path, course: Course | None = None) -> int:
    """Write the course's questions in ``fmt`` to ``output``; return how many were written."""
    course = course or load_course()
    banks = ordered_banks(course)
    text = gift(banks) if fmt == "gift" else moodle_xml(banks)
    Path(output).write_text(text, encoding="utf-8")
    return sum(len(b.questions) for b in banks)


def run(args) -> int:
    """The ``export`` subcommand: exit 1 with file:line messages if the banks have problems."""
    try:
        count = write_export(args.format, Path(args.output))
    except CourseError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{args.output}: cannot write the file: {err.strerror}", file=sys.stderr)
        return 1
    print(f"Wrote {count} questions to {args.output} ({args.format}).")
    return 0
