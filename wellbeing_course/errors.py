"""The one error type of the course package.

CourseError
 └── carries one or more Problem(path, line, column, message)

Every loader and check raises CourseError, never a bare YAML, JSON or Python error, so that
an author always sees ``file:line:column: what is wrong``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class CourseError(Exception):
    """One or more problems in the course sources, each with its file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path | str) -> str:
    """A path relative to the working directory when it is inside it, as authors type it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
