"""Links from the guide into the learner book.

The guide and the learner book are separate Sphinx projects, so a link between them cannot be a
``.md`` cross-reference. The generated pages link to the learner book's built HTML instead, with a
relative URL worked out from where each page is written. By default the learner book is the one
``make book`` builds to ``_build/html/`` beside the guide's ``facilitator/_build/html/`` (as
``make serve`` serves them). To publish the two books elsewhere, set ``learner_book_url`` in
``facilitator/_config.yml``, or the environment variable ``WELLBEING_LEARNER_BOOK_URL`` (it wins):
either a path relative to the guide's HTML root, or an address starting with ``/`` or a scheme, used
as it is.

Where a page is in the learner book is the course model's to say (:meth:`.Course.page_url`); this
module only adds the way from the guide to the learner book's root.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..course import read_config, relative_url

GENERATED = "generated"
URL_ENV = "WELLBEING_LEARNER_BOOK_URL"
URL_KEY = "learner_book_url"


def guide_dir(root: Path) -> Path:
    return Path(root) / "facilitator"


def learner_book_url(root: Path) -> str:
    """The learner book's HTML root as seen from the guide's HTML root (see the module docstring)."""
    configured = os.environ.get(URL_ENV, "").strip()
    if not configured:
        configured = str(read_config(guide_dir(root)).get(URL_KEY) or "").strip()
    if configured:
        return configured.rstrip("/")
    learner_html = Path(root) / "_build" / "html"
    guide_html = guide_dir(root) / "_build" / "html"
    return Path(os.path.relpath(learner_html, guide_html)).as_posix()


def learner_link(root: Path, page: str, from_page: str, base: str | None = None) -> str:
    """A URL for ``page`` (e.g. ``modules/trust.html``, from :meth:`.Course.page_url`) in the learner
    book, from the guide page ``from_page`` (e.g. ``generated/session-trust``)."""
    base = learner_book_url(root) if base is None else base
    if base.startswith("/") or re.match(r"^[a-z][a-z0-9+.-]*:", base, re.I):
        return f"{base}/{page}"
    return relative_url(from_page, f"{base}/{page}")
