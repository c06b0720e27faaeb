"""`python -m generators add`: against a real HTTP server on 127.0.0.1 that answers like arXiv,
Crossref, doi.org and a blog do, and fails like they do. After every failure the library file
must be byte-for-byte what it was."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from werkzeug import Response

from conftest import ROOT, make_project
from fixtures.http.support import closed_port_url, module_server, payload, server  # noqa: F401 (fixtures)
from generators import cli
from generators.add import Identifier, make_key, parse_identifier
from generators.load import load_text
from generators.metadata import Name, Work
from generators.pipeline import Project, check

TODAY = dt.date.today().isoformat()
LIBRARY = ("reward.bib", "deception.bib", "framing.bib", "power.bib")
ARXIV_XML = {"Content-Type": "application/atom+xml; charset=utf-8"}


@pytest.fixture
def root(tmp_path, server, monkeypatch):
    """A copy of part of the real library, with every service pointed at the local server."""
    make_project(tmp_path, *(ROOT / "references" / name for name in LIBRARY))
    monkeypatch.setenv("ARXIV_API_URL", server.url_for("/api/query"))
    monkeypatch.setenv("CROSSREF_API_URL", server.url_for("/works"))
    monkeypatch.setenv("DOI_RESOLVER_URL", server.url_for("/doi"))
    monkeypatch.setenv("MET_HTTP_BACKOFF", "0")
    monkeypatch.setenv("MET_HTTP_RETRIES", "2")
    monkeypatch.setenv("MET_HTTP_TIMEOUT", "10")   # generous: the suite runs builds in parallel; timeout tests set their own
    return tmp_path


@pytest.fixture
def snapshot(root):
    """Bytes of every .bib file now; call it again later to compare."""
    def take():
        return {p.name: p.read_bytes() for p in sorted((root / "references").glob("*.bib"))}
    return take


def add(root, capsys, *args):
    code = cli.main(["add", *args, "--root", str(root)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def serve_arxiv(server, name="arxiv_2501.99999.xml", id_list="2501.99999"):
    server.expect_request("/api/query", query_string={"id_list": id_list, "max_results": "1"}).respond_with_data(
        payload(name), headers=ARXIV_XML)


def added_entry(root, file, key):
    source = load_text((root / "references" / file).read_text(encoding="utf-8"), file)
    return next(e for e in source.entries if e.key == key)


# ------------------------------------------------------------------------------ identifiers

@pytest.mark.parametrize("text, expected", [
    ("2401.05566", Identifier("arxiv", "2401.05566")),
    ("2401.05566v2", Identifier("arxiv", "2401.05566", "v2")),
    ("arXiv:2401.05566", Identifier("arxiv", "2401.05566")),
    ("hep-th/9901001", Identifier("arxiv", "hep-th/9901001")),
    ("hep-th/9901001v3", Identifier("arxiv", "hep-th/9901001", "v3")),
    ("https://arxiv.org/abs/2401.05566v1", Identifier("arxiv", "2401.05566", "v1")),
    ("https://arxiv.org/pdf/2401.05566", Identifier("arxiv", "2401.05566")),
    ("10.1162/artl_a_00319", Identifier("doi", "10.1162/artl_a_00319")),
    ("https://doi.org/10.1162/artl_a_00319", Identifier("doi", "10.1162/artl_a_00319")),
    ("10.48550/arXiv.2209.00626", Identifier("arxiv", "2209.00626")),
    ("https://www.lesswrong.com/posts/abc/title", Identifier("url", "https://www.lesswrong.com/posts/abc/title")),
])
def test_identifier_forms_are_recognised(text, expected):
    assert parse_identifier(text) == expected


def test_a_non_identifier_is_refused_with_exit_2_and_nothing_fetched(root, server, snapshot, capsys):
    before = snapshot()
    code, out, err = add(root, capsys, "javascript:alert(1)", "--tags", "reward-hacking")
    assert code == 2
    assert "is not an arXiv id" in err
    assert server.log == [] and snapshot() == before


# ------------------------------------------------------------------------------- the key

def test_key_is_first_author_last_name_year_and_first_word_skipping_stop_words():
    work = Work(title="The Fixture Study of Reward Hacking", authors=[Name("van Exämple", "Ada")], year="2025")
    assert make_key(work, set()) == "vanexample2025fixture"


def test_key_is_made_unique_with_b_then_c():
    work = Work(title="On Fixtures", authors=[Name("Example", "Ada")], year="2025")
    assert make_key(work, {"example2025fixtures"}) == "example2025fixturesb"
    assert make_key(work, {"example2025fixtures", "example2025fixturesb"}) == "example2025fixturesc"


# ------------------------------------------------------------------------- successful adds

def test_arxiv_id_becomes_a_normalized_entry_appended_to_the_first_tags_file(root, server, snapshot, capsys):
    serve_arxiv(server)
    before = snapshot()
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking,sycophancy",
                         "--supports", "reward-hacking", "--evidence", "lab-demonstration")
    assert code == 0, err
    entry = added_entry(root, "reward.bib", "example2025fixture")
    assert entry.entry_type == "misc"
    assert entry.fields["title"] == r"The Fixture Study of Reward Hacking in Replayed Test Servers \& Mirrors"
    assert entry.fields["author"] == "Exämple, Ada and van Testwright, Bo"
    assert entry.fields["year"] == "2025"
    assert entry.fields["howpublished"] == "arXiv preprint"
    assert (entry.fields["eprint"], entry.fields["archiveprefix"], entry.fields["primaryclass"]) == (
        "2501.99999", "arXiv", "cs.LG")
    assert entry.fields["keywords"] == "reward-hacking, sycophancy"
    assert entry.fields["added"] == TODAY
    assert entry.fields["abstract"].startswith("This is test-fixture data") and r"100\% correct" in entry.fields["abstract"]
    assert "summary" not in entry.fields
    after = snapshot()
    assert after["reward.bib"].startswith(before["reward.bib"].rstrip(b"\n") + b"\n\n@misc{example2025fixture,")
    assert {k: v for k, v in after.items() if k != "reward.bib"} == {k: v for k, v in before.items() if k != "reward.bib"}
    assert "@misc{example2025fixture," in out
    assert "added `example2025fixture` to references/reward.bib:" in err


def test_added_entry_is_in_canonical_style_and_the_library_has_no_new_error_but_the_summary(root, server, capsys):
    serve_arxiv(server)
    add(root, capsys, "2501.99999", "--tags", "reward-hacking", "--evidence", "lab-demonstration")
    result = check(Project.at(root))
    errors = [p for p in result.problems if p.is_error]
    assert [(p.key, p.message) for p in errors] == [("example2025fixture", "missing field `summary`")]
    assert cli.main(["format", "--check", "--root", str(root), str(root / "references" / "reward.bib")]) == 0


def test_contributor_is_reminded_to_write_the_summary_and_choose_claims(root, server, capsys):
    serve_arxiv(server)
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking", "--evidence", "lab-demonstration")
    assert code == 0
    assert "reminder: write the `summary` of example2025fixture" in err
    assert "reminder: choose claims" in err


def test_arxiv_url_with_a_version_asks_for_that_version_and_stores_the_id_without_it(root, server, capsys):
    serve_arxiv(server, id_list="2501.99999v2")
    code, out, err = add(root, capsys, "https://arxiv.org/abs/2501.99999v2", "--tags", "deception")
    assert code == 0, err
    assert added_entry(root, "deception.bib", "example2025fixture").fields["eprint"] == "2501.99999"


def test_crossref_doi_gives_a_journal_article_with_plain_text_abstract(root, server, capsys):
    server.expect_request("/works/10.5555/fixture.2024.001").respond_with_data(
        payload("crossref_10.5555_fixture.2024.001.json"), content_type="application/json")
    code, out, err = add(root, capsys, "https://doi.org/10.5555/fixture.2024.001", "--tags", "specification-gaming")
    assert code == 0, err
    entry = added_entry(root, "reward.bib", "fixturejones2024specification")
    assert entry.entry_type == "article"
    assert entry.fields["journal"] == "Journal of Test Fixtures"
    assert entry.fields["author"] == "Fixture-Jones, Carla and O’Sample, Dan"
    assert entry.fields["doi"] == "10.5555/fixture.2024.001"
    assert "url" not in entry.fields                      # it was only the doi.org link
    assert entry.fields["abstract"].startswith("Test-fixture data, not a real article. Agents") and "<jats" not in entry.fields["abstract"]


def test_doi_unknown_to_crossref_falls_back_to_doi_org_bibtex_through_a_redirect(root, server, capsys):
    server.expect_request("/works/10.5555/fixture.2023.bib").respond_with_data(
        "Resource not found.", status=404, content_type="text/plain")
    server.expect_request("/doi/10.5555/fixture.2023.bib").respond_with_data(
        "", status=302, headers={"Location": server.url_for("/data/10.5555/fixture.2023.bib")})
    server.expect_request("/data/10.5555/fixture.2023.bib").respond_with_data(
        payload("doi_10.5555_fixture.2023.bib"), content_type="application/x-bibtex; charset=utf-8")
    code, out, err = add(root, capsys, "10.5555/fixture.2023.bib", "--tags", "sycophancy")
    assert code == 0, err
    entry = added_entry(root, "reward.bib", "rivera2023sycophancy")
    assert entry.entry_type == "inproceedings"
    assert entry.fields["booktitle"] == "Proceedings of the Workshop on Test Fixtures"
    assert entry.fields["author"] == "Rivera, Eve and Müller, Finn"
    assert entry.fields["doi"] == "10.5555/fixture.2023.bib"
    accept = [req.headers.get("Accept") for req, _ in server.log if req.path.startswith("/doi/")]
    assert accept and "application/x-bibtex" in accept[0]


def test_blog_post_uses_its_opengraph_tags(root, server, capsys):
    server.expect_request("/posts/fixture").respond_with_data(payload("post_opengraph.html"),
                                                              content_type="text/html; charset=utf-8")
    code, out, err = add(root, capsys, server.url_for("/posts/fixture"), "--tags", "deception")
    assert code == 0, err
    entry = added_entry(root, "deception.bib", "placeholder2023deception")
    assert entry.entry_type == "misc"
    assert entry.fields["title"] == "Deception Without Training Pressure? A Fixture Post"
    assert entry.fields["author"] == "Placeholder, Grace"
    assert entry.fields["year"] == "2023"
    assert entry.fields["howpublished"] == "LessWrong"
    assert entry.fields["url"].startswith("https://www.lesswrong.com/posts/fixture0000000000/")


def test_page_citation_tags_win_over_opengraph(root, server, capsys):
    server.expect_request("/paper").respond_with_data(payload("paper_citation.html"), content_type="text/html")
    code, out, err = add(root, capsys, server.url_for("/paper"), "--tags", "power-seeking")
    assert code == 0, err
    entry = added_entry(root, "power.bib", "hopper2022power")
    assert entry.entry_type == "inproceedings"
    assert entry.fields["title"] == "Power-Seeking in Fixture Gridworlds"
    assert entry.fields["author"] == "Hopper, Ida and de la Cruz, Jun Q."
    assert entry.fields["booktitle"] == "Workshop on Fixture Environments"
    assert entry.fields["url"] == server.url_for("/paper")


def test_dry_run_prints_the_entry_and_writes_nothing(root, server, snapshot, capsys):
    serve_arxiv(server)
    before = snapshot()
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking", "--dry-run")
    assert code == 0, err
    assert out.startswith("@misc{example2025fixture,\n  author = {Exämple, Ada and van Testwright, Bo},")
    assert "nothing was written" in err
    assert snapshot() == before


def test_explicit_file_overrides_the_tag_group(root, server, capsys):
    serve_arxiv(server)
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking", "--file", "references/framing.bib")
    assert code == 0, err
    assert added_entry(root, "framing.bib", "example2025fixture")


def test_redirected_arxiv_api_is_followed(root, server, capsys):
    server.expect_request("/api/query").respond_with_data(
        "", status=301, headers={"Location": server.url_for("/v2/query") + "?id_list=2501.99999&max_results=1"})
    server.expect_request("/v2/query").respond_with_data(payload("arxiv_2501.99999.xml"), headers=ARXIV_XML)
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking")
    assert code == 0, err


# ------------------------------------------------------------------- refusals: nothing written

def test_work_already_in_the_library_by_arxiv_id_is_refused_before_any_request(root, server, snapshot, capsys):
    before = snapshot()
    code, out, err = add(root, capsys, "https://arxiv.org/abs/2209.00626v3", "--tags", "threat-models")
    assert code == 1
    assert "already in the library: `ngo2022alignment` (references/framing.bib:3)" in err
    assert server.log == [] and snapshot() == before


def test_work_already_in_the_library_by_arxiv_doi_is_refused(root, server, snapshot, capsys):
    before = snapshot()
    code, out, err = add(root, capsys, "10.48550/arXiv.2209.00626", "--tags", "threat-models")
    assert code == 1 and "`ngo2022alignment`" in err
    assert snapshot() == before


def test_work_already_in_the_library_by_title_two_years_apart_is_refused_after_fetching(root, server, snapshot, capsys):
    # the library cites the ICLR 2024 version; the fixture is a 2022 preprint of it
    serve_arxiv(server, name="arxiv_same_title.xml", id_list="2212.99998")
    before = snapshot()
    code, out, err = add(root, capsys, "2212.99998", "--tags", "threat-models")
    assert code == 1
    assert ("already in the library: `ngo2022alignment` (references/framing.bib:3), "
            "nearly the same title (2024 there, 2022 here)") in err
    assert snapshot() == before


def test_same_title_three_years_apart_is_taken_as_another_work(root, server, capsys):
    serve_arxiv(server, name="arxiv_same_title_older.xml", id_list="2112.99997")
    code, out, err = add(root, capsys, "2112.99997", "--tags", "threat-models")
    assert code == 0, err


def test_unknown_tag_stops_with_did_you_mean(root, server, snapshot, capsys):
    before = snapshot()
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hackin")
    assert code == 2 and "unknown tag `reward-hackin`" in err and "did you mean `reward-hacking`?" in err
    assert snapshot() == before


def test_unknown_claim_stops_the_command_after_validation(root, server, snapshot, capsys):
    serve_arxiv(server)
    before = snapshot()
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking", "--supports", "reward-hackin")
    assert code == 1
    assert "unknown claim `reward-hackin` in `supports`" in err and "did you mean `reward-hacking`?" in err
    assert snapshot() == before


def test_no_tags_and_no_file_is_a_usage_error(root, server, snapshot, capsys):
    before = snapshot()
    code, out, err = add(root, capsys, "2501.99999")
    assert code == 2 and "--file" in err
    assert snapshot() == before


# ----------------------------------------------------------------- faults: nothing written

def test_unknown_arxiv_id_from_an_empty_feed(root, server, snapshot, capsys):
    serve_arxiv(server, name="arxiv_empty.xml", id_list="2501.00000")
    before = snapshot()
    code, out, err = add(root, capsys, "2501.00000", "--tags", "reward-hacking")
    assert code == 1 and "unknown arXiv id 2501.00000" in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot() == before


def test_http_404_is_an_unknown_id(root, server, snapshot, capsys):
    server.expect_request("/api/query").respond_with_data("not found", status=404)
    before = snapshot()
    code, out, err = add(root, capsys, "2501.00000", "--tags", "reward-hacking")
    assert code == 1 and "unknown arXiv id 2501.00000" in err
    assert snapshot() == before


def test_unknown_doi_everywhere_is_reported_once(root, server, snapshot, capsys):
    server.expect_request("/works/10.5555/none").respond_with_data("Resource not found.", status=404)
    server.expect_request("/doi/10.5555/none").respond_with_data("DOI Not Found", status=404)
    before = snapshot()
    code, out, err = add(root, capsys, "10.5555/none", "--tags", "reward-hacking")
    assert code == 1 and "unknown DOI 10.5555/none" in err
    assert snapshot() == before


def test_slow_answer_hits_the_read_timeout(root, server, snapshot, capsys, monkeypatch):
    monkeypatch.setenv("MET_HTTP_TIMEOUT", "0.3")
    monkeypatch.setenv("MET_HTTP_RETRIES", "1")

    finished = threading.Semaphore(0)

    def slow(request):
        time.sleep(1.0)
        finished.release()
        return Response(payload("arxiv_2501.99999.xml"), content_type="application/atom+xml")

    server.expect_request("/api/query").respond_with_handler(slow)
    before = snapshot()
    started = time.monotonic()
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking")
    assert code == 1
    assert "did not answer within 0.3 s (2 attempts)" in err
    assert time.monotonic() - started < 1.5
    assert snapshot() == before
    for _ in range(2):                    # let the server finish both answers before the next test
        finished.acquire(timeout=3)
    deadline = time.monotonic() + 3       # the server logs an answer only after its handler returns
    while len(server.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)


def test_429_with_retry_after_is_waited_out_then_succeeds(root, server, capsys):
    server.expect_oneshot_request("/api/query").respond_with_data("Too Many Requests", status=429,
                                                                  headers={"Retry-After": "1"})
    serve_arxiv(server)
    started = time.monotonic()
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking")
    assert code == 0, err
    assert time.monotonic() - started >= 1.0         # backoff is 0: only Retry-After made it wait
    assert len(server.log) == 2


def test_500_then_success_is_retried(root, server, capsys):
    server.expect_oneshot_request("/api/query").respond_with_data("Internal Server Error", status=500)
    serve_arxiv(server)
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking")
    assert code == 0, err
    assert [resp.status_code for _, resp in server.log] == [500, 200]


def test_persistent_503_gives_up_after_the_retries(root, server, snapshot, capsys):
    server.expect_request("/api/query").respond_with_data("Service Unavailable", status=503)
    before = snapshot()
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking")
    assert code == 1 and "answered 503" in err and "after 3 attempts" in err
    assert len(server.log) == 3
    assert snapshot() == before


@pytest.mark.parametrize("body, message", [
    (payload("arxiv_2501.99999.xml")[:700], "not valid XML"),
    (b"<html><body>Rate limited</body></html>", "not an Atom feed"),
])
def test_truncated_or_wrong_arxiv_payload_is_malformed(root, server, snapshot, capsys, body, message):
    server.expect_request("/api/query").respond_with_data(body, headers=ARXIV_XML)
    before = snapshot()
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking")
    assert code == 1 and message in err
    assert snapshot() == before


def test_truncated_crossref_json_and_unreadable_doi_org_answer_are_malformed(root, server, snapshot, capsys):
    server.expect_request("/works/10.5555/fixture.2024.001").respond_with_data(
        payload("crossref_10.5555_fixture.2024.001.json")[:500], content_type="application/json")
    server.expect_request("/doi/10.5555/fixture.2024.001").respond_with_data(
        b'[{"title": "cut', content_type="application/vnd.citationstyles.csl+json")
    before = snapshot()
    code, out, err = add(root, capsys, "10.5555/fixture.2024.001", "--tags", "reward-hacking")
    assert code == 1 and "not valid JSON" in err
    assert snapshot() == before


def test_offline_is_one_clear_line(root, snapshot, capsys, monkeypatch):
    monkeypatch.setenv("ARXIV_API_URL", closed_port_url())
    before = snapshot()
    code, out, err = add(root, capsys, "2501.99999", "--tags", "reward-hacking")
    assert code == 1
    assert err.strip().splitlines() == [err.strip()]
    assert "cannot reach 127.0.0.1" in err and "nothing was written" in err
    assert snapshot() == before


def test_page_without_any_title_is_malformed(root, server, snapshot, capsys):
    server.expect_request("/empty").respond_with_data("<html><head></head><body>hi</body></html>",
                                                      content_type="text/html")
    before = snapshot()
    code, out, err = add(root, capsys, server.url_for("/empty"), "--tags", "deception")
    assert code == 1 and "page has no title" in err
    assert snapshot() == before
