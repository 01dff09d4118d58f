"""Measure the course against the stock Jupyter Book template, on this machine, in one run.

    .venv/bin/python benchmarks/run.py

Builds the stock template (`jupyter-book create`) and a copy of this course in a temporary folder,
then prints build times per page (notebook cache empty and warm), rebuild times after a text edit
and a quiz edit, what a page costs to load in headless Chromium, and our own assets gzipped,
each beside the stock figure with the ratio and the goal. Not part of the test suite.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def run(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def pages(html_dir: Path) -> int:
    skip = {"genindex.html", "search.html"}
    return sum(1 for p in html_dir.rglob("*.html")
               if p.name not in skip and "_static" not in p.parts and "<meta http-equiv=\"Refresh\"" not in p.read_text()[:200])


class Stock:
    name = "stock template"

    def __init__(self, work: Path):
        self.dir = work / "stock"
        subprocess.run([str(BIN / "jupyter-book"), "create", str(self.dir)], check=True, stdout=subprocess.DEVNULL)
        config = self.dir / "_config.yml"
        # The template forces execution on every build; give it the same cache mode as the course.
        config.write_text(config.read_text().replace("execute_notebooks: force", "execute_notebooks: cache"))

    def build(self) -> float:
        return run([str(BIN / "jupyter-book"), "build", str(self.dir)], self.dir)

    def clean(self, keep_cache: bool) -> None:
        clean(self.dir / "_build", keep_cache)

    def page_count(self) -> int:
        return pages(self.dir / "_build" / "html")

    def edit_text(self) -> None:
        with open(self.dir / "markdown.md", "a", encoding="utf-8") as f:
            f.write("\nOne more sentence, to measure a rebuild.\n")


class Course:
    name = "our two books"

    def __init__(self, work: Path):
        self.dir = work / "course"
        files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
        for name in files:
            target = self.dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)

    def build(self) -> float:
        env_path = f"{BIN}:{Path(sys.executable).parent}"
        return run(["env", f"PATH={env_path}:/usr/bin:/bin", str(BIN / "python"), "-m", "wellbeing_course", "build"],
                   self.dir)

    def clean(self, keep_cache: bool) -> None:
        clean(self.dir / "_build", keep_cache)
        clean(self.dir / "facilitator" / "_build", keep_cache)

    def page_count(self) -> int:
        return pages(self.dir / "_build" / "html") + pages(self.dir / "facilitator" / "_build" / "html")

    def edit_text(self) -> None:
        path = self.dir / "modules" / "trust.md"
        path.write_text(path.read_text().replace("## Key points\n", "## Key points\n\n- One more sentence, to measure a rebuild.\n", 1))

    def edit_quiz(self) -> None:
        path = self.dir / "quizzes" / "trust.yml"
        # The first one-line feedback (a folded "feedback: >-" block would not stay YAML).
        path.write_text(re.sub(r"feedback: (?![>|])", "feedback: Edited. ", path.read_text(), count=1))


def clean(build: Path, keep_cache: bool) -> None:
    """Remove a build folder; with keep_cache, keep the jupyter-cache that lives inside it."""
    if not build.exists():
        return
    for child in build.iterdir():
        if keep_cache and child.name == ".jupyter_cache":
            continue
        shutil.rmtree(child) if child.is_dir() else child.unlink()


def page_load(server: str, path: str, browser) -> dict:
    """Requests (outside hosts included, and refused), bytes from the browser's own resource timing."""
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + path, wait_until="load")
    page.wait_for_timeout(500)  # let deferred fonts and icons arrive
    figures = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const all = [nav, ...performance.getEntriesByType('resource')];
        return {bytes: all.reduce((sum, e) => sum + (e.decodedBodySize || 0), 0),
                dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd}; }""")
    context.close()
    return {"requests": len(requests), "bytes": figures["bytes"], "dcl_ms": figures["dcl"], "load_ms": figures["load"]}


def row(label: str, ours: float, stock: float, unit: str, goal: str = "") -> str:
    ratio = ours / stock if stock else float("nan")
    return f"| {label} | {ours:,.2f} {unit} | {stock:,.2f} {unit} | {ratio:.2f} | {goal} |"


def main() -> None:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="wellbeing-bench-"))
    stock, course = Stock(work), Course(work)
    figures: dict[str, dict[str, float]] = {"stock": {}, "ours": {}}
    for key, book in (("stock", stock), ("ours", course)):
        book.clean(keep_cache=False)
        cold = book.build()
        count = book.page_count()
        book.clean(keep_cache=True)
        warm = book.build()
        book.edit_text()
        text_edit = book.build()
        figures[key].update(pages=count, cold=cold / count, warm=warm / count, text_edit=text_edit)
    figures["ours"]["quiz_edit"] = (course.edit_quiz(), course.build())[1]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(work))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page_load(server, "/stock/_build/html/intro.html", browser)  # warm the disk cache for both
        loads = {
            "stock intro": page_load(server, "/stock/_build/html/intro.html", browser),
            "welcome page": page_load(server, "/course/_build/html/book/welcome.html", browser),
            "module page": page_load(server, "/course/_build/html/modules/trust.html", browser),
        }
        browser.close()
    httpd.shutdown()

    ours, base = figures["ours"], figures["stock"]
    print(f"\nMeasured on {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores; "
          f"{ours['pages']:.0f} pages in our books, {base['pages']:.0f} in the stock template.\n")
    print("| measure | ours | stock | ratio | goal |")
    print("|---|---|---|---|---|")
    print(row("clean build per page, cache empty", ours["cold"], base["cold"], "s"))
    print(row("clean build per page, cache warm", ours["warm"], base["warm"], "s", "ratio <= 2"))
    print(row("rebuild after a text edit to one page", ours["text_edit"], base["text_edit"], "s", "ratio <= 1.5"))
    print(row("rebuild after a quiz edit (vs stock text edit)", ours["quiz_edit"], base["text_edit"], "s"))
    stock_load = loads["stock intro"]
    for name in ("welcome page", "module page"):
        load = loads[name]
        print(row(f"{name}: requests", load["requests"], stock_load["requests"], ""))
        print(row(f"{name}: bytes", load["bytes"] / 1024, stock_load["bytes"] / 1024, "KiB",
                  "ratio <= 0.25" if name == "module page" else ""))
        print(row(f"{name}: DOMContentLoaded", load["dcl_ms"], stock_load["dcl_ms"], "ms"))
        print(row(f"{name}: load", load["load_ms"], stock_load["load_ms"], "ms"))
    static = ROOT / "wellbeing_course" / "static"
    total = 0
    for asset in sorted(static.iterdir()):
        size = len(gzip.compress(asset.read_bytes(), 9))
        total += size
        print(f"| ours: {asset.name}, gzipped | {size / 1024:.2f} KiB | | | |")
    print(f"| ours: all scripts and stylesheets, gzipped | {total / 1024:.2f} KiB | | | < 15 KiB |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
