"""Posting a week's digest to every destination exactly once.

Each (week, destination) is claimed in SQLite before posting and marked sent or failed after, in
one atomic statement keyed by both, so a restart, a second clock process or a manual
`peerbot digest --post` in the same week never posts twice. A failed post is recorded with its
reason and claimed again by the next run (up to MAX_ATTEMPTS a week); one destination failing
never stops the others. A post whose outcome is unknown (sent, but its answer was lost; or a run
that died between claiming and recording) is recorded as such and never posted again blindly, since
a double post is worse than a missing one: the next run looks for it in the destination (`find`),
records it as posted when it is there and posts it when it is not; when the destination cannot be
read it says so in one line, and the operator, having looked, posts it again with `resend`. The
clock process runs again (bot/digest/schedule.py) while such a post can still be looked for.

A posting run is one asyncio run (`peerbot digest --post`, or each run of the clock process):
the destinations are each adapter's async client, shared by all its destinations in the run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.corpus import Corpus
from bot.digest import messages
from bot.digest.gather import compose_week
from bot.digest.model import Audience, DeliveryError, Digest, DigestDestination, DigestError, UnconfirmedDelivery
from bot.digest.week import Week
from bot.records import DigestRecord, stamp
from bot.state import StateStore

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
POSTING_LEASE = timedelta(minutes=10)  # a claim older than this belongs to a run that died

Compose = Callable[[Audience], Digest]  # the week's digest as one audience may see it
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Outcome:
    destination: str
    status: str  # "posted", "already_posted", "in_progress", "unconfirmed", "failed" or "gave_up"
    message: str  # one line for the operator
    look_again: bool = False  # unconfirmed, and the next run can look for it (not yet looked for, or the look failed)

    @property
    def ok(self) -> bool:
        return self.status in ("posted", "already_posted", "in_progress")


@dataclass(frozen=True)
class PostReport:
    week: str
    outcomes: tuple[Outcome, ...]

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes)

    @property
    def retryable(self) -> bool:
        """A later run this week could still post somewhere that failed, settle a post whose outcome
        is unknown by looking for it, or see to one another run held (a clock stopped mid-post leaves
        its claim, which its restart finds in progress until the claim's lease lapses)."""
        return any(o.status in ("failed", "in_progress") or o.look_again for o in self.outcomes)

    def lines(self) -> list[str]:
        posted = sum(o.status == "posted" for o in self.outcomes)
        unconfirmed = sum(o.status == "unconfirmed" for o in self.outcomes)
        failures = sum(not o.ok for o in self.outcomes) - unconfirmed
        had = sum(o.status == "already_posted" for o in self.outcomes)
        return [o.message for o in self.outcomes] + [
            messages.summary(self.week, posted, len(self.outcomes), failures, unconfirmed, had)]


def settled(state: StateStore, week: str, destinations: Sequence[DigestDestination]) -> PostReport | None:
    """The report of a run with nothing to do, when every destination already has week `week`'s
    digest (so there is no need to compose it); None otherwise."""
    sent = {r.destination: r for r in state.digest_records(week) if r.status == "sent"}
    if not destinations or any(d.key not in sent for d in destinations):
        return None
    outcomes = [Outcome(d.key, "already_posted", messages.already_posted(d.key, _shown(sent[d.key].updated_at)))
                for d in destinations]
    return PostReport(week, tuple(outcomes))


async def post_week(
    week: Week, window: tuple[datetime, datetime], destinations: Sequence[DigestDestination], state: StateStore,
    load: Callable[[], Corpus], clock: Clock = lambda: datetime.now(UTC), resend: frozenset[str] = frozenset(),
) -> PostReport:
    """Post week `week`'s digest (covering `window`) to every destination that lacks it (and to
    those of `resend`, by key, whose earlier post's outcome is unknown). The corpus (`load`: the
    model and the index) is loaded only when some destination still needs it."""
    report = settled(state, str(week), destinations)
    if report:
        return report
    corpus = await asyncio.to_thread(load)
    try:
        if not corpus.index.documents:
            raise DigestError(messages.nothing_to_post())
        return await post_digest(str(week), lambda audience: compose_week(corpus, state, week, *window, audience),
                                 destinations, state, clock, resend)
    finally:
        corpus.close()


async def post_digest(
    week: str, compose: Compose, destinations: Sequence[DigestDestination], state: StateStore,
    clock: Clock = lambda: datetime.now(UTC), resend: frozenset[str] = frozenset(),
) -> PostReport:
    """Post week `week`'s digest to each destination that may have it now, each the digest its
    audience may see (composed once per audience, off the event loop); one outcome per destination.
    An earlier post whose outcome is unknown is looked for first, or posted again when its key is
    in `resend`."""
    outcomes, composed = [], {}

    async def digest_for(audience: Audience) -> Digest:
        if audience not in composed:
            composed[audience] = await asyncio.to_thread(compose, audience)
        return composed[audience]

    for destination in destinations:
        held: Outcome | DigestRecord | None = state.claim_digest(week, destination.key, MAX_ATTEMPTS, stamp(clock()))
        if isinstance(held, DigestRecord) and _unknown(held, clock()):
            held = await _settle_unknown(week, held, destination, state, clock, destination.key in resend)
        if isinstance(held, Outcome):
            outcomes.append(held)
        elif held is not None:
            outcomes.append(_held(held, clock()))
        else:
            outcomes.append(await _post(week, digest_for, destination, state, clock))
    features = [d.feature for d in composed.values() if d.feature]
    if features and any(o.status == "posted" for o in outcomes):
        state.record_featured_enabler(week, features[0].enabler.id)
    return PostReport(week, tuple(outcomes))


async def _post(
    week: str, digest_for: Callable[[Audience], Awaitable[Digest]], destination: DigestDestination, state: StateStore,
    clock: Clock,
) -> Outcome:
    try:
        await destination.post(await digest_for(await destination.audience()))
    except UnconfirmedDelivery as e:
        state.finish_digest(week, destination.key, stamp(clock()), error=str(e), unconfirmed=True)
        return Outcome(destination.key, "unconfirmed", messages.unconfirmed(destination.key, str(e)), look_again=True)
    except DeliveryError as e:
        error = str(e)
    except Exception as e:  # a bug or an unexpected failure: logged in full, the others still get theirs
        log.exception("posting the digest to %s failed", destination.key)
        error = f"unexpected {type(e).__name__}, see the log"
    else:
        state.finish_digest(week, destination.key, stamp(clock()))
        return Outcome(destination.key, "posted", messages.posted(destination.key))
    state.finish_digest(week, destination.key, stamp(clock()), error=error)
    attempts = next(r.attempts for r in state.digest_records(week) if r.destination == destination.key)
    status = "failed" if attempts < MAX_ATTEMPTS else "gave_up"
    return Outcome(destination.key, status, messages.failed(destination.key, error, attempts, MAX_ATTEMPTS))


def _unknown(record: DigestRecord, now: datetime) -> bool:
    """Whether the record's post may or may not have arrived: its answer was lost, or the run
    posting it died (its claim is older than the lease)."""
    return record.status == "unconfirmed" or (record.status == "posting" and (
        not record.updated_at or now - datetime.fromisoformat(record.updated_at) >= POSTING_LEASE))


async def _settle_unknown(
    week: str, record: DigestRecord, destination: DigestDestination, state: StateStore, clock: Clock, resend: bool,
) -> Outcome | DigestRecord | None:
    """What to do about an earlier post whose outcome is unknown: None when this run is to post it
    (asked to `resend`, or it is not in the destination), an Outcome when it is settled without
    posting (found there; or it cannot be looked for), the record when another run took it meanwhile."""
    key, since = record.destination, _shown(record.updated_at)
    if not resend:
        failed = False
        try:
            found = await destination.find(week)
        except DeliveryError as e:  # Slack failing for now: looked for again by the next run
            log.warning("digest %s: could not look for it in %s (%s)", week, key, e)
            found, failed = None, True
        if found:
            state.finish_digest(week, key, stamp(clock()))
            return Outcome(key, "already_posted", messages.found(key, since))
        if found is None:
            return Outcome(key, "unconfirmed", messages.unchecked(key, since, record.error), look_again=failed)
    now = clock()
    if state.reclaim_digest(week, key, stamp(now), stamp(now - POSTING_LEASE)):
        return None
    return next(r for r in state.digest_records(week) if r.destination == key)


def _held(record: DigestRecord, now: datetime) -> Outcome:
    """Why a destination is not posted to this time."""
    key, since = record.destination, _shown(record.updated_at)
    if record.status == "sent":
        return Outcome(key, "already_posted", messages.already_posted(key, since))
    if record.status == "failed":
        return Outcome(key, "gave_up", messages.gave_up(key, record.error, record.attempts))
    if _unknown(record, now):  # another run settled it as unknown meanwhile
        return Outcome(key, "unconfirmed", messages.unchecked(key, since, record.error))
    return Outcome(key, "in_progress", messages.in_progress(key, since))


def _shown(stamp: str) -> str:
    """A record's time for the operator ("time unknown" when the record's was unreadable)."""
    return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M UTC") if stamp else "time unknown"
