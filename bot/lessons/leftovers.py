"""Temporary lesson files left in the knowledge folder's `lessons/` by a process killed part-way
through an approval (`.lesson-ID-XXXX.tmp`). They are hidden, so never indexed or served; the next
approval tidies them: one whose lesson was approved (the kill came after the decision, before the
rename) is put in place as its document, any other is removed (its lesson is still pending)."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from bot.lessons.markdown import file_name
from bot.lessons.model import APPROVED, Lesson

log = logging.getLogger(__name__)
PREFIX = ".lesson-"
SUFFIX = ".tmp"
STALE_SECONDS = 600  # a temporary file this old was left by a process that died; a live approval takes moments
_ID = re.compile(r"\.lesson-(\d{1,18})-")


def temporary_prefix(lesson_id: int) -> str:
    """The start of a temporary file's name for lesson `lesson_id`, so a leftover names its lesson."""
    return f"{PREFIX}{lesson_id}-"


def tidy(folder: Path, lesson: Callable[[int], Lesson | None], now: float | None = None) -> None:
    """Put in place or remove each stale leftover in `folder`; `lesson(id)` is the stored lesson.
    Anything that cannot be done (a read-only folder) is left for the next time."""
    now = time.time() if now is None else now
    try:
        leftovers = [p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if now - p.lstat().st_mtime > STALE_SECONDS]
    except OSError:
        return
    for left in leftovers:
        match = _ID.match(left.name)
        found = lesson(int(match.group(1))) if match else None
        target = folder / file_name(found) if found is not None and found.status == APPROVED else None
        try:
            if target is not None and not os.path.lexists(target):
                os.replace(left, target)
                log.warning("%s was left by an approval cut short: put in place as %s", left.name, target.name)
            else:
                left.unlink()
        except OSError:
            continue
