"""A chat message that offers a lesson rather than asking a question (pure): "save this as a lesson: our two
trusts shared a chief people officer …" opens the lesson form with what follows, as `/lesson` does."""

from __future__ import annotations

import re

from bot.typed_words import typed_words

_OFFER = re.compile(
    r"^\W*(?:(?:please|pls|can\s+you|could\s+you|would\s+you|i'?d\s+like\s+to|i\s+want\s+to|let'?s)\s+)*"
    r"(?:save|add|store|record|log|keep|submit|file|share)\s+(?:(?:this|that|it|these|the\s+following)\s+)?"
    r"(?:as|to|in|into)\s+(?:a\s+|the\s+|our\s+)?(?:new\s+)?lessons?(?:\s+(?:please|pls))?"
    r"(?:\s*[:;,.!\-–—]+\s*|\s*\n\s*|\s*$)(?P<text>.*)$", re.IGNORECASE | re.DOTALL)


def offered_lesson(message: str) -> str | None:
    """What a message offers as a lesson, after the words asking to save it ("" when nothing follows them);
    None for any other message ("how do I save a lesson?", "what lessons are saved on boards?"). The words
    asking are read as typed plainly (`bot.typed_words`: `ｓａｖｅ`, a Cyrillic `а`, a zero-width space)."""
    found = _OFFER.match(typed_words(message or ""))
    return found.group("text").strip() if found else None
