"""The Teams conversations peerbot may post to (with their digest opt-in) and the digest ledger: each
week's post to each destination claimed, reclaimed and finished atomically across processes, and the
enabler each week's digest featured. `StateStore` (store.py) composes these calls."""

from __future__ import annotations

import json
from typing import cast, get_args

import sqlalchemy as sa

from bot.records import DigestRecord, DigestStatus, StoredConversation, stamp
from bot.state import columns
from bot.state.statements import sql

_DIGEST_COLUMNS = "week, destination, status, attempts, updated_at, error"
_ATTEMPTS = "COALESCE(CAST(digests.attempts AS INTEGER), 0)"  # a count not as peerbot writes it counts as none


class DigestLedger:
    """What `StateStore` sets up for them: its engine."""

    engine: sa.Engine

    def save_conversation(self, conversation_id: str, platform: str, reference: dict, workspace: str = "") -> None:
        """Store (or refresh) a conversation reference and the team it belongs to; its digest
        opt-in and first date are kept."""
        with self.engine.begin() as db:
            db.execute(sql(
                "INSERT INTO conversations (id, platform, reference, digest_opt_in, added_at, workspace) "
                "VALUES (:id, :platform, :reference, 0, :at, :workspace) ON CONFLICT (id) DO UPDATE SET "
                "platform = excluded.platform, reference = excluded.reference, workspace = excluded.workspace"),
                {"id": conversation_id, "platform": platform, "reference": json.dumps(reference), "at": stamp(),
                 "workspace": workspace})

    def remove_conversation(self, conversation_id: str) -> bool:
        with self.engine.begin() as db:
            return db.execute(sql("DELETE FROM conversations WHERE id = :id"), {"id": conversation_id}).rowcount > 0

    def set_digest_opt_in(self, conversation_id: str, opt_in: bool) -> bool:
        """False when no such conversation is stored."""
        with self.engine.begin() as db:
            return db.execute(sql("UPDATE conversations SET digest_opt_in = :opt_in WHERE id = :id"),
                              {"opt_in": int(opt_in), "id": conversation_id}).rowcount > 0

    def conversations(self, platform: str, *, digest_only: bool = False) -> list[StoredConversation]:
        only = " AND digest_opt_in = 1" if digest_only else ""
        with self.engine.begin() as db:
            rows = db.execute(sql(f"SELECT * FROM conversations WHERE platform = :platform{only} ORDER BY added_at, id"),
                              {"platform": platform}).mappings().all()
        return [  # a Teams conversation's id is not logged: it may be someone's chat
            StoredConversation(r["id"], r["platform"], columns.json_object(r["reference"], "a conversation's reference"),
                               bool(r["digest_opt_in"]), columns.text(r["added_at"], "a conversation's added_at"),
                               columns.text(r["workspace"], "a conversation's workspace"))
            for r in rows
        ]

    def claim_digest(self, week: str, destination: str, max_attempts: int, at: str) -> DigestRecord | None:
        """Mark (week, destination) as being posted, atomically even across processes. None when
        the caller may post; otherwise the record that stops it (sent, being posted, out of attempts)."""
        key = {"week": week, "destination": destination}
        with self.engine.begin() as db:
            claimed = db.execute(sql(
                "INSERT INTO digests (week, destination, status, attempts, updated_at, error) "
                "VALUES (:week, :destination, 'posting', 1, :at, '') ON CONFLICT (week, destination) DO UPDATE SET "
                f"status = 'posting', attempts = {_ATTEMPTS} + 1, updated_at = excluded.updated_at, error = '' "
                f"WHERE digests.status = 'failed' AND {_ATTEMPTS} < :max_attempts"),
                {**key, "at": at, "max_attempts": max_attempts}).rowcount
            if claimed:
                return None
            row = db.execute(sql(f"SELECT {_DIGEST_COLUMNS} FROM digests WHERE week = :week AND destination = :destination"),
                             key).one()
        return _digest_record(row)

    def reclaim_digest(self, week: str, destination: str, at: str, stale_before: str) -> bool:
        """Claim again a post whose outcome is unknown (unconfirmed or a status peerbot does not write,
        or claimed by a run whose claim is older than `stale_before`), atomically; True when the caller
        may post."""
        with self.engine.begin() as db:
            return bool(db.execute(sql(
                "UPDATE digests SET status = 'posting', attempts = attempts + 1, updated_at = :at, error = '' "
                "WHERE week = :week AND destination = :destination AND (status IS NULL "
                "OR status NOT IN ('posting', 'sent', 'failed') OR (status = 'posting' AND updated_at < :stale_before))"),
                {"week": week, "destination": destination, "at": at, "stale_before": stale_before}).rowcount)

    def finish_digest(self, week: str, destination: str, at: str, error: str = "", unconfirmed: bool = False) -> None:
        """Record a claimed post as sent, or as failed with the reason, or (`unconfirmed`) as sent
        with its answer lost (`error` says how)."""
        status = "unconfirmed" if unconfirmed else "failed" if error else "sent"
        with self.engine.begin() as db:
            db.execute(sql(
                "UPDATE digests SET status = :status, updated_at = :at, error = :error "
                "WHERE week = :week AND destination = :destination"),
                {"status": status, "at": at, "error": error, "week": week, "destination": destination})

    def digest_records(self, week: str) -> list[DigestRecord]:
        with self.engine.begin() as db:
            rows = db.execute(sql(f"SELECT {_DIGEST_COLUMNS} FROM digests WHERE week = :week ORDER BY destination"),
                              {"week": week}).all()
        return [_digest_record(row) for row in rows]

    def record_featured_enabler(self, week: str, enabler_id: str) -> None:
        """The enabler week `week`'s digest featured; the first record of a week stands."""
        with self.engine.begin() as db:
            db.execute(sql(
                "INSERT INTO digest_features (week, enabler_id, recorded_at) VALUES (:week, :enabler_id, :at) "
                "ON CONFLICT (week) DO NOTHING"), {"week": week, "enabler_id": enabler_id, "at": stamp()})

    def featured_enablers(self, before: str, limit: int) -> list[str]:
        """Enabler ids featured by the digests of weeks before `before`, the most recent first."""
        with self.engine.begin() as db:
            return list(db.execute(sql(
                "SELECT enabler_id FROM digest_features WHERE week < :before ORDER BY week DESC LIMIT :limit"),
                {"before": before, "limit": limit}).scalars())


def _digest_record(row: sa.Row) -> DigestRecord:
    """A (week, destination) of the digest ledger; a value not as peerbot writes it is one warning
    line and read as empty (an unreadable time is "", which posting takes as long ago), and a status
    peerbot does not write as unconfirmed: the post may or may not have arrived, so it is looked for
    (or posted when resent), as a lost answer's is."""
    week, destination = columns.text(row[0], "a digest record's week"), columns.text(row[1], "a digest destination")
    status, attempts, updated_at, error = row[2:]
    where = f"the digest record of {week} for {destination}"
    return DigestRecord(
        week, destination,
        cast(DigestStatus, columns.one_of(status, f"{where}'s status", get_args(DigestStatus), "unconfirmed")),
        columns.integer(attempts, f"{where}'s attempts"),
        columns.time(updated_at, f"{where}'s time"), columns.text(error, f"{where}'s error"))
