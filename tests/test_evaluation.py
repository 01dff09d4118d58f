"""The evaluation analysis: templates, the sample CSVs, broken files, the chart and the guide's page."""

from __future__ import annotations

import csv
import re
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from wellbeing_course.__main__ import main
from wellbeing_course.errors import CourseError
from wellbeing_course.guide.book import generate
from wellbeing_course.guide.myst import unescape
from wellbeing_course.evaluation import FORMS, load_forms, read_results

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "facilitator" / "evaluation"
SELF_CHECK = FOLDER / "self-check-sample.csv"
WORKSHOP = FOLDER / "workshop-evaluation-sample.csv"
HEADER = FORMS["self-check"].columns


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def good_row(code: str, phase: str, rating: str = "3") -> str:
    return ",".join([code, phase] + [rating] * 6 + ["", ""])


def test_templates_have_the_forms_columns():
    """Each template is a header row with exactly its form's columns, in order, and nothing else."""
    for name, template in (("self-check", "self-check-template.csv"), ("workshop", "workshop-evaluation-template.csv")):
        rows = list(csv.reader((FOLDER / template).open(encoding="utf-8")))
        assert rows == [FORMS[name].columns]


def test_samples_are_marked_as_invented():
    """The sample CSVs use SAMPLE- codes and mark every free-text answer as a sample."""
    for path in (SELF_CHECK, WORKSHOP):
        results = read_results(path)
        assert all(code.startswith("SAMPLE-") for code in results.frame["participant"])
        for answers in results.free_text().values():
            assert all(a.startswith("Sample answer:") for a in answers)


def test_self_check_sample_summary():
    """The sample self-check is read without problems; the per-item averages and the pre/post change
    match what pandas computes from the file directly."""
    results = read_results(SELF_CHECK)
    raw = pd.read_csv(SELF_CHECK)

    assert results.problems == []
    assert len(results.frame) == len(raw)
    averages = results.averages().set_index("Item")
    change = results.change().set_index("Item")
    for item in FORMS["self-check"].ratings:
        pre = raw.loc[raw.phase == "pre", item.column].mean()
        post = raw.loc[raw.phase == "post", item.column].mean()
        assert averages.loc[item.label, "Average (pre)"] == pytest.approx(pre, abs=0.005)
        assert averages.loc[item.label, "Average (post)"] == pytest.approx(post, abs=0.005)
        assert change.loc[item.label, "Change"] == pytest.approx(post - pre, abs=0.01)
        both = raw.pivot(index="participant", columns="phase", values=item.column).dropna()
        assert change.loc[item.label, "Paired participants"] == len(both)
        assert change.loc[item.label, "Average paired change"] == pytest.approx((both.post - both.pre).mean(), abs=0.005)


def test_workshop_sample_summary_and_free_text():
    """The end-of-workshop sample: averages per item, counts per rating, and free-text answers gathered
    under their question, blank answers left out."""
    results = read_results(WORKSHOP)
    raw = pd.read_csv(WORKSHOP)

    assert results.form.name == "workshop" and results.problems == []
    averages = results.averages().set_index("Item")
    for item in FORMS["workshop"].ratings:
        assert averages.loc[item.label, "Average"] == pytest.approx(raw[item.column].mean(), abs=0.005)
        assert sum(averages.loc[item.label, str(s)] for s in range(1, 6)) == raw[item.column].count()
    texts = results.free_text()
    assert list(texts) == [i.text for i in FORMS["workshop"].texts]
    assert texts["What was most useful?"] == raw["most_useful"].dropna().tolist()


def test_command_prints_tables_and_writes_a_chart(tmp_path, capsys):
    """`python -m wellbeing_course evaluation FILE --chart PNG` prints the tables and writes a PNG
    with no web address in it (matplotlib's own metadata is left out)."""
    chart = tmp_path / "chart.png"

    assert main(["evaluation", str(SELF_CHECK), "--chart", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "Per-item averages" in out and "Pre/post change" in out and "Free-text answers, by question" in out
    data = chart.read_bytes()
    assert data.startswith(b"\x89PNG") and b"http" not in data and b"matplotlib.org" not in data
    assert matplotlib.get_backend().lower() == "agg"


def test_each_bad_row_gets_a_message_and_the_rest_is_summarized(tmp_path, capsys):
    """Blank lines, missing and extra values, out-of-range and non-number ratings, and an unknown
    phase each get a message naming their row; the good rows and good answers are still summarized."""
    path = write(tmp_path / "broken.csv", [
        ",".join(HEADER),                                   # row 1
        good_row("P01", "pre", "2"),                         # row 2: good
        "",                                                  # row 3: blank
        "P02,pre,3,3",                                       # row 4: missing values
        good_row("P03", "pre") + ",surplus,values",          # row 5: extra values
        "P04,post,4,9,4,4,4,4,,",                            # row 6: 9 is out of range; the rest counts
        "P05,post,4,five,4,4,0,4,,",                         # row 7: 'five' and 0 are not ratings
        good_row("P06", "during"),                           # row 8: unknown phase
        ",,,,,,,,,",                                         # row 9: only commas
        good_row("P01", "post", "4"),                        # row 10: good
    ])
    results = read_results(path)
    messages = [p.message for p in results.problems]

    for row in (3, 4, 5, 6, 7, 8, 9):
        assert any(m.startswith(f"row {row}") for m in messages), (row, messages)
    assert [p.line for p in results.problems] == sorted(p.line for p in results.problems)
    assert any("row 6 (participant P04), column 'worker_safety': '9'" in m for m in messages)
    assert sum("row 7" in m for m in messages) == 2
    assert list(results.frame["row"]) == [2, 6, 7, 10]
    averages = results.averages().set_index("Item")
    assert averages.loc["Worker safety", "Answers (post)"] == 1     # P04's 9 and P05's 'five' left out
    assert averages.loc["Rescue to wellbeing", "Average (post)"] == 4
    assert results.change().set_index("Item").loc["Rescue to wellbeing", "Average paired change"] == 2

    assert main(["evaluation", str(path), "--chart", str(tmp_path / "c.png")]) == 0
    err = capsys.readouterr().err
    assert "broken.csv:4: row 4 (participant P02) has 4 value(s)" in err
    assert (tmp_path / "c.png").is_file()


def test_a_latin1_file_is_read_with_a_note(tmp_path):
    """A file saved as Windows-1252/latin-1 is read, its accented letters kept, with a message."""
    header = ",".join(FORMS["workshop"].columns)
    path = write(tmp_path / "latin1.csv", [header, "W1,5,4,5,4,5,4,Le café et les échanges,,", "W2,4,4,4,4,4,4,,,"],
                 encoding="latin-1")
    results = read_results(path)

    assert len(results.frame) == 2
    assert any("not UTF-8" in p.message and "row 2" in p.message for p in results.problems)
    assert results.free_text()["What was most useful?"] == ["Le café et les échanges"]


def test_a_utf8_file_with_one_windows_1252_row_names_that_line_and_keeps_every_accent(tmp_path):
    """A row pasted from another program into a UTF-8 file: that line is named, and neither its
    accents nor the other rows' are garbled (reading the whole file as Windows-1252 turned every
    'é' of the UTF-8 rows into 'Ã©')."""
    header = ",".join(FORMS["workshop"].columns)
    lines = [header, "W1,5,4,5,4,5,4,Le café et les échanges,,", "W2,4,4,4,4,4,4,Señora Núñez,,",
             "W3,4,4,4,4,4,4,,,"]
    raw = "\n".join(lines[:2]).encode("utf-8") + b"\n" + lines[2].encode("cp1252") + b"\n" + \
        "\n".join(lines[3:]).encode("utf-8") + b"\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    results = read_results(path)

    assert results.free_text()["What was most useful?"] == ["Le café et les échanges", "Señora Núñez"]
    assert [str(p) for p in results.problems if "UTF-8" in p.message] == [
        f"{path}:3: line 3 is not UTF-8 like the rest of the file; it was read as Windows-1252: check its "
        "accented letters, and save the file as 'CSV UTF-8'"]


def test_a_huge_file_is_refused_at_once_with_its_size(tmp_path, capsys):
    """A 3 GB file (sparse, so it costs no disk) is refused before it is read: no MemoryError, a
    message with both sizes, and the command exits 1, at once."""
    path = tmp_path / "huge.csv"
    with open(path, "wb") as file:
        file.truncate(3 * 1024 ** 3)
    started = time.monotonic()
    assert main(["evaluation", str(path)]) == 1
    assert time.monotonic() - started < 5
    assert capsys.readouterr().err.splitlines()[0] == f"{path}: too large (3,072 MB; the limit is 10 MB)"


def test_a_utf16_file_is_read_with_a_note(tmp_path):
    """A UTF-16 file (as some spreadsheets save 'Unicode text') is read, with a message."""
    path = write(tmp_path / "utf16.csv", [",".join(HEADER), good_row("P1", "pre", "1"), good_row("P1", "post", "5")],
                 encoding="utf-16")
    results = read_results(path)

    assert any("UTF-16" in p.message for p in results.problems)
    assert results.change().loc[0, "Change"] == 4


def test_a_file_that_is_no_form_is_a_course_error(tmp_path, capsys):
    """A CSV whose header matches neither form cannot be summarized: a CourseError naming row 1, and
    the command exits 1."""
    path = write(tmp_path / "other.csv", ["name,score", "A,3"])
    with pytest.raises(CourseError) as err:
        read_results(path)
    assert err.value.problems[0].line == 1
    assert main(["evaluation", str(path)]) == 1
    assert "does not match either form" in capsys.readouterr().err


@pytest.mark.slow  # reads the built guide
def test_the_guide_shows_the_sample_analysis():
    """The guide's evaluation page shows the sample's tables and both charts, each with alt text that
    gives its numbers, and holds no outside web address."""
    html = (ROOT / "facilitator" / "_build" / "html" / "generated" / "evaluation.html").read_text(encoding="utf-8")
    body = html.split('<main', 1)[1].split("</main>", 1)[0]
    alts = re.findall(r'<img alt="([^"]+)"', body)
    assert len(alts) == 2 and all(a.startswith("Bar chart of the average rating") for a in alts)
    results = read_results(SELF_CHECK)
    first = results.averages().iloc[0]
    assert f"{first['Average (pre)']:.2f}" in alts[0] and f"{first['Average (pre)']:.2f}" in body
    assert body.count("<table") >= 5
    assert not re.search(r"https?://", body)


def _course_copy(tmp_path: Path) -> Path:
    """A copy of the course's sources (not its builds), to change without touching the real one."""
    copy = tmp_path / "course"
    skip = shutil.ignore_patterns("_build", "generated", ".jupyter_cache", "__pycache__")
    copy.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, copy / name)
    for name in ("modules", "quizzes", "book", "assessment", "facilitator"):
        shutil.copytree(ROOT / name, copy / name, ignore=skip)
    return copy


def test_a_question_added_to_the_definition_reaches_paper_template_and_analysis(tmp_path):
    """An item added to forms.yml (in a copy of the course) is on the paper form, in the CSV
    template and in the analysis, with no other change."""
    course_root = _course_copy(tmp_path)
    definition = course_root / "facilitator" / "evaluation" / "forms.yml"
    text = definition.read_text(encoding="utf-8")
    added = ("      - column: knew_where_to_pause\n"
             "        label: Knew where to pause\n"
             "        text: I knew where I could go if I needed a pause.\n")
    anchor = "        text: I feel more able to apply a wellbeing approach in my work.\n"
    definition.write_text(text.replace(anchor, anchor + added), encoding="utf-8")

    generate(course_root)
    paper = unescape((course_root / "facilitator" / "generated" / "forms.md").read_text(encoding="utf-8"))
    template = (course_root / "facilitator" / "evaluation" / "workshop-evaluation-template.csv").read_text(encoding="utf-8")
    forms = load_forms(definition)
    filled = tmp_path / "filled.csv"
    filled.write_text(template + "W1,5,4,5,4,5,4,2,,,\nW2,4,4,4,4,4,4,4,,,\n", encoding="utf-8")
    results = read_results(filled, forms)

    assert "I knew where I could go if I needed a pause." in paper
    assert "knew_where_to_pause" in template.split(",")
    assert results.problems == []
    assert results.averages().set_index("Item").loc["Knew where to pause", "Average"] == 3
    assert "knew_where_to_pause" not in FORMS["workshop"].columns   # the real course is untouched


def test_a_broken_definition_names_its_line(tmp_path):
    """A mistake in forms.yml is a CourseError that names the file and line, not a traceback."""
    broken = tmp_path / "forms.yml"
    broken.write_text("forms:\n  - name: workshop\n    title: T\n    scale: s\n    phased: false\n"
                      "    ratings:\n      - column: Bad Column\n        label: L\n        text: T\n    texts: []\n"
                      "    colour: blue\n", encoding="utf-8")
    with pytest.raises(CourseError) as err:
        load_forms(broken)

    messages = [str(p) for p in err.value.problems]
    assert any(":7:" in m and "Bad Column" in m for m in messages), messages
    assert any(":11:" in m and "unknown key 'colour'" in m for m in messages), messages


def _definition_problems(tmp_path: Path, *changes: tuple[str, str]) -> list[str]:
    """The problems of the course's forms.yml with each (old, new) change made (in a copy)."""
    definition = tmp_path / "forms.yml"
    text = (Path(__file__).resolve().parents[1] / "facilitator" / "evaluation" / "forms.yml").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, f"{old!r} is no longer in forms.yml"
        text = text.replace(old, new, 1)
    definition.write_text(text, encoding="utf-8")
    with pytest.raises(CourseError) as err:
        load_forms(definition)
    return [str(p) for p in err.value.problems]


def test_a_phased_that_is_not_true_or_false_is_named(tmp_path):
    """'phased: yes please' used to make the form silently unphased: the pre/post change vanished."""
    problems = _definition_problems(tmp_path, ("    phased: true\n", "    phased: yes please\n"))

    assert problems == [f"{tmp_path / 'forms.yml'}:20:13: form 'self-check': 'phased' should be true or false, "
                        "not 'yes please'"], problems


def test_items_without_their_column_are_one_problem_each(tmp_path):
    """Each missing column is reported once, at its item, not also as "the column '' is used twice"."""
    problems = _definition_problems(tmp_path, ("      - column: worker_safety\n        label:", "      - label:"),
                                    ("      - column: earning_trust\n        label:", "      - label:"))

    shown = tmp_path / "forms.yml"
    assert problems == [f"{shown}:25:9: form 'self-check': 'ratings', item 2 needs 'column:'",
                        f"{shown}:27:9: form 'self-check': 'ratings', item 3 needs 'column:'"], problems


# --- What a facilitator sees from the command (run as they run it) ---------------------------

# Any character that moves, recolours or clears a terminal; the tab and line break are layout.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def evaluate(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m wellbeing_course evaluation ARGS`, run in ``folder`` as a facilitator would."""
    return subprocess.run([sys.executable, "-m", "wellbeing_course", "evaluation", *args], cwd=folder,
                          capture_output=True, text=True, encoding="utf-8", errors="replace")


def refused(run: subprocess.CompletedProcess) -> list[str]:
    """The stderr lines of a run that must fail cleanly: exit 1, no traceback, nothing summarized."""
    assert run.returncode == 1, (run.returncode, run.stderr)
    assert "Traceback" not in run.stderr and "Error:" not in run.stderr, run.stderr
    assert "response(s) summarized" not in run.stdout
    return run.stderr.splitlines()


def test_an_unclosed_quotation_mark_names_the_row_it_opens_on(tmp_path):
    """An answer that opens a quotation mark and never closes it would swallow every later row: the
    command refuses the file and names the row where the quotation mark is (not the end of the file)."""
    path = write(tmp_path / "unclosed.csv", [",".join(HEADER), good_row("P01", "pre"),
                                              good_row("P02", "pre")[:-2] + ',"I hope to learn,',
                                              *[good_row(f"P{n:02}", "post") for n in range(3, 60)]])

    lines = refused(evaluate(tmp_path, "unclosed.csv"))
    assert lines == ["unclosed.csv:3: row 3: an answer starts with a quotation mark that is not closed on this row "
                     "(no quotation mark closes it before the end of the file), so every row after it would be "
                     "read as part of that answer; close the quotation mark, or remove it, and run again"]


def test_a_quotation_mark_closed_rows_later_names_both_rows(tmp_path):
    """When the next quotation mark (rows later, opening another answer) closes it, the file is refused
    too, naming the row that opens it and the line that closes it; a long run past the csv module's
    field limit is named the same way."""
    closing = good_row("P09", "post")[:-2] + ',"Sample answer: more time",'
    path = write(tmp_path / "late.csv", [",".join(HEADER), good_row("P01", "pre")[:-2] + ',"Sample answer: more,',
                                         *[good_row(f"P{n:02}", "pre") for n in range(2, 9)], closing])
    assert refused(evaluate(tmp_path, "late.csv"))[0].startswith(
        "late.csv:2: row 2: an answer starts with a quotation mark that is not closed on this row (the next "
        "quotation mark is on line 10)")

    long = write(tmp_path / "long.csv", [",".join(HEADER), good_row("P01", "pre")[:-2] + ',"open',
                                         *[good_row("P02", "post", "4") + ",x" * 40 for _ in range(2000)]])
    assert long.stat().st_size > 131072
    assert refused(evaluate(tmp_path, "long.csv"))[0].startswith("long.csv:2: row 2: an answer starts with a quotation mark")


def test_a_quotation_mark_closed_at_a_later_row_end_names_the_rows_it_runs_over(tmp_path):
    """A quotation mark closed by the last character of a later row makes one long row: its message
    says where it runs to, so the rows swallowed are not lost without a word."""
    path = write(tmp_path / "merged.csv", [",".join(HEADER), good_row("P01", "pre")[:-2] + ',"Sample answer: a,',
                                           good_row("P02", "pre") + '"', good_row("P03", "pre")])
    results = read_results(path)

    assert list(results.frame["row"]) == [4]
    assert [p.line for p in results.problems] == [2]
    assert "it runs on to line 3, so a quotation mark on row 2 may not be closed" in results.problems[0].message


def test_answers_in_quotation_marks_keep_their_commas_line_breaks_and_quotes(tmp_path):
    """What spreadsheets write is still read: an answer over two lines, with commas and doubled quotes."""
    path = write(tmp_path / "quoted.csv", [",".join(HEADER),
                                           good_row("P01", "pre")[:-2] + ',"Sample answer: ask, then\nlisten ""first""",',
                                           good_row("P01", "post")])
    results = read_results(path)

    assert results.problems == []
    assert list(results.frame["row"]) == [2, 4]
    assert results.free_text()[FORMS["self-check"].item("hopes").text] == ['Sample answer: ask, then\nlisten "first"']


def test_a_column_twice_in_the_header_is_refused(tmp_path):
    """A column given twice would have one column's answers replace the other's: the file is refused,
    naming the column, both spreadsheet columns and row 1."""
    header = HEADER[:4] + ["Worker_Safety"] + HEADER[4:]
    write(tmp_path / "twice.csv", [",".join(header), "P01,pre,3,1,5,3,3,3,3,,"])

    assert refused(evaluate(tmp_path, "twice.csv")) == [
        "twice.csv:1: row 1 (the header): the column 'worker_safety' is there twice (columns D and E), so the "
        "answers in one of them would be lost; keep one, or rename the other, and run again"]


@pytest.mark.parametrize("separator, name", [(";", "semicolons"), ("\t", "tabs")])
def test_semicolon_and_tab_separated_exports_are_read(tmp_path, capsys, separator, name):
    """Spreadsheets in many languages save CSV with semicolons (and decimal commas), or as tab-separated
    text: read like the comma-separated sample, with the same averages, and the report says how."""
    raw = pd.read_csv(SELF_CHECK, keep_default_na=False, dtype=str)
    rows = [separator.join(HEADER)]
    for record in raw.itertuples(index=False):
        cells = [c.replace(".", ",") if c.replace(".", "").isdigit() else c for c in record]
        rows.append(separator.join(f'"{c}"' if separator in c or "," in c else c for c in cells))
    path = write(tmp_path / "exported.csv", rows)
    results = read_results(path)

    assert results.problems == []
    assert results.averages().equals(read_results(SELF_CHECK).averages())
    assert results.free_text() == read_results(SELF_CHECK).free_text()
    assert main(["evaluation", str(path), "--chart", str(tmp_path / "chart.png")]) == 0
    assert f"response(s) summarized from {path} (columns separated by {name})" in capsys.readouterr().out


@pytest.mark.parametrize("header, counts", [
    ("participant,phase;worker_safety", "commas: 1, semicolons: 1, tabs: 0"),
    ("participant phase worker_safety", "commas: 0, semicolons: 0, tabs: 0"),
])
def test_a_header_with_no_clear_separator_names_the_separators_tried(tmp_path, header, counts):
    """When the header row does not say which separator the file uses, the message names the three
    tried and how many of each row 1 has."""
    write(tmp_path / "unclear.csv", [header, "P01,pre;3"])

    lines = refused(evaluate(tmp_path, "unclear.csv"))
    assert len(lines) == 1 and lines[0].startswith("unclear.csv:1: row 1 (the header) has ") and f"({counts})" in lines[0]


def test_control_characters_in_answers_never_reach_the_terminal(tmp_path):
    """Escape sequences and control characters in answers, codes and ratings are not printed (so an
    answer cannot clear, recolour or retitle the facilitator's terminal, or pass for a message line);
    the answers themselves are kept as written."""
    answer = "\x1b[2J\x1b]0;pwned\x07\x1b[31mRed\x1b[0m text\x07\r\u202eevil\x00"
    path = write(tmp_path / "ctrl.csv", [",".join(HEADER),
                                         f"P\x1b[5m01,pre,3,3,3,3,3,3,\"{answer}\nnext.csv:9: spoofed line\",",
                                         "P02,post,\x1b[1m9,3,3,3,3,3,,"])

    run = evaluate(tmp_path, "ctrl.csv", "--chart", "chart.png")
    assert run.returncode == 0, run.stderr
    assert not TERMINAL_CONTROL.findall(run.stdout + run.stderr)
    assert "  - Red text\ufffd \ufffdevil\ufffd next.csv:9: spoofed line\n" in run.stdout
    assert all(line.startswith("ctrl.csv:") for line in run.stderr.splitlines()[:-1]), run.stderr
    assert "column 'rescue_to_wellbeing': '9' is not a rating" in run.stderr
    kept = read_results(path).free_text()[FORMS["self-check"].item("hopes").text]
    assert kept == [answer + "\nnext.csv:9: spoofed line"]


@pytest.mark.parametrize("where", ["folder", "under a file", "read-only folder"])
def test_a_chart_that_cannot_be_written_is_one_message(tmp_path, where):
    """A --chart path that is a folder, that is under a file, or in a folder that cannot be written is
    one clear message and exit 1, after the summary, not a traceback."""
    write(tmp_path / "results.csv", [",".join(HEADER), good_row("P01", "pre")])
    chart, expected = {
        "folder": ("charts", "charts: cannot write the chart: this is a folder; give the chart a file name"),
        "under a file": ("results.csv/chart.png", "results.csv/chart.png: cannot write the chart: results.csv is "
                         "a file, not a folder"),
        "read-only folder": ("locked/chart.png", "locked/chart.png: cannot write the chart there (Permission denied)"),
    }[where]
    (tmp_path / "charts").mkdir()
    (tmp_path / "locked").mkdir(mode=0o500)
    if where == "read-only folder" and os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder")

    run = evaluate(tmp_path, "results.csv", "--chart", chart)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert "1 response(s) summarized" in run.stdout
    assert run.stderr.splitlines()[-1].startswith(expected), run.stderr


@pytest.mark.parametrize("name, content, message", [
    ("missing.csv", None, "missing.csv: cannot read the file: No such file or directory"),
    ("empty.csv", b"", "empty.csv:1: the file has no header row and no answers"),
    ("blank.csv", b"\n\n", "blank.csv:1: row 1 is blank; it is skipped"),
    ("other.csv", b"name,score\nA,3\n", "other.csv:1: row 1 (the header), split at each comma, does not match"),
    ("folder.csv", "folder", "folder.csv: cannot read the file: Is a directory"),
    ("bad-quote.csv", ",".join(HEADER).encode() + b'\nP01,pre,"3"x,3,3,3,3,3,,\n',
     'bad-quote.csv:2: row 2: text follows the quotation mark that closes an answer'),
    ("no-rows.csv", ",".join(HEADER).encode() + b"\nP01,during,3,3,3,3,3,3,,\n",
     "no-rows.csv: no row could be summarized, so no chart was written"),
])
def test_every_failure_is_a_file_and_line_message_and_exit_1(tmp_path, name, content, message):
    """Whatever is wrong with the file, the command says so in a 'file:line: message' line (the file
    alone where no line applies) and exits 1, never with a traceback."""
    if content == "folder":
        (tmp_path / name).mkdir()
    elif content is not None:
        (tmp_path / name).write_bytes(content)

    run = evaluate(tmp_path, name, "--chart", "chart.png")
    assert run.returncode == 1, run.stdout
    assert "Traceback" not in run.stderr
    assert any(line.startswith(message) for line in run.stderr.splitlines()), run.stderr
    assert not (tmp_path / "chart.png").exists()
