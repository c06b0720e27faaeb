"""`python -m generators links`, against a fixture library whose DOIs and URLs point at 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time

import pytest
from werkzeug import Response

from conftest import make_project
from fixtures.http.support import closed_port_url, module_server, server  # noqa: F401 (fixtures)
from generators import cli


def entry(key: str, **fields: str) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n  title = {{Fixture {key}}},\n{body}\n}}\n\n"


@pytest.fixture
def env(server, monkeypatch):
    monkeypatch.setenv("DOI_RESOLVER_URL", server.url_for("/doi"))
    monkeypatch.setenv("MET_HTTP_BACKOFF", "0")
    monkeypatch.setenv("MET_HTTP_RETRIES", "1")
    monkeypatch.setenv("MET_HTTP_TIMEOUT", "10")   # generous: the suite runs builds in parallel


def library(tmp_path, text: str):
    return make_project(tmp_path, texts={"links.bib": text})


def links(root, capsys, *args):
    code = cli.main(["links", "--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_broken_links_are_reported_with_file_line_and_key_and_exit_0(tmp_path, server, env, capsys):
    server.expect_request("/fine").respond_with_data("ok")
    server.expect_request("/gone").respond_with_data("", status=404)
    root = library(tmp_path, entry("fine2024", url=server.url_for("/fine"))
                   + entry("gone2024", year="2024", url=server.url_for("/gone")))
    code, out, err = links(root, capsys)
    assert code == 0
    assert f"references/links.bib:9: gone2024: broken: {server.url_for('/gone')} (HTTP 404)" in out
    assert "fine2024" not in out
    assert out.strip().endswith("checked 2 distinct links: 1 broken, 0 unverified")


def test_strict_exits_1_only_when_a_link_is_broken(tmp_path, server, env, capsys):
    server.expect_request("/fine").respond_with_data("ok")
    root = library(tmp_path, entry("fine2024", url=server.url_for("/fine")))
    assert links(root, capsys, "--strict")[0] == 0
    server.expect_request("/gone").respond_with_data("", status=410)
    (root / "references" / "more.bib").write_text(entry("gone2024", url=server.url_for("/gone")))
    assert links(root, capsys, "--strict")[0] == 1


def test_head_refused_with_405_falls_back_to_get(tmp_path, server, env, capsys):
    server.expect_request("/nohead", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/nohead", method="GET").respond_with_data("the page")
    root = library(tmp_path, entry("nohead2024", url=server.url_for("/nohead")))
    code, out, err = links(root, capsys, "--format", "json")
    assert json.loads(out)["broken"] == []
    assert [req.method for req, _ in server.log] == ["HEAD", "GET"]


def test_dois_are_checked_at_the_configured_resolver_and_redirects_followed(tmp_path, server, env, capsys):
    server.expect_request("/doi/10.5555/fixture.2024.001").respond_with_data(
        "", status=302, headers={"Location": server.url_for("/landing")})
    server.expect_request("/landing").respond_with_data("landing page")
    server.expect_request("/doi/10.5555/missing").respond_with_data("DOI Not Found", status=404)
    root = library(tmp_path, entry("ok2024", doi="10.5555/fixture.2024.001") + entry("bad2024", doi="10.5555/missing"))
    code, out, err = links(root, capsys, "--format", "json")
    report = json.loads(out)
    assert report["checked"] == 2
    assert [(b["key"], b["url"], b["status"]) for b in report["broken"]] == [
        ("bad2024", server.url_for("/doi/10.5555/missing"), 404)]


def test_unreachable_host_is_broken_and_forbidden_is_only_unverified(tmp_path, server, env, capsys):
    server.expect_request("/robots-not-welcome").respond_with_data("", status=403)
    dead = closed_port_url() + "/page"
    root = library(tmp_path, entry("dead2024", url=dead) + entry("shy2024", url=server.url_for("/robots-not-welcome")))
    report = json.loads(links(root, capsys, "--format", "json")[1])
    assert [(b["key"], b["status"]) for b in report["broken"]] == [("dead2024", None)]
    assert report["broken"][0]["error"].startswith("cannot reach 127.0.0.1")
    assert [(u["key"], u["status"]) for u in report["unverified"]] == [("shy2024", 403)]


def test_a_url_shared_by_two_entries_is_checked_once_and_reported_for_both(tmp_path, server, env, capsys):
    server.expect_request("/gone").respond_with_data("", status=404)
    url = server.url_for("/gone")
    root = library(tmp_path, entry("a2024", url=url) + entry("b2024", url=url))
    report = json.loads(links(root, capsys, "--format", "json")[1])
    assert [b["key"] for b in report["broken"]] == ["a2024", "b2024"]
    assert [req.method for req, _ in server.log].count("HEAD") == 1


def test_checks_run_concurrently_but_at_most_per_host_at_once(tmp_path, server, env, capsys):
    active, peak, lock = [0], [0], threading.Lock()

    def slowly(request):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.15)
        with lock:
            active[0] -= 1
        return Response("ok")

    for i in range(6):
        server.expect_request(f"/p{i}").respond_with_handler(slowly)
    root = library(tmp_path, "".join(entry(f"p{i}x2024", url=server.url_for(f"/p{i}")) for i in range(6)))
    code, out, err = links(root, capsys, "--workers", "6", "--per-host", "2")
    assert code == 0 and "0 broken" in out
    assert peak[0] == 2


def test_progress_goes_to_standard_error_and_the_report_alone_to_standard_output(tmp_path, server, env, capsys):
    server.expect_request("/fine").respond_with_data("ok")
    server.expect_request("/gone").respond_with_data("", status=404)
    server.expect_request("/also").respond_with_data("ok")
    root = library(tmp_path, entry("fine2024", url=server.url_for("/fine")) + entry("gone2024", url=server.url_for("/gone"))
                   + entry("also2024", url=server.url_for("/also")))
    code, out, err = links(root, capsys, "--format", "json", "--workers", "3")
    assert json.loads(out)["checked"] == 3                       # nothing but the report
    lines = err.splitlines()
    assert lines[0] == "links: checking 3 distinct links, 3 at a time and at most 2 per host"
    assert lines[-1] == "links: 3 of 3 checked, 1 broken so far"
    assert [int(line.split()[1]) for line in lines[1:]] == [1, 2, 3]


def test_quiet_prints_no_progress(tmp_path, server, env, capsys):
    server.expect_request("/fine").respond_with_data("ok")
    root = library(tmp_path, entry("fine2024", url=server.url_for("/fine")))
    code, out, err = links(root, capsys, "--quiet")
    assert code == 0 and err == ""
    assert out.strip().endswith("checked 1 distinct links: 0 broken, 0 unverified")


def test_progress_on_a_long_check_is_a_line_about_every_tenth_of_the_way_and_one_at_the_end():
    import io

    from generators.links import Outcome, Progress
    stream = io.StringIO()
    progress = Progress(25, stream)
    for i in range(25):
        progress(Outcome(404 if i == 0 else 200))
    done = [int(line.split()[1]) for line in stream.getvalue().splitlines()]
    assert done == [*range(2, 25, 2), 25]
    assert stream.getvalue().splitlines()[-1] == "links: 25 of 25 checked, 1 broken so far"
