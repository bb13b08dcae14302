"""The corpus words one edit from a question's word, found by their one-letter deletions
(`index.spelling_forms.deletion_table`, `one_edit_from`) rather than by making every string one edit away
(`single_edits`): the look-up must find exactly the words the full generation finds, or a real word's
reading (`Speller._in_context`, `_real_word`) or a name's (`_name`) would silently change."""

from __future__ import annotations

import itertools

from conftest import KNOWLEDGE

from index.spelling import corpus_words
from index.spelling_forms import deletion_table, one_edit, one_edit_from, single_edits

SMALL = ["".join(p) for n in range(0, 5) for p in itertools.product("abc", repeat=n)]  # every word of a, b, c to 4 letters
NOT_LETTERS = ["don't", "co-op", "Abc", "café", "ab1", "a b"]


def test_one_edit_is_membership_of_single_edits():
    for word in SMALL:
        edits = single_edits(word)
        for other in (*SMALL, *NOT_LETTERS, *(w + "d" for w in SMALL[:40])):
            assert one_edit(word, other) == (other in edits), (word, other)
        assert all(one_edit(word, other) for other in edits), word


def test_the_deletion_look_up_finds_every_word_one_edit_away_and_no_other():
    words = SMALL[1:] + NOT_LETTERS
    table = deletion_table(words)
    letters = {w for w in words if w.isascii() and w.isalpha() and w.islower()}
    for word in SMALL:
        assert one_edit_from(word, table) == single_edits(word) & letters, word


def test_the_corpus_words_one_edit_from_its_words_and_their_slips_are_those_of_the_full_generation():
    vocabulary = corpus_words(p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md"))
    table = deletion_table(vocabulary)
    typed = [w for w in vocabulary if w.isascii() and w.isalpha()]
    typed += [w[:i] + w[i + 1:] for w in typed[::7] for i in range(len(w))]  # slips of some: a letter left out
    typed += [w[::-1] for w in typed[::11]]  # and strings no corpus word is near
    found = 0
    for word in typed:
        near = one_edit_from(word, table)
        assert near == {c for c in single_edits(word) if c in vocabulary}, word
        found += bool(near - {word})
    assert found > 100  # the corpus has words one edit apart ("care", "core"; "board", "boards")
