"""Answer patterns: how well a learner would score without reading the questions.

A quiz that can be passed by position teaches nothing. Each *strategy* below answers a question
from its shape alone (the authored order, which print, PDF and exports keep), and is scored
against *chance*, the score of answering at random:

- ``single``: 1 in n; ``true-false``: 1 in 2;
- ``multiple`` ("select all", graded all or nothing): 1 in 2^n - 1 non-empty choices.

The check's ``answer-pattern`` rule (``checks.py``) fails when a strategy beats chance by more
than ``COURSE_MARGIN`` points over the whole course, or by more than ``BANK_MARGIN`` points in
one bank. ``summary()`` gives the counts an author needs to rebalance a bank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .quizbank import Question

COURSE_MARGIN = 15  # percentage points above chance, over every scored question of the course
BANK_MARGIN = 35    # in one bank: a strategy that right this often is an easy win
MIN_APPLIES = 3     # a bank is judged on a strategy only when it applies to this many questions


def _longest(q: Question) -> int:
    lengths = [len(o.text) for o in q.options]
    return lengths.index(max(lengths))


def _choice(q: Question, picked: set[int]) -> bool:
    return picked == {n for n, o in enumerate(q.options) if o.correct}


# name -> (the question types it answers, the options it picks)
STRATEGIES: dict[str, tuple[tuple[str, ...], Callable[[Question], set[int]]]] = {
    "always the first option": (("single",), lambda q: {0}),
    "always the last option": (("single",), lambda q: {len(q.options) - 1}),
    "always the longest option": (("single",), lambda q: {_longest(q)}),
    "all but the last option": (("multiple",), lambda q: set(range(len(q.options) - 1))),
    "every option": (("multiple",), lambda q: set(range(len(q.options)))),
    "always True": (("true-false",), lambda q: {[o.text for o in q.options].index("True")}),
    "always False": (("true-false",), lambda q: {[o.text for o in q.options].index("False")}),
}


def chance(q: Question) -> float:
    """The probability of answering ``q`` right by choosing at random."""
    n = len(q.options)
    if q.type == "multiple":
        return 1 / (2 ** n - 1)
    return 1 / n if n else 0.0


def scorable(q: Question) -> bool:
    """Scored, with options a strategy can read (the bank loader reports anything else)."""
    if not q.scored or len(q.options) < 2:
        return False
    return q.type != "true-false" or sorted(o.text for o in q.options) == ["False", "True"]


@dataclass
class Score:
    strategy: str
    questions: list[Question] = field(default_factory=list)
    wins: list[Question] = field(default_factory=list)
    chance: float = 0.0  # expected right answers by chance on the same questions

    @property
    def share(self) -> float:
        return 100 * len(self.wins) / len(self.questions) if self.questions else 0.0

    @property
    def chance_share(self) -> float:
        return 100 * self.chance / len(self.questions) if self.questions else 0.0

    @property
    def margin(self) -> float:
        return self.share - self.chance_share

    def describe(self) -> str:
        return (f"'{self.strategy}' answers {len(self.wins)} of {len(self.questions)} right "
                f"({self.share:.0f}%, against {self.chance_share:.0f}% by chance)")


def scores(questions: Iterable[Question]) -> list[Score]:
    """Every strategy's score over the questions it applies to."""
    qs = [q for q in questions if scorable(q)]
    out = []
    for name, (types, pick) in STRATEGIES.items():
        score = Score(name)
        for q in qs:
            if q.type in types:
                score.questions.append(q)
                score.chance += chance(q)
                if _choice(q, pick(q)):
                    score.wins.append(q)
        out.append(score)
    return out


def best_blind(questions: Iterable[Question]) -> tuple[int, int, float]:
    """The best no-reading plan (one strategy per question type): (right, scored, right by chance)."""
    qs = [q for q in questions if scorable(q)]
    right = 0
    for qtype in ("single", "multiple", "true-false"):
        of_type = [q for q in qs if q.type == qtype]
        right += max((len(s.wins) for s in scores(of_type) if s.questions), default=0)
    return right, len(qs), sum(chance(q) for q in qs)


def summary(questions: Iterable[Question]) -> dict:
    """The counts an author (or the issue's note) needs: per type, where the keys sit, the longest option."""
    qs = [q for q in questions]
    per_type = {t: sum(q.type == t for q in qs) for t in ("single", "multiple", "true-false", "reflective")}
    positions: dict[int, int] = {}
    for q in qs:
        if q.type == "single":
            n = next(i for i, o in enumerate(q.options) if o.correct) + 1
            positions[n] = positions.get(n, 0) + 1
    singles = [q for q in qs if q.type == "single"]
    longest = sum(q.options[_longest(q)].correct for q in singles)
    multiples = [q for q in qs if q.type == "multiple"]
    tf = [q for q in qs if q.type == "true-false"]
    right, scored, by_chance = best_blind(qs)
    return {
        "questions": len(qs),
        "per_type": per_type,
        "single_key_position": dict(sorted(positions.items())),
        "single_longest_is_key": (longest, len(singles)),
        "multiple_last_is_wrong": (sum(not q.options[-1].correct for q in multiples), len(multiples)),
        "true_false_keyed_true": (sum(q.options[[o.text for o in q.options].index("True")].correct for q in tf), len(tf)),
        "strategies": {s.strategy: (len(s.wins), len(s.questions), round(s.chance_share)) for s in scores(qs)},
        "best_blind": (right, scored, round(100 * right / scored) if scored else 0,
                       round(100 * by_chance / scored) if scored else 0),
    }
