"""Places named in a list, pure: a given name joined by "and" or a comma to a place is a place too
("Stanley and Chester-le-Street", "Leigh, Atherton and Tyldesley"), as is every word of a list after "in",
"at" … ("staff in Clare and Haverhill") or before what places have ("Stanley and Consett teams merged").
A list of people stays one ("Marcus, Oluwaseun and Bogdan", "Jess and Tom's teams")."""

from __future__ import annotations

import re

from bot.redact.name_lists import place_shaped, places
from bot.redact.names import _LOWER, _UPPER

# A capitalised word, also a town's hyphenated name: "Consett", "Chester-le-Street", "Stoke-on-Trent"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_LOWER}]{{1,5}})*(?:-[{_UPPER}][{_LOWER}]+)?"
_JOIN = r"(?:[ \t]*,[ \t]*|[ \t]+(?:and|&)[ \t]+)"
_BEFORE = re.compile(rf"(?<![\w'’-])({_WORD}){_JOIN}$")
_AFTER = re.compile(rf"{_JOIN}({_WORD})(?![\w'’-])")
# A town's name with a particle in lower case between its parts: "Chester-le-Street", "Weston-super-Mare"
_HYPHENATED_PLACE = re.compile(rf"[{_UPPER}][{_LOWER}]+(?:-[{_LOWER}]{{1,5}})+-[{_UPPER}][{_LOWER}]+")
_IN_PLACE = re.compile(r"\b(?i:in|at|near|around|across|outside|within|between)[ \t]+$")
# What places have, just after a list: "Stanley and Consett teams", "Florence and Longton community clinics"
_PLACES_HAVE = re.compile(r"[ \t]+(?:[a-z]+[ \t]+)?(?i:teams|trusts|practices|clinics|sites|hospitals|services|councils|"
                          r"localities|areas|boroughs|towns|pcns|hubs|surgeries|residents|populations)\b")
_REACH = 60  # characters a list's word and what joins it can take
_MOST = 6  # words of a list looked at either side (a list of 40,000 characters is looked at in linear time)


def place_listed(text: str, start: int, end: int) -> bool:
    """Whether the capitalised word at `start:end` stands in a list of places: beside a place (on the list of UK
    places, shaped as English places' names are, or hyphenated as a town's), after "in", "at" …, or before
    "teams", "practices" …"""
    members = [(start, end)]
    before = _BEFORE.search(text, max(0, start - _REACH), start)
    while before and len(members) <= _MOST:
        members.insert(0, before.span(1))
        before = _BEFORE.search(text, max(0, before.start() - _REACH), before.start())
    after, looked = _AFTER.match(text, end), 0
    while after and looked < _MOST:
        looked += 1
        members.append(after.span(1))
        after = _AFTER.match(text, after.end())
    if len(members) < 2:
        return False
    first, last = members[0][0], members[-1][1]
    return (any(_place(text[s:e]) for s, e in members) or bool(_IN_PLACE.search(text, max(0, first - 12), first))
            or bool(_PLACES_HAVE.match(text, last)))


def _place(word: str) -> bool:
    lower = word.lower()
    return bool(_HYPHENATED_PLACE.fullmatch(word)) or lower in places() or place_shaped(lower)
