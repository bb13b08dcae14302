"""Chinese given names written in pinyin and lower case, pure: two syllables where someone is addressed, named by
their role, title or relative, or says something ("spoke to wei ling", "ask xiu ying", "nurse mei hua", "xiao ming
said"). Each syllable alone may be an English word written seldom ("ling", "wei"), so two together only, each
written less often than `RARE`, and only where a person stands: "tai chi classes" and "feng shui" stay."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from functools import cache

from bot.redact.chat_words import STAFF_ROLE
from bot.redact.kept_names import published
from bot.redact.name_lists import RARE
from bot.redact.names import _RELATIVE
from bot.redact.patterns import Span
from bot.redact.person_verbs import ADDRESSING, ADDRESSING_WITH, ENLISTING, REPORTING
from index import english_words

# Pinyin's finals after each group of initials (a superset of the syllables Mandarin has: enough to tell a syllable
# from an English word)
_FINALS = {
    "b p m": "a o ai ei ao an en ang eng i ie iao ian in ing u ou iu",
    "f": "a o ei ou an en ang eng u",
    "d t n l": "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian in iang ing u uo ui uan un v ve o",
    "g k h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j q x": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "zh ch sh r z c s": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "y": "a e i ao ou an in ang ing ong u ue uan un",
    "w": "a o ai ei an en ang eng u",
    "": "a o e ai ei ao ou an en ang eng er",
}
_CUE = rf"(?:{ADDRESSING_WITH}|{ADDRESSING}|{ENLISTING}|{STAFF_ROLE}|{_RELATIVE}|mr|mrs|ms|miss|dr)"
# Whom a message is for, a role, a title or a relative, just before a name; what someone says, just after it
_BEFORE = re.compile(rf"\b(?i:{_CUE})[ \t]*[,:]?[ \t]+$")
_AFTER = re.compile(rf"[ \t]+{REPORTING}\b")
_REACH = 40  # characters before a name its cue can take ("catching up with")
_SHORT_WORD = re.compile(r"(?<![\w'’-])[a-z]{1,6}(?![\w'’-])")  # a pinyin syllable is up to six letters
_BETWEEN = re.compile(r"[ \t]+")


@cache
def syllables() -> frozenset[str]:
    """Every syllable pinyin writes without tones."""
    return frozenset(initial + final for initials, finals in _FINALS.items() for initial in (initials.split() or [""])
                     for final in finals.split())


def pinyin_names(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each two-syllable pinyin given name where a person stands, as ("name", start, end): looked for among the
    short words that are syllables written seldom, so that the cues are tried only beside two of them."""
    found = [match for match in _SHORT_WORD.finditer(text)
             if match.group() in syllables() and english_words().get(match.group(), 0) < RARE]
    for first, second in zip(found, found[1:]):
        if (_BETWEEN.fullmatch(text, first.end(), second.start())
                and (_BEFORE.search(text, max(0, first.start() - _REACH), first.start()) or _AFTER.match(text, second.end()))
                and not published(f"{first.group()} {second.group()}", public)):
            yield "name", first.start(), second.end()
