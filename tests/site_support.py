"""Copying the parts of this repository that make the site (shared by the tests and the benchmark)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_PARTS = ("mkdocs.yml", "docs", "overrides", "generators")


def copy_site(dest: Path) -> Path:
    """Copy mkdocs.yml, docs/, overrides/ and generators/ into `dest` (its references/ is the caller's)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / part)
    return dest
