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
    """One question, its options in authored order (the script shuffles them for each learner;
    print keeps this order), and the Check, Try again and Show the answer buttons."""
    base = f"wb-q-{q.id}"
    kind = "checkbox" if q.type == "multiple" else "radio"
    parts = [f'<div class="wb-question" id="{base}" data-question="{escape(q.id)}" '
             f'data-module="{escape(module)}" data-type="{q.type}">']
    described = []
    if q.scenario:
        # The space sits inside <strong>, so that no reader of the markup can lose it.
        parts.append(f'<p class="wb-scenario" id="{base}-scenario"><strong>{escape(word("quiz.scenario_label"))} </strong>'
                     f"{escape(q.scenario)}</p>")
        described.append(f"{base}-scenario")
    described.append(f"{base}-hint")
    parts.append(f'<fieldset aria-describedby="{" ".join(described)}">')
    parts.append(f'<legend><span class="wb-number">{escape(word("quiz.question_number", number=number, count=count))}</span> {escape(q.prompt)}</legend>')
    parts.append(f'<p class="wb-hint" id="{base}-hint">{escape(word("quiz.hint." + q.type))}</p>')
    parts.append('<div class="wb-options">')
    for n, option in enumerate(q.options):
        oid = f"{base}-{n}"
        parts.append(f'<div class="wb-option" data-option="{n}"><input type="{kind}" name="{base}" id="{oid}" value="{n}">'
                     f'<label for="{oid}">{escape(option.text)}</label></div>')
    parts.append("</div></fieldset>")
    parts.append('<div class="wb-actions">'
                 f'<button type="button" class="wb-button wb-check">{escape(word("quiz.check"))}</button>'
                 f'<button type="button" class="wb-button wb-retry" hidden>{escape(word("quiz.retry"))}</button>'
                 f'<button type="button" class="wb-button wb-show" hidden>{escape(word("quiz.show"))}</button>'
                 "</div>")
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


def objectives_html(objectives) -> str:
    """A module's learning objectives, written once in its front matter."""
    items = "".join(f'<li id="objective-{escape(o.id)}">{escape(o.text)}</li>' for o in objectives)
    return f'<ul class="wb-objectives">{items}</ul>'


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


def journal_course_data(course: Course) -> dict:
    """What the journal's script needs to know about the course: every page with reflection prompts,
    in the order a learner meets them (the table of contents), and every quiz question with its
    number of options. A backup file naming anything else is refused."""
    from .course import toc_files
    from .modules import parse_module

    pages = []
    for name in toc_files(course.root):
        slug = name.rsplit("/", 1)[-1]
        if name.startswith("modules/"):
            page = course.module(slug)
        elif (course.root / f"{name}.md").is_file():
            page = parse_module(course.root / f"{name}.md")
        else:
            continue
        if page.reflections:
            pages.append({"slug": slug, "title": page.title,
                          "reflections": [{"id": r.id, "prompt": r.prompt} for r in page.reflections]})
    questions = [{"id": q.id, "options": len(q.options)} for bank in course.banks.values() for q in bank.questions]
    return {"pages": pages, "questions": questions}


def journal_html(course: Course) -> str:
    """Every reflection prompt of the course, by module, with the journal's tools."""
    parts = [
        '<div class="wb-journal">',
        _json_script(journal_course_data(course), "wb-journal-course"),
        '<div class="wb-journal-tools">',
        f'<button type="button" class="wb-button" data-journal="export-markdown">{escape(word("journal.download_document"))}</button>',
        f'<button type="button" class="wb-button" data-journal="export-json">{escape(word("journal.save_backup"))}</button>',
        f'<label class="wb-button wb-file" for="wb-journal-import">{escape(word("journal.restore_backup"))}</label>',
        '<input type="file" id="wb-journal-import" class="wb-visually-hidden" accept=".json,application/json">',
        f'<button type="button" class="wb-button" data-journal="undo" hidden>{escape(word("journal.undo_import"))}</button>',
        f'<button type="button" class="wb-button wb-danger" data-journal="delete">{escape(word("journal.delete_all"))}</button>',
        "</div>",
        '<p class="wb-save-status" role="status" id="wb-journal-status"></p>',
        '<div class="wb-alert" role="alert" id="wb-journal-alert"></div>',
        # The questions asked when a backup file and this device disagree (filled by the script).
        '<div class="wb-journal-conflicts" id="wb-journal-conflicts" hidden></div>',
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
        ids = " ".join(q.id for q in bank.questions if q.scored) if bank else ""
        open_ids = " ".join(q.id for q in bank.questions if not q.scored) if bank else ""
        items.append(  # numbered as everywhere else in the course (the sidebar, the modules' pages)
            f'<li class="wb-progress-item" data-module="{escape(module.slug)}" data-questions="{escape(ids)}" '
            f'data-open-questions="{escape(open_ids)}">'
            f'<span class="wb-module-number">{escape(word("place.module_number", number=number))}:</span> '
            f'<a href="{escape(base)}{escape(course.page_url(module))}">{escape(module.title)}</a> '
            f'<span class="wb-progress-text">({module.total_minutes} minutes)</span></li>'
        )
    # The completion record: the script shows it once every module's quiz is complete (the rule is
    # moduleComplete() in wellbeing.js: every scored question answered correctly on some attempt,
    # every no-right-answer question answered).
    org = course.organization
    edition = f"{escape(org.edition_title)}. " if org else ""
    record = (
        '<div class="wb-record" hidden>'
        '<h3 id="wb-record-title">Your completion record</h3>'
        "<p>You have answered every scored question of every module's quiz correctly, and every question with no single right answer. You can print a record of that for yourself or your organization.</p>"
        '<p><label for="wb-record-name">Your name, as it should appear on the record</label> '
        '<input type="text" id="wb-record-name" class="wb-record-input" autocomplete="off"></p>'
        '<div class="wb-record-sheet" role="group" aria-labelledby="wb-record-title">'
        f"<p class=\"wb-record-head\">{edition}The Wellbeing Model course: completion record</p>"
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

