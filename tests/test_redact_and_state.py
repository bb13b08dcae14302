import json

import pytest

from bot.answer import Answer, DocumentRef, EnablerRef, Snippet
from bot.redact import redact
from bot.state import StateStore


@pytest.mark.parametrize(
    "text, expected",
    [
        ("email jo.bloggs@nhs.net please", "email [email] please"),
        ("NHS number 943 476 5919", "NHS number [nhs-number]"),
        ("nhs 943-476-5919 or 9434765919", "nhs [nhs-number] or [nhs-number]"),
        ("ring 0113 243 3144", "ring [phone]"),
        ("ring +44 (0)20 7946 0958", "ring [phone]"),
        ("mobile 07700 900123", "mobile [phone]"),
        ("call (0113) 2433144", "call [phone]"),
        ("1,900 patients in 2020/21, 47 per cent", "1,900 patients in 2020/21, 47 per cent"),
    ],
)
def test_identifiers_are_redacted_and_ordinary_numbers_kept(text, expected):
    assert redact(text) == expected


def make_answer(question="How do we share staff? email me at a.b@nhs.net", answered=True):
    doc = DocumentRef("doc-1", "Title", "Publisher", "https://example.org")
    snippets = (Snippet("text", 0.5, "Section", doc, 1),) if answered else ()
    return Answer(question, answered, snippets, (), (EnablerRef("building-trust", "Building trust"),))


def test_question_log_is_redacted_and_minimal(tmp_path):
    store = StateStore(tmp_path / "peerbot.db")
    question_id = store.log_question(make_answer(), platform="slack", channel="C1")
    row = store.db["questions"].get(question_id)
    assert row["question"] == "How do we share staff? email me at [email]"
    assert json.loads(row["document_ids"]) == ["doc-1"] and row["answered"] == 1
    assert set(row) == {"id", "asked_at", "platform", "channel", "question", "answered", "document_ids", "enabler_ids",
                        "off_topic"}


def test_a_question_declined_as_off_topic_is_logged_as_such(tmp_path):
    store = StateStore(tmp_path / "peerbot.db")
    declined = Answer("When does the canteen close?", False, off_topic=True)
    store.log_question(declined, "slack", "C1", asked_at="2026-11-10T09:00:00+00:00")
    store.log_question(make_answer(answered=False), "slack", "C1", asked_at="2026-11-10T09:05:00+00:00")
    logged = store.questions_between("2000-01-01", "2999-01-01")
    assert [(q.answered, q.off_topic) for q in logged] == [(False, True), (False, False)]


def test_feedback_needs_a_known_question(tmp_path):
    store = StateStore(tmp_path / "peerbot.db")
    question_id = store.log_question(make_answer(), "teams", "19:abc")
    assert store.record_feedback(question_id, helpful=False, platform="teams") is True
    assert store.record_feedback("nope", helpful=True, platform="teams") is False
    assert store.unhelpful_question_ids("2000-01-01", "2999-01-01") == {question_id}


def test_an_event_is_claimed_once_even_across_restarts(tmp_path):
    path = tmp_path / "peerbot.db"
    store = StateStore(path)
    assert store.claim_event("Ev1", "C1:1.0") is True
    assert store.claim_event("Ev2", "C1:1.0") is False  # same message delivered as another event
    store.close()
    assert StateStore(path).claim_event("Ev1") is False
