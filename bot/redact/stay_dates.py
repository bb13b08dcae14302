"""Dates of a stay in hospital, pure: a day and month with no year, or a day's ordinal alone, just after a word of
admission or discharge ("admitted 12/03", "discharged on 14.02", "d/c 19/3", "came in on the 5th", "went home on the
9th"). A full date is a date anywhere (`bot.redact.patterns`); these are dates only beside a stay, since alone they are
fractions, scores and counts ("2/3 of beds", "the 5th of our 12 sites")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.redact.patterns import Span

_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
               r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_STAY = (r"(?:re-?admitted|admitted|adm|admission|discharged|discharge|d/c(?:['’]?d)?|dc['’]?d|(?:came|come|comes|coming|"
         r"was[ \t]+brought|brought|back)[ \t]+in|(?:went|sent|going|goes|got)[ \t]+home|transferred|died|passed[ \t]+away)")
STAY_DATE = re.compile(
    rf"\b{_STAY}[ \t]+(?:(?:on|from|since|until|till|by)[ \t]+)?(?:the[ \t]+)?"
    rf"(?P<date>(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])(?![/.]?\d)|(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)"
    rf"(?:[ \t]+(?:of[ \t]+)?{_MONTH_NAME}\b)?)(?![ \t]+of\b(?![ \t]+{_MONTH_NAME}))(?![\w/])"
    r"(?![ \t]+(?:floor|ward|wave|time|attempt|round|day|week|month|year|bed|patient|person|one|place)s?\b)",  # "the 5th floor"
    re.IGNORECASE)


# What every such date has, looked for first: a day's ordinal or a day and month in figures (most questions have none)
_DAY_SHAPE = re.compile(r"\d(?:st|nd|rd|th|[/.]\d)", re.IGNORECASE)


def stay_dates(text: str) -> Iterator[Span]:
    """Each date of a stay's admission or discharge, as ("date", start, end)."""
    if not _DAY_SHAPE.search(text):
        return
    for match in STAY_DATE.finditer(text):
        yield "date", match.start("date"), match.end("date")
