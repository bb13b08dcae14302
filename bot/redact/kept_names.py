"""Whether a name found is kept, pure: one the corpus publishes (or nearly), a person an NHS body
is named after (`EPONYMS`), a misspelt run of a published organisation's name ("Mutal Ventures"), or
a name that a following word makes an organisation's or a programme's ("the Mary Seacole programme",
"Hywel Dda University Health Board")."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.redact.beside import identifier_after
from bot.redact.name_lists import NAMED_AFTER, title_like
from bot.redact.organisations import EPONYMS, organisation_key

PUBLISHED_SIMILARITY = 85  # a name this close to a published one (rapidfuzz's ratio, 0-100) is that one misspelt
MISSPELT_MIN_CHARS = 4  # a shorter word of an organisation's name ("the", "nhs", "icb") must be spelt right
POSSESSIVE = re.compile(r"['’]s?$")
_ANY_WORD = re.compile(r"[\w'’-]+")
ORGANISATION_REACH = 3  # words either side of a name that may make it part of an organisation's ("nhs confedration")
_NEXT_WORD = re.compile(r"[\s'’]*(?:s\b)?\s*([A-Za-z]+)")


def public_key(name: str) -> str:
    """A name as `published` compares it with the public ones: lower case, no title (also misspelt: "Docter")
    or possessive."""
    words = [POSSESSIVE.sub("", w) for w in name.lower().replace(".", " ").split()]
    return " ".join(w for w in words if w not in {"dr", "prof", "professor", "sir", "dame", "mr", "mrs", "ms", "miss"}
                    and not title_like(w))


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


def published_organisation(name: str, organisations: Collection[str]) -> bool:
    """Whether a name of two words or more is a run of words of an organisation the corpus publishes
    (`organisations`, as `organisation_key` writes them), also misspelt: `PUBLISHED_SIMILARITY` close
    as a whole and word by word, each word the same or, with `MISSPELT_MIN_CHARS` letters or more,
    misspelt ("Mutal Ventures", "Bradfrod District"); never a person's name beside one ("Mutual
    Ventures John", "Theo Dudley", "Peter Manchester")."""
    words = organisation_key(name).split()
    if len(words) < 2:
        return False
    runs = _runs(frozenset(organisations), len(words))
    close = process.extract(" ".join(words), runs, scorer=fuzz.ratio, score_cutoff=PUBLISHED_SIMILARITY, limit=None)
    return any(all(_same_word(word, other) for word, other in zip(words, run.split(), strict=True))
               for run, _, _ in close)


def organisation_run(words: list[str], organisations: Collection[str]) -> int:
    """How many of `words` (two or more), from the first, a published organisation's name runs over,
    also misspelt (`published_organisation`); the longest such run, else 0. Only the first
    `longest_organisation` words are read, so a scan calling it at each word stays linear."""
    return next((count for count in range(min(len(words), longest_organisation(organisations)), 1, -1)
                 if published_organisation(" ".join(words[:count]), organisations)), 0)


def longest_organisation(organisations: Collection[str]) -> int:
    """The most words a published organisation's name has (0 when none is published)."""
    return _longest(frozenset(organisations))


@lru_cache(maxsize=8)
def _longest(organisations: frozenset[str]) -> int:
    return max((len(name.split()) for name in organisations), default=0)


def in_organisation(text: str, start: int, end: int, organisations: Collection[str]) -> bool:
    """Whether the name at `start:end`, with up to `ORGANISATION_REACH` words either side, is a run of a
    published organisation's name, also misspelt ("nhs confedration said": `published_organisation`)."""
    before = _ANY_WORD.findall(text, max(0, start - 60), start)[-ORGANISATION_REACH:]
    after = _ANY_WORD.findall(text, end, end + 60)[:ORGANISATION_REACH]
    return any(published_organisation(" ".join([*before[len(before) - i:], text[start:end], *after[:j]]), organisations)
               for i in range(len(before) + 1) for j in range(len(after) + 1) if i or j)


def _same_word(word: str, other: str) -> bool:
    """The same word, or a long one misspelt: one slip ("mutuel"), or two in a long word ("bradfrod")."""
    return word == other or (min(len(word), len(other)) >= MISSPELT_MIN_CHARS and (
        DamerauLevenshtein.distance(word, other) <= 1 or fuzz.ratio(word, other) >= PUBLISHED_SIMILARITY))


@lru_cache(maxsize=32)
def _runs(organisations: frozenset[str], count: int) -> list[str]:
    """Every run of `count` words of the organisations' names (made once per corpus and length)."""
    return sorted({" ".join(words[i:i + count]) for name in organisations
                   for words in [name.split()] for i in range(len(words) - count + 1)})


def named_after(text: str, end: int, start: int) -> bool:
    """Whether the name ending at `end` is an organisation's or a programme's: a word such as
    "Foundation" or "nurses" follows it, or "the" comes before it; not when someone's identifier
    follows ("… NHS number")."""
    if identifier_after(text, end):
        return False
    after = _NEXT_WORD.match(text, end)
    before = text[max(0, start - 4):start].lower()
    return bool(after and after.group(1).lower() in NAMED_AFTER) or before.endswith("the ")
