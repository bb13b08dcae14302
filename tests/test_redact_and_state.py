import json

import pytest
import sqlalchemy as sa
from state_rows import get, rows

from bot.answer import Answer, DocumentRef, EnablerRef, Snippet
from bot.cli.records import inbox_channel
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


def test_question_log_is_redacted_and_minimal(state_database):
    store = StateStore(state_database)
    question_id = store.log_question(make_answer(), platform="slack", channel="C1", place="public", workspace="T1")
    row = get(store, "questions", question_id)
    assert row["question"] == "How do we share staff? email me at [email]"
    assert json.loads(row["document_ids"]) == ["doc-1"] and row["answered"] == 1
    assert (row["channel"], row["place"], row["workspace"]) == ("C1", "public", "T1")
    assert set(row) == {"id", "asked_at", "platform", "channel", "question", "answered", "document_ids", "enabler_ids",
                        "off_topic", "place", "workspace", "follow_up"}


@pytest.mark.parametrize("place", ["dm", "group", "private"])
def test_only_a_public_channels_id_is_stored_as_it_is_any_other_only_as_a_keyed_hash(state_database, place):
    store = StateStore(state_database)
    row = get(store, "questions", store.log_question(make_answer(), "slack", "D0PNCRP9N", place=place))
    assert row["channel"].startswith("h:") and len(row["channel"]) == 34 and "D0PNCRP9N" not in row["channel"]
    assert row["channel"] == store.pseudonym("D0PNCRP9N")
    assert row["place"] == place


def test_processes_sharing_a_database_hash_alike_and_a_different_key_is_refused(state_database, tmp_path, request):
    from bot.state.pseudonyms import KeyMismatch

    path = state_database
    own_key = StateStore(path).pseudonym("D1")  # no PEERBOT_HASH_KEY: the database's own key
    assert StateStore(path).pseudonym("D1") == own_key
    with pytest.raises(KeyMismatch, match="first used without it and hashes its ids with a key of its own"):
        StateStore(path, hash_key="a-different-key")
    configured = request.getfixturevalue("postgres").create_database() if isinstance(path, str) \
        else tmp_path / "configured.db"
    first = StateStore(configured, hash_key="k" * 32)
    assert StateStore(configured, hash_key="k" * 32).pseudonym("D1") == first.pseudonym("D1") != own_key
    assert "hash_key" not in {r["name"] for r in rows(first, "state_meta")}  # the key is not in the database
    with pytest.raises(KeyMismatch, match="which is not set here"):
        StateStore(configured)
    assert "k" * 32 not in repr(first.pseudonym)


def test_a_threads_first_question_is_remembered_and_a_chats_latest(state_database):
    store = StateStore(state_database)
    store.remember_thread("slack", "C1:1.0", "wellbeing hub, ring 07700 900123", channel="C1", place="public")
    store.remember_thread("slack", "C1:1.0", "and who?", channel="C1", place="public")
    assert store.thread_question("slack", "C1:1.0") == "wellbeing hub, ring [phone]"
    store.remember_thread("teams", "a:chat", "staff banks", channel="a:chat", place="dm", latest=True)
    store.remember_thread("teams", "a:chat", "committee in common", channel="a:chat", place="dm", latest=True)
    assert store.thread_question("teams", "a:chat") == "committee in common"
    assert store.thread_question("teams", "a:chat", since="2999-01-01") == ""  # too old to be the context
    [chat] = [r for r in rows(store, "threads") if r["platform"] == "teams"]
    assert "a:chat" not in json.dumps(chat) and chat["key"].startswith("h:")


def test_records_older_than_a_cutoff_and_one_channels_records_are_erased_and_counted(state_database):
    store = StateStore(state_database)
    old = store.log_question(make_answer(), "slack", "C1", place="public", asked_at="2026-01-01T00:00:00+00:00")
    store.record_feedback(old, helpful=False, platform="slack")
    store.log_question(make_answer(), "slack", "D1", place="dm")
    store.log_question(make_answer(), "slack", "C2", place="public")
    store.remember_thread("slack", "D1:1.0", "q", channel="D1", place="dm")
    store.claim_event("Ev1")
    counts = store.erase_before("2026-06-01T00:00:00+00:00")
    assert counts == {"feedback": 1, "answer_watches": 0, "questions": 1, "events_seen": 0, "threads": 0, "lessons": 0,
                      "inbox": 0}
    assert store.erase_channel("D1", inbox_channel) == {"feedback": 0, "answer_watches": 0, "lessons": 0, "questions": 1,
                                                        "threads": 1, "conversations": 0, "digests": 0, "inbox": 0}
    assert [r["channel"] for r in rows(store, "questions")] == ["C2"]


def test_a_question_declined_as_off_topic_is_logged_as_such(state_database):
    store = StateStore(state_database)
    declined = Answer("When does the canteen close?", False, off_topic=True)
    store.log_question(declined, "slack", "C1", place="public", asked_at="2026-11-10T09:00:00+00:00")
    store.log_question(make_answer(answered=False), "slack", "C1", place="public", asked_at="2026-11-10T09:05:00+00:00")
    logged = store.questions_between("2000-01-01", "2999-01-01")
    assert [(q.answered, q.off_topic) for q in logged] == [(False, True), (False, False)]


def test_feedback_needs_a_known_question(state_database):
    store = StateStore(state_database)
    question_id = store.log_question(make_answer(), "teams", "19:abc")
    assert store.record_feedback(question_id, helpful=False, platform="teams") is True
    assert store.record_feedback("nope", helpful=True, platform="teams") is False
    assert store.unhelpful_votes("2000-01-01", "2999-01-01") == {question_id: 1}


def test_an_event_is_claimed_once_even_across_restarts_and_kept_only_as_a_keyed_hash(state_database):
    path = state_database
    store = StateStore(path)
    assert store.claim_event("Ev1", "D1:1.0") is True
    assert store.claim_event("Ev2", "D1:1.0") is False  # same message delivered as another event
    assert all(r["key"].startswith("h:") for r in rows(store, "events_seen"))
    store.close()
    assert StateStore(path).claim_event("Ev1") is False


def test_records_kept_before_places_existed_lose_dm_ids_and_count_as_private(state_database):
    from bot.state import STATE_MIGRATIONS
    from bot.state.file import open_database

    old = open_database(state_database, STATE_MIGRATIONS[:3])  # a database from before this change
    with old.begin() as db:
        for n, channel in enumerate(("C0PUBLIC1", "D0PNCRP9N", "a:1TeamsPersonalChat")):
            db.execute(sa.text("INSERT INTO questions (id, asked_at, platform, channel, question, answered, "
                               "document_ids, enabler_ids) VALUES (:id, '2026-11-10T09:00:00+00:00', 'slack', "
                               ":channel, 'q', 1, '[]', '[]')"), {"id": f"q{n}", "channel": channel})
        for key in ("Ev1", "D0PNCRP9N:1.0", "teams:a:1TeamsPersonalChat:7"):
            db.execute(sa.text("INSERT INTO events_seen (key, seen_at) VALUES (:key, '2026-11-10T09:00:00+00:00')"),
                       {"key": key})
    old.dispose()
    store = StateStore(state_database)
    assert {r["id"]: (r["channel"], r["place"]) for r in rows(store, "questions")} == {
        "q0": ("C0PUBLIC1", "private"), "q1": ("", "private"), "q2": ("", "private")}
    assert [r["key"] for r in rows(store, "events_seen")] == ["Ev1"]
