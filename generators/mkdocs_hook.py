"""MkDocs hook: adds the generated pages to the build as virtual files.

Thin on purpose: it calls `generators.pipeline` and translates to MkDocs. No page is
written to `docs/`; nothing generated is ever committed.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import sys
import time
from typing import NoReturn
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

try:
    from generators import pipeline
    from generators.search_index import BUNDLE_DIR, IndexJob, SearchIndexError
    from generators.search_index import records as search_records
    from generators.article import Article
    from generators.mkdocs_page import ArticlePage, JoinedFile
    from generators.joined import Joined
    from generators.problems import format_text
    from generators.render import SECTION_OF_FOLDER, SiteSettings, in_nav
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generators import pipeline
    from generators.search_index import BUNDLE_DIR, IndexJob, SearchIndexError
    from generators.search_index import records as search_records
    from generators.article import Article
    from generators.mkdocs_page import ArticlePage, JoinedFile
    from generators.joined import Joined
    from generators.problems import format_text
    from generators.render import SECTION_OF_FOLDER, SiteSettings, in_nav

log = logging.getLogger("mkdocs.hooks.tracker")
MARKER = re.compile(r"<!--\s*tracker:([a-z-]+)\s*-->")
_state: dict = {}


def on_config(config):
    started = time.perf_counter()
    if not config.use_directory_urls:
        raise Abort("the tracker's pages need `use_directory_urls: true` in mkdocs.yml")
    project = pipeline.Project.at(Path(config.config_file_path).parent)
    # The rules across entries run in `on_files`, beside the rendering (generators/pipeline.py).
    result = pipeline.check(project, cache=pipeline.SHARED_CACHE, library_rules=False, model_per_file=True)
    if pipeline.SHARED_CACHE.parsed:
        log.info("tracker: parsed %s", ", ".join(pipeline.SHARED_CACHE.parsed))
    if not result.ok:
        _abort_with_errors(result)
    taxonomy = result.taxonomy
    config.extra["tag_pages"] = {t.label: f"tags/{t.id}/" for t in taxonomy.tags.values()}
    _state["result"] = result
    _state["hook_s"] = time.perf_counter() - started     # the tracker's own time in this build
    return config


def _abort_with_errors(result) -> NoReturn:
    errors = [p for p in result.problems if p.is_error]
    raise Abort("The library has errors; no site is built with entries missing.\n"
                + format_text(errors) + "\nRun `python -m generators check` for warnings too.")


def on_files(files: Files, config):
    started = time.perf_counter()
    result = _state["result"]
    previous = _state.pop("index_job", None)
    if previous is not None:        # a `mkdocs serve` rebuild that began before the last one ended
        previous.cancel()
    settings = SiteSettings(name=config.site_name, url=config.site_url or "")
    try:
        generated = pipeline.pages(result, settings)
    except pipeline.LibraryHasErrors:
        _abort_with_errors(result)
    # The search index needs only the papers, not the pages. It starts once they are rendered
    # (on both cores for a large library), and runs on the second core while MkDocs builds them.
    _state["index_job"] = IndexJob.start(search_records(result.library, result.taxonomy),
                                         Path(config.site_dir) / BUNDLE_DIR)
    warnings = len(result.problems)
    if warnings:
        log.info("tracker: %d warning(s); run `python -m generators check` to see them (it also looks for "
                 "nearly identical titles, which a build leaves to it)", warnings)
    written = {file.src_uri for file in files}      # docs/; generated paths are normalised already
    for path, content in generated.items():
        inclusion = InclusionLevel.UNDEFINED if in_nav(path) else InclusionLevel.NOT_IN_NAV
        if path in written:
            raise Abort(f"docs/{path} would be overwritten by a generated page; generated pages are never "
                        "written to docs/ (delete the file)")
        if isinstance(content, Article):   # already HTML: MkDocs skips the Markdown step
            file = File.generated(config, path, content=content.html, inclusion=inclusion)
            ArticlePage(file, config, content)
        elif isinstance(content, Joined):  # written piece by piece, never joined in memory
            file = JoinedFile.of(config, path, content, inclusion)
        else:
            file = File.generated(config, path, content=content, inclusion=inclusion)
        files.append(file)
    _state["snippets"] = {**pipeline.snippets(result), "repository": _repository_link(config.repo_url)}
    hook_s = _state.pop("hook_s", 0.0) + time.perf_counter() - started
    log.info("tracker: %d generated pages for %d papers; the tracker's hooks took %.2f s of this build "
             "(loading, checking, rendering, and starting the search index)",
             len(generated), len(result.loaded.entries), hook_s)
    return files


def _repository_link(repo_url: str | None):
    """The `<!-- tracker:repository -->` marker: ' in the project's repository' linked to `repo_url`
    (mkdocs.yml's, from REPO_URL), or nothing when the build does not know its repository."""
    text = f" in [the project's repository]({repo_url})" if repo_url else ""
    return lambda src_uri: text


def on_nav(nav, config, files):
    _state["nav"] = nav
    return nav


def _in_section(name: str, folder: str | None, render):
    """Render the tabs or the sidebar of a page outside the navigation with the entry its folder
    belongs to (render.SECTION_OF_FOLDER) marked active, as if the page were under it."""
    url = SECTION_OF_FOLDER.get(folder or "") if name in ("nav", "tabs") else None
    nav = _state.get("nav")
    entry = next((item for item in nav.items if getattr(item, "url", None) == url), None) if url and nav else None
    if entry is None or entry.active:
        return render()
    entry.active = True
    try:
        return render()
    finally:
        entry.active = False


def on_env(env, config, files):
    """Template parts that are the same HTML on many pages are rendered once per build and key.

    `tracker_shared(name, key, render)` returns `render()`, computed once per (name, key); a key
    of None means "this page's own". The overrides use it for Material's parts that do not
    depend on the page beyond what the key says:
    - nav and tabs (overrides/partials/nav.html, tabs.html): for a page outside the navigation,
      the same as for every such page in its folder (the same entry is active, `_in_section`,
      and relative links agree); the key is `tracker_nav_folder(page)`;
    - the palette toggle (overrides/partials/palette.html): the same everywhere;
    - the `__config` script (overrides/main.html): the same for pages at the same `base_url`.
    With a ten-entry nav these were a third of the theme's time per page. TRACKER_SHARED_NAV=0
    renders everything for every page; a test builds the site both ways and compares them.
    """
    shared: dict[tuple[str, str], str] = {}
    enabled = os.environ.get("TRACKER_SHARED_NAV", "1") != "0"

    def tracker_shared(name, key, render):
        if not enabled or key is None:
            return _in_section(name, key, render)
        if (name, key) not in shared:
            shared[(name, key)] = _in_section(name, key, render)
        return shared[(name, key)]

    def tracker_nav_folder(page):
        if page is None or not page.file.inclusion.is_not_in_nav():
            return None
        return posixpath.dirname(page.url.rstrip("/"))     # "papers/x/" -> "papers"

    env.globals["tracker_shared"] = tracker_shared
    env.globals["tracker_nav_folder"] = tracker_nav_folder
    return env


def on_page_markdown(markdown: str, page, config, files):
    snippets = _state.get("snippets", {})

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in snippets:
            raise Abort(f"{page.file.src_uri}: unknown marker <!-- tracker:{name} -->; "
                        f"known: {', '.join(sorted(snippets))}")
        return snippets[name](page.file.src_uri)

    return MARKER.sub(replace, markdown)


def on_serve(server, config, builder):
    server.watch(str(Path(config.config_file_path).parent / "references"))
    return server


def on_post_build(config):
    """Collect the search index started in `on_files` (Pagefind; see generators/search_index.py)."""
    pipeline.thaw()         # what the pipeline froze is collectable again (generators/pipeline.py)
    job = _state.pop("index_job", None)
    if job is None:
        return
    start = time.perf_counter()
    try:
        stats = job.wait()
    except SearchIndexError as exc:
        raise Abort(str(exc)) from exc
    log.info("tracker: search index of %s papers in %.1f s beside the build, %.1f s waited for it "
             "(pagefind, peak %d MB)", stats.pages if stats.pages is not None else "?", stats.seconds,
             time.perf_counter() - start, stats.peak_rss_bytes // 2**20)


def on_build_error(error):
    pipeline.thaw()
    job = _state.pop("index_job", None)
    if job is not None:
        job.cancel()
