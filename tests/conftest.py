"""Shared fixtures: temporary projects built from the real taxonomy and small real .bib files."""

from __future__ import annotations

import functools
import os
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from site_support import copy_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TAXONOMY = ROOT / "references" / "taxonomy.yml"


def make_project(root: Path, *bib_files: Path, texts: dict[str, str] | None = None) -> Path:
    """A project folder holding the real taxonomy and the given .bib files (or texts)."""
    refs = root / "references"
    refs.mkdir(parents=True, exist_ok=True)
    shutil.copy(TAXONOMY, refs / "taxonomy.yml")
    for path in bib_files:
        shutil.copy(path, refs / path.name)
    for name, text in (texts or {}).items():
        (refs / name).write_text(text, encoding="utf-8")
    return root


def make_site_project(root: Path, *bib_files: Path, texts: dict[str, str] | None = None) -> Path:
    """A full copy of the site (mkdocs.yml, docs, overrides, generators) around a fixture library."""
    make_project(root, *bib_files, texts=texts)
    return copy_site(root)


def mkdocs_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site", *extra],
        cwd=project, capture_output=True, text=True, env={**_env(), "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generators", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, env=_env())


def _env() -> dict:

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


@pytest.fixture
def project(tmp_path):
    return functools.partial(make_project, tmp_path)


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Path:
    """The small fixture library built into a real site, once per test session."""
    root = make_site_project(tmp_path_factory.mktemp("small-site"), *sorted((FIXTURES / "small").glob("*.bib")))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def served_site(small_site):
    """The built small site on a real HTTP server on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(small_site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium through Playwright. Fails (never skips) without a browser."""
    from browser_support import CHROMIUM_ARGS, find_chromium
    from playwright.sync_api import sync_playwright

    path = find_chromium()
    if path is None:
        pytest.fail("no Chromium for browser tests: run `make test` (it installs one) or set MET_CHROMIUM")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _thaw_after_each_test():
    """The pipeline freezes what its stages leave (generators/pipeline.py); a test process runs
    hundreds of them, so each test hands its objects back to the collector."""
    yield
    from generators.pipeline import thaw

    thaw()
