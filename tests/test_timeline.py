"""Timeline: SVG charts drawn at build time, and tables with the same numbers."""

import re
import xml.etree.ElementTree as ET

import pytest

from fixtures_claims import claims_site, read, resolve  # noqa: F401  (fixture)
from generators import pipeline
from generators.timeline import by_stance, stance_chart

pytestmark = pytest.mark.site
SVG = "{http://www.w3.org/2000/svg}"
# Papers per year by stance in the claims site (written out from the .bib files by hand).
BY_STANCE = {
    2020: {"evidence": 0, "counterargument": 0, "mixed": 0, "context": 1},   # eta
    2021: {"evidence": 1, "counterargument": 0, "mixed": 0, "context": 0},   # alpha
    2022: {"evidence": 0, "counterargument": 0, "mixed": 0, "context": 2},   # epsilon, ngo
    2023: {"evidence": 0, "counterargument": 1, "mixed": 1, "context": 0},   # beta; wheaton
    2024: {"evidence": 1, "counterargument": 1, "mixed": 0, "context": 0},   # gamma; zeta
    2025: {"evidence": 0, "counterargument": 0, "mixed": 1, "context": 0},   # delta
}
# Papers per year with a tag in each group (a paper counts once per group it touches).
BY_GROUP_2024 = {"reward": 2, "goals": 0, "deception": 0, "awareness": 1, "power": 1, "oversight": 0, "framing": 0}
CHARTS = [f"timeline/{name}-{scheme}.svg" for name in ("stance", "groups") for scheme in ("light", "dark")]


def table(page, table_id):
    """{year: {series: count}} read from the page's HTML table."""
    html = re.search(rf'<table class="met-timeline-table" id="{table_id}">(.*?)</table>', page, re.S).group(1)
    out = {}
    for year, cells in re.findall(r'<tr data-year="(\d+)">(.*?)</tr>', html, re.S):
        out[int(year)] = {k: int(v) for k, v in re.findall(r'<td data-series="([^"]+)">(\d+)</td>', cells)}
    return out


def svg(site, path):
    return ET.fromstring((site / "site" / path).read_bytes())


def test_every_chart_is_valid_svg(claims_site):
    for path in CHARTS:
        assert svg(claims_site, path).tag == f"{SVG}svg", path


def test_the_page_shows_each_chart_in_a_light_and_a_dark_version(claims_site):
    page = read(claims_site, "timeline/index.html")
    sources = [resolve("timeline/index.html", s) for s in re.findall(r'<img src="([^"]+)"', page)]
    assert sorted(sources) == sorted(CHARTS)
    assert page.count("#only-light") == 2 and page.count("#only-dark") == 2


def test_the_stance_table_holds_the_counts_per_year(claims_site):
    counts = table(read(claims_site, "timeline/index.html"), "timeline-stance")
    assert {y: {k: v for k, v in row.items() if k != "total"} for y, row in counts.items()} == BY_STANCE
    assert {y: row["total"] for y, row in counts.items()} == {y: sum(r.values()) for y, r in BY_STANCE.items()}


def test_the_group_table_counts_a_paper_once_in_each_group_it_touches(claims_site):
    counts = table(read(claims_site, "timeline/index.html"), "timeline-groups")
    assert counts[2024] == BY_GROUP_2024


def _bar_height(root, gid):
    path = root.find(f".//{SVG}g[@id='{gid}']/{SVG}path")
    ys = [float(y) for y in re.findall(r"[ML] [\d.]+ ([\d.]+)", path.get("d"))]
    return max(ys) - min(ys)


def test_the_stance_chart_bars_are_as_tall_as_the_table_says(claims_site):
    for scheme in ("light", "dark"):
        root = svg(claims_site, f"timeline/stance-{scheme}.svg")
        heights = {(s, y): _bar_height(root, f"bar-{s}-{y}") for y, row in BY_STANCE.items() for s in row}
        unit = heights[("evidence", 2021)]          # one paper
        assert unit > 0
        for (stance, year), height in heights.items():
            assert height == pytest.approx(BY_STANCE[year][stance] * unit, abs=0.01), (stance, year)


def test_the_group_chart_has_one_line_per_group_with_a_point_per_year(claims_site):
    root = svg(claims_site, "timeline/groups-light.svg")
    for group in BY_GROUP_2024:
        path = root.find(f".//{SVG}g[@id='line-{group}']/{SVG}path")
        assert len(re.findall(r"[ML] ", path.get("d"))) == len(BY_STANCE), group


def test_text_stays_text_and_no_date_is_written(claims_site):
    text = (claims_site / "site" / "timeline" / "stance-light.svg").read_text(encoding="utf-8")
    assert "<text" in text and "Evidence (2)" in text
    assert "<dc:date>" not in text


def test_the_chart_is_the_same_bytes_every_time(claims_site):
    result = pipeline.check(pipeline.Project.at(claims_site))
    series = by_stance(result.library)
    first = stance_chart(series, "dark")
    assert first == stance_chart(series, "dark")
    assert first == (claims_site / "site" / "timeline" / "stance-dark.svg").read_text(encoding="utf-8")


def test_the_timeline_is_in_the_navigation(small_site):
    home = read(small_site, "index.html")
    sidebar = home.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    assert 'href="timeline/"' in sidebar
