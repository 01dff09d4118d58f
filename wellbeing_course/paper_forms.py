"""The evaluation forms on paper, and their CSV templates, from ``facilitator/evaluation/forms.yml``.

The same definition is what the analysis reads (:mod:`.evaluation`), so an item added there is on
the paper form, in the template and in the analysis alike. The paper form is a page of the guide
(``generated/forms.md``), printed in the guide's PDF and in every workshop pack, each form on a
page of its own.
"""

from __future__ import annotations

from pathlib import Path

from .agendas import esc
from .evaluation import RATING_MAX, RATING_MIN, Form, load_forms, template_header

EVALUATION_DIR = "evaluation"
TEMPLATES = {"self-check": "self-check-template.csv", "workshop": "workshop-evaluation-template.csv"}
BOX = "☐"


def forms_path(root: Path) -> Path:
    return Path(root) / "facilitator" / EVALUATION_DIR / "forms.yml"


def template_name(form: Form) -> str:
    return TEMPLATES.get(form.name, f"{form.name}-template.csv")


def write_templates(root: Path) -> list[Path]:
    """Each form's CSV template (its header row), beside ``forms.yml``; rewritten only when it changed."""
    written = []
    for form in load_forms(forms_path(root)).values():
        path = forms_path(root).parent / template_name(form)
        text = template_header(form)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _write_space(label: str) -> list[str]:
    """Ruled space to write in (the lines are drawn by the stylesheet, for print and screen)."""
    return ["```{container} wb-form-write", label, "```", ""]


def form_section(form: Form) -> list[str]:
    out = [f"(generated-form-{form.name})=", f"## {esc(form.title)}", "",
           "Every question is optional: leave out anything you prefer not to answer. Write a participant "
           "code that you will remember, never your name." + (" Use the same code before and after the "
                                                              "workshop." if form.phased else ""), ""]
    out += _write_space("Participant code:")
    if form.phased:
        out += [f"When are you filling this in? {BOX} Before the workshop {BOX} After the workshop", ""]
    scale = [str(n) for n in range(RATING_MIN, RATING_MAX + 1)]
    out += [f"Tick one box for each statement ({esc(form.scale)}).", "",
            "| Statement | " + " | ".join(scale) + " |", "|---|" + "|".join(":-:" for _ in scale) + "|"]
    for item in form.ratings:
        out.append(f"| {esc(item.text)} | " + " | ".join(f"{BOX}\u00a0{n}" for n in scale) + " |")
    out.append("")
    for item in form.texts:
        out += [f"**{esc(item.text)}**", ""]
        out += _write_space("Your answer:")
    return out


def forms_page(root: Path) -> str:
    forms = load_forms(forms_path(root))
    out = ["# Paper forms", "",
           "The evaluation forms, ready to print: one page each. Hand them out with a pen, collect them "
           "face down, and type the answers into the form's template afterwards "
           "([Evaluation](evaluation.md) says how).", ""]
    for form in forms.values():
        out += form_section(form)
    return "\n".join(out)


def typing_guide(root: Path) -> list[str]:
    """How to type paper answers into a CSV template: for the evaluation page."""
    forms = load_forms(forms_path(root))
    out = ["## Typing paper answers into the template", "",
           "Each paper form becomes one row of its template, a CSV file that any spreadsheet opens. The "
           "column headings are already in its first row, and must stay as they are.", "",
           "1. Open a copy of the template in a spreadsheet, and keep it as CSV (UTF-8) when you save.",
           "2. For each form, fill in one row. In `participant`, type the code written on the form, exactly. "
           "If there is none, leave it blank: the answers still count, but cannot be paired before and after.",
           "3. For each statement, type the number of the ticked box. Leave the cell blank when no box, or "
           "more than one box, is ticked.",
           "4. Type each written answer as it is written, without correcting it. Leave out anything that "
           "could identify someone, and write \"[name removed]\" in its place.",
           "5. Shred or lock away the paper forms once the rows are checked.", "",
           "Which column holds which answer:", ""]
    for form in forms.values():
        out += [f"**{esc(form.title)}**: {{download}}`the template <../{EVALUATION_DIR}/{template_name(form)}>`", "",
                "| Column | What goes in it |", "|---|---|",
                "| `participant` | The participant code on the form" + (", the same before and after" if form.phased
                                                                        else "") + ". Never a name. |"]
        if form.phased:
            out.append("| `phase` | `pre` if \"Before the workshop\" is ticked, `post` if \"After the workshop\". |")
        out += [f"| `{i.column}` | Rating from {RATING_MIN} to {RATING_MAX}: {esc(i.text)} |" for i in form.ratings]
        out += [f"| `{i.column}` | Written answer: {esc(i.text)} |" for i in form.texts]
        out.append("")
    return out
