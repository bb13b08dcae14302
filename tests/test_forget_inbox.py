"""`peerbot forget` and retention erase the requests still waiting in the durable inbox with the
records: a channel's pending Slack messages, commands and shortcuts and Teams messages (found by
reading each payload as its adapter does, never by matching text), or every request accepted
before a date. An erased request is never answered (nor a redelivery of it), a worker holding it
posts and records nothing, and other channels' requests are untouched. On SQLite and PostgreSQL,
in the store and through a real `peerbot serve` over HTTP with the Slack double."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from serve_process import Said, start_serve, stop, wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, app_mention, free_port
from state_rows import query

from bot.answer import Answer
from bot.cli.records import inbox_channel
from bot.slack.payloads import MessageShortcut, SlackMessage, SlashCommand
from bot.state import Inbox, StateStore, Withdrawn

GONE, KEPT = "C0FORGET", "C0KEEP"
TEAMS_GONE, TEAMS_KEPT = "19:gone@thread.tacv2", "19:kept@thread.tacv2"


def teams_payload(conversation: str) -> dict:
    return {"kind": "question", "conversation_id": conversation, "place": "public", "workspace": "team-1",
            "thread": f"{conversation};messageid=1", "chat": False, "reference": {"conversation": {"id": conversation}}}


def statuses(store: StateStore) -> dict[str, tuple[str, str]]:
    return {key: (status, payload) for key, status, payload in query(store, "SELECT key, status, payload FROM inbox")}


def test_a_channels_pending_requests_are_erased_and_never_taken_again(state_database):
    store = StateStore(state_database)
    inbox = Inbox(store, owner="here:1:a")
    accepted = {
        "message": ("slack.message", SlackMessage(GONE, "1.0", "", "U1", "", False, "T1").stored()),
        "peer": ("slack.peer", SlashCommand("/peer", "", GONE, "U1", "https://hooks.example/1", "t1", "T1").stored()),
        "shortcut": ("slack.shortcut", MessageShortcut(GONE, "U1", "2.0", "", "", "https://hooks.example/2", "t2",
                                                         "T1").stored()),
        "teams": ("teams.message", teams_payload(TEAMS_GONE)),
        "kept": ("slack.message", SlackMessage(KEPT, "3.0", "", "U1", "", False, "T1").stored()),
        "teams kept": ("teams.message", teams_payload(TEAMS_KEPT)),
        "malformed": ("slack.message", {"channel": 5}),  # no channel can be read: its worker gives it up
    }
    for key, (kind, payload) in accepted.items():  # the text names the other channel: never matched by it
        inbox.accept(key, kind, payload, f"what did {GONE} and {TEAMS_GONE} do about trust?", 0)
    leased = inbox.accept("leased", "slack.message", SlackMessage(GONE, "4.0", "", "U1", "", False, "T1").stored(),
                          "how do boards build trust?", 30)
    assert leased is not None  # a worker is answering it now
    store.log_question(Answer("an earlier question", True), "slack", GONE, place="public")

    counts = store.erase_channel(GONE, inbox_channel)
    assert counts["inbox"] == 4 and counts["questions"] == 1
    left = statuses(store)
    for key in ("message", "peer", "shortcut", "leased"):
        assert left[key] == ("erased", "{}")
    assert {k for k, (status, _) in left.items() if status == "pending"} == {"teams", "kept", "teams kept", "malformed"}
    assert GONE in left["kept"][1]  # untouched, text and all

    # the worker holding "leased" posts nothing and records nothing of it
    assert inbox.claiming("leased", 30).result() is False
    with pytest.raises(Withdrawn):
        store.log_question(Answer("how do boards build trust?", True), "slack", GONE, place="public", delivery="leased")
    assert query(store, "SELECT count(*) FROM questions") == [(0,)]
    assert inbox.finish("leased", "answered") is False and statuses(store)["leased"] == ("erased", "{}")
    # a redelivery of an erased request is not taken again; the kept ones still are
    assert inbox.accept("message", "slack.message", accepted["message"][1], "again", 30) is None
    assert {i.key for i in Inbox(store).due(["slack.message", "slack.peer", "slack.shortcut"], 20, 30)} == {
        "kept", "malformed"}

    assert store.erase_channel(TEAMS_GONE, inbox_channel)["inbox"] == 1
    assert statuses(store)["teams"] == ("erased", "{}") and statuses(store)["teams kept"][0] == "pending"
    store.close()


def test_requests_accepted_before_a_date_are_erased_with_the_records_before_it(state_database):
    store = StateStore(state_database)
    day = 86400.0
    old, new = Inbox(store, clock=lambda: time.time() - 3 * day), Inbox(store)
    old.accept("old", "slack.message", SlackMessage(KEPT, "1.0", "", "U1", "", False).stored(), "asked long ago", 0)
    new.accept("new", "slack.message", SlackMessage(KEPT, "2.0", "", "U1", "", False).stored(), "asked today", 0)
    cutoff = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - day))
    assert store.erase_before(cutoff)["inbox"] == 1
    left = statuses(store)
    assert left["old"] == ("erased", "{}") and left["new"][0] == "pending"
    store.close()


def records(env: dict) -> StateStore:
    return StateStore(env.get("DATABASE_URL") or Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db")


def forget(env: dict, channel: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", "forget", "--channel", channel], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=120)


@pytest.fixture
def serving(request, tmp_path, corpus_dir, monkeypatch):
    """The environment of a `peerbot serve` (and of `peerbot forget` beside it) on SQLite or PostgreSQL."""
    for name in ("SLACK_APP_TOKEN", "TEAMS_ALLOW_ANONYMOUS", "DATABASE_URL", "PEERBOT_HASH_KEY",
                 "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"):
        monkeypatch.delenv(name, raising=False)
    env = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "SLACK_BOT_TOKEN": BOT_TOKEN,
           "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    if request.param == "postgresql":
        env["DATABASE_URL"] = request.getfixturevalue("postgres_url")
    return env


@pytest.mark.parametrize("serving", ["sqlite", "postgresql"], indirect=True)
def test_forget_run_beside_serve_erases_a_question_waiting_to_be_posted_and_it_is_never_answered(serving):
    """Slack fails every post (HTTP 500), so both questions wait in the inbox for their retry; `peerbot
    forget --channel` erases one channel's; once Slack heals, the other channel's is answered (its
    text names the erased channel) and the erased one never is, nor its redelivery, nor is its question
    recorded again."""
    env = serving
    with SlackDouble() as double:
        double.fault("chat.postMessage", "http", status=500, times=None)
        port = free_port()
        process = start_serve(env, SLACK_API_URL=double.api_url, PORT=str(port))
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process)
            sender = SlackSender(f"http://127.0.0.1:{port}/slack/events")
            erased = app_mention("How did others set up a committee in common?", channel=GONE, ts="100.1")
            assert sender.event(erased).status == 200
            assert sender.event(app_mention(f"What did {GONE} learn about sharing staff?", channel=KEPT,
                                            ts="100.2")).status == 200
            deadline = time.monotonic() + 90
            while {c.get("channel") for c in double.calls_to("chat.postMessage")} != {GONE, KEPT}:
                assert time.monotonic() < deadline, "a question was never tried"
                time.sleep(0.05)  # each question was composed, recorded and its post refused
            forgot = forget(env, GONE)
            tried_before = len(double.calls_to("chat.postMessage", channel=GONE))
            assert sender.event(erased, retry_num=1).status == 200  # Slack's retry of the erased question
            double.heal("chat.postMessage")
            double.wait_for("chat.postMessage", channel=KEPT)
        finally:
            _, err = stop(process)  # answers in progress are finished first
    assert forgot.returncode == 0, forgot.stderr
    assert forgot.stdout.startswith(f"Erased the records of {GONE}: ")
    assert "1 question," in forgot.stdout and forgot.stdout.endswith(", 1 unanswered request.\n")
    assert len(double.calls_to("chat.postMessage", channel=GONE)) == tried_before  # nothing tried since
    assert not any(c.ok for c in double.calls_to("chat.postMessage", channel=GONE))
    assert process.returncode == 0 and "Traceback" not in err
    store = records(env)
    try:
        channels = {channel for (channel,) in query(store, "SELECT channel FROM questions")}
        assert channels and not channels & {GONE, store.pseudonym(GONE)}  # the kept question's record only
        left = statuses(store)
        assert left[store.pseudonym(f"{GONE}:100.1")] == ("erased", "{}")
        assert left[store.pseudonym(f"{KEPT}:100.2")] == ("answered", "{}")
    finally:
        store.close()


@pytest.mark.parametrize("serving", ["sqlite", "postgresql"], indirect=True)
def test_a_worker_answering_a_question_when_it_is_erased_posts_nothing_and_records_nothing(serving):
    """The worker holds the question's lease, waiting on Slack (conversations.info answers after 15 s)
    before answering it, when `peerbot forget --channel` runs: once Slack answers, the question is
    not recorded (its delivery is no longer pending) and nothing is posted; another channel's
    question asked afterwards is answered as usual."""
    env = serving
    with SlackDouble() as double:
        double.fault("conversations.info", "slow", seconds=15, channel=GONE)
        port = free_port()
        said = Said(start_serve(env, SLACK_API_URL=double.api_url, PORT=str(port)))
        try:
            wait_for_health(f"http://127.0.0.1:{port}", said.process)
            sender = SlackSender(f"http://127.0.0.1:{port}/slack/events")
            assert sender.event(app_mention("How did others set up a committee in common?", channel=GONE,
                                            ts="200.1")).status == 200
            deadline = time.monotonic() + 90
            while not double.calls_to("conversations.info", channel=GONE):
                assert time.monotonic() < deadline, "the question was never taken"
                time.sleep(0.05)
            forgot = forget(env, GONE)
            said.wait_for("nothing is posted")
            assert sender.event(app_mention("How did others set up a committee in common?", channel=KEPT,
                                            ts="200.2")).status == 200
            double.wait_for("chat.postMessage", channel=KEPT)
        finally:
            said.stop()
    assert forgot.returncode == 0 and forgot.stdout.endswith(", 1 unanswered request.\n"), forgot
    assert "0 questions," in forgot.stdout  # it was not recorded yet
    assert double.calls_to("chat.postMessage", channel=GONE) == []
    assert "is no longer pending" in said.err and "Traceback" not in said.err
    store = records(env)
    try:
        assert query(store, "SELECT count(*) FROM questions WHERE channel IN (:a, :b)", a=GONE,
                     b=store.pseudonym(GONE)) == [(0,)]
        assert query(store, "SELECT count(*) FROM questions") == [(1,)]  # the other channel's
        assert statuses(store)[store.pseudonym(f"{GONE}:200.1")] == ("erased", "{}")
    finally:
        store.close()
