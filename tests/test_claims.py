"""Claim pages: the statement, then the papers for and against it side by side, newest first."""

import re

import pytest
import yaml

from conftest import TAXONOMY
from fixtures_claims import claims_site, keys_in, read, resolve, section  # noqa: F401  (fixture)

pytestmark = pytest.mark.site


def claim(site, claim_id):
    return read(site, f"claims/{claim_id}/index.html")


def test_the_for_column_lists_exactly_the_papers_that_support_the_claim(claims_site):
    listed = keys_in(section(claim(claims_site, "reward-hacking"), "met-column--for"))
    assert sorted(listed) == ["fixture2021alpha", "fixture2024gamma", "fixture2025delta"]


def test_the_against_column_lists_exactly_the_papers_that_challenge_the_claim(claims_site):
    listed = keys_in(section(claim(claims_site, "reward-hacking"), "met-column--against"))
    assert sorted(listed) == ["fixture2023beta", "fixture2024zeta"]


def test_each_column_is_newest_first(claims_site):
    page = claim(claims_site, "reward-hacking")
    assert keys_in(section(page, "met-column--for")) == ["fixture2025delta", "fixture2024gamma", "fixture2021alpha"]
    assert keys_in(section(page, "met-column--against")) == ["fixture2024zeta", "fixture2023beta"]


def test_a_mixed_paper_stands_on_each_claims_own_side(claims_site):
    assert "fixture2025delta" in keys_in(section(claim(claims_site, "reward-hacking"), "met-column--for"))
    transfer = claim(claims_site, "toy-results-transfer")
    assert keys_in(section(transfer, "met-column--against")) == ["fixture2025delta"]
    assert keys_in(section(transfer, "met-column--for")) == []


def test_context_papers_are_on_no_claim_page(claims_site):
    for path in (claims_site / "site" / "claims").glob("*/index.html"):
        assert "fixture2022epsilon" not in keys_in(path.read_text(encoding="utf-8")), path


def test_the_page_shows_the_statement_and_both_counts(claims_site):
    page = claim(claims_site, "reward-hacking")
    statement = next(c["statement"] for c in yaml.safe_load(TAXONOMY.read_text())["claims"] if c["id"] == "reward-hacking")
    assert statement in page
    assert "Evidence and arguments for (3)" in page
    assert "Evidence and arguments against (2)" in page


def _kinds(column: str) -> list[str]:
    line = re.search(r'<p class="met-kinds">(.*?)</p>', column, re.S)
    return re.findall(r'<span data-kind="[^"]+">([^<]+)</span>', line.group(1)) if line else []


def test_each_column_counts_its_papers_by_kind_of_evidence_strongest_first(claims_site):
    page = claim(claims_site, "reward-hacking")
    assert _kinds(section(page, "met-column--for")) == ["Lab demonstration: 1", "Toy environment: 1", "Review: 1"]
    assert _kinds(section(page, "met-column--against")) == ["Theoretical: 1", "Argument: 1"]


def test_an_empty_column_counts_no_kind(claims_site):
    assert _kinds(section(claim(claims_site, "toy-results-transfer"), "met-column--for")) == []


def test_each_paper_shows_its_year_evidence_kind_and_one_line_summary(claims_site):
    items = section(claim(claims_site, "reward-hacking"), "met-column--for")
    alpha = re.search(r'<li[^>]*data-key="fixture2021alpha".*?</li>', items, re.S).group(0)
    assert '<span class="met-item__year">2021</span>' in alpha
    assert ">Toy environment</span>" in alpha
    assert "Test fixture, not a real work." in alpha
    assert 'href="../../papers/fixture2021alpha/"' in alpha


def test_a_side_with_no_papers_says_so(claims_site):
    page = claim(claims_site, "goal-misgeneralization")
    assert section(page, "met-column--for").count('class="met-empty"') == 1
    assert section(page, "met-column--against").count('class="met-empty"') == 1


def test_the_claim_page_links_the_bibtex_of_its_papers(claims_site):
    page_path = "claims/reward-hacking/index.html"
    hrefs = re.findall(r'<a class="met-download" href="([^"]+)"', read(claims_site, page_path))
    assert [resolve(page_path, h) for h in hrefs] == ["downloads/claims/reward-hacking.bib"]
    assert (claims_site / "site" / "downloads" / "claims" / "reward-hacking.bib").is_file()


def test_the_claims_index_counts_each_side(claims_site):
    index = read(claims_site, "claims/index.html")
    row = re.search(r'<tr data-claim="reward-hacking">.*?</tr>', index, re.S).group(0)
    assert re.findall(r'<td class="met-num[^"]*">(\d+)</td>', row) == ["3", "2"]
    row = re.search(r'<tr data-claim="power-seeking">.*?</tr>', index, re.S).group(0)
    assert re.findall(r'<td class="met-num[^"]*">(\d+)</td>', row) == ["0", "1"]


def test_the_claims_index_links_every_claim_page(claims_site):
    index = read(claims_site, "claims/index.html")
    for c in yaml.safe_load(TAXONOMY.read_text())["claims"]:
        assert f'href="{c["id"]}/"' in index, c["id"]


def test_the_small_library_puts_sleeper_agents_for_persistence(small_site):
    page = read(small_site, "claims/persists-through-training/index.html")
    assert keys_in(section(page, "met-column--for")) == ["hubinger2024sleeper"]
    assert keys_in(section(page, "met-column--against")) == []


def test_the_small_library_puts_wheaton_against_deceptive_alignment_by_default(small_site):
    page = read(small_site, "claims/deceptive-alignment-by-default/index.html")
    assert keys_in(section(page, "met-column--against")) == ["wheaton2023deceptive"]
    assert keys_in(section(page, "met-column--for")) == []


def test_a_paper_page_shows_its_stance_and_evidence_badges(claims_site):
    page = read(claims_site, "papers/fixture2025delta/index.html")
    assert 'class="met-badge met-badge--mixed"' in page
    assert ">Review</span>" in page
    assert 'href="../../claims/reward-hacking/"' in page and 'href="../../claims/toy-results-transfer/"' in page


def test_a_tag_and_a_claim_of_the_same_name_have_different_browser_titles(claims_site):
    assert "<title>Claim: Reward hacking - " in claim(claims_site, "reward-hacking")
    assert "<title>Tag: Reward hacking - " in read(claims_site, "tags/reward-hacking/index.html")


def test_a_tag_and_a_claim_of_the_same_name_link_each_other(claims_site):
    claim_page = claim(claims_site, "reward-hacking")
    tag_page = read(claims_site, "tags/reward-hacking/index.html")
    assert re.search(r'Also a tag: <a href="\.\./\.\./tags/reward-hacking/">Reward hacking</a>, on \d+ papers?\.', claim_page)
    assert re.search(r'Also a claim: <a href="\.\./\.\./claims/reward-hacking/">Reward hacking</a>, '
                     r'with 3 papers for it and 2 against\.', tag_page)


def test_a_claim_with_no_tag_of_its_name_links_no_tag(claims_site):
    assert "Also a tag:" not in claim(claims_site, "toy-results-transfer")
