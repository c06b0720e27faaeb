"""Rendering: pages for every entry, untrusted text escaped, links relative and safe."""

import datetime as dt
import re

import pytest
import yaml

from generators import pipeline
from generators.article import Article
from generators.cores import forking_is_safe
from generators.render import render_pages
from conftest import FIXTURES


def small_pages(project):
    """Every generated page as the text of a source file (an `Article` as its Markdown form)."""
    result = pipeline.check(pipeline.Project.at(project(*sorted((FIXTURES / "small").glob("*.bib")))),
                            today=dt.date(2026, 11, 24))
    pages = pipeline.pages(result)
    return result, {path: c.as_markdown() if isinstance(c, Article) else c for path, c in pages.items()}


def test_every_entry_gets_a_paper_page(project):
    result, pages = small_pages(project)
    assert {f"papers/{e.key}.md" for e in result.loaded.entries} <= set(pages)


def test_front_matter_is_valid_yaml_with_escaped_title_and_taxonomy_tags(project):
    _, pages = small_pages(project)
    text = pages["papers/hostile2024script.md"]
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"].startswith("&lt;script&gt;")
    assert meta["tags"] == ["Deception"]


def test_no_raw_markup_from_a_field_reaches_the_page(project):
    _, pages = small_pages(project)
    text = pages["papers/hostile2024script.md"]
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text


def test_tag_page_lists_exactly_the_papers_with_that_tag(project):
    _, pages = small_pages(project)
    listed = set(re.findall(r'data-key="([^"]+)"', pages["tags/backdoors.md"]))
    assert listed == {"hubinger2024sleeper", "macdiarmid2024probes"}


def test_paper_page_links_identifiers_to_their_resolvers(project):
    _, pages = small_pages(project)
    text = pages["papers/ngo2022alignment.md"]
    assert 'href="https://arxiv.org/abs/2209.00626"' in text


def test_links_between_pages_are_relative(project):
    _, pages = small_pages(project)
    assert 'href="../ngo2022alignment/"' in pages["papers/wheaton2023deceptive.md"]
    assert 'href="../../claims/base-goal-first/"' in pages["papers/wheaton2023deceptive.md"]
    assert 'href="../../papers/hubinger2024sleeper/"' in pages["tags/backdoors.md"]


def test_responded_to_by_is_derived_from_responds(project):
    _, pages = small_pages(project)
    assert "Responded to by" in pages["papers/hubinger2024sleeper.md"]
    assert "Simple probes can catch sleeper agents" in pages["papers/hubinger2024sleeper.md"]


def test_invalid_library_is_never_rendered(project):
    result = pipeline.check(pipeline.Project.at(project(FIXTURES / "broken.bib")))
    try:
        pipeline.pages(result)
    except ValueError as exc:
        assert "errors" in str(exc)
    else:
        raise AssertionError("pages() rendered a library with errors")


@pytest.mark.skipif(not forking_is_safe(), reason="needs two cores and fork")
def test_rendering_shared_with_a_helper_process_gives_the_same_pages_in_the_same_order(project):
    result = pipeline.check(pipeline.Project.at(project(*sorted((FIXTURES / "small").glob("*.bib")))),
                            today=dt.date(2026, 11, 24))
    one_core = render_pages(result.library, result.taxonomy, parallel=False)
    shared = render_pages(result.library, result.taxonomy, parallel=True)
    assert list(shared) == list(one_core)
    assert shared == one_core
