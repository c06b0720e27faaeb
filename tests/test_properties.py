"""Properties over generated input (hypothesis): paths stay inside the output, nothing is lost."""

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generators.bibtex import format_entries, format_value
from generators.load import load_text
from generators.model import slugify_key
from generators.paths import UnsafePathError, check_relative, safe_join

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(key=ANY_TEXT)
def test_any_key_becomes_a_page_path_inside_the_output_folder(tmp_path_factory, key):
    root = tmp_path_factory.getbasetemp() / "out"
    target = safe_join(root, f"papers/{slugify_key(key)}.md")
    assert root.resolve() in target.parents


@given(rel=ANY_TEXT)
def test_safe_join_never_returns_a_path_outside_its_root(tmp_path_factory, rel):
    root = tmp_path_factory.getbasetemp() / "out"
    try:
        target = safe_join(root, rel)
    except UnsafePathError:
        return
    assert root.resolve() in target.parents


PATHLIKE = st.from_regex(r"[A-Za-z0-9_.-]{0,6}(/{1,2}[A-Za-z0-9_.-]{0,6}){0,3}", fullmatch=True)


@given(rel=PATHLIKE | ANY_TEXT)
def test_the_quick_check_of_a_normal_path_agrees_with_the_full_one(rel):
    from generators.paths import _normalised

    def outcome(check):
        try:
            return check(rel)
        except UnsafePathError:
            return UnsafePathError

    assert outcome(check_relative) == outcome(_normalised)


@pytest.mark.parametrize("rel", ["../x", "/etc/passwd", "a/../../b", ".hidden", "a/.git/config", "a\\..\\b", ""])
def test_known_escapes_are_refused(rel):
    with pytest.raises(UnsafePathError):
        check_relative(rel)


# ----------------------------------------------------------------------------- round trip

KEY = st.from_regex(r"[a-z][a-z0-9_-]{0,20}", fullmatch=True)
FIELD = st.from_regex(r"[a-z][a-z_]{0,14}", fullmatch=True)
PLAIN = st.text(alphabet=string.ascii_letters + string.digits + " .,;:!?'\"@#=+-*/<>[]()&_|\n%äöüéßΩ→",
                min_size=1, max_size=60).map(lambda s: s.strip() or "x")
LATEX = st.sampled_from(['\\"{o}', "{\\'e}", "\\emph{x}", "\\&", "\\%", "$x^2$", "--", "\\url{https://a.b/c}"])
PLAIN = st.one_of(PLAIN, st.tuples(PLAIN, LATEX).map(" ".join))
VALUE = st.recursive(PLAIN, lambda inner: st.tuples(inner, inner).map(lambda t: f"{t[0]} {{{t[1]}}}"), max_leaves=4)
ENTRY = st.tuples(
    st.sampled_from(["article", "misc", "inproceedings", "techreport", "customtype"]),
    KEY,
    st.dictionaries(FIELD, VALUE, min_size=1, max_size=8),
)


def _as_bib(entries) -> str:
    out = []
    for kind, key, fields in entries:
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        out.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ENTRY, min_size=1, max_size=5, unique_by=lambda e: e[1]))
def test_export_then_load_gives_back_every_field_of_every_entry(entries):
    loaded = load_text(_as_bib(entries), "in.bib")
    assume(not loaded.problems)   # the property is about what parses; parse failures have their own tests
    exported = format_entries(loaded.entries)
    again = load_text(exported, "out.bib")
    assert not again.problems
    assert [(e.entry_type, e.key, e.fields) for e in again.entries] == \
           [(e.entry_type, e.key, e.fields) for e in loaded.entries]
    assert format_entries(again.entries) == exported    # and the canonical form is a fixed point


def _pairs_up(value: str) -> bool:
    """The plain reading: walk the value; a backslash hides the next character; the depth of
    braces never goes below zero and ends at zero."""
    depth, chars = 0, iter(value)
    for ch in chars:
        if ch == "\\":
            next(chars, None)
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@settings(max_examples=2000)
@given(st.text(alphabet="{}\\a \"\n", max_size=16))
def test_a_value_is_written_in_braces_exactly_when_its_braces_pair_up(value):
    assert (format_value("title", value) == "{" + value + "}") == _pairs_up(value)


# Runs of one letter score exactly by their lengths (the bound a comparison by length relies on),
# and short strings over three letters score near the cutoff at every difference in length.
TITLES = st.lists(st.text(alphabet="a", max_size=80) | st.text(alphabet="ab ", max_size=30), max_size=40)


def _every_pair_at_the_cutoff(rows, cols):
    from rapidfuzz import fuzz

    from generators.validate import TITLE_CUTOFF
    return {(r, c) for r, a in enumerate(rows) for c, b in enumerate(cols) if fuzz.ratio(a, b) >= TITLE_CUTOFF}


@settings(max_examples=300, deadline=None)
@given(rows=TITLES, block_size=st.integers(1, 8))
def test_titles_compared_by_length_find_every_pair_that_comparing_all_finds(rows, block_size):
    from generators.validate import similar_pairs
    ids = list(range(len(rows)))
    expected = {(r, c) for r, c in _every_pair_at_the_cutoff(rows, rows) if r < c}
    assert similar_pairs(rows, None, ids, ids, block_size) == expected


@settings(max_examples=300, deadline=None)
@given(rows=TITLES, cols=TITLES, block_size=st.integers(1, 8))
def test_titles_of_two_years_compared_by_length_find_every_pair_that_comparing_all_finds(rows, cols, block_size):
    from generators.validate import similar_pairs
    assert similar_pairs(rows, cols, list(range(len(rows))), list(range(len(cols))), block_size) \
        == _every_pair_at_the_cutoff(rows, cols)
