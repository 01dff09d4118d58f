"""The offline copy: `make offline` zips the learner book; unzipped and opened from file://, quizzes and reflections work."""

from __future__ import annotations

import zipfile

from conftest import ROOT

ZIP = ROOT / "_build" / "wellbeing-course-offline.zip"


def test_offline_copy_works_from_a_folder(folder_page, tmp_path):
    """Open book/try-it.html from the unzipped folder, answer a question, type a reflection, reload: both are back."""
    assert ZIP.is_file(), "make the offline copy first: make offline"
    with zipfile.ZipFile(ZIP) as z:
        names = z.namelist()
        assert "wellbeing-course/index.html" in names
        assert not [n for n in names if "/_sources/" in n]
        z.extractall(tmp_path)
    url = (tmp_path / "wellbeing-course" / "book" / "try-it.html").as_uri()

    page = folder_page
    page.goto(url)
    page.click("label[for=wb-q-try-it-exit-1]")
    page.click("#wb-q-try-it-exit .wb-check")
    page.fill("#wb-r-try-it-hopes", "Ask first, from a folder.")
    page.wait_for_function("document.getElementById('wb-r-try-it-hopes-status').textContent.includes('Saved on this device')")
    page.reload()

    assert page.is_checked("#wb-q-try-it-exit-1")
    assert "Right." in page.locator("#wb-q-try-it-exit-feedback").inner_text()
    assert page.input_value("#wb-r-try-it-hopes") == "Ask first, from a folder."
    assert page.locator("link[href*='wellbeing.css']").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.wb-question')).borderTopStyle") == "solid"
    assert page.outside == [] and page.errors == []
