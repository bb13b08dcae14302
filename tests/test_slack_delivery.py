"""Answers survive failing Slack calls: every way chat.postMessage can fail (error codes, HTTP
errors, bodies that are not JSON, lost answers, dropped connections) is retried with backoff and
the question is answered exactly once; after the last try the asker gets one apology. The real
server and Bolt, the real inbox in SQLite, and the Slack double's fault injection."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest
from conftest import KNOWLEDGE
from slack_double import (
    HISTORY_SCOPES,
    PeerbotServer,
    SlackDouble,
    SlackSender,
    app_mention,
    direct_message,
    slash_command,
)
from state_rows import query

from bot.retry_policy import RetryPolicy
from bot.state import StateStore
from bot.state.inbox import Inbox

KNOWN = "red lines open book finances trust at board level"
APOLOGY = "Sorry, something went wrong while I was answering that. Please try again in a minute."
FAST = RetryPolicy(delays=(0.05, 0.1, 0.1), attempt_seconds=1.5, lease_seconds=3, poll_seconds=0.05, post_seconds=4)


@pytest.fixture
def server(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double, policy=FAST) as s:
        yield s


def inbox_rows(server) -> list[dict]:
    return server.rows("SELECT key, status, phase, attempts, payload FROM inbox")


def visible(double, thread_ts: str) -> list[dict]:
    """What the asker sees in the thread: the messages that took effect."""
    return [m for m in double.posted if m["thread_ts"] == thread_ts]


def settled(server, timeout: float = 60) -> list[dict]:
    """The inbox once nothing is pending (failed posts wait for their retry)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = inbox_rows(server)
        if rows and all(r["status"] != "pending" for r in rows):
            server.drain()
            return rows
        time.sleep(0.05)
    raise AssertionError(f"still pending: {inbox_rows(server)}")


FAILURES = [
    pytest.param(lambda d: d.fail("chat.postMessage", "internal_error", times=2), id="internal_error-twice"),
    pytest.param(lambda d: d.fail("chat.postMessage", "fatal_error", times=1), id="fatal_error"),
    pytest.param(lambda d: d.fail("chat.postMessage", "service_unavailable", times=1), id="service_unavailable"),
    pytest.param(lambda d: d.fail("chat.postMessage", "request_timeout", times=1), id="request_timeout"),
    pytest.param(lambda d: d.fail("chat.postMessage", "some_new_error_code", times=1), id="unknown-error-code"),
    pytest.param(lambda d: d.rate_limit("chat.postMessage", times=7), id="rate-limited-beyond-the-client-retries"),
    pytest.param(lambda d: d.fault("chat.postMessage", "http", status=500), id="http-500"),
    pytest.param(lambda d: d.fault("chat.postMessage", "http", status=502, times=2), id="http-502-twice"),
    pytest.param(lambda d: d.fault("chat.postMessage", "http", status=503), id="http-503"),
    pytest.param(lambda d: d.fault("chat.postMessage", "invalid_json"), id="invalid-json"),
    pytest.param(lambda d: d.fault("chat.postMessage", "drop"), id="dropped-connection"),
    pytest.param(lambda d: d.fault("chat.postMessage", "slow", seconds=6), id="timeout"),  # past FAST.post_seconds
    # the post went out but its answer was lost, in a workspace that granted a history scope: the
    # retry finds it in the conversation and does not post again
    pytest.param(lambda d: readable(d).fault("chat.postMessage", "invalid_json", took_effect=True), id="posted-invalid-json"),
    pytest.param(lambda d: readable(d).fault("chat.postMessage", "drop", took_effect=True), id="posted-dropped-connection"),
    pytest.param(lambda d: readable(d).fault("chat.postMessage", "slow", seconds=6, took_effect=True), id="posted-timeout"),
    pytest.param(lambda d: readable(d).fault("chat.postMessage", "http", status=500, took_effect=True), id="posted-http-500"),
]


def readable(double: SlackDouble) -> SlackDouble:
    """The double as a workspace that gave peerbot the history scopes its manifest does not ask for."""
    double.scopes |= set(HISTORY_SCOPES.values())
    return double


@pytest.mark.parametrize("inject", FAILURES)
def test_a_failed_post_is_retried_and_the_question_answered_exactly_once(server, double, inject):
    inject(double)
    event = app_mention(KNOWN)
    assert SlackSender(server.events_url).event(event).status == 200
    [row] = settled(server)
    assert row["status"] == "answered" and row["payload"] == "{}"
    [answer] = visible(double, event["event"]["ts"])
    assert "build and retain trust at board level" in str(answer["blocks"])
    if double.calls_to("chat.postMessage")[0].ok:  # it went out: the retry looked, found it, posted nothing
        assert double.calls_to("conversations.replies") and len(double.calls_to("chat.postMessage")) == 1
    else:
        assert len(double.calls_to("chat.postMessage")) >= 2  # it was tried again


def test_without_a_history_scope_an_answer_whose_post_went_out_unseen_is_posted_again_never_lost(server, double):
    """The manifest's scopes cannot read a conversation: a post that went out while its answer was
    lost cannot be found, so peerbot posts it again rather than risk losing it."""
    double.fault("chat.postMessage", "drop", took_effect=True)
    event = app_mention(KNOWN)
    assert SlackSender(server.events_url).event(event).status == 200
    [row] = settled(server)
    assert row["status"] == "answered"
    assert len(visible(double, event["event"]["ts"])) == 2
    assert [c.response.get("error") for c in double.calls_to("conversations.replies")] == ["missing_scope"]


def test_a_failed_dm_answer_is_found_in_the_conversation_and_not_posted_twice(server, double):
    readable(double)
    double.fault("chat.postMessage", "drop", took_effect=True)
    event = direct_message(KNOWN, channel="D0PNCRP9N")
    SlackSender(server.events_url).event(event)
    assert [r["status"] for r in settled(server)] == ["answered"]
    assert len([m for m in double.posted if m["channel"] == "D0PNCRP9N"]) == 1
    assert double.calls_to("conversations.history", channel="D0PNCRP9N")


def test_after_the_last_try_the_asker_gets_one_apology(server, double, caplog):
    double.fail("chat.postMessage", "internal_error", times=FAST.tries)
    event = app_mention(KNOWN)
    SlackSender(server.events_url).event(event)
    [row] = settled(server)
    assert row["status"] == "apologised"
    [apology] = visible(double, event["event"]["ts"])
    assert apology["text"] == APOLOGY
    assert len(double.calls_to("chat.postMessage")) == FAST.tries + 1
    gave_up = [r for r in caplog.records if "gave up posting the answer" in r.getMessage()]
    assert len(gave_up) == 1 and not gave_up[0].exc_info


def test_when_the_apology_fails_too_nothing_crashes_and_the_item_is_closed(server, double):
    double.fail("chat.postMessage", "internal_error")  # for ever
    SlackSender(server.events_url).event(app_mention(KNOWN))
    [row] = settled(server)
    assert row["status"] == "failed" and row["payload"] == "{}"
    assert double.posted == [] and len(double.calls_to("chat.postMessage")) == 2 * FAST.tries


def test_an_error_that_retrying_cannot_cure_gets_the_apology_at_once(server, double):
    double.fail("chat.postMessage", "cannot_reply_to_message", times=1)  # (invalid_blocks: posted as plain text)
    event = app_mention(KNOWN)
    SlackSender(server.events_url).event(event)
    assert [r["status"] for r in settled(server)] == ["apologised"]
    assert [m["text"] for m in visible(double, event["event"]["ts"])] == [APOLOGY]
    assert len(double.calls_to("chat.postMessage")) == 2


def test_a_private_answer_that_fails_is_retried(server, double):
    double.fail("chat.postEphemeral", "internal_error", times=1)
    SlackSender(server.events_url).command(slash_command("/peer", KNOWN, double.response_url()))
    assert [r["status"] for r in settled(server)] == ["answered"]
    assert len(double.wait_for("chat.postEphemeral")) == 1


def test_a_slack_retry_of_an_unfinished_event_is_accepted_and_answered_once(server, double, settings):
    event = app_mention(KNOWN)
    state = StateStore(settings.state_db_path)
    key = state.pseudonym(f"{event['event']['channel']}:{event['event']['ts']}")  # as the inbox keeps it
    dead = Inbox(state, owner="another-host:1:dead", clock=lambda: time.time() - 60)
    assert dead.accept(key, "slack.message", {"channel": event["event"]["channel"], "ts": event["event"]["ts"],
                                              "thread_ts": "", "is_dm": False}, KNOWN, lease_seconds=1)
    # the process that accepted it died (its lease ran out); Slack retries the delivery
    assert SlackSender(server.events_url).event(event, retry_num=1).status == 200
    assert [r["status"] for r in settled(server)] == ["answered"]
    assert len(visible(double, event["event"]["ts"])) == 1


def test_a_retry_while_the_answer_is_in_progress_elsewhere_is_acknowledged_and_not_answered_twice(
        server, double, settings):
    event = app_mention(KNOWN)
    state = StateStore(settings.state_db_path)
    key = state.pseudonym(f"{event['event']['channel']}:{event['event']['ts']}")  # as the inbox keeps it
    busy = Inbox(state, owner="another-host:1:alive")
    assert busy.accept(key, "slack.message", {"channel": event["event"]["channel"], "ts": event["event"]["ts"],
                                              "thread_ts": "", "is_dm": False}, KNOWN, lease_seconds=600)
    assert SlackSender(server.events_url).event(event, retry_num=1).status == 200
    time.sleep(0.5)
    assert double.posted == [] and [r["status"] for r in inbox_rows(server)] == ["pending"]


def test_work_left_by_a_stopped_process_is_answered_on_the_next_start(settings, shared_answerer, double):
    event = app_mention(KNOWN)
    state = StateStore(settings.state_db_path)
    Inbox(state, owner="another-host:1:gone").accept(
        state.pseudonym(f"C0LAN2Q65:{event['event']['ts']}"), "slack.message",
        {"channel": "C0LAN2Q65", "ts": event["event"]["ts"], "thread_ts": "", "is_dm": False},
        f"{KNOWN}, mail jo@example.nhs.uk", lease_seconds=-1)  # its lease ran out
    [(stored,)] = query(state, "SELECT payload FROM inbox")
    assert "[email]" in stored and "jo@example" not in stored  # what waits on disk is redacted
    with PeerbotServer(settings, shared_answerer.corpus, double, policy=FAST) as server:
        assert [r["status"] for r in settled(server)] == ["answered"]
    [answer] = visible(double, event["event"]["ts"])
    assert "build and retain trust at board level" in str(answer["blocks"])


# -- the other Web API calls peerbot makes, failing in each way -------------------------------------

SIDE_FAULTS = {
    "error-code": lambda d, m: d.fail(m, "internal_error", times=1),
    "http-500": lambda d, m: d.fault(m, "http", status=500),
    "invalid-json": lambda d, m: d.fault(m, "invalid_json"),
    "dropped": lambda d, m: d.fault(m, "drop"),
    "rate-limited": lambda d, m: d.rate_limit(m, times=7),
}


@pytest.mark.parametrize("fault", SIDE_FAULTS)
def test_a_follow_up_is_answered_without_the_thread_when_reading_it_fails(server, double, fault):
    SIDE_FAULTS[fault](double, "conversations.replies")
    root = "1515449000.000100"
    event = app_mention(KNOWN, thread_ts=root)
    SlackSender(server.events_url).event(event)
    assert [r["status"] for r in settled(server)] == ["answered"]
    [answer] = visible(double, root)
    assert "build and retain trust at board level" in str(answer["blocks"])


@pytest.fixture(scope="module")
def answerer_with_emails(tmp_path_factory):
    from corpus_helpers import open_answerer

    from bot.settings import Settings
    from index.hashing_embedder import HashingEmbedder

    root = tmp_path_factory.mktemp("emails-index")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    (root / "knowledge" / "contacts.yaml").write_text("people:\n  - name: Julian Hartley\n    email: jh@example.nhs.uk\n")
    answerer = open_answerer(
        Settings(data_dir=root / "data", knowledge_dir=root / "knowledge", model="hashing"), HashingEmbedder())
    yield answerer
    answerer.index.close()


@pytest.mark.parametrize("fault", SIDE_FAULTS)
def test_an_answer_goes_out_with_plain_names_when_looking_up_members_fails(settings, answerer_with_emails, double,
                                                                         fault):
    SIDE_FAULTS[fault](double, "users.lookupByEmail")
    double.users_by_email["jh@example.nhs.uk"] = "U0JULIAN1"
    patient = RetryPolicy(delays=FAST.delays, attempt_seconds=15, lease_seconds=20, poll_seconds=0.05)  # 429 waits
    with PeerbotServer(settings, answerer_with_emails.corpus, double, policy=patient) as server:
        event = direct_message(KNOWN)  # a DM: the one place a contact is a mention (a channel never looks them up)
        SlackSender(server.events_url).event(event)
        assert [r["status"] for r in settled(server)] == ["answered"]
    [answer] = [m for m in double.posted if m["channel"] == event["event"]["channel"]]
    assert "Julian Hartley" in str(answer["blocks"]) and double.calls_to("users.lookupByEmail")


@pytest.mark.parametrize("fault", SIDE_FAULTS)
def test_a_feedback_click_whose_message_update_fails_is_recorded_and_the_user_told(server, double, fault):
    from slack_double import block_actions

    slack = SlackSender(server.events_url)
    event = app_mention(KNOWN)
    slack.event(event)
    settled(server)
    [answer] = visible(double, event["event"]["ts"])
    question_id = next(e["value"] for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]
                       if e["action_id"] == "feedback_helpful")
    SIDE_FAULTS[fault](double, "chat.update")
    message = {"type": "message", "ts": answer["ts"], "text": answer["text"], "blocks": answer["blocks"]}
    assert slack.interaction(block_actions("feedback_helpful", question_id, double.response_url(),
                                           message=message, user="U0CLICKER")).status == 200
    server.drain()
    with sqlite3.connect(server.settings.state_db_path) as db:
        assert db.execute("SELECT helpful FROM feedback WHERE question_id = ?", [question_id]).fetchall() == [(1,)]
    updated = [c for c in double.calls_to("chat.update") if c.ok]
    told = double.calls_to("chat.postEphemeral", user="U0CLICKER")
    assert updated or told  # the click was acknowledged one way or the other


@pytest.mark.parametrize("fault", SIDE_FAULTS)
def test_the_home_tab_failing_to_publish_is_logged_without_a_crash(server, double, fault, caplog):
    SIDE_FAULTS[fault](double, "views.publish")
    body = {**app_mention("x"), "event": {"type": "app_home_opened", "user": "U0HOME01", "tab": "home",
                                          "channel": "D0HOME", "event_ts": "1515449522.000016"}}
    assert SlackSender(server.events_url).event(body).status == 200
    server.drain()
    assert double.calls_to("views.publish")


def test_an_answer_given_up_on_while_looking_up_a_member_is_answered_on_the_next_try(
        settings, answerer_with_emails, double):
    double.fault("users.lookupByEmail", "slow", seconds=2, took_effect=True)  # longer than one try may take
    double.users_by_email["jh@example.nhs.uk"] = "U0JULIAN1"
    with PeerbotServer(settings, answerer_with_emails.corpus, double, policy=FAST) as server:
        event = direct_message(KNOWN)
        SlackSender(server.events_url).event(event)
        assert [r["status"] for r in settled(server)] == ["answered"]
    [answer] = [m for m in double.posted if m["channel"] == event["event"]["channel"]]
    assert "<@U0JULIAN1>" in str(answer["blocks"])  # the lookup was not cancelled with the first try
    assert len(double.calls_to("users.lookupByEmail")) == 1
