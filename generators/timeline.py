"""Timeline: papers per year by stance and by topic group, as SVG charts and as tables.

The charts are drawn at build time with matplotlib (Agg, text kept as text, fixed hash salt,
no date in the metadata, so the same library always gives the same bytes). Each chart is
drawn twice, for Material's light and dark schemes, and the page shows the one that fits
(`#only-light` / `#only-dark`). The same numbers are on the page as tables.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .article import Article
from .model import STANCE_ORDER, Library
from .taxonomy import Taxonomy
from .templating import article

if TYPE_CHECKING:
    from .render import SiteContext

TIMELINE_PATH = "timeline.md"
SCHEMES = ("light", "dark")
STANCE_COLOURS = {   # the badge colours of docs/stylesheets/tracker.css
    "light": {"evidence": "#2e7d32", "counterargument": "#c62828", "mixed": "#8e6c00", "context": "#78909c"},
    "dark": {"evidence": "#81c784", "counterargument": "#ef9a9a", "mixed": "#ffd54f", "context": "#b0bec5"},
}
GROUP_COLOURS = {    # Okabe-Ito, ordered for contrast on each background
    "light": ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"],
    "dark": ["#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#FF8A65", "#FFFFFF"],
}
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
TEXT = {"light": "#333333", "dark": "#e2e4e9"}
GRID = {"light": "#d0d0d0", "dark": "#4a4d5a"}


@dataclass(frozen=True)
class Series:
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


def by_stance(library: Library) -> Series:
    years = _year_range(library)
    index = {y: i for i, y in enumerate(years)}
    counts = {s.value: [0] * len(years) for s in STANCE_ORDER}
    for ref in library.references:
        if ref.year:
            counts[ref.stance.value][index[ref.year]] += 1
    return Series(years, [s.label for s in STANCE_ORDER], [s.value for s in STANCE_ORDER], counts)


def by_group(library: Library, taxonomy: Taxonomy) -> Series:
    """A paper counts once in every group it has a tag in (so groups can add up to more than the papers)."""
    years = _year_range(library)
    index = {y: i for i, y in enumerate(years)}
    counts = {g: [0] * len(years) for g in taxonomy.groups}
    for ref in library.references:
        if not ref.year:
            continue
        for group in {taxonomy.tags[t].group for t in ref.tags if t in taxonomy.tags}:
            counts[group][index[ref.year]] += 1
    return Series(years, [g.label for g in taxonomy.groups.values()], list(taxonomy.groups), counts)


def _style(scheme: str) -> dict:
    text = TEXT[scheme]
    return {
        "svg.fonttype": "none", "svg.hashsalt": "misalignment-evidence-tracker",
        "font.family": "sans-serif", "font.size": 10,
        "text.color": text, "axes.labelcolor": text, "xtick.color": text, "ytick.color": text,
        "axes.edgecolor": GRID[scheme], "grid.color": GRID[scheme],
        "figure.facecolor": "none", "axes.facecolor": "none", "savefig.transparent": True,
        "legend.frameon": False,
    }


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight",
                metadata={"Date": None, "Creator": "Misalignment Evidence Tracker (matplotlib)"})
    return buffer.getvalue()


def _axes(plt, series: Series, ylabel: str):
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(8, 3.6))
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if series.years:
        ax.set_xlim(series.years[0] - 0.6, series.years[-1] + 0.6)
    return fig, ax


def stance_chart(series: Series, scheme: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(_style(scheme)):
        fig, ax = _axes(plt, series, "papers")
        bottom = [0] * len(series.years)
        for key, name in zip(series.keys, series.names):
            values = series.counts[key]
            bars = ax.bar(series.years, values, bottom=bottom, width=0.7, label=f"{name} ({series.total(key)})",
                          color=STANCE_COLOURS[scheme].get(key, TEXT[scheme]))
            for year, bar in zip(series.years, bars):
                bar.set_gid(f"bar-{key}-{year}")      # named in the SVG, so tests can measure it
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.legend(loc="upper left", ncols=2)
        try:
            return _svg(fig)
        finally:
            plt.close(fig)


def group_chart(series: Series, scheme: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = GROUP_COLOURS[scheme]
    with matplotlib.rc_context(_style(scheme)):
        fig, ax = _axes(plt, series, "papers tagged")
        for i, (key, name) in enumerate(zip(series.keys, series.names)):
            ax.plot(series.years, series.counts[key], label=name, color=colours[i % len(colours)],
                    marker=MARKERS[i % len(MARKERS)], markersize=4, linewidth=1.6, gid=f"line-{key}")
        ax.legend(loc="upper left", ncols=2, fontsize=8)
        try:
            return _svg(fig)
        finally:
            plt.close(fig)


def chart_path(name: str, scheme: str) -> str:
    return f"timeline/{name}-{scheme}.svg"


def timeline_pages(site: "SiteContext") -> dict[str, str | Article]:
    stance, groups = by_stance(site.library), by_group(site.library, site.taxonomy)
    files: dict[str, str | Article] = {}
    for scheme in SCHEMES:
        files[chart_path("stance", scheme)] = stance_chart(stance, scheme)
        files[chart_path("groups", scheme)] = group_chart(groups, scheme)
    undated = sum(1 for r in site.library.references if not r.year)
    meta = {"title": "Timeline", "description": "Papers in the tracker per year, by stance and by topic group."}
    files[TIMELINE_PATH] = article("timeline.html.j2", TIMELINE_PATH, meta, stance=stance, groups=groups,
                                   chart_path=chart_path, total=len(site.library), undated=undated)
    return files
