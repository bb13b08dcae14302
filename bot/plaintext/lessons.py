"""Lessons from chat as terminal text (`peerbot lessons`)."""

from __future__ import annotations

from bot.lessons.model import Lesson


def lesson_line(lesson: Lesson) -> str:
    """E.g. "#3  pending   2026-11-28  How we set up a shared staff bank (Example Health Partnership)"."""
    return (f"#{lesson.id:<3} {lesson.status:<9} {lesson.submitted_at[:10]}  {lesson.draft.title} "
            f"({lesson.draft.organisation})")
