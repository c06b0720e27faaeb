"""HTTP for the commands that need the network (`add`, `links`); the site build never does.

One `requests.Session` per client with a descriptive User-Agent, connect and read timeouts,
retries with exponential backoff on connection errors, 429 and 5xx, and `Retry-After`
honoured (seconds or an HTTP date, capped). Failures become one `NetError` with a one-line
message for the user; callers never see a `requests` exception or a traceback.

Settings come from the environment, so tests and slow mirrors can change them:

    MET_HTTP_TIMEOUT          read timeout in seconds (default 20)
    MET_HTTP_CONNECT_TIMEOUT  connect timeout in seconds (default 5)
    MET_HTTP_RETRIES          retries after the first attempt (default 3)
    MET_HTTP_BACKOFF          first backoff delay in seconds, doubled each retry (default 1)
    MET_HTTP_MAX_WAIT         cap on one wait, Retry-After included, in seconds (default 60)
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable, Mapping
from urllib.parse import urlsplit

import requests

from . import __version__

PROJECT = "misalignment-evidence-tracker"
USER_AGENT = f"{PROJECT}/{__version__} (literature tracker; +https://github.com/{PROJECT}) python-requests/{requests.__version__}"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BYTES = 10 * 1024 * 1024      # no metadata response or link check needs more


class NetError(Exception):
    """A network failure, already worded for the user (one line)."""


class NotFound(NetError):
    """The server answered 404 or 410: the thing asked for does not exist there."""


@dataclass(frozen=True)
class Settings:
    read_timeout: float = 20.0
    connect_timeout: float = 5.0
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 60.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        names = {"read_timeout": "MET_HTTP_TIMEOUT", "connect_timeout": "MET_HTTP_CONNECT_TIMEOUT",
                 "retries": "MET_HTTP_RETRIES", "backoff": "MET_HTTP_BACKOFF", "max_wait": "MET_HTTP_MAX_WAIT"}
        values: dict[str, float | int] = {}
        for attr, name in names.items():
            raw = env.get(name, "").strip()
            if not raw:
                continue
            try:
                number = int(raw) if attr == "retries" else float(raw)
            except ValueError:
                raise NetError(f"{name}={raw!r} is not a number") from None
            if number < 0:
                raise NetError(f"{name}={raw!r} must not be negative")
            values[attr] = number
        return cls(**values)


@dataclass(frozen=True)
class Reply:
    """What came back: final URL (after redirects), status, headers and the body."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes

    @property
    def ok(self) -> bool:
        return self.status < 400

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("Content-Type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


def host_of(url: str) -> str:
    return urlsplit(url).netloc or url


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent or invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


@dataclass
class Client:
    """One session, the settings, and a `sleep` that tests may replace to observe the waits."""

    settings: Settings = field(default_factory=Settings.from_env)
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.max_redirects = 10

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _wait(self, attempt: int, reply: Reply | None) -> float:
        delay = self.settings.backoff * (2 ** attempt)
        if reply is not None:
            asked = retry_after(reply.headers.get("Retry-After"))
            if asked is not None:
                delay = max(delay, asked)
        return min(delay, self.settings.max_wait)

    def request(self, method: str, url: str, *, headers: Mapping[str, str] | None = None,
                params: Mapping[str, str] | None = None, body: bool = True) -> Reply:
        """The reply after retries, whatever its status; NetError if no reply could be had.
        With body=False (link checks) the body is not downloaded."""
        s = self.settings
        host = host_of(url)
        attempts = s.retries + 1
        for attempt in range(attempts):
            reply: Reply | None = None
            try:
                with self.session.request(method, url, headers=dict(headers or {}), params=params,
                                          timeout=(s.connect_timeout, s.read_timeout),
                                          allow_redirects=True, stream=True) as response:
                    content = _read_limited(response, host) if body and method != "HEAD" else b""
                    reply = Reply(response.url, response.status_code, dict(response.headers), content)
                failure = None
            except requests.exceptions.TooManyRedirects:
                raise NetError(f"too many redirects from {host}") from None
            except requests.exceptions.Timeout:
                failure = f"{host} did not answer within {s.read_timeout:g} s"
            except requests.exceptions.InvalidURL as exc:
                raise NetError(f"invalid URL {url!r}: {exc}") from None
            except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError):
                failure = f"cannot reach {host}: connection failed (offline, or the server is down?)"
            except requests.exceptions.RequestException as exc:
                raise NetError(f"request to {host} failed: {type(exc).__name__}") from None
            if reply is not None and reply.status not in RETRY_STATUSES:
                return reply
            if attempt + 1 < attempts:
                self.sleep(self._wait(attempt, reply))
            elif reply is not None:
                return reply
        tries = f" ({attempts} attempts)" if attempts > 1 else ""
        raise NetError(failure + tries if failure else f"no answer from {host}{tries}")

    def get(self, url: str, *, what: str, headers: Mapping[str, str] | None = None,
            params: Mapping[str, str] | None = None) -> Reply:
        """A successful GET, or NetError / NotFound worded with `what` (e.g. "arXiv id 2401.0001")."""
        reply = self.request("GET", url, headers=headers, params=params)
        if reply.status in (404, 410):
            raise NotFound(f"unknown {what} ({host_of(reply.url)} answered {reply.status})")
        if reply.status == 429 or reply.status >= 500:
            raise NetError(f"{host_of(reply.url)} answered {reply.status} for {what} "
                           f"after {self.settings.retries + 1} attempts; try again later")
        if not reply.ok:
            raise NetError(f"{host_of(reply.url)} answered {reply.status} for {what}")
        return reply


def _read_limited(response: requests.Response, host: str) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_BYTES:
            raise NetError(f"response from {host} is larger than {MAX_BYTES // (1024 * 1024)} MB")
        chunks.append(chunk)
    return b"".join(chunks)
