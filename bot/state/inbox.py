"""The durable inbox: every accepted Slack event, command or shortcut and Teams message is written
here before it is acknowledged, and stays until its answer (or, failing that, an apology) is out.

A worker takes an item by leasing it: a conditional UPDATE that only succeeds while nobody else
holds a live lease, so two workers (two threads, two processes, later two replicas sharing
PostgreSQL) never take the same item. A live worker renews its leases; a dead one's run out and
are taken over. The SQL is plain (INSERT ... ON CONFLICT DO NOTHING, conditional UPDATE) so
PostgreSQL can run it unchanged. Only what answering needs is stored, the question's text
redacted; it is emptied once the item is done.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.records import stamp
from bot.redact import redact
from bot.state.store import StateStore

PENDING, ANSWERED, APOLOGISED, FAILED = "pending", "answered", "apologised", "failed"
ANSWER, APOLOGY = "answer", "apology"  # what a pending item still has to post
_COLUMNS = "key, kind, payload, phase, attempts, claims"


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
        now = self.clock()
        payload = {**payload, "text": redact(text)}
        stored = json.dumps(payload, ensure_ascii=False)
        leased = lease_seconds > 0
        with self.state.transaction() as db:
            inserted = db.execute(
                "INSERT INTO inbox (key, kind, payload, status, phase, attempts, claims, not_before, lease_owner, "
                "lease_until, error, accepted_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, '', ?, ?) "
                "ON CONFLICT (key) DO NOTHING",
                [key, kind, stored, PENDING, ANSWER, int(leased), now, self.owner if leased else None,
                 now + lease_seconds if leased else None, _stamp(now), _stamp(now)],
            ).rowcount
        if not leased:
            return None
        if inserted:
            return InboxItem(key, kind, payload)
        return self.take(key, lease_seconds)

    def take(self, key: str, lease_seconds: float) -> InboxItem | None:
        """Lease a pending item that is due and that nobody holds; None if it cannot be taken."""
        now = self.clock()
        with self.state.transaction() as db:
            taken = db.execute(
                "UPDATE inbox SET lease_owner = ?, lease_until = ?, claims = claims + 1, updated_at = ? "
                "WHERE key = ? AND status = ? AND not_before <= ? AND (lease_owner IS NULL OR lease_until < ?)",
                [self.owner, now + lease_seconds, _stamp(now), key, PENDING, now, now],
            ).rowcount
            row = db.execute(f"SELECT {_COLUMNS} FROM inbox WHERE key = ?", [key]).fetchone() if taken else None
        return _item(row) if row else None

    def due(self, kinds: list[str], limit: int, lease_seconds: float) -> list[InboxItem]:
        """Take up to `limit` pending items of these kinds that are due and free."""
        if not kinds:
            return []
        now = self.clock()
        marks = ",".join("?" * len(kinds))
        with self.state.transaction() as db:
            keys = [r[0] for r in db.execute(
                f"SELECT key FROM inbox WHERE status = ? AND kind IN ({marks}) AND not_before <= ? "
                "AND (lease_owner IS NULL OR lease_until < ?) ORDER BY not_before LIMIT ?",
                [PENDING, *kinds, now, now, limit],
            )]
        return [item for item in (self.take(key, lease_seconds) for key in keys) if item]

    def renew(self, keys: list[str], lease_seconds: float) -> int:
        """Extend this worker's leases on `keys` (it is alive and still answering them)."""
        now, renewed = self.clock(), 0
        with self.state.transaction() as db:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                renewed += db.execute(
                    f"UPDATE inbox SET lease_until = ? WHERE lease_owner = ? AND status = ? "
                    f"AND key IN ({','.join('?' * len(chunk))})",
                    [now + lease_seconds, self.owner, PENDING, *chunk],
                ).rowcount
        return renewed

    def finish(self, key: str, status: str, error: str = "") -> bool:
        """Record the outcome (answered, apologised, failed) and drop what was stored to answer it.
        False when this worker no longer held the item."""
        now = self.clock()
        with self.state.transaction() as db:
            return db.execute(
                "UPDATE inbox SET status = ?, payload = '{}', error = ?, lease_owner = NULL, lease_until = NULL, "
                "updated_at = ? WHERE key = ? AND lease_owner = ? AND status = ?",
                [status, error[:500], _stamp(now), key, self.owner, PENDING],
            ).rowcount > 0

    def retry_later(self, item: InboxItem, delay: float, error: str) -> bool:
        """Give the item back, to be tried again in `delay` seconds (by whichever worker is free)."""
        now = self.clock()
        with self.state.transaction() as db:
            return db.execute(
                "UPDATE inbox SET phase = ?, attempts = ?, not_before = ?, error = ?, lease_owner = NULL, "
                "lease_until = NULL, updated_at = ? WHERE key = ? AND lease_owner = ? AND status = ?",
                [item.phase, item.attempts + 1, now + delay, error[:500], _stamp(now), item.key, self.owner, PENDING],
            ).rowcount > 0

    def release(self) -> int:
        """Give back every item this worker holds (it is stopping), for the next one to take at once."""
        with self.state.transaction() as db:
            return db.execute(
                "UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ? AND status = ?",
                [self.owner, PENDING],
            ).rowcount

    def release_dead(self) -> int:
        """Free the leases of workers on this host whose process is gone (a crash), so they are
        resumed now rather than when their leases run out."""
        with self.state.transaction() as db:
            owners = [r[0] for r in db.execute(
                "SELECT DISTINCT lease_owner FROM inbox WHERE status = ? AND lease_owner IS NOT NULL", [PENDING])]
            dead = [o for o in owners if o != self.owner and _dead_here(o)]
            for owner in dead:
                db.execute("UPDATE inbox SET lease_until = 0 WHERE lease_owner = ? AND status = ?", [owner, PENDING])
        return len(dead)

    def prune(self, keep_days: float) -> int:
        """Forget finished items older than `keep_days` (redeliveries come within minutes)."""
        cutoff = _stamp(self.clock() - timedelta(days=keep_days).total_seconds())
        with self.state.transaction() as db:
            return db.execute("DELETE FROM inbox WHERE status != ? AND updated_at < ?", [PENDING, cutoff]).rowcount

    def counts(self) -> dict[str, int]:
        with self.state.transaction() as db:
            return dict(db.execute("SELECT status, count(*) FROM inbox GROUP BY status").fetchall())


def _item(row) -> InboxItem:
    key, kind, payload, phase, attempts, claims = row
    try:
        data = json.loads(payload)
    except (TypeError, ValueError):
        data = None
    return InboxItem(str(key), str(kind), data if isinstance(data, dict) else {}, str(phase),
                     int(attempts or 0), int(claims or 1))


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
