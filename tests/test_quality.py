"""Retrieval and abstention quality with the real model (all-MiniLM-L6-v2)."""

from pathlib import Path

import pytest

from bot.evaluation import evaluate, load_questions

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def dev_report(real_answerer):
    return evaluate(load_questions(DATA / "dev_questions.jsonl"), real_answerer.answer)


def test_dev_set_retrieval_beats_the_bar(dev_report):
    assert dev_report.recall_at_1 >= 0.85
    assert dev_report.recall_at_5 >= 0.95
    assert dev_report.mrr >= 0.9


def test_dev_set_contacts(dev_report):
    assert dev_report.contact_hit_at_3 >= 0.8


def test_every_in_domain_question_answered_and_every_off_topic_one_declined(dev_report):
    assert dev_report.answer_rate == 1.0, [r.question for r in dev_report.results if not r.offtopic and not r.answered]
    assert dev_report.abstention_rate == 1.0, [r.question for r in dev_report.results if r.offtopic and r.answered]


def test_probe_set_written_apart_from_the_dev_set(real_answerer):
    """Our own paraphrases and near-domain requests: abstention must generalise beyond the dev set."""
    report = evaluate(load_questions(DATA / "probe_questions.jsonl"), real_answerer.answer)
    assert report.answer_rate == 1.0
    assert report.abstention_rate >= 0.9


def test_off_topic_answer_suggests_enablers_and_shows_no_snippets(real_answerer):
    answer = real_answerer.answer("What is the phone number for the Leeds switchboard?")
    assert not answer.answered and answer.snippets == () and len(answer.suggestions) == 3
    assert answer.off_topic  # declined as not peerbot's kind of question: not a knowledge gap
    assert "off_topic" not in answer.to_dict()
