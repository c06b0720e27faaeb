"""Stage 1: read `.bib` files into `RawEntry` records that remember their file and line.

Parsing never raises: every block bibtexparser could not take becomes a `Problem` with a
1-based line number, and every entry it could take is kept, whatever else is wrong.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Hashable, Iterable

import bibtexparser
from bibtexparser import model as bib
from bibtexparser.middlewares.enclosing import REMOVED_ENCLOSING_KEY, RemoveEnclosingMiddleware

from .cores import forking_is_safe, map_forked
from .latex import Person, decode, split_persons, undecodable
from .problems import Problem, Severity
from .quick_split import split_plain

# bibtexparser logs each block it gives up on, with a 0-based line, to whatever logging is set up
# (stderr in the command line, the build log in MkDocs). The same failure reaches the user once,
# as a Problem with the file, the 1-based line and a hint (`_failed`), so its log stays quiet.
_BIBTEXPARSER_LOG = logging.getLogger("bibtexparser")
_BIBTEXPARSER_LOG.addHandler(logging.NullHandler())
_BIBTEXPARSER_LOG.propagate = False

# What can be read as a key where an entry starts (no white space, delimiter or control character).
_KEY = r"[^\s,{}()\"#%'=\x00-\x1f\x7f]"
# The key of an entry bibtexparser could not take, read from the block's first line when it is there.
_BLOCK_KEY = re.compile(rf"@\s*\w+\s*[{{(]\s*({_KEY}+)\s*,")

# BibTeX allows white space, line breaks included, after the `@` and before the brace: it reads
# `@ misc{`, `@misc\n{` and `@\nmisc{` as entries. bibtexparser reads only `@type{` (spaces or
# tabs before the brace) and keeps the rest as comment text between entries, where the entry
# would be lost without a word; `_entries_in_comment` reports each one instead. Such a line
# inside a value (after an unclosed brace or quote) is not a place to stop for bibtexparser either:
# the value swallows the entry, and `_entries_in_values` reports that.
_ENTRY_IN_VALUE = re.compile(rf"(?<=\n)[ \t]*@\s*[A-Za-z]\w*\s*[{{(]{_KEY}*")
_ENTRY_IN_COMMENT = re.compile(rf"@\s*([A-Za-z]\w*)\s*[{{(]\s*({_KEY}*)")

# Values that are identifiers or ids, not prose: never LaTeX-decoded (a `%` in a URL is data).
VERBATIM_FIELDS = frozenset({
    "url", "doi", "eprint", "archiveprefix", "eprinttype", "eprintclass", "primaryclass", "file",
    "keywords", "supports", "challenges", "evidence", "responds", "added", "crossref", "isbn", "issn",
    "urldate", "date", "year", "month",
})
PERSON_FIELDS = ("author", "editor")


@dataclass
class RawEntry:
    """One BibTeX entry as written, plus its decoded values; nothing validated yet."""

    key: str
    entry_type: str
    file: str                       # path as shown to users (relative to the project root)
    line: int                       # 1-based line of the `@`
    fields: dict[str, str]          # field name (lower case) -> value as written, enclosing removed
    field_lines: dict[str, int]     # field name -> 1-based line
    enclosing: dict[str, str]       # field name -> '{', '"' or '' (bare: number or @string macro)
    order: list[str]                # field names in the order they were written
    duplicate_fields: list[tuple[str, int]] = field(default_factory=list)  # (name, line) of repeats

    def __post_init__(self) -> None:
        self._decoded: dict[str, str] = {}
        self._undecodable: set[str] = set()
        self._persons: dict[str, tuple[Person, ...]] = {}
        self.formatted: dict[bool, str] = {}   # canonical BibTeX, memoised by bibtex.format_entry

    def text(self, name: str) -> str:
        """Decoded (Unicode) value of a field, '' if absent. Decoded on first use only."""
        if name not in self._decoded:
            value = self.fields.get(name, "")
            if name in VERBATIM_FIELDS:
                self._decoded[name] = value
            else:
                self._decoded[name] = decode(value)
                if undecodable(value):
                    self._undecodable.add(name)
        return self._decoded[name]

    def undecodable(self, name: str) -> bool:
        """True if the field's LaTeX could not be decoded (it is then shown exactly as written)."""
        self.text(name)
        return name in self._undecodable

    def decode_all(self) -> None:
        """Decode every field and name now (a loader worker does this, so the parent need not)."""
        for name in self.order:
            self.text(name)
        for name in PERSON_FIELDS:
            self.persons(name)

    def persons(self, name: str = "author") -> tuple[Person, ...]:
        if name not in self._persons:
            self._persons[name] = split_persons(self.fields.get(name, ""))
        return self._persons[name]

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


@dataclass
class SourceFile:
    """Everything read from one `.bib` file, in file order (entries, comments, @string...)."""

    path: str
    blocks: list[bib.Block]
    entries: list[RawEntry]
    problems: list[Problem]
    text: str = ""
    # Problems that later per-file work found in these entries (`FileStage`; the entry rules of
    # generators/validate.py when `check` loads).
    entry_problems: list[Problem] = field(default_factory=list)
    # The model of `entries` (`model.Reference`s), when the per-file stage built it where the file
    # was parsed. A build takes it once (`take_references`): the references of one build carry
    # what that build adds to them (backlinks, rendered fragments), so the next build makes its own.
    references: list = field(default_factory=list)

    def take_references(self) -> list:
        taken, self.references = self.references, []
        return taken


# More work on one parsed file, done where it was parsed (in a helper process for a large
# library); it may fill `entry_problems` and warm the entries' memos.
FileStage = Callable[[SourceFile], None]


@dataclass
class LoadResult:
    files: list[SourceFile]

    @property
    def entries(self) -> list[RawEntry]:
        return [e for f in self.files for e in f.entries]

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def entry_problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.entry_problems]

    @property
    def not_loaded(self) -> list[Problem]:
        """The errors that mean some of the files' text is not in `entries` as written: a file that
        cannot be read or is not UTF-8, a block that does not parse, a key or field given twice."""
        return [p for p in self.problems if p.is_error]


def _line(block_line: int | None) -> int:
    return (block_line or 0) + 1


LineOf = Callable[[int | None], int]


def _lines_of(text: str) -> LineOf:
    """bibtexparser's 0-based line numbers -> the file's 1-based lines.

    bibtexparser does not count a newline right after a backslash (a LaTeX `\\` at the end of a
    line), so without this every line after one would be shown one line too early. A line it
    counts as one that is really several is given as the first of them.
    """
    if "\\\n" not in text:
        return _line
    starts = [1]                # the file's line on which each of bibtexparser's lines starts
    line = 1
    for m in re.finditer("\n", text):
        line += 1
        if m.start() == 0 or text[m.start() - 1] != "\\":
            starts.append(line)

    def line_of(block_line: int | None) -> int:
        return starts[min(block_line or 0, len(starts) - 1)]
    return line_of


def _read_text(path: Path, shown: str, problems: list[Problem]) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(
            shown, line, "", f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "re-save the file as UTF-8 (in JabRef: File > Properties > Encoding; in Zotero export: Unicode (UTF-8))",
        ))
        return data.decode("utf-8", errors="replace")


def _entry(block: bib.Entry, shown: str, line_of: LineOf = _line) -> RawEntry:
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    enclosing: dict[str, str] = {}
    order: list[str] = []
    duplicates: list[tuple[str, int]] = []
    removed = block.get_parser_metadata(REMOVED_ENCLOSING_KEY) or {}
    for f in block.fields:
        name = f.key.strip().lower()
        if name in fields:
            duplicates.append((name, line_of(f.start_line)))
            continue
        value = f.value if isinstance(f.value, str) else str(f.value)
        fields[name] = value
        lines[name] = line_of(f.start_line)
        enclosing[name] = removed.get(f.key, "")
        order.append(name)
    return RawEntry(
        key=block.key, entry_type=block.entry_type.lower(), file=shown, line=line_of(block.start_line),
        fields=fields, field_lines=lines, enclosing=enclosing, order=order, duplicate_fields=duplicates,
    )


def _failed(block: bib.ParsingFailedBlock, shown: str, text: str, line_of: LineOf = _line) -> Problem:
    line = line_of(block.start_line)
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        previous = block.previous_block
        return Problem(shown, line, block.key, "duplicate key: this key is already used in the same file"
                       + (f" at line {line_of(previous.start_line)}" if previous is not None else ""),
                       "give each entry its own key, or delete the repeated entry")
    if isinstance(block, bib.DuplicateFieldKeyBlock):
        keys = ", ".join(sorted(block.duplicate_keys))
        entry = block.ignore_error_block
        key = getattr(entry, "key", "")
        return Problem(shown, line, key, f"field given twice in one entry: {keys}",
                       "keep one value per field; merge the two values if both matter")
    if isinstance(block, bib.MiddlewareErrorBlock):
        inner = block.ignore_error_block
        return Problem(shown, line, getattr(inner, "key", ""), f"could not process entry: {block.error}",
                       "check @string references and braces in this entry")
    raw = (block.raw or "").strip()
    first = raw.splitlines()[0][:80] if raw else ""
    key = m.group(1)[:80] if (m := _BLOCK_KEY.match(raw)) else ""
    error = block.error
    # bibtexparser's BlockAbortedException says why in `abort_reason` (its str() is empty) and
    # where in `end_index`, an offset into the file's text (None at the end of the file)
    reason = (getattr(error, "abort_reason", "") or str(error) or type(error).__name__).strip()
    end = getattr(error, "end_index", None)
    stopped = (text.count("\n", 0, end) + 1) if isinstance(end, int) else None
    if "Unexpected block start" in reason and stopped is not None:
        hint = (f"this entry is not closed before the `@` at line {stopped} starts another: add the "
                "missing `}` or closing quote")
    else:
        hint = ("check that braces and quotes are balanced, fields are separated by commas, "
                "and the entry starts with @type{key,")
    where = f" (parsing stopped at line {stopped})" if stopped is not None and stopped != line else ""
    what = f"entry `{key}`" if key else f"this block ({first!r})"
    return Problem(shown, line, key, f"could not parse {what}: {reason}{where}", hint)


def _entries_in_values(entry: RawEntry) -> list[Problem]:
    """A value that runs over a line starting like an entry has swallowed that entry (an unclosed
    brace or quote before it); bibtexparser stops at such a line only when it reads `@type{`."""
    problems = []
    for name, value in entry.fields.items():
        if "@" in value and (m := _ENTRY_IN_VALUE.search(value)):
            line = entry.field_lines.get(name, entry.line) + value.count("\n", 0, m.start())
            written = " ".join(m.group(0).split())
            problems.append(Problem(
                entry.file, entry.line, entry.key,
                f"the value of `{name}` runs over what looks like another entry (`{written}` at line {line})",
                "a closing brace or quote is probably missing before it; an entry that starts inside a "
                "value is left out"))
    return problems


def _entries_in_comment(block: bib.ImplicitComment, shown: str, line_of: LineOf = _line) -> list[Problem]:
    raw = block.raw or ""
    problems = []
    for m in _ENTRY_IN_COMMENT.finditer(raw):
        if m.group(1).lower() == "comment":
            continue
        line = line_of(block.start_line) + raw.count("\n", 0, m.start())
        written = " ".join(m.group(0).split())[:60]
        problems.append(Problem(
            shown, line, m.group(2)[:80],
            f"`{written}` starts an entry for BibTeX, but with white space or a line break after the "
            "`@` or before the brace the parser takes it for a comment, and the entry would be left out",
            f"write the start on one line as @{m.group(1).lower()}{{key, with nothing between the @, "
            "the type and the brace"))
    return problems


def load_text(text: str, shown: str, *, resolve_strings: bool = True, quick: bool = False) -> SourceFile:
    """Parse one file's text. With resolve_strings=False, @string macros stay as written (for `format`).

    With `quick`, a plainly written file is read by generators/quick_split.py instead (same
    entries, five times faster), and the result has no bibtexparser blocks.
    """
    if quick and resolve_strings and (plain := split_plain(text)) is not None:
        entries = [RawEntry(key=e.key, entry_type=e.entry_type, file=shown, line=e.line, fields=e.fields,
                            field_lines=e.field_lines, enclosing=e.enclosing, order=e.order)
                   for e in plain]
        return SourceFile(shown, [], entries, [], text)
    problems: list[Problem] = []
    stack = None if resolve_strings else [RemoveEnclosingMiddleware()]
    library = bibtexparser.parse_string(text, parse_stack=stack)
    line_of = _lines_of(text)
    entries = []
    for block in library.blocks:
        if isinstance(block, bib.Entry):
            entry = _entry(block, shown, line_of)
            for name, line in entry.duplicate_fields:
                problems.append(Problem(shown, line, entry.key,
                                        f"field `{name}` given twice (names are case-insensitive)",
                                        "keep one of the two values"))
            entries.append(entry)
            problems += _entries_in_values(entry)
        elif isinstance(block, bib.ImplicitComment) and "@" in (block.raw or ""):
            problems += _entries_in_comment(block, shown, line_of)
    for block in library.failed_blocks:
        problems.append(_failed(block, shown, text, line_of))
    return SourceFile(shown, list(library.blocks), entries, problems, text)


def load_file(path: Path, root: Path | None = None, *, resolve_strings: bool = True,
              quick: bool = False) -> SourceFile:
    shown = _display(path, root)
    problems: list[Problem] = []
    try:
        text = _read_text(path, shown, problems)
    except OSError as exc:
        return SourceFile(shown, [], [], [Problem(shown, 0, "", f"cannot read file: {exc.strerror or exc}",
                                                  "check the path and permissions")])
    loaded = load_text(text, shown, resolve_strings=resolve_strings, quick=quick)
    loaded.problems[:0] = problems
    if not loaded.entries and not loaded.problems:
        loaded.problems.append(Problem(shown, 1, "", "file holds no entries", "add entries or delete the file",
                                       Severity.WARNING))
    return loaded


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return Path(os.path.relpath(path, root)).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def bib_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.bib") if p.is_file())


# Below this much BibTeX, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 1_000_000


def _load_decoded(path: Path, root: Path | None, then: FileStage | None = None) -> SourceFile:
    """`load_file`, every value decoded, then `then`; without the parser's blocks and the text
    (only `format` needs those, and it calls `load_file` itself)."""
    source = load_file(path, root, quick=True)
    for entry in source.entries:
        entry.decode_all()
    source.blocks, source.text = [], ""
    if then is not None:
        then(source)
    return source


def _parallel(paths: list[Path]) -> bool:
    if len(paths) < 2 or not forking_is_safe():
        return False
    return sum(p.stat().st_size for p in paths if p.is_file()) >= PARALLEL_MIN_BYTES


def load_many(paths: Iterable[Path], root: Path | None = None, *, parallel: bool | None = None,
              then: FileStage | None = None) -> list[SourceFile]:
    """Parse and decode files (and run `then` on each), on every core when the library is large.

    Parsing (generators/quick_split.py, or bibtexparser for files it declines), decoding and the
    per-file stage are pure Python, so files are shared between the cores: at 10,000 entries in
    10 files, about 1.1 s on one core become 0.8 s on two (the rest is handing results back).
    The result is the same either way (tests/test_load.py); `parallel` forces the choice.
    """
    paths = list(paths)
    work = partial(_load_decoded, root=root, then=then)
    if not (_parallel(paths) if parallel is None else parallel):
        return [work(p) for p in paths]
    return map_forked(work, paths)


def file_stamp(path: Path) -> tuple[int, int]:
    """What tells that a file changed: its modification time and size ((-1, -1) if unreadable)."""
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


class FileCache:
    """Re-parses a file only when it changed (for `mkdocs serve`), or when what `then` depends on
    changed (`then_key`: the taxonomy and the date, for the entry rules)."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple, SourceFile]] = {}
        self.parsed: list[str] = []   # files parsed by the last `load`, for tests and progress output

    def load(self, paths: Iterable[Path], root: Path | None = None, *, then: FileStage | None = None,
             then_key: Hashable = None) -> LoadResult:
        paths = list(paths)
        stamps = {path: (file_stamp(path), then is not None, then_key) for path in paths}
        stale = [p for p in paths if p not in self._cache or self._cache[p][0] != stamps[p]]
        loaded = dict(zip(stale, load_many(stale, root, then=then)))
        self.parsed = [loaded[p].path for p in stale]
        self._cache = {p: (stamps[p], loaded[p]) if p in loaded else self._cache[p] for p in paths}
        return LoadResult([self._cache[p][1] for p in paths])


def load_paths(paths: Iterable[Path], root: Path | None = None, *, then: FileStage | None = None) -> LoadResult:
    return LoadResult(load_many(paths, root, then=then))
