"""Command line: `python -m generators COMMAND`. Run with --help for the list."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, pipeline
from .paths import UnsafePathError, safe_join
from .problems import format_github, format_json, format_text

EPILOG = """\
examples:
  python -m generators check                     report every problem in references/*.bib
  python -m generators check --format json       the same, for machines
  python -m generators build --out /tmp/pages    write the generated Markdown pages
"""


def _project(args) -> pipeline.Project:
    return pipeline.Project.at(args.root, args.references)


def cmd_check(args) -> int:
    result = pipeline.check(_project(args))
    problems = result.problems
    if args.errors_only:
        problems = [p for p in problems if p.is_error]
    if args.format == "json":
        print(format_json(problems))
    elif args.format == "github":
        if problems:
            print(format_github(problems))
    else:
        entries = len(result.loaded.entries)
        files = len(result.loaded.files)
        print(format_text(problems), file=sys.stdout)
        print(f"checked {entries} entries in {files} file(s): " + ("OK" if result.ok else "FAILED"))
    return 0 if result.ok else 1


def cmd_build(args) -> int:
    result = pipeline.check(_project(args))
    if not result.ok:
        print(format_text([p for p in result.problems if p.is_error]), file=sys.stderr)
        print("not built: fix the errors above (no site is built with entries missing)", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    generated = pipeline.pages(result)
    for i, (rel, content) in enumerate(sorted(generated.items()), 1):
        try:
            target = safe_join(out, rel)
        except UnsafePathError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        if not args.quiet and (i % 1000 == 0 or i == len(generated)):
            print(f"  wrote {i}/{len(generated)} pages", file=sys.stderr)
    print(f"wrote {len(generated)} pages for {len(result.loaded.entries)} entries to {out}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m generators",
        description="Misalignment Evidence Tracker: check a BibTeX library and generate its site pages.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=".", help="project root; paths in messages are relative to it (default: .)")
    common.add_argument("--references", default=None, metavar="DIR",
                        help="folder holding *.bib and taxonomy.yml (default: ROOT/references)")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("check", parents=[common], help="report every problem in the library; exit 1 on any error",
                       description="Load and validate every references/*.bib file and the taxonomy. Prints "
                       "file:line: key: severity: message, with a hint, and exits 1 if there is any error.")
    p.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="text for people, json for tools, github for workflow annotations")
    p.add_argument("--errors-only", action="store_true", help="hide warnings")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", parents=[common], help="write the generated Markdown pages to a folder",
                       description="Write the pages the site is built from (papers, tags, claims...) "
                       "to --out, for inspection. `mkdocs build` does this itself through the hook.")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=cmd_build)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
