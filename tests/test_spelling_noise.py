"""Misspellings as a class (index/spelling.py; BENCHMARKS.md, "Spelling tolerance, fifth round"): vowels left
out as people type in a hurry, a word's pieces parted by a typo, a word run into a function word, and
acronyms' plurals left alone; against the bundled corpus, and
through the served index, where a noisy question finds what its spelled question finds."""

from __future__ import annotations

import pytest
from conftest import KNOWLEDGE

from index.spelling import Speller, corpus_words
from index.spelling_forms import skeleton, vowels_dropped


@pytest.fixture(scope="module")
def speller():
    return Speller(corpus_words(p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md")))


@pytest.mark.parametrize("typed, corrected", [
    # vowels left out, some or all ("texting")
    ("Which trusts are in the West Yorkshire mntl hlth collaborative?", "Which trusts are in the West Yorkshire mental health collaborative?"),
    ("Do we need ddctd programme directors?", "Do we need dedicated programme directors?"),
    ("which staff wellbeing srvc got psychlogy staff", "which staff wellbeing service got psychology staff"),
    ("how did nelft go about rfrshng its strategy", "how did nelft go about refreshing its strategy"),
    ("how did they sggst starting out", "how did they suggest starting out"),  # English's word: the corpus has no "suggest"
    ("wht r the benefits of colaborative goverance", "what are the benefits of collaborative governance"),  # "wht" beside "r" read as "are"
    # a word's pieces parted, one of them misspelt
    ("their violence and aggr esson training", "their violence and aggression training"),
    ("can collaborrat ion help", "can collaboration help"),
    # a corpus word run into a word sentences are built with
    ("What did Mutual Venturesdo for NELFT?", "What did Mutual Ventures do for NELFT?"),
    ("a collaborativeon a handful of people", "a collaborative on a handful of people"),
])
def test_a_misspelt_word_of_the_class_is_corrected(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("question", [
    "what do trust CEOs say makes collaboration work",  # an acronym's plural: not "Cos"
    "engaging NEDs and governors", "get GPs and community services working together",  # not "Needs", "Gaps"
    "How did Salisbury help cut the children's surgery waiting list?",  # "s surgery" is no word parted
    "any examples of aligning V&A training",
    "structure vs purpose in collaboratives",  # "vs" is not the end of "structures"
    "I'm on the ICS board",
    "how did trusts share hr team staff", "the mdt model", "the ptl model",  # short unknown words stay (lower-case acronyms)
])
def test_words_that_are_not_of_the_class_are_left_alone(speller, question):
    assert speller.correct(question) == question


@pytest.mark.parametrize("typed, corrected", [
    # two-letter texting is never joined into a word the corpus does not use ("isth", "dour")
    ("wht is th point of a committee in common", "what is the point of a committee in common"),
    ("how do ur trusts share staff", "how do your trusts share staff"),
    ("what is the NHS bu dget", "what is the NHS budget"),  # two pieces, neither a word: a word parted
    # the commonest words a question is about typed without their vowel, read beside their neighbours
    ("any tips fr chairs", "any tips for chairs"), ("tips frm the board", "tips from the board"),
    ("is ths the way", "is this the way"), ("working wth the board", "working with the board"),
    # chat shorthand
    ("wats a provider collaborative", "what's a provider collaborative"),
])
def test_texting_is_read_as_texting(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("typed, corrected", [
    ("do any trusts use Cerner for their EPR", "do any trusts use Cerner for their EPR"),  # not "Corner"
    ("How did trusts adopt the Topol review?", "How did trusts adopt the Topol review?"),  # not "Tool"
    ("Sggst some ways to start. Sggst more", "Suggest some ways to start. Suggest more"),  # a sentence's first word
])
def test_a_capitalised_word_no_one_uses_is_a_name_not_an_english_words_typo(speller, typed, corrected):
    assert speller.correct(typed) == corrected


def test_vowels_dropped_keeps_the_consonants_and_the_last_letter():
    assert skeleton("governance") == "gvrnnc" and skeleton("what") == "wht"
    assert vowels_dropped("govrnance", "governance") and vowels_dropped("sngl", "single")  # a silent "e" may go
    assert not vowels_dropped("meds", "medusa")  # its last letter typed is not the word's
    assert not vowels_dropped("governance", "governance")


NOISY = "Which trusts are in the West Yorkshire mntl hlth collaborative and how did it rfrsh its ddctd servces?"
SPELLED = "Which trusts are in the West Yorkshire mental health collaborative and how did it refresh its dedicated services?"


def test_a_noisy_question_is_searched_as_its_spelled_one_through_the_served_index(corpus):
    query = corpus.index.prepare(NOISY)
    assert query.searched == SPELLED
    assert query.unknown == corpus.index.prepare(SPELLED).unknown


def test_a_noisy_question_is_answered_as_the_spelled_one_is(answerer):
    spelled, typed = answerer.answer(SPELLED), answerer.answer(NOISY)
    assert typed.outcome == spelled.outcome == "answered"
    assert [s.passage_id for s in typed.snippets] == [s.passage_id for s in spelled.snippets]
