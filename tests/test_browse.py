"""The browse page as built: one row per paper, each row carrying the facets that drive the filters."""

import json
import re
from html.parser import HTMLParser

import pytest

from fixtures_claims import read
from generators import pipeline
from generators.facets import facets

pytestmark = pytest.mark.site
SMALL_KEYS = {"ngo2022alignment", "wheaton2023deceptive", "hubinger2024sleeper", "macdiarmid2024probes",
              "hostile2024script"}


class _Rows(HTMLParser):
    """Attributes of every <tr data-key> and the <option>s of every <select> on the page."""

    def __init__(self):
        super().__init__()
        self.rows, self.selects, self.scripts, self._select = {}, {}, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-key" in a:
            self.rows[a["data-key"]] = a
        elif tag == "select":
            self._select = a["name"]
            self.selects[self._select] = []
        elif tag == "option" and self._select:
            self.selects[self._select].append(a["value"])
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.fixture(scope="module")
def browse(small_site):
    parser = _Rows()
    parser.feed(read(small_site, "browse/index.html"))
    return parser


@pytest.fixture(scope="module")
def expected_facets(small_site):
    result = pipeline.check(pipeline.Project.at(small_site))
    return {ref.key: facets(ref, result.taxonomy) for ref in result.library.references}


def test_the_table_has_one_row_per_paper(browse):
    assert set(browse.rows) == SMALL_KEYS


def test_each_row_carries_exactly_the_facets_of_its_paper(browse, expected_facets):
    for key, attrs in browse.rows.items():
        for facet, values in expected_facets[key].items():
            assert json.loads(attrs[f"data-{facet}"]) == values, (key, facet)


def test_the_rows_start_newest_first(small_site):
    years = re.findall(r'<tr data-key="[^"]+".*?<td class="met-col-year">(\d+)</td>', read(small_site, "browse/index.html"))
    assert years == ["2024", "2024", "2024", "2023", "2022"]


def test_each_menu_offers_the_values_that_occur(browse, expected_facets):
    for facet in ("tag", "stance", "evidence", "claim"):
        occurring = {v for f in expected_facets.values() for v in f[facet]}
        assert browse.selects[facet][0] == ""                       # "Any"
        assert set(browse.selects[facet][1:]) == occurring, facet


def test_stances_are_offered_in_the_usual_order(browse):
    assert browse.selects["stance"][1:] == ["Evidence", "Counterargument", "Context"]


def test_the_filter_script_is_served_by_the_site(small_site, browse):
    scripts = [s for s in browse.scripts if "browse.js" in s]
    assert scripts == ["../javascripts/browse.js"]
    assert (small_site / "site" / "javascripts" / "browse.js").is_file()
    assert not [s for s in browse.scripts if s.startswith(("http:", "https:", "//"))]


def test_the_browse_script_never_writes_html(small_site):
    script = read(small_site, "javascripts/browse.js")
    assert "innerHTML" not in script and "outerHTML" not in script and "insertAdjacentHTML" not in script


def test_hostile_titles_are_escaped_in_the_table(small_site, browse):
    page = read(small_site, "browse/index.html")
    row = re.search(r'<tr data-key="hostile2024script".*?</tr>', page, re.S).group(0)
    assert "<script>" not in row
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; Hostile title" in row


def test_browse_is_in_the_navigation(small_site):
    home = read(small_site, "index.html")
    sidebar = home.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    assert 'href="browse/"' in sidebar


class _FilterBar(HTMLParser):
    """The label of each named control in a page's filter form, and its reset button's text."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.labels, self.reset = form_id, {}, None
        self._in_form = self._in_span = self._in_reset = False
        self._span = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self._in_form = True
        elif not self._in_form:
            return
        elif tag == "span":
            self._in_span, self._span = True, ""
        elif tag in ("input", "select") and a.get("name"):
            self.labels[a["name"]] = self._span.strip()
        elif tag == "button" and a.get("type") == "reset":
            self._in_reset, self.reset = True, ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "span":
            self._in_span = False
        elif tag == "button":
            self._in_reset = False

    def handle_data(self, data):
        if self._in_span:
            self._span += data
        if self._in_reset:
            self.reset += data


def _filter_bar(site, path, form_id):
    bar = _FilterBar(form_id)
    bar.feed(read(site, path))
    return bar


def test_browse_and_search_name_their_shared_filters_and_reset_button_alike(small_site):
    browse = _filter_bar(small_site, "browse/index.html", "met-browse-filters")
    search = _filter_bar(small_site, "search/index.html", "met-search")
    shared = set(browse.labels) & set(search.labels)
    assert {"q", "tag", "stance", "claim"} <= shared
    assert {name: browse.labels[name] for name in shared} == {name: search.labels[name] for name in shared}
    assert browse.reset.strip() == search.reset.strip() != ""
