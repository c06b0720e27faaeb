"""Pages rendered straight to HTML: the same markup Markdown would give, headings read back."""

import markdown

from generators.article import Article, heading


def test_a_heading_is_the_markup_markdowns_toc_extension_writes():
    html = markdown.markdown("## Summary", extensions=["toc"], extension_configs={"toc": {"permalink": True}})
    assert str(heading(2, "summary", "Summary")) == html


def test_heading_text_is_escaped():
    assert "&lt;b&gt;" in heading(2, "x", "<b>")


def test_headings_are_read_back_from_the_html_in_order():
    article = Article({}, f"{heading(2, 'summary', 'Summary')}<p>text</p>{heading(3, 'cite', 'Cite')}")
    assert [(h.level, h.id, h.title) for h in article.headings] == [(2, "summary", "Summary"), (3, "cite", "Cite")]


def test_every_id_in_the_body_is_an_anchor_links_may_target():
    article = Article({}, f'{heading(2, "links", "Links")}<div id="bibtex"></div>')
    assert article.anchor_ids == {"links", "bibtex"}


def test_as_markdown_puts_the_front_matter_before_the_html():
    text = Article({"title": "A &amp; B"}, "<p>body</p>").as_markdown()
    assert text == "---\ntitle: A &amp; B\n---\n\n<p>body</p>"
