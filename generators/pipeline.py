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
from .model import Library, build_library
from .problems import Problem, has_errors
from .render import Generated, SiteSettings, render_pages, render_snippets
from .taxonomy import Taxonomy, load_taxonomy
from .validate import check_entries, check_library

TAXONOMY_NAME = "taxonomy.yml"


# Python's cyclic garbage collector scans young objects after every 700 allocations that are
# not freed. Loading and rendering allocate millions of objects that are freed by reference
# counting or live for the whole build, and make few cycles, so those scans free almost nothing
# (1,743 objects in 106 scans at 1,000 papers); at 10,000 papers they cost 0.3 s of 3.2 s. During `check` and `pages` the first scan waits
# for 100,000 allocations instead (the older generations keep their ratios).
YOUNG_GC_THRESHOLD = 100_000


def fewer_gc_scans(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        before = gc.get_threshold()
        gc.set_threshold(max(before[0], YOUNG_GC_THRESHOLD), *before[1:])
        try:
            return func(*args, **kwargs)
        finally:
            gc.set_threshold(*before)
    return wrapper


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


@dataclass
class CheckResult:
    taxonomy: Taxonomy | None
    loaded: LoadResult
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @cached_property
    @fewer_gc_scans
    def library(self) -> Library:
        return build_library(self.loaded.entries)


@fewer_gc_scans
def check(project: Project, *, paths: list[Path] | None = None, cache: FileCache | None = None,
          today: dt.date | None = None) -> CheckResult:
    """Load and validate; every problem of every file at once."""
    shown = project.taxonomy_path
    try:
        shown_name = shown.relative_to(project.root).as_posix()
    except ValueError:
        shown_name = shown.as_posix()
    taxonomy, problems = load_taxonomy(shown, shown_name)
    today = today or dt.date.today()
    paths = project.bib_paths() if paths is None else paths
    then = None if taxonomy is None else partial(_per_file, taxonomy=taxonomy, today=today)
    if cache:
        loaded = cache.load(paths, project.root, then=then, then_key=(file_stamp(shown), today))
    else:
        loaded = load_paths(paths, project.root, then=then)
    problems = problems + loaded.problems + loaded.entry_problems
    if not paths:
        problems.append(Problem(project.references.as_posix(), 0, "", "no .bib files found",
                                "add references/*.bib files"))
    if taxonomy is not None:
        problems += check_library(loaded.entries, taxonomy, today)
    return CheckResult(taxonomy, loaded, problems)


def _per_file(source: SourceFile, taxonomy: Taxonomy, today: dt.date) -> None:
    """What needs one file only, done where it is parsed (on every core for a large library):
    the entry rules, and each entry's BibTeX, which its page and the downloads show."""
    source.entry_problems = check_entries(source.entries, taxonomy, today)
    for entry in source.entries:
        format_entry(entry)


@fewer_gc_scans
def pages(result: CheckResult, settings: SiteSettings | None = None) -> dict[str, Generated]:
    """Every generated file; only for a library without errors (no site with entries missing)."""
    if not result.ok or result.taxonomy is None:
        raise ValueError("the library has errors; run `python -m generators check`")
    return render_pages(result.library, result.taxonomy, settings)


def snippets(result: CheckResult):
    assert result.taxonomy is not None
    return render_snippets(result.library, result.taxonomy)


# One cache per process: `mkdocs serve` rebuilds re-parse only the .bib files that changed.
SHARED_CACHE = FileCache()
