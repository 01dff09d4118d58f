"""The evaluation page: a MyST notebook with the two forms, how to read results, and the analysis of
the sample CSVs. It runs the analysis at build time, so it always shows what ``python -m
wellbeing_course evaluation`` says; the alt text of each chart is worked out here, from the same numbers."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import evaluation as ev
from .. import paper_forms
from ..course import Course
from .links import guide_dir
from .myst import render

EVALUATION_DIR = paper_forms.EVALUATION_DIR
SAMPLES = (("self-check", "self-check-sample.csv"), ("workshop", "workshop-evaluation-sample.csv"))
TITLES = {"self-check": "Sample results: pre/post self-check", "workshop": "Sample results: end-of-workshop evaluation"}


def evaluation_page(course: Course) -> str:
    folder = guide_dir(course.root) / EVALUATION_DIR
    # A digest of the samples and the analysis code, written into the page so that the execution
    # cache notices a change to either.
    digest = hashlib.sha256(Path(ev.__file__).read_bytes())
    digest.update(paper_forms.forms_path(course.root).read_bytes())
    forms = ev.load_forms(paper_forms.forms_path(course.root))
    samples = []
    for form, name in SAMPLES:
        digest.update((folder / name).read_bytes())
        results = ev.read_results(folder / name, forms)
        chart = {"image": {"alt": results.chart_alt()},
                 "figure": {"caption": f"{results.form.title}: average rating per item."}}
        samples.append({"form": form, "file": name, "title": TITLES[form], "phased": results.form.phased,
                        "chart_options": json.dumps(chart, ensure_ascii=False)})
    return render("evaluation.md", typing_guide=paper_forms.typing_guide(course.root), samples=samples,
                  digest=digest.hexdigest()[:16], evaluation_dir=EVALUATION_DIR,
                  rating_min=ev.RATING_MIN, rating_max=ev.RATING_MAX)
