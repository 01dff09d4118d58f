"""One set of rules for a journal backup: JupyterLab's (journal.check_backup) against the contract
cases in tests/fixtures/backup-contract/, which the book's (static/backup.js) is run against by
`node --test tests/js/` too; and the node run itself, so that pytest fails when the book's side
does."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT
from wellbeing_course.course import load_course
from wellbeing_course.html import journal_course_data
from wellbeing_course.journal import check_backup

CASES = ROOT / "tests" / "fixtures" / "backup-contract"
COURSE = json.loads((CASES / "course.json").read_text(encoding="utf-8"))
FIXTURES = sorted(p for p in CASES.glob("*.json") if p.name != "course.json")


@pytest.mark.parametrize("case", FIXTURES, ids=lambda p: p.stem)
def test_jupyterlab_reads_a_backup_by_the_contract(case):
    fixture = json.loads(case.read_text(encoding="utf-8"))
    assert check_backup(fixture["backup"], COURSE) == fixture["expected"]


def test_the_book_reads_a_backup_by_the_contract():
    """The same cases through the book's script, in Node."""
    assert shutil.which("node"), "Node.js runs the book's side of the contract"
    run = subprocess.run(["node", "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]


def test_the_contract_course_is_shaped_as_the_journal_page_carries_it():
    """The cases' course has the shape of the real course data, so the cases test what both read."""
    real = journal_course_data(load_course(ROOT))
    assert set(real) == set(COURSE) == {"pages", "questions"}
    assert set(real["pages"][0]) == set(COURSE["pages"][0])
    assert set(real["pages"][0]["reflections"][0]) == set(COURSE["pages"][0]["reflections"][0])
    assert set(real["questions"][0]) == set(COURSE["questions"][0])
