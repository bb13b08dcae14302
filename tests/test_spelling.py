"""Spelling tolerance against the corpus and English (index/spelling.py): the misses of earlier rounds
corrected, the corpus's words and real words left alone, a question with no typo unchanged."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

from index.spelling import Speller, corpus_words

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ("the partnership used the wider system strategy and the MHLDA collaborative and NELFT and the boards "
          "built trust at board level with a shared purpose through a committee in common all one trust "
          "who sits on the board sessions and what they learn from lining up services living well")


@pytest.fixture(scope="module")
def speller():
    return Speller(corpus_words([CORPUS]))  # with the English words and pairs symspellpy ships


@pytest.mark.parametrize("typed, corrected", [
    ("how did the partnership use the wader system strategy", "how did the partnership use the wider system strategy"),
    ("what did the MHDA collaborative do", "what did the MHLDA collaborative do"),
    ("what did the mhda collaborative do", "what did the mhlda collaborative do"),
    ("how many systems does NLFT cover", "how many systems does NELFT cover"),
    ("what came out of NELT's board sessions", "what came out of NELFT's board sessions"),
    ("can a trust go it allone", "can a trust go it alone"),
    ("trust at boardlevel", "trust at board level"),
    ("a sharedpurpose", "a shared purpose"),
    ("a comittee incommon", "a committee in common"),
    ("a collab orative way", "a collaborative way"),
    ("the partn ership board", "the partnership board"),
    ("what did they do at thestart", "what did they do at the start"),
    ("how did thepsrtnership help", "how did the partnership help"),  # run together, and one misspelt
])
def test_the_misses_of_earlier_rounds_are_corrected(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("typed, corrected", [
    # a new user's "hw did otehr trusts ..." was searched with "hw" and answered where "how ..." was not covered
    ("hw did otehr trusts do shared back office servcies", "how did other trusts do shared back office services"),
    ("Hw did the boards build trust", "How did the boards build trust"),
    ("wht did the partnership learn", "what did the partnership learn"),
    ("hwo did the boards build trust", "how did the boards build trust"),
    ("dd the boards meet", "did the boards meet"),
    ("cn we share a committee in common", "can we share a committee in common"),
])
def test_a_short_word_a_question_is_asked_with_is_read_without_its_typo(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("question", [
    "how did trusts share hr team staff",  # "her team" is English, but "hr" is HR in lower case
    "trusts in wy working together",  # "in way" is English: only the words questions are asked with
    "the mdt model", "the pr team", "hw", "HW support",  # no neighbour to read it by; an acronym in capitals
])
def test_other_short_unknown_words_are_left_alone(speller, question):
    assert speller.correct(question) == question


def test_an_acronym_is_repaired_only_into_one_the_corpus_uses(speller):
    assert speller.correct("PMVA EPR ICB") == "PMVA EPR ICB"  # one letter from none of the corpus's acronyms
    assert speller.correct("MHLDA NELFT") == "MHLDA NELFT"


@pytest.mark.parametrize("question", [
    "who sits on the committee in common",  # "sites" is commoner, but English writes "who sits"
    "what did they learn from it",
    "lining up services",  # the corpus uses "lining"
    "on lining organisations up",  # "living" is commoner, but not enough to overrule a real word
    "a cross trust group in common",  # two words that make another are left apart
    "ransomware and genomics",  # far from every corpus word
])
def test_corpus_words_and_real_words_are_left_alone(speller, question):
    assert speller.correct(question) == question


def test_a_word_the_corpus_uses_is_never_corrected():
    speller = Speller(corpus_words(["the wader system", "allone"]))
    assert speller.correct("the wader system allone") == "the wader system allone"


def test_questions_with_no_typo_are_unchanged_against_the_bundled_corpus():
    speller = Speller(corpus_words(p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md")))
    questions = [json.loads(line) for name in ("dev_questions.jsonl", "questions_tune.jsonl")
                 for line in (ROOT / "tests/data" / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    spelled = [q["q"] for q in questions if q.get("category", "in_domain") == "in_domain"]
    assert len(spelled) > 90
    changed = {q: speller.correct(q) for q in spelled if speller.correct(q) != q}
    # the one change: chat jargon spelled out ("comms" -> "communications")
    assert list(changed) == ["When did the West Yorkshire partnership plan to do external comms?"]


def test_a_question_s_other_text_is_kept_as_typed(speller):
    assert speller.correct("  MHDA:  the wader system?! (allone) ") == "  MHLDA:  the wider system?! (alone) "
    assert speller.correct("") == ""
    assert Counter(speller.correct("r u sure")) == Counter("are you sure")


NAMES = ("Devon Partnership NHS Trust", "Melanie Walker", "Kent & Medway ICB", "North East London NHS Foundation Trust")


@pytest.fixture(scope="module")
def name_speller():
    corpus = CORPUS + (" Devon Partnership NHS Trust and health transformation in Kent & Medway and North East London"
                       " community")
    return Speller(corpus_words([corpus]), names=NAMES)


@pytest.mark.parametrize("typed, corrected", [
    # a capitalised real word one edit from a word of a corpus name written beside its neighbour
    ("How did Deon Partnership Trust start?", "How did Devon Partnership Trust start?"),
    ("What did Melanie Walter say?", "What did Melanie Walker say?"),
    ("how did deon partnership trust start", "how did devon partnership trust start"),  # all in lower case
    # two misspelt words run together
    ("how did heelthtransforrmation work", "how did health transformation work"),
    # chat shorthand: "2" and "4" read as words only where English never writes the number
    ("is it worth trying 2 get closer", "is it worth trying to get closer"),
    ("who was waiting 4 dental surgery", "who was waiting for dental surgery"),
    ("2 develp the board, or not?", "to develop the board, or not?"),  # beside the next word as corrected
    ("patients w/ complex needs, w/o a plan", "patients with complex needs, without a plan"),
    ("who was it set up w/", "who was it set up with"),
    ("social care & health", "social care and health"),
])
def test_the_misses_of_the_third_round_are_corrected(name_speller, typed, corrected):
    assert name_speller.correct(typed) == corrected


@pytest.mark.parametrize("question", [
    "How did Deon manage the board?",  # no name of the corpus writes "devon" beside "manage"
    "How did deon Partnership Trust start?",  # written in lower case in a question with capitals
    "Devon Partnership NHS Trust",
    "did 2 people agree",  # English writes "two people": the number is kept
    "for 2 years and 4 trusts",
    "Kent & Medway, A&E, w/e",  # a name's ampersand, and "w/" only before a space
])
def test_names_numbers_and_ampersands_are_left_alone(name_speller, question):
    assert name_speller.correct(question) == question


def test_a_name_is_corrected_only_from_the_corpus_s_names(speller):
    assert speller.correct("How did Deon Partnership Trust start?") == "How did Deon Partnership Trust start?"


@pytest.mark.parametrize("question", [
    "what did trusts do about cyber security",
    "what kpis should the board track",
    "how did ceos and cfos agree the plan",
    "TUPE when staff move to a host trust",
    "sharing an EPR under gdpr",
])
def test_words_english_s_list_lacks_are_kept_as_typed(speller, question):
    """Words symspellpy's English list lacks ("cyber", "kpis", "ceos", "TUPE"; `index.english.LACKING`)
    were read as typos of words it has ("caber", "kris", "cos"): they are kept."""
    assert speller.correct(question) == question
