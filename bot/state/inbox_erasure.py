"""Erasing the durable inbox's pending requests with the records they would make (`peerbot forget`,
retention), in the records' own transaction (store.py). An erased item is emptied (payload `{}`, as
a finished one is) and marked `erased`: never answered, and a redelivery of it is not taken again.
A worker holding it loses it: its fence (`Inbox.claiming`) and its question's record
(`StateStore.log_question`) both need the item pending, so it neither posts nor records anything
after the erasure commits."""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlalchemy as sa

from bot.records import stamp
from bot.state.statements import sql

PENDING, ERASED = "pending", "erased"
ChannelOf = Callable[[str, dict], str | None]  # (kind, payload) -> the channel it belongs to, as its adapter reads it
_ERASE = ("UPDATE inbox SET status = :erased, payload = '{}', error = '', lease_owner = NULL, lease_until = NULL, "
          "updated_at = :at WHERE status = :pending")


class Withdrawn(Exception):
    """A question's record was not written: its inbox item is no longer pending (erased by `peerbot
    forget` or retention while it was being answered, or finished by another worker). Post nothing."""

    def __init__(self, key: str):
        super().__init__(f"{key} is no longer pending (erased, or answered by another worker)")


def stored_payload(text: object) -> dict:
    """An item's payload as stored; {} when it is not a JSON object."""
    try:
        data = json.loads(text)  # type: ignore[arg-type]
    except (TypeError, ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        return {}
    return data if isinstance(data, dict) else {}


def erase_pending_of(db: sa.Connection, channel: str, channel_of: ChannelOf) -> int:
    """Erase the pending items of `channel`, found by reading each payload as its adapter does (never by
    matching text, which may name another channel); how many."""
    rows = db.execute(sql("SELECT key, kind, payload FROM inbox WHERE status = :pending"), {"pending": PENDING})
    keys = [key for key, kind, payload in rows if channel_of(str(kind), stored_payload(payload)) == channel]
    erased = 0
    for start in range(0, len(keys), 500):
        erased += db.execute(sql(f"{_ERASE} AND key IN :keys", keys=True),
                             {**_marks(), "keys": keys[start:start + 500]}).rowcount
    return erased


def erase_pending_before(db: sa.Connection, cutoff: str) -> int:
    """Erase the pending items accepted before `cutoff` (an ISO time); how many."""
    return db.execute(sql(f"{_ERASE} AND accepted_at < :cutoff"), {**_marks(), "cutoff": cutoff}).rowcount


def still_pending(db: sa.Connection, key: str) -> bool:
    """Whether the inbox item `key` is pending, its row locked until the caller's transaction ends (a
    conditional UPDATE: on PostgreSQL it waits for an erasure in progress, then re-reads the row)."""
    return db.execute(sql("UPDATE inbox SET status = status WHERE key = :key AND status = :pending"),
                      {"key": key, "pending": PENDING}).rowcount > 0


def _marks() -> dict:
    return {"erased": ERASED, "pending": PENDING, "at": stamp()}
