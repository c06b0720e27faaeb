"""Validation: every problem, with file, line, key and a hint; errors and warnings told apart."""

import datetime as dt

from generators import pipeline
from generators.problems import Severity
from conftest import FIXTURES

TODAY = dt.date(2026, 11, 24)


def check(project_root):
    return pipeline.check(pipeline.Project.at(project_root), today=TODAY)


def messages(result, key=None):
    return [p.message for p in result.problems if key is None or p.key == key]


def test_the_small_fixture_library_is_clean(project):
    result = check(project(*sorted((FIXTURES / "small").glob("*.bib"))))
    assert result.problems == []
    assert result.ok


def test_parse_failure_is_an_error_with_file_and_line(project):
    result = check(project(FIXTURES / "broken.bib"))
    errors = [p for p in result.problems if p.is_error]
    assert any(p.file == "references/broken.bib" and p.line == 14 for p in errors)
    assert not result.ok


def test_duplicate_keys_across_files_name_both_places(project):
    result = check(project(FIXTURES / "duplicate_a.bib", FIXTURES / "duplicate_b.bib"))
    dup = [p for p in result.problems if "duplicate key" in p.message]
    assert len(dup) == 1
    assert dup[0].file == "references/duplicate_b.bib" and dup[0].line == 2
    assert "references/duplicate_a.bib:1" in dup[0].message


def test_unknown_tag_suggests_the_nearest_taxonomy_tag(project):
    result = check(project(FIXTURES / "unknown_tag.bib"))
    [problem] = [p for p in result.problems if "unknown tag" in p.message]
    assert problem.line == 7
    assert "did you mean `reward-hacking`?" in problem.hint


def test_missing_author_title_year_and_venue_are_each_reported(project):
    result = check(project(FIXTURES / "missing_fields.bib"))
    found = messages(result, "bare2024entry")
    for name in ("author", "title", "year", "journal"):
        assert f"missing field `{name}`" in found


def test_warnings_do_not_fail_the_check(project):
    text = FIXTURES.joinpath("small", "framing.bib").read_text().replace("  added = {2026-11-20},\n", "")
    result = check(project(texts={"framing.bib": text}))
    assert [p.severity for p in result.problems] == [Severity.WARNING]
    assert result.ok


def test_javascript_url_is_refused(project):
    text = FIXTURES.joinpath("small", "framing.bib").read_text().replace(
        "https://www.lesswrong.com/posts/RTkatYxJWvXR4Qbyd/deceptive-alignment-is-less-than-1-likely-by-default",
        "javascript:alert(1)")
    result = check(project(texts={"framing.bib": text}))
    assert any("not an http(s) URL" in m for m in messages(result, "wheaton2023deceptive"))
    assert not result.ok


def test_a_missing_taxonomy_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "references").mkdir()
    result = check(tmp_path)
    assert not result.ok
    assert any("taxonomy" in p.message for p in result.problems)
