"""A real `mkdocs build --strict` of the fixture library, inspected as HTML."""

import re
from html.parser import HTMLParser

import pytest

from conftest import FIXTURES, make_site_project, mkdocs_build

pytestmark = pytest.mark.site
SMALL_KEYS = {"ngo2022alignment", "wheaton2023deceptive", "hubinger2024sleeper", "macdiarmid2024probes",
              "hostile2024script"}


def html(site, path):
    return (site / "site" / path).read_text(encoding="utf-8")


def test_every_entry_has_a_page(small_site):
    pages = {p.parent.name for p in (small_site / "site" / "papers").glob("*/index.html")}
    assert pages == SMALL_KEYS


def test_each_tag_page_lists_exactly_its_papers(small_site):
    expected = {"backdoors": {"hubinger2024sleeper", "macdiarmid2024probes"},
                "deception": {"hubinger2024sleeper", "hostile2024script"},
                "skepticism": {"wheaton2023deceptive"},
                "reward-hacking": set()}
    for tag, keys in expected.items():
        listed = set(re.findall(r'data-key="([^"]+)"', html(small_site, f"tags/{tag}/index.html")))
        assert listed == keys, tag


def test_no_script_from_a_field_survives_in_any_page(small_site):
    for page in (small_site / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "alert(" not in re.sub(r"&[a-z#0-9]+;", "", "".join(re.findall(r"<script[^>]*>.*?</script>", text, re.S))), page
        assert "<img src=x" not in text and "onerror=alert" not in text.replace("&lt;img src=x onerror=alert", ""), page
        assert 'href="javascript:' not in text, page


def test_papers_stay_out_of_the_navigation(small_site):
    home = html(small_site, "index.html")
    sidebar = home.split('md-sidebar--primary', 1)[1].split('md-sidebar--secondary', 1)[0]
    assert 'href="tags/"' in sidebar and "papers/" not in sidebar


def _active_tab(page):
    flat = " ".join(page.split())
    return re.findall(r'md-tabs__item md-tabs__item--active"> <a href="([^"]+)"', flat)


@pytest.mark.parametrize("path, tab", [("claims/base-goal-first/index.html", "../"),
                                       ("tags/backdoors/index.html", "../"),
                                       ("papers/wheaton2023deceptive/index.html", "../../browse/"),
                                       ("about/index.html", "./")])
def test_a_page_outside_the_navigation_marks_the_tab_of_its_section(small_site, path, tab):
    assert _active_tab(html(small_site, path)) == [tab]


def test_a_claim_page_links_back_to_the_claims_in_the_sidebar(small_site):
    page = html(small_site, "claims/base-goal-first/index.html")
    sidebar = " ".join(page.split('md-sidebar--primary', 1)[1].split('md-sidebar--secondary', 1)[0].split())
    assert '<li class="md-nav__item md-nav__item--active"> <a href="../" class="md-nav__link">' in sidebar


def test_tag_chips_link_to_the_tag_pages(small_site):
    page = html(small_site, "papers/wheaton2023deceptive/index.html")
    assert '<a href="../../tags/skepticism/" class="md-tag">Sceptical analyses</a>' in page


def test_home_page_shows_the_count_and_newest_additions(small_site):
    home = html(small_site, "index.html")
    assert "<strong>5</strong> papers" in home
    recent = home.split('id="recently-added"', 1)[1]
    assert recent.index("hostile2024script") < recent.index("ngo2022alignment")  # newest first


def test_contributing_page_lists_every_tag_and_claim_from_the_taxonomy(small_site):
    import yaml

    from conftest import TAXONOMY

    page = html(small_site, "contributing/index.html")
    taxonomy = yaml.safe_load(TAXONOMY.read_text())
    for item in taxonomy["tags"] + taxonomy["claims"] + taxonomy["evidence"]:
        assert f"<code>{item['id']}</code>" in page, item["id"]


def test_an_invalid_library_fails_the_build_with_the_list_of_problems(tmp_path):
    root = make_site_project(tmp_path, FIXTURES / "broken.bib")
    result = mkdocs_build(root)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "references/broken.bib:14" in output
    assert "Traceback" not in output
    assert not (root / "site" / "papers").exists()


def test_a_hand_written_page_where_a_generated_one_goes_fails_the_build(tmp_path):
    root = make_site_project(tmp_path, *sorted((FIXTURES / "small").glob("*.bib")))
    (root / "docs" / "papers").mkdir()
    (root / "docs" / "papers" / "ngo2022alignment.md").write_text("# Mine\n", encoding="utf-8")
    result = mkdocs_build(root)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/papers/ngo2022alignment.md would be overwritten by a generated page" in output, output
    assert "Traceback" not in output


def test_an_error_across_files_fails_the_build_with_both_places(tmp_path):
    # found by the library rules, which a build runs beside the rendering (generators/pipeline.py)
    root = make_site_project(tmp_path, *sorted((FIXTURES / "small").glob("*.bib")),
                             FIXTURES / "duplicate_a.bib", FIXTURES / "duplicate_b.bib")
    result = mkdocs_build(root)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"references/duplicate_b\.bib:\d+: same2024key: error: duplicate key: also defined in "
                     r"references/duplicate_a\.bib:\d+", output), output
    assert "Traceback" not in output
    assert not (root / "site" / "papers").exists()


def test_the_bibtex_block_has_a_copy_button_target(small_site):
    page = html(small_site, "papers/ngo2022alignment/index.html")
    assert re.search(r'<pre><code class="language-bibtex">@inproceedings\{ngo2022alignment,', page)


def test_a_paper_pages_table_of_contents_lists_its_sections(small_site):
    page = html(small_site, "papers/hubinger2024sleeper/index.html")
    toc = page.split('data-md-type="toc"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="#([a-z-]+)" class="md-nav__link"', toc) == [
        "summary", "claims", "conversation", "links", "cite"]


def test_template_parts_rendered_once_are_identical_to_rendering_them_for_each_page(small_site, tmp_path):
    """Nav, tabs, palette and Material's config script are shared between pages (see `on_env` in
    the hook); rendering them for every page instead (TRACKER_SHARED_NAV=0) must give the same
    site, byte for byte."""
    import shutil

    alone = shutil.copytree(small_site, tmp_path / "alone", ignore=shutil.ignore_patterns("site"))
    result = mkdocs_build(alone, env={"TRACKER_SHARED_NAV": "0"})
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(small_site / "site") for p in (small_site / "site").rglob("*.html"))
    assert any(str(p).startswith("papers/") for p in pages) and any(str(p).startswith("tags/") for p in pages)
    for page in pages:
        assert (alone / "site" / page).read_bytes() == (small_site / "site" / page).read_bytes(), page


class _Meta(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.found: dict[str, list[str]] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("property") or attrs.get("name")
        if tag == "meta" and name:
            self.found.setdefault(name, []).append(attrs.get("content"))


def preview(site, path) -> dict[str, str]:
    """The page's link preview (Open Graph and Twitter card meta tags), each tag once, as text."""
    found = _Meta(html(site, path)).found
    tags = {k: v for k, v in found.items() if k.startswith(("og:", "twitter:"))}
    assert all(len(v) == 1 for v in tags.values()), tags
    return {k: v[0] for k, v in tags.items()}


def test_a_shared_link_to_a_paper_previews_its_title_and_first_sentence(small_site):
    card = preview(small_site, "papers/wheaton2023deceptive/index.html")
    assert card["og:title"] == "Deceptive Alignment is <1% Likely by Default"
    assert card["og:description"] == ("Argues that the order in which goal-directedness, long-term goals, understanding "
                                      "of the base goal and situational awareness arise makes deceptive alignment unlikely.")
    assert card["og:site_name"] == "Misalignment Evidence Tracker" and card["twitter:card"] == "summary"


def test_a_hostile_title_is_previewed_as_text(small_site):
    card = preview(small_site, "papers/hostile2024script/index.html")
    assert card["og:title"] == '<script>alert("title")</script> Hostile title'    # text, read back from the attribute
    assert card["og:description"].startswith("A summary with <script>alert('summary')</script>")


@pytest.mark.parametrize("path, title", [("index.html", "Misalignment Evidence Tracker"),
                                         ("tags/deception/index.html", "Tag: Deception")])
def test_the_home_and_tag_pages_preview_as_their_browser_title_says(small_site, path, title):
    assert preview(small_site, path)["og:title"] == title


def test_the_site_address_comes_from_the_environment(tmp_path):
    """The deploy workflow passes GitHub Pages' address as SITE_URL: canonical links and the feed use it."""
    project = make_site_project(tmp_path, *sorted((FIXTURES / "small").glob("*.bib")))
    built = mkdocs_build(project, env={"SITE_URL": "https://example.org/tracker/"})
    assert built.returncode == 0, built.stderr
    page = next((project / "site" / "papers").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/tracker/papers/' in page
    assert '<meta property="og:url" content="https://example.org/tracker/papers/' in page
    assert "https://example.org/tracker/papers/" in (project / "site" / "feed.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("anchor, builds", [("summary", True), ("no-such-anchor", False)])
def test_a_link_to_an_anchor_on_a_paper_page_is_checked(tmp_path, anchor, builds):
    project = make_site_project(tmp_path, *sorted((FIXTURES / "small").glob("*.bib")))
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + f"\n[Wheaton's summary](papers/wheaton2023deceptive.md#{anchor})\n", encoding="utf-8")
    built = mkdocs_build(project)
    assert (built.returncode == 0) is builds, built.stdout + built.stderr
    if not builds:
        assert "does not contain an anchor '#no-such-anchor'" in built.stdout + built.stderr


def test_the_repository_comes_from_the_environment(tmp_path):
    """The deploy workflow passes the repository as REPO_URL: the header and About link to it."""
    project = make_site_project(tmp_path, *sorted((FIXTURES / "small").glob("*.bib")))
    built = mkdocs_build(project, env={"REPO_URL": "https://example.org/owner/tracker"})
    assert built.returncode == 0, built.stderr
    about = (project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'pull request in <a href="https://example.org/owner/tracker">the project\'s repository</a>.' in about
    assert 'class="md-source"' in about


def test_without_a_repository_no_page_names_one(small_site):
    about = (small_site / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "pull request." in about and "repository</a>" not in about and 'class="md-source"' not in about


def test_the_home_page_title_names_the_site_once(small_site):
    home = (small_site / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Misalignment Evidence Tracker</title>" in home
