"""Whether a name found is kept, pure: one the corpus publishes (or nearly), a person an NHS body
is named after (`EPONYMS`), or a name that a following word makes an organisation's or a
programme's ("the Mary Seacole programme", "Hywel Dda University Health Board")."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from rapidfuzz import fuzz

from bot.redact.beside import identifier_after
from bot.redact.name_lists import NAMED_AFTER
from bot.redact.organisations import EPONYMS

PUBLISHED_SIMILARITY = 85  # a name this close to a published one (rapidfuzz's ratio, 0-100) is that one misspelt
POSSESSIVE = re.compile(r"['’]s?$")
_NEXT_WORD = re.compile(r"[\s'’]*(?:s\b)?\s*([A-Za-z]+)")


def public_key(name: str) -> str:
    """A name as `published` compares it with the public ones: lower case, no title or possessive."""
    words = [POSSESSIVE.sub("", w) for w in name.lower().replace(".", " ").split()]
    return " ".join(w for w in words if w not in {"dr", "prof", "professor", "sir", "dame", "mr", "mrs", "ms", "miss"})


def published(key: str, public: Collection[str]) -> bool:
    """Whether a name (`public_key`) is one the corpus publishes, or nearly ("cathy eliot", "julian
    hartly": `PUBLISHED_SIMILARITY`), or holds a published person's family name with nothing but
    published names, their initials or short forms beside it ("Walker", "M. Walker", "Mel Walker",
    "Elliott Shillaker"; not "faith walker", someone else of that family name)."""
    if key in public or key in EPONYMS:
        return True
    names, surnames, published_words = _parts(frozenset(public))
    words = key.split()
    if any(word in surnames for word in words):
        if all(word in published_words or len(word) in (1, 3, 4) and any(w.startswith(word) for w in published_words)
               for word in words):
            return True
    return " " in key and any(fuzz.ratio(key, name) >= PUBLISHED_SIMILARITY for name in names)


@lru_cache(maxsize=8)
def _parts(public: frozenset[str]) -> tuple[list[str], frozenset[str], frozenset[str]]:
    """The published names of two words or more, their family names and all their words (made once per corpus)."""
    names = sorted(name for name in public if " " in name)
    return (names, frozenset(name.rsplit(" ", 1)[1] for name in names),
            frozenset(word for name in names for word in name.split()))


def named_after(text: str, end: int, start: int) -> bool:
    """Whether the name ending at `end` is an organisation's or a programme's: a word such as
    "Foundation" or "nurses" follows it, or "the" comes before it; not when someone's identifier
    follows ("… NHS number")."""
    if identifier_after(text, end):
        return False
    after = _NEXT_WORD.match(text, end)
    before = text[max(0, start - 4):start].lower()
    return bool(after and after.group(1).lower() in NAMED_AFTER) or before.endswith("the ")
