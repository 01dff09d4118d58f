"""organization.yml: read and checked like every other source, with file:line:col messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wellbeing_course.errors import CourseError
from wellbeing_course.organization import load_organization, parse_organization

FIXTURE = Path(__file__).parent / "fixtures" / "organization"
ROOT = Path(__file__).resolve().parent.parent


def _problems(text: str, root: Path = ROOT) -> list[str]:
    with pytest.raises(CourseError) as caught:
        parse_organization(text, root)
    return [str(p) for p in caught.value.problems]


def test_no_file_is_the_generic_edition(tmp_path):
    assert load_organization(tmp_path) is None


def test_fixture_organization_reads_whole():
    org = parse_organization((FIXTURE / "organization.yml").read_text(encoding="utf-8"), ROOT)

    assert org.edition_title == "Riverbend Housing Network staff training"
    assert org.logo.media_type == "image/png" and "white circle" in org.logo.alt
    assert org.quick_exit_url == "https://www.example.org/weather"
    assert [c.name for c in org.contacts] == ["Training team", "Staff support line (employee assistance)"]
    assert [p.led_by_sex_workers for p in org.local_partners] == [True, False]


def test_misspelt_key_names_the_nearest(tmp_path):
    assert _problems("name: A\nquick_exit_ulr: https://example.org/\n") == [
        "organization.yml:2:1: organization.yml has an unknown key 'quick_exit_ulr' (did you mean 'quick_exit_url'?)"]


def test_http_exit_is_refused():
    (problem,) = _problems("name: A\nquick_exit_url: http://example.org/\n")

    assert problem.startswith("organization.yml:2:17: 'quick_exit_url' must be a full https:// address")


def test_missing_logo_and_non_image_logo(tmp_path):
    (tmp_path / "logo.png").write_text("not an image")
    missing = _problems("name: A\nlogo:\n  file: nowhere.png\n  alt: Our logo\n", tmp_path)
    not_image = _problems("name: A\nlogo:\n  file: logo.png\n  alt: Our logo\n", tmp_path)

    assert missing == ["organization.yml:3:9: the logo 'nowhere.png' does not exist"]
    assert not_image == ["organization.yml:3:9: the logo 'logo.png' is not a PNG, JPEG, GIF, WebP or SVG image"]


def test_logo_needs_alt_text():
    (problem,) = _problems(f"name: A\nlogo:\n  file: {FIXTURE.relative_to(ROOT) / 'logo.png'}\n")

    assert problem.startswith("organization.yml:3:3: 'logo' needs 'alt:'")


def test_partner_needs_its_fields_and_a_yes_or_no():
    problems = _problems("name: A\nlocal_partners:\n  - name: B\n    run_by_and_for_people_in_the_sex_trades: maybe\n")

    assert "organization.yml:3:5: local partner 1 needs 'what_they_do:'" in problems
    assert any(p.startswith("organization.yml:4:46: local partner 1: 'run_by_and_for_people_in_the_sex_trades' should be true or false")
               for p in problems)
