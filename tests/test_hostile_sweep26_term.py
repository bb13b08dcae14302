"""What the twenty-sixth hostile sweep left: a `peerbot serve` still running long after SIGTERM, once
whoever read its standard error had gone. A log line or `print` on the event loop blocked on a pipe
nobody read (or raised on one whose reader had gone, before the stop was set), so the loop never
stopped. Now standard error is written by a thread of its own (bot/unblocked_output.py) and a stop
has a deadline (bot/http_server.STOP_SECONDS). Each case: questions acknowledged, standard error
mistreated, SIGTERM; the process exits 0 within the deadline, and a restart answers every question
it acknowledged. Real processes, the real inbox in SQLite, the Slack double."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from serve_process import wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, direct_message, free_port

from bot.http_server import STOP_SECONDS

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ("How did others cut discharge delays?", "What helped with theatre scheduling?",
             "Who has shared outpatient follow-up?")
BAD_REQUESTS = 800  # each logs one line (~150 bytes): more than a pipe holds (64 KiB)


@pytest.fixture
def env(tmp_path, corpus_dir, monkeypatch):
    for name in ("SLACK_APP_TOKEN", "TEAMS_ALLOW_ANONYMOUS"):
        monkeypatch.delenv(name, raising=False)
    return {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PEERBOT_RETENTION_DAYS": ""}


def start(env: dict, **streams) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env=env, **streams)


def bad_requests(port: int, count: int) -> None:
    """Requests over aiohttp's URL limit: each is refused with a 400 and one log line."""
    for _ in range(count):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(b"GET /slack/events?" + b"x" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(1024)


def answered(env: dict) -> int:
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        return db.execute("SELECT count(*) FROM inbox WHERE status = 'answered' AND kind = 'slack.message'").fetchone()[0]


def ask(port: int) -> int:
    """The questions sent; how many were acknowledged."""
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events")
    return sum(sender.event(direct_message(q)).status == 200 for q in QUESTIONS)


def stopped_then_answered(env: dict, double: SlackDouble, process: subprocess.Popen, acknowledged: int) -> None:
    """SIGTERM: exits 0 within the deadline; a restart answers every acknowledged question."""
    process.terminate()
    assert process.wait(STOP_SECONDS + 15) == 0  # before: still running (the loop blocked, or never told)
    port = free_port()
    again = start(env | {"PEERBOT_DATA_DIR": env["PEERBOT_DATA_DIR"], "SLACK_API_URL": double.api_url, "PORT": str(port)},
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_health(f"http://127.0.0.1:{port}", again)
        deadline = time.monotonic() + 90
        while answered(env) < acknowledged and time.monotonic() < deadline:
            time.sleep(0.2)
        assert answered(env) == acknowledged == len(QUESTIONS)
    finally:
        again.terminate()
        again.wait(STOP_SECONDS + 15)


def serving(env: dict, double: SlackDouble, **streams) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = start(env | {"SLACK_API_URL": double.api_url, "PORT": str(port)}, **streams)
    wait_for_health(f"http://127.0.0.1:{port}", process)
    return process, port


def test_serve_stops_when_its_standard_error_is_never_read(env):
    with SlackDouble() as double:
        process, port = serving(env, double, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            acknowledged = ask(port)
            bad_requests(port, BAD_REQUESTS)  # the pipe fills: nobody reads it
            stopped_then_answered(env, double, process, acknowledged)
        finally:
            process.kill()
            process.stderr.close()


def test_serve_stops_when_the_reader_of_its_standard_error_has_gone(env):
    with SlackDouble() as double:
        process, port = serving(env, double, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            process.stderr.close()  # the reader killed: every write now breaks
            acknowledged = ask(port)
            bad_requests(port, 5)
            stopped_then_answered(env, double, process, acknowledged)
        finally:
            process.kill()


def test_serve_stops_with_its_standard_output_and_error_closed(env):
    with SlackDouble() as double:
        process, port = serving(env, double, stdin=subprocess.DEVNULL,
                                preexec_fn=lambda: (os.close(1), os.close(2)))  # noqa: PLW0108
        try:
            acknowledged = ask(port)
            bad_requests(port, 5)
            stopped_then_answered(env, double, process, acknowledged)
        finally:
            process.kill()
