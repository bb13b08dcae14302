"""peerbot's own records (SQLite through sqlite-utils), kept apart from the rebuildable index:
the question log, feedback, events already handled, each thread's question, digests sent and
Teams conversation references. The durable inbox keeps its own SQL in bot/state/inbox.py.

Nothing here names a person: question texts are redacted, and the ids of people's direct
messages and of any place that is not public are stored only as keyed hashes (pseudonyms.py).
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from bot.answer import Answer
from bot.question import PRIVATE, is_public
from bot.records import DigestRecord, LoggedQuestion, StoredConversation, stamp
from bot.redact import redact
from bot.state.file import open_state_db
from bot.state.migrations import DATED_RECORDS, STATE_MIGRATIONS
from bot.state.pseudonyms import Pseudonyms, load_pseudonyms

MAX_STORED_QUESTION_CHARS = 500


class StateStore:
    """Thread-safe: one connection, serialised by a lock (servers answer on worker threads).
    `hash_key` is PEERBOT_HASH_KEY; without it the database keeps its own (pseudonyms.py)."""

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
            self.db.table("events_seen").insert_all(({"key": k, "seen_at": stamp()} for k in keys), ignore=True)
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
            self.db.table("questions").insert({
                "id": question_id,
                "asked_at": asked_at or stamp(),
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
            self.db.table("feedback").insert(
                {"question_id": question_id, "platform": platform, "helpful": int(helpful), "given_at": stamp()}
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
                 redact(question)[:MAX_STORED_QUESTION_CHARS], stamp()],
            )

    def erase_before(self, cutoff: str) -> dict[str, int]:
        """Delete the question, feedback, event and thread records dated before `cutoff` (an ISO
        time), with the feedback and waiting askers of those questions, and lessons decided before
        it; how many went from each table."""
        with self._lock, self.db.conn:
            counts = {"feedback": self.db.execute(
                "DELETE FROM feedback WHERE given_at < ? OR question_id IN (SELECT id FROM questions WHERE asked_at < ?)",
                [cutoff, cutoff]).rowcount}
            watches = self.db.execute(
                "DELETE FROM answer_watches WHERE created_at < ? OR question_id IN "
                "(SELECT id FROM questions WHERE asked_at < ?)", [cutoff, cutoff]).rowcount
            for table in ("questions", "events_seen", "threads"):
                counts[table] = self.db.execute(f"DELETE FROM {table} WHERE {DATED_RECORDS[table]} < ?", [cutoff]).rowcount
            counts["answer_watches"] = watches
            # a pending lesson waits for its curator; a decided one goes (an approved one lives on in knowledge/)
            counts["lessons"] = self.db.execute(
                "DELETE FROM lessons WHERE status != 'pending' AND decided_at < ?", [cutoff]).rowcount
        return counts

    def erase_channel(self, channel: str) -> dict[str, int]:
        """Delete every record of one channel or conversation (however its id is stored): its
        questions, their feedback and waiting askers, the lessons saved from it, its threads, its
        Teams reference and its digest ledger."""
        ids = [channel, self.pseudonym(channel)]
        with self._lock, self.db.conn:
            watches = self.db.execute(
                "DELETE FROM answer_watches WHERE question_id IN (SELECT id FROM questions WHERE channel IN (?, ?))", ids
            ).rowcount
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
                "answer_watches": watches,
                "lessons": self.db.execute("DELETE FROM lessons WHERE channel IN (?, ?)", ids).rowcount,
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
                [conversation_id, platform, json.dumps(reference), stamp(), workspace],
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
                [week, enabler_id, stamp()],
            )

    def featured_enablers(self, before: str, limit: int) -> list[str]:
        """Enabler ids featured by the digests of weeks before `before`, the most recent first."""
        with self._lock:
            rows = self.db.execute(
                "SELECT enabler_id FROM digest_features WHERE week < ? ORDER BY week DESC LIMIT ?", [before, limit]
            ).fetchall()
        return [r[0] for r in rows]
