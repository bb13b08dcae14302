"""peerbot's own records (SQLite through sqlite-utils), kept apart from the rebuildable index:
the question log, feedback, events already handled, each thread's question, digests sent, Teams
conversation references, and the tables of the durable inbox (bot/inbox.py).

Nothing here names a person: question texts are redacted, and the ids of people's direct
messages and of any place that is not public are stored only as keyed hashes (bot.pseudonyms);
the inbox keeps what it needs to post an answer only until the answer is out.
Every README "Data we keep" entry is a table or column created below.
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from bot.answer import Answer
from bot.places import PRIVATE, is_public
from bot.pseudonyms import Pseudonyms, load_pseudonyms
from bot.redact import redact
from bot.state_file import open_state_db
from index.migrations import Migration

MAX_STORED_QUESTION_CHARS = 500


def m001_state_tables(db: sqlite_utils.Database) -> None:
    db["questions"].create(
        {
            "id": str, "asked_at": str, "platform": str, "channel": str, "question": str,
            "answered": int, "document_ids": str, "enabler_ids": str,
        },
        pk="id",
    )
    db["questions"].create_index(["asked_at"])
    db["feedback"].create(
        {"id": int, "question_id": str, "platform": str, "helpful": int, "given_at": str},
        pk="id",
        foreign_keys=[("question_id", "questions", "id")],
    )
    db["events_seen"].create({"key": str, "seen_at": str}, pk="key")
    db["digests"].create(
        {"week": str, "destination": str, "status": str, "attempts": int, "updated_at": str, "error": str},
        pk=("week", "destination"),
    )
    db["conversations"].create(
        {"id": str, "platform": str, "reference": str, "digest_opt_in": int, "added_at": str},
        pk="id",
    )


def m002_digest_features(db: sqlite_utils.Database) -> None:
    """The enabler each week's digest featured, so the next ones rotate."""
    db["digest_features"].create({"week": str, "enabler_id": str, "recorded_at": str}, pk="week")


def m003_question_off_topic(db: sqlite_utils.Database) -> None:
    """Whether an unanswered question was declined as off-topic, so it is not counted as a gap."""
    db["questions"].add_column("off_topic", int, not_null_default=0)


def m004_places_threads_and_keys(db: sqlite_utils.Database) -> None:
    """Where each question was asked (its place and workspace or team), peerbot's own record of
    each thread's question (so follow-ups need no history scope), the home of the hashing key, and
    indexes for retention. Ids of people's direct messages stored before this are dropped, and
    earlier questions count as private, since where they were asked is unknown."""
    db["questions"].add_column("place", str, not_null_default=PRIVATE)
    db["questions"].add_column("workspace", str, not_null_default="")
    db.execute("UPDATE questions SET channel = '' WHERE channel LIKE 'D%' OR channel LIKE 'a:%'")
    db.execute("DELETE FROM events_seen WHERE key LIKE 'D%:%' OR key LIKE 'teams:a:%'")
    db["threads"].create(
        {"key": str, "platform": str, "channel": str, "workspace": str, "question": str, "asked_at": str}, pk="key"
    )
    db["threads"].create_index(["asked_at"])
    db["conversations"].add_column("workspace", str, not_null_default="")
    db["state_meta"].create({"name": str, "value": str}, pk="name")
    db["feedback"].create_index(["given_at"])
    db["events_seen"].create_index(["seen_at"])


def m005_inbox(db: sqlite_utils.Database) -> None:
    """The durable inbox (bot/inbox.py): each accepted event, command, shortcut or Teams message
    until it is answered. Deliveries already answered (events_seen, their keys hashed) count as answered."""
    db["inbox"].create(
        {
            "key": str, "kind": str, "payload": str, "status": str, "phase": str, "attempts": int, "claims": int,
            "not_before": float, "lease_owner": str, "lease_until": float, "error": str, "accepted_at": str,
            "updated_at": str,
        },
        pk="key",
    )
    db["inbox"].create_index(["status", "not_before"])
    db.execute(
        "INSERT INTO inbox (key, kind, payload, status, phase, attempts, claims, not_before, error, accepted_at, "
        "updated_at) SELECT key, 'earlier', '{}', 'answered', 'answer', 0, 1, 0, '', seen_at, seen_at FROM events_seen"
    )


STATE_MIGRATIONS: list[Migration] = [
    m001_state_tables, m002_digest_features, m003_question_off_topic, m004_places_threads_and_keys, m005_inbox,
]
# The records PEERBOT_RETENTION_DAYS and `peerbot forget` erase, and the column that dates each.
DATED_RECORDS = {"questions": "asked_at", "feedback": "given_at", "events_seen": "seen_at", "threads": "asked_at"}


@dataclass(frozen=True)
class LoggedQuestion:
    id: str
    asked_at: str
    platform: str
    channel: str
    question: str
    answered: bool
    document_ids: tuple[str, ...]
    enabler_ids: tuple[str, ...]
    off_topic: bool = False  # declined as not peerbot's kind of question
    place: str = PRIVATE  # bot.places: only a public question may be quoted, in its own workspace
    workspace: str = ""  # the Slack workspace or Teams team (a Teams chat: its tenant)


@dataclass(frozen=True)
class DigestRecord:
    """One (week, destination) of the weekly digest."""

    week: str
    destination: str
    status: str  # "posting", "sent" or "failed"
    attempts: int
    updated_at: str
    error: str


@dataclass(frozen=True)
class StoredConversation:
    """Where the bot was added: a platform's conversation reference, kept for proactive messages."""

    id: str
    platform: str
    reference: dict
    digest_opt_in: bool
    added_at: str
    workspace: str = ""  # the Teams team a channel belongs to ("" for a chat)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StateStore:
    """Thread-safe: one connection, serialised by a lock (servers answer on worker threads).
    `hash_key` is PEERBOT_HASH_KEY; without it the database keeps its own (bot.pseudonyms)."""

    def __init__(self, path: Path, hash_key: str = ""):
        self.db = open_state_db(path, STATE_MIGRATIONS)  # a damaged file is moved aside first
        self._lock = threading.Lock()
        with self._lock, self.db.conn:
            self.pseudonym: Pseudonyms = load_pseudonyms(self.db, hash_key)

    def close(self) -> None:
        self.db.close()

    def stored_channel(self, channel: str, place: str) -> str:
        """A channel id as it is stored: a public channel's as it is, any other place's hashed."""
        return channel if is_public(place) else self.pseudonym(channel)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """The database in one transaction under the store's lock, for a module with its own tables."""
        with self._lock, self.db.conn:
            yield self.db

    def claim_event(self, *keys: str) -> bool:
        """True the first time any of these delivery keys is seen; False for a repeat of any.
        Keys embed conversation ids (a DM's among them), so only their keyed hashes are kept."""
        keys = tuple(self.pseudonym(k) for k in keys if k)
        with self._lock, self.db.conn:
            marks = ",".join("?" * len(keys))
            if keys and self.db.execute(f"SELECT 1 FROM events_seen WHERE key IN ({marks})", keys).fetchone():
                return False
            self.db["events_seen"].insert_all(({"key": k, "seen_at": _now()} for k in keys), ignore=True)
            return True

    def log_question(
        self, answer: Answer, platform: str, channel: str, *, place: str = PRIVATE, workspace: str = "",
        asked_at: str | None = None,
    ) -> str:
        """Store a redacted, shortened copy of the question, where it was asked and what it cited;
        returns its id."""
        question_id = uuid.uuid4().hex
        enabler_ids = [e.id for e in answer.enablers] or [e.id for e in answer.suggestions]
        with self._lock, self.db.conn:
            self.db["questions"].insert({
                "id": question_id,
                "asked_at": asked_at or _now(),
                "platform": platform,
                "channel": self.stored_channel(channel, place),
                "place": place,
                "workspace": workspace,
                "question": redact(answer.question)[:MAX_STORED_QUESTION_CHARS],
                "answered": int(answer.answered),
                "document_ids": json.dumps(answer.document_ids),
                "enabler_ids": json.dumps(enabler_ids),
                "off_topic": int(answer.off_topic),
            })
        return question_id

    def record_feedback(self, question_id: str, helpful: bool, platform: str) -> bool:
        """Store a Helpful / Not helpful click; False when the question id is unknown."""
        with self._lock, self.db.conn:
            if not self.db.execute("SELECT 1 FROM questions WHERE id = ?", [question_id]).fetchone():
                return False
            self.db["feedback"].insert(
                {"question_id": question_id, "platform": platform, "helpful": int(helpful), "given_at": _now()}
            )
            return True

    def questions_between(self, start: str, end: str) -> list[LoggedQuestion]:
        with self._lock:
            rows = list(self.db.query(
                "SELECT * FROM questions WHERE asked_at >= ? AND asked_at < ? ORDER BY asked_at", [start, end]
            ))
        return [
            LoggedQuestion(r["id"], r["asked_at"], r["platform"], r["channel"], r["question"], bool(r["answered"]),
                           tuple(json.loads(r["document_ids"])), tuple(json.loads(r["enabler_ids"])),
                           bool(r["off_topic"]), r["place"], r["workspace"])
            for r in rows
        ]

    def thread_question(self, platform: str, thread: str, since: str = "") -> str:
        """The question peerbot remembers for a thread or chat (redacted); "" when there is none,
        or none asked at or after `since`."""
        with self._lock:
            row = self.db.execute(
                "SELECT question FROM threads WHERE key = ? AND asked_at >= ?", [self.pseudonym(f"{platform}:{thread}"), since]
            ).fetchone()
        return row[0] if row else ""

    def remember_thread(
        self, platform: str, thread: str, question: str, *, channel: str, place: str, workspace: str = "",
        latest: bool = False,
    ) -> None:
        """Remember a thread's first question (a later one in the thread never replaces it), or
        with `latest`, a chat's latest question; stored redacted, keyed by a hash of the thread."""
        on_conflict = "UPDATE SET question = excluded.question, asked_at = excluded.asked_at" if latest else "NOTHING"
        with self._lock, self.db.conn:
            self.db.execute(
                "INSERT INTO threads (key, platform, channel, workspace, question, asked_at) VALUES (?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT(key) DO {on_conflict}",
                [self.pseudonym(f"{platform}:{thread}"), platform, self.stored_channel(channel, place), workspace,
                 redact(question)[:MAX_STORED_QUESTION_CHARS], _now()],
            )

    def erase_before(self, cutoff: str) -> dict[str, int]:
        """Delete the question, feedback, event and thread records dated before `cutoff` (an ISO
        time), with the feedback on those questions; how many went from each table."""
        with self._lock, self.db.conn:
            counts = {"feedback": self.db.execute(
                "DELETE FROM feedback WHERE given_at < ? OR question_id IN (SELECT id FROM questions WHERE asked_at < ?)",
                [cutoff, cutoff]).rowcount}
            for table in ("questions", "events_seen", "threads"):
                counts[table] = self.db.execute(f"DELETE FROM {table} WHERE {DATED_RECORDS[table]} < ?", [cutoff]).rowcount
        return counts

    def erase_channel(self, channel: str) -> dict[str, int]:
        """Delete every record of one channel or conversation (however its id is stored): its
        questions and their feedback, its threads, its Teams reference and its digest ledger."""
        ids = [channel, self.pseudonym(channel)]
        with self._lock, self.db.conn:
            return {
                "feedback": self.db.execute(
                    "DELETE FROM feedback WHERE question_id IN (SELECT id FROM questions WHERE channel IN (?, ?))", ids
                ).rowcount,
                "questions": self.db.execute("DELETE FROM questions WHERE channel IN (?, ?)", ids).rowcount,
                "threads": self.db.execute("DELETE FROM threads WHERE channel IN (?, ?)", ids).rowcount,
                "conversations": self.db.execute("DELETE FROM conversations WHERE id = ?", [channel]).rowcount,
                "digests": self.db.execute(
                    "DELETE FROM digests WHERE destination IN (?, ?)", [f"slack:{channel}", f"teams:{channel}"]
                ).rowcount,
            }

    def unhelpful_question_ids(self, start: str, end: str) -> set[str]:
        with self._lock:
            rows = self.db.execute(
                "SELECT question_id FROM feedback WHERE helpful = 0 AND given_at >= ? AND given_at < ?", [start, end]
            ).fetchall()
        return {r[0] for r in rows}

    def save_conversation(self, conversation_id: str, platform: str, reference: dict, workspace: str = "") -> None:
        """Store (or refresh) a conversation reference and the team it belongs to; its digest
        opt-in and first date are kept."""
        with self._lock, self.db.conn:
            self.db.execute(
                "INSERT INTO conversations (id, platform, reference, digest_opt_in, added_at, workspace) "
                "VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT(id) DO UPDATE SET platform = excluded.platform, "
                "reference = excluded.reference, workspace = excluded.workspace",
                [conversation_id, platform, json.dumps(reference), _now(), workspace],
            )

    def remove_conversation(self, conversation_id: str) -> bool:
        with self._lock, self.db.conn:
            return self.db.execute("DELETE FROM conversations WHERE id = ?", [conversation_id]).rowcount > 0

    def set_digest_opt_in(self, conversation_id: str, opt_in: bool) -> bool:
        """False when no such conversation is stored."""
        with self._lock, self.db.conn:
            return self.db.execute(
                "UPDATE conversations SET digest_opt_in = ? WHERE id = ?", [int(opt_in), conversation_id]
            ).rowcount > 0

    def conversations(self, platform: str, *, digest_only: bool = False) -> list[StoredConversation]:
        sql = "SELECT * FROM conversations WHERE platform = ?" + (" AND digest_opt_in = 1" if digest_only else "")
        with self._lock:
            rows = list(self.db.query(sql + " ORDER BY added_at, id", [platform]))
        return [
            StoredConversation(r["id"], r["platform"], json.loads(r["reference"]), bool(r["digest_opt_in"]), r["added_at"],
                               r["workspace"])
            for r in rows
        ]

    def claim_digest(self, week: str, destination: str, max_attempts: int, at: str) -> DigestRecord | None:
        """Mark (week, destination) as being posted, atomically even across processes. None when
        the caller may post; otherwise the record that stops it (sent, being posted, out of attempts)."""
        with self._lock, self.db.conn:
            claimed = self.db.execute(
                "INSERT INTO digests (week, destination, status, attempts, updated_at, error) "
                "VALUES (?, ?, 'posting', 1, ?, '') ON CONFLICT(week, destination) DO UPDATE SET status = 'posting', "
                "attempts = digests.attempts + 1, updated_at = excluded.updated_at, error = '' "
                "WHERE digests.status = 'failed' AND digests.attempts < ?",
                [week, destination, at, max_attempts],
            ).rowcount
            if claimed:
                return None
            row = self.db.execute(
                "SELECT week, destination, status, attempts, updated_at, error FROM digests "
                "WHERE week = ? AND destination = ?", [week, destination]
            ).fetchone()
        return DigestRecord(*row)

    def finish_digest(self, week: str, destination: str, at: str, error: str = "") -> None:
        """Record a claimed post as sent, or as failed with the reason."""
        with self._lock, self.db.conn:
            self.db.execute(
                "UPDATE digests SET status = ?, updated_at = ?, error = ? WHERE week = ? AND destination = ?",
                ["failed" if error else "sent", at, error, week, destination],
            )

    def digest_records(self, week: str) -> list[DigestRecord]:
        with self._lock:
            rows = self.db.execute(
                "SELECT week, destination, status, attempts, updated_at, error FROM digests WHERE week = ? "
                "ORDER BY destination", [week]
            ).fetchall()
        return [DigestRecord(*row) for row in rows]

    def record_featured_enabler(self, week: str, enabler_id: str) -> None:
        """The enabler week `week`'s digest featured; the first record of a week stands."""
        with self._lock, self.db.conn:
            self.db.execute(
                "INSERT OR IGNORE INTO digest_features (week, enabler_id, recorded_at) VALUES (?, ?, ?)",
                [week, enabler_id, _now()],
            )

    def featured_enablers(self, before: str, limit: int) -> list[str]:
        """Enabler ids featured by the digests of weeks before `before`, the most recent first."""
        with self._lock:
            rows = self.db.execute(
                "SELECT enabler_id FROM digest_features WHERE week < ? ORDER BY week DESC LIMIT ?", [before, limit]
            ).fetchall()
        return [r[0] for r in rows]
