"""One test per library rule: each problem names the place and says how to fix it."""

import datetime as dt

import pytest

from generators import pipeline
from generators.problems import Severity

TODAY = dt.date(2026, 11, 24)


def entry(key="doe2024work", kind="misc", **fields) -> str:
    base = {"author": "Doe, Jane", "title": "A Work", "year": "2024", "howpublished": "Blog",
            "url": f"https://example.org/{key}", "keywords": "deception", "evidence": "argument",
            "added": "2026-11-01",
            "summary": "A plain entry used by the rule tests; it is valid unless a test changes one of its fields."}
    base.update(fields)
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in base.items() if v is not None)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def problems(project, *entries, name="lib.bib"):
    root = project(texts={name: "\n".join(entries)})
    return pipeline.check(pipeline.Project.at(root), today=TODAY).problems


def only(found, text):
    matches = [p for p in found if text in p.message]
    assert len(matches) == 1, found
    return matches[0]


def test_a_valid_entry_has_no_problem(project):
    assert problems(project, entry()) == []


def test_same_doi_twice_is_an_error_naming_the_first(project):
    p = only(problems(project, entry("a2024x", doi="10.1234/ABC"), entry("b2024y", title="Other", doi="10.1234/abc")),
             "same DOI")
    assert p.key == "b2024y" and "`a2024x`" in p.message and p.is_error


def test_same_arxiv_id_whatever_the_version_is_an_error(project):
    found = problems(project, entry("a2024x", eprint="2401.05566v1", archiveprefix="arXiv"),
                     entry("b2024y", title="Other", eprint="2401.05566v3", archiveprefix="arXiv"))
    assert only(found, "same arXiv id").key == "b2024y"


def test_near_identical_title_and_year_is_a_warning(project):
    p = only(problems(project, entry("a2024x", title="Sleeper Agents: Training Deceptive LLMs"),
                      entry("b2024y", title="Sleeper agents - training deceptive LLMs")), "nearly identical")
    assert p.severity is Severity.WARNING and p.key == "b2024y"


def test_same_title_in_different_years_is_not_flagged(project):
    assert problems(project, entry("a2023x", year="2023"), entry("b2024y")) == []


def test_keys_that_map_to_the_same_page_are_an_error(project):
    p = only(problems(project, entry("Doe2024Work"), entry("doe2024work", title="Other")), "share the page")
    assert "papers/doe2024work/" in p.message


@pytest.mark.parametrize("kind,field", [("article", "journal"), ("inproceedings", "booktitle"),
                                        ("techreport", "institution"), ("book", "publisher")])
def test_each_entry_type_requires_its_venue_field(project, kind, field):
    p = only(problems(project, entry(kind=kind, howpublished=None)), f"missing field `{field}`")
    assert p.hint


@pytest.mark.parametrize("year", ["20x4", "1850", "2031", "24"])
def test_an_implausible_year_is_an_error(project, year):
    assert only(problems(project, entry(year=year)), "not a plausible year").line == 4


def test_a_biblatex_date_stands_in_for_year(project):
    assert problems(project, entry(year=None, date="2024-03-01")) == []


def test_unknown_claim_suggests_the_nearest(project):
    p = only(problems(project, entry(supports="reward-hacks")), "unknown claim")
    assert p.hint == "did you mean `reward-hacking`?"


def test_unknown_evidence_kind_suggests_the_nearest(project):
    assert only(problems(project, entry(evidence="lab-demo")), "unknown evidence kind").hint.startswith("did you mean")


def test_a_claim_both_supported_and_challenged_is_an_error(project):
    only(problems(project, entry(supports="power-seeking", challenges="power-seeking")), "both supported and challenged")


def test_responds_naming_an_unknown_key_is_an_error(project):
    p = only(problems(project, entry("a2024x"), entry("b2024y", title="Reply", responds="a2024xx")), "unknown key")
    assert p.hint == "did you mean `a2024x`?"


def test_malformed_doi_and_arxiv_id_are_errors(project):
    found = problems(project, entry(doi="doi.org/10.1", eprint="24010.5566", archiveprefix="arXiv"))
    only(found, "malformed DOI")
    only(found, "malformed arXiv id")


def test_missing_summary_is_an_error_and_an_overlong_one_too(project):
    assert only(problems(project, entry(summary=None)), "missing field `summary`").is_error
    assert only(problems(project, entry(summary="Long. " * 300)), "at most 1200").is_error


def test_malformed_or_future_added_date_is_an_error(project):
    only(problems(project, entry(added="24/11/2026")), "is not a date")
    only(problems(project, entry(added="2027-01-01")), "in the future")


def test_no_identifier_at_all_is_an_error(project):
    only(problems(project, entry(url=None)), "no identifier")


def test_every_problem_of_every_entry_is_reported_in_one_run(project):
    found = problems(project, entry("a2024x", year="abcd"), entry("b2024y", title="B", keywords="nope"),
                     entry("c2024z", title="C", url="ftp://example.org/x"))
    assert {p.key for p in found if p.is_error} == {"a2024x", "b2024y", "c2024z"}


def test_latex_that_cannot_be_decoded_is_a_warning(project):
    p = only(problems(project, entry(title=r"A \href{https://example.org}{link} in a title")), "could not be decoded")
    assert p.severity is Severity.WARNING and p.line == 3
