"""A knowledge gap that a lesson new this week may answer (pure): a reader of the digest sees the gap may
be closed already ("Has anyone set up a joint radiology rota over a weekend?", marked not helpful early
in the week, and the lesson "A weekend radiology rota shared by three trusts" approved since)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.digest.model import Gap
from bot.similar_questions import topic_words

ANSWERING_WORDS = 3  # a lesson sharing this many of a gap's topic words (in its title and extract) may answer it


def may_be_answered(gaps: Sequence[Gap], lessons: Sequence[tuple[str, str]]) -> list[Gap]:
    """Each gap with the title of the first of `lessons` ((title, extract), most recent first) that shares
    ANSWERING_WORDS of its topic words, or none."""
    said = [(title, set(topic_words(f"{title} {extract}").split())) for title, extract in lessons]
    found = []
    for gap in gaps:
        words = set(topic_words(gap.question).split())
        title = next((title for title, theirs in said if len(words & theirs) >= ANSWERING_WORDS), "")
        found.append(replace(gap, new_lesson=title))
    return found
