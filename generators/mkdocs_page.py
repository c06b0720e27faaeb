"""What the generator hands MkDocs beyond plain files: an `Article` (a page the generator
already rendered to HTML) as an MkDocs page, and a `Joined` file as an MkDocs file.

MkDocs builds a page in two steps, `read_source()` (front matter and Markdown) and `render()`
(Markdown to HTML, table of contents, anchors). This page does both from the `Article`
without running Python-Markdown; everything after that (plugins' page events, the theme's
templates, writing the file) is MkDocs' usual path. Material's blog plugin subclasses `Page`
the same way for the pages it generates.
"""

from __future__ import annotations

import os

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .article import Article
from .joined import Joined


class ArticlePage(Page):
    def __init__(self, file: File, config, article: Article) -> None:
        self.article = article
        self._anchor_ids: set[str] | None = None
        super().__init__(None, file, config)     # registers itself as `file.page`

    def read_source(self, config) -> None:
        self.markdown = ""                # plugins' `on_page_markdown` see an empty page
        self.meta = dict(self.article.meta)

    def render(self, config, files) -> None:
        self.content = self.article.html
        tokens = [{"level": h.level, "id": h.id, "name": h.title, "children": []} for h in self.article.headings]
        self.toc = get_toc(tokens)

    @property
    def present_anchor_ids(self) -> set[str]:
        """Every `id` in the page: read by MkDocs only to check links to an anchor here from a
        Markdown page, so found on first use (scanning all 10,000 paper pages took 0.3 s)."""
        if self._anchor_ids is None:
            self._anchor_ids = self.article.anchor_ids
        return self._anchor_ids

    @present_anchor_ids.setter
    def present_anchor_ids(self, value: set[str] | None) -> None:
        self._anchor_ids = value


class JoinedFile(File):
    """A generated `Joined` file (generators/joined.py): MkDocs writes it piece by piece, and
    joins it into one string only if a plugin asks for its content."""

    joined: Joined

    @classmethod
    def of(cls, config, path: str, joined: Joined, inclusion) -> "JoinedFile":
        file = cls.generated(config, path, content="", inclusion=inclusion)
        file.joined = joined
        return file

    @property
    def content_string(self) -> str:
        return self.joined.text()

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.joined = Joined((value,))

    @property
    def content_bytes(self) -> bytes:
        return self.joined.text().encode()

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.joined = Joined((value.decode("utf-8"),))

    def copy_file(self, dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        self.joined.write(self.abs_dest_path)
