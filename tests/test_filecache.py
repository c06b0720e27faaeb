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
