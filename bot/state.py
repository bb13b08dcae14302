"""peerbot's own records (SQLite through sqlite-utils), kept apart from the rebuildable index:
the question log, feedback, events already handled, digests sent, Teams conversation references.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from bot.answer import Answer
from bot.redact import redact
from index.migrations import Migration, migrate

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


STATE_MIGRATIONS: list[Migration] = [m001_state_tables]


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StateStore:
    """Thread-safe: one connection, serialised by a lock (servers answer on worker threads)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.Lock()
        with self._lock:
            migrate(self.db, STATE_MIGRATIONS)

    def close(self) -> None:
        self.db.close()

    def claim_event(self, *keys: str) -> bool:
        """True the first time any of these delivery keys is seen; False for a repeat of any."""
        keys = tuple(k for k in keys if k)
        with self._lock, self.db.conn:
            marks = ",".join("?" * len(keys))
            if keys and self.db.execute(f"SELECT 1 FROM events_seen WHERE key IN ({marks})", keys).fetchone():
                return False
            self.db["events_seen"].insert_all(({"key": k, "seen_at": _now()} for k in keys), ignore=True)
            return True

    def log_question(self, answer: Answer, platform: str, channel: str, asked_at: str | None = None) -> str:
        """Store a redacted, shortened copy of the question and what it cited; returns its id."""
        question_id = uuid.uuid4().hex
        enabler_ids = [e.id for e in answer.enablers] or [e.id for e in answer.suggestions]
        with self._lock, self.db.conn:
            self.db["questions"].insert({
                "id": question_id,
                "asked_at": asked_at or _now(),
                "platform": platform,
                "channel": channel,
                "question": redact(answer.question)[:MAX_STORED_QUESTION_CHARS],
                "answered": int(answer.answered),
                "document_ids": json.dumps(answer.document_ids),
                "enabler_ids": json.dumps(enabler_ids),
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
                           tuple(json.loads(r["document_ids"])), tuple(json.loads(r["enabler_ids"])))
            for r in rows
        ]

    def unhelpful_question_ids(self, start: str, end: str) -> set[str]:
        with self._lock:
            rows = self.db.execute(
                "SELECT question_id FROM feedback WHERE helpful = 0 AND given_at >= ? AND given_at < ?", [start, end]
            ).fetchall()
        return {r[0] for r in rows}
