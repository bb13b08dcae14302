"""The durable inbox's SQL, on SQLite and on PostgreSQL: an item is taken by one worker at a time
(separate connections to one database, as separate processes or replicas would have), a lease that runs out is taken over, a finished item is never
taken again, and only what answering needs is stored, redacted."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from state_rows import execute, query

from bot.state import StateStore
from bot.state.inbox import ANSWERED, FAILED, PENDING, Inbox

FIELDS = {"channel": "C1", "ts": "1.1", "thread_ts": "", "is_dm": False}


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def path(state_database):
    return state_database


def inbox(path, owner: str, clock=None) -> Inbox:
    return Inbox(StateStore(path), owner=owner, clock=clock or Clock())


def status(path) -> list[tuple]:
    return query(StateStore(path), "SELECT key, status, lease_owner FROM inbox ORDER BY key")


def test_a_new_delivery_is_taken_by_the_worker_that_accepted_it_and_its_text_is_redacted(path):
    first = inbox(path, "a")
    item = first.accept("C1:1.1", "slack.message", FIELDS, "call 07700 900123 or mail jo@example.nhs.uk", 30)
    assert item.key == "C1:1.1" and not item.maybe_posted
    [(payload,)] = query(StateStore(path), "SELECT payload FROM inbox")
    stored = json.loads(payload)
    assert stored == {**FIELDS, "text": "call [phone] or mail [email]"} and item.payload == stored


def test_a_redelivery_while_another_worker_holds_it_is_not_taken(path):
    inbox(path, "a").accept("k", "slack.message", FIELDS, "q", 30)
    assert inbox(path, "b").accept("k", "slack.message", FIELDS, "q", 30) is None
    assert status(path) == [("k", PENDING, "a")]


def test_a_lease_that_ran_out_is_taken_over_and_marked_as_maybe_posted(path):
    clock = Clock()
    inbox(path, "a", clock).accept("k", "slack.message", FIELDS, "q", 30)
    clock.now += 31
    taken = inbox(path, "b", clock).accept("k", "slack.message", FIELDS, "q", 30)
    assert taken is not None and taken.claims == 2 and taken.maybe_posted
    assert status(path) == [("k", PENDING, "b")]
    assert not inbox(path, "a", clock).finish("k", ANSWERED)  # the first worker no longer holds it


def test_an_answered_delivery_is_never_taken_again(path):
    first = inbox(path, "a")
    first.accept("k", "slack.message", FIELDS, "q", 30)
    assert first.finish("k", ANSWERED)
    assert query(StateStore(path), "SELECT payload FROM inbox") == [("{}",)]
    clock = Clock(Clock().now + 10_000)
    assert inbox(path, "b", clock).accept("k", "slack.message", FIELDS, "q", 30) is None
    assert inbox(path, "b", clock).due(["slack.message"], 10, 30) == []


def test_a_retry_is_due_after_its_delay_and_then_free_for_any_worker(path):
    clock = Clock()
    first = inbox(path, "a", clock)
    item = first.accept("k", "slack.message", FIELDS, "q", 30)
    assert first.retry_later(item, 5, "internal_error")
    other = inbox(path, "b", clock)
    assert other.due(["slack.message"], 10, 30) == []
    clock.now += 5
    [again] = other.due(["slack.message"], 10, 30)
    assert (again.attempts, again.maybe_posted) == (1, True)
    assert other.due(["teams.message"], 10, 30) == []  # only the kinds a worker answers


def test_many_workers_racing_for_one_item_take_it_once(path):
    clock = Clock()
    inbox(path, "seed", clock).accept("k", "slack.message", FIELDS, "q", 30)
    clock.now += 31
    workers = [inbox(path, f"w{i}", clock) for i in range(8)]
    taken, barrier = [], threading.Barrier(len(workers))

    def race(worker: Inbox) -> None:
        barrier.wait()
        taken.extend(worker.due(["slack.message"], 10, 30))

    threads = [threading.Thread(target=race, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(taken) == 1


def test_renewing_keeps_a_live_workers_lease_on_what_it_is_answering_only(path):
    clock = Clock()
    first = inbox(path, "a", clock)
    first.accept("k", "slack.message", FIELDS, "q", 30)
    first.accept("leaked", "slack.message", FIELDS, "q", 30)
    clock.now += 25
    assert first.renew(["k"], 30) == 1
    clock.now += 25
    assert [i.key for i in inbox(path, "b", clock).due(["slack.message"], 10, 30)] == ["leaked"]


def test_a_post_claimed_by_the_holder_keeps_the_item_past_its_lease_and_renewing_does_not_shorten_it(path):
    clock = Clock()
    first = inbox(path, "a", clock)
    first.accept("k", "slack.message", FIELDS, "q", 30)
    assert first.claiming("k", 90).result()  # the post may take a minute: the lease covers it
    assert first.renewing(["k"], 30).result() == 1
    clock.now += 60
    other = inbox(path, "b", clock)
    assert other.due(["slack.message"], 10, 30) == [] and other.accept("k", "slack.message", FIELDS, "q", 30) is None
    clock.now += 31
    assert [i.key for i in other.due(["slack.message"], 10, 30)] == ["k"]  # the post is long over: taken over


def test_a_worker_that_lost_its_item_cannot_claim_its_post(path):
    clock = Clock()
    first = inbox(path, "a", clock)
    first.accept("k", "slack.message", FIELDS, "q", 30)
    first.accept("done", "slack.message", FIELDS, "q", 30)
    assert first.finish("done", ANSWERED)
    clock.now += 31  # it stalled past its lease
    assert inbox(path, "b", clock).accept("k", "slack.message", FIELDS, "q", 30) is not None
    assert not first.claiming("k", 90).result() and not first.claiming("done", 90).result()
    assert status(path) == [("done", ANSWERED, None), ("k", PENDING, "b")]


def test_a_stopping_worker_keeps_the_items_whose_post_is_in_flight(path):
    first = inbox(path, "a")
    first.accept("k", "slack.message", FIELDS, "q", 30)
    first.accept("posting", "slack.message", FIELDS, "q", 30)
    assert first.release(keep=["posting"]) == 1
    assert [i.key for i in inbox(path, "b").due(["slack.message"], 10, 30)] == ["k"]


def test_a_stopping_worker_hands_its_items_back_at_once(path):
    first = inbox(path, "a")
    first.accept("k", "slack.message", FIELDS, "q", 30)
    assert first.release() == 1
    assert [i.key for i in inbox(path, "b").due(["slack.message"], 10, 30)] == ["k"]


def test_the_leases_of_a_dead_process_on_this_host_are_freed_on_start(path):
    import socket

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_owner = f"{socket.gethostname()}:{gone.stdout.strip()}:abcd1234"
    inbox(path, dead_owner).accept("dead", "slack.message", FIELDS, "q", 600)
    inbox(path, f"elsewhere:{gone.stdout.strip()}:abcd1234").accept("remote", "slack.message", FIELDS, "q", 600)
    restarted = inbox(path, "me")
    assert restarted.release_dead() == 1
    assert [i.key for i in restarted.due(["slack.message"], 10, 30)] == ["dead"]  # another host's: wait for its lease


def test_finished_items_are_forgotten_after_a_week(path):
    clock = Clock()
    first = inbox(path, "a", clock)
    first.accept("old", "slack.message", FIELDS, "q", 30)
    first.finish("old", FAILED, "channel_not_found")
    first.accept("pending", "slack.message", FIELDS, "q", 30)
    clock.now += 8 * 86400
    assert first.prune(7) == 1
    assert [k for k, _, _ in status(path)] == ["pending"]


def test_a_malformed_stored_payload_is_read_as_empty(path):
    clock = Clock()
    inbox(path, "a", clock).accept("k", "slack.message", FIELDS, "q", 30)
    execute(StateStore(path), "UPDATE inbox SET payload = '[not json'")
    clock.now += 31
    [item] = inbox(path, "b", clock).due(["slack.message"], 10, 30)
    assert item.payload == {}


def test_deliveries_answered_before_the_inbox_existed_stay_answered(path):
    import sqlalchemy as sa

    from bot.state import STATE_MIGRATIONS
    from bot.state.file import open_database

    old = open_database(path, STATE_MIGRATIONS[:3])  # a database from before the inbox
    with old.begin() as db:
        db.execute(sa.text("INSERT INTO events_seen (key, seen_at) VALUES ('C1:1.1', '2026-01-01T00:00:00+00:00')"))
    old.dispose()
    assert inbox(path, "a").accept("C1:1.1", "slack.message", FIELDS, "q", 30) is None


def test_a_delivery_accepted_before_answering_starts_is_left_unleased_for_the_first_worker_that_polls(path):
    """`peerbot serve` still loading records what arrives with lease 0: nobody holds it, so the first
    worker answering (this process once ready, or another one sharing the database) takes it at
    once, as a first try (nothing can have been posted); a redelivery meanwhile adds nothing."""
    clock = Clock()
    starting = inbox(path, "starting", clock)
    assert starting.accept("k", "slack.message", FIELDS, "q", 0) is None
    assert starting.accept("k", "slack.message", FIELDS, "q", 0) is None  # Slack's retry while starting
    assert status(path) == [("k", PENDING, None)]
    clock.now += 0.001
    [item] = inbox(path, "ready", clock).due(["slack.message"], 10, 30)
    assert item.key == "k" and item.claims == 1 and not item.maybe_posted
    assert status(path) == [("k", PENDING, "ready")]
