"""The learner copies for JupyterLab: ``_build/lab/``, one notebook per page of the book.

``make lab`` (``python -m wellbeing_course.lab``) writes them and opens JupyterLab there, so that
working in Jupyter never touches the course sources: JupyterLab's autosave rewrites only a copy.

A copy is a plain ``.ipynb`` made from its source by jupytext, with:
- its code cells (the import and the ``quiz(...)``/``reflection(...)`` calls) hidden and locked;
- MyST boxes (content notes) turned into Markdown quotes, so they read as text, not as code;
- links to other pages pointing at their copies;
- a note on what is different in JupyterLab (no quick-exit button: close the tab instead);
- with an ``organization.yml``, the organization's parts (its edition, contacts, local partners and
  logo) where the page's markers are, as in the book.

Copies are numbered in course order (``_toc.yml``): ``00-orientation.ipynb`` and so on; the
book's start page is ``welcome.ipynb``. A copy is written again when its source (or this maker, or the
words it adds) changes, unless the
learner has opened it (JupyterLab keeps a checkpoint of it, or it differs from what was written):
then it is left alone and the command says how to ask for a fresh one (``make lab REFRESH=1``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

import jupytext
import nbformat
from ipykernel.ipkernel import IPythonKernel
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from .agendas import esc
from .checks import report_problems
from .render import render
from .course import find_root, toc_files
from .organization import fill_markers, load_organization
from .words import word

LAB = Path("_build") / "lab"
MANIFEST = ".generated.json"
HERE = Path(__file__).parent
SETTINGS = HERE / "jupyterlab" / "overrides.json"
# MyST directive fences: ```{name} argument / :::{name} argument ... closing fence.
DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{([\w-]+)\}\s*(.*)$")
OPTION = re.compile(r"^:[\w-]+:.*$")
LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+?\.md)(#[^)]*)?\)")
CALL = re.compile(r"^\s*(quiz|reflection|journal|progress|assessment|objectives)\(", re.M)
# MyST's inline attributes after a link (``[Start the course](...){.wb-start}``): JupyterLab shows them as text.
ATTRIBUTES = re.compile(r"(\]\([^)\s]*\))\{[.#][^}\n]*\}")
# The book's names of its tools that JupyterLab names differently (the book's pages quote them).
JUPYTER_NAMES = {"journal.delete_all": "jupyter.delete", "assessment.delete": "jupyter.assessment_delete"}
QUICK_EXIT = re.compile(r"[^.;:]*\bquick-exit button\b[^.]*\.")
# MyST's cross-reference targets and roles, which JupyterLab's Markdown would show as written.
TARGET = re.compile(r"^\([\w-]+\)=[ \t]*\n?", re.M)
REF = re.compile(r"\{ref\}`([^<`]*?)\s*<[^>`]*>`")
ALT = re.compile(r"^:alt:\s*(.*)$")


def copy_name(course_or_root, name: str) -> str:
    """The learner copy's file name for a page of the book (``modules/trust`` -> ``02-trust.ipynb``)."""
    # A course knows its pages (the progress list asks once per module); a folder's are read.
    if isinstance(course_or_root, (str, os.PathLike)):
        names = toc_files(Path(course_or_root))
    else:
        names = course_or_root.pages
    if name == names[0]:
        return f"{Path(name).name}.ipynb"
    return f"{names[1:].index(name):02d}-{Path(name).name}.ipynb"


def _admonitions(text: str) -> str:
    """MyST boxes as Markdown quotes: '> **Content note**' then the body; code cells are untouched."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        m = DIRECTIVE.match(lines[i].strip())
        if not m or m.group(2) in ("code-cell", "raw-cell"):
            out.append(lines[i])
            i += 1
            continue
        fence, name, title = m.group(1), m.group(2), m.group(3).strip()
        body, i = [], i + 1
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        i += 1
        if name == "image":  # the organization's logo: a cell attachment (learner_notebook adds the file)
            alt = next((m.group(1) for line in body if (m := ALT.match(line.strip()))), "")
            if alt.startswith('"'):  # organization.yml's text, quoted as a directive option (JSON's escapes)
                alt = esc(json.loads(alt))
            out.append(f"![{alt}](attachment:{Path(title).name})")
            continue
        body = [line for line in body if not OPTION.match(line.strip())]
        if name not in ("admonition",) and not title:
            title = name.replace("-", " ").capitalize()
        quoted = [f"> **{title}**" if title else ">", ">"] + [f"> {line}".rstrip() for line in _admonitions("\n".join(body)).split("\n")]
        if "content note" in title.lower():
            quoted = [QUICK_EXIT.sub(" " + word("lab.no_quick_exit"), line) for line in quoted]
        out.extend(quoted)
    return "\n".join(out)


def _links(text: str, source: Path, root: Path) -> str:
    """Links to another page of the book point at that page's learner copy."""
    names = set(toc_files(root))

    def swap(m):
        target = (source.parent / m.group(2)).resolve()
        try:
            name = target.relative_to(root).with_suffix("").as_posix()
        except ValueError:
            return m.group(0)
        if name not in names:
            return m.group(0)
        return f"[{m.group(1)}]({copy_name(root, name)}{m.group(3) or ''})"

    return LINK.sub(swap, text)


def learner_notebook(root: Path, name: str) -> nbformat.NotebookNode:
    """The learner copy of one page, made from its source."""
    source = root / f"{name}.md"
    text = source.read_text(encoding="utf-8")
    # An organization's edition: its parts where the page's markers are, as the book's build puts them.
    organization = load_organization(root)
    nb = jupytext.reads(REF.sub(r"\1", TARGET.sub("", fill_markers(text, organization, source))), fmt="md:myst")
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            # JupyterLab shows a hidden cell's first line: make it say what the cell is for.
            call = CALL.search(cell.source)
            cell.source = f"# {word('lab.cell.' + (call.group(1) if call else 'setup'))}\n{cell.source}"
            cell.metadata = {"tags": list(cell.metadata.get("tags", [])), "editable": False, "deletable": False,
                             "jupyter": {"source_hidden": True}}
            cell.outputs, cell.execution_count = [], None
        elif cell.cell_type == "markdown":
            cell.source = _book_words(ATTRIBUTES.sub(r"\1", _links(_admonitions(cell.source), source, root)))
            cell.metadata = {}
            if organization and organization.logo and f"(attachment:{organization.logo.file.name})" in cell.source:
                cell.attachments = {organization.logo.file.name: {organization.logo.media_type: base64.b64encode(
                    organization.logo.file.read_bytes()).decode("ascii")}}
        else:  # a raw cell (front matter jupytext did not read) carries nothing for the learner
            continue
        cells.append(cell)
    # What is different here, right under the page's title.
    note = "> " + _note([m.group(1) for c in cells if c.cell_type == "code" for m in CALL.finditer(c.source)])
    first = next((c for c in cells if c.cell_type == "markdown"), None)
    if first is None:
        cells.insert(0, nbformat.v4.new_markdown_cell(note))
    else:
        lines = first.source.split("\n")
        at = next((n + 1 for n, line in enumerate(lines) if line.startswith("# ")), 0)
        first.source = "\n".join(lines[:at] + ["", note, ""] + lines[at:]).strip("\n")
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {
        # What JupyterLab writes here when the kernel starts: the same, so a copy whose kernel
        # starts is not a changed copy (closing it would ask "Save your work?" about nothing).
        **kernel_metadata(),
        # What this copy was made from: a copy whose source changed is written again (when unopened).
        # (and by which version of this maker and the organization's edition: a change remakes the copies too).
        "wellbeing_course": {"source": f"{name}.md", "source_sha256": _sha(
            text.encode("utf-8") + Path(__file__).read_bytes() + (HERE / "words.yml").read_bytes()
            + repr(organization).encode("utf-8") + (organization.logo.file.read_bytes() if organization and organization.logo else b""))},
    }
    for n, cell in enumerate(out.cells):
        cell["id"] = f"{Path(name).name}-{n}"
    return out


def kernel_metadata() -> dict:
    """The notebook metadata the course's kernel reports (this environment's ``python3`` kernel)."""
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
        display = spec.display_name
    except (NoSuchKernel, OSError):
        display = "Python 3"
    return {"kernelspec": {"name": "python3", "display_name": display, "language": "python"},
            "language_info": json.loads(json.dumps(IPythonKernel.language_info))}


def _note(calls: list[str]) -> str:
    """The note under a copy's title: Run All only where the page shows something, and what it shows."""
    parts = [word("lab.part." + call) for call in dict.fromkeys(calls)]
    sentences = [word("lab.note")]
    if parts:
        sentences.append(word("lab.note_run", parts=", ".join(parts)))
    if {"reflection", "journal", "assessment"} & set(calls):
        sentences.append(word("lab.note_kept"))
    return " ".join(sentences + [word("lab.note_exit")])


def _book_words(text: str) -> str:
    """A tool the page names by its book name ("Delete everything from this browser") by JupyterLab's."""
    for book, jupyter in JUPYTER_NAMES.items():
        text = text.replace(f'"{word(book)}"', f'"{word(jupyter)}"')
    return text


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _opened(folder: Path, file: str, written: str | None) -> bool:
    """Has the learner opened this copy? JupyterLab checkpoints a file it opens, and saves change it."""
    path = folder / file
    checkpoint = folder / ".ipynb_checkpoints" / file.replace(".ipynb", "-checkpoint.ipynb")
    return checkpoint.exists() or written is None or _sha(path.read_bytes()) != written


def write_copies(root: Path | None = None, refresh: bool = False, out: Path | None = None) -> tuple[list[str], list[str]]:
    """Write every learner copy that is missing or out of date; returns (written, kept).

    ``kept`` lists copies whose source changed after the learner opened them: they are not
    overwritten unless ``refresh`` is true."""
    root = Path(root or find_root())
    folder = Path(out or root / LAB)
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    written, kept = [], []
    for name in toc_files(root):
        if not (root / f"{name}.md").is_file():
            continue
        file = copy_name(root, name)
        nb = learner_notebook(root, name)
        path = folder / file
        if path.exists():
            try:
                current = nbformat.read(path, as_version=4)
                same = current.metadata.get("wellbeing_course", {}).get("source_sha256") == \
                    nb.metadata["wellbeing_course"]["source_sha256"]
            except Exception:  # an unreadable copy is out of date like any other
                same = False
            if same:
                continue
            if not refresh and _opened(folder, file, manifest.get(file)):
                kept.append(file)
                continue
        data = nbformat.writes(nb).encode("utf-8") + b"\n"
        path.write_bytes(data)
        checkpoint = folder / ".ipynb_checkpoints" / file.replace(".ipynb", "-checkpoint.ipynb")
        checkpoint.unlink(missing_ok=True)
        manifest[file] = _sha(data)
        written.append(file)
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return written, kept


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def without_widget_views(model: dict, **_context) -> None:
    """Jupyter server's pre-save hook (``main`` sets it): in a saved copy, each widget's output
    says in plain words to choose Run All. JupyterLab does not save widget state (it would hold the
    learner's answers), so a widget view saved as it is shows "Error displaying widget: model not
    found" when the copy is opened again. The notebook open on the screen keeps its widgets."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    said = word("lab.reopened")
    for cell in model["content"].get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if WIDGET_VIEW in output.get("data", {}):
                output["data"] = {"text/html": render("wb-jupyter-status.html", text=said, strong=""), "text/plain": said}


def install_settings(prefix: str | None = None) -> Path:
    """JupyterLab's settings for the course (news and update pop-ups off, widget state not saved in
    notebooks, a copy saved 2 seconds after Run All changed its outputs, so that closing it does not
    ask "Save your work?" about outputs the learner did not write), as ``overrides.json`` in this
    environment's JupyterLab settings folder."""
    target = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    ours = json.loads(SETTINGS.read_text(encoding="utf-8"))
    try:
        merged = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        merged = {}
    for plugin, values in ours.items():
        merged.setdefault(plugin, {}).update(values)
    target.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wellbeing_course.lab",
                                     description="write the learner copies to _build/lab/ and open JupyterLab there")
    parser.add_argument("--refresh", action="store_true",
                        help="also replace copies you have opened whose module changed (your journal is not touched)")
    parser.add_argument("--no-start", action="store_true", help="write the copies and settings, do not start JupyterLab")
    parser.add_argument("--copies", type=Path, default=None, help="where to keep the learner copies (default: _build/lab)")
    args, rest = parser.parse_known_args(argv)
    root = find_root()
    # A broken source is reported as the check reports it, file:line, before any copy is made.
    if report_problems(root, ": fix them, then run make lab again"):
        return 1
    folder = (args.copies or root / LAB).resolve()
    written, kept = write_copies(root, refresh=args.refresh, out=folder)
    install_settings()
    print(f"Learner copies in {folder}: {len(written)} written, {len(kept)} kept as you left them.")
    for file in kept:
        print(f"  {file}: its module changed since you opened it. To get the new version, run: make lab REFRESH=1")
    if args.no_start:
        return 0
    command = [str(Path(sys.executable).with_name("jupyter")), "lab", f"--ServerApp.root_dir={folder}",
               f"--LabApp.default_url=/lab/tree/{copy_name(root, toc_files(root)[0])}",
               "--ContentsManager.pre_save_hook=wellbeing_course.lab.without_widget_views"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    command += rest
    # The kernels find the course from here, wherever the copies are.
    os.environ.setdefault("WELLBEING_COURSE_ROOT", str(root))
    if shutil.which(command[0]) is None:
        print(f"{command[0]} is missing: run make book first", file=sys.stderr)
        return 1
    os.execv(command[0], command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
