"""At most one visible reply per question, and none lost, when a post is slow or its worker stalls
or dies: a post slower than the attempt's time limit and the lease is waited for, not cut short
and posted again; another worker sharing the inbox never takes over a post in flight; a worker
stalled (SIGSTOP) past its lease mid-post keeps the item, and one stalled before it posts finds
it taken over and posts nothing; a worker SIGKILLed mid-post has its question answered once by
the next. The real server and Bolt, real worker processes, the inbox in SQLite, the Slack double
delaying chat.postMessage."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from slack_double import HISTORY_SCOPES, PeerbotServer, SlackSender, app_mention
from worker_process import start_worker

from bot.retry_policy import RetryPolicy

KNOWN = "red lines open book finances trust at board level"
FAST = RetryPolicy(delays=(0.05, 0.1, 0.1), attempt_seconds=1.5, lease_seconds=3, poll_seconds=0.05, post_seconds=8)


def inbox(settings) -> list[tuple[str, int]]:
    """Each item's (status, claims)."""
    with sqlite3.connect(settings.state_db_path) as db:
        return db.execute("SELECT status, claims FROM inbox").fetchall()


def settled(settings, timeout: float = 30) -> list[tuple[str, int]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = inbox(settings)
        if rows and all(status != "pending" for status, _ in rows):
            return rows
        time.sleep(0.05)
    raise AssertionError(f"still pending: {inbox(settings)}")


def visible(double, event) -> list[dict]:
    return [m for m in double.posted if m["thread_ts"] == event["event"]["ts"]]


def wait_for_call(double, method: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not double.calls_to(method):
        assert time.monotonic() < deadline, f"no {method} call"
        time.sleep(0.01)


def test_a_post_slower_than_the_attempt_and_the_lease_is_waited_for_and_not_posted_twice(settings, shared_answerer,
                                                                                         double):
    """The manifest's scopes: a reply cut short could not be looked for, so it must not be cut short."""
    double.fault("chat.postMessage", "slow", seconds=2 * FAST.lease_seconds, took_effect=True)
    event = app_mention(KNOWN)
    with PeerbotServer(settings, shared_answerer.corpus, double, policy=FAST) as server:
        SlackSender(server.events_url).event(event)
        assert settled(settings) == [("answered", 1)]
        server.drain()
    assert len(visible(double, event)) == 1 and len(double.calls_to("chat.postMessage")) == 1


def test_another_worker_sharing_the_inbox_never_takes_over_a_post_in_flight(settings, shared_answerer, double):
    double.fault("chat.postMessage", "slow", seconds=2 * FAST.lease_seconds, took_effect=True)
    event = app_mention(KNOWN)
    with PeerbotServer(settings, shared_answerer.corpus, double, policy=FAST) as first, \
            PeerbotServer(settings, shared_answerer.corpus, double, policy=FAST) as second:
        SlackSender(first.events_url).event(event)
        wait_for_call(double, "chat.postMessage")
        assert SlackSender(second.events_url).event(event, retry_num=1).status == 200  # Slack retries, elsewhere
        assert settled(settings) == [("answered", 1)]
        first.drain()
        second.drain()
    assert len(visible(double, event)) == 1 and len(double.calls_to("chat.postMessage")) == 1


def test_a_post_past_its_own_time_limit_is_found_in_the_thread_and_not_posted_again(settings, shared_answerer,
                                                                                     double):
    double.scopes |= set(HISTORY_SCOPES.values())  # a workspace that let peerbot read its threads
    double.fault("chat.postMessage", "slow", seconds=2.5, took_effect=True)
    event = app_mention(KNOWN)
    with PeerbotServer(settings, shared_answerer.corpus, double, policy=dataclasses.replace(FAST, post_seconds=1)) \
            as server:
        SlackSender(server.events_url).event(event)
        assert settled(settings) == [("answered", 2)]  # the retry took it again
        server.drain()
    assert len(visible(double, event)) == 1 and double.calls_to("conversations.replies")


def worker_policy(**changes) -> dict:
    return dataclasses.asdict(dataclasses.replace(FAST, **changes))


@pytest.fixture
def worker(settings, double):
    """Starts a worker process on this test's data folder and Slack double (killed at the end)."""
    started = []

    def start(**policy):
        process, port = start_worker(settings.data_dir, settings.knowledge_dir, double.api_url, worker_policy(**policy))
        started.append(process)
        return process, f"http://127.0.0.1:{port}/slack/events"

    yield start
    for process in started:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
        process.communicate(timeout=30)


def stalled(process, seconds: float, settings) -> None:
    """`process` paused for `seconds`, at a moment it holds no write lock on the SQLite database (a
    process paused holding it would stall every worker, and nothing could be taken over)."""
    while True:
        os.kill(process.pid, signal.SIGSTOP)
        while Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "T":
            time.sleep(0.001)
        try:
            with contextlib.closing(sqlite3.connect(settings.state_db_path, timeout=0.5, isolation_level=None)) as db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
            break
        except sqlite3.OperationalError:  # it was mid-write: let it finish, and pause it again
            os.kill(process.pid, signal.SIGCONT)
            time.sleep(0.01)
    time.sleep(seconds)
    os.kill(process.pid, signal.SIGCONT)


def test_a_worker_stalled_past_its_lease_mid_post_keeps_the_item_and_posts_once(settings, shared_answerer, double,
                                                                                  worker):
    process, url = worker()
    double.fault("chat.postMessage", "slow", seconds=1, took_effect=True)
    event = app_mention(KNOWN)
    with PeerbotServer(settings, shared_answerer.corpus, double, policy=FAST) as other:
        SlackSender(url).event(event)
        wait_for_call(double, "chat.postMessage")
        stalled(process, 2 * FAST.lease_seconds, settings)  # `other` polls the inbox all the while
        assert settled(settings) == [("answered", 1)]
        other.drain()
    assert len(visible(double, event)) == 1 and len(double.calls_to("chat.postMessage")) == 1


def test_a_worker_stalled_past_its_lease_before_it_posts_finds_the_item_taken_over_and_posts_nothing(
        settings, shared_answerer, double, worker):
    process, url = worker(attempt_seconds=30)  # its try is not over when it wakes: it goes on to post
    double.fault("conversations.info", "slow", seconds=1, took_effect=True)  # the worker is composing
    event = app_mention(KNOWN)
    with PeerbotServer(settings, shared_answerer.corpus, double, policy=FAST) as other:
        SlackSender(url).event(event)
        wait_for_call(double, "conversations.info")
        stalled(process, 3 * FAST.lease_seconds, settings)  # `other` takes the item over and answers it
        assert settled(settings) == [("answered", 2)]
        other.drain()
    time.sleep(2)  # the woken worker's try runs to its end
    assert process.poll() is None  # still serving
    assert len(visible(double, event)) == 1 and len(double.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize("went_out", [True, False], ids=["the-post-went-out", "the-post-never-arrived"])
def test_a_worker_killed_mid_post_has_the_question_answered_once_by_the_next(settings, shared_answerer, double,
                                                                            worker, went_out):
    """When the post went out before the kill, the next worker finds it in the thread (a workspace
    with a history scope: with the manifest's it cannot look, and posts again rather than lose it)."""
    double.scopes |= set(HISTORY_SCOPES.values())
    process, url = worker()
    double.fault("chat.postMessage", "slow", seconds=8, took_effect=went_out)
    event = app_mention(KNOWN)
    SlackSender(url).event(event)
    wait_for_call(double, "chat.postMessage")
    process.kill()
    process.communicate(timeout=30)
    assert inbox(settings) == [("pending", 1)]
    with PeerbotServer(settings, shared_answerer.corpus, double, policy=FAST) as server:  # frees the dead one's lease
        assert settled(settings) == [("answered", 2)]
        server.drain()
    assert len(visible(double, event)) == 1
    assert len(double.calls_to("chat.postMessage")) == (1 if went_out else 2)
