"""Where a person lives or goes that names them as surely as an address, pure: a flat with no street ("he is in flat 3b",
"flat 12, Priory Court"), a home on a named street ("the house on Mill Lane", "her bungalow on Elm Close"), a care home
someone lives in ("she lives at Beech House care home": its name) and a child's school ("her son goes to Hillside
Primary School"). Kept: a street or a school with no one's home or child in it ("the Mill Lane health centre", "Hillside
Primary Care Network", "the school nursing service"), a flat rate ("a flat 5% cut", "stayed flat 3 months")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.redact.patterns import Span

_CAPITAL = r"[A-Z][\w'’]*"
_NAMED = rf"(?:{_CAPITAL}[ \t]+){{0,2}}{_CAPITAL}"  # one to three capitalised words
# A flat or an apartment and its number; with a letter ("3b"), where someone is ("in", "at", "lives"), or before a block
_FLAT = re.compile(
    r"(?:(?P<cue>\b(?i:in|at|to|from|lives|address)[ \t]+(?:(?i:the)[ \t]+)?)|\b)(?P<flat>(?i:flat|apartment|apt\.?)[ \t]*"
    r"\d{1,4}(?P<letter>[A-Za-z])?(?![\w%/-]|[.,]\d|[ \t]*(?i:months?|years?|weeks?|days?|hours?|per|percent|times|x)\b)"
    rf"(?P<block>,?[ \t]+(?:{_CAPITAL}[ \t]+){{1,2}}(?:Court|House|Lodge|Mansions|Tower|Heights|Buildings|Apartments|Point|View|Close|Walk)\b)?)")
# A home on a named street: "the house on Mill Lane", "her bungalow on Elm Close"
_HOME_ON = re.compile(
    r"\b(?i:the|his|her|their|my|our|a)[ \t]+(?P<home>(?i:house|bungalow|cottage|maisonette|caravan|farmhouse|flat)[ \t]+"
    rf"(?i:on|in|off)[ \t]+(?:{_CAPITAL}[ \t]+){{1,2}}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Terrace|Grove|Mews|Row|Hill)\b)")
# A care home someone lives in, moved or was discharged to: its name
_CARE_HOME = re.compile(
    r"\b(?i:lives?|living|resident|residents?|moved|discharged|transferred|placed|staying|admitted|returned)[ \t]+"
    rf"(?i:in|at|of|to|from)[ \t]+(?:(?i:the)[ \t]+)?(?P<home>{_NAMED})[ \t]+(?i:care|nursing|residential)[ \t]+home")
# A child's school, after the child and what says they go there
_CHILD = (r"(?:son|daughter|child|children|kids?|grandson|granddaughter|grandchild|boy|girl|he|she|they|pupil|student|"
          r"brother|sister|nephew|niece|stepson|stepdaughter)")
_SCHOOL = re.compile(
    rf"\b(?P<child>(?i:{_CHILD}))\b[^.?!\n]{{0,30}}?\b(?P<goes>(?i:goes|go|going|went|attends|attending|attended|is|was|started|starts|"
    r"excluded|moved))[ \t]+(?:(?i:to|at|from)[ \t]+)?(?:(?i:the)[ \t]+)?"
    rf"(?P<school>(?:{_CAPITAL}[ \t]+){{1,3}}(?P<kind>School|Academy|College|Nursery|Primary|Infants|Juniors)\b)"
    r"(?![ \t]+(?i:care|network|trust|partnership|hospital|of)\b)")
# What any of them needs, looked for first (in lower case): most questions have none
_TRIGGERS = ("flat", "apartment", "apt", "house", "bungalow", "cottage", "maisonette", "caravan", " home", "school", "academy",
             "college", "nursery", "primary", "infants", "juniors")


def dwellings(text: str) -> Iterator[Span]:
    """Each flat, home on a named street, care home lived in and child's school, as (kind, start, end)."""
    lower = text.lower()
    if not any(trigger in lower for trigger in _TRIGGERS):
        return
    for match in _FLAT.finditer(text):
        if match.group("cue") or match.group("letter") or match.group("block"):
            yield "address", match.start("flat"), match.end("flat")
    for match in _HOME_ON.finditer(text):
        yield "address", match.start("home"), match.end("home")
    for match in _CARE_HOME.finditer(text):
        yield "location", match.start("home"), match.end("home")
    for match in _SCHOOL.finditer(text):  # after "he" or "she", a college or an academy only that they attend (not "she
        # is at the Leadership Academy": a grown-up's course); never a body's, with an acronym in its name ("NHS")
        if ((match.group("kind") not in ("College", "Academy") or match.group("child").lower() not in ("he", "she", "they")
             or match.group("goes").lower().startswith("attend"))
                and not any(word.isupper() and len(word) > 1 for word in match.group("school").split())):
            yield "location", match.start("school"), match.end("school")
