"""The coverage page: where the library is thick, where it is thin, and what contributors could add."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .article import Article
from .model import STANCE_ORDER
from .templating import article

if TYPE_CHECKING:
    from .render import SiteContext

THIN = 3   # fewer papers than this on one side of a claim, or under one tag, counts as thin


@dataclass(frozen=True)
class Wanted:
    text: str
    target: str     # site-relative URL of the page to look at


def coverage_numbers(site: "SiteContext") -> dict:
    refs = site.library.references
    tax = site.taxonomy
    claims = {c: site.library.claim_counts(c) for c in tax.claims}
    tags = Counter({t: site.library.tag_count(t) for t in tax.tags})
    kinds = Counter(r.evidence for r in refs if r.evidence in tax.evidence)
    counted = Counter(r.stance for r in refs)
    stances = [(stance, counted[stance]) for stance in STANCE_ORDER]     # in the order every other page uses
    wanted: list[Wanted] = []
    for cid, (n_for, n_against) in claims.items():
        label = tax.claims[cid].label
        if n_for < THIN:
            wanted.append(Wanted(f"evidence or arguments for “{label}” ({n_for} so far)", f"claims/{cid}/"))
        if n_against < THIN:
            wanted.append(Wanted(f"evidence or arguments against “{label}” ({n_against} so far)", f"claims/{cid}/"))
    for tid, tag in tax.tags.items():
        if tags[tid] < THIN:
            wanted.append(Wanted(f"papers on {tag.label} ({tags[tid]} so far)", f"tags/{tid}/"))
    return {"claims": claims, "tags": tags, "kinds": kinds, "stances": stances, "wanted": wanted,
            "total": len(refs)}


def coverage_pages(site: "SiteContext") -> dict[str, Article]:
    numbers = coverage_numbers(site)
    meta = {"title": "Coverage", "description": "How many papers the library holds per claim, side, tag and "
                                                "kind of evidence, and where it is thin."}
    return {"coverage.md": article("coverage.html.j2", "coverage.md", meta, tax=site.taxonomy, thin=THIN, **numbers)}
