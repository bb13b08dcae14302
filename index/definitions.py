"""Acronyms the corpus spells out, and where (pure): "Mental Health, Learning Disability and Autism
Services (MHLDA)" defines MHLDA in that passage.

A definition is a short form in brackets after its long form, the long form found by Schwartz and
Hearst's rule (each letter of the short form, from the last, found in order going back through the
words before the bracket, the first at the start of a word; at most n + 5 words for n
letters), or a long form in brackets after a short form in capitals ("ELFT (East London NHS
Foundation Trust)"), read by the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SHORT_AFTER = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")  # "… Services (MHLDA)"
_SHORT_BEFORE = re.compile(r"\b([A-Z][A-Z&]{1,9})\s+\(([^()]{4,120})\)")  # "ELFT (East London …)"


@dataclass(frozen=True)
class Definition:
    short: str  # as the corpus writes it: "MHLDA"
    long: str  # "Mental Health, Learning Disability and Autism Services"
    passage_id: int  # the first passage, in the order given, that spells it out


def _capitals(short: str) -> bool:
    """A short form has at least two capitals and no more lower-case letters than capitals ("NHSE", "ICSs")."""
    upper = sum(c.isupper() for c in short)
    return upper >= 2 and upper >= sum(c.islower() for c in short)


def long_form(short: str, before: str) -> str:
    """The long form `short` abbreviates at the end of `before` (Schwartz and Hearst), or ""."""
    letters = [c.lower() for c in short if c.isalnum()]
    most = len(letters) + 5
    window = " ".join(before.rsplit(None, most)[-most:])  # split from the end: a passage of many brackets stays linear
    text, end = window.lower(), len(window) - 1
    for n in range(len(letters) - 1, -1, -1):
        while end >= 0 and (text[end] != letters[n] or (n == 0 and end > 0 and text[end - 1].isalnum())):
            end -= 1
        if end < 0:
            return ""
        end -= 1
    found = window[window.rfind(" ", 0, end + 1) + 1:].strip(" ,;:-–—")
    if len(found) <= len(short) or short.lower() in found.lower().split() or len(found.split()) < 2:
        return ""
    return found


def _in_text(text: str) -> Iterable[tuple[str, str]]:
    for match in _SHORT_AFTER.finditer(text):
        if _capitals(match.group(1)) and (long := long_form(match.group(1), text[: match.start()])):
            yield match.group(1), long
    for match in _SHORT_BEFORE.finditer(text):
        inside = match.group(2).strip()
        if (long := long_form(match.group(1), inside)) == inside:  # the whole bracket spells it out
            yield match.group(1), long


def acronym_definitions(passages: Iterable[tuple[int, str]]) -> dict[str, Definition]:
    """Each acronym the passages (id, text) spell out, by its short form in capitals, with its long
    form and the first passage that spells it out."""
    found: dict[str, Definition] = {}
    for passage_id, text in passages:
        for short, long in _in_text(text):
            found.setdefault(short.upper(), Definition(short, long, passage_id))
    return found
