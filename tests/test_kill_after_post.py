"""A SIGKILL of `peerbot serve` right after Slack or the Teams connector has taken a reply, before
peerbot hears back (the double holds its answer until the kill): after the restart the reply is
posted at most once more (README, Reliability: neither a Teams conversation nor, without a history
scope, a Slack thread can be searched for it), never lost; with a history scope it is found in its
thread and not posted again; a reply recorded before the kill is not posted again. Real processes,
the real inbox in SQLite, the Slack and connector doubles over HTTP."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from serve_process import start_serve, stop, wait_for_health
from slack_double import BOT_TOKEN, HISTORY_SCOPES, SIGNING_SECRET, SlackDouble, SlackSender, app_mention, free_port
from teams_doubles import ConnectorDouble, message, send

QUESTION = "How did the trusts set up a shared staff bank?"


@pytest.fixture
def env(tmp_path, corpus_dir, monkeypatch):
    for name in ("SLACK_APP_TOKEN", "TEAMS_ALLOW_ANONYMOUS", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1"}


def statuses(env: dict, kind: str) -> list[str]:
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        return [row[0] for row in db.execute("SELECT status FROM inbox WHERE kind = ?", (kind,))]


def wait_for_status(env: dict, kind: str, wanted: str, timeout: float = 90) -> list[str]:
    deadline = time.monotonic() + timeout
    while statuses(env, kind) != [wanted] and time.monotonic() < deadline:
        time.sleep(0.05)
    return statuses(env, kind)


def serve(env: dict, **variables: str):
    port = free_port()
    process = start_serve(env, PORT=str(port), **variables)
    url = f"http://127.0.0.1:{port}"
    wait_for_health(url, process)
    return process, url


def killed(process) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


def slack_variables(double: SlackDouble) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url}


@pytest.mark.parametrize("history", [False, True], ids=["manifest-scopes", "history-scope-granted"])
def test_a_slack_reply_taken_but_unanswered_at_a_sigkill_is_posted_at_most_once_more(env, history):
    with SlackDouble() as double:
        if history:
            double.scopes |= set(HISTORY_SCOPES.values())
        double.fault("chat.postMessage", "slow", seconds=120, took_effect=True)  # taken, its answer held
        first, url = serve(env, **slack_variables(double))
        mention = app_mention(QUESTION, channel="C0KILLED1")
        assert SlackSender(f"{url}/slack/events").event(mention).status == 200
        double.wait_for("chat.postMessage", timeout=90)
        killed(first)  # Slack has the reply; peerbot never heard back
        assert statuses(env, "slack.message") == ["pending"]
        second, _ = serve(env, **slack_variables(double))
        try:
            assert wait_for_status(env, "slack.message", "answered") == ["answered"]
        finally:
            stop(second)
        posts = [c for c in double.calls_to("chat.postMessage", channel="C0KILLED1") if c.ok]
    assert len(posts) == (1 if history else 2)  # found in its thread; else posted once more, not lost
    assert all(p["thread_ts"] == mention["event"]["ts"] for p in posts)


def test_a_slack_reply_recorded_before_a_sigkill_is_not_posted_again(env):
    """The must-not-take: the same kill once the answer's record is on disk posts nothing more."""
    with SlackDouble() as double:
        first, url = serve(env, **slack_variables(double))
        assert SlackSender(f"{url}/slack/events").event(app_mention(QUESTION, channel="C0KILLED2")).status == 200
        assert wait_for_status(env, "slack.message", "answered") == ["answered"]
        killed(first)
        second, url = serve(env, **slack_variables(double))
        try:  # a later question answered: the restart has resumed whatever it found pending
            assert SlackSender(f"{url}/slack/events").event(app_mention(QUESTION, channel="C0LATER01")).status == 200
            double.wait_for("chat.postMessage", channel="C0LATER01", timeout=90)
        finally:
            stop(second)
        assert len([c for c in double.calls_to("chat.postMessage", channel="C0KILLED2") if c.ok]) == 1


def test_a_teams_reply_taken_but_unanswered_at_a_sigkill_is_posted_at_most_once_more(env):
    async def run() -> list:
        async with ConnectorDouble() as connector:
            connector.fault("slow", seconds=120)  # delivered, its answer held
            first, url = await asyncio.to_thread(serve, env, TEAMS_ALLOW_ANONYMOUS="1")
            status, _ = await send(f"{url}/api/messages", message(connector.url, QUESTION, activity_id="killed-1"))
            assert status == 202
            await connector.wait_for_posts(1, timeout=90)
            await asyncio.to_thread(killed, first)  # the connector has the reply; peerbot never heard back
            assert statuses(env, "teams.message") == ["pending"]
            second, _ = await asyncio.to_thread(serve, env, TEAMS_ALLOW_ANONYMOUS="1")
            try:
                assert await asyncio.to_thread(wait_for_status, env, "teams.message", "answered") == ["answered"]
            finally:
                await asyncio.to_thread(stop, second)
            return [p for p in connector.posts if p.reply_to == "killed-1"]
    posts = asyncio.run(run())
    assert len(posts) == 2  # posted once more (a conversation cannot be searched), not lost
