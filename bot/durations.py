"""How long something took, as an answer says (pure): "and how long did that take?" after an answer is answered from
that answer's excerpts, "how long did it take west yorkshire to set up?" from its own, the times they give
(`times_given`) first, or with a line saying they give none."""

from __future__ import annotations

import re
from dataclasses import replace

from bot import messages
from bot.answer import Answer

_HOW_LONG = re.compile(r"\bhow\s+(?:long|many\s+(?:days|weeks|months|years))\b|\bhow\s+quickly\b", re.IGNORECASE)
_TAKEN = re.compile(r"\b(?:take|takes|taken|taking|took)\b|\bhow\s+quickly\b", re.IGNORECASE)
_NUMBER = (r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|"
           r"twenty|thirty|several|a\s+few|few|a\s+couple\s+of|many)")
_UNIT = r"(?:days?|weeks?|months?|years?|quarters?)"
_TIME = re.compile(  # not how often: "twice a year", "every two years", "once a month", "three times a year"
    r"(?<!twice\s)(?<!once\s)(?<!times\s)(?<!every\s)(?<!per\s)(?<!each\s)"
    r"\b(?:(?:over|within|in|after|for|around|about|nearly|almost|more\s+than|less\s+than|under|some)\s+)?(?:the\s+)?"
    r"(?:(?:first|last|past|next)\s+)?" + _NUMBER + r"(?:[\s-]+(?:and\s+a\s+half\s+)?)" + _UNIT + r"\b"
    r"|\b(?:from|between|since)\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+)?(?:19|20)\d\d(?:\s+(?:to|and|until|–|-)\s+(?:(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+)?(?:19|20)\d\d)?\b", re.IGNORECASE)
MAX_TIMES = 5
# a span of time after a wait is how long someone waited ("those who had been waiting for more than a year", "a wait
# of 18 weeks"), not how long the work took
_WAITED = re.compile(r"\b(?:wait|waits|waited|waiting)(?:\s+(?:for|of))?\s*$",
                     re.IGNORECASE)


def asks_how_long(question: str) -> bool:
    """Whether a question asks how long something took ("and how long did that take?", "how many months was it?")."""
    return bool(_HOW_LONG.search(question))


def asks_time_taken(question: str) -> bool:
    """Whether a question asks how long something took to do ("how long did it take west yorkshire to set up?", "how
    quickly did they agree it?"), not how long something has lasted ("how long has the partnership existed?")."""
    return asks_how_long(question) and bool(_TAKEN.search(question))


def how_long(answer: Answer, again: bool = True) -> Answer:
    """`answer` to "how long did that take?" (`again`: a thread's answer, shown again; else a question's own, "how
    long did it take west yorkshire to set up?"): the times its excerpts give in its lead line (or that they give
    none), the excerpts giving one first."""
    timed = [s for s in answer.snippets if times_given([s.text])]
    snippets = (*timed, *(s for s in answer.snippets if s not in timed))
    return replace(answer, snippets=snippets, lead=messages.how_long_lead(times_given([s.text for s in snippets]), again))


def times_given(texts: list[str]) -> list[str]:
    """The spans of time `texts` give ("18 months", "over two years", "from 2019 to 2021"), each once, in order; never
    a wait ("waiting for more than a year")."""
    found = [m.group(0).strip() for text in texts for m in _TIME.finditer(text) if not _WAITED.search(text[:m.start()])]
    return list(dict.fromkeys(found))[:MAX_TIMES]
