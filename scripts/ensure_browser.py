"""Make sure the browser tests have a Chromium, or stop with a message saying how to get one.

Order: $MET_CHROMIUM, a system Chromium (Debian's `chromium`), installing Debian's package
with apt-get when running as root, then Playwright's own Chromium (`playwright install`).
Never skips silently: without a browser, `make test` stops here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_support import find_chromium  # noqa: E402


def _run(cmd: list[str]) -> bool:
    print("+", " ".join(cmd), flush=True)
    try:
        return subprocess.run(cmd, check=False).returncode == 0
    except OSError as exc:
        print(f"  failed: {exc}")
        return False


def main() -> int:
    found = find_chromium()
    if found:
        print(f"browser for tests: {found}")
        return 0
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env_ok = _run(["apt-get", "update", "-qq"])
        if env_ok and _run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]):
            found = find_chromium()
    if not found:
        _run([sys.executable, "-m", "playwright", "install", "chromium"])
        found = find_chromium()
    if found:
        print(f"browser for tests: {found}")
        return 0
    print(
        "\nNo Chromium for the browser tests.\n"
        "Install one of:\n"
        "  - Debian/Ubuntu:  sudo apt-get install chromium\n"
        "  - Playwright's:   .venv/bin/python -m playwright install chromium\n"
        "or point MET_CHROMIUM at a Chromium/Chrome executable, then run `make test` again.",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
