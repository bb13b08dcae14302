"""Several replicas sharing one PostgreSQL database (DATABASE_URL), as a platform runs them: two
`peerbot serve` processes, each with its own data folder (its own disk and index), and the clock
(`peerbot digest --post`, again on its own disk), against the Slack Web API double. A Slack retry
delivered to the other replica is not answered twice; a replica that dies mid-answer has its work
finished by the other; a question asked through one replica is in the digest the clock posts, and
a second clock run posts nothing. Real processes, a real PostgreSQL, signed requests over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest
from conftest import ROOT
from serve_process import start_serve, stop, wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, app_mention, free_port
from state_rows import query

from bot.service import RetryPolicy
from bot.state import StateStore

KNOWN = "How did others set up a committee in common?"
LEASE = 5  # PEERBOT_LEASE_SECONDS: a dead replica's work is taken over this soon (30 s by default)


@dataclass
class Replica:
    process: subprocess.Popen
    events_url: str

    def send(self, event: dict, retry: int | None = None) -> int:
        return SlackSender(self.events_url).event(event, retry_num=retry).status


@pytest.fixture
def cluster(tmp_path, corpus_dir, postgres_url, monkeypatch):
    """The Slack double, a shared environment and a way to start replicas (stopped at the end)."""
    for name in ("SLACK_APP_TOKEN", "TEAMS_ALLOW_ANONYMOUS", "PEERBOT_HASH_KEY"):
        monkeypatch.delenv(name, raising=False)
    env = {"PEERBOT_KNOWLEDGE_DIR": str(corpus_dir), "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1",
           "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "DATABASE_URL": postgres_url,
           "PEERBOT_LEASE_SECONDS": str(LEASE)}
    started: list[Replica] = []
    with SlackDouble() as double:
        def replica(name: str) -> Replica:
            port = free_port()
            process = start_serve(env, SLACK_API_URL=double.api_url, PORT=str(port),
                                  PEERBOT_DATA_DIR=str(tmp_path / name))
            wait_for_health(f"http://127.0.0.1:{port}", process, timeout=180)
            started.append(Replica(process, f"http://127.0.0.1:{port}/slack/events"))
            return started[-1]

        yield double, env, replica
        for r in started:
            if r.process.poll() is None:
                _, err = stop(r.process)
                assert r.process.returncode == 0 and "Traceback" not in err, err
    assert not list(tmp_path.glob("*/peerbot.db*"))  # every record went to PostgreSQL


def settled(url: str, keys: int, timeout: float = 60) -> list[tuple]:
    """The inbox's (status, claims) once `keys` items are there and none is pending."""
    store = StateStore(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            rows = query(store, "SELECT status, claims FROM inbox WHERE kind = 'slack.message'")
            if len(rows) == keys and all(status != "pending" for status, _ in rows):
                return rows
            time.sleep(0.1)
    finally:
        store.close()
    raise AssertionError(f"the inbox did not settle: {rows}")


def answers(double: SlackDouble, thread: str) -> int:
    return sum(1 for c in double.calls_to("chat.postMessage") if c.ok and c.get("thread_ts") == thread)


def test_a_retry_delivered_to_the_other_replica_is_answered_once(cluster, postgres_url):
    double, _env, replica = cluster
    a, b = replica("a"), replica("b")
    double.fault("chat.postMessage", "slow", seconds=1.5, took_effect=True, times=1)  # a is mid-answer
    first = app_mention(KNOWN, channel="C0REPLICA")
    assert a.send(first) == 200
    double.wait_for("chat.postMessage")
    assert b.send(first, retry=1) == 200  # while a answers: b must leave it alone
    second = app_mention("What helped boards trust one another?", channel="C0REPLICA")
    assert b.send(second) == 200
    assert a.send(second, retry=1) == 200
    settled(postgres_url, keys=2)
    assert b.send(first, retry=2) == 200 and a.send(second, retry=2) == 200  # after the answers: dropped
    time.sleep(3)  # several polls of both replicas' workers
    assert answers(double, first["event"]["ts"]) == 1 and answers(double, second["event"]["ts"]) == 1
    assert len([c for c in double.calls_to("chat.postMessage") if c.ok]) == 2


def test_a_replica_that_dies_mid_answer_has_its_work_finished_by_the_other(cluster, postgres_url):
    double, _env, replica = cluster
    a, b = replica("a"), replica("b")
    double.fault("chat.postMessage", "slow", seconds=10, times=1)  # a's post hangs and never lands
    event = app_mention(KNOWN, channel="C0REPLICA")
    assert a.send(event) == 200
    while not double.calls_to("chat.postMessage"):
        time.sleep(0.05)
    os.kill(a.process.pid, signal.SIGKILL)
    a.process.communicate(timeout=30)
    store = StateStore(postgres_url)
    try:  # a's claim before its post holds the item for the post's time limit and one lease (the setting's)
        [(lease_until,)] = query(store, "SELECT lease_until FROM inbox WHERE kind = 'slack.message'")
    finally:
        store.close()
    assert lease_until <= time.time() + RetryPolicy().post_seconds + LEASE
    assert b.send(event, retry=1) == 200  # a's lease is still live: b acknowledges and waits
    [(status, claims)] = settled(postgres_url, keys=1, timeout=120)  # b takes it when a's lease runs out (past a's post)
    assert (status, claims) == ("answered", 2)
    assert answers(double, event["event"]["ts"]) == 1


def digest_post(env: dict, double: SlackDouble, data_dir, channel: str) -> subprocess.CompletedProcess:
    """`peerbot digest --post` as a clock would run it, with this week's send time at the week's very
    end (late today was past in the day's last minute, and the questions just asked were next week's)."""
    clock_env = {**os.environ, **env, "PEERBOT_DATA_DIR": str(data_dir), "SLACK_API_URL": double.api_url,
                 "DIGEST_CHANNELS": channel, "DIGEST_TIMEZONE": "UTC", "DIGEST_DAY": "sun", "DIGEST_TIME": "23:59"}
    return subprocess.run([sys.executable, "-m", "bot.cli", "digest", "--post"], cwd=ROOT, env=clock_env,
                          capture_output=True, text=True, timeout=300)


def test_a_question_asked_through_one_replica_is_in_the_digest_the_clock_posts_once(cluster, postgres_url, tmp_path):
    double, env, replica = cluster
    a = replica("a")
    question = "How did others share staff between trusts? ring 07700 900123"
    assert a.send(app_mention(question, channel="C0ASKERS")) == 200
    settled(postgres_url, keys=1)
    first = digest_post(env, double, tmp_path / "clock", "C0DIGEST1")
    assert first.returncode == 0 and "slack:C0DIGEST1: posted" in first.stdout, first.stderr
    [digest] = [c for c in double.calls_to("chat.postMessage") if c.ok and c["channel"] == "C0DIGEST1"]
    # counted in the week's questions; never quoted, as it held a phone number (README: Weekly digest)
    assert "1 question in public channels this week, 1 answered" in digest["text"]
    assert "07700" not in digest.blocks_text and "[phone]" not in digest.blocks_text
    again = digest_post(env, double, tmp_path / "clock-2", "C0DIGEST1")  # another clock, another disk
    assert again.returncode == 0 and "already posted this week" in again.stdout
    assert len([c for c in double.calls_to("chat.postMessage") if c.ok and c["channel"] == "C0DIGEST1"]) == 1
