"""The browse page in headless Chromium: filters, sorting and the URL that holds them."""

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser
BACKDOORS = "Backdoors and sleeper agents"


def visible_keys(page):
    return page.eval_on_selector_all(
        "#met-browse-table tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.key)")


def query(page):
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def open_browse(page, served_site, search=""):
    page.goto(served_site + "browse/" + search)
    page.wait_for_selector("#met-browse-filters:not([hidden])")


def test_every_paper_is_listed_before_any_filter(page, served_site):
    open_browse(page, served_site)
    assert len(visible_keys(page)) == 5
    assert page.locator("#met-browse-count").inner_text() == "5 papers."


def test_filtering_by_tag_shows_exactly_the_papers_with_that_tag_and_updates_the_url(page, served_site):
    open_browse(page, served_site)
    page.select_option("select[name=tag]", BACKDOORS)
    assert sorted(visible_keys(page)) == ["hubinger2024sleeper", "macdiarmid2024probes"]
    assert query(page) == {"tag": BACKDOORS}
    assert page.locator("#met-browse-count").inner_text() == "Showing 2 of 5 papers."


def test_filtering_by_stance_shows_exactly_the_papers_with_that_stance_and_updates_the_url(page, served_site):
    open_browse(page, served_site)
    page.select_option("select[name=stance]", "Context")
    assert sorted(visible_keys(page)) == ["hostile2024script", "ngo2022alignment"]
    assert query(page) == {"stance": "Context"}


def test_tag_and_stance_filters_combine(page, served_site):
    open_browse(page, served_site)
    page.select_option("select[name=tag]", "Deception")
    page.select_option("select[name=stance]", "Evidence")
    assert visible_keys(page) == ["hubinger2024sleeper"]
    assert query(page) == {"tag": "Deception", "stance": "Evidence"}


def test_opening_a_filtered_url_restores_the_filter(page, served_site):
    open_browse(page, served_site, "?tag=Deception&stance=Context")
    assert visible_keys(page) == ["hostile2024script"]
    assert page.input_value("select[name=tag]") == "Deception"
    assert page.input_value("select[name=stance]") == "Context"


def test_back_returns_to_the_previous_filter(page, served_site):
    open_browse(page, served_site)
    page.select_option("select[name=stance]", "Evidence")
    page.select_option("select[name=stance]", "Counterargument")
    assert sorted(visible_keys(page)) == ["macdiarmid2024probes", "wheaton2023deceptive"]
    page.go_back()
    page.wait_for_function("new URLSearchParams(location.search).get('stance') === 'Evidence'")
    assert visible_keys(page) == ["hubinger2024sleeper"]
    assert page.input_value("select[name=stance]") == "Evidence"


def test_filtering_by_claim_and_evidence_kind(page, served_site):
    open_browse(page, served_site)
    page.select_option("select[name=claim]", "Oversight detects misalignment")
    assert visible_keys(page) == ["macdiarmid2024probes"]
    page.select_option("select[name=claim]", "")
    page.select_option("select[name=evidence]", "Argument")
    assert sorted(visible_keys(page)) == ["hostile2024script", "wheaton2023deceptive"]


def test_a_year_range_keeps_only_the_papers_inside_it(page, served_site):
    open_browse(page, served_site)
    page.fill("input[name=from]", "2022")
    page.fill("input[name=to]", "2023")
    page.locator("input[name=to]").dispatch_event("change")
    assert sorted(visible_keys(page)) == ["ngo2022alignment", "wheaton2023deceptive"]
    assert query(page) == {"from": "2022", "to": "2023"}


def test_free_text_matches_titles_and_authors(page, served_site):
    open_browse(page, served_site)
    page.locator("#met-browse-filters input[name=q]").press_sequentially("probes", delay=10)
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'probes'")
    assert visible_keys(page) == ["macdiarmid2024probes"]
    page.fill("#met-browse-filters input[name=q]", "Wheaton")
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'Wheaton'")
    assert visible_keys(page) == ["wheaton2023deceptive"]


def test_sorting_by_year_puts_the_oldest_first_then_the_newest(page, served_site):
    open_browse(page, served_site)
    page.click("th.met-col-year button")
    years = page.locator("#met-browse-table tbody td.met-col-year").all_inner_texts()
    assert years == sorted(years) and years[0] == "2022"
    assert page.get_attribute("th.met-col-year", "aria-sort") == "ascending"
    assert query(page) == {"sort": "year-asc"}
    page.click("th.met-col-year button")
    years = page.locator("#met-browse-table tbody td.met-col-year").all_inner_texts()
    assert years == sorted(years, reverse=True)


def test_sorting_by_title_is_alphabetical_and_survives_a_reload(page, served_site):
    open_browse(page, served_site)
    page.click("th.met-col-title button")
    titles = page.locator("#met-browse-table tbody td.met-col-title a").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)
    page.reload()
    page.wait_for_selector("#met-browse-filters:not([hidden])")
    assert page.locator("#met-browse-table tbody td.met-col-title a").all_inner_texts() == titles


def test_clear_filters_shows_every_paper_again(page, served_site):
    open_browse(page, served_site, "?stance=Counterargument")
    assert sorted(visible_keys(page)) == ["macdiarmid2024probes", "wheaton2023deceptive"]
    page.click(".met-browse__reset")
    assert len(visible_keys(page)) == 5
    assert query(page) == {}


def test_the_page_needs_no_other_host(page, served_site):
    hosts = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    open_browse(page, served_site, "?tag=Deception")
    page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(served_site).netloc}


def test_hostile_text_runs_no_script_on_the_browse_page(page, served_site):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_browse(page, served_site, "?q=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    page.select_option("select[name=stance]", "Context")
    page.wait_for_load_state("networkidle")
    assert dialogs == []
