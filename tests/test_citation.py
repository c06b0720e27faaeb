"""The plain-text citation under "Cite" on each paper page: one full stop after each part."""

import datetime as dt
import html
import re

from generators import pipeline
from conftest import FIXTURES


def cite_lines(project) -> dict[str, str]:
    result = pipeline.check(pipeline.Project.at(project(FIXTURES / "citation" / "punctuation.bib")),
                            today=dt.date(2026, 11, 25))
    assert result.ok, result.problems
    pages = pipeline.pages(result)
    return {key: html.unescape(re.search(r'<p class="met-cite">(.*?)</p>', pages[f"papers/{key}.md"].html).group(1))
            for key in ("cite2025question", "cite2025statement")}


def test_a_title_ending_in_a_question_mark_gets_no_full_stop_after_it(project):
    assert "Do Models Ask Questions? Test fixture, not a real work." in cite_lines(project)["cite2025question"]


def test_a_title_and_a_venue_each_end_in_one_full_stop(project):
    line = cite_lines(project)["cite2025statement"]
    assert line == ("Fixture, C. (2025). A Title Without Punctuation. Proc. of Fixtures. "
                    "https://example.org/fixtures/statement")
