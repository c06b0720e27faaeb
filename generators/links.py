"""`python -m generators links`: does every DOI and URL in the library still resolve?

HEAD first, GET (body not downloaded) where HEAD is refused; a small thread pool with a
per-host limit; each distinct URL checked once. Never part of the site build.

A link is *broken* when it cannot be reached or answers 404, 410 or 5xx (after the client's
retries); it is *unverified* when the site refuses robots (401, 403, 429, other 4xx), which
says nothing about the link itself.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from typing import Callable

from . import pipeline
from .add import Endpoints, UsageError
from .identifiers import is_doi, safe_url
from .load import RawEntry
from .net import Client, NetError, Settings, host_of

BROKEN_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class Link:
    file: str
    line: int
    key: str
    url: str


@dataclass(frozen=True)
class Outcome:
    status: int | None       # final HTTP status, None if no answer
    error: str = ""

    @property
    def broken(self) -> bool:
        return self.status is None or self.status in BROKEN_STATUSES or self.status >= 500

    @property
    def unverified(self) -> bool:
        return not self.broken and self.status is not None and self.status >= 400


def collect(entries: list[RawEntry], endpoints: Endpoints) -> list[Link]:
    links = []
    for e in entries:
        doi = e.fields.get("doi", "").strip()
        if doi and is_doi(doi):
            links.append(Link(e.file, e.line_of("doi"), e.key, endpoints.doi_url(doi)))
        url = safe_url(e.fields.get("url", ""))
        if url:
            links.append(Link(e.file, e.line_of("url"), e.key, url))
    return links


class Checker:
    """Checks URLs from several threads: one client per thread, at most `per_host` at once per host."""

    def __init__(self, settings: Settings, per_host: int) -> None:
        self.settings = settings
        self.per_host = max(1, per_host)
        self._local = threading.local()
        self._hosts: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(self.per_host))
        self._lock = threading.Lock()
        self._clients: list[Client] = []

    def _client(self) -> Client:
        if not hasattr(self._local, "client"):
            self._local.client = Client(self.settings)
            with self._lock:
                self._clients.append(self._local.client)
        return self._local.client

    def check(self, url: str) -> Outcome:
        with self._lock:
            gate = self._hosts[host_of(url)]
        with gate:
            client = self._client()
            try:
                reply = client.request("HEAD", url)
                if reply.status >= 400:          # many servers refuse or mishandle HEAD: ask properly
                    reply = client.request("GET", url, body=False)
            except NetError as exc:
                return Outcome(None, str(exc))
        return Outcome(reply.status, "" if reply.status < 400 else f"HTTP {reply.status}")

    def close(self) -> None:
        for client in self._clients:
            client.close()


def distinct_urls(links: list[Link]) -> list[str]:
    return sorted({link.url for link in links})


def check_links(links: list[Link], *, settings: Settings, workers: int = 8, per_host: int = 2,
                progress: Callable[[Outcome], None] | None = None) -> dict[str, Outcome]:
    """Outcome of every distinct URL; `progress` is told of each as soon as it is known."""
    urls = distinct_urls(links)
    checker = Checker(settings, per_host)
    found: dict[str, Outcome] = {}
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            futures = {pool.submit(checker.check, url): url for url in urls}
            for future in as_completed(futures):
                found[futures[future]] = outcome = future.result()
                if progress is not None:
                    progress(outcome)
    finally:
        checker.close()
    return {url: found[url] for url in urls}


class Progress:
    """How far a check has got, on standard error: a line about every tenth of the way, and at the end."""

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.done, self.broken = total, 0, 0
        self.step = max(1, total // 10)
        self.stream = stream if stream is not None else sys.stderr

    def start(self, workers: int, per_host: int) -> None:
        print(f"links: checking {self.total} distinct links, {workers} at a time and at most {per_host} "
              "per host", file=self.stream, flush=True)

    def __call__(self, outcome: Outcome) -> None:
        self.done += 1
        self.broken += outcome.broken
        if self.done % self.step == 0 or self.done == self.total:
            print(f"links: {self.done} of {self.total} checked, {self.broken} broken so far",
                  file=self.stream, flush=True)


def report(links: list[Link], outcomes: dict[str, Outcome], fmt: str) -> str:
    def item(link: Link) -> dict:
        outcome = outcomes[link.url]
        return {**asdict(link), "status": outcome.status, "error": outcome.error}

    broken = [item(link) for link in links if outcomes[link.url].broken]
    unverified = [item(link) for link in links if outcomes[link.url].unverified]
    if fmt == "json":
        return json.dumps({"checked": len(outcomes), "broken": broken, "unverified": unverified},
                          indent=2, ensure_ascii=False)
    lines = [f"{i['file']}:{i['line']}: {i['key']}: broken: {i['url']} ({i['error']})" for i in broken]
    lines += [f"{i['file']}:{i['line']}: {i['key']}: unverified: {i['url']} ({i['error']})" for i in unverified]
    lines.append(f"checked {len(outcomes)} distinct links: {len(broken)} broken, {len(unverified)} unverified")
    return "\n".join(lines)


def main(args) -> int:
    try:
        endpoints = Endpoints.from_env()
        settings = Settings.from_env()
    except (UsageError, NetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = pipeline.check(pipeline.Project.at(args.root, args.references))
    links = collect(result.loaded.entries, endpoints)
    progress = None
    if not args.quiet:
        progress = Progress(len(distinct_urls(links)))
        progress.start(args.workers, args.per_host)
    outcomes = check_links(links, settings=settings, workers=args.workers, per_host=args.per_host,
                           progress=progress)
    print(report(links, outcomes, args.format))
    broken = any(outcomes[link.url].broken for link in links)
    return 1 if args.strict and broken else 0
