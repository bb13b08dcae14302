"""Whole-word matching without a compiled pattern finds exactly what the regular expression finds."""

from __future__ import annotations

import random
import re

from index.text import mentions, whole_word, whole_word_spans

ALPHABET = ["Jo", "Jo", "Ann", " ", " ", "'s", "’s", "'", "s", "_", "-", ".", "é", "2", "\u212a", "İ", "\n", "x"]
PHRASES = ["Jo", "Jo Jo", "Ann", "Jo's", "s", "_", "-", "é", "Jo-Ann", "Ann Jo", "x_", "2"]


def _texts(count: int, seed: int = 14):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))


def test_spans_are_what_the_whole_word_pattern_finds():
    for text in _texts(4000):
        for phrase in PHRASES:
            expected = [m.span() for m in re.finditer(whole_word(phrase), text)]
            assert list(whole_word_spans(text, phrase)) == expected, (text, phrase)
            assert mentions(text, phrase) == bool(expected), (text, phrase)


def test_ignoring_case_finds_what_the_case_blind_pattern_finds():
    phrases = [*PHRASES, "jo", "JO JO", "aNN", "\u212a", "k", "i", "İ"]
    alphabet = [*ALPHABET, "JO", "ann", "K", "k", "i", "I"]
    rng = random.Random(16)
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        for phrase in phrases:
            expected = re.search(whole_word(phrase), text, re.IGNORECASE) is not None
            assert mentions(text, phrase, ignore_case=True) == expected, (text, phrase)


def test_spans_not_followed_by_a_possessive_are_what_the_pattern_finds():
    for text in _texts(4000, seed=15):
        for phrase in PHRASES:
            # not "Jo's", nor a name ending in s with an apostrophe and a word after ("Jo Bloggs’ deputy")
            expected = [m.span() for m in re.finditer(whole_word(phrase) + r"(?!['’]s\b)(?!(?<=s)['’] \w)", text)]
            assert list(whole_word_spans(text, phrase, possessive=False)) == expected, (text, phrase)


def test_examples():
    assert list(whole_word_spans("Jo and Jo's team met Jon", "Jo", possessive=False)) == [(0, 2)]
    assert list(whole_word_spans("Jo and Jo's team met Jon", "Jo")) == [(0, 2), (7, 9)]
    assert list(whole_word_spans("Jo Jo's Jo Jo", "Jo Jo", possessive=False)) == [(8, 13)]
    assert not mentions("Joanne", "Jo") and mentions("JO", "jo", ignore_case=True)
