"""Browse: one table of every paper, filtered and sorted in the browser by `docs/javascripts/browse.js`.

The rows are rendered here, at build time, each carrying its facet values (from
`facets.facets`, the one definition shared with search) as JSON in `data-*` attributes.
The filter menus list the values that occur, with counts, in taxonomy order.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .article import Article
from .facets import FACETS, facets
from .fragments import Url, evidence_badge, stance_badge
from .model import STANCE_ORDER, Reference
from .taxonomy import Claim, Taxonomy
from .templating import article

if TYPE_CHECKING:
    from .render import SiteContext

BROWSE_PATH = "browse.md"
# Rows laid out when the page opens; docs/javascripts/browse.js shows more on demand (it reads
# this number from the table). The other rows are written `hidden`, so the browser does not lay
# out a table of 10,000 rows while it parses the page (at 10,000 papers that took 4 s here, and
# the page opened after 7 s; a <noscript> style shows every row to a reader without scripts).
PAGE_ROWS = 250
MENU_FACETS = tuple(f for f in FACETS if f != "year")   # year is a range, not a menu
FACET_NAMES = {"tag": "Tag", "stance": "Stance", "evidence": "Evidence kind", "claim": "Claim", "year": "Year"}


def _reassuring(claim: Claim) -> str:
    """Inside a claim's coloured name in the table, the mark is words, not a chip."""
    return " (reassuring)" if claim.reassuring else ""


@dataclass(frozen=True)
class Row:
    ref: Reference
    facets: dict[str, list[str]]

    def html(self, url: Url, tax: Taxonomy, hidden: bool = False) -> Markup:
        """The table row; plain Python, since the page has one per paper (see generators/fragments.py)."""
        ref = self.ref
        data = "".join(f' data-{f}="{_data_attribute(tuple(self.facets.get(f, ())))}"' for f in FACETS)
        venue = f" · {escape(ref.venue)}" if ref.venue else ""
        claims = "".join(
            [f'<span class="met-claim met-claim--for" title="evidence or arguments for">+ {escape(tax.claims[c].label)}'
             f"{_reassuring(tax.claims[c])}</span> " for c in ref.supports if c in tax.claims]
            + [f'<span class="met-claim met-claim--against" title="evidence or arguments against">− '
               f"{escape(tax.claims[c].label)}{_reassuring(tax.claims[c])}</span> "
               for c in ref.challenges if c in tax.claims])
        return Markup(
            f'<tr{" hidden" if hidden else ""} data-key="{escape(ref.key)}"{data}><td class="met-col-year">'
            f'{escape(ref.year or "")}</td>'
            f'<td class="met-col-title"><a href="{escape(url(ref.url_path))}">{escape(ref.title)}</a><br>'
            f'<span class="met-item__meta">{escape(ref.authors_short)}{venue}</span></td>'
            f'<td class="met-col-stance">{stance_badge(ref)}</td><td class="met-col-evidence">{evidence_badge(ref, tax)}'
            f'</td><td class="met-col-tags">{escape(", ".join(self.facets["tag"]))}</td>'
            f'<td class="met-col-claims">{claims}</td></tr>')


@lru_cache(maxsize=4096)
def _data_attribute(values: tuple[str, ...]) -> Markup:
    """Facet values as a JSON list, escaped for a `data-*` attribute; papers share most lists."""
    return escape(json.dumps(list(values), ensure_ascii=False))


@dataclass(frozen=True)
class Menu:
    facet: str
    label: str
    options: list[tuple[str, int]]      # (value, number of papers)


def _known_order(facet: str, tax: Taxonomy, values) -> list[str]:
    if facet == "year":
        return sorted(values, reverse=True)     # newest first
    return {
        "tag": [t.label for t in tax.tags.values()],
        "stance": [s.label for s in STANCE_ORDER],
        "evidence": [e.label for e in tax.evidence.values()],
        "claim": [c.label for c in tax.claims.values()],
    }.get(facet, [])


def menus(rows: list[Row], tax: Taxonomy, names: tuple[str, ...] = MENU_FACETS) -> list[Menu]:
    """A menu per facet: the values that occur, with their number of papers, in taxonomy order."""
    out = []
    for facet in names:
        counts = Counter(v for row in rows for v in row.facets.get(facet, []))
        rank = {v: i for i, v in enumerate(_known_order(facet, tax, counts))}
        values = sorted(counts, key=lambda v: (rank.get(v, len(rank)), v.casefold()))
        out.append(Menu(facet, FACET_NAMES.get(facet, facet.title()), [(v, counts[v]) for v in values]))
    return out


def search_menus(library, tax: Taxonomy) -> list[Menu]:
    """The search page's menus: every facet, year included (Pagefind filters on exact values)."""
    return menus([Row(ref, facets(ref, tax)) for ref in library.references], tax, FACETS)


def browse_page(site: "SiteContext") -> Article:
    tax = site.taxonomy
    refs = site.library.newest
    rows = [Row(ref, facets(ref, tax)) for ref in refs]
    years = [r.year for r in refs if r.year]
    meta = {
        "title": "Browse",
        "description": "Every paper in one table: filter by tag, stance, evidence kind, claim, year or text.",
        "hide": ["navigation", "toc"],   # the table needs the width
        "search": {"exclude": True},   # every title is on this page; search should find the paper pages
    }
    return article("browse.html.j2", BROWSE_PATH, meta, rows=rows, page_rows=PAGE_ROWS, menus=menus(rows, tax), tax=tax,
                   first_year=min(years, default=0), last_year=max(years, default=0))


def browse_pages(site: "SiteContext") -> dict[str, Article]:
    return {BROWSE_PATH: browse_page(site)}
