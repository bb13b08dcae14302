"""Misspellings, sixth round (index/spelling.py, index/spelling_forms.py; BENCHMARKS.md, "Spelling tolerance,
sixth round"): American spellings read as the corpus's British ones, a word parted into two words joined,
a word run into a function word parted, a capitalised English word typed with a letter left out, and a
real word typed for a corpus word that sounds the same; against the bundled corpus, and through the real
model, where a question with such errors finds what its spelled question finds."""

from __future__ import annotations

import pytest
from conftest import KNOWLEDGE

from index.spelling import Speller, corpus_words
from index.spelling_forms import british_forms, sound


@pytest.fixture(scope="module")
def speller():
    return Speller(corpus_words(p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md")))


@pytest.mark.parametrize("typed, corrected", [
    # American spellings, read as the British ones the corpus writes
    ("How do you get nurses on board with working across organizations?",
     "How do you get nurses on board with working across organisations?"),
    ("what should drive a joint program", "what should drive a joint programme"),
    # a word parted into two words, neither a function word
    ("what did the partner ship do", "what did the partnership do"),
    ("how do trusts handle pen sion issues", "how do trusts handle pension issues"),
    # a word run into a function word, when no word is one edit away
    ("Who should we involvewhen planning services?", "Who should we involve when planning services?"),
    ("How did trusts use SPC chartsfrom NHS Elect?", "How did trusts use SPC charts from NHS Elect?"),
    # a capitalised English word with a letter left out
    ("Can I learn Pyton here?", "Can I learn Python here?"),
    ("What is the capital of Austrlia?", "What is the capital of Australia?"),
    # a real word typed for a corpus word that sounds the same, read beside its neighbours
    ("How do you keep them focused on patience?", "How do you keep them focused on patients?"),
    ("How do you help staph who are worried about changes?", "How do you help staff who are worried about changes?"),
    ("What sort of children wear stuck on the waiting lists?", "What sort of children were stuck on the waiting lists?"),
])
def test_an_error_of_the_class_is_corrected(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("question", [
    "Should each trust spell out its red lines to the others?",  # "redlines" is rarer than "red"
    "is there a committee in common", "can any one trust lead",  # pieces with a function word stay apart
    "How do collaboratives negotiate with private sector providers for insourcing?",  # not "in sourcing"
    "how can we spot underperforming services",  # a particle's prefix: not "under performing"
    "do any trusts use Cerner for their EPR", "How did trusts respond to the Kirkup report?",  # names stay
    "What should I wear to a summer wedding?",  # English writes "I wear": not "were"
    "evidence that pooled surgical lists reduced waits",  # "waits" and "ways" do not sound alike
])
def test_words_that_are_not_of_the_class_are_left_alone(speller, question):
    assert speller.correct(question) == question


def test_british_forms_give_the_british_spellings():
    assert "organisation" in british_forms("organization") and "programme" in british_forms("program")
    assert "behaviour" in british_forms("behavior") and "centre" in british_forms("center")
    assert "paediatric" in british_forms("pediatric") and "travelled" in british_forms("traveled")
    assert british_forms("for") == [] and "organisation" not in british_forms("organisation")


def test_words_that_sound_alike_share_a_sound():
    for a, b in (("patients", "patience"), ("staff", "staph"), ("which", "witch"), ("wear", "where"),
                 ("role", "roll"), ("practice", "practise"), ("there", "their"), ("meet", "meat")):
        assert sound(a) == sound(b), (a, b)
    for a, b in (("waits", "ways"), ("without", "with"), ("leaving", "living"), ("rally", "really")):
        assert sound(a) != sound(b), (a, b)


NOISY = "How do you help staph who are worried about changes that come with colaboration across organizations?"
SPELLED = "How do you help staff who are worried about changes that come with collaboration across organisations?"


@pytest.mark.model
def test_a_question_with_errors_of_the_classes_is_answered_as_the_spelled_one_is(real_answerer):
    spelled, typed = real_answerer.answer(SPELLED), real_answerer.answer(NOISY)
    assert real_answerer.index.prepare(NOISY).searched == SPELLED
    assert typed.outcome == spelled.outcome == "answered"
    assert [s.passage_id for s in typed.snippets] == [s.passage_id for s in spelled.snippets]
