"""`LessonDesk`: the review queue of lessons from chat, behind every surface (chat and command line).

A lesson is submitted (checked, redacted, stored as pending), may be edited by a curator, and is
approved (written as a Markdown document into the knowledge folder's `lessons/` folder, then
marked approved, once) or rejected. Only curators (PEERBOT_CURATORS) and the operator at the
command line decide. Approval also says who was waiting for an answer the lesson gives."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from bot.lessons import messages
from bot.lessons.answering import notices
from bot.lessons.leftovers import SUFFIX, temporary_prefix, tidy
from bot.lessons.markdown import LESSONS_FOLDER, document_id, file_name, lesson_markdown
from bot.lessons.model import (
    APPROVED,
    PENDING,
    REJECTED,
    REQUIRED,
    Approval,
    Draft,
    Lesson,
    LessonError,
    LessonInvalid,
    NotACurator,
    Origin,
    Waiting,
    problems,
    too_long,
)

OPERATOR = "the command line"  # who decides with `peerbot lessons approve|reject` (never a chat user id)


class Records(Protocol):
    """Where lessons are kept (bot/state/lessons.py)."""

    def add(self, draft: Draft, origin: Origin, delivery: str = "", within: Callable[[Any, int], None] | None = None,
            ) -> Lesson | None: ...
    def get(self, lesson_id: int) -> Lesson | None: ...
    def listing(self, pending_only: bool = False) -> list[Lesson]: ...
    def update_draft(self, lesson_id: int, draft: Draft) -> bool: ...
    def decide(self, lesson_id: int, status: str, by: str, document_id: str = "",
               landing: Callable[[], bool] | None = None) -> bool: ...
    def waiting(self) -> list[Waiting]: ...


class LessonDesk:
    def __init__(self, records: Records, knowledge_dir: Path, curators: Collection[str],
                 enabler_ids: Callable[[], set[str]]):
        self.records = records
        self.knowledge_dir = knowledge_dir
        self.curators = frozenset(curators)
        self.enabler_ids = enabler_ids

    def is_curator(self, user: str) -> bool:
        return user == OPERATOR or user in self.curators

    def submit(self, draft: Draft, origin: Origin, delivery: str = "",
               within: Callable[[Any, int], None] | None = None) -> Lesson:
        """Store a new lesson for review (its text redacted); LessonInvalid names each bad field. A valid
        form whose `delivery` key was stored before is LessonError, not a second lesson. `within(db, id)`:
        what the lesson owes, written in the same transaction (`LessonRecords.add`)."""
        lesson = self.records.add(self._checked(draft), origin, delivery, within)
        if lesson is None:
            raise LessonError(messages.already_submitted())
        return lesson

    def edit(self, lesson_id: int, draft: Draft, by: str) -> Lesson:
        """A curator's correction of a pending lesson (who submitted it and from where are kept)."""
        lesson = self._pending(lesson_id, by)
        draft = self._checked(draft)
        if not self.records.update_draft(lesson.id, draft):
            raise LessonError(self._decided_message(lesson_id))
        return self._get(lesson_id)

    def approve(self, lesson_id: int, by: str, today: datetime | None = None,
                landing: Callable[[], bool] | None = None) -> Approval:
        """Write the lesson's document, then mark it approved (once, even if two curators click).
        `landing`: asked just before the decision commits; False (its caller stopped waiting) leaves
        the lesson pending and its document unwritten. What an approval killed part-way left is seen to
        first (`tidy`), so approving a lesson again puts in place the document such a kill left unplaced."""
        folder = self.knowledge_dir / LESSONS_FOLDER
        if folder.is_dir():
            tidy(folder, self.records.get)
        lesson = self._pending(lesson_id, by)
        empty = [name for name in REQUIRED if not getattr(lesson.draft, name).strip()]
        if empty:  # a form never stores one so: its record was damaged
            raise LessonError(messages.cannot_approve_empty(lesson_id, empty))
        if oversized := too_long(lesson.draft):  # nor one so long (writing 5 MB of front matter took minutes)
            raise LessonError(messages.cannot_approve_too_long(lesson_id, oversized))
        path = folder / file_name(lesson)
        date = (today or datetime.now(UTC)).date().isoformat()
        temporary = ""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=temporary_prefix(lesson.id), suffix=SUFFIX)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(lesson_markdown(lesson, date))
        except OSError as e:
            if temporary:  # a full disk part-way: no half file left behind
                os.unlink(temporary)
            raise LessonError(f"cannot write lesson #{lesson_id} into {folder} ({e.strerror or e})") from None
        if not self.records.decide(lesson.id, APPROVED, by, document_id(lesson), landing):
            os.unlink(temporary)
            raise LessonError(self._decided_message(lesson_id))
        os.replace(temporary, path)
        approved = self._get(lesson_id)
        return Approval(approved, path, tuple(notices(approved, self.records.waiting())))

    def reject(self, lesson_id: int, by: str, landing: Callable[[], bool] | None = None) -> Lesson:
        lesson = self._pending(lesson_id, by)
        if not self.records.decide(lesson.id, REJECTED, by, landing=landing):
            raise LessonError(self._decided_message(lesson_id))
        return self._get(lesson_id)

    def listing(self, pending_only: bool = False) -> list[Lesson]:
        return self.records.listing(pending_only)

    def get(self, lesson_id: int) -> Lesson:
        return self._get(lesson_id)

    def _checked(self, draft: Draft) -> Draft:
        draft = draft.trimmed()
        found = problems(draft, self.enabler_ids())  # before redaction, which a huge text would make slow
        if found:
            raise LessonInvalid(found)
        return draft.redacted()

    def _pending(self, lesson_id: int, by: str) -> Lesson:
        if not self.is_curator(by):
            raise NotACurator()
        lesson = self._get(lesson_id)
        if lesson.status != PENDING:
            raise LessonError(self._decided_message(lesson_id))
        return lesson

    def _get(self, lesson_id: int) -> Lesson:
        lesson = self.records.get(lesson_id)
        if lesson is None:
            raise LessonError(messages.unknown_lesson(lesson_id))
        return lesson

    def _decided_message(self, lesson_id: int) -> str:
        lesson = self._get(lesson_id)
        return messages.already_decided(lesson_id, lesson.status, lesson.decided_by)
