"""Command line: ``python -m wellbeing_course check | build | generate | evaluation RESULTS.csv | export | pdf | scorm | publish-config``."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from .checks import report_problems
from .course import find_root
from .errors import CourseError
from .evaluation import main as evaluation_main
from .guide.book import generate
from .publish import apache_config, nginx_config, root_problem, security_headers


def _check(args) -> int:
    if report_problems(find_root()):
        return 1
    print("The course passes every check.")
    return 0


def _build(args) -> int:
    """Check the sources, then build both books with warnings as errors."""
    if _check(args):
        return 1
    root = find_root()
    if _generate(args):
        return 1
    # The two books build side by side, one process each: most of a small rebuild is Jupyter Book
    # importing its dependencies, and on two cores the two imports then cost the time of one.
    # Each book's output is printed whole when it finishes, so the two logs never interleave.
    builds = []
    for book in (root, root / "facilitator"):
        cmd = ["jupyter-book", "build", str(book), "-W", "-n", "--keep-going"] + (["--all"] if args.all else [])
        log = tempfile.TemporaryFile(mode="w+")
        builds.append((cmd, log, subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT, text=True)))
    failed = False
    for cmd, log, process in builds:
        failed |= process.wait() != 0
        log.seek(0)
        print("+", " ".join(cmd), flush=True)
        print(log.read(), flush=True)
    return 1 if failed else 0


def _generate(args) -> int:
    """Write the facilitator guide's generated pages (facilitator/generated/)."""
    try:
        written = generate(find_root())
    except CourseError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"Generated {len(written)} facilitator guide page(s) in facilitator/generated/.")
    return 0


def _evaluation(args) -> int:
    """Summarize a filled evaluation CSV: tables on stdout, a message per bad row on stderr, a chart."""
    return evaluation_main(args)


def _publish_config(args) -> int:
    """A web server configuration with the security headers every page of both books works under."""
    if problem := root_problem(args.root):
        print(problem, file=sys.stderr)
        return 2
    root = find_root()
    books = [root / "_build" / "html", root / "facilitator" / "_build" / "html"]
    if not (books[0] / "index.html").exists():
        print("Build the books first (make book): the policy lists the inline scripts of the built pages.", file=sys.stderr)
        return 1
    headers = security_headers(books)
    text = (nginx_config if args.server == "nginx" else apache_config)(headers, args.root)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as err:
            print(f"{args.output}: cannot write the file: {err.strerror}", file=sys.stderr)
            return 1
        print(f"Wrote {args.output}.")
    else:
        print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wellbeing_course")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="check every quiz file and module; exit 1 with file:line messages").set_defaults(run=_check)
    build = sub.add_parser("build", help="check, then build the learner book and the facilitator guide")
    build.add_argument("--all", action="store_true", help="rebuild every page, not only changed ones")
    build.set_defaults(run=_build)
    sub.add_parser("generate", help="write the facilitator guide's generated pages to facilitator/generated/").set_defaults(run=_generate)
    evaluation = sub.add_parser("evaluation", help="summarize a filled workshop evaluation or self-check CSV")
    evaluation.add_argument("results", type=Path, help="the filled CSV (see facilitator/evaluation/)")
    evaluation.add_argument("--chart", type=Path, default=None,
                            help="where to write the chart (PNG); default: beside the CSV, named <name>-chart.png")
    evaluation.set_defaults(run=_evaluation)
    export = sub.add_parser("export", help="write every quiz question for an LMS: GIFT or Moodle XML")
    export.add_argument("format", choices=["gift", "moodle-xml"], help="the file format Moodle imports")
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    export.set_defaults(run=lambda args: __import__("wellbeing_course.export", fromlist=["run"]).run(args))
    sub.add_parser("pdf", help="print both books to _build/pdf/ (wellbeing-course.pdf, facilitator-guide.pdf)").set_defaults(
        run=lambda args: __import__("wellbeing_course.pdf", fromlist=["run"]).run(args))
    publish = sub.add_parser("publish-config", help="print an nginx or Apache configuration with the security headers")
    publish.add_argument("server", choices=["nginx", "apache"])
    publish.add_argument("--root", default="/var/www/wellbeing-course", help="the folder the server publishes")
    publish.add_argument("-o", "--output", metavar="FILE", help="write to this file instead of printing")
    publish.set_defaults(run=_publish_config)
    scorm = sub.add_parser("scorm", help="zip the built learner book as a SCORM 1.2 package for a learning system")
    scorm.add_argument("-o", "--output", default=None, metavar="FILE",
                       help="the zip to write (default: _build/wellbeing-course-scorm12.zip)")
    scorm.set_defaults(run=lambda args: __import__("wellbeing_course.scorm", fromlist=["run"]).run(args))
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
