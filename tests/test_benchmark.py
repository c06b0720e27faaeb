"""The benchmark keeps working (at N = 100 only; its numbers are not asserted, it is not a timed test)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, _env


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "100", "--quiet",
                           "--out", str(out)], capture_output=True, text=True, env=_env())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout, json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_it_prints_a_table_with_every_stage(bench):
    table, _ = bench
    for row in ("naive: bibtexparser", "loader speed-up over naive", "generator total", "`check` command",
                "`mkdocs build`",
                "bare mkdocs-material build", "peak memory", "site size", "bytes per paper page",
                "cold tag query: Pagefind bytes"):
        assert row in table
    assert "| stage | N = 100 |" in table


def test_it_names_the_machine(bench):
    table, results = bench
    assert "cores, Python 3." in table and "cores, Python 3." in results["machine"]


def test_the_synthetic_library_is_valid_and_decodes_like_the_naive_path(bench):
    _, results = bench
    row = results["rows"][0]
    assert row["entries"] == row["papers"] == 100
    assert row["mismatched_fields"] == 0
    assert row["problems"] == row["check_problems"] == 0     # `check`'s every rule finds nothing either


def test_the_cold_tag_query_shows_results_and_counts_bytes(bench):
    _, results = bench
    row = results["rows"][0]
    assert row["results_shown"] >= 1
    assert row["query_kb"] > 0 and row["paper_page_kb"] > 0
    assert row["first_results_s"] > 0 and row["link_results_s"] > 0     # timed by the page's clock
    assert row["browse_load_s"] > 0 and row["browse_kb"] > 0


@pytest.mark.skipif(shutil.which("bibtex2html") is None, reason="bibtex2html is not installed")
def test_bibtex2html_runs_on_the_same_entries_when_installed(bench):
    table, results = bench
    row = results["rows"][0]
    assert row["bibtex2html_pages"] >= row["papers"]        # one page per entry, plus its index pages
    assert "generator / bibtex2html" in table


def test_it_reads_the_hooks_own_time_from_the_build_log(bench):
    _, results = bench
    row = results["rows"][0]
    assert 0 < row["hook_s"] < row["build_s"]


def test_without_a_chromium_it_stops_before_any_work_and_says_how_to_get_one(tmp_path):
    env = {**_env(), "PATH": str(Path(sys.executable).parent), "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "none")}
    env.pop("MET_CHROMIUM", None)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "100", "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert "needs a Chromium" in proc.stderr and "make bench" in proc.stderr and "Traceback" not in proc.stderr
    assert not (out / "n100").exists()
