"""The kind of answer a question asks for, and the kinds a passage holds (pure): a person, a set of
organisations, a figure, a date, a duration. "Who led it?" wants a person; "how much did it save?" a
figure; "when was it set up?" a date; "how long did it take?" a duration; "which trusts are in it?" a
set of organisations. "When should we ...", "how do we ..." and "what helps ..." ask for no kind."""

from __future__ import annotations

import re
from collections.abc import Iterable

PERSON, ORGANISATIONS, FIGURE, DATE, DURATION = "person", "organisations", "figure", "date", "duration"

# a wh-word's transposed or one-letter-short spellings the speller may leave ("hwo" is "how")
_HOW = r"(?:how|hwo|hw|hiw)"
_WHO = r"(?:who|whos|who's|whoe)"
# "who" that asks, not "staff who are worried": at a clause's start or after a verb of asking
_ASKING = r"(?:^|[.?!,;:(–-]\s*|\b(?:and|but|so|know|me|us|wondering|out|ask|asking|or)\s)"
# "who's done this?", "who else is doing it?": a case asked for, not a person
_CASE = r"(?:'s| has| have| else| is| are)* (?:done|doing|fixed|tried|joined|partnered|aiming|managed|solved)\b"
_ORG_NOUN = (r"(?:trusts?|organi[sz]ations?|organi[sz]ation|providers?|partners?|members?|icbs?|councils?|"
             r"systems?|bodies|places|hospitals?)")
_TIME_UNIT = r"(?:days?|weeks?|months?|years?|quarters?|hours?)"
_ASKS = [
    (DURATION, re.compile(rf"\b{_HOW} (?:long|many {_TIME_UNIT}|quickly|soon)\b|\bover what (?:period|time)")),
    (FIGURE, re.compile(rf"\b(?:by )?{_HOW} (?:much|mcuh|muhc|many|mnay|big|large|small|far|often)\b|"
                        r"\bwhat (?:percentage|proportion|share|number|figure|amount|size|savings?|cost|budget)\b|"
                        r"\bwhat (?:was|were|is) the (?:saving|cost|budget|figure|reduction|increase|number)\b")),
    (DATE, re.compile(r"\b(?:when|wehn|whne|wen) (?:was|were|did|is|has|had|does|will)\b|"
                      r"\b(?:what|which) (?:year|date|month)\b|\bsince when\b")),
    (ORGANISATIONS, re.compile(rf"\b(?:which|what|whihc|wich) (?:(?:other|partner|nhs|member|provider|local|acute|"
                               rf"neighbouring|mental health) )?{_ORG_NOUN}(?![\w-])(?! (?:partnerships?|boards?|level|staff))|"
                               rf"\b{_WHO} (?:are|is|were) (?:the )?(?:partners?|members?|involved|in it|in the)\b")),
    (PERSON, re.compile(rf"{_ASKING}{_WHO}\b(?!{_CASE})|\bwhose\b|\bwhom\b|\bwhat (?:is|was) (?:the|their|his|her) (?:name|role)\b")),
]

_NUMBER_WORDS = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
                 r"hundred|thousand|million|billion|half|a third|a quarter|dozen)")
_FIGURE = re.compile(r"£\s?\d|\d\s?%|\bper ?cent\b|\b\d[\d,.]*\s?(?:k|m|bn|million|billion|thousand)?\b|"
                     rf"\b{_NUMBER_WORDS}\b|\b(?:doubled|halved|tripled|trebled)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
_DATE = re.compile(rf"\b{_MONTH}\b(?: \d{{1,2}})?,? (?:19|20)\d\d\b|\b(?:in|since|from|by|until|during) (?:19|20)\d\d\b|"
                   rf"\b(?:early|late|mid|spring|summer|autumn|winter) (?:of )?(?:19|20)\d\d\b")
_DURATION = re.compile(rf"\b(?:\d+|{_NUMBER_WORDS}|a|an|one|few|several|many|twelve|eighteen) (?:\w+ )?{_TIME_UNIT}\b|"
                       r"\b(?:over|within|after|for) (?:the )?(?:next|last|past|first)\b", re.IGNORECASE)
_TRUST_NAME = re.compile(r"\b(?:[A-Z][\w&'’-]*\s){1,6}(?:NHS\s)?(?:Foundation\s|Partnership\s|Care\s)?"
                         r"(?:Trust|Council|Board|ICB|Hospital|Hospitals)\b")


def asked_kinds(question: str) -> frozenset[str]:
    """The kinds of answer `question` asks for (empty: no particular kind). "How many"/"how much" ask
    for a figure; "how many years" for a duration as well; "who are the partners" for organisations
    or people."""
    text = " ".join(question.lower().replace("’", "'").split())
    kinds = {kind for kind, pattern in _ASKS if pattern.search(text)}
    if DURATION in kinds:
        kinds.add(FIGURE)
    if ORGANISATIONS in kinds and re.search(rf"\b{_WHO}\b", text):
        kinds.add(PERSON)
    return frozenset(kinds)


def held_kinds(text: str, names_people: bool, organisations: Iterable[str] = ()) -> frozenset[str]:
    """The kinds of answer `text` holds. `names_people`: the index found one of its people named in
    the passage; `organisations`: names of organisations the corpus's documents list (two of them
    named, or two names shaped like a trust's, make a list of organisations)."""
    kinds = set()
    if names_people:
        kinds.add(PERSON)
    without_years = _YEAR.sub(" ", text)
    if _FIGURE.search(without_years):
        kinds.add(FIGURE)
    if _DATE.search(text):
        kinds.add(DATE)
    if _DURATION.search(without_years):
        kinds.add(DURATION)
    named = {o for o in organisations if len(o) > 2 and re.search(rf"\b{re.escape(o)}\b", text)}
    if len(named) + len(set(_TRUST_NAME.findall(text))) >= 2:
        kinds.add(ORGANISATIONS)
    return frozenset(kinds)


def matches(asked: frozenset[str], held: frozenset[str]) -> bool:
    """Whether a passage holding `held` holds a kind the question asked for."""
    return bool(asked & held)
