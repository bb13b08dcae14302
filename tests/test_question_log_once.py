"""A question answered again after a restart is recorded once in the question log (so the digest's
"what people asked" counts it once): `peerbot serve` is killed while its reply is in flight, then
started again, and the inbox answers the question a second time. Real processes, the Slack double,
the records in SQLite and in a throw-away PostgreSQL."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from serve_process import start_serve, stop, wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, app_mention, free_port
from state_rows import query

from bot.state import StateStore


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request, tmp_path, corpus_dir, monkeypatch):
    for name in ("SLACK_APP_TOKEN", "TEAMS_ALLOW_ANONYMOUS", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    values = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
              "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "SLACK_BOT_TOKEN": BOT_TOKEN,
              "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    if request.param == "postgresql":
        values["DATABASE_URL"] = request.getfixturevalue("postgres_url")
    return values


def records(env: dict) -> StateStore:
    return StateStore(env.get("DATABASE_URL") or Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db")


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_a_question_answered_again_after_a_restart_is_logged_once(env):
    with SlackDouble() as double:
        double.fault("chat.postMessage", "slow", seconds=120)  # the first reply stays in flight
        port = free_port()
        first = start_serve(env, SLACK_API_URL=double.api_url, PORT=str(port))
        wait_for_health(f"http://127.0.0.1:{port}", first)
        event = app_mention("committee in common")
        assert SlackSender(f"http://127.0.0.1:{port}/slack/events").event(event).status == 200
        store = records(env)
        try:
            wait_until(lambda: query(store, "SELECT count(*) FROM questions") == [(1,)])
            os.kill(first.pid, signal.SIGKILL)  # answered and logged, its reply not yet recorded as posted
            first.communicate(timeout=30)
            port = free_port()
            second = start_serve(env, SLACK_API_URL=double.api_url, PORT=str(port))
            try:
                wait_for_health(f"http://127.0.0.1:{port}", second)
                wait_until(lambda: query(store, "SELECT status FROM inbox") == [("answered",)])
            finally:
                _, err = stop(second)
            assert query(store, "SELECT count(*) FROM questions") == [(1,)]
            assert "Traceback" not in err
        finally:
            store.close()
