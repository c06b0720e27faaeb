"""A paper's stance is read through each claim's side in the taxonomy: supporting a reassuring
claim counts against the risk case, and challenging one counts towards it."""

import datetime as dt

import pytest

from generators import pipeline
from generators.article import Article
from generators.taxonomy import load_taxonomy
from conftest import FIXTURES, TAXONOMY

STANCE_BIB = FIXTURES / "stance" / "stance.bib"


@pytest.fixture
def stance_result(project):
    result = pipeline.check(pipeline.Project.at(project(STANCE_BIB)), today=dt.date(2026, 11, 25))
    assert result.ok, result.problems
    return result


def stance_of(result, key):
    return next(r for r in result.library.references if r.key == key).stance.value


def page(result, path):
    content = pipeline.pages(result)[path]
    return content.as_markdown() if isinstance(content, Article) else content


def test_the_taxonomy_marks_oversight_and_base_goal_first_as_reassuring():
    taxonomy, _ = load_taxonomy(TAXONOMY)
    assert taxonomy.reassuring_claims == {"oversight-detects", "base-goal-first"}


def test_supporting_only_a_reassuring_claim_is_a_counterargument(stance_result):
    assert stance_of(stance_result, "stance2024catches") == "counterargument"


def test_challenging_only_a_reassuring_claim_is_evidence(stance_result):
    assert stance_of(stance_result, "stance2024evades") == "evidence"


def test_supporting_a_reassuring_claim_and_challenging_a_risk_claim_is_a_counterargument(stance_result):
    assert stance_of(stance_result, "stance2024ordering") == "counterargument"


def test_supporting_a_risk_claim_and_a_reassuring_claim_is_mixed(stance_result):
    assert stance_of(stance_result, "stance2024caught") == "mixed"


def test_the_paper_page_badge_shows_the_derived_stance(stance_result):
    text = page(stance_result, "papers/stance2024catches.md")
    assert 'class="met-badge met-badge--counterargument"' in text


def test_a_reassuring_claims_page_says_which_way_its_papers_count(stance_result):
    assert "A reassuring claim:" in page(stance_result, "claims/oversight-detects.md")
    assert "A reassuring claim:" not in page(stance_result, "claims/reward-hacking.md")


def test_the_claims_index_marks_the_reassuring_claims(stance_result):
    text = page(stance_result, "claims/index.md")
    rows = {line.split('data-claim="')[1].split('"')[0]: line for line in text.splitlines() if 'data-claim="' in line}
    marked = {claim for claim, row in rows.items() if "met-side-chip" in row}
    assert marked == {"oversight-detects", "base-goal-first"}


def test_a_claim_without_a_side_is_refused_with_its_line(tmp_path):
    text = TAXONOMY.read_text()
    line = text.splitlines().index("    side: reassurance") + 1
    path = tmp_path / "taxonomy.yml"
    path.write_text(text.replace("    side: reassurance\n", "", 1), encoding="utf-8")
    taxonomy, problems = load_taxonomy(path)
    assert taxonomy is None
    [problem] = problems
    assert "side" in problem.message and "Field required" in problem.message
    assert problem.line == line - 3       # the claim's `- id:` line


def test_a_side_other_than_risk_or_reassurance_is_refused(tmp_path):
    path = tmp_path / "taxonomy.yml"
    path.write_text(TAXONOMY.read_text().replace("    side: reassurance\n", "    side: comforting\n", 1),
                    encoding="utf-8")
    _, problems = load_taxonomy(path)
    assert any("side" in p.message and "'risk' or 'reassurance'" in p.message for p in problems)


def test_a_paper_page_marks_a_reassuring_claim_and_says_how_it_counts(stance_result):
    text = page(stance_result, "papers/stance2024evades.md")
    assert 'Oversight detects misalignment</a> <span class="met-side-chip">reassuring</span>' in text
    assert "evidence against it counts towards the risk case" in text


def test_a_paper_page_without_a_reassuring_claim_has_no_such_note(project):
    result = pipeline.check(pipeline.Project.at(project(FIXTURES / "claims" / "claims.bib")),
                            today=dt.date(2026, 11, 25))
    text = page(result, "papers/fixture2021alpha.md")
    assert "met-side-chip" not in text and '<p class="met-side">' not in text


def test_the_browse_table_marks_reassuring_claims(stance_result):
    text = page(stance_result, "browse.md")
    assert "− Oversight detects misalignment (reassuring)</span>" in text
    assert "+ Reward hacking</span>" in text


def test_the_coverage_table_marks_the_reassuring_claims(stance_result):
    text = page(stance_result, "coverage.md")
    rows = {line.split('data-claim="')[1].split('"')[0]: line for line in text.splitlines() if 'data-claim="' in line}
    assert {claim for claim, row in rows.items() if "met-side-chip" in row} == {"oversight-detects", "base-goal-first"}


def test_a_tag_page_says_its_sections_are_the_overall_stance(stance_result):
    assert "stance towards the risk case as a whole" in page(stance_result, "tags/chain-of-thought.md")
