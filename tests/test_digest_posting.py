"""Posting exactly once per (week, destination), with in-memory destinations and a temporary database."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

import pytest
from test_digest_compose import SUMMARIES, inputs

from bot.digest import posting
from bot.digest.compose import compose_digest
from bot.digest.model import EVERYONE, Audience, DeliveryError
from bot.digest.posting import MAX_ATTEMPTS, settled
from bot.state import StateStore

DIGEST = compose_digest(inputs(), SUMMARIES.get)
WEEK = DIGEST.week
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def same_digest(audience: Audience):
    return DIGEST


class Destination:
    """Records what it was given; fails with `error` (a DeliveryError message) or `crash` (any exception)."""

    def __init__(self, key: str, error: str = "", crash: Exception | None = None, audience: Audience = EVERYONE):
        self.key = key
        self.error = error
        self.crash = crash
        self.posted: list[str] = []
        self.digests = []
        self._audience = audience

    async def audience(self) -> Audience:
        if self._audience is None:
            raise DeliveryError("Slack answered invalid_auth")
        return self._audience

    async def post(self, digest) -> None:
        if self.crash:
            raise self.crash
        if self.error:
            raise DeliveryError(self.error)
        self.posted.append(digest.week)
        self.digests.append(digest)

    async def find(self, week: str) -> bool | None:
        return None  # cannot be read, as a Slack channel without a history scope


@pytest.fixture
def state(state_database):
    store = StateStore(state_database)
    yield store
    store.close()


def clock_at(moment: datetime):
    return lambda: moment


def post_digest(*args):
    """One posting run, as `peerbot digest --post` makes it: an asyncio run."""
    return asyncio.run(posting.post_digest(*args))


def test_each_destination_gets_the_digest_once_and_a_second_run_says_why_it_posts_nothing(state):
    a, b = Destination("slack:CA"), Destination("slack:CB")
    first = post_digest(WEEK, same_digest, [a, b], state, clock_at(NOW))
    assert [o.status for o in first.outcomes] == ["posted", "posted"] and first.ok
    assert first.lines()[-1] == "Digest 2026-W47: posted to 2 of 2 destinations."
    second = post_digest(WEEK, same_digest, [a, b], state, clock_at(NOW + timedelta(hours=3)))
    assert a.posted == b.posted == ["2026-W47"]
    assert [o.status for o in second.outcomes] == ["already_posted", "already_posted"] and second.ok
    assert second.outcomes[0].message == "slack:CA: already posted this week (2026-11-16 09:00 UTC), nothing to do"
    assert [(r.destination, r.status, r.attempts) for r in state.digest_records("2026-W47")] == [
        ("slack:CA", "sent", 1), ("slack:CB", "sent", 1)]


def test_a_new_destination_added_mid_week_gets_that_weeks_digest_and_no_one_else_a_second(state):
    a = Destination("slack:CA")
    post_digest(WEEK, same_digest, [a], state, clock_at(NOW))
    assert settled(state, "2026-W47", [a]) is not None  # nothing to do: no need even to compose
    b = Destination("slack:CB")
    assert settled(state, "2026-W47", [a, b]) is None
    post_digest(WEEK, same_digest, [a, b], state, clock_at(NOW))
    assert (a.posted, b.posted) == (["2026-W47"], ["2026-W47"])


def test_a_failing_destination_does_not_stop_the_others_is_reported_and_retried_next_run(state):
    a, broken, c = Destination("slack:CA"), Destination("slack:CBROKEN", error="Slack answered channel_not_found"), Destination("slack:CC")
    report = post_digest(WEEK, same_digest, [a, broken, c], state, clock_at(NOW))
    assert [o.status for o in report.outcomes] == ["posted", "failed", "posted"]
    assert not report.ok and report.retryable
    assert report.outcomes[1].message == (
        f"slack:CBROKEN: failed (Slack answered channel_not_found); attempt 1 of {MAX_ATTEMPTS}, will be retried")
    assert report.lines()[-1] == "Digest 2026-W47: posted to 2 of 3 destinations; 1 failed."
    broken.error = ""  # the channel is fixed
    again = post_digest(WEEK, same_digest, [a, broken, c], state, clock_at(NOW + timedelta(minutes=30)))
    assert [o.status for o in again.outcomes] == ["already_posted", "posted", "already_posted"]
    assert again.lines()[-1] == "Digest 2026-W47: posted to 1 of 3 destinations; 2 already had it."
    assert (a.posted, broken.posted, c.posted) == (["2026-W47"], ["2026-W47"], ["2026-W47"])
    assert {r.destination: r.attempts for r in state.digest_records("2026-W47")}["slack:CBROKEN"] == 2


def test_a_destination_that_keeps_failing_is_given_up_on_after_the_last_attempt(state):
    broken = Destination("slack:CBROKEN", error="Slack answered channel_not_found")
    statuses = [post_digest(WEEK, same_digest, [broken], state, clock_at(NOW)).outcomes[0].status for _ in range(MAX_ATTEMPTS + 2)]
    assert statuses == ["failed"] * (MAX_ATTEMPTS - 1) + ["gave_up"] * 3
    last = post_digest(WEEK, same_digest, [broken], state, clock_at(NOW))
    assert last.outcomes[0].message == (
        f"slack:CBROKEN: not retried after {MAX_ATTEMPTS} failed attempts this week (last: Slack answered channel_not_found)")
    assert not last.retryable and not last.ok


def test_an_unexpected_error_is_reported_without_its_details_and_the_others_still_post(state, caplog):
    crashing, fine = Destination("slack:CX", crash=RuntimeError("secret internals")), Destination("slack:CY")
    report = post_digest(WEEK, same_digest, [crashing, fine], state, clock_at(NOW))
    assert [o.status for o in report.outcomes] == ["failed", "posted"]
    assert "unexpected RuntimeError, see the log" in report.outcomes[0].message
    assert "secret internals" not in report.outcomes[0].message
    assert "secret internals" in caplog.text  # the traceback is in the log


def test_a_run_that_died_mid_post_is_never_posted_again_automatically(state):
    a = Destination("slack:CA")
    assert state.claim_digest("2026-W47", "slack:CA", MAX_ATTEMPTS, NOW.isoformat()) is None  # a run claims, then dies
    soon = post_digest(WEEK, same_digest, [a], state, clock_at(NOW + timedelta(minutes=2)))
    assert soon.outcomes[0].status == "in_progress" and soon.ok
    later = post_digest(WEEK, same_digest, [a], state, clock_at(NOW + timedelta(hours=2)))
    assert later.outcomes[0].status == "unconfirmed" and not later.ok and not later.retryable
    assert "the run posting it was interrupted" in later.outcomes[0].message
    assert later.outcomes[0].message.endswith("run: peerbot digest --post --resend slack:CA")
    assert a.posted == []
    resent = asyncio.run(posting.post_digest(WEEK, same_digest, [a], state, clock_at(NOW + timedelta(hours=3)),
                                             frozenset({"slack:CA"})))
    assert resent.outcomes[0].status == "posted" and a.posted == ["2026-W47"]


def test_two_processes_posting_at_once_post_each_destination_once(state_database):
    path = state_database
    StateStore(path).close()
    destinations = [Destination(f"slack:C{i}") for i in range(5)]
    start = threading.Barrier(2)
    reports = []

    def process() -> None:
        store = StateStore(path)  # its own connection, as a second clock process would have
        start.wait()
        reports.append(post_digest(WEEK, same_digest, destinations, store, clock_at(NOW)))
        store.close()

    threads = [threading.Thread(target=process) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [d.posted for d in destinations] == [["2026-W47"]] * 5
    statuses = sorted(o.status for r in reports for o in r.outcomes)
    assert statuses.count("posted") == 5 and len(statuses) == 10


def test_the_featured_enabler_is_recorded_once_posted_and_steers_the_next_weeks(state):
    post_digest(WEEK, same_digest, [Destination("slack:CA", error="down")], state, clock_at(NOW))
    assert state.featured_enablers(before="2026-W48", limit=5) == []  # nothing went out: not featured
    post_digest(WEEK, same_digest, [Destination("slack:CB")], state, clock_at(NOW))
    state.record_featured_enabler("2026-W45", "building-trust")
    assert state.featured_enablers(before="2026-W48", limit=5) == ["workforce-and-shared-staffing", "building-trust"]
    assert state.featured_enablers(before="2026-W47", limit=5) == ["building-trust"]  # a week's own choice is not "recent"
    state.record_featured_enabler("2026-W47", "shared-purpose")  # the first record of a week stands
    assert state.featured_enablers(before="2026-W48", limit=1) == ["workforce-and-shared-staffing"]


def test_each_destination_gets_the_digest_its_workspace_may_see_composed_once_per_workspace(state):
    composed = []

    def compose(audience: Audience):
        composed.append(audience)
        return compose_digest(inputs(), SUMMARIES.get)

    a1, a2 = Destination("slack:CA1", audience=Audience("TA")), Destination("slack:CA2", audience=Audience("TA"))
    b, unknown = Destination("teams:19:b", audience=Audience("team-b")), Destination("slack:CX", audience=None)
    report = post_digest(WEEK, compose, [a1, a2, b, unknown], state, clock_at(NOW))
    assert composed == [Audience("TA"), Audience("team-b")]
    assert a1.digests[0] is a2.digests[0] and a1.digests[0] is not b.digests[0]
    assert [o.status for o in report.outcomes] == ["posted", "posted", "posted", "failed"]
    assert "Slack answered invalid_auth" in report.outcomes[3].message  # which workspace: unknown, so nothing posted
