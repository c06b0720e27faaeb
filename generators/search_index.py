"""Pagefind search index of the built site: paper pages only, with the facets as filters.

Runs the `pagefind` binary that the `pagefind` PyPI package ships (`python -m pagefind`) on
the built site. Only `papers/*/index.html` is read, and only the page's article (Material's
`article.md-content__inner`), so navigation, footers, tag and claim listings never enter the
index; the filters come from `templates/_pagefind.j2`. The browser then downloads only the
index chunks and fragments a query needs (a few hundred KB at 10,000 papers) instead of a
whole-site index.

Called from the MkDocs hook's `on_post_build`, so `mkdocs build`, `make site`, the deploy
workflow and `mkdocs serve` all produce an index (a serve rebuild pays for it too: about
0.3 s for a hundred papers, seconds for ten thousand; the search page would be empty without it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"
PAPER_GLOB = "papers/*/index.html"
ROOT_SELECTOR = "article.md-content__inner"
# Parts of a paper page left out of the index: permalink marks, the BibTeX block and the source
# line (every page has them; they would match every query), the titles of the papers it responds
# to or is answered by (a paper is found by its words, not its neighbours'), Material's edit
# buttons, and the abstract. Title, authors, tags, venue and the contributor's summary are what
# readers search by; abstracts are long and would dominate the index (at 10,000 papers,
# leaving them out takes Pagefind's peak memory from 1.19 GB to 0.89 GB and the index from 4.9
# to 2.9 MB), and they stay on the paper page.
EXCLUDE_SELECTORS = (".headerlink, .met-bibtex, .met-source, .met-responses, .md-content__button, "
                     ".md-source-file, .met-abstract")


class SearchIndexError(RuntimeError):
    """Pagefind could not be run or failed; the message says what to do."""


@dataclass(frozen=True)
class IndexStats:
    seconds: float
    peak_rss_bytes: int     # of the pagefind process
    output: str

    @property
    def pages(self) -> int | None:
        for line in self.output.splitlines():
            if "Indexed" in line and "page" in line:
                digits = "".join(ch for ch in line.split("page")[0] if ch.isdigit())
                return int(digits) if digits else None
        return None


def command(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
            "--glob", PAPER_GLOB, "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE_SELECTORS,
            "--force-language", "en"]


def build_index(site_dir: Path | str) -> IndexStats:
    """Index the built site in place; writes `site_dir/pagefind/`. Raises SearchIndexError."""
    site = Path(site_dir)
    if not site.is_dir():
        raise SearchIndexError(f"search index: the site folder {site} does not exist (build the site first)")
    argv = command(site)
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except OSError as exc:
        raise SearchIndexError(f"search index: cannot run pagefind ({exc}); install the dependencies "
                               "with `make` (requirements.lock pins pagefind[bin])") from exc
    out, returncode, peak = _finish(proc)
    seconds = time.perf_counter() - start
    if returncode != 0:
        hint = ("reinstall the pinned dependencies with `make` (requirements.lock pins pagefind[bin], the "
                "package that ships the binary)" if "No module named" in out or "Could not find" in out
                else "see pagefind's output above")
        raise SearchIndexError(f"search index: pagefind failed (exit {returncode}) on {site}:\n"
                               f"{out.strip()}\n{hint}")
    if "Indexed 0 pages" in out:
        raise SearchIndexError(f"search index: pagefind found no paper pages ({PAPER_GLOB}) in {site}")
    return IndexStats(seconds, peak, out)


def _finish(proc: subprocess.Popen) -> tuple[str, int, int]:
    """Output, exit code and peak resident memory (bytes, 0 if unknown) of the finished process."""
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.stdout.close()
    if not hasattr(os, "wait4"):  # Windows
        return out, proc.wait(), 0
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return out, proc.returncode, usage.ru_maxrss * 1024  # Linux reports KiB
