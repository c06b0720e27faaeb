"""During `mkdocs serve`, a change to one .bib file re-parses only that file."""

import os

from generators.load import FileCache, bib_files

ENTRY = """@misc{{{key},
  author = {{M{{\\"u}}ller, Anna}},
  title = {{{title}}},
  year = {{2024}},
  url = {{https://example.org/{key}}},
}}
"""


def _library(project):
    root = project(texts={"a.bib": ENTRY.format(key="alpha2024", title="Alpha"),
                          "b.bib": ENTRY.format(key="beta2024", title="Beta"),
                          "c.bib": ENTRY.format(key="gamma2024", title="Gamma")})
    return root, bib_files(root / "references")


def test_first_load_parses_every_file(project):
    root, paths = _library(project)
    cache = FileCache()
    cache.load(paths, root)
    assert cache.parsed == ["references/a.bib", "references/b.bib", "references/c.bib"]


def test_reload_without_changes_parses_nothing(project):
    root, paths = _library(project)
    cache = FileCache()
    cache.load(paths, root)
    result = cache.load(paths, root)
    assert cache.parsed == []
    assert [e.key for e in result.entries] == ["alpha2024", "beta2024", "gamma2024"]


def test_touching_one_file_reparses_only_that_file(project):
    root, paths = _library(project)
    cache = FileCache()
    cache.load(paths, root)
    b = root / "references" / "b.bib"
    st = b.stat()
    os.utime(b, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    cache.load(paths, root)
    assert cache.parsed == ["references/b.bib"]


def test_an_edited_file_is_reparsed_and_the_others_are_reused(project):
    root, paths = _library(project)
    cache = FileCache()
    first = cache.load(paths, root)
    (root / "references" / "c.bib").write_text(ENTRY.format(key="gamma2024", title="Gamma, revised"),
                                               encoding="utf-8")
    second = cache.load(paths, root)
    assert cache.parsed == ["references/c.bib"]
    assert second.files[0] is first.files[0] and second.files[1] is first.files[1]
    assert second.entries[2].text("title") == "Gamma, revised"


def _note_entries(source):
    source.entry_problems = [f"{source.path}: {len(source.entries)} entries"]


def test_what_the_per_file_stage_found_is_kept_while_the_file_is_unchanged(project):
    root, paths = _library(project)
    cache = FileCache()
    cache.load(paths, root, then=_note_entries, then_key="taxonomy v1")
    again = cache.load(paths, root, then=_note_entries, then_key="taxonomy v1")
    assert cache.parsed == []
    assert again.entry_problems == ["references/a.bib: 1 entries", "references/b.bib: 1 entries",
                                    "references/c.bib: 1 entries"]


def test_a_new_key_for_the_per_file_stage_reruns_it_on_every_file(project):
    root, paths = _library(project)
    cache = FileCache()
    cache.load(paths, root, then=_note_entries, then_key="taxonomy v1")
    cache.load(paths, root, then=_note_entries, then_key="taxonomy v2")
    assert cache.parsed == ["references/a.bib", "references/b.bib", "references/c.bib"]


def test_editing_the_taxonomy_during_serve_rechecks_unchanged_files(project):
    """An entry whose tag leaves the taxonomy is reported, though its .bib file did not change."""
    import datetime as dt

    from generators import pipeline

    root, _ = _library(project)
    (root / "references" / "a.bib").write_text(
        ENTRY.format(key="alpha2024", title="Alpha").replace("url =", "keywords = {sycophancy},\n  url ="),
        encoding="utf-8")
    cache = FileCache()
    today = dt.date(2026, 11, 24)
    before = pipeline.check(pipeline.Project.at(root), cache=cache, today=today)
    assert not any("sycophancy" in p.message for p in before.problems)
    taxonomy = root / "references" / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    assert "- id: sycophancy\n" in text
    taxonomy.write_text(text.replace("- id: sycophancy\n", "- id: sycophancy-renamed\n", 1), encoding="utf-8")
    after = pipeline.check(pipeline.Project.at(root), cache=cache, today=today)
    assert any("unknown tag" in p.message and "sycophancy" in p.message for p in after.problems)
