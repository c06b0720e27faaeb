"""Timeline: papers per year by stance and by topic group, as charts and as tables.

The charts are SVG written into the page (generators/charts.py), painted by the stylesheet in
the reader's colour scheme. The same numbers are on the page as tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import charts
from .article import Article
from .model import STANCE_ORDER, Library
from .taxonomy import Taxonomy
from .templating import article

if TYPE_CHECKING:
    from .render import SiteContext

TIMELINE_PATH = "timeline.md"


@dataclass(frozen=True)
class YearCounts:
    """Counts per year for each of several named series; `years` is every year in the range."""

    years: list[int]
    names: list[str]              # labels, in display order
    keys: list[str]               # ids, same order as names
    counts: dict[str, list[int]]  # key -> count per year

    def total(self, key: str) -> int:
        return sum(self.counts[key])

    def year_total(self, index: int) -> int:
        return sum(self.counts[key][index] for key in self.keys)


def _year_range(library: Library) -> list[int]:
    years = [r.year for r in library.references if r.year]
    return list(range(min(years), max(years) + 1)) if years else []


def by_stance(library: Library) -> YearCounts:
    years = _year_range(library)
    index = {y: i for i, y in enumerate(years)}
    counts = {s.value: [0] * len(years) for s in STANCE_ORDER}
    for ref in library.references:
        if ref.year:
            counts[ref.stance.value][index[ref.year]] += 1
    return YearCounts(years, [s.label for s in STANCE_ORDER], [s.value for s in STANCE_ORDER], counts)


def by_group(library: Library, taxonomy: Taxonomy) -> YearCounts:
    """A paper counts once in every group it has a tag in (so groups can add up to more than the papers)."""
    years = _year_range(library)
    index = {y: i for i, y in enumerate(years)}
    counts = {g: [0] * len(years) for g in taxonomy.groups}
    for ref in library.references:
        if not ref.year:
            continue
        for group in {taxonomy.tags[t].group for t in ref.tags if t in taxonomy.tags}:
            counts[group][index[ref.year]] += 1
    return YearCounts(years, [g.label for g in taxonomy.groups.values()], list(taxonomy.groups), counts)


def _legend(counts: YearCounts, with_totals: bool) -> list[tuple[str, str]]:
    """(key, label) per series; the stance labels carry their totals ("Evidence (12)")."""
    return [(key, f"{name} ({counts.total(key)})" if with_totals else name) for key, name in zip(counts.keys, counts.names)]


def _chart_series(counts: YearCounts, with_totals: bool) -> list[charts.Series]:
    return [charts.Series(key, label, counts.counts[key]) for key, label in _legend(counts, with_totals)]


def stance_chart(counts: YearCounts) -> Markup:
    return charts.stacked_bars("chart-stance", "Papers per year by stance", counts.years,
                               _chart_series(counts, True), "papers")


def group_chart(counts: YearCounts) -> Markup:
    return charts.lines("chart-groups", "Papers per year in each topic group", counts.years,
                        _chart_series(counts, False), "papers tagged")


def timeline_pages(site: "SiteContext") -> dict[str, Article]:
    stance, groups = by_stance(site.library), by_group(site.library, site.taxonomy)
    undated = sum(1 for r in site.library.references if not r.year)
    meta = {"title": "Timeline", "description": "Papers in the tracker per year, by stance and by topic group.",
            "hide": ["toc"]}    # two headings; the topic-group table needs the width
    page = article("timeline.html.j2", TIMELINE_PATH, meta, stance=stance, groups=groups,
                   stance_chart=stance_chart(stance), group_chart=group_chart(groups),
                   stance_legend=[(charts.legend_swatch(key), label) for key, label in _legend(stance, True)],
                   group_legend=[(charts.legend_marker(n), label) for n, (_, label) in enumerate(_legend(groups, False))],
                   total=len(site.library), undated=undated)
    return {TIMELINE_PATH: page}
