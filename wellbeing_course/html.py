"""Static HTML for quizzes, reflections, the journal and the progress list.

Every piece of text is escaped here, and the per-question data the script needs travels as
JSON that the script reads with ``textContent``: nothing from a bank or a learner is ever
parsed as markup. Element ids derive from question and reflection ids, so two builds give
the same HTML.
"""

from __future__ import annotations

import json
from html import escape

from .course import Course
from .quizbank import Bank, Question

from .words import word


def _json_script(data: dict, css_class: str) -> str:
    # "<" is escaped so that no text can close the script element early.
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/json" class="{css_class}">{payload}</script>'


def question_html(q: Question, module: str, number: int, count: int) -> str:
    base = f"wb-q-{q.id}"
    kind = "checkbox" if q.type == "multiple" else "radio"
    parts = [f'<div class="wb-question" id="{base}" data-question="{escape(q.id)}" '
             f'data-module="{escape(module)}" data-type="{q.type}">']
    described = []
    if q.scenario:
        parts.append(f'<p class="wb-scenario" id="{base}-scenario"><strong>{escape(word("quiz.scenario_label"))}</strong> '
                     f"{escape(q.scenario)}</p>")
        described.append(f"{base}-scenario")
    described.append(f"{base}-hint")
    parts.append(f'<fieldset aria-describedby="{" ".join(described)}">')
    parts.append(f'<legend><span class="wb-number">{escape(word("quiz.question_number", number=number, count=count))}</span> {escape(q.prompt)}</legend>')
    parts.append(f'<p class="wb-hint" id="{base}-hint">{escape(word("quiz.hint." + q.type))}</p>')
    for n, option in enumerate(q.options):
        oid = f"{base}-{n}"
        parts.append(f'<div class="wb-option"><input type="{kind}" name="{base}" id="{oid}" value="{n}">'
                     f'<label for="{oid}">{escape(option.text)}</label></div>')
    parts.append("</fieldset>")
    parts.append(f'<button type="button" class="wb-button wb-check">{escape(word("quiz.check"))}</button>')
    parts.append(f'<div class="wb-feedback" role="status" id="{base}-feedback"></div>')
    parts.append(_json_script({
        "type": q.type,
        "explanation": q.explanation,
        "options": [{"text": o.text, "correct": o.correct, "feedback": o.feedback} for o in q.options],
    }, "wb-data"))
    parts.append("</div>")
    return "".join(parts)


def quiz_html(bank: Bank, question_ids: tuple[str, ...] = ()) -> str:
    questions = [bank.question(i) for i in question_ids] if question_ids else list(bank.questions)
    body = "".join(question_html(q, bank.slug, n, len(questions)) for n, q in enumerate(questions, start=1))
    return f'<div class="wb-quiz" data-module="{escape(bank.slug)}">{body}</div>'


def reflection_html(reflection_id: str, prompt: str, module: str = "") -> str:
    base = f"wb-r-{reflection_id}"
    return (
        f'<div class="wb-reflection" data-reflection="{escape(reflection_id)}" data-module="{escape(module)}">'
        f'<label class="wb-reflection-label" for="{base}"><span class="wb-tag">{escape(word("reflection.tag"))}</span> {escape(prompt)}</label>'
        f'<textarea id="{base}" rows="5" aria-describedby="{base}-status"></textarea>'
        f'<p class="wb-save-status" role="status" id="{base}-status"></p>'
        f'<div class="wb-alert" role="alert" id="{base}-alert"></div>'
        "</div>"
    )


def journal_html(course: Course) -> str:
    """Every reflection prompt of the course, by module, with the journal's tools."""
    parts = [
        '<div class="wb-journal">',
        '<div class="wb-journal-tools">',
        '<button type="button" class="wb-button" data-journal="export-markdown">Export as Markdown</button>',
        '<button type="button" class="wb-button" data-journal="export-json">Export as JSON</button>',
        '<label class="wb-button wb-file" for="wb-journal-import">Import a JSON export</label>',
        '<input type="file" id="wb-journal-import" class="wb-visually-hidden" accept=".json,application/json">',
        '<button type="button" class="wb-button wb-danger" data-journal="delete">Delete everything from this browser</button>',
        "</div>",
        '<p class="wb-save-status" role="status" id="wb-journal-status"></p>',
        '<div class="wb-alert" role="alert" id="wb-journal-alert"></div>',
    ]
    for module in course.modules:
        if not module.reflections:
            continue
        parts.append(f'<h2 class="wb-journal-module">{escape(module.title)}</h2>')
        parts.extend(reflection_html(r.id, r.prompt, module.slug) for r in module.reflections)
    parts.append("</div>")
    return "".join(parts)


def progress_html(course: Course, base: str = "../") -> str:
    """The welcome page's list of modules, filled in on the device by the script."""
    items = []
    for number, module in enumerate(course.modules):
        bank = course.banks.get(module.slug)
        ids = " ".join(q.id for q in bank.questions) if bank else ""
        items.append(  # numbered as everywhere else in the course (the sidebar, the modules' pages)
            f'<li class="wb-progress-item" data-module="{escape(module.slug)}" data-questions="{escape(ids)}">'
            f'<span class="wb-module-number">{escape(word("place.module_number", number=number))}:</span> '
            f'<a href="{escape(base)}{escape(course.page_url(module))}">{escape(module.title)}</a> '
            f'<span class="wb-progress-text">({module.total_minutes} minutes)</span></li>'
        )
    # The completion record: the script shows it once every module's quiz is answered.
    record = (
        '<div class="wb-record" hidden>'
        '<h3 id="wb-record-title">Your completion record</h3>'
        "<p>You have answered every module's quiz. You can print a record of that for yourself or your organization.</p>"
        '<p><label for="wb-record-name">Your name, as it should appear on the record</label> '
        '<input type="text" id="wb-record-name" class="wb-record-input" autocomplete="off"></p>'
        '<div class="wb-record-sheet" role="group" aria-labelledby="wb-record-title">'
        "<p class=\"wb-record-head\">The Wellbeing Model course: completion record</p>"
        '<p>Name: <span class="wb-record-name"></span></p>'
        '<table><thead><tr><th scope="col">Module</th><th scope="col">Completed on</th></tr></thead>'
        '<tbody class="wb-record-rows"></tbody></table>'
        "<p>This record is self-reported. It was made in this browser, on this device, from the quiz answers "
        "kept here. Nobody has checked it, and nothing was sent anywhere.</p>"
        "</div>"
        '<button type="button" class="wb-button wb-record-print">Print this record</button>'
        "</div>"
    )
    return f'<div class="wb-progress"><ol class="wb-progress-list">{"".join(items)}</ol>{record}</div>'

