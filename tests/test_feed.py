"""The Atom feed of recently added papers: well-formed, newest `added` first, advertised on every page."""

import re
import xml.etree.ElementTree as ET

import pytest

from fixtures_claims import CLAIMS_KEYS, claims_site, read, resolve  # noqa: F401  (fixture)
from generators import pipeline
from generators.feed import atom_feed
from generators.render import SiteContext, SiteSettings

pytestmark = pytest.mark.site
A = "{http://www.w3.org/2005/Atom}"
NEWEST_FIRST = ["wheaton2023deceptive", "ngo2022alignment", "fixture2024zeta", "fixture2025delta",
                "fixture2022epsilon", "fixture2023beta", "fixture2024gamma", "fixture2021alpha"]
TITLES = {"fixture2024zeta": "Fixture Zeta: a theorem against two claims",
          "fixture2025delta": "Fixture Delta: a mixed review"}


def feed(site):
    return ET.fromstring((site / "site" / "feed.xml").read_bytes())


def entry_keys(root):
    return [e.find(f"{A}link[@rel='alternate']").get("href").strip("/").split("/")[-1] for e in root.iter(f"{A}entry")]


def test_the_feed_is_well_formed_atom(claims_site):
    root = feed(claims_site)
    assert root.tag == f"{A}feed"
    for name in ("title", "id", "updated"):
        assert (root.findtext(f"{A}{name}") or "").strip(), name


def test_entries_are_the_dated_papers_newest_added_first(claims_site):
    assert entry_keys(feed(claims_site)) == NEWEST_FIRST


def test_a_paper_with_no_added_date_is_not_in_the_feed(claims_site):
    assert "fixture2020eta" not in entry_keys(feed(claims_site))


def test_the_feed_updated_date_is_the_newest_addition(claims_site):
    assert feed(claims_site).findtext(f"{A}updated") == "2026-11-21T00:00:00Z"


def test_each_entry_has_title_authors_summary_and_a_link_to_its_page(claims_site):
    entries = {key: e for key, e in zip(entry_keys(feed(claims_site)), feed(claims_site).iter(f"{A}entry"))}
    zeta = entries["fixture2024zeta"]
    assert zeta.findtext(f"{A}title") == TITLES["fixture2024zeta"]
    assert [a.findtext(f"{A}name") for a in zeta.iter(f"{A}author")] == ["Ada Tester"]
    assert zeta.findtext(f"{A}summary").startswith("Test fixture, not a real work.")
    assert zeta.findtext(f"{A}published") == "2026-01-15T00:00:00Z"
    gamma = entries["fixture2024gamma"]
    assert [a.findtext(f"{A}name") for a in gamma.iter(f"{A}author")] == ["Ada Tester", "Cy Sample", "Bo Example"]


def test_without_a_site_url_links_are_relative_to_the_feed_and_resolve(claims_site):
    for entry in feed(claims_site).iter(f"{A}entry"):
        href = entry.find(f"{A}link[@rel='alternate']").get("href")
        assert not href.startswith(("http:", "https:", "/")), href
        assert (claims_site / "site" / resolve("feed.xml", href) / "index.html").is_file(), href


def test_entry_ids_are_unique_and_stable(claims_site):
    ids = [e.findtext(f"{A}id") for e in feed(claims_site).iter(f"{A}entry")]
    assert len(set(ids)) == len(ids)
    assert ids == [e.findtext(f"{A}id") for e in feed(claims_site).iter(f"{A}entry")]
    assert all(i.startswith("urn:uuid:") for i in ids)


def _site(root) -> SiteContext:
    result = pipeline.check(pipeline.Project.at(root))
    return SiteContext(result.library, result.taxonomy, SiteSettings(url="https://example.org/tracker/"))


def test_with_a_site_url_every_link_is_absolute(claims_site):
    root = ET.fromstring(atom_feed(_site(claims_site)))
    hrefs = [link.get("href") for link in root.iter(f"{A}link")]
    assert hrefs and all(h.startswith("https://example.org/tracker/") for h in hrefs)
    assert "https://example.org/tracker/papers/fixture2024zeta/" in hrefs
    assert "https://example.org/tracker/feed.xml" in hrefs


def test_the_limit_keeps_only_the_newest(claims_site):
    root = ET.fromstring(atom_feed(_site(claims_site), limit=3))
    assert entry_keys(root) == NEWEST_FIRST[:3]


def test_hostile_text_is_escaped_by_the_serializer_and_reads_back_unchanged(small_site):
    text = (small_site / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in text
    root = ET.fromstring(text.encode("utf-8"))
    titles = [e.findtext(f"{A}title") for e in root.iter(f"{A}entry")]
    assert '<script>alert("title")</script> Hostile title' in titles


def test_every_page_advertises_the_feed_in_its_head(small_site):
    for path in ("index.html", "papers/ngo2022alignment/index.html", "claims/index.html", "browse/index.html"):
        head = read(small_site, path).split("</head>", 1)[0]
        link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        assert link, path
        assert resolve(path, link.group(1)) == "feed.xml", path
