"""Keyboard slips as classes (index/spelling_slips.py, index/spelling.py; BENCHMARKS.md, "Stop 46"): a letter
held down, a letter typed as its keyboard neighbour, a three-letter word typed without its vowels and two
words run together with both misspelt, against the bundled corpus; and through the served index, where a
question of held letters finds what its spelled question finds."""

from __future__ import annotations

import pytest
from conftest import KNOWLEDGE

from index.spelling import Speller, corpus_words
from index.spelling_slips import SLIP_WEIGHT, held_readings, slip_weight


@pytest.fixture(scope="module")
def speller():
    return Speller(corpus_words(p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md")))


@pytest.mark.parametrize("typed, corrected", [
    # a letter held down: two or three times, in one run or several
    ("what keeeeps a collaborative going", "what keeps a collaborative going"),
    ("frontllinne staff", "frontline staff"),  # English's word, no word one edit away
    ("How did the Weeest Yorkshire trusts work?", "How did the West Yorkshire trusts work?"),
    ("rotating junior doccctors", "rotating junior doctors"),
    # a keyboard neighbour: the slip a finger makes comes before a commoner word one edit away
    ("how did the providerd share staff", "how did the providers share staff"),
    # three letters without their vowels, into a corpus word English writes beside a neighbour
    ("a jnt committee of the trusts", "a joint committee of the trusts"),
    ("any grp of trusts", "any group of trusts"),
    ("how many dys of leave", "how many days of leave"),  # English's word when the corpus has none
    # two words run together, both misspelt or one short and misspelt
    ("hlpbuold support", "help build support"), ("lngwait for autism", "long wait for autism"),
    ("bttercare for patients", "better care for patients"),
])
def test_a_slip_of_the_class_is_corrected(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("question", [
    "the mdt model", "the ptl model",  # three consonants beside no word English pairs with a reading: an acronym
    "a committee in common",  # doubled letters the words have
    "how did partnerships respond to the Lampars inquiry",  # a name no one uses is not two words misspelt
    "what did trusts take from the Carteer review",  # not "Car tier"
])
def test_words_that_are_not_slips_are_left_alone(speller, question):
    assert speller.correct(question) == question


def test_a_letter_typed_twice_is_not_read_into_english_when_a_word_is_one_edit_away(speller):
    assert speller.correct("commttee in common") == "committee in common"  # not "comte"
    assert speller.correct("reet the board") != "ret the board"


def test_held_readings_read_each_run_as_one_letter_or_two():
    assert held_readings("frontllinne")[0] == "frontline"
    assert set(held_readings("keeeeps")) == {"keps", "keeps"}
    assert held_readings("plan") == []


def test_a_slip_weighs_only_a_neighbour_or_a_swap():
    assert slip_weight("providerd", "providers") == SLIP_WEIGHT  # d beside s
    assert slip_weight("trsut", "trust") == SLIP_WEIGHT  # swapped
    assert slip_weight("providerd", "provider") == 1  # a letter more, not a slip of a finger
    assert slip_weight("merhe", "merge") == SLIP_WEIGHT and slip_weight("merhe", "mere") == 1
    assert slip_weight("meds", "mess") == 1  # too short to say


def test_a_slip_of_the_ear_weighs_as_a_slip_of_a_finger():
    assert slip_weight("engiges", "engages") == SLIP_WEIGHT and slip_weight("engiges", "engines") == 1  # a vowel for another
    assert slip_weight("comission", "commission") == SLIP_WEIGHT  # a doubled letter typed once
    assert slip_weight("wokforce", "workforce") == SLIP_WEIGHT  # an r after a vowel, not said
    assert slip_weight("boddies", "bodies") == SLIP_WEIGHT  # a single letter typed twice
    assert slip_weight("prvider", "provider") == 1  # a vowel left out is no slip of the ear


SPELLED = "How did the West Yorkshire mental health trusts set up joint decision-making?"
HELD = "How did the Weeest Yorkshire mentall heallth trusts set up joinnt decision-making?"


def test_a_question_of_held_letters_is_searched_and_answered_as_the_spelled_one_is(corpus, answerer):
    assert corpus.index.prepare(HELD).searched == SPELLED
    spelled, typed = answerer.answer(SPELLED), answerer.answer(HELD)
    assert typed.outcome == spelled.outcome == "answered"
    assert typed.snippets[0].passage_id == spelled.snippets[0].passage_id
