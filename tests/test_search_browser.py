"""The search page (Pagefind) in headless Chromium on the small fixture site.

A reader types a word and ticks a tag; exactly the papers carrying that tag and that word
are listed, and each result opens its paper page. The index holds paper pages only.
"""

import json
import re
from html.parser import HTMLParser

from playwright.sync_api import expect

from generators import pipeline
from generators.facets import facets

WAIT_MS = 15_000   # generous: the suite runs builds in parallel on two cores
SLEEPER_AGENTS = "Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training"
SIMPLE_PROBES = "Simple probes can catch sleeper agents"


def _search(page, served_site, word, tag):
    """Type a word into the search page, then tick one tag in its filter panel."""
    page.goto(served_site + "search/")
    box = page.locator(".pagefind-ui__search-input")
    box.fill(word)
    expect(page.locator(".pagefind-ui__result").first).to_be_visible(timeout=WAIT_MS)
    page.locator(".pagefind-ui__filter-name", has_text=re.compile(r"^\s*tag\s*$", re.I)).click()
    page.locator(f'label.pagefind-ui__filter-label[for="tag-{tag}"]').click()
    return page.locator(".pagefind-ui__result-link")


def test_a_tag_filter_plus_a_word_finds_exactly_the_papers_with_both(page, served_site):
    links = _search(page, served_site, "sleeper", "Deception")
    expect(links).to_have_text([SLEEPER_AGENTS], timeout=WAIT_MS)


def test_the_same_word_under_another_tag_finds_that_tags_papers(page, served_site):
    links = _search(page, served_site, "sleeper", "Backdoors and sleeper agents")
    expect(links).to_have_count(2, timeout=WAIT_MS)
    assert sorted(links.all_inner_texts()) == sorted([SLEEPER_AGENTS, SIMPLE_PROBES])


def test_a_word_no_paper_under_the_tag_has_finds_nothing(page, served_site):
    links = _search(page, served_site, "probes", "Deception")
    expect(page.locator(".pagefind-ui__message")).to_contain_text("No results", timeout=WAIT_MS)
    expect(links).to_have_count(0)


def test_a_result_link_opens_the_paper_page(page, served_site):
    links = _search(page, served_site, "sleeper", "Deception")
    expect(links).to_have_count(1, timeout=WAIT_MS)
    links.first.click()
    page.wait_for_url(re.compile(r"/papers/hubinger2024sleeper/$"))
    expect(page.locator("article h1")).to_have_text(SLEEPER_AGENTS, timeout=WAIT_MS)


# --------------------------------------------------------------- the index behind the page

class _Filters(HTMLParser):
    def __init__(self):
        super().__init__()
        self.filters: dict[str, list[str]] = {}
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        self._open = dict(attrs).get("data-pagefind-filter")

    def handle_data(self, data):
        if self._open:
            self.filters.setdefault(self._open, []).append(data)
            self._open = None


def test_every_paper_page_carries_its_facets_as_search_filters(small_site):
    result = pipeline.check(pipeline.Project.at(small_site))
    for ref in result.library.references:
        parser = _Filters()
        parser.feed((small_site / "site" / "papers" / ref.slug / "index.html").read_text(encoding="utf-8"))
        expected = {name: values for name, values in facets(ref, result.taxonomy).items() if values}
        assert parser.filters == expected, ref.key


def test_only_paper_pages_are_indexed(small_site):
    entry = json.loads((small_site / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    papers = list((small_site / "site" / "papers").glob("*/index.html"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(papers) > 0


def test_the_search_page_uses_the_sites_own_pagefind_assets(small_site):
    html = (small_site / "site" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'src="../pagefind/pagefind-ui.js"' in html and "//cdn" not in html
    assert (small_site / "site" / "pagefind" / "pagefind-ui.js").is_file()
