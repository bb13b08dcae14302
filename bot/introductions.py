"""An asker introducing themselves before asking what peerbot does (pure): "hello - I'm the new chief operating
officer at a mental health trust … what can you help me with?" asks what "what can you help me with?" asks, not a
search of the introduction's words; "I've just started as medical director. where do I start?" is still a question
of the lessons."""

from __future__ import annotations

import re

from bot.follow_up import ABOUT_PEERBOT
from bot.redact import message_parts

_INTRODUCES = re.compile(r"\s*(?:i'm|i am|im|i've|i have|i was|my name is|just started|just joined|new here|"
                         r"we've just|we have just|we're new|we are new)\b", re.IGNORECASE)
# a greeting the introduction opens with, kept: "hi, I'm a collaborative programme director." greets
_GREETING = re.compile(r"\s*(?:hi|hello|hey|hiya|morning|good\s+(?:morning|afternoon|evening))\b"
                       r"(?:\s+(?:there|peerbot|all|everyone|team))?[\s,!.-]*", re.IGNORECASE)


def past_introduction(text: str) -> str:
    """`text` without the parts introducing the asker ("I'm the new COO at …", "I've just joined …") when another
    part asks about peerbot ("what can you help me with?", "what do you do?"); `text` as it is otherwise."""
    parts = message_parts(text.replace("’", "'"))
    kept = [_greeting_of(p) for p in parts]
    asks_of_peerbot = any(set(re.findall(r"[a-z]+", k.lower())) & ABOUT_PEERBOT for k, p in zip(kept, parts) if k == p)
    asking = [p for p in kept if p]
    return " ".join(asking) if asking and kept != parts and asks_of_peerbot else text


def _greeting_of(part: str) -> str:
    """`part` as it is, or when it introduces the asker, only the greeting it opens with ("" for none)."""
    greeting = _GREETING.match(part)
    rest = part[greeting.end():] if greeting else part
    if not _INTRODUCES.match(rest):
        return part
    return greeting.group().strip(" ,!.-") if greeting else ""
