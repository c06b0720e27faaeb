"""What a reader does on the built site, in headless Chromium."""

import contextlib
import re
import zlib

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_tag_page_lists_its_papers(page, served_site):
    page.goto(served_site + "tags/backdoors/")
    titles = page.locator(".met-item__title").all_inner_texts()
    assert sorted(titles) == ["Simple probes can catch sleeper agents",
                              "Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training"]


def _search(page, served_site, query):
    """Type a query on the home page, submit, and read the search page's results (Pagefind)."""
    page.goto(served_site)
    page.locator(".met-search-form input[name=q]").fill(query)
    page.locator(".met-search-form button").click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator(".met-search__title")
    results.first.wait_for(timeout=15_000)
    page.wait_for_timeout(300)   # let the result list settle
    return results.all_inner_texts()


def test_searching_a_title_word_finds_the_paper(page, served_site):
    titles = _search(page, served_site, "sleeper")
    assert any("Sleeper Agents" in t for t in titles), titles


def test_searching_a_tag_finds_the_papers_carrying_it(page, served_site):
    titles = _search(page, served_site, "Sceptical")
    assert any("Deceptive Alignment is <1% Likely by Default" in t for t in titles), titles


def test_searching_an_author_finds_the_paper(page, served_site):
    titles = _search(page, served_site, "Mindermann")
    assert any("The Alignment Problem from a Deep Learning Perspective" in t for t in titles), titles


def test_a_hostile_page_runs_no_injected_script(page, served_site):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(served_site + "papers/hostile2024script/")
    page.wait_for_load_state("networkidle")
    assert dialogs == []
    assert "<script>" in page.locator("h1").inner_text()   # shown as text
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))]


def test_the_bibtex_copy_button_is_there(page, served_site):
    page.goto(served_site + "papers/ngo2022alignment/")
    assert page.locator('.met-bibtex button[data-md-type="copy"]').count() == 1


def test_the_header_search_box_takes_a_reader_from_any_page_to_the_results(page, served_site):
    page.goto(served_site + "papers/ngo2022alignment/")
    box = page.locator(".md-header .met-header-search input[name=q]")
    box.fill("sleeper")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=sleeper$"))
    expect(page.locator(".met-search__title")).to_have_count(2, timeout=15_000)


def test_the_search_page_has_no_second_box_in_its_header(page, served_site):
    page.goto(served_site + "search/")
    expect(page.locator("#met-search")).to_be_visible()
    assert page.locator(".met-header-search").count() == 0


_FOCUSED = "document.activeElement.closest('form') && document.activeElement.closest('form').className"


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_materials_search_keys_put_the_cursor_in_the_header_search_box(page, served_site, key):
    page.goto(served_site + "papers/ngo2022alignment/")
    page.wait_for_load_state("load")
    page.keyboard.press(key)
    assert page.evaluate(_FOCUSED) == "met-header-search"
    page.keyboard.type("sleeper")
    assert page.locator(".met-header-search input").input_value() == "sleeper"    # the key itself is not typed


def test_a_search_key_typed_in_a_box_is_typed(page, served_site):
    page.goto(served_site + "browse/")
    box = page.locator("#met-browse-filters input[name=q]")
    box.click()
    page.keyboard.type("fs/")
    assert box.input_value() == "fs/"
    assert page.evaluate(_FOCUSED) == "met-browse__filters"


def test_on_a_phone_the_search_key_finds_the_pages_own_box(browser, served_site):
    with _window(browser, served_site, 390) as phone:          # the header box is hidden there
        phone.keyboard.press("/")
        assert phone.evaluate(_FOCUSED) == "met-search-form"


def test_on_the_search_page_the_search_key_finds_its_words_box(page, served_site):
    page.goto(served_site + "search/")
    expect(page.locator("#met-search")).to_be_visible()
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.name") == "q"
    assert page.evaluate(_FOCUSED) == "met-search met-browse__filters"


def _bar_fill(page):
    return page.evaluate("getComputedStyle(document.querySelector('#chart-stance rect')).fill")


def test_the_timeline_charts_change_colour_with_the_palette_toggle(page, served_site):
    page.goto(served_site + "timeline/")
    page.locator("label[title='Switch to light mode']:visible").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    before = _bar_fill(page)
    page.locator("label[title='Switch to dark mode']:visible").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    after = _bar_fill(page)
    assert before.startswith("rgb(") and after.startswith("rgb(")
    assert before != after


PAGE_KINDS = ["", "claims/", "claims/base-goal-first/", "tags/", "tags/backdoors/", "papers/ngo2022alignment/",
              "browse/", "timeline/", "downloads/", "coverage/", "search/", "contributing/", "about/"]


@contextlib.contextmanager
def _window(browser, url: str, width: int, ready: str | None = None, **options):
    """A page open at `url` in a fresh browser window `width` px wide (closed afterwards)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        if ready:
            page.wait_for_selector(ready)
        yield page
    finally:
        context.close()


# How far each table matching the selector reaches past the box it sits in (0 or less: it fits).
# Material puts a plain table (no class) in a box of its own as wide as the table, inside a box
# that scrolls: for those, how far that one scrolls.
_OVERFLOW = """(selector) => Array.from(document.querySelectorAll(selector), table => {
    const scroller = table.closest('.md-typeset__scrollwrap');
    return scroller ? scroller.scrollWidth - scroller.clientWidth
                    : table.offsetWidth - table.parentElement.clientWidth;
})"""


@pytest.mark.parametrize("path", PAGE_KINDS, ids=[p or "home" for p in PAGE_KINDS])
def test_no_page_is_wider_than_a_phone_screen(browser, served_site, path):
    with _window(browser, served_site + path, 390) as page:
        width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path or 'home'} is {width} px wide at 390"


def test_the_browse_text_box_shows_where_the_keyboard_is(page, served_site):
    page.goto(served_site + "browse/")
    box = page.locator(".met-browse__field--text input")
    before = box.evaluate("e => getComputedStyle(e).outlineStyle")
    box.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")      # keyboard focus, as :focus-visible needs
    assert box.evaluate("e => e === document.activeElement")
    assert before == "none"
    assert box.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"


@pytest.mark.parametrize("path", ["browse/", "search/"])
def test_the_filter_labels_on_one_row_line_up(browser, served_site, path):
    with _window(browser, served_site + path, 1280, ready=".met-browse__field:visible") as page:
        tops = page.evaluate("""() => Array.from(document.querySelectorAll('.met-browse__field')).map(f => {
            const box = f.getBoundingClientRect();
            return [Math.round(box.bottom), Math.round(f.querySelector('span').getBoundingClientRect().top)]; })""")
    rows: dict[int, set[int]] = {}
    for bottom, label_top in tops:
        rows.setdefault(bottom, set()).add(label_top)
    assert len(tops) >= 4
    assert all(len(label_tops) == 1 for label_tops in rows.values()), rows


@pytest.mark.parametrize("width", [390, 768, 900, 1024, 1280])
def test_the_browse_titles_keep_a_readable_width_on_every_screen(browser, served_site, width):
    with _window(browser, served_site + "browse/", width, ready="#met-browse-filters:not([hidden])") as page:
        title = page.evaluate("document.querySelector('.met-browse__table th.met-col-title').offsetWidth")
    assert title >= 130, f"the Paper column is {title} px wide at {width}"


@pytest.mark.parametrize("width", [961, 990, 1015, 1024, 1280])
def test_the_browse_table_fits_its_box_on_a_laptop(browser, served_site, width):
    with _window(browser, served_site + "browse/", width, ready="#met-browse-filters:not([hidden])") as page:
        [overflow] = page.evaluate(_OVERFLOW, ".met-browse__table")
    assert overflow <= 0, f"{overflow} px of the table are hidden at {width}"


# The lines a link's text takes, against the most it may take without a word broken in two
# (one line per word, a hyphen being a place to break): more lines means a word was split.
_SPLIT_WORDS = """(selector) => Array.from(document.querySelectorAll(selector)).flatMap(a => {
    const range = document.createRange(); range.selectNodeContents(a);
    const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
    const words = a.textContent.trim().split(/[\\s-]+/).length;
    return lines > words ? [a.textContent.trim() + ": " + lines + " lines"] : []; })"""


@pytest.mark.parametrize("path, selector, width", [
    (path, selector, width) for path, selector in [
        ("tags/", ".met-tags-table a"), ("claims/", ".met-claims-table a"), ("tags/", ".met-tags-table td:last-child"),
        ("coverage/", ".met-coverage-tags a"), ("coverage/", ".met-coverage-tags__group")]
    for width in (320, 390)] + [
    # at 320 px a phone is too narrow for some: the Paper column cannot hold the fixture's hostile
    # title (one 30-letter word), nor the first column of Downloads "misgeneralisation"
    (path, selector, width) for path, selector in [
        ("downloads/", ".met-downloads-table a"), ("browse/", ".met-browse__table td.met-col-title > *")]
    for width in (360, 390)])
def test_no_word_in_a_table_is_broken_on_a_phone(browser, served_site, path, selector, width):
    with _window(browser, served_site + path, width) as page:
        broken = page.evaluate(_SPLIT_WORDS, selector)
        count = page.locator(selector).count()
    assert count > 0 and broken == []


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["downloads/", "claims/", "tags/", "contributing/", "coverage/"])
def test_the_tables_of_names_and_links_fit_a_phone_without_scrolling(browser, served_site, path, width):
    with _window(browser, served_site + path, width) as page:
        overflow = page.evaluate(_OVERFLOW, ".md-content table")
    assert overflow and max(overflow) <= 0, overflow


def _pixel(page, x: float, y: float) -> tuple[int, int, int]:
    """The colour of one screen pixel (a 1×1 PNG: after its filter byte come the raw channels)."""
    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    at, data = 8, b""
    while at < len(png):
        length = int.from_bytes(png[at:at + 4], "big")
        if png[at + 4:at + 8] == b"IDAT":
            data += png[at + 8:at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    return raw[1], raw[2], raw[3]


@pytest.mark.parametrize("width", [1024, 1280, 1600])
def test_the_timeline_tables_fit_a_desktop_screen(browser, served_site, width):
    with _window(browser, served_site + "timeline/", width) as page:
        overflow = page.evaluate(_OVERFLOW, ".met-timeline-table")
    assert len(overflow) == 2 and max(overflow) <= 0, overflow


def test_a_table_wider_than_its_box_shows_a_shadow_on_the_side_with_more(browser, served_site):
    edges = """box => { const r = box.getBoundingClientRect(), c = box.querySelector('caption').getBoundingClientRect();
        return [r.left + 1, r.right - 2, c.top + 2]; }"""     # y: above the caption text
    with _window(browser, served_site + "timeline/", 390, device_scale_factor=1) as page:
        box = page.locator(".met-table-scroll").nth(1)
        box.scroll_into_view_if_needed()
        left, right, y = box.evaluate(edges)
        page_colour = _pixel(page, 1, y)
        at_start = _pixel(page, left, y), _pixel(page, right, y)
        box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
        at_end = _pixel(page, left, y), _pixel(page, right, y)
    shaded = lambda colour: sum(colour) < sum(page_colour) - 15
    assert [shaded(c) for c in at_start] == [False, True]     # more to the right only
    assert [shaded(c) for c in at_end] == [True, False]       # more to the left only


@pytest.mark.parametrize("width", [1024, 1280, 1600])
def test_the_contributing_tables_show_every_column_whole_on_a_desktop(browser, served_site, width):
    with _window(browser, served_site + "contributing/", width) as page:
        overflow = page.evaluate(_OVERFLOW, ".met-taxonomy")
        broken = page.evaluate(_SPLIT_WORDS, ".met-taxonomy code")
    assert len(overflow) == 3 and max(overflow) <= 0, overflow
    assert broken == []


@pytest.mark.parametrize("width", [1024, 1280])
def test_both_columns_of_a_claim_page_start_their_lists_level(browser, served_site, width):
    uneven = {}
    with _window(browser, served_site + "claims/", width) as page:
        claims = page.evaluate("() => Array.from(document.querySelectorAll('.met-claims-table a:not(.met-download)'), a => a.href)")
        for href in claims:
            page.goto(href)
            tops = page.evaluate("""() => Array.from(document.querySelectorAll('.met-column .met-list'),
                list => Math.round(list.getBoundingClientRect().top))""")
            if len(set(tops)) != 1:
                uneven[href] = tops
    assert len(claims) >= 10 and uneven == {}


def _contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two `rgb(...)` colours as getComputedStyle gives them."""
    def luminance(colour: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_clear_filters_button_is_readable_in_either_scheme(browser, served_site, scheme):
    with _window(browser, served_site + "browse/", 1280, color_scheme=scheme) as page:
        colour = page.locator(".met-browse__reset").evaluate("b => getComputedStyle(b).color")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        scheme_name = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme_name == ("slate" if scheme == "dark" else "default")
    assert _contrast(colour, background) >= 4.5, (colour, background)
