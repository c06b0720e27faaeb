"""The facets a reader filters papers by: one definition for the browse table and the search index."""

from __future__ import annotations

from .model import Reference
from .taxonomy import Taxonomy

FACETS = ("tag", "stance", "evidence", "claim", "year")


def facets(ref: Reference, taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Human-readable facet values of one paper (labels, not ids), each a list; computed once per paper."""
    if ref.facet_values is not None:
        return ref.facet_values
    claims = [*ref.supports, *ref.challenges]
    ref.facet_values = {
        "tag": [taxonomy.tags[t].label for t in ref.tags if t in taxonomy.tags],
        "stance": [ref.stance.label],
        "evidence": [taxonomy.evidence[ref.evidence].label] if ref.evidence in taxonomy.evidence else [],
        "claim": [taxonomy.claims[c].label for c in dict.fromkeys(claims) if c in taxonomy.claims],
        "year": [str(ref.year)] if ref.year else [],
    }
    return ref.facet_values
