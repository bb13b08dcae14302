"""`Peerbot`'s calls for lessons from chat (bot/service.py composes them): submitted, reviewed by
curators, published into the corpus, and the askers they answer told privately."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from bot.delivery import Worker
from bot.lessons import messages as lesson_messages
from bot.lessons.desk import LessonDesk
from bot.lessons.model import PENDING, Approval, Draft, Lesson, LessonError, Notice, Origin
from bot.lessons.offered import offered_lesson
from bot.state import Cutoff, LessonRecords, StateStore


class LessonsFromChat:
    """What `Peerbot` sets up for them: its records, the lessons' records and desk (None when lessons
    are off), the adapters' ways of telling an asker, and what follows an approval."""

    _state: StateStore
    _lessons: LessonRecords
    _desk: LessonDesk | None
    _worker: Worker
    _notifiers: dict[str, Callable[[Notice], Awaitable[bool]]]
    lesson_approved: Callable[[Path], None]

    def offered_lesson(self, message: str) -> str | None:
        """What a chat message offers as a lesson ("save this as a lesson: …"), None for a question
        (`bot.lessons.offered`): the adapter opens the lesson form with it instead of answering."""
        return offered_lesson(message)

    def is_curator(self, user: str) -> bool:
        return self._lesson_desk().is_curator(user)

    def submit_lesson(self, draft: Draft, origin: Origin, delivery: str = "", review: str = "") -> Lesson:
        """Store a lesson for review, its text redacted and the conversation it came from as a keyed
        hash; LessonInvalid names each bad field. `delivery`: the form's delivery key, so that the same
        form delivered twice is stored once (LessonError the second time). `review`: the inbox kind of
        its review card, owed in the inbox in the same transaction (a kill after the lesson is stored
        cannot lose the card); the item is keyed `review:id`, for the adapter to `accept` and post at once."""
        def owe(db, lesson_id: int) -> None:
            self._worker.inbox.owing(db, self._state.pseudonym(f"{review}:{lesson_id}"), review, {"lesson": lesson_id})

        return self._lesson_desk().submit(draft, replace(origin, channel=self._state.pseudonym(origin.channel)),
                                          delivery, owe if review else None)

    def edit_lesson(self, lesson_id: int, draft: Draft, by: str) -> Lesson:
        return self._lesson_desk().edit(lesson_id, draft, by)

    def approve_lesson(self, lesson_id: int, by: str, cutoff: Cutoff | None = None) -> Approval:
        """Write the lesson into the knowledge folder, mark it approved, and call `lesson_approved`;
        the approval carries the direct messages owed to askers it answers. With `cutoff`, a caller
        that stopped waiting first leaves it pending (LessonError)."""
        approval = self._lesson_desk().approve(lesson_id, by, landing=cutoff.landing if cutoff else None)
        self.lesson_approved(approval.path)
        return approval

    def reject_lesson(self, lesson_id: int, by: str, cutoff: Cutoff | None = None) -> Lesson:
        return self._lesson_desk().reject(lesson_id, by, cutoff.landing if cutoff else None)

    def lesson(self, lesson_id: int) -> Lesson:
        return self._lesson_desk().get(lesson_id)

    def lessons(self, pending_only: bool = False) -> list[Lesson]:
        return self._lesson_desk().listing(pending_only)

    def owed_review_card(self, lesson_id: object) -> Lesson | None:
        """The lesson an inbox item's review card is for, while it is still owed one: None once it
        is erased (`peerbot forget`, retention), decided, or its card posted and recorded, and for an
        item whose lesson number is damaged. Every surface's review posts ask this before posting."""
        if type(lesson_id) is not int:
            return None
        try:
            lesson = self.lesson(lesson_id)
        except LessonError:
            return None
        return lesson if lesson.status == PENDING and not lesson.review else None

    def lesson_reviewed_at(self, lesson_id: int, review: dict) -> None:
        """Where the lesson's review card was posted (so a decision can update it)."""
        self._lessons.set_review(lesson_id, review)

    def gap_question(self, question_id: str) -> str:
        """The redacted text of a knowledge-gap question the digest showed ("I can help"); "" when
        it is unknown or was not asked in public."""
        return self._lessons.question_text(question_id)

    def watch_question(self, question_id: str, platform: str, user: str) -> bool:
        """`user` asked to be told privately when their unanswered question gets an answer."""
        return self._lessons.watch(question_id, platform, user)

    def notify_with(self, platform: str, send: Callable[[Notice], Awaitable[bool]]) -> None:
        """How an adapter tells an asker privately (True when it went); each chat surface registers one."""
        self._notifiers[platform] = send

    async def tell(self, notices: tuple[Notice, ...]) -> int:
        """Send each asker their message through their own platform, whichever surface approved the
        lesson; one who was told is forgotten, one who could not be is kept. How many were told."""
        told = 0
        for notice in notices:
            send = self._notifiers.get(notice.platform)
            if send is not None and await send(notice):
                await asyncio.to_thread(self.notified, notice)
                told += 1
        return told

    def notified(self, notice: Notice) -> None:
        """The asker got the direct message: forget that they were waiting."""
        self._lessons.notified(notice.watch_id)

    def _lesson_desk(self) -> LessonDesk:
        if self._desk is None:
            raise LessonError(lesson_messages.lessons_off())
        return self._desk
