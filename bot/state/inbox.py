"""The durable inbox: every accepted Slack event, command or shortcut and Teams message is written
here before it is acknowledged, and stays until its answer (or, failing that, an apology) is out.

A worker takes an item by leasing it: a conditional UPDATE that only succeeds while nobody else
holds a live lease, so two workers (two threads, two processes, later two replicas sharing
PostgreSQL) never take the same item. A live worker renews its leases; a dead one's run out and
are taken over. The SQL is plain (INSERT ... ON CONFLICT DO NOTHING, conditional UPDATE) and runs
unchanged on SQLite and PostgreSQL: on PostgreSQL a conditional UPDATE racing another for the same
row waits for it, then re-checks its condition on the row the other left, so only one wins. Only what answering needs is stored, the question's text
redacted; it is emptied once the item is done.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Collection
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot.records import stamp
from bot.redact import redact
from bot.state.inbox_erasure import PENDING, stored_payload
from bot.state.statements import run, sql
from bot.state.store import StateStore

ANSWERED, APOLOGISED, FAILED = "answered", "apologised", "failed"  # and PENDING, ERASED: inbox_erasure.py
ANSWER, APOLOGY = "answer", "apology"  # what a pending item still has to post
_COLUMNS = "key, kind, payload, phase, attempts, claims"
_AT_LEAST = "CASE WHEN lease_until > :until THEN lease_until ELSE :until END"  # max(), on SQLite and PostgreSQL


@dataclass(frozen=True)
class InboxItem:
    key: str  # the delivery's identity: Slack retries and Teams redeliveries share it
    kind: str  # e.g. "slack.message", "teams.message": which adapter answers it
    payload: dict  # what answering needs; "text" is redacted
    phase: str = ANSWER
    attempts: int = 0  # failed tries in this phase
    claims: int = 1  # times a worker took it

    @property
    def maybe_posted(self) -> bool:
        """An earlier try (another process, a timeout, the answer before this apology) may have
        posted: look before posting again."""
        return self.claims > 1 or self.attempts > 0 or self.phase == APOLOGY

    def apologising(self) -> InboxItem:
        return replace(self, phase=APOLOGY, attempts=0)


def worker_id() -> str:
    """host:pid:nonce, so a restarted process on this host can tell its dead predecessor's leases."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Inbox:
    def __init__(self, state: StateStore, owner: str | None = None, clock=time.time):
        self.state = state
        self.owner = owner or worker_id()
        self.clock = clock

    def accept(self, key: str, kind: str, payload: dict, text: str, lease_seconds: float) -> InboxItem | None:
        """Record a delivery (before it is acknowledged). The item, leased to this worker, when it
        is new or an unfinished one nobody holds (a redelivery after a crash); None when it was
        answered already or another worker is answering it. With `lease_seconds` 0 (a process not
        answering yet) it is recorded unleased, for the first worker that polls, and None returned."""
        return self.accepting(key, kind, payload, text, lease_seconds).result()

    def accepting(self, key: str, kind: str, payload: dict, text: str, lease_seconds: float,
                  ) -> Future[InboxItem | None]:
        """`accept`, committed with the other writes waiting now: the future is resolved when it is
        on disk (a server awaits it without holding a thread)."""
        now = self.clock()
        payload = {**payload, "text": redact(text)}
        stored = json.dumps(payload, ensure_ascii=False)
        leased = lease_seconds > 0

        def write(db: sa.Connection) -> InboxItem | None:
            inserted = run(
                db, "INSERT INTO inbox (key, kind, payload, status, phase, attempts, claims, not_before, lease_owner, "
                "lease_until, error, accepted_at, updated_at) VALUES (:key, :kind, :payload, :status, :phase, 0, "
                ":claims, :now, :owner, :until, '', :at, :at) ON CONFLICT (key) DO NOTHING",
                {"key": key, "kind": kind, "payload": stored, "status": PENDING, "phase": ANSWER, "claims": int(leased),
                 "now": now, "owner": self.owner if leased else None, "until": now + lease_seconds if leased else None,
                 "at": _stamp(now)},
            ).rowcount
            if not leased:
                return None
            if inserted:
                return InboxItem(key, kind, payload)
            return self._take(db, key, lease_seconds, now)

        return self.state.grouped(write)

    def owing(self, db: sa.Connection, key: str, kind: str, payload: dict) -> None:
        """Record an item inside the caller's transaction (committed with what makes it owed: a lesson
        and its review card), unleased: the next poll, or an `accept` of the same key, takes it."""
        now = self.clock()
        run(db, "INSERT INTO inbox (key, kind, payload, status, phase, attempts, claims, not_before, lease_owner, "
            "lease_until, error, accepted_at, updated_at) VALUES (:key, :kind, :payload, :status, :phase, 0, 0, :now, "
            "NULL, NULL, '', :at, :at) ON CONFLICT (key) DO NOTHING",
            {"key": key, "kind": kind, "payload": json.dumps({**payload, "text": ""}), "status": PENDING,
             "phase": ANSWER, "now": now, "at": _stamp(now)})

    def take(self, key: str, lease_seconds: float) -> InboxItem | None:
        """Lease a pending item that is due and that nobody holds; None if it cannot be taken."""
        with self.state.transaction() as db:
            return self._take(db, key, lease_seconds, self.clock())

    def _take(self, db: sa.Connection, key: str, lease_seconds: float, now: float) -> InboxItem | None:
        taken = db.execute(sql(
            "UPDATE inbox SET lease_owner = :owner, lease_until = :until, claims = claims + 1, updated_at = :at "
            "WHERE key = :key AND status = :pending AND not_before <= :now "
            "AND (lease_owner IS NULL OR lease_until < :now)"),
            {"owner": self.owner, "until": now + lease_seconds, "at": _stamp(now), "key": key, "pending": PENDING,
             "now": now},
        ).rowcount
        row = db.execute(sql(f"SELECT {_COLUMNS} FROM inbox WHERE key = :key"), {"key": key}).one() if taken else None
        return _item(row) if row else None

    def pending(self, key: str) -> bool:
        """Whether `key` is recorded and not finished."""
        with self.state.transaction() as db:
            return db.execute(sql("SELECT status FROM inbox WHERE key = :key"), {"key": key}).scalar() == PENDING

    def due(self, kinds: list[str], limit: int, lease_seconds: float) -> list[InboxItem]:
        """Take up to `limit` pending items of these kinds that are due and free."""
        if not kinds:
            return []
        now = self.clock()
        with self.state.transaction() as db:
            keys = list(db.execute(sql(
                "SELECT key FROM inbox WHERE status = :pending AND kind IN :kinds AND not_before <= :now "
                "AND (lease_owner IS NULL OR lease_until < :now) ORDER BY not_before LIMIT :limit", kinds=True),
                {"pending": PENDING, "kinds": kinds, "now": now, "limit": limit},
            ).scalars())
        return [item for item in (self.take(key, lease_seconds) for key in keys) if item]

    def renew(self, keys: list[str], lease_seconds: float) -> int:
        """Extend this worker's leases on `keys` (it is alive and still answering them)."""
        return self.renewing(keys, lease_seconds).result()

    def renewing(self, keys: list[str], lease_seconds: float) -> Future[int]:
        """`renew` on the store's writer thread (never queued behind answers on a busy thread pool).
        A lease that already runs longer (a post in flight, see `claiming`) is not shortened."""
        now = self.clock()

        def write(db: sa.Connection) -> int:
            renewed = 0
            for start in range(0, len(keys), 500):
                renewed += db.execute(sql(
                    f"UPDATE inbox SET lease_until = {_AT_LEAST} WHERE lease_owner = :owner AND status = :pending "
                    "AND key IN :keys", keys=True),
                    {"until": now + lease_seconds, "owner": self.owner, "pending": PENDING,
                     "keys": keys[start:start + 500]},
                ).rowcount
            return renewed

        return self.state.grouped(write)

    def claiming(self, key: str, lease_seconds: float) -> Future[bool]:
        """Fence a post: True when this worker still holds `key`, its lease then lasting at least
        `lease_seconds` more (the post's time limit and a margin), so that no other worker takes the
        item over while the post may be in flight; False when another worker has taken it over (or
        it is finished): then post nothing."""
        now = self.clock()
        return self.state.grouped(lambda db: run(
            db, f"UPDATE inbox SET lease_until = {_AT_LEAST}, updated_at = :at "
            "WHERE key = :key AND lease_owner = :owner AND status = :pending",
            {"until": now + lease_seconds, "at": _stamp(now), "key": key, "owner": self.owner, "pending": PENDING},
        ).rowcount > 0)

    def finish(self, key: str, status: str, error: str = "") -> bool:
        """Record the outcome (answered, apologised, failed) and drop what was stored to answer it.
        False when this worker no longer held the item."""
        return self.finishing(key, status, error).result()

    def finishing(self, key: str, status: str, error: str = "") -> Future[bool]:
        """`finish`, committed ahead of the other writes waiting now, in a small transaction with
        only other outcomes: a reply out and not yet recorded would be posted again by the next
        start, were the process killed meanwhile."""
        row = {"status": status, "error": error[:500], "at": _stamp(self.clock()), "key": key, "owner": self.owner,
               "pending": PENDING}
        return self.state.grouped(lambda db: run(
            db, "UPDATE inbox SET status = :status, payload = '{}', error = :error, lease_owner = NULL, "
            "lease_until = NULL, updated_at = :at WHERE key = :key AND lease_owner = :owner AND status = :pending",
            row).rowcount > 0, first=True)

    def retry_later(self, item: InboxItem, delay: float, error: str) -> bool:
        """Give the item back, to be tried again in `delay` seconds (by whichever worker is free)."""
        now = self.clock()
        with self.state.transaction() as db:
            return db.execute(sql(
                "UPDATE inbox SET phase = :phase, attempts = :attempts, not_before = :not_before, error = :error, "
                "lease_owner = NULL, lease_until = NULL, updated_at = :at "
                "WHERE key = :key AND lease_owner = :owner AND status = :pending"),
                {"phase": item.phase, "attempts": item.attempts + 1, "not_before": now + delay, "error": error[:500],
                 "at": _stamp(now), "key": item.key, "owner": self.owner, "pending": PENDING},
            ).rowcount > 0

    def release(self, keep: Collection[str] = ()) -> int:
        """Give back every item this worker holds (it is stopping), for the next one to take at once;
        not those in `keep` (a post still in flight: its lease runs out instead)."""
        with self.state.transaction() as db:
            return db.execute(sql(
                "UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = :owner AND status = :pending "
                "AND key NOT IN :keep", keep=True),
                {"owner": self.owner, "pending": PENDING, "keep": list(keep) or [""]},
            ).rowcount

    def release_dead(self) -> int:
        """Free the leases of workers on this host whose process is gone (a crash), so they are
        resumed now rather than when their leases run out."""
        with self.state.transaction() as db:
            owners = db.execute(sql(
                "SELECT DISTINCT lease_owner FROM inbox WHERE status = :pending AND lease_owner IS NOT NULL"),
                {"pending": PENDING}).scalars()
            dead = [o for o in owners if o != self.owner and _dead_here(o)]
            for owner in dead:
                db.execute(sql("UPDATE inbox SET lease_until = 0 WHERE lease_owner = :owner AND status = :pending"),
                           {"owner": owner, "pending": PENDING})
        return len(dead)

    def prune(self, keep_days: float) -> int:
        """Forget finished items older than `keep_days` (redeliveries come within minutes)."""
        cutoff = _stamp(self.clock() - timedelta(days=keep_days).total_seconds())
        with self.state.transaction() as db:
            return db.execute(sql("DELETE FROM inbox WHERE status != :pending AND updated_at < :cutoff"),
                              {"pending": PENDING, "cutoff": cutoff}).rowcount

    def counts(self) -> dict[str, int]:
        with self.state.transaction() as db:
            return {status: int(n) for status, n in db.execute(sql("SELECT status, count(*) FROM inbox GROUP BY status"))}


def _item(row) -> InboxItem:
    key, kind, payload, phase, attempts, claims = row
    return InboxItem(str(key), str(kind), stored_payload(payload), str(phase), int(attempts or 0), int(claims or 1))


def _dead_here(owner: str) -> bool:
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return True  # this process has the pid now, so the one that leased it is gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # there, but another user's
    return False


def _stamp(seconds: float) -> str:
    return stamp(datetime.fromtimestamp(seconds, UTC))
