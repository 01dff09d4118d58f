"""The words the course avoids (COURSE.md, "How it speaks"), for every check that reads the
course's text: modules and pages, quiz banks, and the self-assessment's statements.

Its own module so that the course check (checks.py) and the self-assessment's check
(assessment_model.py) share the rule without importing each other.
"""

from __future__ import annotations

import re

# Allowed only inside quotation marks, where the course quotes them or names the term to explain it.
AVOIDED = [
    (re.compile(r"\bprostitut\w*", re.I), "erases agency; say 'people in the sex trades' or 'sex workers'"),
    (re.compile(r"\b(all|any) (sex work|commercial sex)\b[^.]*\b(is|as) (exploitation|trafficking)\b", re.I),
     "calls all sex work exploitation; keep consensual sex work and trafficking apart"),
]
# A quotation: double quotes, or single quotes that open and close at a word boundary (not an apostrophe).
QUOTED = re.compile(r'"[^"]*"|“[^”]*”|(?<!\w)\'[^\'\n]{2,}\'(?!\w)')
