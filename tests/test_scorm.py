"""The SCORM 1.2 package: `python -m wellbeing_course scorm` (make scorm) zips the built learner book with
an imsmanifest.xml; inside a learning system each module reports its quiz, outside one the pages are the book.

The learning system is tests/fixtures/scorm-lms.html with scorm-again's SCORM 1.2 runtime (tests/package.json):
it reads the manifest, makes window.API, and opens a module's SCO in a frame, as Moodle does.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import AXE, LEARNER, ROOT
from pagecheck import WCAG_TAGS, check_page
from wellbeing_course.course import load_course
from wellbeing_course.scorm import build_package
from wellbeing_course.words import word

pytestmark = pytest.mark.slow  # packages the built learner book

IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
LMS = "/tests/fixtures/scorm-lms.html"
REFLECTION = "Only on this device: the SCORM test's reflection 7f3a."
TIMESPAN = re.compile(r"^\d{4}:\d{2}:\d{2}\.\d{2}$")


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """The package, written by the command line as `make scorm` runs it, and unpacked."""
    assert (LEARNER / "index.html").exists(), "build the books first: make book"
    folder = tmp_path_factory.mktemp("scorm")
    zip_path = folder / "wellbeing-course-scorm12.zip"
    done = subprocess.run([sys.executable, "-m", "wellbeing_course", "scorm", "-o", str(zip_path)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "6 modules, one SCO each" in done.stdout
    unpacked = folder / "unpacked"
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(unpacked)
    return zip_path, unpacked


class _Handler(http.server.SimpleHTTPRequestHandler):
    """/package/... is the unpacked zip; everything else is the repository (the fixture and tests/node_modules)."""

    package_root: Path

    def translate_path(self, path):
        parts = urlparse(path).path
        if parts.startswith("/package/"):
            return str(self.package_root / unquote(parts[len("/package/"):]))
        return super().translate_path(path)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def lms_server(package):
    """One local server on a free port: the fixture learning system and the package, on one origin."""
    handler = type("Handler", (_Handler,), {"package_root": package[1]})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(ROOT)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def read_manifest(zip_path):
    with zipfile.ZipFile(zip_path) as z:
        return ET.fromstring(z.read("imsmanifest.xml")), set(z.namelist())


def test_manifest_reads_back(package):
    """SCORM 1.2 schema locations, one SCO per module in course order, every href in the zip, unique identifiers."""
    manifest, names = read_manifest(package[0])
    course = load_course(ROOT)

    assert manifest.tag == IMSCP + "manifest"
    locations = manifest.get(XSI + "schemaLocation").split()
    assert dict(zip(locations[::2], locations[1::2])) == {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
    }
    assert manifest.findtext(f"{IMSCP}metadata/{IMSCP}schema") == "ADL SCORM"
    assert manifest.findtext(f"{IMSCP}metadata/{IMSCP}schemaversion") == "1.2"

    identifiers = [e.get("identifier") for e in manifest.iter() if e.get("identifier")]
    assert len(identifiers) == len(set(identifiers))
    hrefs = [e.get("href") for e in manifest.iter() if e.get("href") is not None]
    assert hrefs and [h for h in hrefs if h not in names] == []

    organization = manifest.find(f"{IMSCP}organizations/{IMSCP}organization")
    assert manifest.find(f"{IMSCP}organizations").get("default") == organization.get("identifier")
    assert organization.findtext(f"{IMSCP}title") == "The Wellbeing Model"
    items = organization.findall(f"{IMSCP}item")
    resources = {r.get("identifier"): r for r in manifest.iter(IMSCP + "resource")}
    assert [i.findtext(f"{IMSCP}title") for i in items] == [m.title for m in course.modules]
    for item, module in zip(items, course.modules):
        sco = resources[item.get("identifierref")]
        assert sco.get(ADLCP + "scormtype") == "sco"
        assert sco.get("href") == f"modules/{module.slug}.html"
        assert item.findtext(f"{ADLCP}datafromlms") == module.slug
        shared = resources[sco.find(f"{IMSCP}dependency").get("identifierref")]
        assert shared.get(ADLCP + "scormtype") == "asset"
    # The shared asset resource lists every other file of the package.
    listed = {f.get("href") for f in manifest.iter(IMSCP + "file")}
    assert listed == names - {"imsmanifest.xml"}
    assert "index.html" in names and "_static/scorm.js" in names
    assert not [n for n in names if n.startswith("_sources/") or "/_sources/" in n]


def test_package_pages_load_the_scorm_script_before_the_course_script(package):
    """Every page with the course's script loads scorm.js just before it; the book's own pages never do."""
    unpacked = package[1]
    pages = sorted(unpacked.rglob("*.html"))
    with_course_script = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', html)
        ours = [s for s in scripts if "_static/wellbeing.js" in s]
        if not ours:
            continue
        with_course_script += 1
        position = scripts.index(ours[0])
        assert scripts[position - 1].endswith("_static/scorm.js"), page
        assert (page.parent / scripts[position - 1]).resolve() == (unpacked / "_static" / "scorm.js").resolve()
    assert with_course_script >= 13
    for page in LEARNER.rglob("*.html"):
        assert "scorm.js" not in page.read_text(encoding="utf-8"), page


def test_command_without_a_built_book_says_so(tmp_path):
    """`make scorm` before the book is built: one clear sentence, no traceback, no zip."""
    for part in ("_toc.yml", "modules", "quizzes"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    done = subprocess.run([sys.executable, "-m", "wellbeing_course", "scorm"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "WELLBEING_COURSE_ROOT": str(tmp_path)})

    assert done.returncode == 1
    assert "no built book here (run make book first)" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "_build" / "wellbeing-course-scorm12.zip").exists()


def test_organization_names_the_package(tmp_path):
    """With organization.yml, the package (and so the learning system's course list) carries the organization's name."""
    for part in ("_toc.yml", "modules", "quizzes"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    (tmp_path / "organization.yml").write_text("name: Riverbend Housing Network\n", encoding="utf-8")
    package = build_package(tmp_path, LEARNER, tmp_path / "package.zip")

    manifest, _ = read_manifest(package.path)
    title = manifest.findtext(f"{IMSCP}organizations/{IMSCP}organization/{IMSCP}title")
    assert "Riverbend Housing Network" in title


# ---- inside a learning system ----

def last_commit(page):
    return page.evaluate("lms.commits.length ? lms.commits[lms.commits.length - 1] : null")


def core_of(data):
    return (data.get("cmi") or data)["core"]


def sent(page, element):
    """The last value the SCO set for an element, as it sent it (scorm-again shortens HHHH to HH in its data)."""
    return page.evaluate("""e => lms.calls.filter(c => c.name === 'LMSSetValue' && c.args[0] === e)
                                          .map(c => c.args[1]).pop()""", element)


def wait_for_status(page, status):
    page.wait_for_function("""s => { const c = lms.commits[lms.commits.length - 1];
                                     return c && (c.cmi || c).core.lesson_status === s; }""", arg=status)


def answer_quiz(frame, questions):
    """Click through the quiz as a learner: the first scored question wrong, then Try again and right;
    every other scored question right at once; the first option of each question with no right answer."""
    first_scored = next(q for q in questions if q.scored)
    for q in questions:
        box = frame.locator(f"#wb-q-{q.id}")
        right = [n for n, o in enumerate(q.options) if o.correct]
        if q is first_scored:
            wrong = next(n for n, o in enumerate(q.options) if not o.correct)
            frame.click(f"label[for=wb-q-{q.id}-{wrong}]")
            box.get_by_role("button", name="Check").click()
            box.get_by_role("button", name="Try again").click()
        picks = (right if q.type == "multiple" else right[:1]) if q.scored else [0]
        for n in picks:
            frame.click(f"label[for=wb-q-{q.id}-{n}]")
        box.get_by_role("button", name="Check").click()
        frame.wait_for_function("id => document.getElementById(id).textContent !== ''", arg=f"wb-q-{q.id}-feedback")


def checked_and_order(frame, questions):
    return {q.id: frame.evaluate("""id => Array.from(document.querySelectorAll('#wb-q-' + id + ' .wb-option')).map(
                                      o => [o.dataset.option, o.querySelector('input').checked])""", q.id)
            for q in questions}


def test_module_reports_to_the_learning_system(browser, lms_server):
    """Launch a module's SCO: incomplete; after the quiz, completed with the first-try score and the answers
    in suspend_data; reflections never sent; LMSFinish once on leaving; a relaunch in a fresh profile
    shows the answers again, in the learner's option order."""
    course = load_course(ROOT)
    module = course.module("trust")
    questions = course.banks[module.slug].questions
    scored = [q for q in questions if q.scored]

    first = browser.new_context(viewport={"width": 1366, "height": 900})
    outside = []
    first.route("**/*", lambda r: (outside.append(r.request.url), r.abort())
                if not r.request.url.startswith(lms_server) else r.continue_())
    page = first.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(lms_server + LMS)
    page.evaluate("item => launch('/package/', item, null)", f"item-{module.slug}")
    sco = page.frame(url=re.compile(r"/package/modules/trust\.html"))

    wait_for_status(page, "incomplete")
    launch = core_of(last_commit(page))
    assert launch["score"]["raw"] == ""
    assert TIMESPAN.match(sent(page, "cmi.core.session_time"))

    # Where the learner writes, the module says the learning system does not receive it.
    reflection = sco.locator(".wb-reflection").first
    note = reflection.locator(".wb-scorm-note")
    assert note.inner_text() == word("scorm.reflection_session")
    described = reflection.locator("textarea").get_attribute("aria-describedby").split()
    assert note.get_attribute("id") in described
    reflection.locator("textarea").fill(REFLECTION)
    reflection.get_by_text("Saved on this device.").wait_for()

    answer_quiz(sco, questions)
    wait_for_status(page, "completed")
    done = last_commit(page)
    core = core_of(done)
    assert core["score"] == {"raw": str(round(100 * (len(scored) - 1) / len(scored))), "min": "0", "max": "100"}
    assert core["exit"] == "suspend"
    suspend = (done.get("cmi") or done)["suspend_data"]
    assert 0 < len(suspend) <= 4096
    assert set(json.loads(suspend)["q"]) == {q.id for q in questions}

    # axe inside the learning system's frame, with the note shown.
    sco.add_script_tag(path=str(AXE))
    violations = sco.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map(v => v.id))",
                              WCAG_TAGS)
    assert violations == []

    answers = checked_and_order(sco, questions)
    page.evaluate("closeSco()")
    page.wait_for_function("lms.final !== null")
    calls = page.evaluate("lms.calls")
    names = [c["name"] for c in calls]
    assert names.count("LMSInitialize") == 1 and names.count("LMSFinish") == 1 and names[-1] == "LMSFinish"
    assert [c for c in calls if c["name"] != "LMSGetValue" and (c["result"] != "true" or c["error"] != "0")] == []
    assert names.count("LMSCommit") >= len(questions) + 1  # at launch, after every answer, on leaving
    final = page.evaluate("lms.final")
    assert core_of(final)["lesson_status"] == "completed"
    assert TIMESPAN.match(sent(page, "cmi.core.session_time"))
    everything = page.evaluate("JSON.stringify(lms)")
    assert REFLECTION not in everything and "7f3a" not in everything
    saved = page.evaluate("savedRecord()")
    assert outside == [] and errors == []
    first.close()

    # A relaunch on another device: a fresh profile, with the learning system's saved record.
    second = browser.new_context(viewport={"width": 1366, "height": 900})
    page = second.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(lms_server + LMS)
    page.evaluate("([item, saved]) => launch('/package/', item, saved)", [f"item-{module.slug}", saved])
    wait_for_status(page, "completed")
    sco = page.frame(url=re.compile(r"/package/modules/trust\.html"))
    assert checked_and_order(sco, questions) == answers
    for q in scored:
        assert "Yes, that's right." in sco.locator(f"#wb-q-{q.id}-feedback").inner_text()
    assert sco.locator(".wb-reflection textarea").first.input_value() == ""  # the reflection stayed on the first device
    assert errors == []
    second.close()


def open_lms(context):
    """A new tab on the learning system, recording page errors."""
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    return page


def launch(page, lms_server, slug, record=None, faults=None):
    """Open the learning system in ``page`` and launch a module's SCO with ``record`` (the learner's saved
    record: student_id, entry, suspend_data...) and ``faults`` (see the fixture); returns the SCO's frame."""
    page.goto(lms_server + LMS)
    if faults:
        page.evaluate("f => Object.assign(window.faults, f)", faults)
    page.evaluate("([item, saved]) => launch('/package/', item, saved)", [f"item-{slug}", record])
    page.wait_for_function("lms.commits.length > 0")  # the SCO's first report, whatever it says
    return page.frame(url=re.compile(rf"/package/modules/{slug}\.html"))


def learner(student_id, saved=None):
    """A learner's record as the learning system gives it: a first attempt, or the saved one resumed."""
    record = json.loads(json.dumps(saved)) if saved else {"core": {"lesson_status": "not attempted", "entry": "ab-initio"}}
    record["core"]["student_id"] = student_id
    return record


def stored(frame, area):
    """Everything a storage of the package's origin holds, as one text."""
    return frame.evaluate(f"JSON.stringify(Object.entries(window.{area}))")


def close_sco(page):
    """The learner leaves the module; returns what the learning system keeps for the next launch."""
    page.evaluate("closeSco()")
    page.wait_for_function("lms.final !== null")
    return page.evaluate("savedRecord()")


def test_second_learner_on_the_same_browser_starts_empty(browser, lms_server):
    """Issue 24: two learners (different cmi.core.student_id) on one browser. The second starts
    "incomplete" with no answer, score or reflection of the first; a new attempt of the first starts
    empty too. A reflection lasts for the window unless its writer ticks "keep on this computer",
    and the box says which; a resumed attempt shows the answers and the kept reflection."""
    course = load_course(ROOT)
    questions = course.banks["trust"].questions
    context = browser.new_context(viewport={"width": 1366, "height": 900})

    # The first learner completes the module and writes a reflection.
    page = open_lms(context)
    sco = launch(page, lms_server, "trust", learner("alice-1001"))
    answer_quiz(sco, questions)
    wait_for_status(page, "completed")
    box = sco.locator(".wb-reflection").first
    box.locator("textarea").fill("Alice's words 51c2")
    box.get_by_text(word("reflection.saved")).wait_for()
    saved = close_sco(page)
    page.close()  # her window closes

    # The second learner, same browser: nothing of the first.
    page = open_lms(context)
    sco = launch(page, lms_server, "trust", learner("bob-2002"))
    statuses = [core_of(c)["lesson_status"] for c in page.evaluate("lms.commits")]
    assert statuses and set(statuses) == {"incomplete"}
    assert core_of(last_commit(page))["score"]["raw"] == ""
    assert sco.locator(".wb-feedback:not(:empty)").count() == 0
    areas = sco.locator(".wb-reflection textarea")
    assert [a.input_value() for a in areas.all()] == [""] * areas.count()
    assert page.errors == []
    page.close()

    # The first learner's new attempt (cmi.core.entry "ab-initio") starts empty as well.
    page = open_lms(context)
    sco = launch(page, lms_server, "trust", learner("alice-1001"))
    assert {core_of(c)["lesson_status"] for c in page.evaluate("lms.commits")} == {"incomplete"}
    assert sco.locator(".wb-feedback:not(:empty)").count() == 0
    assert sco.locator(".wb-reflection textarea").first.input_value() == ""
    page.close()

    # She resumes her first attempt in a new window: her answers come back; the reflection, written
    # for that window only, does not. This time she keeps what she writes.
    page = open_lms(context)
    sco = launch(page, lms_server, "trust", learner("alice-1001", saved))
    assert sco.locator(".wb-feedback:not(:empty)").count() == len(questions)
    box = sco.locator(".wb-reflection").first
    assert box.locator("textarea").input_value() == ""
    assert box.locator(".wb-scorm-note").inner_text() == word("scorm.reflection_session")
    keep = box.get_by_label(word("scorm.keep_here"))
    assert not keep.is_checked()
    box.locator("textarea").fill("Alice keeps this one 8d0e")
    box.get_by_text(word("reflection.saved")).wait_for()
    assert "8d0e" not in stored(sco, "localStorage") and "8d0e" in stored(sco, "sessionStorage")
    keep.check()
    assert box.locator(".wb-scorm-note").inner_text() == word("scorm.reflection_kept")
    assert "8d0e" in stored(sco, "localStorage") and "8d0e" not in stored(sco, "sessionStorage")
    assert "alice-1001" not in stored(sco, "localStorage")  # the learner's id is kept hashed
    saved = close_sco(page)
    page.close()

    page = open_lms(context)
    sco = launch(page, lms_server, "trust", learner("alice-1001", saved))
    assert sco.locator(".wb-reflection textarea").first.input_value() == "Alice keeps this one 8d0e"
    assert sco.locator(".wb-reflection").first.get_by_label(word("scorm.keep_here")).is_checked()
    assert page.errors == []
    context.close()


def test_faults_lose_nothing_and_are_shown(browser, lms_server):
    """A learning system that refuses "completed" once and fails a commit: the learner is told in plain
    words, the refused value goes again (the "Send my progress again" button, by keyboard), and the learning system
    ends with everything: completed, the score, every answer in suspend_data."""
    course = load_course(ROOT)
    questions = course.banks["trust"].questions
    scored = [q for q in questions if q.scored]
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = open_lms(context)
    sco = launch(page, lms_server, "trust", learner("carol-3003"), faults={"failCommits": 0})
    notice = sco.locator(".wb-scorm-save")
    assert notice.is_hidden()

    page.evaluate("faults.failCommits = 1; faults.refuse['cmi.core.lesson_status=completed'] = 1")
    q = questions[0]
    sco.click(f"label[for=wb-q-{q.id}-0]")
    sco.locator(f"#wb-q-{q.id}").get_by_role("button", name="Check").click()
    sco.get_by_role("status").filter(has_text=word("scorm.not_saved")).wait_for()
    # Where the learner reads the verdict: just before the checked question's feedback.
    assert sco.locator(f"#wb-q-{q.id} .wb-scorm-save + .wb-feedback").count() == 1
    notice.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/scorm-fault-390.png")
    sco.locator(f"#wb-q-{q.id}").get_by_role("button", name="Try again").click()

    answer_quiz(sco, questions)  # the first commit after the failure keeps everything; "completed" is refused once
    sco.get_by_role("status").filter(has_text=word("scorm.not_saved")).wait_for()
    refused = [c for c in page.evaluate("lms.calls") if c["fault"]]
    assert [c["name"] for c in refused] == ["LMSCommit", "LMSSetValue"]
    assert refused[1]["args"] == ["cmi.core.lesson_status", "completed"]

    again = notice.get_by_role("button", name=word("scorm.save_again"))
    again.focus()
    page.keyboard.press("Enter")
    wait_for_status(page, "completed")
    sco.get_by_role("status").filter(has_text=word("scorm.saved_again")).wait_for()
    assert again.is_hidden()

    page.evaluate("closeSco()")
    page.wait_for_function("lms.final !== null")
    final = page.evaluate("lms.final")
    assert core_of(final)["lesson_status"] == "completed"
    assert core_of(final)["score"]["raw"] == str(round(100 * (len(scored) - 1) / len(scored)))
    assert set(json.loads((final.get("cmi") or final)["suspend_data"])["q"]) == {q.id for q in questions}
    assert page.errors == []
    context.close()


def test_a_module_the_learning_system_did_not_start_says_so(browser, lms_server):
    """LMSInitialize refused: the learner reads that this module's progress is not being recorded, and
    the quiz still works on the page."""
    context = browser.new_context()
    page = open_lms(context)
    page.goto(lms_server + LMS)
    page.evaluate("faults.failInit = true")
    page.evaluate("item => launch('/package/', item, null)", "item-trust")
    sco = page.frame(url=re.compile(r"/package/modules/trust\.html"))
    sco.get_by_role("status").filter(has_text=word("scorm.not_connected")).wait_for()
    q = load_course(ROOT).banks["trust"].questions[0]
    sco.click(f"label[for=wb-q-{q.id}-0]")
    sco.locator(f"#wb-q-{q.id} .wb-check").click()
    sco.locator(f"#wb-q-{q.id}-feedback .wb-verdict").wait_for()
    assert [c["name"] for c in page.evaluate("lms.calls")] == ["LMSInitialize"]
    assert page.errors == []
    context.close()


HOSTILE = {
    "q is null": '{"v":1,"q":null}',
    "not JSON": "{v:1,",
    "a list": "[1,2,3]",
    "3.8 MB of unknown ids": json.dumps({"v": 1, "q": {f"x{n}": [[0], "c", 1, "c", 0] for n in range(190000)}}),
    "bad rows": json.dumps({"v": 1, "a": "../../x", "seed": -1, "q": {
        "__proto__": [[0], "c", 1, "c", 0], "constructor": [[0], "c", 1, "c", 0],
        "trust-1": [[0, 0, 99, -1, 1.5, "0"], "c", 1, "c", 0], "trust-2": "completed", "trust-3": [[0], "x", 7, 0, 0, "<img>"]}}),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_suspend_data_is_left_out(browser, lms_server, name):
    """suspend_data that is not what the package writes (wrong shape, unknown ids, any size): the module
    starts as new, writes nothing of it into the browser's storage, and works; no error on the page."""
    context = browser.new_context()
    page = open_lms(context)
    sco = launch(page, lms_server, "trust", learner("dan-4004", {"core": {"lesson_status": "incomplete", "entry": "resume"}}),
                 faults={"values": {"cmi.suspend_data": HOSTILE[name]}})
    assert sco.locator(".wb-feedback:not(:empty)").count() == 0
    held = sco.evaluate("Object.entries(localStorage)")
    assert len(json.dumps(held)) < 2000
    # No record of the file's unknown ids or of its broken row (the attempt's own random id is in every
    # key, so the keys are matched whole, never searched for a substring).
    assert not [k for k, _ in held if re.search(r":quiz:(x\d+|trust-2|__proto__|constructor)$", k)], held
    area = sco.locator(".wb-reflection textarea").first
    area.fill("Still saved here")
    sco.locator(".wb-reflection").first.get_by_text(word("reflection.saved")).wait_for()
    assert page.errors == []
    context.close()


def test_links_to_another_module_stay_in_the_sco(browser, lms_server):
    """Inside a learning system, "Up next" names the next module and says to open it from the learning
    system's menu; a link to another module (by click or keyboard) says so too and does not leave the SCO,
    which goes on reporting. Zero axe violations with the notes shown."""
    course = load_course(ROOT)
    survivors = course.module("survivors")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = open_lms(context)
    sco = launch(page, lms_server, "trust", learner("erin-5005"))

    up_next = sco.locator(".wb-up-next")
    assert up_next.locator("a").count() == 0
    number = [m.slug for m in course.modules].index("survivors")
    assert up_next.get_by_text(f"{word('place.module_number', number=number)}: {survivors.title}", exact=True).is_visible()
    assert up_next.get_by_text(word("scorm.next_from_menu"), exact=True).is_visible()

    link = sco.locator("main a[href*='survivors.html']").first
    link.click()
    note = sco.get_by_role("status").filter(has_text=word("scorm.module_from_menu")).first
    note.wait_for()
    link.focus()
    page.keyboard.press("Enter")
    sco.locator(".wb-scorm-link-note").first.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/scorm-links-1366.png")
    assert re.search(r"/modules/trust\.html", sco.url)
    assert page.evaluate("lms.final") is None
    assert "LMSFinish" not in [c["name"] for c in page.evaluate("lms.calls")]

    q = next(q for q in course.banks["trust"].questions if q.type == "single")
    commits = len(page.evaluate("lms.commits"))
    sco.click(f"label[for=wb-q-{q.id}-0]")
    sco.click(f"#wb-q-{q.id} .wb-check")
    page.wait_for_function("n => lms.commits.length > n", arg=commits)

    sco.add_script_tag(path=str(AXE))
    violations = sco.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map(v => v.id))",
                              WCAG_TAGS)
    assert violations == [] and page.errors == []
    context.close()


def test_api_in_the_window_that_opened_the_launch_window(browser, lms_server):
    """A learning system that opens a launch window with the SCO in a frame of it, and keeps its API in
    the window that opened it: the SCO finds the API (its top window's opener) and reports."""
    context = browser.new_context()
    page = open_lms(context)
    page.goto(lms_server + LMS)
    page.evaluate("launch.inWindow = true")
    with context.expect_page() as opened:
        page.evaluate("item => { launch('/package/', item, null); }", "item-trust")
    opened.value.wait_for_load_state()
    wait_for_status(page, "incomplete")
    assert [c["name"] for c in page.evaluate("lms.calls")][0] == "LMSInitialize"
    context.close()


def test_package_fits_the_stock_upload_limit(package):
    """PHP's stock upload_max_filesize is 2 MB (Moodle's, unless its server is changed)."""
    assert package[0].stat().st_size < 2_000_000


def test_package_pages_find_every_file_they_load(browser, lms_server):
    """What the package leaves out to fit (source maps, Font Awesome, message catalogs) is nothing a page
    loads: every page of the package, opened in Chromium, gets every file it asks for."""
    context = browser.new_context()
    missing = []
    context.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page = context.new_page()
    for path in package_pages():
        page.goto(f"{lms_server}/package/{path}")
        page.wait_for_load_state("networkidle")
    assert missing == []
    context.close()


def test_another_module_in_a_launched_frame_finishes_at_once(browser, lms_server):
    """A learning system that lets a page initialize again (Moodle does) and shows another module's page
    in the trust SCO's frame: that page sees cmi.launch_data name another module, sets nothing, and finishes."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(lms_server + LMS)
    page.evaluate("item => launch('/package/', item, null, 'modules/survivors.html')", "item-trust")
    page.wait_for_function("lms.final !== null")

    assert [c["name"] for c in page.evaluate("lms.calls") if c["name"] != "LMSGetValue"] == ["LMSInitialize", "LMSFinish"]
    context.close()


# ---- outside a learning system ----

def test_package_from_a_folder_is_the_book(folder_page, package):
    """Opened from the unzipped folder (file://), index.html leads to the welcome page, a module's quiz and
    reflections work, no note about a learning system shows, and nothing errs or leaves the machine."""
    unpacked = package[1]
    page = folder_page
    page.goto((unpacked / "index.html").as_uri())
    page.wait_for_url(re.compile(r"book/welcome\.html$"))
    page.get_by_role("link", name=re.compile("Trust", re.I)).first.click()
    page.wait_for_url(re.compile(r"modules/trust\.html$"))
    course = load_course(ROOT)
    q = next(q for q in course.banks["trust"].questions if q.type == "single")
    right = next(n for n, o in enumerate(q.options) if o.correct)
    page.click(f"label[for=wb-q-{q.id}-{right}]")
    page.click(f"#wb-q-{q.id} .wb-check")

    assert "Yes, that's right." in page.locator(f"#wb-q-{q.id}-feedback").inner_text()
    assert page.locator(".wb-reflection").count() >= 3
    assert page.locator(".wb-scorm-note").count() == 0
    assert page.evaluate("typeof window.API") == "undefined"
    assert page.outside == [] and page.errors == []


def package_pages():
    return sorted(p.relative_to(LEARNER).as_posix() for p in LEARNER.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts and "jupyter_execute" not in p.parts)


@pytest.mark.parametrize("path", package_pages())
def test_package_page_passes_gates(browser, lms_server, path):
    """The package's pages, served as a learning system serves them: no outside request, no cookie,
    no console or page error, no WCAG A/AA violation in light or dark mode."""
    report = check_page(browser, f"{lms_server}/package/{path}")

    assert report.problems == []
