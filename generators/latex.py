"""LaTeX to Unicode for BibTeX field values, and author-name splitting.

Decoding gives exactly what bibtexparser's `LatexDecodingMiddleware` gives (a test holds
the two side by side), but only pays for it where a value can change: plain text is
returned as is, and each distinct value is decoded once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

# Characters and ligatures that pylatexenc's LatexNodes2Text may change. A value with none
# of them decodes to itself (checked by tests/test_latex.py against the real decoder).
_NEEDS_DECODING = re.compile(r"[\\{}$%&~]|--|''|``|[!?]`")


@lru_cache(maxsize=1)
def _decoder():
    # Same decoder as bibtexparser.middlewares.LatexDecodingMiddleware() builds by default.
    from bibtexparser.middlewares import LatexDecodingMiddleware

    return LatexDecodingMiddleware()._decoder


@lru_cache(maxsize=200_000)
def _decode_cached(value: str) -> str:
    try:
        return _decoder().latex_to_text(value)
    except Exception:  # pylatexenc on hostile input: keep the raw text rather than crash
        return value


def decode(value: str) -> str:
    """LaTeX-decode one field value."""
    if not _NEEDS_DECODING.search(value):
        return value
    return _decode_cached(value)


@dataclass(frozen=True)
class Person:
    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""

    @property
    def display(self) -> str:
        """'First von Last, Jr.' as a reader expects it."""
        name = " ".join(p for p in (self.first, self.von, self.last) if p)
        return f"{name}, {self.jr}" if self.jr else name

    @property
    def last_name(self) -> str:
        return " ".join(p for p in (self.von, self.last) if p) or self.first

    @property
    def is_others(self) -> bool:
        return self.last.lower() == "others" and not (self.first or self.von or self.jr)

    @property
    def initials(self) -> str:
        return " ".join(f"{w[0]}." for w in re.split(r"[\s-]+", self.first) if w and w[0].isalpha())


def _join(parts: list[str]) -> str:
    return decode(" ".join(parts)).strip()


@lru_cache(maxsize=100_000)
def _person(raw: str) -> Person:
    try:
        parts = parse_single_name_into_parts(raw, strict=False)
    except Exception:
        return Person(last=decode(raw).strip())
    return Person(first=_join(parts.first), von=_join(parts.von), last=_join(parts.last), jr=_join(parts.jr))


def split_persons(raw: str) -> tuple[Person, ...]:
    """Split an undecoded `author`/`editor` value into persons, then decode each part.

    Splitting first keeps brace groups such as `{van der Weij}` or `{OpenAI}` whole;
    decoding each part afterwards gives 'Sören' for `S{\\"o}ren`.
    """
    if not raw.strip():
        return ()
    return tuple(_person(name.strip()) for name in split_multiple_persons_names(raw) if name.strip())
