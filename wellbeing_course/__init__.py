"""The Wellbeing Model course: load and check its sources, and show its quizzes and reflections."""

from .course import Course, load_course
from .display import assessment, journal, objectives, progress, quiz, reflection
from .errors import CourseError, Problem

__all__ = ["Course", "assessment", "CourseError", "Problem", "journal", "load_course", "objectives", "progress", "quiz", "reflection"]
