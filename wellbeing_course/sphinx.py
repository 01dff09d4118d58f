"""Our Sphinx extension: ship the course's script and stylesheet, add the quick-exit control,
fix the theme's accessibility faults, and keep every page's assets deliberate.

Both books load it: each ``_config.yml`` lists it in ``sphinx: config: extensions``, the list that
also leaves out the extensions Jupyter Book would add for runnable code, copy buttons, toggles
and tabs (the course has none of them, and each would add scripts and stylesheets to every page).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from html import unescape
from pathlib import Path

from markupsafe import Markup

from .course import cached_course, find_root
from .display import STATIC_ENV
from .errors import CourseError
from .html import journal_course_data
from .modules import parse_module
from .organization import FILE as ORGANIZATION_FILE
from .organization import MARKER, fill_markers
from .render import render
from .words import catalog_json, script_groups, word

HERE = Path(__file__).parent
STATIC = HERE / "static"

# The theme writes this script tag from its own macro (no option switches it off); layout.html
# filters it out of the theme's head with _drop_fontawesome. Only this exact file is matched.
FONTAWESOME = re.compile(r'\s*<script\b[^>]*\bsrc="[^"]*_static/scripts/fontawesome\.js(?:\?[^"]*)?"[^>]*></script>')


def _drop_fontawesome(html: str) -> Markup:
    """The theme's fontawesome.js is 1.5 MB, every icon there is; icons.css holds the ten it shows."""
    return Markup(FONTAWESOME.sub("", str(html)))


SIDEBAR_LINK = re.compile(r'<a class="((?:current )?reference internal)" href="([^"]*)">(.*?)</a>', re.S)


def _mark_modules(html: str, links: dict) -> Markup:
    """Number the sidebar's module links the way the course numbers them ("Module 2: ..."), and
    give each the ids of its quiz questions, so the script can mark the ones the learner has
    completed. ``links`` maps each module's href on this page to (number, scored question ids, ids
    of the questions with no single right answer)."""
    def mark(m):
        href = unescape(m.group(2))
        if href not in links:
            return m.group(0)
        number, scored, open_ = links[href]
        # The link's text is the theme's own output, already escaped: it is kept as it is.
        return render("wb-sidebar-link.html", classes=m.group(1), href=href, number=number, scored=scored,
                      open_questions=open_, text=Markup(m.group(3)))
    return Markup(SIDEBAR_LINK.sub(mark, str(html)))


def _add_filters(app):
    if hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["wb_drop_fontawesome"] = _drop_fontawesome
        app.builder.templates.environment.filters["wb_mark_modules"] = _mark_modules


def _page_groups(body: str) -> frozenset[str]:
    """The groups of words a page's scripts read. The journal's tools (export, restore, their
    refusals and conflicts: 4 KB) work only on the page that holds them, and the self-assessment's
    words only on its page, so a module page carries neither."""
    groups = script_groups(STATIC / "wellbeing.js", STATIC / "scorm.js")
    if 'class="wb-journal"' not in body:
        groups -= {"journal"}
    if "wb-assessment" in body:
        groups |= script_groups(STATIC / "assessment.js")
    return groups


def _page_context(app, pagename, templatename, context, doctree):
    # Pygments colours highlighted code; most pages show none (13 KB they need not load). Sphinx
    # names its stylesheet _static/pygments.css; only that file is left out.
    if "css_files" in context and 'class="highlight' not in str(context.get("body", "")):
        context["css_files"] = [a for a in context["css_files"] if getattr(a, "filename", str(a)) != "_static/pygments.css"]
    context["wellbeing_quick_exit_url"] = app.config.wellbeing_quick_exit_url
    context["wellbeing_safety_page"] = app.config.wellbeing_safety_page
    context["wellbeing_words"] = Markup(catalog_json(_page_groups(str(context.get("body", "")))))
    context["wb_word"] = word
    _place(app, pagename, context)


def _theme_inline_scripts(pagename: str) -> set[str]:
    """The two inline scripts pydata-sphinx-theme writes into each page, exactly as it writes them
    (it has no setting for them): the page's name, which only its version switcher reads, and
    "search as you type" off, which its script assumes when the value is missing. The first differs
    on every page, so each page would need its own hash in the published Content-Security-Policy."""
    return {f"DOCUMENTATION_OPTIONS.pagename = '{pagename}';", "DOCUMENTATION_OPTIONS.search_as_you_type = false;"}


def _drop_theme_inline_scripts(app, pagename, templatename, context, doctree):
    """Runs after the theme's own handler (priority 900), which adds them while the page is written."""
    if "script_files" in context:
        unwanted = _theme_inline_scripts(pagename)
        context["script_files"] = [a for a in context["script_files"]
                                   if getattr(a, "filename", None) or getattr(a, "attributes", {}).get("body") not in unwanted]


def _learner_course(app):
    """The course, when this is the learner book (its source folder is the course's root)."""
    try:
        course = cached_course(find_root(Path(app.srcdir)))
    except CourseError:
        return None
    return course if course.root == Path(app.srcdir).resolve() else None


def _place(app, pagename, context):
    """A sense of place, worked out from _toc.yml's order and each module's front matter: the
    sidebar numbers the modules and carries their questions (for the "completed" marks), and a
    module page says which module it is and how long it takes, and ends with the next one."""
    course = _learner_course(app)
    context["wb_module_links"] = {}
    if course is None or "pathto" not in context:
        return
    pathto = context["pathto"]
    docs = [course.page_name(m) for m in course.modules]
    for number, (doc, module) in enumerate(zip(docs, course.modules)):
        bank = course.banks.get(module.slug)
        questions = bank.questions if bank else ()
        context["wb_module_links"]["#" if doc == pagename else pathto(doc)] = (
            number, [q.id for q in questions if q.scored], [q.id for q in questions if not q.scored])
    if pagename not in docs or "body" not in context:
        return
    number = docs.index(pagename)
    module = course.modules[number]
    place = render("wb-place.html", number=number, last=len(docs) - 1, minutes=module.total_minutes)
    after = None
    if number + 1 < len(docs):
        after = {"number": number + 1, "title": course.modules[number + 1].title, "href": pathto(docs[number + 1])}
    up_next = render("wb-up-next.html", next=after,
                     journal=pathto("book/journal") if "book/journal" in app.env.found_docs else "")
    body = str(context["body"])
    end_of_title = body.find("</h1>")
    if end_of_title >= 0:
        body = body[:end_of_title + 5] + place + body[end_of_title + 5:]
    context["body"] = body + up_next


def _assessment_assets(app, pagename, templatename, context, doctree):
    """The self-assessment's script and stylesheet, and the journal's backup rules (backup.js), only
    on the page that holds them: every other page stays as light as before. Runs before _page_context (priority 400),
    so the files join the page's asset lists before that handler filters them; Sphinx resets
    its lists after each page, so nothing leaks to the next one."""
    if "wb-assessment" in context.get("body", ""):
        app.add_css_file("assessment.css")
        app.add_js_file("assessment.js", defer="defer")
    # The rules a backup is read by, on the page that restores one (the journal's).
    if 'class="wb-journal"' in context.get("body", ""):
        app.add_js_file("backup.js", defer="defer")


FA_FONT_FACE = re.compile(r"@font-face\{[^}]*Font Awesome[^}]*\}")
FA_GLYPHS = re.compile(r"(?<=[}\n])(?:\.fa-[\w-]+:{1,2}before,?)+\{content:[^}]*\}")


def _slim_theme_css(app, exception):
    """The theme's stylesheet loads the Font Awesome webfont (156 KB) for its admonition icons,
    and names the glyph of each of Font Awesome's 1,883 icons (72 KB). icons.css draws the few
    the course shows as CSS masks, so the built copy of the stylesheet keeps neither."""
    if exception or app.builder.format != "html":
        return
    css = Path(app.outdir) / "_static" / "styles" / "pydata-sphinx-theme.css"
    if css.is_file():
        text = css.read_text(encoding="utf-8")
        slim = FA_GLYPHS.sub("", FA_FONT_FACE.sub("", text))
        if slim != text:
            css.write_text(slim, encoding="utf-8")


BLOCK_COMMENT = re.compile(r"/\*[\s\S]*?\*/")
LINE_COMMENT = re.compile(r"(?m)^[ \t]*//.*\n")
INDENT = re.compile(r"(?m)^[ \t]+")
BLANK_LINES = re.compile(r"\n{2,}")


def _shipped(text: str, script: bool) -> str:
    """A static file as browsers get it: without comments, indentation and blank lines. Only for
    files whose comments never hold code: ours (no "/*" or "//" inside a string or at a line's
    start in a string) and myst-nb's stylesheet. The sources keep every comment."""
    if script:
        text = LINE_COMMENT.sub("", text)
    return BLANK_LINES.sub("\n", INDENT.sub("", BLOCK_COMMENT.sub("", text)))


def _slim_static(app, exception):
    """Every page loads these: sent without the comments that explain them to maintainers."""
    if exception or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for path in [*(static / name for name in ("wellbeing.js", "scorm.js", "assessment.js", "backup.js", "wellbeing.css",
                                               "icons.css", "assessment.css")), *static.glob("mystnb.*.css")]:
        if path.is_file():
            path.write_text(_shipped(path.read_text(encoding="utf-8"), path.suffix == ".js"), encoding="utf-8")


def _files_digest(base: Path, files) -> str:
    """A digest of files' names (under ``base``) and contents: a file added, renamed or edited changes it."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _package_files(package: Path, tops) -> list[Path]:
    """The package's files whose first name under it passes ``tops`` ("templates", "words.yml"), bytecode aside."""
    return [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and tops(p.relative_to(package).parts[0])]


def _assets_digest() -> str:
    # words.yml too: the templates and the scripts show its words
    return _files_digest(HERE, _package_files(HERE, lambda top: top in ("static", "templates", "words.yml")))


def _page_inputs(page, course) -> list:
    """What this page's cells read besides their own code."""
    inputs = []
    for call in page.calls:
        if call.name == "quiz" and call.args and call.args[0] in course.banks:
            inputs.append((course.root / "quizzes" / f"{call.args[0]}.yml").read_text(encoding="utf-8"))
        elif call.name == "objectives":  # the module's own front matter, which the cache does not see
            inputs.append([(o.id, o.text) for o in page.objectives])
        elif call.name == "journal":  # every page's prompts and every question: a backup is checked against them
            inputs.append(journal_course_data(course))
        elif call.name == "progress":  # the completion record names the organization's edition
            inputs.append([(m.slug, m.title, m.total_minutes) for m in course.modules])
            inputs.append(course.organization.edition_title if course.organization else "")
            inputs.append({slug: [q.id for q in bank.questions] for slug, bank in course.banks.items()})
        elif call.name == "assessment":  # the statements, module titles and module 5's step headings
            folder = course.root / "assessment"  # statements.yml, and any file it comes to read
            inputs.append(_files_digest(folder, [p for p in folder.rglob("*") if p.is_file()]))
            inputs.append([(m.slug, m.title, [h[1] for h in m.headings]) for m in course.modules])
    return inputs


def code_digest(package: Path = HERE) -> str:
    """What every page's cells run besides the course's own files: the package's code (the model
    and its subpackages), every template (the components, the self-assessment's pages, the guide's)
    and every other data file, words.yml among them. Only static/ is left out: the browser loads it,
    no cell reads it, and _assets_digest rewrites every page when it changes."""
    return _files_digest(package, _package_files(package, lambda top: top != "static"))


def _inputs_digest(path: Path) -> str | None:
    """A digest of what this page's cells read besides their own code, or None if they read nothing."""
    page = parse_module(path)
    if not page.calls:
        return None
    inputs = _page_inputs(page, cached_course(find_root(path.parent)))
    inputs.append(code_digest())  # a change to how the package renders re-runs every page that uses it
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _pin_inputs(app, docname, source):
    """myst-nb's cache keys a notebook on its code alone, but quiz(), journal() and progress() also
    read quiz banks and the other modules. Append a hidden cell holding a digest of what this page
    reads, so the cache re-runs a page exactly when its inputs change, and no sooner."""
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".md" or "code-cell" not in source[0]:
        return
    digest = _inputs_digest(path)
    if digest is None:
        return
    app.env.wellbeing_inputs[docname] = digest
    source[0] += f"\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n# the inputs of this page: {digest}\n```\n"


def _outdated(app, env, added, changed, removed):
    """Pages whose inputs changed, and every page when our script, stylesheet or templates did
    (Sphinx skips writing, and so copying static files, when no page changed)."""
    if not hasattr(env, "wellbeing_inputs"):
        env.wellbeing_inputs = {}
    digest = _assets_digest()
    if getattr(env, "wellbeing_assets", None) != digest:
        env.wellbeing_assets = digest
        return sorted(env.found_docs - added - changed)
    return sorted(doc for doc, pinned in env.wellbeing_inputs.items()
                  if doc in env.found_docs and doc not in changed and _inputs_digest(Path(env.doc2path(doc))) != pinned)


def _organization(app, config):
    """organization.yml, when present, names the exit's destination and the sidebar's logo."""
    org = cached_course(find_root(Path(app.srcdir))).organization
    app.wellbeing_organization = org
    if org is None:
        return
    if org.quick_exit_url:
        config.wellbeing_quick_exit_url = org.quick_exit_url
    if org.logo:
        config.html_logo = str(org.logo.file)
        options = dict(config.html_theme_options or {})
        # The theme prints alt_text into an attribute as it is (its templates do not escape): it gets
        # escaped text, as Markup so that an escaping template would not escape it twice.
        options["logo"] = {**dict(options.get("logo") or {}), "alt_text": Markup.escape(org.logo.alt)}
        config.html_theme_options = options


def _fill_organization(app, docname, source):
    """Each ``<!-- organization: part -->`` line becomes that part of organization.yml, or nothing."""
    if MARKER.search(source[0]):
        source[0] = fill_markers(source[0], app.wellbeing_organization, Path(app.env.doc2path(docname)))


def _organization_digest(app) -> str:
    path = find_root(Path(app.srcdir)) / ORGANIZATION_FILE
    return hashlib.sha256(path.read_bytes() if path.exists() else b"").hexdigest()


def _outdated_organization(app, env, added, changed, removed):
    """Pages that show a part of organization.yml, when that file changed."""
    digest = _organization_digest(app)
    if getattr(env, "wellbeing_organization", None) == digest:
        return []
    env.wellbeing_organization = digest
    return sorted(doc for doc in env.found_docs - added - changed
                  if MARKER.search(Path(env.doc2path(doc)).read_text(encoding="utf-8")))


def _merge_inputs(app, env, docnames, other):
    env.wellbeing_inputs.update({d: other.wellbeing_inputs[d] for d in docnames if d in other.wellbeing_inputs})


def setup(app):
    # The kernels that myst-nb starts inherit this: quiz() and reflection() then give plain
    # HTML, and no widget state (with its CDN scripts) reaches the static pages.
    os.environ[STATIC_ENV] = "1"
    app.add_config_value("wellbeing_quick_exit_url", "https://www.bbc.co.uk/weather", "html")
    app.add_config_value("wellbeing_safety_page", "", "html")
    if not app.config.html_favicon:  # else every browser asks the server for /favicon.ico, and logs a 404
        app.config.html_favicon = str(HERE / "static" / "favicon.svg")
    app.config.html_static_path.append(str(HERE / "static"))
    app.config.templates_path.insert(0, str(HERE / "templates"))
    app.add_css_file("icons.css")
    app.add_css_file("wellbeing.css")
    app.add_js_file("wellbeing.js", defer="defer")
    app.connect("html-page-context", _page_context)
    app.connect("html-page-context", _assessment_assets, priority=400)
    app.connect("html-page-context", _drop_theme_inline_scripts, priority=900)
    app.connect("builder-inited", _add_filters)
    app.connect("config-inited", _organization)
    app.connect("source-read", _fill_organization)
    app.connect("source-read", _pin_inputs)
    app.connect("env-get-outdated", _outdated_organization)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-merge-info", _merge_inputs)
    app.connect("build-finished", _slim_theme_css)
    app.connect("build-finished", _slim_static)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
