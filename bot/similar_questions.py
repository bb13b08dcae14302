"""Whether two questions ask the same thing, pure: the digest groups knowledge gaps with it, and a
new lesson finds the waiting questions it answers with it. Only topic words are compared, so
"What did others learn about X?" never matches "...Y?"."""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

SAME_QUESTION_SET = 80  # rapidfuzz token_set_ratio at or above which two questions are near-duplicates...
SAME_QUESTION_SORT = 70  # ...when token_sort_ratio agrees (a one-word question is not a copy of every longer one)
_QUESTION_WORDS = set(
    "a an and any are as at be by can could did do does for from had has have how i in into is it its me my of on or "
    "other others our should so some that the their them there these they this to was we were what when where which "
    "who why will with would you your about learn learned learnt know tell please".split()
)


def near_duplicate_questions(a: str, b: str) -> bool:
    """Whether two question texts ask the same thing."""
    return near_duplicate_topics(topic_words(a), topic_words(b))


def near_duplicate_topics(a: str, b: str) -> bool:
    """The same, for texts already reduced by `topic_words`."""
    return fuzz.token_set_ratio(a, b) >= SAME_QUESTION_SET and fuzz.token_sort_ratio(a, b) >= SAME_QUESTION_SORT


def topic_words(text: str) -> str:
    words = default_process(text).split()
    return " ".join(w for w in words if w not in _QUESTION_WORDS) or " ".join(words)
