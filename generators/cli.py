"""Command line: `python -m generators COMMAND`. Run with --help for the list."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, pipeline
from .article import Article
from .joined import Joined
from .paths import UnsafePathError, safe_join
from .problems import format_github, format_json, format_text

EPILOG = """\
examples:
  python -m generators check                     report every problem in references/*.bib
  python -m generators check --format json       the same, for machines
  python -m generators build --out /tmp/pages    write the generated Markdown pages
  python -m generators format --check            show what `format` would change
  python -m generators export --format bib       the whole library, every field, on stdout
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
    result = pipeline.check(_project(args), library_rules=False, model_per_file=True)   # pages() runs them
    try:
        generated = pipeline.pages(result)
    except pipeline.LibraryHasErrors:
        print(format_text([p for p in result.problems if p.is_error]), file=sys.stderr)
        print("not built: fix the errors above (no site is built with entries missing)", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for i, (rel, content) in enumerate(sorted(generated.items()), 1):
        try:
            target = safe_join(out, rel)
        except UnsafePathError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif isinstance(content, Article):
            target.write_text(content.as_markdown(), encoding="utf-8")
        elif isinstance(content, Joined):
            content.write(target)
        else:
            target.write_text(content, encoding="utf-8")
        if not args.quiet and (i % 1000 == 0 or i == len(generated)):
            print(f"  wrote {i}/{len(generated)} pages", file=sys.stderr)
    print(f"wrote {len(generated)} pages for {len(result.loaded.entries)} entries to {out}")
    return 0


def cmd_format(args) -> int:
    import difflib

    from .bibtex import format_source
    from .files import atomic_write
    from .load import load_file

    project = _project(args)
    paths = [Path(p) for p in args.files] if args.files else project.bib_paths()
    changed, failed = [], []
    for path in paths:
        source = load_file(path, project.root, resolve_strings=False)
        errors = [p for p in source.problems if p.is_error]
        if errors:
            print(format_text(errors), file=sys.stderr)
            print(f"{source.path}: not formatted: fix the parse errors first (nothing would be lost, "
                  "but a file that does not parse cannot be rewritten safely)", file=sys.stderr)
            failed.append(source.path)
            continue
        new = format_source(source)
        if new == source.text:
            continue
        changed.append(source.path)
        if args.check:
            diff = difflib.unified_diff(source.text.splitlines(keepends=True), new.splitlines(keepends=True),
                                        f"{source.path} (as is)", f"{source.path} (formatted)")
            sys.stdout.writelines(diff)
        else:
            atomic_write(path, new)
            print(f"formatted {source.path}")
    if args.check and changed:
        print(f"{len(changed)} file(s) would be reformatted: run `python -m generators format`", file=sys.stderr)
    elif not changed and not failed:
        print(f"{len(paths)} file(s) already formatted")
    return 1 if failed or (args.check and changed) else 0


def cmd_export(args) -> int:
    from .export import EXPORTERS

    result = pipeline.check(_project(args))
    # an export must hold every entry as written: refuse when some did not load, and when the
    # library itself is in doubt (taxonomy, no .bib files); other errors are the entries' own
    lost = result.loaded.not_loaded
    errors = lost + [p for p in result.problems if p.is_error and not p.key and p not in lost]
    if errors:
        print(format_text(errors), file=sys.stderr)
        print("not exported: an export would miss or change entries; fix the errors above first",
              file=sys.stderr)
        return 1
    text = EXPORTERS[args.format](result)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"exported {len(result.loaded.entries)} entries to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_add(args) -> int:
    from .add import main

    return main(args)


def cmd_links(args) -> int:
    from .links import main

    return main(args)


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

    p = sub.add_parser("format", parents=[common], help="rewrite .bib files in the canonical style",
                       description="Rewrite .bib files in one canonical style: field order, two-space "
                       "indentation, braces, sorted keywords. Keeps every field, comment, @string and "
                       "@preamble; writes atomically; idempotent.")
    p.add_argument("files", nargs="*", help="files to format (default: every references/*.bib)")
    p.add_argument("--check", action="store_true", help="change nothing; show a diff and exit 1 if a file would change")
    p.set_defaults(func=cmd_format)

    p = sub.add_parser("export", parents=[common], help="write the whole library in one file",
                       description="Export every entry with every field (unknown fields included).")
    p.add_argument("--format", choices=("bib", "csl-json"), default="bib", help="output format (default: bib)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_export)

    from .add import HELP_EPILOG as ADD_EPILOG
    p = sub.add_parser("add", parents=[common], help="add a paper from its arXiv id, DOI or web page",
                       description="Fetch a work's metadata (arXiv API, Crossref or doi.org, or a page's "
                       "citation/OpenGraph meta tags), build a normalized entry and append it to a "
                       "references/*.bib file. Refuses a work the library already has.",
                       epilog=ADD_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("identifier", help="arXiv id or URL, DOI or doi.org URL, or a web page URL")
    p.add_argument("--tags", nargs="+", metavar="TAG", help="tag ids; the first picks the file")
    p.add_argument("--supports", nargs="+", metavar="CLAIM", help="claim ids the work supports")
    p.add_argument("--challenges", nargs="+", metavar="CLAIM", help="claim ids the work challenges")
    p.add_argument("--evidence", metavar="KIND", help="evidence kind id")
    p.add_argument("--file", metavar="FILE", help="target .bib file (default: references/<group of first tag>.bib)")
    p.add_argument("--dry-run", action="store_true", help="print the entry; write nothing")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("links", parents=[common], help="check that every DOI and URL still resolves (network)",
                       description="HEAD (then GET) every DOI and URL in the library, a few at a time, and "
                       "report the broken ones as file:line: key. Never part of the site build. "
                       "DOIs go through DOI_RESOLVER_URL (default https://doi.org).")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    p.add_argument("--strict", action="store_true", help="exit 1 if any link is broken")
    p.add_argument("--workers", type=int, default=8, help="concurrent checks in all (default 8)")
    p.add_argument("--per-host", type=int, default=2, help="concurrent checks per host (default 2)")
    p.add_argument("--quiet", action="store_true", help="no progress output (on standard error)")
    p.set_defaults(func=cmd_links)
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
