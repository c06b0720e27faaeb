"""The search index job: built from the papers in a child process, errors reported, never stale."""

import datetime as dt
import json

import pytest

from generators import pipeline
from generators.paths import UnsafePathError
from generators.search_index import IndexJob, SearchIndexError, build_index, records, scratch_parent, write_record_pages
from conftest import FIXTURES


@pytest.fixture(scope="module")
def small_records(tmp_path_factory):
    from conftest import make_site_project

    root = make_site_project(tmp_path_factory.mktemp("idx"), *sorted((FIXTURES / "small").glob("*.bib")))
    result = pipeline.check(pipeline.Project.at(root), today=dt.date(2026, 11, 24))
    return records(result.library, result.taxonomy)


def _page_count(bundle):
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(lang["page_count"] for lang in entry["languages"].values())


def test_the_job_indexes_every_paper_in_a_child_process(small_records, tmp_path):
    stats = IndexJob.start(small_records, tmp_path / "pagefind").wait()
    assert stats.pages == len(small_records) == _page_count(tmp_path / "pagefind")
    assert stats.peak_rss_bytes > 0


def test_a_rebuild_leaves_no_chunk_of_the_previous_index(small_records, tmp_path):
    bundle = tmp_path / "pagefind"
    build_index(small_records, bundle)
    stale = bundle / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"old")
    build_index(small_records[:2], bundle)
    assert not stale.exists() and _page_count(bundle) == 2


def test_a_failing_pagefind_is_reported_with_a_hint_not_a_traceback(small_records, tmp_path):
    blocked = tmp_path / "site"
    blocked.write_text("a file where the site folder should be", encoding="utf-8")
    with pytest.raises(SearchIndexError) as caught:
        IndexJob.start(small_records, blocked / "pagefind").wait()
    message = str(caught.value)
    assert "pagefind failed" in message and "Traceback" not in message


def test_a_cancelled_job_stops_and_cleans_up(small_records, tmp_path):
    job = IndexJob.start(small_records, tmp_path / "pagefind")
    job.cancel()
    assert job._proc.returncode is not None and not job._records_file.exists()


def test_record_pages_go_to_the_folder_in_memory_when_it_has_room(tmp_path):
    assert scratch_parent(10_000, str(tmp_path)) == str(tmp_path)


def test_record_pages_go_to_the_temporary_folder_when_memory_is_short(tmp_path):
    assert scratch_parent(10**13, str(tmp_path)) is None        # 40 PB of pages
    assert scratch_parent(10, str(tmp_path / "missing")) is None


def test_a_record_page_path_cannot_leave_its_folder(small_records, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    evil = dict(small_records[0], path="../outside/index.html")
    with pytest.raises(UnsafePathError):
        write_record_pages([evil], folder)
    assert not (tmp_path / "outside").exists()
