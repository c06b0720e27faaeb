"""Small pieces of HTML that many pages repeat: badges, list items, download links.

Plain Python returning `Markup`, called from the templates as globals. A tag page at 10,000
papers lists thousands of items; as Jinja macros they were most of the rendering time. Every
value from the library goes through `escape()`, exactly what autoescape would do.
"""

from __future__ import annotations

from typing import Callable

from markupsafe import Markup, escape

from .model import Reference
from .taxonomy import Taxonomy

Url = Callable[[str], str]


def stance_badge(ref: Reference) -> Markup:
    s = ref.stance
    return Markup(f'<span class="met-badge met-badge--{escape(s.value)}" title="{escape(s.description)}">'
                  f'{escape(s.label)}</span>')


def evidence_badge(ref: Reference, tax: Taxonomy) -> Markup:
    kind = tax.evidence.get(ref.evidence)
    if kind is None:
        return Markup("")
    return Markup(f'<span class="met-badge met-badge--kind" title="{escape(kind.description)}">'
                  f'{escape(kind.label)}</span>')


def _summary(ref: Reference) -> str:
    return f'<br><span class="met-item__summary">{escape(ref.first_sentence)}</span>' if ref.first_sentence else ""


def item(ref: Reference, url: Url, tax: Taxonomy) -> Markup:
    """A paper in a listing: title, authors and year, evidence kind, first sentence of the summary."""
    href = url(ref.url_path)
    memo = ref.fragments.get(("item", href))
    if memo is None:
        year = f", {escape(ref.year)}" if ref.year else ""
        memo = ref.fragments[("item", href)] = (
            f'<li class="met-item" data-key="{escape(ref.key)}"><a class="met-item__title" href="{escape(href)}">'
            f'{escape(ref.title)}</a> <span class="met-item__meta">{escape(ref.authors_short)}{year}</span> '
            f'{evidence_badge(ref, tax)}{_summary(ref)}</li>')
    return Markup(memo)


def claim_item(ref: Reference, url: Url, tax: Taxonomy) -> Markup:
    """A paper on a claim page: the year first, since each side is newest first."""
    href = url(ref.url_path)
    memo = ref.fragments.get(("claim", href))
    if memo is None:
        memo = ref.fragments[("claim", href)] = (
            f'<li class="met-item met-item--claim" data-key="{escape(ref.key)}"><span class="met-item__year">'
            f'{escape(ref.year or "n.d.")}</span> <a class="met-item__title" href="{escape(href)}">'
            f'{escape(ref.title)}</a> <span class="met-item__meta">{escape(ref.authors_short)}</span> '
            f'{evidence_badge(ref, tax)}{_summary(ref)}</li>')
    return Markup(memo)


def bib_link(url: Url, path: str, label: str) -> Markup:
    return Markup(f'<a class="met-download" href="{escape(url(path))}" download>{escape(label)}</a>')


GLOBALS = {f.__name__: f for f in (stance_badge, evidence_badge, item, claim_item, bib_link)}
