"""Static HTML for quizzes, reflections, the journal, the progress list and the objectives.

The markup is in Jinja2 templates (``templates/components/wb-*.html``, rendered by ``render.py``
with autoescaping): every value from a bank, a module or a learner is shown as text, ids too,
and the per-question data the script needs travels as JSON that the script reads with
``textContent``, so nothing from a source is ever parsed as markup. Element ids derive from
question and reflection ids, so two builds give the same HTML. This module only gathers what
each template shows.
"""

from __future__ import annotations

from .course import Course
from .modules import parse_module
from .quizbank import Bank, Question
from .render import render


def _question_data(q: Question) -> dict:
    """What the script needs to judge an answer and explain it."""
    return {
        "type": q.type,
        "explanation": q.explanation,
        "options": [{"text": o.text, "correct": o.correct, "feedback": o.feedback} for o in q.options],
    }


def question_html(q: Question, module: str, number: int, count: int) -> str:
    """One question, its options in authored order (the script shuffles them for each learner;
    print keeps this order), and the Check, Try again and Show the answer buttons."""
    return render("wb-question.html", q=q, module=module, number=number, count=count, data=_question_data(q))


def quiz_html(bank: Bank, question_ids: tuple[str, ...] = (), whole_module: bool = False) -> str:
    """A quiz's questions (all, or those named); ``whole_module`` when it is a module's whole quiz,
    which then says on the page when the module is finished (a practice quiz, or a few questions
    of a bank, finishes no module)."""
    questions = [bank.question(i) for i in question_ids] if question_ids else list(bank.questions)
    return render("wb-quiz.html", module=bank.slug, count=len(questions), whole_module=whole_module and not question_ids,
                  questions=[{"q": q, "data": _question_data(q)} for q in questions])


def objectives_html(objectives) -> str:
    """A module's learning objectives, written once in its front matter."""
    return render("wb-objectives.html", objectives=objectives)


def reflection_html(reflection_id: str, prompt: str, module: str = "") -> str:
    return render("wb-reflection.html", reflection_id=reflection_id, prompt=prompt, module=module)


def journal_course_data(course: Course) -> dict:
    """What the journal's script needs to know about the course: every page with reflection prompts,
    in the order a learner meets them (the table of contents), and every quiz question with its
    number of options. A backup file naming anything else is refused."""
    pages = []
    for name in course.pages:
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
    return render("wb-journal.html", course_data=journal_course_data(course), modules=course.modules)


def progress_html(course: Course, base: str = "../") -> str:
    """The welcome page's list of modules, filled in on the device by the script."""
    items = []
    for number, module in enumerate(course.modules):
        bank = course.banks.get(module.slug)
        questions = bank.questions if bank else ()
        items.append({"number": number, "slug": module.slug, "title": module.title,
                      "href": base + course.page_url(module), "minutes": module.total_minutes,
                      "questions": [q.id for q in questions if q.scored],
                      "open_questions": [q.id for q in questions if not q.scored]})
    org = course.organization
    return render("wb-progress.html", items=items, edition=org.edition_title if org else "")
