"""The coverage page counts papers per claim, side, tag and evidence kind, and names the thin spots."""

import datetime as dt
import re

from generators import pipeline
from generators.coverage import coverage_pages
from generators.render import SiteContext
from conftest import FIXTURES


def coverage(project):
    root = project(*sorted((FIXTURES / "small").glob("*.bib")))
    result = pipeline.check(pipeline.Project.at(root), today=dt.date(2026, 11, 24))
    return coverage_pages(SiteContext(result.library, result.taxonomy))["coverage.md"].html


def row(page, attr, value):
    return re.search(rf'<tr data-{attr}="{value}">(.*?)</tr>', page).group(1)


def test_claim_rows_count_each_side(project):
    page = coverage(project)
    assert re.findall(r"<td[^>]*>(\d+)</td>", row(page, "claim", "deceptive-alignment-by-default")) == ["0", "1"]
    assert re.findall(r"<td[^>]*>(\d+)</td>", row(page, "claim", "oversight-detects")) == ["1", "0"]


def test_tag_and_evidence_rows_count_papers(project):
    page = coverage(project)
    assert row(page, "tag", "backdoors").endswith(">2</td>")
    assert row(page, "evidence", "lab-demonstration").endswith("<td>2</td>")


def test_thin_spots_are_called_out_as_wanted(project):
    page = coverage(project)
    assert "Wanted: <a href=\"../claims/persists-through-training/\">evidence or arguments against " \
           "“Persists through training” (0 so far)</a>" in page
    assert "papers on Sycophancy (0 so far)" in page


def test_the_stances_are_listed_in_the_order_every_other_page_uses(project):
    section = coverage(project).split('id="per-stance"')[1].split("</table>")[0]
    assert re.findall(r"<tr><td>([A-Z][a-z]+)</td>", section) == ["Evidence", "Counterargument", "Mixed", "Context"]
