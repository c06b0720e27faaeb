"""DOIs, arXiv ids and URLs: recognise, normalise, and turn into safe links."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

DOI_RE = re.compile(r"^10\.\d{4,9}/[^\s]+$")
_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)

# New style (0704.0001 onwards: YYMM.NNNN or YYMM.NNNNN) and old style (archive/YYMMNNN).
ARXIV_NEW = re.compile(r"^(?P<id>\d{4}\.\d{4,5})(?P<version>v\d+)?$")
ARXIV_OLD = re.compile(r"^(?P<id>[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?P<version>v\d+)?$")
_ARXIV_URL = re.compile(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<rest>.+?)(?:\.pdf)?/?$", re.I)
_ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.I)

_URL_FORBIDDEN = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f]")


def normalize_doi(value: str) -> str:
    """Strip resolver prefixes: 'https://doi.org/10.1/x' -> '10.1/x'."""
    return _DOI_PREFIXES.sub("", value.strip())


def is_doi(value: str) -> bool:
    return bool(DOI_RE.match(normalize_doi(value)))


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(normalize_doi(doi), safe="/:;()._-")


def parse_arxiv(value: str) -> tuple[str, str] | None:
    """'arXiv:2401.05566v2' or an arxiv.org URL -> ('2401.05566', 'v2'); None if not an arXiv id."""
    text = value.strip()
    m = _ARXIV_URL.match(text)
    if m:
        text = m.group("rest")
    text = _ARXIV_PREFIX.sub("", text)
    for pattern in (ARXIV_NEW, ARXIV_OLD):
        m = pattern.match(text)
        if m:
            return m.group("id"), m.group("version") or ""
    return None


def arxiv_url(arxiv_id: str) -> str:
    return "https://arxiv.org/abs/" + quote(arxiv_id, safe="/.")


def arxiv_pdf_url(arxiv_id: str) -> str:
    return "https://arxiv.org/pdf/" + quote(arxiv_id, safe="/.")


def safe_url(value: str) -> str | None:
    """The URL if it is a plain http(s) URL with a host, else None. Never a javascript: or data: URL."""
    url = value.strip()
    if not url or _URL_FORBIDDEN.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
