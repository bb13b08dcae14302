"""A patient's details set apart from the question after them (pure): "Patient A B, DOB 01/02/1960, MRN 1234567 -
can collaboratives share waiting lists?" asks "can collaboratives share waiting lists?". A part of a message that
holds someone's details and asks nothing is left out whole, with what in it identifies no one by itself ("Patient
A B", "bed 4") and could change the answer; a part that asks keeps its words."""

from __future__ import annotations

import re
from collections.abc import Callable

_PARTS = re.compile(r"\s+[-–—]+\s+|(?<=[.?!])\s+|\s*\n+\s*")  # a spaced dash, a sentence's end, a new line
_ASKING = frozenset("""how what who whom whose why when where which can could do does did is are was were have has
    should would will any anything""".split())


def asks(part: str) -> bool:
    """Whether a part of a message asks: it ends with "?" or opens with a question word or an auxiliary."""
    words = re.findall(r"[a-z]+", part.lower())
    return part.rstrip().endswith("?") or bool(words) and words[0] in _ASKING


def message_parts(text: str) -> list[str]:
    """A chat message's parts, each a sentence, a line or a part set off by a spaced dash."""
    return [p for p in _PARTS.split(text) if p.strip()]


def apart_from_details(text: str, holds_details: Callable[[str], bool]) -> str:
    """`text` without its parts that hold someone's details (`holds_details`) and ask nothing, when another part
    asks; `text` as it is otherwise."""
    parts = message_parts(text)
    kept = [p for p in parts if asks(p) or not holds_details(p)]
    return " ".join(kept) if len(kept) < len(parts) and any(asks(p) for p in kept) else text
