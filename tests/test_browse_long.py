"""Browse with more papers than it lays out at first: the page opens with the first rows shown and
the rest written hidden (generators/browse.py), "Show more" and the filters reach every row, and
a reader without scripts sees them all."""

import functools
import html
import http.server
import re
import sys
import threading
from urllib.parse import urlencode

import pytest

from conftest import ROOT, TAXONOMY, _QuietHandler, mkdocs_build
from generators.browse import PAGE_ROWS
from site_support import copy_site

pytestmark = pytest.mark.browser
SYNTHETIC = PAGE_ROWS + 50


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    root = copy_site(tmp_path_factory.mktemp("long-browse"))
    (root / "references").mkdir()
    (root / "references" / "taxonomy.yml").write_text(TAXONOMY.read_text())
    synthetic.write_library(SYNTHETIC, root / "references", TAXONOMY)
    # and the real library: the home page links to papers in it, and the build is strict about links
    for bib in (ROOT / "references").glob("*.bib"):
        (root / "references" / bib.name).write_text(bib.read_text(encoding="utf-8"), encoding="utf-8")
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    handler = functools.partial(_QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    html = (root / "site" / "browse" / "index.html").read_text(encoding="utf-8")
    yield root, f"http://127.0.0.1:{server.server_address[1]}/", html
    server.shutdown()
    server.server_close()


def shown_keys(page):
    return page.eval_on_selector_all(
        "#met-browse-table tbody tr",
        "rows => rows.filter(r => getComputedStyle(r).display !== 'none').map(r => r.dataset.key)")


def open_browse(page, base, search=""):
    page.goto(base + "browse/" + search)
    page.wait_for_selector("#met-browse-filters:not([hidden])")


def papers(long_site) -> int:
    html = long_site[2]
    return html.count("<tr data-key=") + html.count("<tr hidden data-key=")


def test_the_page_is_written_with_only_the_first_rows_shown(long_site):
    html = long_site[2]
    assert papers(long_site) > SYNTHETIC
    assert html.count("<tr data-key=") == PAGE_ROWS
    assert f'data-page-rows="{PAGE_ROWS}"' in html


def test_it_opens_with_the_first_rows_and_shows_the_rest_on_demand(page, long_site):
    open_browse(page, long_site[1])
    first = shown_keys(page)
    assert len(first) == PAGE_ROWS
    more = page.locator("#met-browse-more")
    assert more.inner_text() == f"Show {min(PAGE_ROWS, papers(long_site) - PAGE_ROWS)} more"
    for _ in range(papers(long_site) // PAGE_ROWS):
        more.click()
    assert more.is_hidden()
    every = shown_keys(page)
    assert len(every) == papers(long_site) and every[:PAGE_ROWS] == first


def test_a_filter_finds_rows_that_were_written_hidden(page, long_site):
    last_row = long_site[2].rsplit("<tr hidden data-key=\"", 1)[1]
    key = last_row.split('"', 1)[0]
    title = html.unescape(re.search(r'<td class="met-col-title"><a [^>]*>(.*?)</a>', last_row).group(1))
    open_browse(page, long_site[1], "?" + urlencode({"q": title}))
    assert key in shown_keys(page)


def test_a_reader_without_scripts_sees_every_row(browser, long_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(long_site[1] + "browse/")
    assert len(shown_keys(page)) == papers(long_site)
    context.close()
