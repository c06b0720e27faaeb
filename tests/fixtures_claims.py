"""Shared helpers for the claim, download, feed and timeline tests.

`tests/fixtures/claims/claims.bib` is a made-up library (it says so in every entry) with known
claims, stances, years and `added` dates; the expected values below are written out by hand
from that file, so a test fails if the site disagrees with what a reader of the file expects.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import bibtexparser
import pytest

from conftest import FIXTURES, make_site_project, mkdocs_build

CLAIMS_FIXTURE = FIXTURES / "claims"
# The home page links two real framing papers, so every site needs them: the claims site is the
# made-up library plus the small fixture's framing.bib (ngo2022alignment: context, 2022, added
# 2026-11-20; wheaton2023deceptive: counterargument, 2023, added 2026-11-21).
CLAIMS_BIBS = (*sorted(CLAIMS_FIXTURE.glob("*.bib")), FIXTURES / "small" / "framing.bib")
CLAIMS_KEYS = {"fixture2021alpha", "fixture2023beta", "fixture2024gamma", "fixture2025delta",
               "fixture2022epsilon", "fixture2024zeta", "fixture2020eta", "ngo2022alignment",
               "wheaton2023deceptive"}


@pytest.fixture(scope="module")
def claims_site(tmp_path_factory) -> Path:
    """The made-up claims library built into a real site (`mkdocs build --strict`)."""
    root = make_site_project(tmp_path_factory.mktemp("claims-site"), *CLAIMS_BIBS)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def read(site: Path, path: str) -> str:
    return (site / "site" / path).read_text(encoding="utf-8")


def keys_in(fragment: str) -> list[str]:
    """The `data-key` of every listed paper, in page order."""
    return re.findall(r'data-key="([^"]+)"', fragment)


def section(page: str, css_class: str) -> str:
    """The HTML of the first <section> whose class list holds `css_class`."""
    match = re.search(r'<section class="[^"]*\b' + re.escape(css_class) + r'\b[^"]*"[^>]*>(.*?)</section>', page, re.S)
    assert match, f"no section .{css_class}"
    return match.group(1)


def resolve(page_path: str, href: str) -> str:
    """A relative link on the page at `page_path` (e.g. 'claims/x/index.html'), as a path in the site."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), href.split("#")[0]))


def source_entries(paths=CLAIMS_BIBS) -> dict[str, dict[str, str]]:
    """Every entry of the given .bib files, read by bibtexparser alone (not by the generator)."""
    out = {}
    for path in paths:
        for entry in bibtexparser.parse_string(path.read_text(encoding="utf-8")).entries:
            out[entry.key] = {f.key.lower(): str(f.value) for f in entry.fields}
    return out


def ids(value: str) -> set[str]:
    return {part.strip() for part in re.split(r"[,;]", value or "") if part.strip()}
