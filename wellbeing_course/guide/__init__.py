"""The facilitator guide's generated pages (``facilitator/generated/``), made from the course model
(:class:`.Course`) and rendered from the MyST templates in ``wellbeing_course/templates/guide/``.

``python -m wellbeing_course generate`` (and ``build``, before it runs Jupyter Book) writes:

- ``formats.md``: workshop formats, each with agenda tables computed from the modules' own minutes
  (:mod:`.agendas`; the formats themselves, with steps, breaks and start times, are in
  ``facilitator/formats.yml``) — :mod:`.sessions`;
- ``sessions.md`` and ``session-<slug>.md``: a session plan per module — :mod:`.sessions`;
- ``answer-keys.md`` and ``answers-<bank>.md``: an answer key per quiz bank, each opening with a
  one-page key (question, answer, one line of reasoning, the objective it checks) — :mod:`.answer_keys`;
- ``handouts.md`` and ``handout-<slug>.md``: a one-page handout per module — :mod:`.handouts`;
- ``evaluation.md`` and ``forms.md``: the evaluation (:mod:`.evaluation_page`), and its paper forms
  (:mod:`wellbeing_course.paper_forms`);
- ``maintaining.md``: the appendix "Maintaining this guide", the only page with maintainer detail
  (files to edit, question ids, commands) — :mod:`.maintaining`.

:mod:`.book` puts them together and writes them; :mod:`.links` works out links into the learner book;
:mod:`.myst` renders a template with every value escaped. The workshop packs (``make packs``) print
sections of these pages: :mod:`wellbeing_course.pdf` says which.

Nothing here is typed twice: timings, objectives, key points, reflection prompts, activities and quiz
questions all come from ``modules/*.md`` and ``quizzes/*.yml``, through the course model.
"""
