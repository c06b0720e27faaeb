"""Downloads: every file parses back to exactly the entries it should hold, and is linked."""

import json
import re

import bibtexparser
import pytest
import yaml

from conftest import TAXONOMY, run_cli
from fixtures_claims import CLAIMS_KEYS, claims_site, ids, read, resolve, source_entries  # noqa: F401

pytestmark = pytest.mark.site
TAX = yaml.safe_load(TAXONOMY.read_text())


def bib_keys(site, path):
    library = bibtexparser.parse_string((site / "site" / path).read_text(encoding="utf-8"))
    assert not library.failed_blocks, path
    return [e.key for e in library.entries]


def test_the_library_bib_holds_every_entry_once(claims_site):
    keys = bib_keys(claims_site, "downloads/library.bib")
    assert sorted(keys) == sorted(CLAIMS_KEYS)


def test_the_library_bib_keeps_every_field_of_every_entry(claims_site):
    text = (claims_site / "site" / "downloads" / "library.bib").read_text(encoding="utf-8")
    exported = {e.key: {f.key.lower() for f in e.fields} for e in bibtexparser.parse_string(text).entries}
    for key, fields in source_entries().items():
        assert exported[key] == set(fields), key


def test_the_csl_json_holds_every_entry_with_title_and_authors(claims_site):
    items = json.loads(read(claims_site, "downloads/library.json"))
    assert sorted(i["id"] for i in items) == sorted(CLAIMS_KEYS)
    source = source_entries()
    for item in items:
        assert item["title"] == re.sub(r"\\%", "%", source[item["id"]]["title"]), item["id"]
        assert item["author"], item["id"]
        assert item["issued"]["date-parts"][0][0] == int(source[item["id"]]["year"])


def test_each_tag_bib_holds_exactly_the_papers_with_that_tag(claims_site):
    source = source_entries()
    for tag in TAX["tags"]:
        expected = sorted(k for k, f in source.items() if tag["id"] in ids(f.get("keywords", "")))
        assert sorted(bib_keys(claims_site, f"downloads/tags/{tag['id']}.bib")) == expected, tag["id"]


def test_each_claim_bib_holds_exactly_the_papers_for_or_against_it(claims_site):
    source = source_entries()
    for claim in TAX["claims"]:
        expected = sorted(k for k, f in source.items()
                          if claim["id"] in ids(f.get("supports", "")) | ids(f.get("challenges", "")))
        assert sorted(bib_keys(claims_site, f"downloads/claims/{claim['id']}.bib")) == expected, claim["id"]


def test_a_claim_bib_has_both_sides(claims_site):
    assert sorted(bib_keys(claims_site, "downloads/claims/reward-hacking.bib")) == [
        "fixture2021alpha", "fixture2023beta", "fixture2024gamma", "fixture2024zeta", "fixture2025delta"]


def test_a_tag_with_no_papers_gives_an_empty_but_valid_bib(claims_site):
    assert bib_keys(claims_site, "downloads/tags/sandbagging.bib") == []


def _links(site, page_path):
    page = read(site, page_path)
    return {resolve(page_path, h) for h in re.findall(r'href="([^"]+)"', page)}


def test_the_downloads_page_links_every_download_and_each_link_resolves(claims_site):
    links = _links(claims_site, "downloads/index.html")
    expected = {"downloads/library.bib", "downloads/library.json", "feed.xml"}
    expected |= {f"downloads/tags/{t['id']}.bib" for t in TAX["tags"]}
    expected |= {f"downloads/claims/{c['id']}.bib" for c in TAX["claims"]}
    assert expected <= links
    for path in expected:
        assert (claims_site / "site" / path).is_file(), path


def test_every_bib_download_saves_under_a_name_of_its_own(claims_site):
    html = read(claims_site, "downloads/index.html")
    names = re.findall(r'href="[^"]*\.bib" download="([^"]+)"', html)
    assert len(names) == 1 + len(TAX["tags"]) + len(TAX["claims"])
    assert len(set(names)) == len(names)


def test_a_claim_and_a_tag_with_the_same_id_save_as_claim_and_tag_files(claims_site):
    html = read(claims_site, "downloads/index.html")
    assert 'href="claims/reward-hacking.bib" download="claim-reward-hacking.bib"' in html
    assert 'href="tags/reward-hacking.bib" download="tag-reward-hacking.bib"' in html


def test_each_tag_page_links_its_own_bib(claims_site):
    for tag in TAX["tags"]:
        links = {link for link in _links(claims_site, f"tags/{tag['id']}/index.html") if link.endswith(".bib")}
        assert links == {f"downloads/tags/{tag['id']}.bib"}, tag["id"]


def test_the_downloads_page_is_in_the_navigation(small_site):
    home = read(small_site, "index.html")
    sidebar = home.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    assert 'href="downloads/"' in sidebar


def test_hostile_text_survives_the_csl_json_as_plain_data(small_site):
    items = {i["id"]: i for i in json.loads(read(small_site, "downloads/library.json"))}
    assert items["hostile2024script"]["title"] == '<script>alert("title")</script> Hostile title'


def test_the_site_and_the_command_line_build_write_the_same_downloads(claims_site, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--root", str(claims_site), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in (out / "downloads").rglob("*.bib"))
    assert "downloads/library.bib" in written and "downloads/tags/sandbagging.bib" in written
    for path in written:
        assert (out / path).read_bytes() == (claims_site / "site" / path).read_bytes(), path

