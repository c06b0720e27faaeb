"""Hostile input is rejected with a precise error, or rendered harmless: never run, never a traceback."""

import html.parser
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, make_project, make_site_project, mkdocs_build, run_cli

HOSTILE = FIXTURES / "hostile"

REJECTED = [
    ("keys.bib", 1, "../../x", "outside the safe set"),
    ("keys.bib", 7, "a/b", "outside the safe set"),
    ("keys.bib", 13, ".hidden", "outside the safe set"),
    ("keys.bib", 19, "CON", "reserved file name"),
    ("keys.bib", 25, "раper2024", "outside the safe set"),
    ("urls.bib", 3, "jsurl2024", "not an http(s) URL"),
    ("urls.bib", 9, "dataurl2024", "not an http(s) URL"),
    ("urls.bib", 15, "percent2024", "unescaped %"),
    ("urls.bib", 23, "scripturl2024", "not an http(s) URL"),
    ("latin1.bib", 2, "", "not valid UTF-8"),
]


@pytest.fixture(scope="module")
def rejected_output(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("rejected"), *sorted((HOSTILE / "rejected").glob("*.bib")))
    return run_cli("check", "--root", str(root))


@pytest.mark.parametrize("file,line,key,message", REJECTED, ids=[f"{r[0]}:{r[1]}" for r in REJECTED])
def test_each_hostile_entry_is_rejected_with_its_file_line_and_key(rejected_output, file, line, key, message):
    pattern = rf"^references/{re.escape(file)}:{line}: {re.escape(key or '-')}: error: .*{re.escape(message)}"
    assert re.search(pattern, rejected_output.stdout, re.M), rejected_output.stdout


def test_rejected_corpus_exits_1_without_a_traceback(rejected_output):
    assert rejected_output.returncode == 1
    assert "Traceback" not in rejected_output.stdout + rejected_output.stderr


def test_an_empty_file_is_a_warning(rejected_output):
    assert "references/empty.bib:1: -: warning: file holds no entries" in rejected_output.stdout


def test_a_megabyte_field_is_rejected_not_rendered(project):
    big = "x" * 1_000_000
    text = FIXTURES.joinpath("small", "framing.bib").read_text().replace(
        "  evidence = {argument},", "  abstract = {" + big + "},\n  evidence = {argument},")
    result = run_cli("check", "--root", str(project(texts={"framing.bib": text})))
    assert result.returncode == 1
    assert re.search(r"framing\.bib:\d+: wheaton2023deceptive: error: field `abstract` is 1,000,000 characters",
                     result.stdout)


# ----------------------------------------------------------------------- the renderable part

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    files = sorted((FIXTURES / "small").glob("*.bib")) + [HOSTILE / "renderable.bib"]
    root = make_site_project(tmp_path_factory.mktemp("hostile-site"), *files)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and value and \
                    re.sub(r"\s", "", value).lower().startswith(("javascript:", "data:", "vbscript:")):
                self.bad.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "frame", "base"):
            self.bad.append(f"<{tag}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_scripts.append(data)


HOSTILE_PAGES = ["hostile2024markup", "hostile2024yaml", "hostile2024template", "hostile2024latex",
                 "hostile2024crossref"]


def injected(page: Path) -> list[str]:
    """Event handlers, script links, injected elements and inline scripts calling alert in one page."""
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.bad + [f"<script>{s.strip()[:40]}" for s in parser.inline_scripts if "alert" in s]


@pytest.mark.parametrize("key", HOSTILE_PAGES)
def test_hostile_page_has_no_event_handler_no_script_link_and_no_injected_element(hostile_site, key):
    assert injected(hostile_site / "papers" / key / "index.html") == []


def test_no_generated_page_anywhere_carries_injected_markup(hostile_site):
    for page in hostile_site.rglob("*.html"):
        assert injected(page) == [], page


def test_a_title_with_yaml_delimiters_stays_a_title(hostile_site):
    page = (hostile_site / "papers" / "hostile2024yaml" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Front matter — title: pwned tags: [evil] —</h1>" in page
    assert 'class="md-tag">evil<' not in page


def test_template_and_markdown_syntax_is_shown_as_text(hostile_site):
    page = (hostile_site / "papers" / "hostile2024template" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in page and ">49<" not in page
    assert "**bold**, # heading and [text](https://evil.example)" in page
    assert 'href="https://evil.example"' not in page


def test_latex_href_to_javascript_is_shown_as_written_never_as_a_link(hostile_site):
    # pylatexenc cannot decode this \href; the value is then shown as written, escaped.
    page = (hostile_site / "papers" / "hostile2024latex" / "index.html").read_text(encoding="utf-8")
    assert "<h1>LaTeX \\emph{emphasis}, \\href{javascript:alert(&#x27;href&#x27;)}{a link}" in page
    assert 'href="javascript:' not in page


def test_string_preamble_and_comment_blocks_do_not_reach_the_page_as_markup(hostile_site):
    page = (hostile_site / "papers" / "hostile2024markup" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;string&#39;)&lt;/script&gt; Venue" in page


@pytest.mark.browser
@pytest.mark.parametrize("key", HOSTILE_PAGES)
def test_opening_a_hostile_page_in_chromium_fires_no_dialog(browser, hostile_site, key):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((hostile_site / "papers" / key / "index.html").as_uri())
    page.wait_for_load_state("load")
    for locator in page.locator(".md-content a, .md-content button, .md-content img").all()[:40]:
        try:
            locator.hover(timeout=500)
        except Exception:
            pass
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    context.close()
    assert dialogs == []
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))]
