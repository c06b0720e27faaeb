"""An `Article` (a page the generator already rendered to HTML) as an MkDocs page.

MkDocs builds a page in two steps, `read_source()` (front matter and Markdown) and `render()`
(Markdown to HTML, table of contents, anchors). This page does both from the `Article`
without running Python-Markdown; everything after that (plugins' page events, the theme's
templates, writing the file) is MkDocs' usual path. Material's blog plugin subclasses `Page`
the same way for the pages it generates.
"""

from __future__ import annotations

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .article import Article


class ArticlePage(Page):
    def __init__(self, file: File, config, article: Article) -> None:
        self.article = article
        super().__init__(None, file, config)     # registers itself as `file.page`

    def read_source(self, config) -> None:
        self.markdown = ""                # plugins' `on_page_markdown` see an empty page
        self.meta = dict(self.article.meta)

    def render(self, config, files) -> None:
        self.content = self.article.html
        tokens = [{"level": h.level, "id": h.id, "name": h.title, "children": []} for h in self.article.headings]
        self.toc = get_toc(tokens)
        self.present_anchor_ids = self.article.anchor_ids
