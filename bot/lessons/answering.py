"""Closing the gap loop, pure: which waiting questions a newly approved lesson answers, and the
direct message each asker gets.

A question waits for an answer when its asker pressed "Tell me when someone answers this" on
peerbot's "not covered" reply (bot/state/lessons.py keeps who, with their consent). A lesson
answers it when the lesson was written for it ("I can help" in the digest carries the question's
id) or for a near-duplicate of it (the digest's own grouping of knowledge gaps)."""

from __future__ import annotations

from datetime import datetime

from bot.lessons import messages
from bot.lessons.model import Lesson, Notice, Waiting
from bot.similar_questions import near_duplicate_questions


def answered_by(lesson: Lesson, waiting: list[Waiting]) -> list[Waiting]:
    """The waiting questions `lesson` answers."""
    draft = lesson.draft
    return [w for w in waiting
            if (draft.question_id and w.question_id == draft.question_id)
            or (draft.question and near_duplicate_questions(w.question, draft.question))]


def notices(lesson: Lesson, waiting: list[Waiting]) -> list[Notice]:
    """One direct message per asker the lesson answers (several questions of one asker: one message)."""
    out, seen = [], set()
    for w in answered_by(lesson, waiting):
        if (w.platform, w.user) in seen:
            continue
        seen.add((w.platform, w.user))
        asked = datetime.fromisoformat(w.asked_at) if w.asked_at else None  # "": its time unreadable
        day = f"{asked.day} {asked:%b}" if asked else ""
        text = messages.now_answered(day, w.question, lesson.draft.title, lesson.draft.organisation,
                                     lesson.draft.learned, lesson.contributor)
        out.append(Notice(w.id, w.platform, w.user, text, lesson.draft.title, lesson.document_id))
    return out
