"""Rendering: pages for every entry, untrusted text escaped, links relative and safe."""

import datetime as dt
import multiprocessing
import re

import pytest
import yaml

from generators import pipeline, render
from generators.article import Article
from generators.cores import cores, forking_is_safe
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


def link_labels(project, key):
    result = pipeline.check(pipeline.Project.at(project(FIXTURES / "identifier_urls.bib")), today=dt.date(2026, 11, 24))
    return [(link.label, link.url) for link in result.library.by_key[key].links]


def test_a_url_that_is_the_papers_own_arxiv_abstract_is_not_listed_again_as_a_web_page(project):
    assert link_labels(project, "absurl2024same") == [
        ("arXiv 2401.00001", "https://arxiv.org/abs/2401.00001"),
        ("PDF (arXiv)", "https://arxiv.org/pdf/2401.00001")]


def test_a_url_to_arxivs_html_rendering_of_the_paper_is_labelled_as_such(project):
    assert link_labels(project, "htmlurl2024same")[-1] == ("HTML (arXiv)", "https://arxiv.org/html/2401.00002v1")


def test_a_url_to_another_arxiv_paper_stays_a_web_page(project):
    assert link_labels(project, "otherurl2024arxiv")[-1] == ("Web page", "https://arxiv.org/abs/2401.00004")


def test_a_url_that_resolves_the_papers_own_doi_is_not_listed_again(project):
    assert link_labels(project, "doiurl2024same") == [
        ("DOI 10.5555/fixture.2024.002", "https://doi.org/10.5555/fixture.2024.002")]


def test_arxivs_own_doi_and_the_arxiv_id_give_one_abstract_link_and_the_pdf(project):
    assert link_labels(project, "arxivdoi2024same") == [
        ("DOI 10.48550/arXiv.2401.00005", "https://doi.org/10.48550/arXiv.2401.00005"),
        ("PDF (arXiv)", "https://arxiv.org/pdf/2401.00005")]


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


def _small_check(root, **options):
    return pipeline.check(pipeline.Project.at(root), today=dt.date(2026, 11, 24), **options)


@pytest.fixture(params=["one_core", "shared"])
def load_mode(request, monkeypatch):
    """`check` loads the small library here (`one_core`), or shares its two files with a helper
    process, which hands the references it built back (`shared`)."""
    if request.param == "shared":
        if cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
            pytest.skip("needs two cores and fork")
        monkeypatch.setattr("generators.load.PARALLEL_MIN_BYTES", 0)
        # a session fixture may be serving a site from a thread by now; the helper only parses
        monkeypatch.setattr("generators.load.forking_is_safe", lambda: True)
    return request.param


def test_references_built_with_each_file_are_those_built_after_loading(project, load_mode):
    root = project(*sorted((FIXTURES / "small").glob("*.bib")))
    with_files = _small_check(root, model_per_file=True)
    built = [ref for source in with_files.loaded.files for ref in source.references]
    assert len(built) == len(with_files.loaded.entries)
    assert all("links" in vars(ref) and "stance" in vars(ref) for ref in built)  # computed where parsed
    after = _small_check(root)
    assert with_files.library.references == after.library.references
    assert any(ref.responded_by for ref in with_files.library.references)     # backlinks filled too
    assert render_pages(with_files.library, with_files.taxonomy, parallel=False) == \
        render_pages(after.library, after.taxonomy, parallel=False)


def test_a_later_build_of_unchanged_files_makes_references_of_its_own(project):
    """A build adds to its references (backlinks, rendered fragments), so `mkdocs serve` does
    not hand the next build the ones an earlier build used."""
    root = project(*sorted((FIXTURES / "small").glob("*.bib")))
    cache = pipeline.FileCache()
    first = _small_check(root, cache=cache, model_per_file=True).library
    second = _small_check(root, cache=cache, model_per_file=True).library
    assert cache.parsed == []                               # the files were not parsed again
    assert second.references == first.references
    assert not any(a is b for a, b in zip(second.references, first.references))


# A build leaves the rules across entries to `pages`, which runs them beside the rendering when a
# helper process shares it (`shared`) or before it (`one_core`); the outcome is `check`'s.
@pytest.fixture(params=["one_core", "shared"])
def rules_mode(request, monkeypatch):
    if request.param == "shared":
        if cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
            pytest.skip("needs two cores and fork")
        monkeypatch.setattr(render, "PARALLEL_MIN_PAPERS", 1)
        # a session fixture may be serving a site from a thread by now; the helper renders only
        monkeypatch.setattr(render, "forking_is_safe", lambda: True)
    else:
        monkeypatch.setattr(render, "PARALLEL_MIN_PAPERS", 10**9)
    return request.param


def test_library_rules_left_to_pages_find_what_check_finds_but_nearly_identical_titles(project, rules_mode):
    root = project(*sorted((FIXTURES / "small").glob("*.bib")), FIXTURES / "near_duplicate_title.bib")
    today = dt.date(2026, 11, 24)
    full = pipeline.check(pipeline.Project.at(root), today=today)
    deferred = pipeline.check(pipeline.Project.at(root), today=today, library_rules=False)
    titles = [p for p in full.problems if "nearly identical" in p.message]
    assert full.ok and len(titles) == 1 and not titles[0].is_error
    assert pipeline.pages(deferred) == pipeline.pages(full)
    assert sorted(map(str, deferred.problems)) == sorted(str(p) for p in full.problems if p not in titles)


def test_a_work_entered_twice_found_by_pages_stops_the_pages(project, rules_mode):
    root = project(*sorted((FIXTURES / "small").glob("*.bib")), FIXTURES / "same_arxiv.bib")
    result = pipeline.check(pipeline.Project.at(root), library_rules=False)
    assert result.ok                                    # the entry on its own is fine
    with pytest.raises(pipeline.LibraryHasErrors):
        pipeline.pages(result)
    assert any("same arXiv id" in p.message and p.is_error for p in result.problems)


def test_library_errors_found_by_pages_stop_the_pages(project, rules_mode):
    root = project(*sorted((FIXTURES / "small").glob("*.bib")), FIXTURES / "duplicate_a.bib",
                   FIXTURES / "duplicate_b.bib")
    result = pipeline.check(pipeline.Project.at(root), library_rules=False)
    assert result.ok                                    # the entries on their own are fine
    with pytest.raises(pipeline.LibraryHasErrors):
        pipeline.pages(result)
    assert not result.ok
    assert any("duplicate key" in p.message for p in result.problems)
