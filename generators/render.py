"""Stage 4: the library as pages, `{relative path: content}`; knows nothing of MkDocs.

Pages are `Article`s: HTML from top to bottom, which Python-Markdown never reads (see
generators/article.py). Every value from a `.bib` file is untrusted. It reaches a page only
through a Jinja2 template with autoescape on or through `fragments` (which escape the same
way), and front matter strings are HTML-escaped (Material prints `page.title` as it is).
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import Callable, TypeVar, Union

from .article import Article
from .cores import forking_is_safe, map_forked
from .model import STANCE_ORDER, Library, Reference
from .paths import check_relative
from .taxonomy import Taxonomy
from .browse import browse_pages, search_menus
from .coverage import coverage_pages
from .downloads import claim_bib_path, csl_json_pages, downloads_pages, tag_bib_path
from .feed import feed_pages
from .joined import Joined
from .paper_page import paper_page
from .templating import article, render_template
from .timeline import timeline_pages

RECENT_COUNT = 10
Generated = Union[str, bytes, Article, Joined]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class SiteSettings:
    """What the pages need to know about the site (from mkdocs.yml when built by MkDocs)."""

    name: str = "Misalignment Evidence Tracker"
    url: str = ""          # absolute site URL ("https://example.org/tracker/"), "" if unknown


@dataclass(frozen=True)
class SiteContext:
    library: Library
    taxonomy: Taxonomy
    settings: SiteSettings = SiteSettings()

    def tag_url(self, tag_id: str) -> str:
        return f"tags/{tag_id}/"


def tag_page(tag_id: str, site: SiteContext) -> Article:
    tag = site.taxonomy.tags[tag_id]
    refs = site.library.with_tag(tag_id)
    groups = [(stance, [r for r in refs if r.stance is stance]) for stance in STANCE_ORDER]
    meta = {"title": html.escape(tag.label), "html_title": f"Tag: {html.escape(tag.label)}",
            "description": html.escape(tag.description)}
    same_claim = site.taxonomy.claims.get(tag_id)     # reward-hacking is both a tag and a claim
    return article("tag.html.j2", f"tags/{tag_id}.md", meta, tag=tag, refs=refs, groups=groups, tax=site.taxonomy,
                   group=site.taxonomy.groups[tag.group], bib_path=tag_bib_path(tag_id), same_claim=same_claim,
                   same_claim_counts=site.library.claim_counts(tag_id) if same_claim else None)


def tags_index_page(site: SiteContext) -> Article:
    counts = {t: site.library.tag_count(t) for t in site.taxonomy.tags}
    meta = {"title": "Tags", "description": "Every topic in the tracker, with the number of papers on each."}
    return article("tags_index.html.j2", "tags/index.md", meta, tax=site.taxonomy, counts=counts,
                   total=len(site.library))


def claim_page(claim_id: str, site: SiteContext) -> Article:
    """The statement, then the papers for and against it side by side, newest first."""
    claim = site.taxonomy.claims[claim_id]
    supporting, challenging = site.library.on_claim(claim_id)
    meta = {"title": html.escape(claim.label), "html_title": f"Claim: {html.escape(claim.label)}",
            "description": html.escape(claim.statement)}
    same_tag = site.taxonomy.tags.get(claim_id)
    return article("claim.html.j2", f"claims/{claim_id}.md", meta, claim=claim, supporting=supporting,
                   same_tag=same_tag, same_tag_count=site.library.tag_count(claim_id) if same_tag else 0,
                   challenging=challenging, tax=site.taxonomy, bib_path=claim_bib_path(claim_id),
                   kinds_for=kinds_of(supporting, site.taxonomy), kinds_against=kinds_of(challenging, site.taxonomy))


def kinds_of(refs: list[Reference], taxonomy: Taxonomy) -> list[tuple[str, str, int]]:
    """(id, label, count) of each evidence kind among `refs`, in the taxonomy's order (strongest
    first: deployed observation ... review), leaving out kinds with no paper."""
    counts = Counter(ref.evidence for ref in refs)
    return [(k.id, k.label, counts[k.id]) for k in taxonomy.evidence.values() if counts[k.id]]


def claims_index_page(site: SiteContext) -> Article:
    counts = {c: site.library.claim_counts(c) for c in site.taxonomy.claims}
    most = max((f + a for f, a in counts.values()), default=0)
    meta = {"title": "Claims", "description": "The claims the evidence map is organised around."}
    return article("claims_index.html.j2", "claims/index.md", meta, tax=site.taxonomy, counts=counts,
                   most=most, bib_path=claim_bib_path)


def _tag_pages(site: SiteContext) -> dict[str, Article]:
    pages = {"tags/index.md": tags_index_page(site)}
    pages.update({f"tags/{t}.md": tag_page(t, site) for t in site.taxonomy.tags})
    return pages


def _claim_pages(site: SiteContext) -> dict[str, Article]:
    pages = {"claims/index.md": claims_index_page(site)}
    pages.update({f"claims/{c}.md": claim_page(c, site) for c in site.taxonomy.claims})
    return pages


def _paper_pages(site: SiteContext, part: slice = slice(None)) -> dict[str, Article]:
    return {f"papers/{ref.slug}.md": paper_page(ref, site) for ref in site.library.references[part]}


# Each builder returns {path: content} for one family of pages. A new kind of page is a new
# builder (in its own module if it is more than a few lines) added to this list.
PAGE_BUILDERS: list[Callable[[SiteContext], dict[str, Generated]]] = [
    _tag_pages,
    _claim_pages,
    _paper_pages,
    browse_pages,
    timeline_pages,
    downloads_pages,
    csl_json_pages,
    feed_pages,
    coverage_pages,
]


# Rendered by this process when the work is shared (it takes builders from the back of the
# list): their output is thousands of pages, or 150 MB at 10,000 papers, which would take
# longer to send back from a helper process than to render here (but for a part of the paper
# pages that the helper reaches first, below).
RENDER_HERE = (_paper_pages, downloads_pages)
# The helper starts with the longest builders (0.25-0.4 s each at 10,000 papers), so that the
# short ones are left at the end for whichever process is free first.
HELPER_FIRST = (browse_pages, _tag_pages, csl_json_pages)

# When the work is shared, the paper pages are rendered in this many parts: this process takes
# them one after the other, and a helper left with nothing else takes the part still waiting,
# so the two finish together.
PAPER_PARTS = 4

# Below this many papers, starting a helper process costs more than sharing the work saves.
PARALLEL_MIN_PAPERS = 2000


def shares_work(library: Library) -> bool:
    """Whether rendering `library` is shared with a helper process (generators/cores.py)."""
    return len(library) >= PARALLEL_MIN_PAPERS and forking_is_safe()


def render_pages(library: Library, taxonomy: Taxonomy, settings: SiteSettings | None = None, *,
                 parallel: bool | None = None) -> dict[str, Generated]:
    """Every generated file, keyed by its path relative to `docs/`.

    A value is a Markdown page (`str` at a `.md` path), an `Article` (a page already rendered to
    HTML), or the content of any other file (`str`, `bytes`, or a `Joined` text written piece
    by piece). For a large library a helper process renders some families of pages
    (generators/cores.py); the pages are the same.
    """
    parallel = shares_work(library) if parallel is None else parallel
    return _render(SiteContext(library, taxonomy, settings or SiteSettings()), parallel, None)[1]


def render_pages_beside(job: Callable[[], R], library: Library, taxonomy: Taxonomy,
                        settings: SiteSettings | None = None) -> tuple[R, dict[str, Generated]]:
    """`(job(), render_pages(...))`, with `job` taken as one more piece of the shared work: on
    two cores, the other core renders while this one runs it."""
    return _render(SiteContext(library, taxonomy, settings or SiteSettings()), shares_work(library), job)


def _render(site: SiteContext, parallel: bool, job: Callable[[], R] | None) -> tuple[R | None, dict[str, Generated]]:
    rest = [b for b in PAGE_BUILDERS if b not in RENDER_HERE and b not in HELPER_FIRST]
    order = [*HELPER_FIRST, *rest, *RENDER_HERE]
    tasks: list[Callable[[], object]] = []
    builder_of: list[Callable] = []     # the builder each task is (a part of)
    for builder in order:
        for task in _tasks(builder, site, parallel):
            tasks.append(task)
            builder_of.append(builder)
    if job is not None:
        tasks.append(job)           # at the back: this process takes it first
    done = map_forked(_call, tasks) if parallel else [task() for task in tasks]
    outputs: dict[Callable, dict[str, Generated]] = {builder: {} for builder in order}
    for builder, output in zip(builder_of, done):
        outputs[builder].update(output)        # a builder's parts in their order
    pages: dict[str, Generated] = {}
    for builder in PAGE_BUILDERS:
        for path, content in outputs[builder].items():
            if path in pages:
                raise ValueError(f"two page builders produce {path}")
            pages[check_relative(path)] = content
    return (done[-1] if job is not None else None), pages


def _tasks(builder: Callable[..., dict[str, Generated]], site: SiteContext, parallel: bool) -> list[Callable[[], dict]]:
    if parallel and builder is _paper_pages:
        n = len(site.library.references)
        return [partial(builder, site, slice(i * n // PAPER_PARTS, (i + 1) * n // PAPER_PARTS))
                for i in range(PAPER_PARTS)]
    return [partial(builder, site)]


def _call(task: Callable[[], T]) -> T:
    return task()


def in_nav(path: str) -> bool:
    """Index pages and top-level pages may be in the navigation; papers, tag and claim pages never."""
    return path.endswith(".md") and (path.count("/") == 0 or path.endswith("/index.md"))


# The navigation entry each folder of pages outside the navigation belongs to: a claim page
# shows the Claims tab as active (and Claims in the sidebar, as a way back), a tag page Tags,
# and a paper page Browse, the list of every paper.
SECTION_OF_FOLDER = {"claims": "claims/", "tags": "tags/", "papers": "browse/"}


def render_snippets(library: Library, taxonomy: Taxonomy) -> dict[str, Callable[[str], str]]:
    """Named fragments that hand-written pages pull in with `<!-- tracker:NAME -->`.

    Each is a function of the including page's path, so its links are relative to that page.
    """
    site = SiteContext(library, taxonomy)
    recent = library.newest_added(RECENT_COUNT)

    def snippet(template: str, **values) -> Callable[[str], str]:
        return lambda src_path: render_template(template, src_path, site=site, tax=taxonomy, lib=library, **values)

    return {
        "stats": snippet("snippet_stats.md.j2"),
        "recent": snippet("snippet_recent.md.j2", refs=recent),
        "taxonomy": snippet("snippet_taxonomy.md.j2"),
        "search": snippet("snippet_search.md.j2", menus=search_menus(library, taxonomy)),
    }
