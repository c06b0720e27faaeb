"""Loading: every entry kept with its file and line; LaTeX decoded; failures reported, not raised."""

from generators.load import PARALLEL_MIN_BYTES, _parallel, load_file, load_many, load_text
from conftest import FIXTURES


def test_entries_keep_their_file_and_one_based_line():
    loaded = load_file(FIXTURES / "broken.bib", FIXTURES)
    lines = {e.key: e.line for e in loaded.entries}
    assert lines["good2023first"] == 2
    assert loaded.entries[0].file == "broken.bib"


def test_a_broken_entry_is_reported_with_its_line_and_its_neighbours_survive():
    loaded = load_file(FIXTURES / "broken.bib", FIXTURES)
    keys = {e.key for e in loaded.entries}
    assert {"good2023first", "good2023second"} <= keys
    assert any(p.line == 14 and p.file == "broken.bib" for p in loaded.problems), loaded.problems


def _errors_by_line(name):
    loaded = load_file(FIXTURES / name, FIXTURES)
    return loaded, {p.line: p for p in loaded.problems if p.is_error}


def test_an_entry_with_white_space_after_its_at_sign_is_reported_not_dropped():
    loaded, errors = _errors_by_line("entry_starts.bib")
    assert errors[9].key == "spaced2024after" and "starts an entry for BibTeX" in errors[9].message


def test_an_entry_with_a_line_break_before_its_brace_is_reported_not_dropped():
    loaded, errors = _errors_by_line("entry_starts.bib")
    assert errors[16].key == "broken2024line" and "starts an entry for BibTeX" in errors[16].message


def test_a_value_that_runs_over_another_entry_is_reported_with_where_that_entry_starts():
    loaded, errors = _errors_by_line("entry_starts.bib")
    assert errors[24].key == "unclosed2024brace"
    assert "the value of `title` runs over what looks like another entry (`@misc {swallowed2024entry` at line 30)" \
        in errors[24].message
    assert [e.key for e in loaded.entries] == ["plain2024first", "unclosed2024brace"]


def test_an_at_sign_inside_a_one_line_value_is_not_taken_for_an_entry():
    source = load_text("@misc{gen,\n  title = {@a{b} and @misc{c}},\n}\n", "x.bib")
    assert source.problems == [] and [e.key for e in source.entries] == ["gen"]


def test_lines_after_a_latex_line_break_at_the_end_of_a_line_are_the_files_own():
    loaded, errors = _errors_by_line("backslash_line_end.bib")
    assert errors[12].key == "after2024breaks" and "given twice" in errors[12].message
    first = loaded.entries[0]
    assert first.field_lines["abstract"] == 6 and first.field_lines["url"] == 9


def test_latex_accents_are_decoded_in_titles_and_venues():
    entry = load_file(FIXTURES / "latex.bib").entries[0]
    assert entry.text("title").startswith("Über Reward Hacking – naïve Agents")
    assert entry.text("journal") == "Journal of Åccents"


def test_author_names_are_split_then_decoded():
    entry = load_file(FIXTURES / "latex.bib").entries[0]
    names = [p.display for p in entry.persons("author")]
    assert names == ["Jörg Müller", "María García", "Søren Østergaard", "Teun van der Weij", "OpenAI"]


def test_identifier_fields_are_kept_verbatim():
    entry = load_file(FIXTURES / "latex.bib").entries[0]
    assert entry.text("url") == "https://example.org/a%20b"


def test_duplicate_key_in_one_file_is_a_problem_not_a_silent_drop():
    text = "@misc{k, title={A}}\n\n@misc{k, title={B}}\n"
    loaded = load_text(text, "x.bib")
    assert [p.line for p in loaded.problems] == [3]
    assert "duplicate key" in loaded.problems[0].message


def test_field_names_differing_only_in_case_are_reported():
    loaded = load_text("@misc{k,\n  title={A},\n  Title={B}\n}\n", "x.bib")
    assert any("given twice" in p.message and p.line == 3 for p in loaded.problems)


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path):
    path = tmp_path / "latin1.bib"
    path.write_bytes(b"@misc{a,\n  title = {Caf\xe9}\n}\n")
    loaded = load_file(path, tmp_path)
    assert loaded.problems[0].line == 2
    assert "UTF-8" in loaded.problems[0].message
    assert [e.key for e in loaded.entries] == ["a"]


def _snapshot(sources):
    """Everything the rest of the pipeline reads from loaded files."""
    return [(s.path, s.problems,
             [(e.key, e.line, e.fields, e.field_lines, {n: e.text(n) for n in e.order},
               [p.display for p in e.persons("author")], sorted(e._undecodable)) for e in s.entries])
            for s in sources]


def test_loading_on_several_cores_gives_the_same_entries_problems_and_decoded_text():
    paths = sorted((FIXTURES / "small").glob("*.bib")) + [FIXTURES / "broken.bib"]
    parallel = load_many(paths, FIXTURES, parallel=True)
    assert _snapshot(parallel) == _snapshot(load_many(paths, FIXTURES, parallel=False))
    assert sum(len(s.entries) for s in parallel) > 0 and any(s.problems for s in parallel)


def test_a_small_library_or_a_threaded_process_is_loaded_on_one_core(tmp_path):
    import threading

    paths = sorted((FIXTURES / "small").glob("*.bib"))
    assert not _parallel(paths)                     # far below PARALLEL_MIN_BYTES
    big = [tmp_path / f"{i}.bib" for i in range(2)]
    for p in big:
        p.write_text("@misc{x" + p.stem + ", note = {" + "a" * PARALLEL_MIN_BYTES + "}}\n", encoding="utf-8")
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not _parallel(big)                   # forking beside other threads is unsafe
    finally:
        stop.set()
        worker.join()
