"""The search page (Pagefind's JS API) in headless Chromium on the small fixture site.

A reader types a word and picks a tag; exactly the papers carrying that tag and that word
are listed, and each result opens its paper page. The index holds paper pages only, and a
query fetches only the filter file it uses.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

from playwright.sync_api import expect

from generators import pipeline
from generators.facets import facets
from generators.search_index import records, write_record_pages

WAIT_MS = 15_000   # generous: the suite runs builds in parallel on two cores
SLEEPER_AGENTS = "Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training"
SIMPLE_PROBES = "Simple probes can catch sleeper agents"


def _search(page, served_site, word, tag):
    """Pick one tag in the search form, then type a word."""
    page.goto(served_site + "search/")
    page.locator("#met-search select[name=tag]").select_option(tag)
    page.locator("#met-search input[name=q]").fill(word)
    return page.locator(".met-search__title")


def test_a_tag_filter_plus_a_word_finds_exactly_the_papers_with_both(page, served_site):
    links = _search(page, served_site, "sleeper", "Deception")
    expect(links).to_have_text([SLEEPER_AGENTS], timeout=WAIT_MS)


def test_no_more_results_button_when_every_result_is_shown(page, served_site):
    links = _search(page, served_site, "sleeper", "Deception")
    expect(links).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator("#met-search-more")).to_be_hidden()


def test_the_same_word_under_another_tag_finds_that_tags_papers(page, served_site):
    links = _search(page, served_site, "sleeper", "Backdoors and sleeper agents")
    expect(links).to_have_count(2, timeout=WAIT_MS)
    assert sorted(links.all_inner_texts()) == sorted([SLEEPER_AGENTS, SIMPLE_PROBES])


def test_a_word_no_paper_under_the_tag_has_finds_nothing(page, served_site):
    links = _search(page, served_site, "probes", "Deception")
    expect(page.locator("#met-search-status")).to_have_text("No paper matches.", timeout=WAIT_MS)
    expect(links).to_have_count(0)


def _result(page, served_site, words: str, title: str):
    """The one result titled `title` for a search of `words`, once it is shown."""
    page.goto(served_site + "search/?q=" + words)
    result = page.locator(".met-search__result").filter(has_text=title)
    expect(result).to_have_count(1, timeout=WAIT_MS)
    return result


def test_each_result_shows_the_summarys_first_sentence_with_the_found_word_marked(page, served_site):
    # "probes" is in both the title and the summary of macdiarmid2024probes; the title is
    # already the result's heading, so the line under it is the summary's first sentence.
    page.goto(served_site + "search/?q=probes")
    line = page.locator(".met-search__excerpt")
    expect(line).to_have_count(1, timeout=WAIT_MS)
    assert line.inner_text() == ("Shows that linear probes on internal activations detect when a sleeper-agent "
                                 "model is about to defect.")
    assert line.locator("mark").all_inner_texts() == ["probes"]


def test_a_longer_form_of_a_typed_word_is_marked_in_the_line(page, served_site):
    # Pagefind finds "sleep" in the title of macdiarmid2024probes ("sleeper") and marks it there;
    # the summary line has "sleeper-agent", which is marked because it begins with the typed word.
    result = _result(page, served_site, "sleep", SIMPLE_PROBES)
    assert result.locator(".met-search__excerpt mark").all_inner_texts() == ["sleeper-agent"]


def test_a_match_in_a_tag_shows_the_tag_before_the_summarys_first_sentence(page, served_site):
    # hubinger2024sleeper matches "backdoors" through its tag "Backdoors and sleeper agents" only.
    result = _result(page, served_site, "backdoors", SLEEPER_AGENTS)
    line = result.locator(".met-search__excerpt")
    assert line.locator(".met-search__tag").all_inner_texts() == ["Backdoors and sleeper agents"]
    assert line.locator("mark").all_inner_texts() == ["Backdoors"]
    assert line.inner_text().endswith(" Trains language models with hidden conditional behaviour and shows that "
                                      "standard safety training does not remove it.")


def test_a_match_later_in_the_summary_shows_the_words_around_it(page, served_site):
    # "entry" is in no title, tag or author, only in the second sentence of each fixture summary.
    # The line stops where the summary does: macdiarmid2024probes' record also holds the label
    # of its claim "Oversight detects misalignment", which must not run on into the line.
    result = _result(page, served_site, "entry", SIMPLE_PROBES)
    line = result.locator(".met-search__excerpt")
    assert line.inner_text() == "… A fixture entry for tests."
    assert line.locator("mark").all_inner_texts() == ["entry"]


def test_a_match_in_the_authors_is_marked_in_the_authors(page, served_site):
    result = _result(page, served_site, "hubinger", SLEEPER_AGENTS)
    assert result.locator(".met-item__meta mark").all_inner_texts() == ["Hubinger"]
    assert result.locator(".met-search__excerpt").inner_text().startswith("Trains language models")


def test_a_result_link_opens_the_paper_page(page, served_site):
    links = _search(page, served_site, "sleeper", "Deception")
    expect(links).to_have_count(1, timeout=WAIT_MS)
    links.first.click()
    page.wait_for_url(re.compile(r"/papers/hubinger2024sleeper/$"))
    expect(page.locator("article h1")).to_have_text(SLEEPER_AGENTS, timeout=WAIT_MS)


def test_the_address_holds_the_query_so_a_search_can_be_shared(page, served_site):
    _search(page, served_site, "sleeper", "Deception")
    expect(page).to_have_url(re.compile(r"\?q=sleeper&tag=Deception$"), timeout=WAIT_MS)
    page.goto(page.url)
    expect(page.locator("#met-search input[name=q]")).to_have_value("sleeper")
    expect(page.locator(".met-search__title")).to_have_text([SLEEPER_AGENTS], timeout=WAIT_MS)


def test_a_query_fetches_only_the_filter_file_it_uses(page, served_site):
    fetched = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    links = _search(page, served_site, "sleeper", "Deception")
    expect(links).to_have_count(1, timeout=WAIT_MS)
    filters = [path for path in fetched if "/pagefind/filter/" in path]
    assert len(filters) == 1, filters
    assert not any(path.endswith("pagefind-ui.js") for path in fetched)


def test_a_filter_without_words_points_to_browse_instead_of_fetching_the_whole_index(page, served_site):
    fetched = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(served_site + "search/")
    page.locator("#met-search select[name=tag]").select_option("Deception")
    link = page.locator("#met-search-status a")
    expect(link).to_have_text("list them on Browse", timeout=WAIT_MS)
    assert re.search(r"/browse/\?tag=Deception$", link.get_attribute("href"))
    assert not any("/pagefind/index/" in path for path in fetched)


def test_a_hostile_title_is_shown_as_text_in_the_results(page, served_site):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(served_site + "search/?q=script")
    title = page.locator(".met-search__title").filter(has_text="<script>")
    expect(title).to_have_count(1, timeout=WAIT_MS)
    assert page.locator(".met-search__results script, .met-search__results img").count() == 0
    assert dialogs == []


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


def test_each_paper_is_indexed_with_its_facets_as_filters(small_site, tmp_path):
    result = pipeline.check(pipeline.Project.at(small_site))
    write_record_pages(records(result.library, result.taxonomy), tmp_path)
    for ref in result.library.references:
        parser = _Filters()
        parser.feed((tmp_path / "papers" / ref.slug / "index.html").read_text(encoding="utf-8"))
        expected = {name: values for name, values in facets(ref, result.taxonomy).items() if values}
        assert parser.filters == expected, ref.key


def test_only_paper_pages_are_indexed(small_site):
    entry = json.loads((small_site / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    papers = list((small_site / "site" / "papers").glob("*/index.html"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(papers) > 0


def test_the_search_page_uses_the_sites_own_pagefind_bundle(small_site):
    html = (small_site / "site" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-bundle="../pagefind/"' in html and "//cdn" not in html
    assert 'src="../javascripts/search.js"' in html
    assert (small_site / "site" / "pagefind" / "pagefind.js").is_file()


def test_a_match_in_a_claim_shows_the_claim_before_the_summarys_first_sentence(page, served_site):
    # macdiarmid2024probes matches "oversight" through its claim "Oversight detects misalignment"
    # only (not its title, tags or summary).
    result = _result(page, served_site, "oversight", SIMPLE_PROBES)
    line = result.locator(".met-search__excerpt")
    assert line.locator(".met-search__claim").all_inner_texts() == ["Oversight detects misalignment"]
    assert line.locator(".met-search__tag").count() == 0
    assert line.locator("mark").all_inner_texts() == ["Oversight"]
    assert line.inner_text().endswith(" Shows that linear probes on internal activations detect when a "
                                      "sleeper-agent model is about to defect.")
