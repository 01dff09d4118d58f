"""The answer keys: one per quiz bank, opening with the whole quiz on one page (:func:`answer_key`,
which the workshop packs print too), then the reasoning for every option; and their index."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..course import Course
from ..quizbank import TYPES, Bank, Question
from ..words import word
from .links import GENERATED, learner_link
from .myst import render


def answer_slugs(course: Course) -> list[str]:
    """Every quiz bank, modules first in course order, then the others by name."""
    ordered = [m.slug for m in course.modules if m.slug in course.banks]
    return ordered + sorted(s for s in course.banks if s not in ordered)


@dataclass(frozen=True)
class KeyRow:
    """One question of a one-page answer key. Made once, by :func:`answer_key`, for the guide's
    answer-key pages and the workshop packs alike."""
    number: int
    question: str       # the prompt, as learners read it
    answer: str         # the correct option(s), or "No single right answer"
    why: str            # one line of reasoning
    objective: str      # the learning objective(s) it checks, as the module words them; "" if none named


_VERDICT = re.compile(r"^(right|correct|yes|no|not quite|exactly|true|false)[.,!:]\s+", re.I)


def first_sentence(text: str, limit: int = 160) -> str:
    """The reasoning of a feedback text in one line: its first sentence without the verdict word
    ("Right.", "No."), with the next one when the first says too little, at most ``limit``
    characters (cut at a word, with an ellipsis)."""
    text = _VERDICT.sub("", " ".join(str(text).split()), count=1)
    sentences = re.findall(r".+?[.!?](?=\s|$)|.+$", text)
    line = ""
    for sentence in sentences:
        line = f"{line} {sentence.strip()}".strip()
        if len(line) >= 40:
            break
    if len(line) > limit:
        line = line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return line[:1].upper() + line[1:]


def _objectives(course: Course, bank: Bank, q: Question) -> str:
    """The texts of the objectives a question checks, as its module words them."""
    try:
        module = course.module(bank.slug)
    except KeyError:  # a bank with no module page (the "how the quizzes work" demo)
        return ""
    known = {o.id: o.text.rstrip(";,. ") for o in module.objectives}
    return "; ".join(known.get(i, i) for i in q.objectives)


def answer_key(course: Course, bank: Bank) -> list[KeyRow]:
    rows = []
    for n, q in enumerate(bank.questions, start=1):
        if q.type == "reflective":
            answer = "No single right answer: discuss the tradeoff each option makes."
            why = first_sentence(q.explanation) if q.explanation else first_sentence(q.options[0].feedback)
        else:
            correct = q.correct_options
            answer = "; ".join(o.text.rstrip(".") for o in correct) + "."
            why = first_sentence(q.explanation if q.explanation and len(correct) > 1 else correct[0].feedback)
        rows.append(KeyRow(n, q.prompt, answer, why, _objectives(course, bank, q)))
    return rows


def answers_page(course: Course, bank: Bank, base: str) -> str:
    page = course.page(bank.slug)
    url = learner_link(course.root, course.page_url(page.name), f"{GENERATED}/answers-{bank.slug}", base)
    rows = answer_key(course, bank)
    return render("answers.md", page=page, url=url, bank=bank, rows=rows, questions=list(zip(bank.questions, rows)),
                  with_objective=any(r.objective for r in rows), types=TYPES, word=word)


def quizzes(course: Course) -> list:
    """(learner page, bank) of every quiz, in the order of :func:`answer_slugs`."""
    return [(course.page(slug), course.banks[slug]) for slug in answer_slugs(course)]


def answer_keys_page(course: Course) -> str:
    return render("answer-keys.md", quizzes=quizzes(course))
