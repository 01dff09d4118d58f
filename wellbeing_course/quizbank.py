"""Load and check the quiz banks in ``quizzes/*.yml``.

A bank is read by the course's one YAML reader (reader.py), so that every value keeps its line
and column, and a repeated key, an alias or a control character is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import CourseError, Problem, display_path
from .reader import ID_PATTERN, Reader, compose_root, hint, id_problem, read_text

TYPES = {
    "single": "single choice",
    "multiple": "select all that apply",
    "true-false": "true or false",
    "reflective": "no single right answer",
}
QUESTION_KEYS = {"id", "type", "prompt", "scenario", "options", "explanation", "objectives"}
OPTION_KEYS = {"text", "correct", "feedback"}
BANK_KEYS = {"module", "questions"}


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


# The reader used to live here; quiz banks, self-assessment and organization code imported it
# from this module, so the old names stay until every caller imports from .reader.
_Reader = Reader
_nearest = hint


def parse_bank(text: str, path: str) -> Bank:
    """Parse one bank's text; raise CourseError listing every problem found."""
    slug = Path(path).stem
    root = compose_root(text, path, "'module:' and 'questions:'")
    reader = Reader(path)
    if message := id_problem(slug, "the file name"):  # the slug names the quiz in pages and journal keys
        reader.problem(None, message)

    top = reader.mapping(root, BANK_KEYS, "the quiz file")
    if isinstance(root, yaml.MappingNode):
        module = reader.text(top.get("module"), "'module'") if "module" in top else ""
        if "module" not in top:
            reader.problem(root, "the quiz file needs 'module:' with the module's slug")
        elif module and module != slug:
            reader.problem(top["module"][1], f"'module' is '{module}' but the file is named '{slug}.yml'")
        if "questions" not in top:
            reader.problem(root, "the quiz file needs a 'questions:' list")
    questions = []
    entry = top.get("questions")
    if entry is not None:
        node = entry[1]
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            reader.problem(node, "'questions' should be a list with at least one question")
        else:
            seen: dict[str, int] = {}
            for item in node.value:
                q = _question(reader, item, path)
                if q is None:
                    continue
                if q.id in seen:
                    reader.problem(item, f"question '{q.id}': the id is already used on line {seen[q.id]}")
                else:
                    seen[q.id] = q.line
                questions.append(q)
    if reader.problems:
        raise CourseError(reader.problems)
    return Bank(slug=slug, path=path, questions=tuple(questions))


def _question(reader: Reader, node, path: str) -> Question | None:
    fields = reader.mapping(node, QUESTION_KEYS, "a question")
    if not isinstance(node, yaml.MappingNode):
        return None
    qid = reader.text(fields.get("id"), "the question's 'id'") if "id" in fields else ""
    if "id" not in fields:
        reader.problem(node, "a question needs an 'id'")
        qid = "?"
    elif qid and (message := id_problem(qid, "the question id")):
        reader.problem(fields["id"][1], message)
    label = f"question '{qid}'"
    qtype = reader.text(fields.get("type"), f"{label}: 'type'") if "type" in fields else ""
    if "type" not in fields:
        reader.problem(node, f"{label}: needs a 'type' (one of {', '.join(TYPES)})")
    elif qtype and qtype not in TYPES:
        reader.problem(fields["type"][1], f"{label}: unknown type '{qtype}' (use one of {', '.join(TYPES)})")
    if "prompt" not in fields:
        reader.problem(node, f"{label}: needs a 'prompt'")
    prompt = reader.text(fields.get("prompt"), f"{label}: the prompt")
    scenario = reader.text(fields.get("scenario"), f"{label}: the scenario")
    explanation = reader.text(fields.get("explanation"), f"{label}: the explanation")
    objectives = _objective_ids(reader, fields.get("objectives"), label)

    options: list[Option] = []
    entry = fields.get("options")
    if entry is None:
        reader.problem(node, f"{label}: has no options")
    elif not isinstance(entry[1], yaml.SequenceNode) or not entry[1].value:
        reader.problem(entry[1], f"{label}: has no options")
    else:
        for n, item in enumerate(entry[1].value, start=1):
            opt_fields = reader.mapping(item, OPTION_KEYS, f"{label}, option {n}")
            if not isinstance(item, yaml.MappingNode):
                continue
            if "text" not in opt_fields:
                reader.problem(item, f"{label}, option {n}: needs 'text'")
            if "feedback" not in opt_fields:
                reader.problem(item, f"{label}, option {n}: needs 'feedback' that says why")
            options.append(Option(
                text=reader.text(opt_fields.get("text"), f"{label}, option {n}: the text"),
                correct=reader.flag(opt_fields.get("correct"), f"{label}, option {n}: 'correct'"),
                feedback=reader.text(opt_fields.get("feedback"), f"{label}, option {n}: the feedback"),
            ))
        _check_answers(reader, node, label, qtype, options)
    return Question(id=qid, type=qtype, prompt=prompt, options=tuple(options), scenario=scenario,
                    explanation=explanation, path=path, line=node.start_mark.line + 1,
                    objectives=objectives)


def _objective_ids(reader: Reader, entry, label: str) -> tuple[str, ...]:
    """``objectives: [id, ...]`` (or one id): which of the module's objectives the question checks."""
    if entry is None:
        return ()
    _key_node, node = entry
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if isinstance(node, yaml.MappingNode):
        items = [None]
    ids = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not ID_PATTERN.match(item.value or ""):
            reader.problem(item if item is not None else node, f"{label}: 'objectives' lists the ids of the module's objectives "
                                 "(lowercase letters, digits and hyphens)")
            continue
        ids.append(item.value)
    return tuple(ids)


def _check_answers(reader: Reader, node, label: str, qtype: str, options: list[Option]) -> None:
    correct = sum(o.correct for o in options)
    texts = [o.text for o in options]
    if len(set(texts)) != len(texts):
        reader.problem(node, f"{label}: two options have the same text")
    if qtype in ("single", "multiple", "true-false") and correct == 0:
        reader.problem(node, f"{label}: no option is marked correct")
    if qtype in ("single", "true-false") and correct > 1:
        reader.problem(node, f"{label}: a {TYPES[qtype]} question has {correct} options marked correct; mark one")
    if qtype in ("single", "multiple") and len(options) < 2:
        reader.problem(node, f"{label}: needs at least two options")
    if qtype == "true-false" and sorted(texts) != ["False", "True"]:
        reader.problem(node, f"{label}: a true-or-false question has exactly two options, 'True' and 'False'")
    if qtype == "reflective" and correct:
        reader.problem(node, f"{label}: a reflective question has no right answer, so no option is marked correct")


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
