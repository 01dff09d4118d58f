"""Every generated page of the guide, and writing them to ``facilitator/generated/``."""

from __future__ import annotations

from pathlib import Path

from .. import paper_forms
from ..course import Course, load_course
from .answer_keys import answer_keys_page, answer_slugs, answers_page
from .evaluation_page import evaluation_page
from .handouts import handout_page, handouts_page
from .links import GENERATED, guide_dir, learner_book_url
from .maintaining import maintaining_page
from .myst import with_header
from .sessions import formats_page, session_page, sessions_page


def pages(course: Course) -> dict[str, str]:
    """{file name in facilitator/generated/: Markdown} for every generated page."""
    base = learner_book_url(course.root)
    out = {"formats.md": (formats_page(course, course.formats), "facilitator/formats.yml and modules/*.md"),
           "sessions.md": (sessions_page(course), "modules/*.md")}
    for m in course.modules:
        out[f"session-{m.slug}.md"] = (session_page(course, m, base), f"{m.path}")
    out["answer-keys.md"] = (answer_keys_page(course), "quizzes/*.yml")
    for slug in answer_slugs(course):
        out[f"answers-{slug}.md"] = (answers_page(course, course.banks[slug], base), course.banks[slug].path)
    out["evaluation.md"] = (evaluation_page(course), "facilitator/evaluation/ and wellbeing_course/evaluation.py")
    out["forms.md"] = (paper_forms.forms_page(course.root), "facilitator/evaluation/forms.yml")
    out["handouts.md"] = (handouts_page(course), "modules/*.md")
    for m in course.modules:
        out[f"handout-{m.slug}.md"] = (handout_page(course, m), f"{m.path}")
    out["maintaining.md"] = (maintaining_page(course), "facilitator/formats.yml, quizzes/*.yml")
    return {name: with_header(text, source) for name, (text, source) in out.items()}


def generate(root: Path | None = None, folder: Path | None = None) -> list[Path]:
    """Write every generated page to ``folder`` (default: the guide's ``generated/``); rewrite only
    what changed, and remove pages no longer made."""
    course = load_course(root)
    paper_forms.write_templates(course.root)
    folder = Path(folder) if folder else guide_dir(course.root) / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    made = pages(course)
    written = []
    for name, text in made.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    for path in folder.glob("*.md"):
        if path.name not in made:
            path.unlink()
    return written
