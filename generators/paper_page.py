"""A paper's page, written in Python: the one page that is rendered once per paper.

The other pages are Jinja2 templates (generators/templates/). This one was too, but at 10,000
papers its template calls were half of the generator's rendering time (0.95 s against 0.5 s
here), so it is written the way generators/fragments.py writes list items: plain functions
returning HTML, every value from the library passed through `escape()`, exactly what autoescape
did. The output was compared byte for byte with the template's on 10,000 papers when it moved.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from markupsafe import escape

from .article import Article, heading
from .bibtex import format_entry
from .fragments import evidence_badge, reassuring_chip, stance_badge
from .model import Reference
from .paths import page_url, relative_url
from .taxonomy import Claim

if TYPE_CHECKING:
    from .render import SiteContext

Url = Callable[[str], str]


def _sentence(text: str) -> str:
    """`text` ending in one full stop, unless it already ends in a question or exclamation mark."""
    text = text.rstrip(". ")
    return text if text.endswith(("?", "!")) else text + "."


def citation(ref: Reference) -> str:
    """A plain-text reference in author-year style: 'Ngo, R., Chan, L. and Mindermann, S. (2022). Title. Venue.'"""
    people = [p for p in ref.authors if not p.is_others]
    names = [f"{p.last_name}, {p.initials}".rstrip(", ") for p in people]
    if ref.truncated_authors:
        names.append("et al.")
    if len(names) > 1:
        authors = ", ".join(names[:-1]) + (" " if names[-1] == "et al." else " and ") + names[-1]
    else:
        authors = names[0] if names else ""
    parts = [f"{authors} ({ref.year or 'n.d.'}).", _sentence(ref.title)]
    if ref.venue:
        parts.append(_sentence(ref.venue))
    if ref.best_url:
        parts.append(ref.best_url)
    return " ".join(parts)


def _byline(ref: Reference, site: "SiteContext") -> str:
    year = f'<span class="met-year">{escape(ref.year)}</span>' if ref.year else ""
    venue = f' · <span class="met-venue">{escape(ref.venue)}</span>' if ref.venue else ""
    return (f'<div class="met-byline">\n<p class="met-authors">{escape(ref.authors_text)}</p>\n'
            f'<p class="met-meta">{year}{venue}</p>\n'
            f'<p class="met-badges">{stance_badge(ref)} {evidence_badge(ref, site.taxonomy)}</p>\n</div>\n\n')


def _claims(ref: Reference, site: "SiteContext", url: Url) -> str:
    if not (ref.supports or ref.challenges):
        return ""
    claims = site.taxonomy.claims
    out = [f'{heading(2, "claims", "Claims")}\n<div class="met-claims">\n']
    for ids, side, label in ((ref.supports, "for", "Evidence or arguments for"),
                             (ref.challenges, "against", "Evidence or arguments against")):
        if not ids:
            continue
        out.append(f'<p class="met-claims__side met-claims__side--{side}"><strong>{label}</strong></p>\n<ul>\n')
        out += [_claim_line(claims[c], url("claims/")) for c in ids if c in claims]
        out.append("</ul>\n")
    if any(c in ref.reassuring for c in (*ref.supports, *ref.challenges)):
        out.append(REASSURING_NOTE)
    out.append("</div>\n\n")
    return "".join(out)


REASSURING_NOTE = ('<p class="met-side">A <em>reassuring</em> claim, if it holds, makes misalignment easier to '
                   "deal with, so it counts the other way round for this paper's stance: evidence for it counts "
                   "against the risk case, and evidence against it counts towards the risk case.</p>\n")


@lru_cache(maxsize=1024)    # a claim's line is the same on every paper page that cites it
def _claim_line(claim: Claim, claims_href: str) -> str:
    return (f'<li><a href="{escape(claims_href + claim.id + "/")}">{escape(claim.label)}</a>{reassuring_chip(claim)}: '
            f'{escape(claim.statement)}</li>\n')


def _paper_link(other: Reference, url: Url) -> str:
    year = f", {escape(other.year)}" if other.year else ""
    return (f'<li><a href="{escape(url(other.url_path))}">{escape(other.title)}</a> '
            f'({escape(other.authors_short)}{year})</li>\n')


def _conversation(ref: Reference, site: "SiteContext", url: Url) -> str:
    if not (ref.responds or ref.responded_by):
        return ""
    by_key = site.library.by_key
    out = [f'{heading(2, "conversation", "Conversation")}\n<div class="met-responses">\n']
    if ref.responds:
        out.append("<p><strong>Responds to</strong></p>\n<ul>\n")
        out += [_paper_link(by_key[k], url) for k in ref.responds if k in by_key]
        out.append("</ul>\n")
    if ref.responded_by:
        out.append("<p><strong>Responded to by</strong></p>\n<ul>\n")
        out += [_paper_link(by_key[k], url) for k in ref.responded_by]
        out.append("</ul>\n")
    out.append("</div>\n\n")
    return "".join(out)


def _links(ref: Reference) -> str:
    items = [f'<li><a href="{escape(link.url)}" rel="noopener noreferrer">{escape(link.label)}</a></li>\n'
             for link in ref.links] or ["<li>No link recorded.</li>\n"]
    return f'{heading(2, "links", "Links")}\n<ul class="met-links">\n{"".join(items)}</ul>\n\n'


def paper_html(ref: Reference, site: "SiteContext", url: Url) -> str:
    """The body of the paper's page, below its title."""
    abstract = (f'<details class="abstract met-abstract">\n<summary>Abstract</summary>\n<p>{escape(ref.abstract)}</p>\n'
                f'</details>\n\n') if ref.abstract else ""
    note = f'<div class="met-note"><p><strong>Note:</strong> {escape(ref.note)}</p></div>\n\n' if ref.note else ""
    added = f" · added {ref.added.isoformat()}" if ref.added else ""
    return "".join((
        _byline(ref, site),
        f'{heading(2, "summary", "Summary")}\n<div class="met-summary"><p>{escape(ref.summary or "No summary yet.")}</p></div>\n\n',
        _claims(ref, site, url),
        _conversation(ref, site, url),
        _links(ref),
        abstract,
        note,
        f'{heading(2, "cite", "Cite")}\n<p class="met-cite">{escape(citation(ref))}</p>\n\n',
        f'<div class="highlight met-bibtex"><pre><code class="language-bibtex">'
        f'{escape(format_entry(ref.raw).rstrip(chr(10)))}</code></pre></div>\n\n',
        f'<p class="met-source">Source: <code>{escape(ref.file)}</code>, line {escape(ref.line)} · '
        f'key <code>{escape(ref.key)}</code>{added}</p>\n',
    ))


def paper_page(ref: Reference, site: "SiteContext") -> Article:
    """A paper's page, rendered straight to HTML (see generators/article.py)."""
    path = f"papers/{ref.slug}.md"
    base = page_url(path)
    tags = site.taxonomy.tags
    meta = {
        "title": html.escape(ref.title or ref.key),
        "description": html.escape(ref.first_sentence),
        "tags": [tags[t].label for t in ref.tags if t in tags],
    }
    return Article(meta, paper_html(ref, site, lambda target: relative_url(target, base)))
