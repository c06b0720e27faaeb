"""generators.net: the HTTP client's promises (timeouts, retries, backoff, Retry-After, messages),
against a real HTTP server on 127.0.0.1. `sleep` is replaced by a recorder to observe the waits."""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures.http.support import closed_port_url, module_server, server  # noqa: F401 (fixtures)
from generators import __version__, net
from generators.net import Client, NetError, NotFound, Settings, retry_after


def client(waits: list[float], **settings) -> Client:
    base = dict(read_timeout=2.0, connect_timeout=1.0, retries=2, backoff=0.0, max_wait=60.0)
    return Client(Settings(**{**base, **settings}), sleep=waits.append)


def test_every_request_carries_a_descriptive_user_agent(server):
    server.expect_request("/ua").respond_with_data("ok")
    client([]).get(server.url_for("/ua"), what="test page")
    agent = server.log[0][0].headers["User-Agent"]
    assert agent.startswith(f"misalignment-evidence-tracker/{__version__} (")
    assert "https://github.com/misalignment-evidence-tracker" in agent


def test_retry_after_in_seconds_sets_the_wait(server):
    server.expect_oneshot_request("/r").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    server.expect_request("/r").respond_with_data("ok")
    waits: list[float] = []
    assert client(waits).get(server.url_for("/r"), what="x").text == "ok"
    assert waits == [7.0]


def test_retry_after_is_capped_by_max_wait(server):
    server.expect_oneshot_request("/r").respond_with_data("", status=503, headers={"Retry-After": "86400"})
    server.expect_request("/r").respond_with_data("ok")
    waits: list[float] = []
    client(waits, max_wait=30).get(server.url_for("/r"), what="x")
    assert waits == [30.0]


def test_retry_after_as_an_http_date_counts_from_now():
    now = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
    assert retry_after("Thu, 01 Jan 2026 12:00:45 GMT", now) == 45.0
    assert retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0     # in the past: no wait


@pytest.mark.parametrize("value", [None, "", "soon", "-3", "1.5e9"])
def test_retry_after_that_cannot_be_read_is_ignored(value):
    assert retry_after(value) is None


def test_backoff_doubles_on_each_5xx_then_gives_up_with_the_status(server):
    server.expect_request("/busy").respond_with_data("", status=502)
    waits: list[float] = []
    with pytest.raises(NetError, match=r"answered 502 for thing after 3 attempts; try again later"):
        client(waits, backoff=0.25).get(server.url_for("/busy"), what="thing")
    assert waits == [0.25, 0.5]
    assert len(server.log) == 3


def test_404_is_not_retried_and_names_the_unknown_thing(server):
    server.expect_request("/gone").respond_with_data("", status=404)
    with pytest.raises(NotFound, match=r"^unknown arXiv id 2501\.00000 \(127\.0\.0\.1:\d+ answered 404\)$"):
        client([]).get(server.url_for("/gone"), what="arXiv id 2501.00000")
    assert len(server.log) == 1


def test_other_client_errors_are_not_retried(server):
    server.expect_request("/no").respond_with_data("", status=403)
    with pytest.raises(NetError, match="answered 403"):
        client([]).get(server.url_for("/no"), what="x")
    assert len(server.log) == 1


def test_connection_refused_is_retried_then_reported_as_offline():
    waits: list[float] = []
    with pytest.raises(NetError) as info:
        client(waits, backoff=0.01).get(closed_port_url() + "/x", what="x")
    assert str(info.value).startswith("cannot reach 127.0.0.1:")
    assert "(3 attempts)" in str(info.value) and "\n" not in str(info.value)
    assert waits == [0.01, 0.02]


def test_a_body_over_the_size_limit_is_refused(server, monkeypatch):
    monkeypatch.setattr(net, "MAX_BYTES", 1000)
    server.expect_request("/big").respond_with_data(b"x" * 5000)
    with pytest.raises(NetError, match="larger than"):
        client([]).get(server.url_for("/big"), what="x")


def test_redirects_are_followed_and_the_final_url_reported(server):
    server.expect_request("/old").respond_with_data("", status=302, headers={"Location": "/new"})
    server.expect_request("/new").respond_with_data("here")
    reply = client([]).get(server.url_for("/old"), what="x")
    assert reply.url == server.url_for("/new") and reply.text == "here"


def test_settings_come_from_the_environment():
    settings = Settings.from_env({"MET_HTTP_TIMEOUT": "0.5", "MET_HTTP_RETRIES": "0", "MET_HTTP_BACKOFF": "0"})
    assert (settings.read_timeout, settings.retries, settings.backoff) == (0.5, 0, 0.0)


@pytest.mark.parametrize("env", [{"MET_HTTP_TIMEOUT": "fast"}, {"MET_HTTP_RETRIES": "-1"}, {"MET_HTTP_RETRIES": "2.5"}])
def test_bad_settings_are_a_one_line_error(env):
    with pytest.raises(NetError, match="MET_HTTP_"):
        Settings.from_env(env)
