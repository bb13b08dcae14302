"""The numbered migrations of peerbot.db (never edit a released one: add the next), and which
records are dated, for retention. Every README "Data we keep" entry is a table or column made here."""

from __future__ import annotations

import sqlite_utils

from bot.question import PRIVATE
from index import Migration


def m001_state_tables(db: sqlite_utils.Database) -> None:
    db.table("questions").create(
        {
            "id": str, "asked_at": str, "platform": str, "channel": str, "question": str,
            "answered": int, "document_ids": str, "enabler_ids": str,
        },
        pk="id",
    )
    db.table("questions").create_index(["asked_at"])
    db.table("feedback").create(
        {"id": int, "question_id": str, "platform": str, "helpful": int, "given_at": str},
        pk="id",
        foreign_keys=[("question_id", "questions", "id")],
    )
    db.table("events_seen").create({"key": str, "seen_at": str}, pk="key")
    db.table("digests").create(
        {"week": str, "destination": str, "status": str, "attempts": int, "updated_at": str, "error": str},
        pk=("week", "destination"),
    )
    db.table("conversations").create(
        {"id": str, "platform": str, "reference": str, "digest_opt_in": int, "added_at": str},
        pk="id",
    )


def m002_digest_features(db: sqlite_utils.Database) -> None:
    """The enabler each week's digest featured, so the next ones rotate."""
    db.table("digest_features").create({"week": str, "enabler_id": str, "recorded_at": str}, pk="week")


def m003_question_off_topic(db: sqlite_utils.Database) -> None:
    """Whether an unanswered question was declined as off-topic, so it is not counted as a gap."""
    db.table("questions").add_column("off_topic", int, not_null_default=0)


def m004_places_threads_and_keys(db: sqlite_utils.Database) -> None:
    """Where each question was asked (its place and workspace or team), peerbot's own record of
    each thread's question (so follow-ups need no history scope), the home of the hashing key, and
    indexes for retention. Ids of people's direct messages stored before this are dropped, and
    earlier questions count as private, since where they were asked is unknown."""
    db.table("questions").add_column("place", str, not_null_default=PRIVATE)
    db.table("questions").add_column("workspace", str, not_null_default="")
    db.execute("UPDATE questions SET channel = '' WHERE channel LIKE 'D%' OR channel LIKE 'a:%'")
    db.execute("DELETE FROM events_seen WHERE key LIKE 'D%:%' OR key LIKE 'teams:a:%'")
    db.table("threads").create(
        {"key": str, "platform": str, "channel": str, "workspace": str, "question": str, "asked_at": str}, pk="key"
    )
    db.table("threads").create_index(["asked_at"])
    db.table("conversations").add_column("workspace", str, not_null_default="")
    db.table("state_meta").create({"name": str, "value": str}, pk="name")
    db.table("feedback").create_index(["given_at"])
    db.table("events_seen").create_index(["seen_at"])


def m005_inbox(db: sqlite_utils.Database) -> None:
    """The durable inbox (bot/state/inbox.py): each accepted event, command, shortcut or Teams message
    until it is answered. Deliveries already answered (events_seen, their keys hashed) count as answered."""
    db.table("inbox").create(
        {
            "key": str, "kind": str, "payload": str, "status": str, "phase": str, "attempts": int, "claims": int,
            "not_before": float, "lease_owner": str, "lease_until": float, "error": str, "accepted_at": str,
            "updated_at": str,
        },
        pk="key",
    )
    db.table("inbox").create_index(["status", "not_before"])
    db.execute(
        "INSERT INTO inbox (key, kind, payload, status, phase, attempts, claims, not_before, error, accepted_at, "
        "updated_at) SELECT key, 'earlier', '{}', 'answered', 'answer', 0, 1, 0, '', seen_at, seen_at FROM events_seen"
    )


def m006_lessons(db: sqlite_utils.Database) -> None:
    """Lessons from chat waiting for review and decided (bot/state/lessons.py), and the askers who
    asked to hear when their unanswered question gets an answer."""
    db.table("lessons").create(
        {
            "id": int, "status": str, "title": str, "did": str, "learned": str, "organisation": str, "contact": str,
            "contact_agreed": int, "contributor": str, "contributor_named": int, "enablers": str, "question": str,
            "question_id": str, "platform": str, "submitter": str, "quoted_author": str, "channel": str,
            "workspace": str, "submitted_at": str, "decided_at": str, "decided_by": str, "document_id": str,
            "review": str,
        },
        pk="id",
    )
    db.table("lessons").create_index(["status", "submitted_at"])
    db.table("answer_watches").create(
        {"id": int, "question_id": str, "platform": str, "user": str, "created_at": str}, pk="id"
    )
    db.table("answer_watches").create_index(["question_id", "platform", "user"], unique=True)


STATE_MIGRATIONS: list[Migration] = [
    m001_state_tables, m002_digest_features, m003_question_off_topic, m004_places_threads_and_keys, m005_inbox,
    m006_lessons,
]
# The records PEERBOT_RETENTION_DAYS and `peerbot forget` erase, and the column that dates each.
DATED_RECORDS = {"questions": "asked_at", "feedback": "given_at", "events_seen": "seen_at", "threads": "asked_at"}
