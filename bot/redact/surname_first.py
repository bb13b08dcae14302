"""Names written family name first, as records and bed lists write them, pure: "Smith, John", "Okonkwo, Grace",
"SMITH John", "PATEL, Anita", "SMITH, J", "LI Wei", "NGUYEN Thi Lan". Kept: places and bodies listed ("Kent, Medway", "Leeds, Will said" is a place's), words
listed that are names too ("Hope, Grace and Faith"), an acronym before a name ("NHS John"), a published person's."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.redact.beside import CHINESE_FAMILY, VIETNAMESE_FAMILY, chinese_name, vietnamese_name
from bot.redact.kept_names import published
from bot.redact.name_lists import RARE, english_given_names, family_like, family_names, is_given_name, never
from bot.redact.names import _LOWER, _NOT_INITIALS, _UPPER, NOT_NAMES
from bot.redact.patterns import Span
from index import STOPWORDS, english_words

# Before a given name that is a word too ("John", "Will"), a family name English writes less often than this
# (`index.english_words`' count) and itself no given name ("Smith, John", 63 million; not "Still, Will", 190
# million, nor "Hope, Grace"); chosen on probes of my own, not on a labelled set
COMMON_FAMILY_WORD = 100_000_000

_CAPITALISED = rf"(?:Mc|Mac|O['’])?[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*"
_CAPITALS = rf"(?:MC|MAC|O['’])?[{_UPPER}]{{2,}}(?:[-'’][{_UPPER}]{{2,}})*"
# A family name, a comma (none after one in capitals) and a given name
# A name before it or another after it: the family name ends one person's name in a list ("Priya Shah, Olu Bankole",
# "van der Berg, Layla"), or the given name is one of a list ("Aoife, Chinedu and Radu"), each found as a name alone
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*|\b(?:van|von|der|den|de|da|di|du|la|le|al|el|ap|bin|ibn))[ \t]+$")
_LIST_AFTER = re.compile(r"[ \t]*(?:,|and\b|&)[ \t]*[A-Z]|[ \t]+[A-Z]")
_NEXT_WORD = re.compile(rf"[ \t]+({_CAPITALISED})(?![\w'’-])")
# A family name, a comma and an initial: "SMITH, J", "Smith, J."
SURNAME_INITIAL = re.compile(rf"(?<![\w'’-])(?P<family>{_CAPITALISED}|{_CAPITALS})[ \t]*,[ \t]*[{_UPPER}]\.?(?![\w'’-])")
# What each needs: a word, a comma and a capital, or a word in capitals before a capital
_SHAPE = re.compile(rf"[{_LOWER}{_UPPER}][ \t]*,[ \t]*[{_UPPER}]|[{_UPPER}]{{2}}[ \t]+[{_UPPER}]")
SURNAME_FIRST = re.compile(rf"(?<![\w'’-])(?:(?P<family>{_CAPITALISED})[ \t]*,|(?P<capitals>{_CAPITALS})(?:[ \t]*,|[ \t]))[ \t]*"
                           rf"(?P<given>{_CAPITALISED})(?![\w'’-])")


def _given_after_capitals(family: str, given: str) -> bool:
    """Whether a word after a family name in capitals is a given name: a word English seldom writes, or a pinyin
    syllable after a Chinese family name ("LI Wei", "WU Jun"; not "UTC Lead")."""
    return english_words().get(given, 0) < RARE or chinese_name(given, family, RARE)


def surname_first(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each name written family name first, as ("name", start, end): a family name on the list or one English has not,
    then a given name on the list (after a family name English has not, one English has not either: "Okafor, Chidi"); a given name that is an English word too ("Grace", "John") only after a family name
    that is no given name and that English seldom writes ("Okonkwo, Grace", "Smith, John"; not "Hope, Grace")."""
    if not _SHAPE.search(text):  # looked for first: most questions have neither
        return
    for match in SURNAME_FIRST.finditer(text):
        family = (match.group("family") or match.group("capitals")).lower()
        given = match.group("given").lower()
        middle = _NEXT_WORD.match(text, match.end())  # "NGUYEN Thi Lan": a Vietnamese family name, a middle name, a given name
        if match.group("capitals") and middle and vietnamese_name([family, given, middle.group(1).lower()]):
            if not published(f"{given} {middle.group(1)} {family}".lower(), public):
                yield "name", match.start(), middle.end()
            continue
        capitals = match.group("capitals")  # in capitals, a family name on the list: not "HCA Jodie", "ONNX Runtime"
        if capitals and (family not in family_names() and family not in CHINESE_FAMILY and family not in VIETNAMESE_FAMILY
                         or capitals in _NOT_INITIALS):
            continue
        if (never(family) or never(given) or family in NOT_NAMES or given in NOT_NAMES or _LIST_AFTER.match(text, match.end())
                or _NAME_BEFORE.search(text, max(0, match.start() - 20), match.start())
                or published(f"{given} {family}", public)
                or not (is_given_name(given) or family_like(family) and given not in english_words()
                        or capitals and _given_after_capitals(family, given))):
            continue
        if family_like(family) or family in family_names() and (given not in english_given_names() or (
                family not in english_given_names() and family not in STOPWORDS
                and english_words().get(family, 0) < COMMON_FAMILY_WORD)):
            yield "name", match.start(), match.end()
    for match in SURNAME_INITIAL.finditer(text):  # a family name on the list or one English has not
        family = match.group("family").lower()
        if ((family in family_names() or family_like(family)) and not never(family) and family not in NOT_NAMES
                and match.group("family") not in _NOT_INITIALS and not published(family, public)):
            yield "name", match.start(), match.end()
