"""An Atom feed (RFC 4287) of the most recently added papers, built with ElementTree.

Every value goes through the XML serializer, which escapes it; characters XML 1.0 cannot
carry at all are dropped first. Links are absolute when the site URL is known
(`site_url` in mkdocs.yml); otherwise they are relative to the feed itself, which Atom
resolves against the feed's own address (RFC 4287 section 4.2.7, xml:base absent).
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from .model import Library, Reference

if TYPE_CHECKING:
    from .render import SiteContext

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
FEED_SIZE = 50
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ID_NAMESPACE = uuid.UUID("5b0d3f0e-8c1e-4a51-9d55-3c1f0b8e2a61")  # fixed: entry ids never change


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def recent(library: Library, limit: int = FEED_SIZE) -> list[Reference]:
    """Papers with an `added` date, newest first (ties: newer year, then key)."""
    dated = [r for r in library.references if r.added]
    return sorted(dated, key=lambda r: (r.added, r.year or 0, r.key), reverse=True)[:limit]


def entry_id(ref: Reference) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, ref.key)}"


def _link(site_url: str, target: str) -> str:
    """`target` is site-relative; the feed sits at the site root, so relative equals site-relative."""
    return site_url.rstrip("/") + "/" + target if site_url else target or "./"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def atom_feed(site: "SiteContext", limit: int = FEED_SIZE) -> str:
    refs = recent(site.library, limit)
    base = site.settings.url
    feed = ET.Element("feed", {"xmlns": ATOM})
    _sub(feed, "title", site.settings.name + ": recently added papers")
    _sub(feed, "subtitle", "Papers newly added to the tracker, newest first.")
    _sub(feed, "id", _link(base, FEED_PATH) if base else f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'feed')}")
    _sub(feed, "link", rel="self", type="application/atom+xml", href=_link(base, FEED_PATH))
    _sub(feed, "link", rel="alternate", type="text/html", href=_link(base, ""))
    # Deterministic: the feed changes only when the library does (no build time).
    newest = refs[0].added.isoformat() if refs else "1970-01-01"
    _sub(feed, "updated", f"{newest}T00:00:00Z")
    _sub(feed, "generator", "Misalignment Evidence Tracker")
    if not refs:
        _sub(_sub(feed, "author"), "name", site.settings.name)
    for ref in refs:
        entry = _sub(feed, "entry")
        _sub(entry, "title", ref.title or ref.key, type="text")
        _sub(entry, "id", entry_id(ref))
        _sub(entry, "link", rel="alternate", type="text/html", href=_link(base, ref.url_path))
        stamp = f"{ref.added.isoformat()}T00:00:00Z"
        _sub(entry, "published", stamp)
        _sub(entry, "updated", stamp)
        names = ref.author_names + (["others"] if ref.truncated_authors else [])
        for name in names or [site.settings.name]:
            _sub(_sub(entry, "author"), "name", name)
        for tag in ref.tags:
            if tag in site.taxonomy.tags:
                _sub(entry, "category", term=tag, label=site.taxonomy.tags[tag].label)
        _sub(entry, "summary", ref.summary or ref.first_sentence or ref.title, type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feed_pages(site: "SiteContext") -> dict[str, str | bytes]:
    return {FEED_PATH: atom_feed(site)}
