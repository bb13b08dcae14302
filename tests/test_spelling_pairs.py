"""Slips read by the corpus's own pairs of words (index/spelling_pairs.py; BENCHMARKS.md, "Stop 48"): a real
word typed for a corpus word, two words run together with one a real word, two consonants for a word, a
hyphen or a space left out, against the bundled corpus; correct questions kept as typed; and through the
served index, where the passages' pairs reach the speller."""

from __future__ import annotations

import pytest
from conftest import KNOWLEDGE

from index.spelling import Speller, corpus_words
from index.spelling_pairs import corpus_pairs

TEXTS = [p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md")]


@pytest.fixture(scope="module")
def speller():
    return Speller(corpus_words(TEXTS), texts=TEXTS)


@pytest.mark.parametrize("typed, corrected", [
    # a real word for the corpus word the corpus writes beside a content neighbour
    ("How did Sheffield target inequalities in access to mental health core?",
     "How did Sheffield target inequalities in access to mental health care?"),
    ("what did the trust boars learn", "what did the trust boards learn"),
    ("the pubic health team", "the public health team"),
    # a real word the corpus never uses, far rarer in English than a corpus word one slip away
    ("How did acute trysts share radiology reporting?", "How did acute trusts share radiology reporting?"),
    ("How did ops mangers across the three BSW hospitals work out who to book in?",
     "How did ops managers across the three BSW hospitals work out who to book in?"),
])
def test_a_real_word_typed_for_a_corpus_word_is_read_as_that_word(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("typed, corrected", [
    ("What was the turningpint for the BSW trusts?", "What was the turning point for the BSW trusts?"),
    ("Do joint events actuallyhep build support?", "Do joint events actually help build support?"),
    ("is ther a good way to report from a comitee in comon", "is their a good way to report from a committee in common"),
])
def test_two_words_run_together_with_a_real_word_are_parted_by_a_pair(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("typed, corrected", [
    ("the mgt of the collaborative", "the management of the collaborative"),
    ("the West Yorkshire joint cttee", "the West Yorkshire joint committee"),
    ("Does the Kent & Medway work plan social cr and NHS services together?",
     "Does the Kent & Medway work plan social care and NHS services together?"),
    ("how many ppl in the org", "how many people in the organisation"),
    ("how did trusts share hr team staff", "how did trusts share hr team staff"),  # HR in lower case: kept
])
def test_short_forms_are_spelled_out_and_acronyms_kept(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("typed, corrected", [
    ("is the trust wellled", "is the trust well led"),  # not "welled"
    ("psychology stafffrom a cross-trust pool", "psychology staff from a cross-trust pool"),
    ("how do we co ordinate services", "how do we coordinate services"),
    ("what makes a place based partnership work", "what makes a place based partnership work"),
])
def test_a_hyphen_or_space_left_out_or_typed_is_read_as_the_words(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("question", [
    "We're four mental health trusts about to collaborate.",  # a number is no slip of "for"
    "How much do resources matter for getting joint programmes designed and delivered?",  # another ending
    "so the GP surgery is first port of call?",  # English writes "port of"
    "did clinicians feel more free once partner trusts committed to working together?",  # a corpus word: English's pairs say nothing
    "how did shared purpose help Selby move resources in the community?",
    "How did the Dudley chief exec get clinicians on board?",  # English's word, kept
])
def test_correct_questions_are_kept_as_typed(speller, question):
    assert speller.correct(question) == question


def test_a_corpus_word_is_read_as_another_only_by_the_corpus_s_pairs():
    texts = ["Staff learn from peers. Staff learn from each other. Teams learn from patients. Learn from it.",
             "The form was signed."]
    speller = Speller(corpus_words(texts), texts=texts)
    assert speller.correct("staff learn form peers") == "staff learn from peers"
    assert speller.correct("the form was signed") == "the form was signed"  # the corpus writes "form was"
    assert speller.correct("teams lean from patients") == "teams learn from patients"
    assert Speller(corpus_words(texts)).correct("teams lean from patients") == "teams lean from patients"  # no pairs


def test_corpus_pairs_count_neighbours_within_a_sentence_but_not_two_function_words():
    pairs = corpus_pairs(["Health care matters. Care of the frail", "health care"])
    assert pairs["health care"] == 2
    assert "matters care" not in pairs  # a sentence ends between them
    assert "of the" not in pairs and pairs["care of"] == 1


def test_the_served_index_reads_a_slip_by_its_passages_pairs(corpus):
    typed = "How did Sheffield target inequalities in access to mental health core?"
    assert corpus.index.prepare(typed).searched == typed.replace("core", "care")
