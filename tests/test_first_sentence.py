"""Listings and page descriptions show a summary's first sentence, cut at a word when it is long."""

from generators.model import FIRST_SENTENCE_MAX, first_sentence


def test_the_first_sentence_is_taken():
    assert first_sentence("Models hack their tests. Then they hide it.") == "Models hack their tests."


def test_abbreviations_and_initials_do_not_end_the_sentence():
    text = "Following Hubinger et al. and J. Smith, e.g. in toy settings, vs. real ones, the authors test it. More."
    assert first_sentence(text) == text[:-len(" More.")]


def test_a_long_sentence_is_cut_between_words_with_an_ellipsis():
    words = " ".join(f"word{i}" for i in range(100)) + "."
    line = first_sentence(words)
    assert line.endswith("…") and len(line) <= FIRST_SENTENCE_MAX
    assert line[:-1].split(" ")[-1] in words.split(" ")     # the last word shown is whole


def test_a_summary_without_a_full_stop_is_taken_whole():
    assert first_sentence("A short note without a final stop") == "A short note without a final stop"


def test_white_space_and_line_breaks_are_collapsed():
    assert first_sentence("Two\n   lines of text here.  Next.") == "Two lines of text here."
