"""The whole flow in one place: load -> validate -> model -> render.

Both the command line and the MkDocs hook call these functions; neither re-implements a stage.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

from .bibtex import format_entry
from .load import FileCache, LoadResult, SourceFile, bib_files, file_stamp, load_paths
from .model import Library, build_reference, warmed_references
from .problems import Problem, has_errors
from .render import Generated, SiteSettings, render_pages, render_pages_beside, render_snippets, shares_work
from .taxonomy import Taxonomy, load_taxonomy
from .validate import check_entries, check_library

TAXONOMY_NAME = "taxonomy.yml"


# Python's cyclic garbage collector scans young objects after every 700 allocations that are
# not freed, and every object after enough of those scans. Loading and rendering allocate
# millions of objects that are freed by reference counting or live for the whole build, and
# make few cycles: at 10,000 papers, even with the young scans 100,000 allocations apart, the
# scans took 0.1 s and freed about 1,800 objects, and a full scan soon after `pages` took
# 0.17 s and freed 6. So the collector is off while `check` and `pages` run, and what they
# leave is frozen (`gc.freeze`: never scanned) rather than scanned as soon as it is back on.
# `thaw` hands the frozen objects back to the collector; the MkDocs hook calls it after each
# build, so that `mkdocs serve` frees what a rebuild leaves in cycles.
def without_gc(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        was_on = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.freeze()
            if was_on:
                gc.enable()
    return wrapper


def thaw() -> None:
    gc.unfreeze()


@dataclass(frozen=True)
class Project:
    """Where a library lives. `root` is the folder paths are shown relative to."""

    root: Path
    references: Path

    @classmethod
    def at(cls, root: Path | str = ".", references: Path | str | None = None) -> "Project":
        root = Path(root).resolve()
        refs = Path(references).resolve() if references else root / "references"
        return cls(root, refs)

    @property
    def taxonomy_path(self) -> Path:
        return self.references / TAXONOMY_NAME

    def bib_paths(self) -> list[Path]:
        return bib_files(self.references)


class LibraryHasErrors(ValueError):
    """`pages` was asked for a library with errors (they are in the result's `problems`)."""


@dataclass
class CheckResult:
    taxonomy: Taxonomy | None
    loaded: LoadResult
    problems: list[Problem] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    # False while the library rules (validate.LIBRARY_RULES) are left for `pages` to run
    library_checked: bool = True

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @cached_property
    @without_gc
    def library(self) -> Library:
        reassuring = self.taxonomy.reassuring_claims if self.taxonomy else frozenset()
        refs = []
        for source in self.loaded.files:    # the references `check` built with each file, if it did
            refs += source.take_references() or [build_reference(e, reassuring) for e in source.entries]
        return Library(refs)


@without_gc
def check(project: Project, *, paths: list[Path] | None = None, cache: FileCache | None = None,
          today: dt.date | None = None, library_rules: bool = True, model_per_file: bool = False) -> CheckResult:
    """Load and validate; every problem of every file at once.

    With `library_rules=False` the rules across entries (duplicates, `responds`...) are left
    for `pages`, which runs those that can find errors beside the rendering (a build shows only
    how many warnings there are; validate.WARNING_RULES are `check`'s); builds do that, the
    `check` command never.
    With `model_per_file`, each file's references are built where it is parsed (on every core
    for a large library), ready for `result.library`; builds do that too.
    """
    shown = project.taxonomy_path
    try:
        shown_name = shown.relative_to(project.root).as_posix()
    except ValueError:
        shown_name = shown.as_posix()
    taxonomy, problems = load_taxonomy(shown, shown_name)
    today = today or dt.date.today()
    paths = project.bib_paths() if paths is None else paths
    then = None if taxonomy is None else partial(_per_file, taxonomy=taxonomy, today=today, model=model_per_file)
    if cache:
        loaded = cache.load(paths, project.root, then=then, then_key=(file_stamp(shown), today))
    else:
        loaded = load_paths(paths, project.root, then=then)
    problems = problems + loaded.problems + loaded.entry_problems
    if not paths:
        problems.append(Problem(project.references.as_posix(), 0, "", "no .bib files found",
                                "add references/*.bib files"))
    result = CheckResult(taxonomy, loaded, problems, today, library_checked=taxonomy is None)
    if taxonomy is not None and (library_rules or not result.ok):
        _add_library_problems(result, check_library(loaded.entries, taxonomy, today))
    return result


def _add_library_problems(result: CheckResult, problems: list[Problem]) -> None:
    result.problems += problems
    result.library_checked = True


def _per_file(source: SourceFile, taxonomy: Taxonomy, today: dt.date, model: bool = False) -> None:
    """What needs one file only, done where it is parsed (on every core for a large library):
    the entry rules, each entry's BibTeX, which its page and the downloads show, and with
    `model`, its references (`CheckResult.library` takes them)."""
    source.entry_problems = check_entries(source.entries, taxonomy, today)
    for entry in source.entries:
        format_entry(entry)
    if model:
        source.references = warmed_references(source.entries, taxonomy.reassuring_claims)


@without_gc
def pages(result: CheckResult, settings: SiteSettings | None = None) -> dict[str, Generated]:
    """Every generated file; only for a library without errors (no site with entries missing).

    If `check` left the library rules, those that can find errors run here first, or, when a
    helper process shares the rendering, beside it (their problems then join `result.problems`
    while the other core renders; pages rendered from a library they find errors in are thrown
    away).
    Raises `LibraryHasErrors` if the library has errors.
    """
    if not result.ok or result.taxonomy is None:
        raise LibraryHasErrors(_HAS_ERRORS)
    rules = partial(check_library, result.loaded.entries, result.taxonomy, result.today, warning_rules=False)
    if not result.library_checked and not shares_work(result.library):
        _add_library_problems(result, rules())      # on one core: first, and only then the pages
        if not result.ok:
            raise LibraryHasErrors(_HAS_ERRORS)
    if result.library_checked:
        return render_pages(result.library, result.taxonomy, settings)
    try:
        found, generated = render_pages_beside(rules, result.library, result.taxonomy, settings)
    except Exception:
        found = rules()           # a library with errors may not render; report its errors
        if not has_errors(found):
            raise
    _add_library_problems(result, found)
    if not result.ok:
        raise LibraryHasErrors(_HAS_ERRORS)
    return generated


_HAS_ERRORS = "the library has errors; run `python -m generators check`"


def snippets(result: CheckResult):
    assert result.taxonomy is not None
    return render_snippets(result.library, result.taxonomy)


# One cache per process: `mkdocs serve` rebuilds re-parse only the .bib files that changed.
SHARED_CACHE = FileCache()
