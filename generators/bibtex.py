"""Write entries back as BibTeX in one canonical style.

The same writer produces the BibTeX shown on paper pages, `export --format bib`, and the
files rewritten by `format`, so what a reader copies is what the library holds.
"""

from __future__ import annotations

import re

from .load import RawEntry
from .taxonomy import split_ids

# Canonical field order; fields not listed follow in alphabetical order.
FIELD_ORDER = (
    "author", "editor", "title", "year", "date", "month",
    "journal", "booktitle", "howpublished", "publisher", "institution", "school", "organization",
    "series", "volume", "number", "pages", "edition", "address",
    "eprint", "archiveprefix", "eprinttype", "primaryclass", "doi", "url", "urldate", "isbn", "issn",
    "keywords", "supports", "challenges", "evidence", "responds", "added",
    "summary", "abstract", "note",
)
_RANK = {name: i for i, name in enumerate(FIELD_ORDER)}
SORTED_ID_FIELDS = ("keywords",)
_BARE = re.compile(r"^(\d+|[A-Za-z][A-Za-z0-9_:.+-]*)$")


def field_order(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: (_RANK.get(n, len(_RANK)), n if n not in _RANK else ""))


_ESCAPE = re.compile(r"\\.", re.DOTALL)          # a backslash escapes the next character
_INNERMOST_GROUP = re.compile(r"\{[^{}]*\}")


def _balanced(value: str) -> bool:
    """Whether the braces in `value` pair up, escaped ones (`\\{`) aside. Takes out innermost
    `{...}` groups until none is left, which the regex engine does far faster than a loop
    over the braces in Python (this runs on every field of every entry)."""
    if "{" not in value and "}" not in value:
        return True
    if "\\" in value:
        value = _ESCAPE.sub("", value)
    if value.count("{") != value.count("}"):
        return False
    removed = 1
    while removed:
        value, removed = _INNERMOST_GROUP.subn("", value)
    return "{" not in value and "}" not in value


def format_value(name: str, value: str, enclosing: str = "{", *, sort_ids: bool = False) -> str:
    if sort_ids and name in SORTED_ID_FIELDS:
        value = ", ".join(sorted(split_ids(value)))
    if enclosing == "no-enclosing" and _BARE.match(value):
        return value          # numbers and @string macros stay bare, as written
    if _balanced(value):
        return "{" + value + "}"
    if '"' not in value:
        return '"' + value + '"'
    return "{" + value.replace("{", "").replace("}", "") + "}"   # unreachable for parsed input


def format_entry(entry: RawEntry, *, sort_ids: bool = False) -> str:
    """One entry in canonical layout. Values are kept exactly; `sort_ids` also sorts `keywords` (for `format`).

    Memoised on the entry: a paper's BibTeX appears on its page and in several downloads.
    """
    memo = entry.formatted
    if sort_ids in memo:
        return memo[sort_ids]
    names = field_order(list(entry.order))
    lines = [f"@{entry.entry_type}{{{entry.key},"]
    for i, name in enumerate(names):
        value = format_value(name, entry.fields[name], entry.enclosing.get(name, "{"), sort_ids=sort_ids)
        comma = "," if i < len(names) - 1 else ""
        lines.append(f"  {name} = {value}{comma}")
    lines.append("}")
    memo[sort_ids] = "\n".join(lines) + "\n"
    return memo[sort_ids]


ENTRY_SEPARATOR = "\n"      # a blank line between entries (each ends with a newline)


def format_entries(entries: list[RawEntry]) -> str:
    return ENTRY_SEPARATOR.join(format_entry(e) for e in entries)


def format_source(source) -> str:
    """A whole file in canonical style: entries rewritten, comments, @string and @preamble kept.

    `source` is a `SourceFile` loaded with `resolve_strings=False`, so macros stay macros.
    """
    from bibtexparser import model as bib

    from .load import _entry

    chunks: list[str] = []
    for block in source.blocks:
        if isinstance(block, bib.Entry):
            chunks.append(format_entry(_entry(block, source.path), sort_ids=True).rstrip("\n"))
        elif isinstance(block, bib.ImplicitComment):
            text = "\n".join(line.rstrip() for line in block.comment.strip().splitlines())
            if text:
                chunks.append(text)
        elif isinstance(block, bib.String):
            chunks.append(f"@string{{{block.key} = {format_value('', block.value, block.enclosing or '{')}}}")
        else:  # @comment, @preamble: kept exactly as written
            chunks.append((block.raw or "").strip())
    return "\n\n".join(c for c in chunks if c) + "\n"
