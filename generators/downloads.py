"""Downloads: the whole library as BibTeX and CSL-JSON, and each tag's and claim's papers as BibTeX.

Every file is generated at build time from the library; nothing here is committed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .article import Article
from .bibtex import ENTRY_SEPARATOR, format_entry
from .export import to_csl_json
from .joined import Joined
from .model import Reference
from .templating import article

if TYPE_CHECKING:
    from .render import SiteContext

LIBRARY_BIB = "downloads/library.bib"
LIBRARY_JSON = "downloads/library.json"


def tag_bib_path(tag_id: str) -> str:
    return f"downloads/tags/{tag_id}.bib"


def claim_bib_path(claim_id: str) -> str:
    return f"downloads/claims/{claim_id}.bib"


def newest_first(refs: list[Reference]) -> list[Reference]:
    return sorted(refs, key=lambda r: r.sort_newest)


def _bib(refs: list[Reference], what: str) -> Joined:
    """The file `export.to_bib` writes for `refs`, under a header: each entry's BibTeX is shared
    with its page and the other downloads, not copied (generators/joined.py)."""
    header = f"% Misalignment Evidence Tracker: {what} ({len(refs)} entr{'y' if len(refs) == 1 else 'ies'}).\n\n"
    return Joined.lines(header, [format_entry(r.raw) for r in refs], ENTRY_SEPARATOR)


def download_files(site: "SiteContext") -> dict[str, Joined]:
    """Every BibTeX download, keyed by its path relative to the site root."""
    lib, tax = site.library, site.taxonomy
    files = {LIBRARY_BIB: _bib(lib.newest, "the whole library")}
    for tag_id in tax.tags:
        files[tag_bib_path(tag_id)] = _bib(lib.with_tag(tag_id), f"papers tagged {tag_id}")
    for claim_id in tax.claims:
        supporting, challenging = lib.on_claim(claim_id)
        files[claim_bib_path(claim_id)] = _bib(newest_first(supporting + challenging),
                                               f"papers for or against the claim {claim_id}")
    return files


def downloads_pages(site: "SiteContext") -> dict[str, Joined | Article]:
    lib, tax = site.library, site.taxonomy
    tag_counts = {t: lib.tag_count(t) for t in tax.tags}
    claim_counts = {c: lib.claim_counts(c) for c in tax.claims}
    meta = {"title": "Downloads",
            "description": "The whole library as BibTeX and CSL-JSON, each tag and claim as BibTeX, and a feed."}
    page = article("downloads.html.j2", "downloads.md", meta, tax=tax, total=len(lib), tag_counts=tag_counts,
                   claim_counts=claim_counts, library_bib=LIBRARY_BIB, library_json=LIBRARY_JSON,
                   tag_bib_path=tag_bib_path, claim_bib_path=claim_bib_path)
    return {"downloads.md": page, **download_files(site)}


def csl_json_pages(site: "SiteContext") -> dict[str, str]:
    """The whole library as CSL-JSON (a builder of its own, so that a helper process can write it
    while this one writes the BibTeX downloads)."""
    return {LIBRARY_JSON: to_csl_json(site.library.newest)}
