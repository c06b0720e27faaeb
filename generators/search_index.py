"""Pagefind search index of the papers, built on the second core while MkDocs renders pages.

What is indexed is one small page per paper (`templates/search_record.html.j2`): title, tag
labels, authors, venue, year, claims, note and summary, with tag, stance, evidence, claim
and year as filters. Those pages are written from the model, not scraped from the built
site, so indexing does not have to wait for the build: the MkDocs hook starts an
`IndexJob` as soon as the pages are generated (`on_files`) and collects it after the build
(`on_post_build`). The job is a child process (`python -m generators.search_index`) that
writes the record pages to a temporary folder and runs the `pagefind` binary that the
`pagefind` PyPI package ships, writing the bundle to `site/pagefind/`. At 10,000 papers
Pagefind needs about 7 s, nearly all of it writing the bundle's compressed files; MkDocs'
own page rendering takes longer, so the index costs the build almost nothing on two cores.

The search page (docs/search.md, docs/javascripts/search.js) then downloads only the index
chunks, the one filter and the fragments a query needs, instead of a whole-site index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .facets import facets
from .model import Library, Reference
from .taxonomy import Taxonomy

BUNDLE_DIR = "pagefind"
RECORD_TEMPLATE = "search_record.html.j2"


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


def record(ref: Reference, tax: Taxonomy) -> dict:
    """One paper as the search index sees it: plain strings, ready for JSON."""
    claims = [tax.claims[c].label for c in dict.fromkeys([*ref.supports, *ref.challenges]) if c in tax.claims]
    return {
        "path": f"{ref.url_path}index.html", "title": ref.title or ref.key, "authors": ref.authors_text,
        "authors_short": ref.authors_short, "year": str(ref.year or ""), "venue": ref.venue,
        "summary": ref.summary, "line": ref.first_sentence, "claims": claims, "note": ref.note,
        "filters": facets(ref, tax),
    }


def records(library: Library, tax: Taxonomy) -> list[dict]:
    return [record(ref, tax) for ref in library.references]


def write_record_pages(items: list[dict], folder: Path) -> None:
    """The page Pagefind reads for each record, at the paper's own path (so result URLs are right).

    `folder` is a new folder that only this function writes to, so nothing in it can be a link
    leading out of it: each path is checked as text (`check_relative`: no `..`, not absolute)."""
    from .paths import check_relative
    from .templating import render_template

    for item in items:
        target = folder / check_relative(item["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_template(RECORD_TEMPLATE, item["path"], r=item), encoding="utf-8")


# Linux's folder in memory (tmpfs). Pagefind reads one small page per paper, each in a folder of
# its own: on this project's 2-core VM, writing 10,000 of them took 6.5 s on its disk and 1.1 s
# here, and the disk is the one MkDocs is writing the site to at the same time.
MEMORY_FOLDER = "/dev/shm"
PAGE_BYTES = 4096   # what each record page takes there (one memory page)


def scratch_parent(count: int, memory_folder: str = MEMORY_FOLDER) -> str | None:
    """Where to write `count` record pages: the folder in memory if it has twice the room they
    take plus 16 MB (a container's default is 64 MB), else None: the system's temporary folder."""
    try:
        if not os.access(memory_folder, os.W_OK):
            return None
        stats = os.statvfs(memory_folder)
    except (OSError, AttributeError):      # no such folder; no statvfs (Windows)
        return None
    free = stats.f_bavail * stats.f_frsize
    return memory_folder if free >= 2 * count * PAGE_BYTES + 16 * 2**20 else None


def command(pages_dir: Path, bundle_dir: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(pages_dir), "--output-path", str(bundle_dir),
            "--force-language", "en"]


def build_index(items: list[dict], bundle_dir: Path | str) -> IndexStats:
    """Write the record pages to a temporary folder and index them into `bundle_dir` (replaced)."""
    bundle = Path(bundle_dir)
    start = time.perf_counter()
    if not items:
        shutil.rmtree(bundle, ignore_errors=True)
        return IndexStats(0.0, 0, "Indexed 0 pages: the library has no papers")
    with tempfile.TemporaryDirectory(prefix="tracker-search-", dir=scratch_parent(len(items))) as tmp:
        write_record_pages(items, Path(tmp))
        shutil.rmtree(bundle, ignore_errors=True)      # no stale chunks from an earlier build
        try:
            proc = subprocess.Popen(command(Path(tmp), bundle), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True)
        except OSError as exc:
            raise SearchIndexError(f"search index: cannot run pagefind ({exc}); install the dependencies "
                                   "with `make` (requirements.lock pins pagefind[bin])") from exc
        out, returncode, peak = _finish(proc)
    if returncode != 0:
        hint = ("reinstall the pinned dependencies with `make` (requirements.lock pins pagefind[bin], the "
                "package that ships the binary)" if "No module named" in out or "Could not find" in out
                else "see pagefind's output above")
        raise SearchIndexError(f"search index: pagefind failed (exit {returncode}):\n{out.strip()}\n{hint}")
    return IndexStats(time.perf_counter() - start, peak, out)


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


class IndexJob:
    """`build_index` in a child process: started now, collected with `wait()`.

    The child is small (it never imports MkDocs), so the peak memory it reports for Pagefind
    is Pagefind's own.
    """

    def __init__(self, proc: subprocess.Popen, records_file: Path) -> None:
        self._proc = proc
        self._records_file = records_file

    @classmethod
    def start(cls, items: list[dict], bundle_dir: Path | str) -> "IndexJob":
        fd, name = tempfile.mkstemp(prefix="tracker-search-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            # one call to json's C encoder: `json.dump` to a file encodes piece by piece (0.15 s
            # instead of 0.09 s for 10,000 records, in the build before the pages are rendered)
            f.write(json.dumps(items, ensure_ascii=False))
        package_parent = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)}
        proc = subprocess.Popen([sys.executable, "-m", "generators.search_index", name, str(bundle_dir)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        return cls(proc, Path(name))

    def wait(self) -> IndexStats:
        try:
            out, err = self._proc.communicate()
        finally:
            self._records_file.unlink(missing_ok=True)
        if self._proc.returncode != 0:
            raise SearchIndexError(err.strip() or f"search index: the indexing process failed "
                                   f"(exit {self._proc.returncode})")
        return IndexStats(**json.loads(out.strip().splitlines()[-1]))

    def cancel(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()
        self._records_file.unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    """`python -m generators.search_index RECORDS.json BUNDLE_DIR` (run by `IndexJob`)."""
    records_file, bundle_dir = argv
    items = json.loads(Path(records_file).read_text(encoding="utf-8"))
    try:
        stats = build_index(items, bundle_dir)
    except SearchIndexError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(json.dumps(asdict(stats)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
