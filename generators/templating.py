"""The one Jinja2 environment, and the two ways a template becomes output.

Autoescape is on and undefined names are errors. Every template gets `url()`, which turns a
site path ("papers/x/") into a link relative to the page being rendered, so the site works
from any folder. Page templates (`*.html.j2`) become an `Article`, HTML from top to bottom;
snippet templates (`*.md.j2`) become Markdown that hand-written pages include.
"""

from __future__ import annotations

from typing import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import fragments
from .article import Article, heading
from .facets import facets
from .paths import page_url, relative_url


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generators", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,      # templates ship with the package; no stat() per page
    )
    env.globals["facets"] = facets   # the one facet definition (browse table and search filters)
    env.globals["heading"] = heading
    env.globals.update(fragments.GLOBALS)
    return env


_ENV = _environment()


def render_template(template: str, src_path: str, **values) -> str:
    """`template` rendered for the page at `src_path` (e.g. "tags/x.md"), links relative to it."""
    base = page_url(src_path)
    url: Callable[[str], str] = lambda target: relative_url(target, base)  # noqa: E731
    return _ENV.get_template(template).render(url=url, **values)


def article(template: str, src_path: str, meta: dict, **values) -> Article:
    """A page: `meta` is its front matter (strings already HTML-escaped), the template its body."""
    return Article(meta, render_template(template, src_path, **values))
