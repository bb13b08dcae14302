"""Whether a question reads as a follow-up: in a chat (which has no threads), to the one before it;
a message with no subject of its own ("what is it?"), to its thread's question.

In a thread every reply belongs to the thread's question. In a personal or group chat the last
question of the hour is only a guess at the context, so a new question is read with it only when
it is very short ("in Leeds?") or refers back to it ("how did they fund it?", "and who led it?");
a complete question on a new topic stands alone, and if the lessons do not cover it, it is
declined rather than answered with the earlier topic's passages.
"""

from __future__ import annotations

import re

VERY_SHORT_WORDS = 3
REFERRING = frozenset({"and", "also", "else", "too", "same", "they", "them", "their", "it", "its", "this", "these",
                       "those", "he", "she", "his", "her", "him"})
LEADS = ("what about", "how about", "and ", "but ", "so ")


QUESTION_WORDS = frozenset({"what", "how", "who", "whom", "whose", "why", "when", "where", "which",
                            "whats", "hows", "wot"})  # and their texting forms (`bot.small_talk`)
ASKS_FOR_MORE = frozenset({"more", "further"})  # "tell me more", "anything further?"
ABOUT_PEERBOT = frozenset({"you", "your", "yours", "yourself", "u", "ur", "peerbot", "bot", "help"})


def asks_of_the_thread(message: str) -> bool:
    """Whether a message with no subject of its own (no content word: `bot.small_talk.small_talk`) asks
    something of the thread's: it has a question word, a word referring back or one asking for more
    ("what is it?", "how?", "and who?", "tell me more"), and does not ask about peerbot ("what can
    you do?", "who are you?", "help")."""
    words = set(re.findall(r"[a-z0-9']+", message.lower()))
    return bool(words & (QUESTION_WORDS | REFERRING | ASKS_FOR_MORE)) and not words & ABOUT_PEERBOT


def refers_back(question: str) -> bool:
    text = question.strip().lower()
    words = re.findall(r"[a-z0-9']+", text)
    return len(words) <= VERY_SHORT_WORDS or text.startswith(LEADS) or any(w in REFERRING for w in words)


POINTING = frozenset({"it", "its", "this", "that", "these", "those", "them"})  # "they" is often just "others"


def points_back(question: str) -> bool:
    """Whether a question points at something said before it: very short ("what happened next?"),
    or with a word standing for it ("how long did it take them?", "who led that?")."""
    words = re.findall(r"[a-z0-9']+", question.lower())
    return len(words) <= VERY_SHORT_WORDS or any(w in POINTING for w in words)

