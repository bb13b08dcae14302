"""An asker introducing themselves before asking what peerbot does (pure): "hello - I'm the new chief operating
officer at a mental health trust … what can you help me with?" asks what "what can you help me with?" asks, not a
search of the introduction's words; "I've just started as medical director. where do I start?" is still a question
of the lessons."""

from __future__ import annotations

import re

from bot.follow_up import ABOUT_PEERBOT
from bot.redact import message_parts
from bot.roles_asked import ROLE_NOUNS

_INTRODUCES = re.compile(r"\s*(?:i'm|i am|im|i've|i have|i was|my name is|just started|just joined|new here|"
                         r"we've just|we have just|we're new|we are new|(?:the\s+|a\s+)?new\s+[^?]{2,80}\bhere\b)",
                         re.IGNORECASE)  # "new programme director for a provider collaborative here"
# an introduction that says only who the asker is: "I'm the new chair of …", "new programme director … here"
_WHO_THEY_ARE = re.compile(r"\s*(?:(?:i'm|i am|im|i've just (?:started|joined) as|just started as|just joined as)\s+"
                           r"(?:the|a|an)\s+(?:[a-z-]+\s+){0,4}?(?:%s)\b|my name is\b|new here\b|"
                           r"(?:the\s+|a\s+)?new\s+(?:[a-z-]+\s+){0,4}?(?:%s)\b[^?]{0,80}\bhere\b)" % ((ROLE_NOUNS,) * 2),
                           re.IGNORECASE)
# words that make an introduction ask something ("I'm the new chair, looking for lessons on …")
_ASKING = frozenset("""looking want wanting wanted need needing wondering interested trying keen hoping hope seeking
    struggling stuck worried our we us how what who whom why where when which whether lessons lesson advice tell know learn find
    examples example""".split())
# a greeting the introduction opens with, kept: "hi, I'm a collaborative programme director." greets
_GREETING = re.compile(r"\s*(?:hi|hello|hey|hiya|morning|good\s+(?:morning|afternoon|evening))\b"
                       r"(?:\s+(?:there|peerbot|all|everyone|team))?[\s,!.-]*", re.IGNORECASE)


def past_introduction(text: str) -> str:
    """`text` without the parts introducing the asker ("I'm the new COO at …", "I've just joined …") when another
    part asks about peerbot ("what can you help me with?", "what do you do?"), or when nothing else is said but a
    greeting ("morning! new programme director for a provider collaborative here": "morning"; an introduction
    alone: "hello"); `text` as it is otherwise."""
    parts = message_parts(text.replace("’", "'"))
    kept = [_greeting_of(p) for p in parts]
    asks_of_peerbot = any(set(re.findall(r"[a-z]+", k.lower())) & ABOUT_PEERBOT for k, p in zip(kept, parts) if k == p)
    asking = [p for p in kept if p]
    if kept != parts and all(_says_only_who(p) for p in parts):
        return " ".join(asking) or "hello"  # only a greeting and who they are: greeted, told what peerbot does
    return " ".join(asking) if asking and kept != parts and asks_of_peerbot else text


def _says_only_who(part: str) -> bool:
    """Whether `part` is a greeting alone, or says who the asker is and asks nothing."""
    greeting = _GREETING.match(part)
    rest = part[greeting.end():] if greeting else part
    rest = rest.rstrip(" ?!.")  # a question mark only at the end, as a message is searched ("… here?"), asks nothing
    return not rest.strip(" ,!.-") or (bool(_WHO_THEY_ARE.match(rest)) and "?" not in rest
                                       and not set(re.findall(r"[a-z]+", rest.lower())) & _ASKING)


def _greeting_of(part: str) -> str:
    """`part` as it is, or when it introduces the asker, only the greeting it opens with ("" for none)."""
    greeting = _GREETING.match(part)
    rest = part[greeting.end():] if greeting else part
    if not _INTRODUCES.match(rest):
        return part
    return greeting.group().strip(" ,!.-") if greeting else ""
