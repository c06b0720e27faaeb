"""Stage 2: every rule over every entry; problems returned as values, all at once.

Rules are plain functions. `ENTRY_RULES` look at one entry; `LIBRARY_RULES` look across the
whole library (duplicates, references between entries). Adding a rule = adding a function.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .identifiers import is_doi, normalize_doi, parse_arxiv, safe_url
from .load import VERBATIM_FIELDS, RawEntry
from .model import parse_added, parse_year, slugify_key
from .problems import Problem, Severity
from .taxonomy import Taxonomy, split_ids

KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_FIELD_CHARS = 20_000
SUMMARY_MAX_CHARS = 1200
SUMMARY_MIN_CHARS = 80
EARLIEST_YEAR = 1900
# The literal first lets the regex engine jump from one % to the next (a lookbehind first is
# tried at every position: 20 times slower on a 1,200-character abstract).
_UNESCAPED_PERCENT = re.compile(r"%(?<!\\%)")

# Entry types we know, and the venue field each requires (besides author, title, year).
REQUIRED_BY_TYPE: dict[str, tuple[str, ...]] = {
    "article": ("journal",),
    "inproceedings": ("booktitle",),
    "conference": ("booktitle",),
    "incollection": ("booktitle",),
    "inbook": (),
    "book": ("publisher",),
    "booklet": (),
    "proceedings": (),
    "techreport": ("institution",),
    "report": ("institution",),
    "phdthesis": ("school",),
    "mastersthesis": ("school",),
    "thesis": ("school",),
    "misc": (),
    "online": (),
    "unpublished": (),
    "manual": (),
}


@dataclass
class Context:
    taxonomy: Taxonomy
    today: dt.date


def _p(entry: RawEntry, field: str | None, message: str, hint: str = "", warning: bool = False) -> Problem:
    return Problem(entry.file, entry.line_of(field) if field else entry.line, entry.key, message, hint,
                   Severity.WARNING if warning else Severity.ERROR)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else ""


# --------------------------------------------------------------------------- entry rules

def rule_key(entry: RawEntry, ctx: Context) -> Iterator[Problem]:
    if not KEY_RE.match(entry.key):
        yield _p(entry, None, f"key {entry.key!r} has characters outside the safe set",
                 "use letters, digits, '-' and '_' only, starting with a letter or digit, "
                 "e.g. firstauthor2024firstword")
    elif entry.key.lower() in WINDOWS_RESERVED:
        yield _p(entry, None, f"key {entry.key!r} is a reserved file name on Windows",
                 "add the year and a word from the title, e.g. con2024title")


def rule_required(entry: RawEntry, ctx: Context) -> Iterator[Problem]:
    kind = entry.entry_type
    if kind not in REQUIRED_BY_TYPE:
        yield _p(entry, None, f"unknown entry type @{kind}", "use @article, @inproceedings, @misc, "
                 "@techreport, @book, @incollection, @phdthesis or @unpublished", warning=True)
    needed = ["title"]
    if not (entry.fields.get("author", "").strip() or entry.fields.get("editor", "").strip()):
        yield _p(entry, None, "missing field `author`", "add author = {Last, First and Last, First}")
    if not (entry.fields.get("year", "").strip() or entry.fields.get("date", "").strip()):
        yield _p(entry, None, "missing field `year`", "add year = {YYYY} (or a biblatex date = {YYYY-MM-DD})")
    needed += REQUIRED_BY_TYPE.get(kind, ())
    for name in needed:
        if not entry.fields.get(name, "").strip():
            hint = f"@{kind} entries need `{name}`" + (
                "; for a blog post or preprint use @misc with howpublished" if name in ("journal", "booktitle") else "")
            yield _p(entry, None, f"missing field `{name}`", hint)


def rule_year(entry: RawEntry, ctx: Context) -> Iterator[Problem]:
    latest = ctx.today.year + 1
    for name in ("year", "date"):
        value = entry.fields.get(name, "").strip()
        if not value:
            continue
        pattern = r"^\d{4}$" if name == "year" else r"^\d{4}(-\d{2}(-\d{2})?)?(/.*)?$"
        year = parse_year(value)
        if not re.match(pattern, value) or year is None or not EARLIEST_YEAR <= year <= latest:
            yield _p(entry, name, f"`{name}` {value[:40]!r} is not a plausible year",
                     f"use four digits between {EARLIEST_YEAR} and {latest}"
                     + (" (date: YYYY, YYYY-MM or YYYY-MM-DD)" if name == "date" else ""))


def _ids(entry: RawEntry, field: str, known: dict, what: str) -> Iterator[Problem]:
    for value in split_ids(entry.fields.get(field, "")):
        if value not in known:
            hint = did_you_mean(value, known) or f"see the {what}s in references/taxonomy.yml"
            yield _p(entry, field, f"unknown {what} `{value}` in `{field}`", hint)


def rule_taxonomy(entry: RawEntry, ctx: Context) -> Iterator[Problem]:
    tax = ctx.taxonomy
    if not split_ids(entry.fields.get("keywords", "")):
        yield _p(entry, None, "no tags: `keywords` is missing or empty",
                 "add keywords = {tag-id, ...} with ids from references/taxonomy.yml")
    yield from _ids(entry, "keywords", tax.tags, "tag")
    yield from _ids(entry, "supports", tax.claims, "claim")
    yield from _ids(entry, "challenges", tax.claims, "claim")
    both = set(split_ids(entry.fields.get("supports", ""))) & set(split_ids(entry.fields.get("challenges", "")))
    for claim in sorted(both):
        yield _p(entry, "challenges", f"claim `{claim}` is both supported and challenged",
                 "keep it on the side the work's main result is on; explain nuance in the summary")
    evidence = entry.fields.get("evidence", "").strip()
    if not evidence:
        yield _p(entry, None, "missing field `evidence`",
                 "add evidence = {" + " | ".join(tax.evidence) + "}", warning=True)
    elif evidence not in tax.evidence:
        yield _p(entry, "evidence", f"unknown evidence kind `{evidence}`",
                 did_you_mean(evidence, tax.evidence) or "one of: " + ", ".join(tax.evidence))


def rule_identifiers(entry: RawEntry, ctx: Context) -> Iterator[Problem]:
    url = entry.fields.get("url", "").strip()
    if url and not safe_url(url):
        yield _p(entry, "url", f"url {url[:60]!r} is not an http(s) URL",
                 "give a full https:// address; other schemes (javascript:, data:, file:) are refused")
    doi = entry.fields.get("doi", "").strip()
    if doi and not is_doi(doi):
        yield _p(entry, "doi", f"malformed DOI {doi[:60]!r}", "a DOI looks like 10.1234/abc.5678 (no URL prefix needed)")
    eprint = entry.fields.get("eprint", "").strip()
    prefix = (entry.fields.get("archiveprefix") or entry.fields.get("eprinttype") or "").strip().lower()
    if eprint and prefix in ("", "arxiv") and not parse_arxiv(eprint):
        yield _p(entry, "eprint", f"malformed arXiv id {eprint[:40]!r}",
                 "use 2401.05566 (new style) or hep-th/9901001 (old style); a version suffix like v2 is allowed")
    if eprint and not prefix:
        yield _p(entry, "eprint", "`eprint` without `archiveprefix`", "add archiveprefix = {arXiv}", warning=True)
    if not (url or doi or eprint):
        yield _p(entry, None, "no identifier: add a DOI, an arXiv id (eprint) or a url",
                 "readers need a way to find the work")


def rule_summary(entry: RawEntry, ctx: Context) -> Iterator[Problem]:
    summary = " ".join(entry.text("summary").split())
    if not summary:
        yield _p(entry, None, "missing field `summary`",
                 "add two to five sentences in your own words: what was done and what it shows")
        return
    if len(summary) > SUMMARY_MAX_CHARS:
        yield _p(entry, "summary", f"summary is {len(summary)} characters (at most {SUMMARY_MAX_CHARS})",
                 "keep it to two to five sentences; put the full abstract in `abstract`")
    elif len(summary) < SUMMARY_MIN_CHARS:
        yield _p(entry, "summary", f"summary is only {len(summary)} characters",
                 "say in two to five sentences what was done and what it shows", warning=True)


def rule_added(entry: RawEntry, ctx: Context) -> Iterator[Problem]:
    value = entry.fields.get("added", "").strip()
    if not value:
        yield _p(entry, None, "missing field `added`", f"add added = {{{ctx.today.isoformat()}}}", warning=True)
        return
    date = parse_added(value) if re.match(r"^\d{4}-\d{2}-\d{2}$", value) else None
    if date is None:
        yield _p(entry, "added", f"`added` {value[:30]!r} is not a date", "write it as YYYY-MM-DD, e.g. "
                 + ctx.today.isoformat())
    elif date > ctx.today + dt.timedelta(days=1):
        yield _p(entry, "added", f"`added` {value} is in the future", "use the date the entry joined the library")


def rule_field_values(entry: RawEntry, ctx: Context) -> Iterator[Problem]:
    for name in entry.order:
        value = entry.fields[name]
        if len(value) > MAX_FIELD_CHARS:
            yield _p(entry, name, f"field `{name}` is {len(value):,} characters long (limit {MAX_FIELD_CHARS:,})",
                     "shorten it; link to the full text instead")
        if entry.enclosing.get(name) == "no-enclosing" and "#" in value:
            yield _p(entry, name, f"string concatenation (#) in `{name}` is not expanded",
                     "write the value out in full inside braces", warning=True)
    for name in entry.order:
        value = entry.fields[name]
        if "%" in value and name not in VERBATIM_FIELDS and _UNESCAPED_PERCENT.search(value):
            yield _p(entry, name, f"unescaped % in `{name}`: LaTeX reads the rest of the line as a comment "
                     "and the text after it would be lost", r"write \% for a percent sign")
    for name in ("title", "summary", "abstract", "note", "journal", "booktitle", "howpublished"):
        if name in entry.fields and entry.undecodable(name):
            yield _p(entry, name, f"the LaTeX in `{name}` could not be decoded; it is shown exactly as written",
                     "check the commands and their arguments (e.g. \\href{url}{text}); plain Unicode works too",
                     warning=True)
    if entry.fields.get("crossref", "").strip():
        yield _p(entry, "crossref", "`crossref` is not resolved: fields are not inherited from the parent entry",
                 "copy the fields this entry needs (booktitle, year, ...) into it", warning=True)


ENTRY_RULES: list[Callable[[RawEntry, Context], Iterable[Problem]]] = [
    rule_key, rule_required, rule_year, rule_taxonomy, rule_identifiers, rule_summary, rule_added,
    rule_field_values,
]


# ------------------------------------------------------------------------- library rules

def rule_duplicate_keys(entries: list[RawEntry], ctx: Context) -> Iterator[Problem]:
    by_key: dict[str, list[RawEntry]] = defaultdict(list)
    for e in entries:
        by_key[e.key].append(e)
    for key, group in by_key.items():
        first = group[0]
        for other in group[1:]:
            if other.file != first.file:
                yield _p(other, None, f"duplicate key: also defined in {first.file}:{first.line}",
                         "keys must be unique across all references/*.bib files; rename one")
    by_slug: dict[str, list[RawEntry]] = defaultdict(list)
    for key, group in by_key.items():
        by_slug[slugify_key(key)].append(group[0])
    for slug, group in by_slug.items():
        for other in group[1:]:
            yield _p(other, None, f"key would share the page papers/{slug}/ with `{group[0].key}` "
                     f"({group[0].file}:{group[0].line})", "keys that differ only in case or punctuation "
                     "map to the same page; rename one")


def _norm_title(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@dataclass(frozen=True)
class SameWork:
    """`entry` is the same work as `first`, an entry met before it: same `what` ("DOI", "arXiv id",
    "title"), with `value` the shared DOI or arXiv id (empty for titles)."""

    entry: RawEntry
    first: RawEntry
    what: str
    value: str = ""


def entry_doi(e: RawEntry) -> str:
    return normalize_doi(e.fields.get("doi", "")).lower()


def entry_arxiv(e: RawEntry) -> str:
    parsed = parse_arxiv(e.fields.get("eprint", "")) if e.fields.get("eprint") else None
    return parsed[0] if parsed else ""


def entry_year(e: RawEntry) -> int | None:
    return parse_year(e.fields.get("year", "")) or parse_year(e.fields.get("date", ""))


# `fuzz.ratio` is 100 * (1 - d / (len(a) + len(b))), where d (insertions and deletions) is at
# least the difference in length: at 93 or more, the longer title is at most 1.07 / 0.93 times
# the shorter. So titles are compared in order of length, a block of similar lengths at a time,
# each block only with the titles whose length allows a match. Comparing every pair is quadratic
# in the papers of one year, and most papers of this field are recent: at 10,000 synthetic papers
# over 7 years this takes 0.65 s where every pair took 0.96 s (over 3 years, 1.3 s against 1.9 s),
# and at 2,000 titles of one year with the spread of real titles' lengths, 0.07 s against 0.11 s.
TITLE_CUTOFF = 93
_LONGEST_RATIO = (100 + (100 - TITLE_CUTOFF)) / TITLE_CUTOFF
_BLOCK = 64


def similar_pairs(rows: list[str], cols: list[str] | None, row_ids: list[int], col_ids: list[int],
                  block_size: int = _BLOCK) -> set[tuple[int, int]]:
    """`(row_ids[r], col_ids[c])` for each pair of `rows[r]`, `cols[c]` with `fuzz.ratio` >= TITLE_CUTOFF.
    `cols` None: `rows` against themselves, each pair once, as `(smaller id, larger id)`, no
    string with itself."""
    from rapidfuzz import fuzz, process

    same = cols is None
    cols = rows if cols is None else cols
    by_row = sorted(range(len(rows)), key=lambda r: len(rows[r]))
    by_col = by_row if same else sorted(range(len(cols)), key=lambda c: len(cols[c]))
    col_lengths = [len(cols[c]) for c in by_col]
    found: set[tuple[int, int]] = set()
    for start in range(0, len(by_row), block_size):
        block = by_row[start:start + block_size]
        shortest, longest = len(rows[block[0]]), len(rows[block[-1]])
        # with `same`, the pairs with shorter titles were found by the blocks before
        low = start if same else bisect.bisect_left(col_lengths, shortest / _LONGEST_RATIO - 1)
        high = bisect.bisect_right(col_lengths, longest * _LONGEST_RATIO + 1)
        if low >= high:
            continue
        window = by_col[low:high]
        scores = process.cdist([rows[r] for r in block], [cols[c] for c in window], scorer=fuzz.ratio,
                               score_cutoff=TITLE_CUTOFF, workers=-1)
        found_rows, found_cols = scores.nonzero()   # numpy: only the pairs above the cutoff
        for r, c in zip(found_rows.tolist(), found_cols.tolist()):
            i, j = row_ids[block[r]], col_ids[window[c]]
            if not same:
                found.add((i, j))
            elif i != j:
                found.add((min(i, j), max(i, j)))
    return found


def same_work(entries: list[RawEntry], years_apart: int = 0) -> Iterator[SameWork]:
    """Every pair of entries that look like one work: same DOI, same arXiv id (any version), or
    nearly identical titles in the same year, or up to `years_apart` years apart (a preprint
    and its proceedings version carry different years). `check` reports them, within a year;
    `add` refuses a new entry in one, within two years."""
    yield from same_identifier(entries)
    yield from similar_titles(entries, years_apart)


def same_identifier(entries: list[RawEntry]) -> Iterator[SameWork]:
    """The pairs of entries with the same DOI or the same arXiv id (any version)."""

    def dupes(keyfunc, what: str) -> Iterator[SameWork]:
        seen: dict[str, RawEntry] = {}
        for e in entries:
            value = keyfunc(e)
            if not value:
                continue
            if value in seen and seen[value].key != e.key:
                yield SameWork(e, seen[value], what, value)
            else:
                seen.setdefault(value, e)

    yield from dupes(entry_doi, "DOI")
    yield from dupes(entry_arxiv, "arXiv id")


def similar_titles(entries: list[RawEntry], years_apart: int = 0) -> Iterator[SameWork]:
    """The pairs of entries with nearly identical titles (`fuzz.ratio` >= TITLE_CUTOFF) in the
    same year, or up to `years_apart` years apart."""
    by_year: dict[int, list[int]] = defaultdict(list)     # year -> indexes into `entries`
    for i, e in enumerate(entries):
        year = entry_year(e)
        if year and e.fields.get("title"):
            by_year[year].append(i)
    titles = {i: _norm_title(entries[i].text("title")) for group in by_year.values() for i in group}
    for apart in range(years_apart + 1):
        for year, group in by_year.items():
            others = by_year.get(year + apart)
            if not others or (apart == 0 and len(group) < 2):
                continue
            rows = [titles[i] for i in group]
            cols = None if apart == 0 else [titles[j] for j in others]   # None: the year against itself
            for i, j in sorted(similar_pairs(rows, cols, group, others)):
                first, later = min(i, j), max(i, j)
                if entries[first].key != entries[later].key:
                    yield SameWork(entries[later], entries[first], "title")


_SAME_WORK_HINTS = {
    "DOI": "the library holds each work once; merge the two entries",
    "arXiv id": "the library holds each work once (versions v1, v2... are one work)",
}


def rule_same_identifier(entries: list[RawEntry], ctx: Context) -> Iterator[Problem]:
    for pair in same_identifier(entries):
        e, first = pair.entry, pair.first
        yield _p(e, None, f"same {pair.what} as `{first.key}` ({first.file}:{first.line}): {pair.value}",
                 _SAME_WORK_HINTS[pair.what])


def rule_similar_titles(entries: list[RawEntry], ctx: Context) -> Iterator[Problem]:
    for pair in similar_titles(entries):
        e, first = pair.entry, pair.first
        yield _p(e, "title", f"title and year nearly identical to `{first.key}` ({first.file}:{first.line})",
                 "if this is the same work, keep one entry; if not, ignore this warning", warning=True)


def rule_responds(entries: list[RawEntry], ctx: Context) -> Iterator[Problem]:
    keys = {e.key for e in entries}
    for e in entries:
        for target in split_ids(e.fields.get("responds", "")):
            if target == e.key:
                yield _p(e, "responds", "entry responds to itself", "list the keys of other entries")
            elif target not in keys:
                yield _p(e, "responds", f"`responds` names unknown key `{target}`",
                         did_you_mean(target, keys) or "add that work to the library first, or remove the key")


LIBRARY_RULES: list[Callable[[list[RawEntry], Context], Iterable[Problem]]] = [
    rule_duplicate_keys, rule_same_identifier, rule_similar_titles, rule_responds,
]
# Library rules that can only warn. A build needs to know whether the library has errors, and
# of its warnings shows only how many there are, so it leaves these to `check`
# (`check_library(..., warning_rules=False)`). Comparing titles is the one library rule that is
# not linear: it is quadratic in the papers of one year, and most papers of this field are
# recent: at 10,000 papers spread over the years like this library's, 1.0 s, where the other
# library rules take 0.05 s.
WARNING_RULES = (rule_similar_titles,)


def check_entries(entries: Iterable[RawEntry], taxonomy: Taxonomy, today: dt.date | None = None) -> list[Problem]:
    """The `ENTRY_RULES`: each entry on its own (so `check` runs them where a file is parsed)."""
    ctx = Context(taxonomy, today or dt.date.today())
    return [problem for entry in entries for rule in ENTRY_RULES for problem in rule(entry, ctx)]


def check_library(entries: list[RawEntry], taxonomy: Taxonomy, today: dt.date | None = None, *,
                  warning_rules: bool = True) -> list[Problem]:
    """The `LIBRARY_RULES`: across every entry of every file (without `warning_rules`, those
    that can find errors)."""
    ctx = Context(taxonomy, today or dt.date.today())
    rules = LIBRARY_RULES if warning_rules else [r for r in LIBRARY_RULES if r not in WARNING_RULES]
    return [problem for rule in rules for problem in rule(entries, ctx)]


def validate(entries: list[RawEntry], taxonomy: Taxonomy, today: dt.date | None = None) -> list[Problem]:
    """Every rule over `entries`."""
    return check_entries(entries, taxonomy, today) + check_library(entries, taxonomy, today)
