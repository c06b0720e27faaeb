"""Two small chart kinds, written as SVG text: stacked bars and lines over a run of years.

The timeline needs nothing more, and drawing it by hand keeps the output small, the same bytes
for the same numbers, and in the page's own colours: shapes carry classes, not colours, so the
stylesheet paints them and they follow Material's light/dark toggle (docs/stylesheets/tracker.css,
"Charts"). Text stays text. Every mark has a `<title>` (a tooltip and a label for screen
readers) and an id, which the tests use to measure it. Values are escaped; all of them come
from the taxonomy and the library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 800, 340
LEFT, RIGHT, TOP, BOTTOM = 58, 12, 12, 30        # room for the y labels and the x labels
MARKERS = ("circle", "square", "triangle", "diamond", "down", "plus", "cross")
MAX_X_LABELS = 12


@dataclass(frozen=True)
class Plot:
    """Where values go: years along x (one band each), counts up y from 0 to `top`."""

    years: list[int]
    top: int
    step: int

    @property
    def band(self) -> float:
        return (WIDTH - LEFT - RIGHT) / max(len(self.years), 1)

    def x(self, index: int) -> float:
        """The centre of the year's band."""
        return LEFT + self.band * (index + 0.5)

    def y(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / self.top)


def nice_step(largest: int, ticks: int = 5) -> int:
    """1, 2 or 5 times a power of ten, so that about `ticks` steps reach `largest`."""
    if largest <= ticks:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def plot_for(years: list[int], largest: int) -> Plot:
    step = nice_step(largest)
    return Plot(years, max(step, math.ceil(largest / step) * step), step)


def _n(value: float) -> str:
    """A coordinate with at most one decimal: short, and the same on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _axes(plot: Plot, label: str) -> list[str]:
    parts = ['<g class="met-chart__axes">']
    for value in range(0, plot.top + 1, plot.step):
        y = _n(plot.y(value))
        parts.append(f'<line class="met-chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
                     f'<text x="{LEFT - 6}" y="{y}" dy="0.35em" text-anchor="end">{value}</text>')
    every = next(k for k in (1, 2, 5, 10, 20, 50, 100, 10**9) if len(plot.years) / k <= MAX_X_LABELS)
    baseline = _n(plot.y(0))
    for i, year in enumerate(plot.years):
        if year % every == 0 or every == 1:
            parts.append(f'<text x="{_n(plot.x(i))}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{year}</text>')
    parts.append(f'<line class="met-chart__baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{baseline}" y2="{baseline}"/>'
                 f'<text class="met-chart__label" transform="translate(12 {_n((HEIGHT - BOTTOM + TOP) / 2)}) rotate(-90)" '
                 f'text-anchor="middle">{escape(label)}</text></g>')
    return parts


def _svg(chart_id: str, title: str, body: list[str]) -> Markup:
    return Markup(f'<svg class="met-chart__svg" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
                  f'role="img" aria-labelledby="{escape(chart_id)}-title" xmlns="http://www.w3.org/2000/svg">'
                  f'<title id="{escape(chart_id)}-title">{escape(title)}</title>' + "".join(body) + "</svg>")


@dataclass(frozen=True)
class Series:
    key: str            # an id: the class and the element ids use it
    label: str
    values: list[int]   # one per year


def stacked_bars(chart_id: str, title: str, years: list[int], series: list[Series], unit: str) -> Markup:
    """One bar per year, each series stacked on the ones before it."""
    totals = [sum(s.values[i] for s in series) for i in range(len(years))]
    plot = plot_for(years, max(totals, default=0))
    width = plot.band * 0.7
    body = _axes(plot, unit)
    below = [0] * len(years)
    for s in series:
        body.append(f'<g class="met-chart__series met-chart--{escape(s.key)}">')
        for i, (year, value) in enumerate(zip(years, s.values)):
            if value:
                top, bottom = plot.y(below[i] + value), plot.y(below[i])
                body.append(f'<rect id="bar-{escape(s.key)}-{year}" x="{_n(plot.x(i) - width / 2)}" y="{_n(top)}" '
                            f'width="{_n(width)}" height="{_n(bottom - top)}">'
                            f'<title>{year}, {escape(s.label)}: {value}</title></rect>')
            below[i] += value
        body.append("</g>")
    return _svg(chart_id, title, body)


def _marker(shape: str, x: float, y: float, title: str = "") -> str:
    """A small shape centred on (x, y), so lines stay apart without colour; `title` is escaped HTML."""
    r = 4
    points = {
        "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
        "triangle": [(0, -r - 1), (r + 1, r), (-r - 1, r)],
        "diamond": [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)],
        "down": [(0, r + 1), (r + 1, -r), (-r - 1, -r)],
        "plus": [(-1.5, -r), (1.5, -r), (1.5, -1.5), (r, -1.5), (r, 1.5), (1.5, 1.5), (1.5, r), (-1.5, r),
                 (-1.5, 1.5), (-r, 1.5), (-r, -1.5), (-1.5, -1.5)],
        "cross": [(-r, -r + 2), (-r + 2, -r), (0, -2), (r - 2, -r), (r, -r + 2), (2, 0), (r, r - 2), (r - 2, r),
                  (0, 2), (-r + 2, r), (-r, r - 2), (-2, 0)],
    }
    inner = f"<title>{title}</title>" if title else ""
    if shape not in points:
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{r}">{inner}</circle>'
    d = "M" + " L".join(f"{_n(x + dx)} {_n(y + dy)}" for dx, dy in points[shape]) + " Z"
    return f'<path d="{d}">{inner}</path>'


def lines(chart_id: str, title: str, years: list[int], series: list[Series], unit: str) -> Markup:
    """One line per series with a marker at every year (a different shape per series)."""
    plot = plot_for(years, max((v for s in series for v in s.values), default=0))
    body = _axes(plot, unit)
    for n, s in enumerate(series):
        shape = MARKERS[n % len(MARKERS)]
        points = [(plot.x(i), plot.y(v)) for i, v in enumerate(s.values)]
        body.append(f'<g class="met-chart__series met-chart--c{n}" id="line-{escape(s.key)}">'
                    f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in points)}"/>')
        for year, value, (x, y) in zip(years, s.values, points):
            body.append(_marker(shape, x, y, f"{year}, {escape(s.label)}: {value}"))
        body.append("</g>")
    return _svg(chart_id, title, body)


def legend_marker(n: int) -> Markup:
    """The series' line and marker, drawn small for a legend entry."""
    return Markup(f'<svg class="met-legend__key met-chart--c{n}" viewBox="0 0 24 12" aria-hidden="true">'
                  f'<line x1="0" x2="24" y1="6" y2="6"/>{_marker(MARKERS[n % len(MARKERS)], 12, 6)}</svg>')


def legend_swatch(key: str) -> Markup:
    """A square in the series' colour, for a bar chart's legend entry."""
    return Markup(f'<svg class="met-legend__key met-chart--{escape(key)}" viewBox="0 0 12 12" aria-hidden="true">'
                  f'<rect width="12" height="12" rx="2"/></svg>')
