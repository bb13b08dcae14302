"""Colleagues' names that what stands around them in ward and team chat marks, pure (patients' and
relatives': `bot.redact.chat_names`).

A given name, nickname or short form by department, shift or role ("Tom from estates", "Gaz on nights",
"Robbo the porter"), after a greeting or thanks ("cheers Baz", "Hi Jo"), and the names listed with it ("Sukhi
and Jas in the hub", "Shaz, Kaz and Dom are running it"); dotted initials alone ("re M.P.O."); apostrophe names
in lower case ("sister o'leary", "ivy d'souza", a "d'" only before a family name on the list); hyphenated given
names ("sarah-jane").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from functools import lru_cache

from bot.redact.chat_names import (
    _CHAT_ABBREVIATIONS,
    _NOT_AFTER_RELATIVE,
    _WORD,
    NICKNAME_RARE,
    _acronym_like,
    _listed_after,
    _span,
)
from bot.redact.hyphenated import hyphenated_given
from bot.redact.kept_names import POSSESSIVE, published
from bot.redact.name_lists import VIRTUE_NAMES, english_given_names, family_names, is_given_name, never
from bot.redact.names import _NOT_INITIALS, _UPPER
from bot.redact.patterns import Span
from index import english_words

NICKNAME_LETTERS = 5  # the longest capitalised word `NICKNAME_RARE` may make a nickname ("Mags", "Dom", "Abs")
_BEFORE_IN_LIST = re.compile(rf"(?P<name>{_WORD})[ \t]*(?:,|&|and)[ \t]*$")
_DEPARTMENT = (r"(?:estates|pharmacy|IT|comms|communications|finance|HR|theatres?|recovery|safeguarding|PALS|ICB|ED|A&E|"
               r"radiology|pathology|physio|outpatients|switchboard|portering|facilities|catering|housekeeping|procurement|"
               r"governance|informatics|maternity|paeds|payroll|workforce|IPC|nights|ward[ \t]+\d{1,3}[A-Za-z]?|(?:the[ \t]+)?(?:[A-Za-z&]+[ \t]+){0,2}"
               r"(?:team|hub|office|desk|unit|lounge|department|dept|bureau))")
_STAFF_ROLE = (r"(?:porter|HCA|ward[ \t]+clerk|nurse|matron|sister|receptionist|cleaner|physio|OT|pharmacist|consultant|"
               r"registrar|volunteer|chaplain|housekeeper|midwife|paramedic|security[ \t]+guard|domestic)")
_DEPARTMENT_WORD = re.compile(_DEPARTMENT, re.IGNORECASE)
# What after a capitalised word says it is a colleague's name: "from estates", "on nights", "the porter"
_COLLEAGUE_AFTER = re.compile(rf"[ \t]+(?:(?:from|in)[ \t]+(?:the[ \t]+)?{_DEPARTMENT}|on[ \t]+(?:nights|days|lates|earlies|"
                              rf"the[ \t]+(?:switchboard|desk|rota|[a-z]+[ \t]+(?:team|hub)))|the[ \t]+{_STAFF_ROLE}|"
                              rf"(?:are|were)[ \t]+(?:running|leading|covering|chairing|on|off|both|all))\b")
_GREETED = re.compile(rf"\b(?i:cheers|thanks|thank[ \t]+you|ta|hi|hiya|hello|hey|morning|dear)[ \t]+(?P<name>{_WORD})"
                      rf"(?=[ \t]*(?:[,!&\n-]|and\b|for\b|$))")
# A colleague's given name in lower case before what they say or want: "nkechi wants", "kev reckons"
_SAYS = re.compile(r"[ \t]+(?:wants|reckons|thinks|says|said|asked|asks|flagged|mentioned|suggested)\b")
_LOWER_WORD = re.compile(r"(?<![\w'’-])(?P<name>[a-z]{3,})(?![\w'’-])")
# A name and the role after a comma: "Sandeep, our digital lead", "sandeep, our chief nurse"
_ROLE_AFTER = re.compile(rf"[ \t]*,[ \t]+(?:our|the|my|your|their)[ \t]+(?:[A-Za-z-]+[ \t]+){{0,2}}(?:lead|manager|director|"
                         rf"officer|chair|head|COO|CEO|CFO|CIO|CNO|{_STAFF_ROLE})\b")
_ARTICLE_BEFORE = re.compile(r"\b(?i:the|a|an|our|their|your|this|that)[ \t]+$")
_LONE_WORD = re.compile(rf"(?<![\w'’-])(?P<name>{_WORD})(?![\w-])(?![ \t]+[{_UPPER}])")
# A capitalised word just before, in the same sentence: "Royal Wolverhampton in the ICB" is no colleague
_CAPITAL_BEFORE = re.compile(rf"(?<![.?!:;\n][ \t])(?<![.?!:;\n])(?<!^)[{_UPPER}][\w'’-]*[ \t]+$")
_DOTTED = re.compile(rf"(?<![\w.])(?P<name>(?:[{_UPPER}]\.){{2,3}})(?![\w])")
_NOT_DOTTED = frozenset("DOB AOB NB PS RIP AM PM EU QI PTO RSVP USA UAE BBC UN WHO".split()) | _NOT_INITIALS
_APOSTROPHE = re.compile(r"(?<![\w'’-])(?:(?P<given>[a-z]{2,})[ \t]+)?(?P<family>[od]['’][a-z]{3,})(?![\w-])")
_NOT_APOSTROPHE = frozenset(("o'clock", "d'you", "d'ya"))
# "sarah-jane", "Wendy-May", "lily-rose's"
_HYPHENATED = re.compile(rf"(?<![\w'’-])(?P<name>[a-z]{{2,}}-[a-z]{{2,}}|[{_UPPER}][a-z]+-[{_UPPER}][a-z]+)(?=['’]s\b|(?![\w'’-]))")


def colleagues(text: str, public: Collection[str] = (), organisations: Collection[str] = ()) -> Iterator[Span]:
    """Each colleague's name or nickname that a department, shift, role or greeting marks, the names
    listed with it, dotted initials, apostrophe names in lower case and hyphenated given names."""
    bodies = _words(frozenset(organisations))

    def nickname(word: str) -> bool:
        lower = POSSESSIVE.sub("", word).lower()
        return (not never(lower) and lower not in bodies and not published(lower, public)
                and (is_given_name(lower) or lower in VIRTUE_NAMES or lower in family_names()  # "Precious", "Sunita"
                     or lower not in english_words()
                     or len(lower) <= NICKNAME_LETTERS and english_words().get(lower, 0) < NICKNAME_RARE))

    def lower_name(word: str) -> bool:  # a word in lower case: a given or family name, or no English word
        return (not never(word) and word not in bodies and not published(word, public) and word not in english_given_names()
                and word not in _NOT_AFTER_RELATIVE and word.upper() not in _NOT_INITIALS and word not in _CHAT_ABBREVIATIONS
                and not _DEPARTMENT_WORD.fullmatch(word) and (is_given_name(word) or word in family_names()
                                                             or not _acronym_like(word) and word not in english_words()))

    found = [m for m in _LONE_WORD.finditer(text) if (_COLLEAGUE_AFTER.match(text, m.end()) or _ROLE_AFTER.match(text, m.end()))
             and nickname(m.group()) and not _CAPITAL_BEFORE.search(text, max(0, m.start() - 30), m.start())]
    found += [m for m in _LOWER_WORD.finditer(text) if lower_name(m.group())
              and any(cue.match(text, m.end()) for cue in (_COLLEAGUE_AFTER, _ROLE_AFTER, _SAYS))
              and not _ARTICLE_BEFORE.search(text, max(0, m.start() - 8), m.start())]
    found += [m for m in _GREETED.finditer(text) if nickname(m.group("name"))]
    for match in found:
        yield _span(text, match.start("name"), match.end("name"))
        yield from _listed_after(text, match.end("name"), nickname)
        before = _BEFORE_IN_LIST.search(text, max(0, match.start("name") - 60), match.start("name"))
        while before and nickname(before.group("name")):
            yield _span(text, before.start("name"), before.end("name"))
            before = _BEFORE_IN_LIST.search(text, max(0, before.start() - 60), before.start())
    for match in _DOTTED.finditer(text):
        if match.group("name").replace(".", "") not in _NOT_DOTTED:
            yield "name", match.start("name"), match.end("name")
    for match in _APOSTROPHE.finditer(text):
        family, given = match.group("family"), match.group("given")
        if (family.replace("’", "'") not in _NOT_APOSTROPHE and not published(family, public)  # not French "d'attente"
                and (family[0] == "o" or family[2:] in family_names() or given and is_given_name(given) and not never(given))):
            start = match.start("given") if given and is_given_name(given) and not never(given) else match.start("family")
            yield "name", start, match.end("family")
    for match in _HYPHENATED.finditer(text):
        if hyphenated_given(match.group("name").lower().split("-"), NICKNAME_RARE):
            yield "name", match.start("name"), match.end("name")


@lru_cache(maxsize=4)
def _words(organisations: frozenset[str]) -> frozenset[str]:
    """Every word of the organisations' names (made once per corpus): "salisbury" is a body's, no colleague's."""
    return frozenset(word for organisation in organisations for word in organisation.split())
