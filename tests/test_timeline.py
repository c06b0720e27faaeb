"""Timeline: SVG charts written into the page at build time, and tables with the same numbers."""

import re
import xml.etree.ElementTree as ET

import pytest

from fixtures_claims import claims_site, read  # noqa: F401  (fixture)
from generators import pipeline
from generators.timeline import by_stance, stance_chart

pytestmark = pytest.mark.site
SVG = "{http://www.w3.org/2000/svg}"
# Papers per year by stance in the claims site (written out from the .bib files by hand).
BY_STANCE = {
    2020: {"evidence": 0, "counterargument": 0, "mixed": 0, "context": 1},   # eta
    2021: {"evidence": 1, "counterargument": 0, "mixed": 0, "context": 0},   # alpha
    2022: {"evidence": 0, "counterargument": 0, "mixed": 0, "context": 2},   # epsilon, ngo
    2023: {"evidence": 0, "counterargument": 2, "mixed": 0, "context": 0},   # beta, wheaton
    2024: {"evidence": 1, "counterargument": 1, "mixed": 0, "context": 0},   # gamma; zeta
    2025: {"evidence": 0, "counterargument": 0, "mixed": 1, "context": 0},   # delta
}
# Papers per year with a tag in each group (a paper counts once per group it touches).
BY_GROUP_2024 = {"reward": 2, "goals": 0, "deception": 0, "awareness": 1, "power": 1, "oversight": 0, "framing": 0}
CHARTS = ("chart-stance", "chart-groups")


def table(page, table_id):
    """{year: {series: count}} read from the page's HTML table."""
    html = re.search(rf'<table class="met-timeline-table" id="{table_id}">(.*?)</table>', page, re.S).group(1)
    out = {}
    for year, cells in re.findall(r'<tr data-year="(\d+)">(.*?)</tr>', html, re.S):
        out[int(year)] = {k: int(v) for k, v in re.findall(r'<td data-series="([^"]+)">(\d+)</td>', cells)}
    return out


def chart_source(page, chart_id):
    match = re.search(rf'<svg class="met-chart__svg" id="{chart_id}".*?</svg>', page, re.S)
    assert match, chart_id
    return match.group(0)


def chart(site, chart_id):
    """The chart as an XML tree, read from the built timeline page."""
    return ET.fromstring(chart_source(read(site, "timeline/index.html"), chart_id))


def test_each_chart_is_valid_svg_inside_the_page(claims_site):
    for chart_id in CHARTS:
        root = chart(claims_site, chart_id)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img", chart_id
        assert root.find(f"{SVG}title").text, chart_id


def test_the_charts_leave_their_colours_to_the_stylesheet(claims_site):
    """No colour is written into the chart, so one chart serves the light and the dark scheme."""
    page = read(claims_site, "timeline/index.html")
    for chart_id in CHARTS:
        source = chart_source(page, chart_id)
        assert not re.search(r'(fill|stroke|style)="', source), chart_id
        assert "#" not in source, chart_id


def _bar_height(root, gid):
    bar = root.find(f".//{SVG}rect[@id='{gid}']")
    return 0.0 if bar is None else float(bar.get("height"))


def test_the_stance_chart_bars_are_as_tall_as_the_table_says(claims_site):
    root = chart(claims_site, "chart-stance")
    heights = {(s, y): _bar_height(root, f"bar-{s}-{y}") for y, row in BY_STANCE.items() for s in row}
    unit = heights[("evidence", 2021)]          # one paper
    assert unit > 0
    for (stance, year), height in heights.items():
        assert height == pytest.approx(BY_STANCE[year][stance] * unit, abs=0.11), (stance, year)


def test_each_bar_names_its_year_stance_and_count(claims_site):
    root = chart(claims_site, "chart-stance")
    assert root.find(f".//{SVG}rect[@id='bar-counterargument-2023']/{SVG}title").text == "2023, Counterargument (3): 2"


def test_the_group_chart_has_one_line_per_group_with_a_point_per_year(claims_site):
    root = chart(claims_site, "chart-groups")
    for group in BY_GROUP_2024:
        line = root.find(f".//{SVG}g[@id='line-{group}']")
        assert len(line.find(f"{SVG}polyline").get("points").split()) == len(BY_STANCE), group
        assert len(list(line.iter(f"{SVG}title"))) == len(BY_STANCE), group


def test_the_group_chart_points_sit_at_the_table_counts(claims_site):
    root = chart(claims_site, "chart-groups")
    for group, count in BY_GROUP_2024.items():
        line = root.find(f".//{SVG}g[@id='line-{group}']")
        marks = [t.text for t in line.iter(f"{SVG}title")]
        assert any(m.startswith("2024, ") and m.endswith(f": {count}") for m in marks), (group, marks)


def test_the_legend_gives_each_stance_its_total(claims_site):
    page = read(claims_site, "timeline/index.html")
    legend = re.search(r'id="chart-stance-figure".*?<ul class="met-legend">(.*?)</ul>', page, re.S).group(1)
    labels = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", legend, re.S)]
    assert labels == ["Evidence (2)", "Counterargument (3)", "Mixed (1)", "Context (3)"]


def test_axis_labels_stay_text(claims_site):
    texts = [t.text for t in chart(claims_site, "chart-stance").iter(f"{SVG}text")]
    assert "2020" in texts and "2025" in texts and "papers" in texts


def test_the_chart_is_the_same_bytes_every_time(claims_site):
    result = pipeline.check(pipeline.Project.at(claims_site))
    first = stance_chart(by_stance(result.library))
    assert first == stance_chart(by_stance(result.library))
    assert str(first) == chart_source(read(claims_site, "timeline/index.html"), "chart-stance")


def test_the_timeline_is_in_the_navigation(small_site):
    home = read(small_site, "index.html")
    sidebar = home.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    assert 'href="timeline/"' in sidebar
