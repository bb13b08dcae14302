"""Patients described rather than named, pure: a person word pinned to a bed or a room on a ward ("the lady in bed 4 on
ward 12", "the gentleman in bay 2 bed 5 on AMU"), a room in a named care home ("room 3 at Rosewood care home"), and an age pinned
to a ward, a bed or a home ("the 17-year-old on Ward 7"), or told with a gender or a condition and a place ("72yo m
from Leeds", "a 34 year old with Fabry disease from Whitby"); a bed may have no number ("the end bed on ward 9"). Each identifies someone with little text, so the bed or
room goes as a `location` and the age as an `age`; the ward and the home stay, as they do beside a name ("Mrs [name]
on ward 7"). A bed or room no person stands in stays ("we closed bed 4 and bay 2 on ward 6"), a bed with no ward
("the lad in bed 3", which earlier rounds labelled to stay: one bed 3 in each ward), and one whose
person is named just after it ("the patient in bay 2, mrs okonkwo,"): the name goes, and the bed stays as beside any name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.redact.patterns import Span

# Who a question describes instead of naming: "the lady", "our patient", "the elderly chap", "the 24 year old"
_PERSON = (r"\b(?:the|a|an|our|my|this|that|her|his)[ \t]+(?:[\w-]+[ \t]+){0,2}?(?:lady|man|woman|gentleman|gent|chap|fella"
           r"|bloke|lad|boy|girl|baby|child|patient|resident|client|service[ \t]+user|teenager|(?:\d{1,3}|[a-z]+)[- ](?:year|yr)s?[- ]old)")
_BED = r"(?:bay[ \t]*\d{1,3}[A-Za-z]?[ \t,]+)?(?:bed(?:[ \t]+space)?|bay|side[ \t]*room|room|cubicle)[ \t]*\d{1,3}[A-Za-z]?\b"
# A bed with no number, told by where it stands: "the end bed", "the corner bed", "the bed by the window", "the bed
# nearest the nurses' station"
_UNNUMBERED_BED = (r"(?:end|corner|first|last|middle|window|far|near)[ \t]+(?:bed|bay|cubicle)\b"
                   r"|bed[ \t]+(?:by|nearest|next[ \t]+to|opposite|near)[ \t]+the[ \t]+[\w'’-]+(?:[ \t]+(?!on\b|in\b|at\b)[\w'’-]+)?")
_HOME = r"(?:the[ \t]+)?(?:[\w'’-]+[ \t]+){1,3}(?:care|nursing|residential)[ \t]+home\b"
# The ward a bed is on: "on ward 12", "on Ward 7B", "on AMU", "on the stroke ward", "on Rowan ward"
_WARD = (r"[ \t,]+(?:on|in|at|of)[ \t]+(?:the[ \t]+)?(?:(?i:ward)[ \t]*\d{1,3}[A-Za-z]?\b|(?:[\w-]+[ \t]+){1,2}(?i:ward|unit)\b"
         r"|(?-i:[A-Z]{2,5})\b)")  # a unit's letters in capitals: "AMU", not "at night"
PERSON_IN_BED = re.compile(rf"{_PERSON}[ \t]+(?:in|on|from)[ \t]+(?:the[ \t]+(?=[a-z]))?(?P<place>{_BED}|(?:{_UNNUMBERED_BED})(?:[ \t]+(?:in|of)[ \t]+{_BED})?)(?={_WARD})",
                           re.IGNORECASE)
ROOM_IN_HOME = re.compile(rf"\b(?P<place>(?:room|flat|bed)[ \t]*\d{{1,3}}[A-Za-z]?)[ \t]+(?:at|of|in)[ \t]+{_HOME}", re.IGNORECASE)
# An age said as "the N-year-old", then where they lie: "the 17-year-old on Ward 7", "the 15-year-old girl on the adult
# ward at Pinderfields", "the 24 year old in side room 1"
PINNED_AGE = re.compile(
    rf"\b(?:the|a|an|our|this)[ \t]+(?P<age>\d{{1,3}})[- ]?(?:year|yr)s?[- ]old(?:[ \t]+[a-z]+)?[ \t]+(?:in|on|at)[ \t]+"
    rf"(?:(?:the[ \t]+)?(?:[\w-]+[ \t]+){{0,2}}ward\b|{_BED}|{_HOME}|(?:the[ \t]+)?[A-Z][\w'’-]*[ \t]+(?:unit|hospital)\b)",
    re.IGNORECASE)
# An age told with a gender or a condition, then where its owner is from: "72yo m from Leeds", "84 y/o female from
# Wakefield", "F 67 from Harrogate", "a 45M from Bradford", "a 34 year old with Fabry disease from Whitby"; not an age
# alone ("a 45-year-old man with chest pain"), nor a group ("the 65yo and over cohort from Leeds"), nor "F1 doctors"
_AGE_SAID = r"(?P<age>\d{1,3})[ \t]*(?:y/?o\b|y\.o\.?|yrs?\b(?:[ \t]+old\b)?|[- ]?(?:years?|yrs?)[- ]old\b)"
_GENDER = r"(?:m|f|male|female|man|woman|lady|gent|gentleman|boy|girl|chap|lad)\b"
_FROM_PLACE = (r"(?:[ \t]*,)?[ \t]+(?:with[ \t]+[^,.;:?!\n]{1,40}?[ \t]+)?(?:from|in|of|living[ \t]+in|who[ \t]+lives[ \t]+in)[ \t]+"
               r"(?:the[ \t]+)?(?-i:[A-Z][a-z])")
AGE_FROM_PLACE = re.compile(
    rf"(?<![\w£$€.])(?:{_AGE_SAID}(?:[ \t]+{_GENDER})?|(?-i:[MF])[ \t]?(?P<age2>\d{{2,3}})\b|(?:male|female)[ \t]*,?[ \t]*(?:aged[ \t]+)?"
    rf"(?P<age3>\d{{2,3}})\b|(?P<age4>\d{{2,3}})[ \t]?(?-i:[MF])\b){_FROM_PLACE}", re.IGNORECASE)
# The person named just after their bed (and ward): ", Mrs B,", ", mr harrow", " on ward 4, John Carter"
_NAMED_AFTER = re.compile(r"(?:[ \t]+(?:on|in|at)[ \t]+[^,.;:?!\n]{1,25}?)?[ \t]*,[ \t]*(?:(?i:mr|mrs|ms|miss|mx|dr)\b|[A-Z][a-z]+[ \t]+[A-Z])")


def described(text: str) -> Iterator[Span]:
    """Each bed or room a described person is in, as ("location", start, end), each age pinned to where they lie,
    and each told with a gender or a condition and where its owner is from."""
    for pattern in (PERSON_IN_BED, ROOM_IN_HOME):
        for match in pattern.finditer(text):
            if not _NAMED_AFTER.match(text, match.end()):
                yield "location", match.start("place"), match.end("place")
    for match in PINNED_AGE.finditer(text):
        yield "age", match.start("age"), match.end("age")
    for match in AGE_FROM_PLACE.finditer(text):
        group = next(name for name in ("age", "age2", "age3", "age4") if match.group(name))
        yield "age", match.start(group), match.end(group)
