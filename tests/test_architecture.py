"""The package's shape: no two modules import each other (directly or round a longer loop), every
module imports on its own, and a function imports something only when it is heavy and optional.

A developer notices a cycle as an ImportError that depends on which module was imported first, or
as an import hidden in a function to dodge one; these tests name the loop instead. They read the
source with ``ast`` (no import runs), except the one that imports each module in a fresh state.
"""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

PACKAGE = "wellbeing_course"
SOURCE = ROOT / PACKAGE
# Every module by its dotted name under the package ("checks", "guide.book"); "__init__" is the
# package itself, "guide" a subpackage's __init__.
MODULES = sorted(".".join(p.relative_to(SOURCE).with_suffix("").parts).removesuffix(".__init__")
                 for p in SOURCE.rglob("*.py"))

# Heavy optional packages (the house rules): only Jupyter, the PDFs or the lab need them, so a
# function may import them, or a module of ours that imports them, when it runs. pandas too: only
# the evaluation summaries and the self-assessment's exports use it, and `check` starts without it.
HEAVY = {"ipywidgets", "matplotlib", "playwright", "jupytext", "pandas"}

# Imports inside functions that were there before the rule was written down (issue 18). All are
# gone now; the list stays so that an exception has to be written down here, with its reason.
KNOWN: set[tuple[str, str]] = set()


def _path(name: str):
    path = SOURCE.joinpath(*name.split(".")).with_suffix(".py")
    return path if path.is_file() else SOURCE.joinpath(*name.split("."), "__init__.py")


def _file(name: str) -> str:
    """How a message names a module: its file under the package (``guide/book.py``)."""
    return _path(name).relative_to(SOURCE).as_posix()


def _tree(name: str) -> ast.Module:
    path = _path(name)
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _module_level_imports(tree: ast.Module):
    """Import statements that run when the module is imported: at the top, or inside a top-level
    if/try/with (never in a function, a class body aside, or under ``if TYPE_CHECKING:``)."""
    todo = list(tree.body)
    while todo:
        node = todo.pop(0)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.ClassDef)) and not _is_type_checking(node):
            for field in ("body", "orelse", "finalbody", "handlers"):
                todo.extend(getattr(node, field, []))
        elif isinstance(node, ast.ExceptHandler):
            todo.extend(node.body)


def _function_level_imports(tree: ast.Module):
    for func in ast.walk(tree):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for node in ast.walk(func):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    yield node


def _ours(parts: list[str]) -> str:
    """The module of ours that dotted ``parts`` (under the package) load: the longest that is one."""
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in MODULES:
            return ".".join(parts[:n])
    return "__init__"


def _targets(node: ast.Import | ast.ImportFrom, importer: str = "") -> list[tuple[str, str]]:
    """What an import statement in module ``importer`` loads, as (kind, name): ("ours", dotted module
    name) or ("other", top-level package)."""
    if isinstance(node, ast.Import):
        out = []
        for alias in node.names:
            parts = alias.name.split(".")
            out.append(("ours", _ours(parts[1:])) if parts[0] == PACKAGE else ("other", parts[0]))
        return out
    if node.level == 0:
        parts = (node.module or "").split(".")
        if parts[0] != PACKAGE:
            return [("other", parts[0])]
        base = parts[1:]
    else:
        # The importer's package ("guide" for guide.book, "" for checks), then up one per extra dot.
        package = importer.split(".")[:-1] if _path(importer).name != "__init__.py" else importer.split(".")
        package = [p for p in package if p and p != "__init__"]
        base = package[:len(package) - (node.level - 1)] + ((node.module or "").split(".") if node.module else [])
    if node.module or node.level == 0:
        return [("ours", _ours(base))]
    # from . import a, b: each name is a module of ours, or else something the package's __init__ defines.
    return [("ours", _ours(base + [a.name])) for a in node.names]


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name in MODULES:
        graph[name] = {t for node in _module_level_imports(_tree(name))
                       for kind, t in _targets(node, name) if kind == "ours" and t != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import loop as [a, b, ..., a], or [] when there is none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return []

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return []


def test_the_cycle_finder_finds_a_loop_and_no_false_one():
    """The check below is only worth something if it can fail: a loop of three is found and named."""
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []
    tree = ast.parse("from . import checks\nfrom .errors import Problem\nimport wellbeing_course.course\n"
                     "if TYPE_CHECKING:\n    from .display import x\ndef f():\n    from .widgets import y\n")
    assert sorted(t for n in _module_level_imports(tree) for _, t in _targets(n)) == ["checks", "course", "errors"]
    # Inside a subpackage, dots count from the importer's own package.
    inner = ast.parse("from ..agendas import x\nfrom .myst import esc\nfrom . import links\n").body
    assert [_targets(n, "guide.book") for n in inner] == [[("ours", "agendas")], [("ours", "guide.myst")],
                                                          [("ours", "guide.links")]]


def test_no_module_of_the_package_imports_itself_round_a_loop():
    """Module-level imports between the package's modules form no cycle (checks and the self-assessment
    imported each other, one of them from inside a function)."""
    graph = _graph()
    assert "assessment_model" in graph["checks"]  # the edge that used to be hidden in a function
    loop = _cycle(graph)
    assert loop == [], "import loop: " + " -> ".join(_file(m) for m in loop)


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    """Each module imports first, with none of the package loaded before it: an import that only works
    in one order (the sign of a cycle) fails here, whatever order the tests run in."""
    script = (
        "import importlib, sys, traceback\n"
        f"failed = []\nfor name in {[m for m in MODULES if m != '__init__']!r}:\n"
        f"    for key in [k for k in sys.modules if k == {PACKAGE!r} or k.startswith({PACKAGE + '.'!r})]:\n"
        "        del sys.modules[key]\n"
        "    try:\n"
        f"        importlib.import_module({PACKAGE + '.'!r} + name)\n"
        "    except Exception as err:\n"
        "        failed.append(f'{name}: {type(err).__name__}: {err}')\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", "modules that do not import on their own:\n" + result.stdout


def _needs_heavy(graph: dict[str, set[str]]) -> set[str]:
    """Our modules that import a heavy optional package when they are imported, themselves or through another."""
    direct = {name for name in MODULES
              if any(kind == "other" and t in HEAVY
                     for node in _module_level_imports(_tree(name)) for kind, t in _targets(node, name))}
    heavy = set(direct)
    changed = True
    while changed:
        changed = False
        for name, deps in graph.items():
            if name not in heavy and deps & heavy:
                heavy.add(name)
                changed = True
    return heavy


def _function_imports() -> set[tuple[str, str, int]]:
    """(file, what, line) for every import inside a function that is not a heavy optional one."""
    heavy_ours = _needs_heavy(_graph())
    found = set()
    for name in MODULES:
        for node in _function_level_imports(_tree(name)):
            for kind, target in _targets(node, name):
                if (kind == "other" and target in HEAVY) or (kind == "ours" and target in heavy_ours):
                    continue
                what = f".{target}" if kind == "ours" else target
                found.add((_file(name), what, node.lineno))
    return found


def test_functions_import_only_heavy_optional_packages():
    """No new import inside a function, except of ipywidgets, matplotlib, playwright, jupytext or pandas, or of
    a module of ours that needs one of them (the widgets, the lab); the self-assessment has none."""
    found = _function_imports()
    new = sorted(f"{file}:{line}: imports {what} inside a function" for file, what, line in found
                 if (file, what) not in KNOWN)
    assert new == [], "\n".join(new)
    assert not [f for f in found if f[0].startswith("assessment_") or f[0] == "language.py"]


def test_known_function_level_imports_are_still_there():
    """A known exception that has been fixed is crossed off the list, so that it cannot come back unseen."""
    present = {(file, what) for file, what, _line in _function_imports()}
    gone = sorted(KNOWN - present)
    assert gone == [], "no longer imported inside a function; remove from KNOWN in tests/test_architecture.py: " + \
        ", ".join(f"{file} {what}" for file, what in gone)


def test_check_starts_without_pandas():
    """`check` is what an author runs after every edit: it reads forms.yml but summarizes nothing, so
    it does not wait for pandas to load (it did, through the evaluation module)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", PACKAGE, "check"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "wellbeing_course.evaluation" in imported  # the module that used to bring pandas was loaded
    assert "pandas" not in imported
