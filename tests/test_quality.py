"""Retrieval and abstention quality with the real model (all-MiniLM-L6-v2).

The bars sit a little under what BENCHMARKS.md ("Retrieval") reports, so they catch a
regression without pinning the figures. They use our tuning half, the dev set and the probe set;
the held-out half (questions_holdout.jsonl) is only ever scored for the report, never here.
"""

from pathlib import Path

import pytest

from bot.evaluation import evaluate, load_questions

pytestmark = pytest.mark.model
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def tune(real_answerer):
    return evaluate(load_questions(DATA / "questions_tune.jsonl"), real_answerer.answer).categories


@pytest.fixture(scope="module")
def dev(real_answerer):
    return evaluate(load_questions(DATA / "dev_questions.jsonl"), real_answerer.answer)


def test_paraphrased_questions_find_their_passage(tune):
    assert tune["in_domain"].recall_at_1 >= 0.75  # 0.73 in the learned order alone, 0.78 fused
    assert tune["in_domain"].recall_at_5 >= 0.85
    assert tune["in_domain"].mrr >= 0.82
    assert tune["in_domain"].answered >= 0.95


def test_example_questions_lift_paraphrases_to_the_first_place(tune):
    """knowledge/example_questions.yaml (none of them a tuning question): 0.82 / 0.87 without them."""
    assert tune["in_domain"].recall_at_1 >= 0.85  # 0.87
    assert tune["in_domain"].mrr >= 0.89  # 0.91


def test_misspelt_questions_are_answered_like_the_spelled_ones(tune):
    assert tune["misspelt"].recall_at_5 >= 0.85
    assert tune["misspelt"].answered >= 0.9


def test_off_topic_requests_are_declined_as_out_of_scope(tune):
    assert tune["off_topic"].declined >= 0.95
    assert tune["off_topic"].right_outcome >= 0.9


def test_on_topic_questions_the_corpus_does_not_cover_are_declined(tune):
    assert tune["not_covered"].declined >= 0.8
    assert tune["not_covered"].right_outcome >= 0.8


def test_dev_set(dev):
    assert dev.recall_at_1 >= 0.65 and dev.recall_at_5 >= 0.8
    assert dev.answer_rate >= 0.9 and dev.abstention_rate == 1.0


def test_probe_set_written_apart_from_the_dev_set(real_answerer):
    """Our own paraphrases and near-domain requests: abstention must generalise beyond the dev set."""
    report = evaluate(load_questions(DATA / "probe_questions.jsonl"), real_answerer.answer)
    assert report.answer_rate >= 0.94  # 17 of 18: p02, a generic question, is declined as not covered
    assert report.abstention_rate >= 0.9


def test_a_misspelt_question_is_answered_as_the_spelled_one(real_answerer):
    misspelt = real_answerer.answer("committe in comon - how does it work?")
    assert misspelt.outcome == "answered" and "committee in common" in misspelt.snippets[0].text
    # a new user's: "hw" left as typed moved the question across the not-covered margin
    spelt = real_answerer.answer("how did other trusts do shared back office services")
    misspelt = real_answerer.answer("hw did otehr trusts do shared back office servcies")
    assert (misspelt.outcome, misspelt.closest) == (spelt.outcome, spelt.closest)


def test_a_factual_question_whose_figure_is_in_the_corpus_is_answered(real_answerer):
    answer = real_answerer.answer("By how much did the waiting list for ear nose and throat surgery fall?")
    assert answer.outcome == "answered" and any("47 per cent" in s.text for s in answer.snippets[:2])


@pytest.mark.parametrize("question, pointer", [
    ("What's the phone number for Bradford District Care NHS Foundation Trust?", "switchboard"),
    ("Can you recommend a good book on leadership?", "lessons library"),
    ("What is the right starting dose of sertraline for my dad?", "clinician"),
    ("Who won the last general election?", "lessons library"),
])
def test_out_of_scope_requests_get_a_specific_pointer_and_no_snippets(real_answerer, question, pointer):
    answer = real_answerer.answer(question)
    assert answer.outcome == "out_of_scope" and pointer in answer.pointer
    assert not answer.snippets and not answer.contacts and not answer.closest


@pytest.mark.parametrize("question, topic", [
    ("How did trusts reduce agency spend?", "agency spend"),
    # the object of "roll out" (it was "": "roll out a shared …" was too long a phrase to name)
    ("How did collaboratives roll out a shared electronic patient record?", "a shared electronic patient record"),
])
def test_a_not_covered_question_shows_at_most_two_labelled_passages_and_no_contacts(real_answerer, question, topic):
    answer = real_answerer.answer(question)
    assert answer.outcome == "not_covered" and answer.topic == topic
    assert 0 < len(answer.closest) <= 2 and not answer.snippets and not answer.contacts
    data = answer.to_dict()
    assert data["answered"] is False and data["outcome"] == "not_covered" and len(data["closest"]) == len(answer.closest)


@pytest.mark.parametrize("question", [
    "what conditions make it easier for nhs providers to work together",  # generic: near the NHS topics too
    "How open should we be with partner trusts about our finances?",
    "Has anyone cut out-of-area placements and long stays for eating disorder patients?",
])
def test_answerable_questions_near_the_reference_topics_are_still_answered(real_answerer, question):
    assert real_answerer.answer(question).outcome == "answered"


def test_the_tuning_extra_set_not_covered_questions_are_declined_as_not_covered(real_answerer):
    report = evaluate(load_questions(DATA / "questions_tune_extra.jsonl"), real_answerer.answer).categories
    assert report["not_covered"].right_outcome >= 0.8
    assert report["off_topic"].declined >= 0.95
