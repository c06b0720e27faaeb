"""Benchmark: the generator, the site build and the search index at N = 100, 1,000, 10,000 papers.

    python benchmarks/run.py                      # N = 100, 1,000, 10,000 (minutes)
    python benchmarks/run.py --sizes 100 --quiet  # what the test suite runs
    python benchmarks/run.py --skip-mkdocs        # generator and loader only
    python benchmarks/run.py --repeat 3           # best of three runs for the timed stages

If `bibtex2html` is installed (Debian: `apt install bibtex2html`), its `-multiple` mode (one HTML
page per entry), the issue's reference point for the generator, runs on the same entries in the
same run, interleaved with the generator, writing its pages to /dev/shm.

Everything is written under benchmarks/out/ (gitignored): for each N a synthetic library
(benchmarks/synthetic.py, fixed seed) inside a copy of the site, and a bare mkdocs-material
site of the same number of plain pages. Each measurement runs in a fresh process, so no
cache is warm. Not a timed test: the suite runs it at N = 100 only, to keep it working.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
TAG_QUERY = ("Reward hacking", "oversight")     # a tag filter and a word, as a reader would combine them
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests")]

import synthetic  # noqa: E402
from site_support import copy_site  # noqa: E402


# ------------------------------------------------------------------ measurements in a fresh process

def _loader_measure(refs: str) -> dict:
    """Our loader (every field decoded) against the naive path, on the same files."""
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts

    from generators.load import VERBATIM_FIELDS, bib_files, load_many

    paths = bib_files(Path(refs))
    t0 = time.perf_counter()
    one_core = load_many(paths, parallel=False)
    t1 = time.perf_counter()
    del one_core
    loaded = load_many(paths)           # as `check` loads: spread over the cores when the library is large
    entries = [e for f in loaded for e in f.entries]
    ours = {e.key: {n: e.text(n) for n in e.order if n not in VERBATIM_FIELDS} for e in entries}
    for e in entries:
        e.persons("author"), e.persons("editor")
    t2 = time.perf_counter()
    naive = {}
    for path in paths:
        lib = bibtexparser.parse_string(path.read_text(encoding="utf-8"), append_middleware=[
            LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()])
        for e in lib.entries:
            naive[e.key] = {f.key.lower(): f.value for f in e.fields}
    t3 = time.perf_counter()
    mismatches = sum(1 for key, fields in ours.items() for name, value in fields.items()
                     if name not in ("author", "editor") and naive.get(key, {}).get(name) != value)
    return {"loader_one_core_s": t1 - t0, "loader_s": t2 - t1, "naive_s": t3 - t2,
            "entries": len(entries), "mismatched_fields": mismatches}


def _generator_measure(project: str) -> dict:
    """load + validate + model + render, the way the MkDocs hook runs them (and, apart, the
    time to import the generator, which a build pays once and bibtex2html's time includes)."""
    start = time.perf_counter()
    from generators import pipeline

    t0 = time.perf_counter()
    result = pipeline.check(pipeline.Project.at(project), library_rules=False, model_per_file=True)
    t1 = time.perf_counter()
    library = result.library
    t2 = time.perf_counter()
    try:
        pages = pipeline.pages(result)      # and the library rules, beside the rendering
    except pipeline.LibraryHasErrors:
        raise SystemExit("synthetic library has errors:\n" + "\n".join(str(p) for p in result.problems[:20]))
    t3 = time.perf_counter()
    return {"imports_s": t0 - start, "check_s": t1 - t0, "model_s": t2 - t1, "render_s": t3 - t2, "generator_s": t3 - t0,
            "pages": len(pages), "problems": len(result.problems), "papers": len(library)}


def _check_measure(project: str) -> dict:
    """`python -m generators check` as the pull-request workflow runs it: every rule, the
    comparison of titles for near-duplicates too (which a build leaves out)."""
    from generators import pipeline

    t0 = time.perf_counter()
    result = pipeline.check(pipeline.Project.at(project))
    return {"check_command_s": time.perf_counter() - t0, "check_problems": len(result.problems)}


def bibtex2html_run(refs: Path) -> dict | None:
    """`bibtex2html -multiple` on the same entries (one file, as it takes them), if installed.

    It writes its pages to a RAM disk (/dev/shm) where there is one: the generator's time has no
    file writes in it, and writing 10,000 files to this VM's disk took 2 to 7 s from run to run.
    """
    exe = shutil.which("bibtex2html")
    if exe is None:
        return None
    from generators.load import bib_files

    ram = Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="bibtex2html-", dir=ram if ram.is_dir() else OUT) as tmp:
        work = Path(tmp)
        (work / "library.bib").write_text("".join(p.read_text(encoding="utf-8") for p in bib_files(refs)),
                                          encoding="utf-8")
        start = time.perf_counter()
        proc = subprocess.run([exe, "-multiple", "-q", "library.bib"], cwd=work, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode:
            raise SystemExit(f"bibtex2html failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
        return {"bibtex2html_s": seconds, "bibtex2html_pages": sum(1 for _ in work.glob("*.html")),
                "bibtex2html_in_ram": work.is_relative_to(ram)}


def _in_fresh_process(name: str, arg: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--measure", name, str(arg)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode:
        raise SystemExit(f"{name} measurement failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _timed_build(project: Path) -> dict:
    """`mkdocs build` in a child process: wall time, its log, and peak memory (of it and its children)."""
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"mkdocs build failed in {project}:\n{out[-5000:]}")
    # The hook logs the index job's own figures (its child process is small, so the peak memory
    # it measures for Pagefind is Pagefind's, not the MkDocs process's).
    pagefind = re.search(r"search index of \S+ papers in ([\d.]+) s beside the build, ([\d.]+) s waited for it "
                         r"\(pagefind, peak (\d+) MB\)", out)
    hook = re.search(r"the tracker's hooks took ([\d.]+) s of this build", out)
    return {"build_s": seconds, "peak_mb": usage.ru_maxrss / 1024, "log": out,
            "hook_s": float(hook.group(1)) if hook else None,
            "pagefind_s": float(pagefind.group(1)) if pagefind else None,
            "pagefind_wait_s": float(pagefind.group(2)) if pagefind else None,
            "pagefind_peak_mb": int(pagefind.group(3)) if pagefind else None}


# ----------------------------------------------------------------------------- projects and sites

def site_project(n: int) -> Path:
    project = OUT / f"n{n}" / "site"
    shutil.rmtree(project, ignore_errors=True)
    copy_site(project)
    synthetic.write_library(n, project / "references", ROOT / "references" / "taxonomy.yml")
    return project


BARE_CONFIG = """site_name: Bare mkdocs-material, {n} plain pages
use_directory_urls: true
theme:
  name: material
  font: false
plugins:
  - search
{tags_plugin}not_in_nav: |
  /p/*
nav:
  - Home: index.md
{tags_nav}"""


def bare_project(n: int, library: Path, *, tags: bool = False) -> Path:
    """A plain mkdocs-material site with one page per paper (same text), for comparison.

    With `tags`, each page also carries its keywords as tags, with Material's tags plugin and
    a page listing every tag: the issue's reference build ("one page per paper, tags plugin").
    """
    from generators.load import bib_files, load_paths
    from generators.taxonomy import split_ids

    project = OUT / f"n{n}" / ("bare-tags" if tags else "bare")
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs" / "p").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(BARE_CONFIG.format(
        n=n, tags_plugin="  - tags\n" if tags else "", tags_nav="  - Tags: tags.md\n" if tags else ""), encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Bare site\n", encoding="utf-8")
    if tags:
        (project / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    for e in load_paths(bib_files(library)).entries:
        authors = ", ".join(p.display for p in e.persons())
        front = ("---\ntags:\n" + "".join(f"  - {t}\n" for t in split_ids(e.fields.get("keywords", "")))
                 + "---\n\n") if tags else ""
        (project / "docs" / "p" / f"{e.key}.md").write_text(
            f"{front}# {e.text('title')}\n\n{authors} ({e.fields.get('year', '')})\n\n## Summary\n\n"
            f"{e.text('summary')}\n\n## Abstract\n\n{e.text('abstract')}\n", encoding="utf-8")
    return project


def site_sizes(site: Path) -> dict:
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    papers = [p.stat().st_size for p in site.glob("papers/*/index.html")]
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.exists() else b""
    bundle = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    return {"site_mb": total / 1e6, "paper_page_kb": sum(papers) / len(papers) / 1e3 if papers else 0,
            "material_index_mb": len(raw) / 1e6, "material_index_gz_mb": len(gzip.compress(raw, 6)) / 1e6,
            "pagefind_mb": bundle / 1e6}


# ------------------------------------------------------------------------ a cold query in Chromium

class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    served: list[tuple[str, int]] = []

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        type(self).served.append((self.path, len(data)))
        outputfile.write(data)


# Installed in every page before its own scripts run: the moment the first result is in the
# page, by the page's own clock (ms since navigation). Playwright's wait_for_selector, which
# the run waits on, returned 0.4-0.5 s after that on this machine, so it is not the measure.
_RESULTS_CLOCK = """
window.__metShown = null;
document.addEventListener("DOMContentLoaded", function () {
  new MutationObserver(function (changes, observer) {
    if (document.querySelector(".met-search__title")) {
      window.__metShown = performance.now();
      observer.disconnect();
    }
  }).observe(document.body, { subtree: true, childList: true });
});
"""


NO_CHROMIUM = ("benchmark: the cold query needs a Chromium: run `make bench` (it installs one, as `make test` does), "
               "set MET_CHROMIUM, or pass --skip-mkdocs to measure the generator and the loader only")


def cold_query(site: Path, tag: str = TAG_QUERY[0], word: str = TAG_QUERY[1]) -> dict:
    """Open the search page in a fresh browser, pick a tag and type a word; count what was
    downloaded, and time the results as the page shows them."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import CHROMIUM_ARGS, find_chromium

    handler = type("Handler", (_CountingHandler,), {"served": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context()
            context.add_init_script(_RESULTS_CLOCK)
            page = context.new_page()
            page.goto(base + "search/", wait_until="load")
            page.wait_for_timeout(500)              # let page-load downloads finish before counting
            before = len(handler.served)
            query_start = page.evaluate("performance.now()")
            page.locator("#met-search select[name=tag]").select_option(tag)
            page.locator("#met-search input[name=q]").fill(word)
            page.wait_for_selector(".met-search__title")
            shown_s = (page.evaluate("window.__metShown") - query_start) / 1000
            results = page.locator(".met-search__title").count()
            served = list(handler.served)
            # and a reader who arrives with the query in the address (a shared link, the home page's box)
            cold_context = browser.new_context()
            cold_context.add_init_script(_RESULTS_CLOCK)
            cold = cold_context.new_page()
            cold.goto(f"{base}search/?q={word}&tag={tag.replace(' ', '+')}")
            cold.wait_for_selector(".met-search__title")
            link_s = cold.evaluate("window.__metShown") / 1000
            # the Browse page, which lists every paper: when it has loaded, filters ready
            browse = browser.new_context().new_page()
            browse.goto(base + "browse/", wait_until="load")
            browse.wait_for_selector("#met-browse-filters:not([hidden])")
            browse_s = browse.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    pf_all = sum(size for path, size in served if "/pagefind/" in path)
    query = sum(size for path, size in served[before:] if "/pagefind/" in path)
    material = sum(size for path, size in served if path.endswith("search_index.json"))
    return {"query_kb": pf_all / 1e3, "query_after_load_kb": query / 1e3, "all_kb": sum(s for _, s in served) / 1e3,
            "material_fetched_kb": material / 1e3, "results_shown": results, "first_results_s": shown_s,
            "link_results_s": link_s, "browse_load_s": browse_s,
            "browse_kb": (site / "browse" / "index.html").stat().st_size / 1e3}


# --------------------------------------------------------------------------------------- the run

def _best(runs: list[dict], time_key: str) -> dict:
    """The run with the shortest `time_key`, plus the spread of that time over all runs."""
    best = dict(min(runs, key=lambda r: r[time_key]))
    best[time_key + "_max"] = max(r[time_key] for r in runs)
    return best


def run_size(n: int, skip_mkdocs: bool, say, repeat: int = 1) -> dict:
    """Every measurement at size `n`. With `repeat`, the timed stages run that many times,
    interleaved (ours, bare, bare with tags, then again), and each keeps its best time: on a
    shared machine the best run is the one least disturbed by others."""
    say(f"N={n}: writing the synthetic library and the site project")
    project = site_project(n)
    row: dict = {"n": n, "repeat": repeat}
    say(f"N={n}: loader against the naive path")
    row.update(_in_fresh_process("loader", project / "references"))
    say(f"N={n}: load + validate + render" + (", and bibtex2html -multiple" if shutil.which("bibtex2html") else ""))
    generator, reference, checks = [], [], []
    for _ in range(repeat):
        generator.append(_in_fresh_process("generator", project))
        reference.append(bibtex2html_run(project / "references"))
        checks.append(_in_fresh_process("check", project))
    row.update(_best(generator, "generator_s"))
    row.update(_best(checks, "check_command_s"))
    if all(reference):
        row.update(_best(reference, "bibtex2html_s"))
    if skip_mkdocs:
        return row
    bare_dir, tags_dir = bare_project(n, project / "references"), bare_project(n, project / "references", tags=True)
    ours, bare, bare_tags = [], [], []
    for i in range(repeat):
        run = f" (run {i + 1} of {repeat})" if repeat > 1 else ""
        say(f"N={n}: mkdocs build (with the Pagefind index){run}")
        ours.append(_timed_build(project))
        say(f"N={n}: bare mkdocs-material build of {n} plain pages{run}")
        bare.append(_timed_build(bare_dir))
        say(f"N={n}: bare mkdocs-material build of {n} plain pages with tags (tags plugin){run}")
        bare_tags.append(_timed_build(tags_dir))
    row.update({k: v for k, v in _best(ours, "build_s").items() if k != "log"})
    best_bare, best_tags = _best(bare, "build_s"), _best(bare_tags, "build_s")
    row.update({"bare_build_s": best_bare["build_s"], "bare_build_s_max": best_bare["build_s_max"],
                "bare_peak_mb": best_bare["peak_mb"], "bare_tags_build_s": best_tags["build_s"],
                "bare_tags_build_s_max": best_tags["build_s_max"], "bare_tags_peak_mb": best_tags["peak_mb"]})
    _timed_build(project)          # leave our site in place for the sizes and the query
    row.update(site_sizes(project / "site"))
    say(f"N={n}: cold tag query in Chromium")
    row.update(cold_query(project / "site"))
    return row


def _spread(x: dict, key: str, digits: int = 1) -> str:
    """'12.3 s', or '12.3 s (12.3–14.0)' over several runs."""
    text = f"{x[key]:.{digits}f} s"
    if x.get("repeat", 1) > 1 and key + "_max" in x:
        text += f" ({x[key]:.{digits}f}–{x[key + '_max']:.{digits}f})"
    return text


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def table(rows: list[dict]) -> str:
    def r(label, fn):
        cells = []
        for row in rows:
            try:
                cells.append(fn(row))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("-")
        return f"| {label} | " + " | ".join(cells) + " |"

    lines = ["| stage | " + " | ".join(f"N = {row['n']:,}" for row in rows) + " |",
             "|---|" + "---|" * len(rows),
             r("naive: bibtexparser + `LatexDecodingMiddleware` + name splitting", lambda x: f"{x['naive_s']:.2f} s"),
             r("our loader on one core: parse + decode every field and name",
               lambda x: f"{x['loader_one_core_s']:.2f} s ({x['naive_s'] / x['loader_one_core_s']:.0f}x)"),
             r("our loader as `check` runs it (files spread over the cores from 1 MB)",
               lambda x: f"{x['loader_s']:.2f} s"),
             r("**loader speed-up over naive**", lambda x: f"**{x['naive_s'] / x['loader_s']:.0f}x**"),
             r("decoded fields differing from naive", lambda x: _fmt(x["mismatched_fields"])),
             r("generator: load + entry rules", lambda x: f"{x['check_s']:.2f} s"),
             r("generator: model + library rules + render every page", lambda x: f"{x['model_s'] + x['render_s']:.2f} s"),
             r("generator total (pages)", lambda x: f"{_spread(x, 'generator_s', 2)}, {x['pages']:,} pages"),
             r("bibtex2html `-multiple`, same entries (if installed; pages written to RAM)",
               lambda x: f"{_spread(x, 'bibtex2html_s', 2)}, {x['bibtex2html_pages']:,} pages"),
             r("**generator / bibtex2html**", lambda x: f"**{x['generator_s'] / x['bibtex2html_s']:.2f}x**"),
             r("generator: importing its modules (not in the total above)", lambda x: f"{x['imports_s']:.2f} s"),
             r("generator with its imports / bibtex2html",
               lambda x: f"{(x['generator_s'] + x['imports_s']) / x['bibtex2html_s']:.2f}x"),
             r("`check` command: every rule, near-duplicate titles too (not in a build)",
               lambda x: _spread(x, "check_command_s", 2)),
             r("`mkdocs build` (hook + Pagefind)", lambda x: _spread(x, "build_s")),
             r("  Pagefind indexing, beside the build / waited for", lambda x: f"{x['pagefind_s']:.1f} s / "
               f"{x['pagefind_wait_s']:.1f} s"),
             r("bare mkdocs-material build, same page count", lambda x: _spread(x, "bare_build_s")),
             r("bare build with tags (tags plugin, a page listing every tag)",
               lambda x: _spread(x, "bare_tags_build_s")),
             r("**build / bare build**", lambda x: f"**{x['build_s'] / x['bare_build_s']:.2f}x**"),
             r("build / bare build with tags", lambda x: f"{x['build_s'] / x['bare_tags_build_s']:.2f}x"),
             r("generator share of the build (generator total / build)",
               lambda x: f"{100 * x['generator_s'] / x['build_s']:.0f} %"),
             r("  the tracker's hooks inside that build, and their share",
               lambda x: f"{x['hook_s']:.2f} s ({100 * x['hook_s'] / x['build_s']:.0f} %)"),
             r("peak memory: build / Pagefind / bare", lambda x: f"{x['peak_mb']:.0f} / {x['pagefind_peak_mb']} / "
               f"{x['bare_peak_mb']:.0f} MB"),
             r("site size", lambda x: f"{x['site_mb']:.1f} MB"),
             r("bytes per paper page (HTML)", lambda x: f"{x['paper_page_kb']:.1f} KB"),
             r("Pagefind bundle on disk", lambda x: f"{x['pagefind_mb']:.1f} MB"),
             r("Material `search_index.json` (gzip)", lambda x: f"{x['material_index_mb']:.1f} MB "
               f"({x['material_index_gz_mb']:.2f} MB)"),
             r("cold tag query: Pagefind bytes (JS, wasm, index, fragments)", lambda x: f"{x['query_kb']:.0f} KB"),
             r("  of which after the page loaded", lambda x: f"{x['query_after_load_kb']:.0f} KB"),
             r("cold tag query: first results in the page, from picking the tag", lambda x: f"{1000 * x['first_results_s']:.0f} ms"),
             r("cold shared link to that query: results in the page, from navigation", lambda x: f"{1000 * x['link_results_s']:.0f} ms"),
             r("Browse page (every paper in one table): HTML / loaded, filters ready",
               lambda x: f"{x['browse_kb'] / 1e3:.1f} MB / {1000 * x['browse_load_s']:.0f} ms"),
             r("search page: everything downloaded", lambda x: f"{x['all_kb']:,.0f} KB"),
             r("  of which Material's search_index.json", lambda x: f"{x['material_fetched_kb']:,.0f} KB")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated library sizes")
    parser.add_argument("--skip-mkdocs", action="store_true", help="generator and loader only")
    parser.add_argument("--quiet", action="store_true", help="print only the table")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run the generator and the three builds N times each and keep the best time "
                             "(the table also shows the slowest run)")
    parser.add_argument("--out", type=Path, default=OUT, help="work folder (default: benchmarks/out/)")
    parser.add_argument("--measure", nargs=2, metavar=("WHAT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        what, path = args.measure
        print(json.dumps({"loader": _loader_measure, "generator": _generator_measure,
                          "check": _check_measure}[what](path)))
        return 0
    if not args.skip_mkdocs:            # the cold query needs a browser: say so before minutes of work
        from browser_support import find_chromium
        if find_chromium() is None:
            parser.exit(2, NO_CHROMIUM + "\n")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    say = (lambda msg: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    OUT = args.out.resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = [run_size(n, args.skip_mkdocs, say, max(1, args.repeat)) for n in sizes]
    machine = (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    (OUT / "results.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=2), encoding="utf-8")
    print(f"Machine: {machine}. Query: tag `{TAG_QUERY[0]}` + word `{TAG_QUERY[1]}`.\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
