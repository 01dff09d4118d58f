"""Load and check the quiz banks in ``quizzes/*.yml``.

A bank is read by the course's one YAML reader (reader.py), so that every value keeps its line
and column, and a repeated key, an alias or a control character is an error. Its shape is the
schema below (BANK); the rules only a bank has are checked on the validated data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import CourseError, Problem, display_path
from .reader import (FILLED, FLAG, ID_PATTERN, TEXT, ListOf, Map, Reader, Record, each_once, id_problem, read_text,
                     validated)

TYPES = {
    "single": "single choice",
    "multiple": "select all that apply",
    "true-false": "true or false",
    "reflective": "no single right answer",
}


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    options: tuple[Option, ...]
    scenario: str = ""
    explanation: str = ""
    path: str = ""
    line: int = 0
    objectives: tuple[str, ...] = ()  # ids of the module's learning objectives this question checks

    @property
    def scored(self) -> bool:
        """A question with a right answer (every type but reflective)."""
        return self.type != "reflective"

    @property
    def correct_options(self) -> list[Option]:
        return [o for o in self.options if o.correct]


@dataclass(frozen=True)
class Bank:
    slug: str
    path: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


# The bank's schema; what only a bank needs (an id used once, the answer rules of each type) is
# checked on the validated data in parse_bank.
OPTION = Record({"text": FILLED, "correct": FLAG, "feedback": FILLED}, required=frozenset({"text", "feedback"}),
                says={"feedback": "that says why the option is right or wrong"})
QUESTION = Record({"id": FILLED, "type": FILLED, "prompt": FILLED, "scenario": FILLED, "explanation": FILLED,
                   "options": ListOf(OPTION, entry="{owner}, option {n}"),
                   "objectives": ListOf(TEXT, one_or_more=True)},
                  required=frozenset({"id", "type", "prompt"}), label="question '{id}'",
                  says={"type": f"(one of {', '.join(TYPES)})"})
BANK = Record({"module": FILLED, "questions": ListOf(QUESTION, entry="question {n}")},
              required=frozenset({"module", "questions"}),
              says={"module": "with the module's slug", "questions": "with a list of questions"})


def parse_bank(text: str, path: str) -> Bank:
    """Parse one bank's text; raise CourseError listing every problem found."""
    slug = Path(path).stem
    data, reader = validated(text, BANK, path, "'module:' and 'questions:'", "the quiz file")
    if message := id_problem(slug, "the file name"):  # the slug names the quiz in pages and journal keys
        reader.report((1, 1), message)

    module = data.get("module")
    if module and module != slug:
        reader.report(data.where("module"), f"'module' is '{module}' but the file is named '{slug}.yml'")
    if "questions" in data and not data["questions"]:
        reader.report(data.where("questions"), "'questions' should be a list with at least one question")
    questions = each_once(data.get("questions"), "question", lambda item: _question(item, path, reader), reader)
    if reader.problems:
        raise CourseError(reader.problems)
    return Bank(slug=slug, path=path, questions=tuple(questions))


def _question(item: Map, path: str, reader: Reader) -> Question:
    label = item.label
    qid = item.get("id") or ""
    if qid and (message := id_problem(qid, "the question id")):
        reader.report(item.where("id"), message)
    qtype = item.get("type") or ""
    if qtype and qtype not in TYPES:
        reader.report(item.where("type"), f"{label}: unknown type '{qtype}' (use one of {', '.join(TYPES)})")
    for n, objective in enumerate(item.get("objectives") or ()):
        if objective is not None and not ID_PATTERN.match(objective):
            reader.report(item["objectives"].where(n), f"{label}: 'objectives' lists the ids of the module's "
                                                       "objectives (lowercase letters, digits and hyphens)")
    options = [Option(text=o.get("text") or "", correct=bool(o.get("correct")), feedback=o.get("feedback") or "")
               for o in item.get("options") or () if o]
    if not options:
        reader.report(item.where("options") if "options" in item else item.where(), f"{label}: has no options")
    else:
        _check_answers(lambda message: reader.report(item.where(), message), label, qtype, options)
    return Question(id=qid, type=qtype, prompt=item.get("prompt") or "", options=tuple(options),
                    scenario=item.get("scenario") or "", explanation=item.get("explanation") or "", path=path,
                    line=item.where()[0],
                    objectives=tuple(o for o in item.get("objectives") or () if o and ID_PATTERN.match(o)))


def _check_answers(problem, label: str, qtype: str, options: list[Option]) -> None:
    correct = sum(o.correct for o in options)
    texts = [o.text for o in options]
    if len(set(texts)) != len(texts):
        problem(f"{label}: two options have the same text")
    if qtype in ("single", "multiple", "true-false") and correct == 0:
        problem(f"{label}: no option is marked correct")
    if qtype in ("single", "true-false") and correct > 1:
        problem(f"{label}: a {TYPES[qtype]} question has {correct} options marked correct; mark one")
    if qtype in ("single", "multiple") and len(options) < 2:
        problem(f"{label}: needs at least two options")
    if qtype == "true-false" and sorted(texts) != ["False", "True"]:
        problem(f"{label}: a true-or-false question has exactly two options, 'True' and 'False'")
    if qtype == "reflective" and correct:
        problem(f"{label}: a reflective question has no right answer, so no option is marked correct")


def load_bank(path: Path) -> Bank:
    shown = display_path(path)
    return parse_bank(read_text(path, shown), shown)


def load_banks(quiz_dir: Path) -> dict[str, Bank]:
    """Every bank in the folder, by slug; ids must be unique across the whole course."""
    banks: dict[str, Bank] = {}
    problems: list[Problem] = []
    for path in sorted(Path(quiz_dir).glob("*.yml")):
        try:
            bank = load_bank(path)
        except CourseError as err:
            problems.extend(err.problems)
            continue
        banks[bank.slug] = bank
    owner: dict[str, Question] = {}
    for bank in banks.values():
        for q in bank.questions:
            if q.id in owner:
                first = owner[q.id]
                problems.append(Problem(q.path, q.line, 0,
                                        f"question '{q.id}': the id is already used in {first.path}:{first.line}"))
            else:
                owner[q.id] = q
    if problems:
        raise CourseError(problems)
    return banks
