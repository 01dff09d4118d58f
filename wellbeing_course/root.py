"""Where the course is: the one place that finds the course folder, for every command and notebook."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import CourseError, Problem


def find_root(start: Path | None = None) -> Path:
    """The course folder: $WELLBEING_COURSE_ROOT, or the nearest folder up with _toc.yml and quizzes/."""
    if os.environ.get("WELLBEING_COURSE_ROOT"):
        return Path(os.environ["WELLBEING_COURSE_ROOT"]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "quizzes").is_dir():
            return folder
    raise CourseError([Problem(str(here), 0, 0,
                               "cannot find the course: no folder above this one has _toc.yml and quizzes/")])
