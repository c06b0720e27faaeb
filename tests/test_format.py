"""`format` rewrites .bib files in one canonical style and loses nothing; `export` gives everything back."""

import json
import shutil

import bibtexparser

from generators.load import load_file
from conftest import FIXTURES, ROOT, run_cli


def fields_of(path):
    return {e.key: (e.entry_type, e.fields) for e in load_file(path).entries}


def formatted_copy(tmp_path, name="unformatted.bib"):
    target = tmp_path / name
    shutil.copy(FIXTURES / name, target)
    result = run_cli("format", str(target))
    assert result.returncode == 0, result.stderr
    return target


def test_format_writes_the_canonical_style(tmp_path):
    text = formatted_copy(tmp_path).read_text()
    assert "@misc{messy2024style,\n  author = {Doe, Jane},\n  title = {A Messy {AI} Entry},\n  year = 2024," in text
    assert "  keywords = {deception, sycophancy}," in text      # sorted
    assert "  howpublished = ai," in text                        # the macro stays a macro


def test_format_keeps_comments_strings_preambles_and_unknown_fields(tmp_path):
    text = formatted_copy(tmp_path).read_text()
    for kept in ("% A hand-written file", '@string{ai = {AI}}', r'@preamble{"\newcommand{\noop}[1]{}"}',
                 "@comment{a comment block that must be kept}", "myfield = {an unknown field that must be kept}"):
        assert kept in text


def test_format_keeps_every_field_value_only_sorting_keywords(tmp_path):
    before = fields_of(FIXTURES / "unformatted.bib")
    before["messy2024style"][1]["keywords"] = "deception, sycophancy"
    assert fields_of(formatted_copy(tmp_path)) == before


def test_format_is_idempotent(tmp_path):
    target = formatted_copy(tmp_path)
    once = target.read_text()
    assert run_cli("format", str(target)).returncode == 0
    assert target.read_text() == once


def test_format_check_shows_a_diff_exits_1_and_changes_nothing(tmp_path):
    target = tmp_path / "unformatted.bib"
    shutil.copy(FIXTURES / "unformatted.bib", target)
    before = target.read_bytes()
    result = run_cli("format", "--check", str(target))
    assert result.returncode == 1
    assert "+  keywords = {deception, sycophancy}," in result.stdout
    assert target.read_bytes() == before


def test_format_refuses_a_file_that_does_not_parse_and_leaves_it_untouched(tmp_path):
    target = tmp_path / "broken.bib"
    shutil.copy(FIXTURES / "broken.bib", target)
    before = target.read_bytes()
    result = run_cli("format", str(target))
    assert result.returncode == 1
    assert "broken.bib:14" in result.stderr
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["broken.bib"]     # no temporary file left behind


def test_the_library_is_kept_in_canonical_style():
    result = run_cli("format", "--check")
    assert result.returncode == 0, result.stdout[-2000:]


def test_the_library_passes_check():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout[-3000:]


def test_export_bib_gives_back_every_entry_with_every_field(tmp_path, project):
    root = project(FIXTURES / "unformatted.bib", *sorted((FIXTURES / "small").glob("*.bib")))
    out = tmp_path / "export.bib"
    assert run_cli("export", "--root", str(root), "--out", str(out)).returncode == 0
    exported = fields_of(out)
    originals = {}
    for path in sorted((root / "references").glob("*.bib")):
        originals.update(fields_of(path))
    assert exported == originals


def test_export_refuses_a_library_where_a_repeated_key_or_field_kept_an_entry_out(tmp_path, project):
    root = project(FIXTURES / "repeated.bib")
    out = tmp_path / "export.bib"
    result = run_cli("export", "--root", str(root), "--out", str(out))
    assert result.returncode == 1
    assert "references/repeated.bib:15: twice2023key: error: duplicate key" in result.stderr
    assert "references/repeated.bib:27: twice2023field: error: field given twice" in result.stderr
    assert "not exported" in result.stderr
    assert not out.exists()


def test_export_of_the_real_library_parses_back_to_every_key():
    result = run_cli("export")
    library = bibtexparser.parse_string(result.stdout)
    expected = set()
    for path in sorted((ROOT / "references").glob("*.bib")):
        expected |= set(fields_of(path))
    assert {e.key for e in library.entries} == expected and not library.failed_blocks


def test_export_csl_json_has_one_item_per_entry_with_title_and_authors(project):
    root = project(*sorted((FIXTURES / "small").glob("*.bib")))
    items = json.loads(run_cli("export", "--root", str(root), "--format", "csl-json").stdout)
    by_id = {i["id"]: i for i in items}
    assert set(by_id) == {"ngo2022alignment", "wheaton2023deceptive", "hubinger2024sleeper",
                          "macdiarmid2024probes", "hostile2024script"}
    assert by_id["ngo2022alignment"]["author"][2] == {"family": "Mindermann", "given": "Sören"}
    assert by_id["ngo2022alignment"]["URL"] == "https://arxiv.org/abs/2209.00626"
