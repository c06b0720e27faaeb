"""Small pieces of HTML that many pages repeat: badges, list items, download links.

Plain Python returning `Markup`, called from the templates as globals. A tag page at 10,000
papers lists thousands of items; as Jinja macros they were most of the rendering time. Every
value from the library goes through `escape()`, exactly what autoescape would do.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from markupsafe import Markup, escape

from .model import Reference, Stance
from .paths import download_name
from .taxonomy import Claim, EvidenceKind, Taxonomy

Url = Callable[[str], str]


def stance_badge(ref: Reference) -> Markup:
    return _stance_badge(ref.stance)


def evidence_badge(ref: Reference, tax: Taxonomy) -> Markup:
    kind = tax.evidence.get(ref.evidence)
    return Markup("") if kind is None else _evidence_badge(kind)


# A badge depends only on the stance or the evidence kind: a handful of values, written once.
@lru_cache(maxsize=None)
def _stance_badge(s: Stance) -> Markup:
    return Markup(f'<span class="met-badge met-badge--{escape(s.value)}" title="{escape(s.description)}">'
                  f'{escape(s.label)}</span>')


@lru_cache(maxsize=256)
def _evidence_badge(kind: EvidenceKind) -> Markup:
    return Markup(f'<span class="met-badge met-badge--kind" title="{escape(kind.description)}">'
                  f'{escape(kind.label)}</span>')


def _summary(ref: Reference) -> str:
    return f'<br><span class="met-item__summary">{escape(ref.first_sentence)}</span>' if ref.first_sentence else ""


def _listing(kind: str, refs, url: Url, tax: Taxonomy,
             write: Callable[[Reference, str, Taxonomy], str]) -> Markup:
    """The `<li>` of every paper in `refs`, one per line. Each item is memoised per paper and link,
    so a paper listed under several tags is written once; a paper's link from the page is the
    link to papers/ plus its slug (one `url()` per list, not per paper)."""
    papers = url("papers/")
    lines = []
    for ref in refs:
        href = f"{papers}{ref.slug}/"
        memo = ref.fragments.get((kind, href))
        if memo is None:
            memo = ref.fragments[(kind, href)] = write(ref, href, tax)
        lines.append(memo)
    return Markup("\n".join(lines))


def _item(ref: Reference, href: str, tax: Taxonomy) -> str:
    year = f", {escape(ref.year)}" if ref.year else ""
    return (f'<li class="met-item" data-key="{escape(ref.key)}"><a class="met-item__title" href="{escape(href)}">'
            f'{escape(ref.title)}</a> <span class="met-item__meta">{escape(ref.authors_short)}{year}</span> '
            f'{evidence_badge(ref, tax)}{_summary(ref)}</li>')


def _claim_item(ref: Reference, href: str, tax: Taxonomy) -> str:
    return (f'<li class="met-item met-item--claim" data-key="{escape(ref.key)}"><span class="met-item__year">'
            f'{escape(ref.year or "n.d.")}</span> <a class="met-item__title" href="{escape(href)}">'
            f'{escape(ref.title)}</a> <span class="met-item__meta">{escape(ref.authors_short)}</span> '
            f'{evidence_badge(ref, tax)}{_summary(ref)}</li>')


def items(refs, url: Url, tax: Taxonomy) -> Markup:
    """Papers in a listing: title, authors and year, evidence kind, first sentence of the summary."""
    return _listing("item", refs, url, tax, _item)


def claim_items(refs, url: Url, tax: Taxonomy) -> Markup:
    """Papers on a claim page: the year first, since each side is newest first."""
    return _listing("claim", refs, url, tax, _claim_item)


def reassuring_chip(claim: Claim) -> Markup:
    """After a claim's name wherever claims are listed: marks the claims whose side is
    `reassurance`, which count the other way round for a paper's stance."""
    return Markup(' <span class="met-side-chip">reassuring</span>') if claim.reassuring else Markup("")


def tag_and_claim_differ() -> Markup:
    """Why a tag and a claim of the same name count different papers (said on both their pages)."""
    return Markup("The tag collects every paper on the topic; the claim, only those that argue for or "
                  "against its statement.")


def bib_link(url: Url, path: str, label: str | None = None) -> Markup:
    """A link that downloads `path` under its `download_name`, which is also the label by default."""
    name = download_name(path)
    title = f' title="{escape(name)}"' if label and label != name else ""
    return Markup(f'<a class="met-download" href="{escape(url(path))}" download="{escape(name)}"{title}>'
                  f'{escape(label or name)}</a>')


GLOBALS = {f.__name__: f for f in (stance_badge, evidence_badge, items, claim_items, reassuring_chip, bib_link,
                                    tag_and_claim_differ)}
