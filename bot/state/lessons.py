"""The SQL of lessons from chat: the review queue (`lessons`) and the askers waiting to hear that
their question was answered (`answer_watches`). Text arrives redacted (bot/lessons/model.py).
One SQL for SQLite and PostgreSQL, through the store's connections (store.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

import sqlalchemy as sa

from bot.lessons.model import PENDING, Draft, Lesson, Origin, Status, Waiting
from bot.records import stamp
from bot.state import columns
from bot.state.statements import sql
from bot.state.store import StateStore

_DRAFT_TEXT = ("title", "did", "learned", "organisation", "contact", "contributor", "question", "question_id")


class LessonRecords:
    def __init__(self, state: StateStore):
        self.state = state

    def add(self, draft: Draft, origin: Origin, delivery: str = "",
            within: Callable[[sa.Connection, int], None] | None = None) -> Lesson | None:
        """Store a pending lesson; None when `delivery` (its form's key, marked seen in the same
        transaction) was stored before. `within(db, id)` writes what the lesson owes (its review card)
        in the same transaction."""
        with self.state.engine.connect() as db, db.begin() as transaction:
            if delivery and not self.state.claim_within(db, delivery):
                transaction.rollback()
                return None
            lesson_id = db.execute(sql(
                "INSERT INTO lessons (status, title, did, learned, organisation, contact, contact_agreed, contributor, "
                "contributor_named, enablers, question, question_id, platform, submitter, quoted_author, channel, "
                "workspace, submitted_at, decided_at, decided_by, document_id, review) VALUES (:status, :title, :did, "
                ":learned, :organisation, :contact, :contact_agreed, :contributor, :contributor_named, :enablers, "
                ":question, :question_id, :platform, :submitter, :quoted_author, :channel, :workspace, :at, '', '', "
                "'', '{}') RETURNING id"), {
                "status": PENDING, **_draft_values(draft), "question": draft.question,
                "question_id": draft.question_id, "platform": origin.platform, "submitter": origin.submitter,
                "quoted_author": origin.quoted_author, "channel": origin.channel, "workspace": origin.workspace,
                "at": stamp(),
            }).scalar_one()
            if within is not None:
                within(db, lesson_id)
        found = self.get(lesson_id)
        assert found is not None
        return found

    def get(self, lesson_id: int) -> Lesson | None:
        with self.state.transaction() as db:
            row = db.execute(sql("SELECT * FROM lessons WHERE id = :id"), {"id": lesson_id}).mappings().first()
        return _lesson(row) if row else None

    def listing(self, pending_only: bool = False) -> list[Lesson]:
        where = " WHERE status = 'pending'" if pending_only else ""
        with self.state.transaction() as db:
            rows = db.execute(sql(f"SELECT * FROM lessons{where} ORDER BY id")).mappings().all()
        return [_lesson(r) for r in rows]

    def update_draft(self, lesson_id: int, draft: Draft) -> bool:
        """Replace a pending lesson's text (a curator's edit); False when it is not pending."""
        with self.state.transaction() as db:
            return db.execute(sql(
                "UPDATE lessons SET title = :title, did = :did, learned = :learned, organisation = :organisation, "
                "contact = :contact, contact_agreed = :contact_agreed, contributor = :contributor, "
                "contributor_named = :contributor_named, enablers = :enablers WHERE id = :id AND status = 'pending'"),
                {**_draft_values(draft), "id": lesson_id}).rowcount > 0

    def decide(self, lesson_id: int, status: str, by: str, document_id: str = "",
               landing: Callable[[], bool] | None = None) -> bool:
        """Mark a pending lesson approved or rejected, once: False when it was decided already, or
        (rolled back) when `landing()`, asked just before the commit, says its caller stopped waiting."""
        with self.state.engine.connect() as db, db.begin() as transaction:
            decided = db.execute(sql(
                "UPDATE lessons SET status = :status, decided_at = :at, decided_by = :by, document_id = :document_id "
                "WHERE id = :id AND status = 'pending'"),
                {"status": status, "at": stamp(), "by": by, "document_id": document_id, "id": lesson_id}).rowcount > 0
            if landing is not None and not landing():
                transaction.rollback()
                return False
            return decided

    def set_review(self, lesson_id: int, review: dict) -> None:
        with self.state.transaction() as db:
            db.execute(sql("UPDATE lessons SET review = :review WHERE id = :id"),
                       {"review": json.dumps(review), "id": lesson_id})

    def contributors(self) -> dict[str, str]:
        """Document id -> contributor, for approved lessons whose contributor agreed to be named."""
        with self.state.transaction() as db:
            rows = db.execute(sql(
                "SELECT document_id, contributor FROM lessons WHERE status = 'approved' AND contributor_named = 1 "
                "AND document_id != ''")).all()
        return {document_id: contributor for document_id, contributor in rows}

    # -- askers waiting for an answer ---------------------------------------------------------

    def watch(self, question_id: str, platform: str, user: str) -> bool:
        """Remember that `user` asked to hear when question `question_id` gets an answer; False when
        there is no such question (or it expired)."""
        with self.state.transaction() as db:
            if db.execute(sql("SELECT 1 FROM questions WHERE id = :id"), {"id": question_id}).first() is None:
                return False
            db.execute(sql(
                "INSERT INTO answer_watches (question_id, platform, asker, created_at) "
                "VALUES (:question_id, :platform, :asker, :at) ON CONFLICT (question_id, platform, asker) DO NOTHING"),
                {"question_id": question_id, "platform": platform, "asker": user, "at": stamp()})
            return True

    def waiting(self) -> list[Waiting]:
        with self.state.transaction() as db:
            rows = db.execute(sql(
                "SELECT w.id, w.question_id, q.question, q.asked_at, w.platform, w.asker FROM answer_watches w "
                "JOIN questions q ON q.id = w.question_id ORDER BY w.id")).all()
        return [_waiting(row) for row in rows]

    def notified(self, watch_id: int) -> None:
        with self.state.transaction() as db:
            db.execute(sql("DELETE FROM answer_watches WHERE id = :id"), {"id": watch_id})

    def question_text(self, question_id: str) -> str:
        """A logged question's redacted text, only when it was asked in a public place (the digest
        shows no other); "" otherwise."""
        with self.state.transaction() as db:
            question = db.execute(sql("SELECT question FROM questions WHERE id = :id AND place = 'public'"),
                                  {"id": question_id}).scalar()
        return question or ""


def _waiting(row: sa.Row) -> Waiting:
    """An asker waiting for an answer; a value not as peerbot writes it is one warning line and read
    as empty (the asker's id is not logged: it is a person)."""
    watch_id, question_id, question, asked_at, platform, asker = row
    where = f"waiting asker #{watch_id}'s"
    return Waiting(watch_id, columns.text(question_id, f"{where} question id"),
                   columns.text(question, f"{where} question"), columns.time(asked_at, f"{where} question's time"),
                   columns.text(platform, f"{where} platform"), columns.text(asker, f"{where} id"))


def _draft_values(draft: Draft) -> dict[str, Any]:
    """The parameters of a draft's editable text."""
    return {"title": draft.title, "did": draft.did, "learned": draft.learned, "organisation": draft.organisation,
            "contact": draft.contact, "contact_agreed": int(draft.contact_agreed), "contributor": draft.contributor,
            "contributor_named": int(draft.contributor_named), "enablers": json.dumps(draft.enablers)}


def _lesson(row: sa.RowMapping) -> Lesson:
    """A stored lesson; a value not as peerbot writes it is one warning line and read as empty."""
    def field(name: str) -> str:
        return columns.text(row[name], f"lesson #{row['id']}'s {name}")

    draft = Draft(**{name: field(name) for name in _DRAFT_TEXT}, contact_agreed=bool(row["contact_agreed"]),
                  contributor_named=bool(row["contributor_named"]),
                  enablers=columns.json_list(row["enablers"], f"lesson #{row['id']}'s enablers"))
    origin = Origin(*(field(name) for name in ("platform", "submitter", "quoted_author", "channel", "workspace")))
    return Lesson(row["id"], cast(Status, field("status")), draft, origin, field("submitted_at"), field("decided_at"),
                  field("decided_by"), field("document_id"),
                  columns.json_object(row["review"] or "{}", f"lesson #{row['id']}'s review"))
