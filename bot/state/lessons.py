"""The SQL of lessons from chat: the review queue (`lessons`) and the askers waiting to hear that
their question was answered (`answer_watches`). Text arrives redacted (bot/lessons/model.py)."""

from __future__ import annotations

import json

from bot.lessons.model import PENDING, Draft, Lesson, Origin, Waiting
from bot.records import stamp
from bot.state.store import StateStore

_DRAFT_TEXT = ("title", "did", "learned", "organisation", "contact", "contributor", "question", "question_id")


class LessonRecords:
    def __init__(self, state: StateStore):
        self.state = state

    def add(self, draft: Draft, origin: Origin) -> Lesson:
        with self.state.transaction() as db:
            cursor = db.execute(
                "INSERT INTO lessons (status, title, did, learned, organisation, contact, contact_agreed, contributor, "
                "contributor_named, enablers, question, question_id, platform, submitter, quoted_author, channel, "
                "workspace, submitted_at, decided_at, decided_by, document_id, review) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '{}')",
                [PENDING, draft.title, draft.did, draft.learned, draft.organisation, draft.contact,
                 int(draft.contact_agreed), draft.contributor, int(draft.contributor_named), json.dumps(draft.enablers),
                 draft.question, draft.question_id, origin.platform, origin.submitter, origin.quoted_author,
                 origin.channel, origin.workspace, stamp()],
            )
            lesson_id = cursor.lastrowid
        found = self.get(int(lesson_id or 0))
        assert found is not None
        return found

    def get(self, lesson_id: int) -> Lesson | None:
        with self.state.transaction() as db:
            row = db.execute("SELECT * FROM lessons WHERE id = ?", [lesson_id]).fetchone()
            names = [d[0] for d in db.execute("SELECT * FROM lessons LIMIT 0").description]
        return _lesson(dict(zip(names, row, strict=True))) if row else None

    def listing(self, pending_only: bool = False) -> list[Lesson]:
        where = " WHERE status = 'pending'" if pending_only else ""
        with self.state.transaction() as db:
            rows = list(db.query(f"SELECT * FROM lessons{where} ORDER BY id"))
        return [_lesson(r) for r in rows]

    def update_draft(self, lesson_id: int, draft: Draft) -> bool:
        """Replace a pending lesson's text (a curator's edit); False when it is not pending."""
        with self.state.transaction() as db:
            return db.execute(
                "UPDATE lessons SET title = ?, did = ?, learned = ?, organisation = ?, contact = ?, contact_agreed = ?, "
                "contributor = ?, contributor_named = ?, enablers = ? WHERE id = ? AND status = 'pending'",
                [draft.title, draft.did, draft.learned, draft.organisation, draft.contact, int(draft.contact_agreed),
                 draft.contributor, int(draft.contributor_named), json.dumps(draft.enablers), lesson_id],
            ).rowcount > 0

    def decide(self, lesson_id: int, status: str, by: str, document_id: str = "") -> bool:
        """Mark a pending lesson approved or rejected, once: False when it was decided already."""
        with self.state.transaction() as db:
            return db.execute(
                "UPDATE lessons SET status = ?, decided_at = ?, decided_by = ?, document_id = ? "
                "WHERE id = ? AND status = 'pending'", [status, stamp(), by, document_id, lesson_id],
            ).rowcount > 0

    def set_review(self, lesson_id: int, review: dict) -> None:
        with self.state.transaction() as db:
            db.execute("UPDATE lessons SET review = ? WHERE id = ?", [json.dumps(review), lesson_id])

    def contributors(self) -> dict[str, str]:
        """Document id -> contributor, for approved lessons whose contributor agreed to be named."""
        with self.state.transaction() as db:
            rows = db.execute(
                "SELECT document_id, contributor FROM lessons WHERE status = 'approved' AND contributor_named = 1 "
                "AND document_id != ''"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    # -- askers waiting for an answer ---------------------------------------------------------

    def watch(self, question_id: str, platform: str, user: str) -> bool:
        """Remember that `user` asked to hear when question `question_id` gets an answer; False when
        there is no such question (or it expired)."""
        with self.state.transaction() as db:
            if not db.execute("SELECT 1 FROM questions WHERE id = ?", [question_id]).fetchone():
                return False
            db.execute(
                "INSERT INTO answer_watches (question_id, platform, user, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(question_id, platform, user) DO NOTHING", [question_id, platform, user, stamp()],
            )
            return True

    def waiting(self) -> list[Waiting]:
        with self.state.transaction() as db:
            rows = db.execute(
                "SELECT w.id, w.question_id, q.question, q.asked_at, w.platform, w.user FROM answer_watches w "
                "JOIN questions q ON q.id = w.question_id ORDER BY w.id"
            ).fetchall()
        return [Waiting(*row) for row in rows]

    def notified(self, watch_id: int) -> None:
        with self.state.transaction() as db:
            db.execute("DELETE FROM answer_watches WHERE id = ?", [watch_id])

    def question_text(self, question_id: str) -> str:
        """A logged question's redacted text, only when it was asked in a public place (the digest
        shows no other); "" otherwise."""
        with self.state.transaction() as db:
            row = db.execute("SELECT question FROM questions WHERE id = ? AND place = 'public'", [question_id]).fetchone()
        return row[0] if row else ""


def _lesson(row: dict) -> Lesson:
    draft = Draft(**{name: row[name] for name in _DRAFT_TEXT}, contact_agreed=bool(row["contact_agreed"]),
                  contributor_named=bool(row["contributor_named"]), enablers=tuple(json.loads(row["enablers"])))
    origin = Origin(row["platform"], row["submitter"], row["quoted_author"], row["channel"], row["workspace"])
    return Lesson(row["id"], row["status"], draft, origin, row["submitted_at"], row["decided_at"], row["decided_by"],
                  row["document_id"], json.loads(row["review"] or "{}"))
