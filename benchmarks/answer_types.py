"""The kind of answer a question asks for, and the kinds a passage holds (pure): a person, a set of
organisations, a figure, a date, a duration. "Who led it?" wants a person; "how much did it save?" money;
"by how much did it fall?" a change; "when was it set up?" a date; "how long did it take?" a duration; "which trusts are in it?" a
set of organisations. "When should we ...", "how do we ..." and "what helps ..." ask for no kind."""

from __future__ import annotations

import re
from collections.abc import Iterable

PERSON, ORGANISATIONS, DATE, DURATION = "person", "organisations", "date", "duration"
COUNT, CHANGE, MONEY = "count", "change", "money"  # how many; by how much, what percentage; how much money

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
    (COUNT, re.compile(rf"\b{_HOW} (?:many|mnay|mayn)\b|\bwhat number of\b|\b{_HOW} (?:big|large) (?:was|is|were|are)\b")),
    (CHANGE, re.compile(rf"\bby {_HOW} much\b|\bwhat (?:percentage|proportion|per ?cent)\b|"
                        rf"\b{_HOW} (?:much|mcuh|muhc) (?:did|was|were|has|had)\b(?!.*\b(?:cost|spend|spent|save|saved|saving)\b)|"
                        rf"\b{_HOW} (?:much|mcuh|muhc) (?:lower|higher|shorter|faster|fewer|less|more|smaller|bigger)\b")),
    (MONEY, re.compile(rf"\b{_HOW} (?:much|mcuh|muhc) (?:money|funding|cash)\b|\bwhat (?:was|were|is) the (?:cost|saving|budget)s?\b|"
                       rf"\b{_HOW} (?:much|mcuh|muhc) (?:did|does|was|has|had)\b.*\b(?:cost|spend|spent|save|saved|saving)\b")),
    (DATE, re.compile(r"\b(?:when|wehn|whne|wen) (?:was|were|did|is|has|had|does|will)\b|"
                      r"\b(?:what|which) (?:year|date|month)\b|\bsince when\b")),
    (ORGANISATIONS, re.compile(rf"\b(?:which|what|whihc|wich) (?:(?:other|partner|nhs|member|provider|local|acute|"
                               rf"neighbouring|mental health) )?{_ORG_NOUN}(?![\w-])(?! (?:partnerships?|boards?|level|staff))|"
                               rf"\b{_WHO} (?:are|is|were) (?:the )?(?:partners?|members?|involved|in it|in the)\b")),
    (PERSON, re.compile(rf"{_ASKING}{_WHO}\b(?!{_CASE})|\bwhose\b|\bwhom\b|\bwhat (?:is|was) (?:the|their|his|her) (?:name|role)\b")),
]

_NUMBER_WORDS = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
                 r"hundred|thousand|million|billion|half|a third|a quarter|dozen)")
_COUNT = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})\s(?:[a-z][\w-]*\s)?[a-z]", re.IGNORECASE)
_CHANGE = re.compile(r"\d\s?%|\bper ?cent\b|\bpercent\b|\b(?:doubled|halved|tripled|trebled)\b|"
                     r"\b(?:reduced|reduction|cut|fell|fall|dropped|rose|increased|increase|decrease|down|up) (?:\w+ ){0,3}by \d",
                     re.IGNORECASE)
_MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s?(?:k|m|bn|million|billion)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
_DATE = re.compile(rf"\b{_MONTH}\b(?: \d{{1,2}})?,? (?:19|20)\d\d\b|\b(?:in|since|from|by|until|during) (?:19|20)\d\d\b|"
                   rf"\b(?:early|late|mid|spring|summer|autumn|winter) (?:of )?(?:19|20)\d\d\b", re.IGNORECASE)
_DURATION = re.compile(rf"\b(?:\d+|{_NUMBER_WORDS}|a|an|one|few|several|many|twelve|eighteen) (?:\w+ )?{_TIME_UNIT}\b|"
                       r"\b(?:over|within|after|for) (?:the )?(?:next|last|past|first)\b", re.IGNORECASE)
_TRUST_NAME = re.compile(r"\b(?:[A-Z][\w&'’-]*\s){1,6}(?:NHS\s)?(?:Foundation\s|Partnership\s|Care\s)?"
                         r"(?:Trust|Council|Board|ICB|Hospital|Hospitals)\b")


def asked_kinds(question: str) -> frozenset[str]:
    """The kinds of answer `question` asks for (empty: no particular kind). "How many" asks for a count; "by
    how much did it fall" for a change; "how much did it save" for money ("how much should we invest"
    for none); "how long" for a duration or a count; "who are the partners" for organisations
    or people."""
    text = " ".join(question.lower().replace("’", "'").split())
    kinds = {kind for kind, pattern in _ASKS if pattern.search(text)}
    if DURATION in kinds:
        kinds.add(COUNT)
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
    kinds.update(kind for kind, pattern in ((COUNT, _COUNT), (CHANGE, _CHANGE), (MONEY, _MONEY)) if pattern.search(without_years))
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
