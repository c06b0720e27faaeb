"""Stage 3: typed `Reference` records with derived values (stance, slug, links, backlinks)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum

from .identifiers import arxiv_pdf_url, arxiv_url, doi_url, is_doi, normalize_doi, parse_arxiv, safe_url
from .latex import Person
from .load import RawEntry
from .memo import cached, warm
from .taxonomy import split_ids

VENUE_FIELDS = ("journal", "booktitle", "howpublished", "publisher", "institution", "school", "organization")
_YEAR = re.compile(r"^\s*(\d{4})")
_SLUG_UNSAFE = re.compile(r"[^a-z0-9_-]+")


class Stance(str, Enum):
    """Where a paper stands on the misalignment risk case, derived from `supports` / `challenges`
    and each claim's side (taxonomy `side`), never typed by a contributor.

    Supporting a risk claim or challenging a reassuring one counts towards the risk case;
    challenging a risk claim or supporting a reassuring one counts against it. So a paper
    showing that probes catch deception ("oversight detects misalignment") is a counterargument,
    and one showing that models hide their reasoning from monitors is evidence.
    """

    EVIDENCE = "evidence"
    COUNTERARGUMENT = "counterargument"
    MIXED = "mixed"
    CONTEXT = "context"

    @property
    def label(self) -> str:
        return {"evidence": "Evidence", "counterargument": "Counterargument", "mixed": "Mixed",
                "context": "Context"}[self.value]

    @property
    def description(self) -> str:
        return {
            "evidence": "counts towards the risk case: supports a risk claim or challenges a reassuring one,"
                        " and nothing the other way",
            "counterargument": "counts against the risk case: challenges a risk claim or supports a"
                               " reassuring one, and nothing the other way",
            "mixed": "counts both towards and against the risk case",
            "context": "neither supports nor challenges a claim: definitions, surveys, framing",
        }[self.value]


STANCE_ORDER = (Stance.EVIDENCE, Stance.COUNTERARGUMENT, Stance.MIXED, Stance.CONTEXT)


# A full stop that ends a sentence: not the one in "et al.", "e.g.", "i.e.", "vs.", "cf." or an initial.
# The mark is matched first, so that the look-behinds run only where there is one.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)(?<!\bal\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bcf\.)(?<!\b[A-Z]\.)")
FIRST_SENTENCE_MAX = 320


def first_sentence(summary: str, limit: int = FIRST_SENTENCE_MAX) -> str:
    text = " ".join(summary.split())
    end = next((m.end() for m in _SENTENCE_END.finditer(text) if m.end() >= 20), len(text))
    sentence = text[:end]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit - 1]
    cut = cut[:cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:—–-") + "…"


def slugify_key(key: str) -> str:
    """The page name of a key. Keys are validated to a safe set; this is the second line of defence."""
    slug = _SLUG_UNSAFE.sub("-", key.lower()).strip("-_")
    return slug or "entry"


def parse_year(value: str) -> int | None:
    m = _YEAR.match(value or "")
    return int(m.group(1)) if m else None


def parse_added(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class Reference:
    """One paper. Derived values are computed once: a page for 10,000 papers asks for them often."""

    key: str
    slug: str
    entry_type: str
    title: str
    authors: tuple[Person, ...]
    year: int | None
    venue: str
    doi: str
    arxiv: str
    url: str
    tags: tuple[str, ...]
    supports: tuple[str, ...]
    challenges: tuple[str, ...]
    evidence: str
    summary: str
    abstract: str
    note: str
    added: dt.date | None
    responds: tuple[str, ...]
    file: str
    line: int
    raw: RawEntry = field(repr=False)
    responded_by: list[str] = field(default_factory=list)
    # The taxonomy's reassuring claims (Taxonomy.reassuring_claims), one set shared by every paper.
    reassuring: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    # Listing items rendered for this paper, by kind and link (generators/fragments.py): the
    # same item appears on every tag and claim page the paper is listed on.
    fragments: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)
    # Its facet values (generators/facets.py), which the browse table, the search menus and the
    # search index all read. A Reference lives for one build, so one taxonomy.
    facet_values: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    @cached
    def stance(self) -> Stance:
        towards = any(c not in self.reassuring for c in self.supports) or \
            any(c in self.reassuring for c in self.challenges)
        against = any(c not in self.reassuring for c in self.challenges) or \
            any(c in self.reassuring for c in self.supports)
        if towards and against:
            return Stance.MIXED
        if towards:
            return Stance.EVIDENCE
        if against:
            return Stance.COUNTERARGUMENT
        return Stance.CONTEXT

    @cached
    def url_path(self) -> str:
        return f"papers/{self.slug}/"

    @cached
    def author_names(self) -> list[str]:
        return [p.display for p in self.authors if not p.is_others]

    @cached
    def truncated_authors(self) -> bool:
        return any(p.is_others for p in self.authors)

    @cached
    def authors_text(self) -> str:
        names = self.author_names
        if self.truncated_authors:
            names = names + ["others"]
        if len(names) <= 2:
            return " and ".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    @cached
    def authors_short(self) -> str:
        people = [p for p in self.authors if not p.is_others]
        if not people:
            return ""
        if len(people) == 1 and not self.truncated_authors:
            return people[0].last_name
        if len(people) == 2 and not self.truncated_authors:
            return f"{people[0].last_name} and {people[1].last_name}"
        return f"{people[0].last_name} et al."

    @cached
    def links(self) -> list[Link]:
        out = []
        if self.doi:
            out.append(Link(f"DOI {self.doi}", doi_url(self.doi)))
        if self.arxiv:
            # arXiv's own DOI (10.48550/arXiv.<id>) resolves to the same abstract page
            if self.doi.lower() != f"10.48550/arxiv.{self.arxiv}".lower():
                out.append(Link(f"arXiv {self.arxiv}", arxiv_url(self.arxiv)))
            out.append(Link("PDF (arXiv)", arxiv_pdf_url(self.arxiv)))
        url = safe_url(self.url) if self.url else None
        if url and all(url != link.url for link in out):
            same = parse_arxiv(url) if self.arxiv else None
            if self.doi and is_doi(url) and normalize_doi(url).lower() == self.doi.lower():
                pass                  # the DOI's resolver again (dx., http:): the DOI link above
            elif same is None or same[0] != self.arxiv:
                out.append(Link("Web page", url))
            elif "/html/" in url:     # arXiv's HTML rendering of this paper: a page of its own
                out.append(Link("HTML (arXiv)", url))
            # else this paper's abstract or PDF on arXiv again (another version, www., http:),
            # which the two links above already give
        return out

    @property
    def best_url(self) -> str:
        links = self.links
        return links[0].url if links else ""

    @cached
    def first_sentence(self) -> str:
        """The summary's first sentence (listings and the page description), cut at a word if long."""
        return first_sentence(self.summary)

    @cached
    def sort_newest(self) -> tuple:
        return (-(self.year or 0), self.title.casefold(), self.key)


def build_reference(entry: RawEntry, reassuring: frozenset[str] = frozenset()) -> Reference:
    """Never raises: invalid values are carried as they are (validation reports them).
    `reassuring`: the ids of the claims whose side is `reassurance` (see Stance)."""
    arxiv = ""
    eprint = entry.fields.get("eprint", "")
    prefix = (entry.fields.get("archiveprefix") or entry.fields.get("eprinttype") or "").strip().lower()
    if eprint and prefix in ("", "arxiv"):
        parsed = parse_arxiv(eprint)
        if parsed:
            arxiv = parsed[0]
    venue = next((entry.text(f) for f in VENUE_FIELDS if entry.fields.get(f, "").strip()), "")
    year = parse_year(entry.fields.get("year", "")) or parse_year(entry.fields.get("date", ""))
    return Reference(
        key=entry.key,
        slug=slugify_key(entry.key),
        entry_type=entry.entry_type,
        title=" ".join(entry.text("title").split()),
        authors=entry.persons("author") or entry.persons("editor"),
        year=year,
        venue=" ".join(venue.split()),
        doi=normalize_doi(entry.fields.get("doi", "")),
        arxiv=arxiv,
        url=entry.fields.get("url", "").strip(),
        tags=tuple(split_ids(entry.fields.get("keywords", ""))),
        supports=tuple(split_ids(entry.fields.get("supports", ""))),
        challenges=tuple(split_ids(entry.fields.get("challenges", ""))),
        evidence=entry.fields.get("evidence", "").strip(),
        summary=entry.text("summary").strip(),
        abstract=entry.text("abstract").strip(),
        note=entry.text("note").strip(),
        added=parse_added(entry.fields.get("added", "")),
        responds=tuple(split_ids(entry.fields.get("responds", ""))),
        file=entry.file,
        line=entry.line,
        raw=entry,
        reassuring=reassuring,
    )


@dataclass
class Library:
    references: list[Reference]

    def __post_init__(self) -> None:
        self.by_key = {r.key: r for r in self.references}
        for ref in self.references:
            for target in ref.responds:
                if target in self.by_key and ref.key not in self.by_key[target].responded_by:
                    self.by_key[target].responded_by.append(ref.key)

    def __len__(self) -> int:
        return len(self.references)

    @cached
    def newest(self) -> list[Reference]:
        """Every paper, newest first (then by title): the order of every listing and download."""
        return sorted(self.references, key=lambda r: r.sort_newest)

    @cached
    def _by_tag(self) -> dict[str, list[Reference]]:
        index: dict[str, list[Reference]] = {}
        for ref in self.newest:
            for tag in dict.fromkeys(ref.tags):
                index.setdefault(tag, []).append(ref)
        return index

    @cached
    def _by_claim(self) -> dict[str, tuple[list[Reference], list[Reference]]]:
        index: dict[str, tuple[list[Reference], list[Reference]]] = {}
        for ref in self.newest:
            for side, claims in enumerate((ref.supports, ref.challenges)):
                for claim in dict.fromkeys(claims):
                    index.setdefault(claim, ([], []))[side].append(ref)
        return index

    def with_tag(self, tag: str) -> list[Reference]:
        """The papers with `tag`, newest first."""
        return list(self._by_tag.get(tag, ()))

    def on_claim(self, claim: str) -> tuple[list[Reference], list[Reference]]:
        """(papers for, papers against) `claim`, each newest first."""
        supporting, challenging = self._by_claim.get(claim, ([], []))
        return list(supporting), list(challenging)

    def tag_count(self, tag: str) -> int:
        return len(self._by_tag.get(tag, ()))

    def claim_counts(self, claim: str) -> tuple[int, int]:
        """(papers for, papers against) `claim`."""
        supporting, challenging = self._by_claim.get(claim, ([], []))
        return len(supporting), len(challenging)

    def newest_added(self, limit: int) -> list[Reference]:
        dated = sorted(self.references, key=lambda r: (r.added or dt.date.min, r.year or 0, r.key), reverse=True)
        return dated[:limit]


def warmed_references(entries: list[RawEntry], reassuring: frozenset[str] = frozenset()) -> list[Reference]:
    """`build_reference` for each entry, with every memoised value of the reference and of its
    authors computed now. The per-file stage calls it where a file is parsed, on every core, and
    the values come back with the references: computed lazily, each process that renders pages
    would compute them again (at 10,000 papers about 0.4 s of each process's time)."""
    refs = [build_reference(e, reassuring) for e in entries]
    for ref in refs:
        warm(ref)
        for person in ref.authors:
            warm(person)
    return refs
