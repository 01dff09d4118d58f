"""The course speaks in its own words: no run of 12 or more consecutive words of a Wellbeing Model
page appears anywhere in the course outside quotation marks.

A quotation (at most a sentence, in quotation marks, naming its page) is how the course repeats the
model's words; anything longer and unmarked is copying. The pages are read from ``../shared/seeds/``
beside the repository, where the course's sources are kept (and where CI keeps them too).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 12
# Everything a learner, facilitator or board member reads.
COURSE_GLOBS = ["modules/*.md", "book/*.md", "quizzes/*.yml", "facilitator/*.md", "assessment/*.yml"]
# A quotation: straight or curly double quotes, within one paragraph (no blank line inside).
QUOTATION = re.compile(r'"(?:[^"\n]|\n(?![ \t]*\n))*"|“[^”]*”')
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
BREAK = "\x00"  # stands where a quotation was, so a run cannot reach across it


def words(text: str) -> list[tuple[str, int]]:
    """The words of a text with the 1-based line each stands on; quotations become a break."""
    text = text.replace("’", "'").replace("‘", "'").lower()
    out: list[tuple[str, int]] = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        for token in re.finditer(r"\x00|[a-z0-9]+(?:'[a-z]+)?", line):
            out.append((token.group(0), line_no))
    return out


def unquoted(text: str) -> str:
    """The text with each quotation replaced by a break, keeping its newlines so lines still count."""
    return QUOTATION.sub(lambda m: BREAK + "\n" * m.group(0).count("\n"), text)


def seed_runs() -> dict[tuple[str, ...], str]:
    """Every run of RUN consecutive words on a seed page, mapped to that page's title line."""
    runs: dict[tuple[str, ...], str] = {}
    for page in sorted(SEEDS.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        seq = [w for w, _ in words(text)]
        for i in range(len(seq) - RUN + 1):
            runs.setdefault(tuple(seq[i:i + RUN]), page.name)
    return runs


def copied_passages(text: str, runs: dict[tuple[str, ...], str]) -> list[tuple[int, int, str, str]]:
    """(line, length in words, seed page, the copied words) for each unquoted passage copied from a seed."""
    seq = words(unquoted(text))
    found, i = [], 0
    while i <= len(seq) - RUN:
        key = tuple(w for w, _ in seq[i:i + RUN])
        if BREAK in key or key not in runs:
            i += 1
            continue
        end = i + RUN  # extend the copied passage as far as it goes
        while end < len(seq) and seq[end][0] != BREAK and tuple(w for w, _ in seq[end - RUN + 1:end + 1]) in runs:
            end += 1
        found.append((seq[i][1], end - i, runs[key], " ".join(w for w, _ in seq[i:end])))
        i = end
    return found


@pytest.fixture(scope="module")
def runs():
    # A clone on its own has no seed pages beside it: the check is skipped there, with one line saying
    # what is missing. CI keeps the pages beside the repository, so there a missing folder is a fault.
    if not SEEDS.is_dir():
        missing = f"the Wellbeing Model pages are not at {SEEDS}: the copying check needs them"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    return seed_runs()


COPIED_FIXTURE = """\
Some folks think this is easy.
Consensual workers who are not forced to "fly under the radar" can be our best allies in the work
to end human trafficking, as they can refer people being exploited to resources.
"""


def test_copying_check_finds_a_copied_paragraph(runs):
    """A paragraph lifted from "worker safety reduces violence" without quotation marks is caught, with its line."""
    found = copied_passages(COPIED_FIXTURE, runs)

    assert [(line, page) for line, _, page, _ in found] == [(2, "000_5fc26abb61e00b4a.txt")]
    assert found[0][3].startswith("can be our best allies")
    assert found[0][1] >= RUN


def test_copying_check_allows_a_quotation(runs):
    """The same words inside quotation marks are a quotation, not copying."""
    quoted = 'The page says: "They have more autonomy over what choices they make, including what kinds of clients they will see."'
    own_words = "Workers who do not have to hide can choose their clients, their work and how they screen."

    assert copied_passages(quoted, runs) == []
    assert copied_passages(own_words, runs) == []


def _course_files():
    for path in sorted(p.relative_to(ROOT).as_posix() for pattern in COURSE_GLOBS for p in ROOT.glob(pattern)):
        yield pytest.param(path, id=path)


@pytest.mark.parametrize("path", list(_course_files()))
def test_course_is_in_its_own_words(path, runs):
    """No page of the course repeats 12 or more words of a seed page outside quotation marks."""
    found = copied_passages((ROOT / path).read_text(encoding="utf-8"), runs)

    assert not found, "\n".join(f"{path}:{line}: {n} words copied from {page} without quotation marks: {text}"
                                for line, n, page, text in found)
