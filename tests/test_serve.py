"""`mkdocs serve` (what `make serve` runs) rebuilds the page when a .bib file changes."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import FIXTURES, make_site_project

pytestmark = pytest.mark.site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_editing_a_bib_file_updates_the_served_page(tmp_path):
    root = make_site_project(tmp_path, *sorted((FIXTURES / "small").glob("*.bib")))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/papers/wheaton2023deceptive/"
    try:
        assert wait_for(lambda: "Deceptive Alignment is &lt;1% Likely by Default" in fetch(url)), "server never served"
        bib = root / "references" / "framing.bib"
        bib.write_text(bib.read_text().replace("Likely by Default}", "Likely by Default (edited)}"))
        assert wait_for(lambda: "Likely by Default (edited)" in fetch(url)), "page did not update after the edit"
    finally:
        server.terminate()
        server.wait(timeout=10)
