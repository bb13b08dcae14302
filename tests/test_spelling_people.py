"""Misspellings people write (issue 9; BENCHMARKS.md, "Stop 50"): words written for others that sound alike,
read by English's pairs within the phrase; acronyms typed in lower case kept; words spelt by ear; text speak;
American spellings; several slips in one short question; against the bundled corpus, with correct questions
kept as typed."""

from __future__ import annotations

import pytest
from conftest import KNOWLEDGE

from index.spelling import Speller, corpus_words

TEXTS = [p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md")]


@pytest.fixture(scope="module")
def speller():
    return Speller(corpus_words(TEXTS), texts=TEXTS)


@pytest.mark.parametrize("typed, corrected", [
    ("How did hospital groups reduce there energy bills?", "How did hospital groups reduce their energy bills?"),
    ("Should collaboratives be free to pick there own priorities?",
     "Should collaboratives be free to pick their own priorities?"),
    ("How do provider collaboratives work with there ICS?", "How do provider collaboratives work with their ICS?"),
    ("Are their any vacancies at Leeds?", "Are there any vacancies at Leeds?"),
    ("how many theatres where used?", "how many theatres were used?"),
    ("collaboration rather then seeing it as extra work", "collaboration rather than seeing it as extra work"),
])
def test_a_word_written_for_one_that_sounds_alike_is_read_by_its_neighbours(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("question", [
    "is there data showing it worked elsewhere?",  # "is there" is English too
    "nick jackson selby resources where needed",  # "where needed" is English too
    "is it normal for there still to be gaps in understanding?",
    "Two trusts think their partnership is going well",
    "what were the outcomes",
    "Is it affect or effect in this sentence?",
    "What did trusts learn from outsourcing their IT team?",  # an acronym says nothing of its neighbour
    "What did trusts learn from outsourcing their it team?",  # nor "it", which may be IT
    "we're doing the national lead provider stuff - should we also pick extra services?",  # past a dash
])
def test_a_word_that_sounds_like_another_is_kept_where_english_writes_it(speller, question):
    assert speller.correct(question) == question


@pytest.mark.parametrize("question", [
    "what support is there for bame staff",  # not "base" or "same"
    "what does girft say about elective recovery",  # not "gift"
    "Has anyone tackled long waits for autism and adhd assessments?",  # not "add"
    "how do ics and icb work with pcns",
    "what did the ccg and cqc say",
    "has any MH collaborative added its own priorities beyond NHSE's scope?",  # not "NHS's"
])
def test_an_acronym_typed_in_lower_case_is_kept(speller, question):
    assert speller.correct(question) == question


@pytest.mark.parametrize("typed, corrected", [
    ("what does GIRTF say about elective recovery", "what does GIRFT say about elective recovery"),
    ("what did the CCG do", "what did the CCG do"),  # not its plural, "CCGS"
])
def test_an_acronym_with_two_letters_swapped_is_repaired_into_a_known_one(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("typed, corrected", [
    ("how do we improve colaberation across the system", "how do we improve collaboration across the system"),
    ("what does good goverence look like", "what does good governance look like"),
    ("who do we comission services from", "who do we commission services from"),  # not "co mission"
    ("how are boards kept acountable", "how are boards kept accountable"),
    ("any lessons on recuitment and retention", "any lessons on recruitment and retention"),
    ("how do you plan the wokforce", "how do you plan the workforce"),
    ("how did they set prioraties", "how did they set priorities"),
    ("what is the stratagy for the collaborative", "what is the strategy for the collaborative"),
    ("examples of colloborative working", "examples of collaborative working"),
    ("how to build a partnrship", "how to build a partnership"),
    ("what leadeship behaviours matter", "what leadership behaviours matter"),
    ("more freedom to tailer mental health solutions", "more freedom to tailor mental health solutions"),  # not "trailer"
])
def test_a_word_spelt_by_ear_is_corrected(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("typed, corrected", [
    ("hw do u build trust", "how do you build trust"),
    ("whats the best way 2 engage clinicians", "what's the best way to engage clinicians"),
    ("thx, what did they do b4 the merger", "thanks, what did they do before the merger"),
    ("Whats the plan tmrw?", "What's the plan tomorrow?"),  # its capital kept
    ("Hw many days of leave am I entitled 2 as a band 8a?", "How many days of leave am I entitled to as a band 8a?"),
    ("what about 2 people and these 2", "what about 2 people and these 2"),
    ("My patient's lithium level came back at 1.4, what should I do?",
     "My patient's lithium level came back at 1.4, what should I do?"),  # a number is not "1.for"
])
def test_text_speak_is_spelled_out_and_numbers_kept(speller, typed, corrected):
    assert speller.correct(typed) == corrected


@pytest.mark.parametrize("typed, corrected", [
    ("How did collaboratives set up a joint outpatient booking center?",
     "How did collaboratives set up a joint outpatient booking centre?"),
    ("How did trusts organize genomic testing?", "How did trusts organise genomic testing?"),
    ("improving childhood immunization rates", "improving childhood immunisation rates"),
    ("how did pediatric services work with labor wards", "how did paediatric services work with labour wards"),
    ("good morning!! how is the forth trust", "good morning!! how is the forth trust"),  # no "mourning", "fourth"
])
def test_an_american_spelling_is_read_as_the_british_one(speller, typed, corrected):
    assert speller.correct(typed) == corrected


def test_several_slips_in_one_short_question_are_each_corrected(speller):
    assert speller.correct("hw do we imprve colaberation wiht the ics") == "how do we improve collaboration with the ics"
