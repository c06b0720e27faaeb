"""Parsers from what the services return (arXiv Atom, Crossref / CSL JSON, BibTeX, HTML meta
tags) to one `Work`. Pure functions of text: no network here. A payload that cannot be read
raises `MalformedResponse` with a one-line message.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .identifiers import is_doi, normalize_doi, parse_arxiv, safe_url


class MalformedResponse(Exception):
    """The service answered, but not with something we can read."""


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""

    @property
    def bibtex(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass
class Work:
    """Metadata of one work, whatever its source. `venue_field` is the BibTeX field for `venue`."""

    title: str
    authors: list[Name]
    year: str
    entry_type: str = "misc"
    venue_field: str = "howpublished"
    venue: str = ""
    doi: str = ""
    arxiv: str = ""
    primary_class: str = ""
    url: str = ""
    abstract: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def clean(text: str) -> str:
    """One line, single spaces."""
    return " ".join((text or "").split())


def split_name(text: str) -> Name:
    """'Ada Lovelace' or 'Lovelace, Ada' -> Name('Lovelace', 'Ada'). Particles stay with the family name."""
    text = clean(text)
    if "," in text:
        family, _, given = text.partition(",")
        return Name(clean(family), clean(given))
    parts = text.split(" ")
    if len(parts) == 1:
        return Name(parts[0])
    i = len(parts) - 1
    while i > 1 and parts[i - 1][:1].islower():      # van, von, de, da ...
        i -= 1
    return Name(" ".join(parts[i:]), " ".join(parts[:i]))


_YEAR = re.compile(r"(\d{4})")


def _year(text: str) -> str:
    m = _YEAR.search(text or "")
    return m.group(1) if m else ""


# ----------------------------------------------------------------------------- arXiv Atom

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def parse_arxiv_atom(text: str) -> Work | None:
    """The first work in an arXiv API answer; None if the feed holds none (an unknown id).

    The id is the one arXiv reports, which may differ from the one asked for (a replaced id)."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise MalformedResponse(f"arXiv answer is not valid XML ({exc})") from None
    if root.tag != f"{_ATOM}feed":
        raise MalformedResponse("arXiv answer is not an Atom feed")
    for entry in root.findall(f"{_ATOM}entry"):
        entry_id = entry.findtext(f"{_ATOM}id", "")
        parsed = parse_arxiv(entry_id)
        title = clean(entry.findtext(f"{_ATOM}title", ""))
        if parsed is None or title == "Error":     # the API's way of saying "no such id"
            continue
        authors = [split_name(a.findtext(f"{_ATOM}name", "")) for a in entry.findall(f"{_ATOM}author")]
        primary = entry.find(f"{_ARXIV}primary_category")
        work = Work(
            title=title,
            authors=[a for a in authors if a.family],
            year=_year(entry.findtext(f"{_ATOM}published", "")),
            venue="arXiv preprint",
            arxiv=parsed[0],
            primary_class=primary.get("term", "") if primary is not None else "",
            doi=normalize_doi(entry.findtext(f"{_ARXIV}doi", "")),
            abstract=clean(entry.findtext(f"{_ATOM}summary", "")),
        )
        if not work.title:
            raise MalformedResponse(f"arXiv entry {parsed[0]} has no title")
        return work
    if root.find(f"{_OPENSEARCH}totalResults") is None and not root.findall(f"{_ATOM}entry"):
        raise MalformedResponse("arXiv answer holds neither entries nor a result count")
    return None


# ------------------------------------------------------------------ Crossref and CSL JSON

# Crossref `type` / CSL `type` -> (BibTeX type, venue field)
_CSL_TYPES = {
    "journal-article": ("article", "journal"), "article-journal": ("article", "journal"),
    "proceedings-article": ("inproceedings", "booktitle"), "paper-conference": ("inproceedings", "booktitle"),
    "book-chapter": ("incollection", "booktitle"), "chapter": ("incollection", "booktitle"),
    "book": ("book", "publisher"), "monograph": ("book", "publisher"), "edited-book": ("book", "publisher"),
    "report": ("techreport", "institution"),
    "dissertation": ("phdthesis", "school"), "thesis": ("phdthesis", "school"),
}


def _first(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return clean(value) if isinstance(value, str) else ""


def _csl_year(data: dict) -> str:
    for name in ("issued", "published-print", "published-online", "published", "created"):
        parts = (data.get(name) or {}).get("date-parts") if isinstance(data.get(name), dict) else None
        if parts and isinstance(parts[0], list) and parts[0] and parts[0][0]:
            return str(parts[0][0])
    return ""


def strip_markup(text: str) -> str:
    """Text content of an HTML / JATS fragment (Crossref abstracts come as <jats:p>...</jats:p>)."""
    collector = _TextCollector()
    collector.feed(text or "")
    collector.close()
    return clean("".join(collector.parts))


def parse_csl(data: dict) -> Work:
    """A Crossref `message` or a CSL-JSON record (same field names; strings or lists)."""
    if not isinstance(data, dict):
        raise MalformedResponse("metadata record is not a JSON object")
    title = strip_markup(_first(data.get("title")))
    subtitle = strip_markup(_first(data.get("subtitle")))
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    authors = []
    for person in data.get("author") or []:
        if not isinstance(person, dict):
            continue
        if person.get("family"):
            authors.append(Name(clean(person["family"]), clean(person.get("given", ""))))
        elif person.get("literal") or person.get("name"):
            authors.append(Name(clean(person.get("literal") or person.get("name"))))
    kind = str(data.get("type", "")).lower()
    entry_type, venue_field = _CSL_TYPES.get(kind, ("misc", "howpublished"))
    publisher = _first(data.get("publisher"))
    venue = publisher if venue_field in ("publisher", "institution", "school") else _first(data.get("container-title"))
    if not venue:
        entry_type, venue_field, venue = "misc", "howpublished", _first(data.get("container-title")) or publisher
    if not title:
        raise MalformedResponse("metadata record has no title")
    doi = normalize_doi(_first(data.get("DOI")))
    return Work(title=title, authors=authors, year=_csl_year(data), entry_type=entry_type,
                venue_field=venue_field, venue=venue, doi=doi if is_doi(doi) else "",
                url=safe_url(_first(data.get("URL"))) or "", abstract=strip_markup(_first(data.get("abstract"))))


def _json(text: str, what: str):
    try:
        return json.loads(text)
    except ValueError as exc:
        raise MalformedResponse(f"{what} answer is not valid JSON ({exc.__class__.__name__}: {exc})") from None


def parse_crossref(text: str) -> Work:
    data = _json(text, "Crossref")
    if not isinstance(data, dict) or data.get("status") != "ok" or not isinstance(data.get("message"), dict):
        raise MalformedResponse("Crossref answer lacks status \"ok\" and a message")
    return parse_csl(data["message"])


def parse_csl_json(text: str) -> Work:
    data = _json(text, "CSL-JSON")
    if isinstance(data, list) and data:
        data = data[0]
    return parse_csl(data)


# ------------------------------------------------------------------------------ BibTeX

def parse_bibtex(text: str) -> Work:
    """The first entry of a BibTeX answer (doi.org content negotiation)."""
    from .load import load_text

    source = load_text(text, "doi.org answer")
    if not source.entries:
        raise MalformedResponse("BibTeX answer holds no entry")
    e = source.entries[0]
    venue_field = next((f for f in ("journal", "booktitle", "howpublished", "publisher", "institution", "school")
                        if e.fields.get(f, "").strip()), "howpublished")
    entry_type = e.entry_type if e.entry_type in ("article", "inproceedings", "incollection", "book",
                                                  "techreport", "phdthesis", "misc") else "misc"
    title = clean(e.text("title"))
    if not title:
        raise MalformedResponse("BibTeX answer has no title")
    authors = [Name(p.last_name, clean(p.first))
               for p in e.persons("author") if not p.is_others] if e.fields.get("author") else []
    doi = normalize_doi(e.fields.get("doi", ""))
    return Work(title=title, authors=authors, year=_year(e.fields.get("year", "") or e.fields.get("date", "")),
                entry_type=entry_type, venue_field=venue_field, venue=clean(e.text(venue_field)),
                doi=doi if is_doi(doi) else "", url=safe_url(e.fields.get("url", "")) or "",
                abstract=clean(e.text("abstract")))


# -------------------------------------------------------------------------------- HTML

class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

        self._skip = 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        self._skip += tag in ("jats:title", "script", "style")    # "Abstract" headings, code
        self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in ("jats:title", "script", "style") and self._skip:
            self._skip -= 1
        self.parts.append(" ")


class _MetaCollector(HTMLParser):
    """Every <meta name|property=... content=...>, <link rel=canonical> and the <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical = ""
        self.title_parts: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (a.get("name") or a.get("property") or "").strip().lower()
            if name and "content" in a:
                self.meta.setdefault(name, []).append(a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href", "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)


def parse_html(text: str, page_url: str) -> Work:
    """A web page's citation_* meta tags (Google Scholar's), else its OpenGraph / article tags."""
    collector = _MetaCollector()
    try:
        collector.feed(text)
        collector.close()
    except AssertionError as exc:       # html.parser's way of giving up on broken markup
        raise MalformedResponse(f"page is not readable HTML ({exc})") from None
    meta = collector.meta

    def one(*names: str) -> str:
        for name in names:
            for value in meta.get(name, []):
                if clean(value):
                    return clean(value)
        return ""

    title = one("citation_title", "og:title", "twitter:title", "dc.title") or clean("".join(collector.title_parts))
    if not title:
        raise MalformedResponse("page has no title (no citation_title, og:title or <title>)")
    names = meta.get("citation_author") or meta.get("dc.creator") or meta.get("author") or meta.get("article:author") or []
    authors = [split_name(n) for n in names if clean(n) and not safe_url(clean(n))]
    year = _year(one("citation_publication_date", "citation_date", "citation_online_date",
                     "article:published_time", "dc.date", "og:updated_time"))
    journal, conference = one("citation_journal_title"), one("citation_conference_title")
    if journal:
        entry_type, venue_field, venue = "article", "journal", journal
    elif conference:
        entry_type, venue_field, venue = "inproceedings", "booktitle", conference
    else:
        entry_type, venue_field = "misc", "howpublished"
        venue = one("og:site_name", "citation_publisher", "dc.publisher") or _site(page_url)
    doi = normalize_doi(one("citation_doi", "dc.identifier"))
    arxiv = parse_arxiv(one("citation_arxiv_id")) if one("citation_arxiv_id") else None
    url = safe_url(one("og:url")) or safe_url(collector.canonical) or safe_url(page_url) or ""
    return Work(title=title, authors=authors, year=year, entry_type=entry_type, venue_field=venue_field,
                venue=venue, doi=doi if is_doi(doi) else "", arxiv=arxiv[0] if arxiv else "", url=url,
                abstract=one("citation_abstract", "dc.description"))


def _site(url: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host
