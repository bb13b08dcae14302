"""Where a passage is shown from for a question (pure): a passage whose first paragraph is a short one that shares
no word of what the question asks about, while a later paragraph does, is shown from that paragraph. A long
paragraph split between passages leaves its last sentence before the next paragraph ("service user involvement"
opened with "… external communications is on their agenda for 2021/22.", the end of the paragraph before)."""

from __future__ import annotations

import re

from bot.asking_words import topic_terms
from index import content_terms, stem

MAX_SKIPPED_WORDS = 40  # a leading paragraph this short (a sentence or two) may be skipped; a longer one is the passage's
_PARAGRAPH = re.compile(r"\n\s*\n")


def asked_from(question: str, text: str) -> int:
    """Where to show `text` (a passage) from for `question`: the start of its second paragraph when its first is
    short and shares no stem of the question's topic words (`topic_terms`) while the second does; 0 otherwise."""
    asked = {stem(t) for t in topic_terms(question)}
    second = _PARAGRAPH.search(text)
    if not asked or second is None:
        return 0
    first, rest = text[:second.start()], text[second.end():]
    nearest = _PARAGRAPH.split(rest, maxsplit=1)[0]
    if len(first.split()) > MAX_SKIPPED_WORDS or asked & _stems(first) or not asked & _stems(nearest):
        return 0
    return second.end()


def _stems(text: str) -> set[str]:
    return {stem(t) for t in content_terms(text)}
