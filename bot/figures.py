"""Whether a question asks for a figure (a cost, a number, a share) and whether an excerpt gives one:
an answer whose excerpts give none says so before them, rather than letting the excerpts pass for the
figure ("how much did it cost them?" answered with the thread's set-up excerpts and no word that the
lessons hold no cost)."""

from __future__ import annotations

import re

COST, NUMBER, SHARE = "cost", "number", "share"

_MONEY_WORDS = r"cost|costs|costed|costing|spend|spent|spending|save|saved|saving|savings|budget|budgets|fund|funded|" \
               r"funding|invest|invested|investment|money|price|pay|paid|worth|pounds"
_COST = re.compile(rf"\bhow\s+much\b.*\b(?:{_MONEY_WORDS})\b|\b(?:{_MONEY_WORDS})\b.*\bhow\s+much\b"
                   r"|\bwhat\s+(?:was|were|is|are|did)\s+(?:the\s+|its\s+|their\s+)?(?:total\s+|overall\s+)?"
                   r"(?:cost|costs|budget|saving|savings|spend|price|investment)\b"
                   # whether it saved money: "did collaboratives save money?", "any cost savings?", "cut costs?"
                   r"|\b(?:save|saves|saved|saving)\s+(?:any\s+|much\s+|more\s+|them\s+|us\s+)?(?:money|costs?)\b"
                   # the cost as a verb after what it is of: "what did it cost?", "what did the NELFT programme cost?"
                   r"|\bwhat\s+(?:did|does|do|would|will|might)\s+(?:[\w'’-]+\s+){1,5}?cost\b"
                   # what it saved, as the verb ending the question: "what did it save?", "what did the bank save them?"
                   r"|\bwhat\s+(?:did|does|do|would|will|might)\s+(?:[\w'’-]+\s+){1,5}?save\s*(?:them|us|you)?\s*\W*$"
                   r"|\bcost\s+savings?\b|\b(?:cut|cuts|reduce|reduced|lower|lowered)\s+(?:their\s+|the\s+)?costs\b",
                   re.IGNORECASE)
_SHARE = re.compile(r"\bwhat\s+(?:percentage|proportion|share|per\s*cent)\b|\bby\s+how\s+much\b", re.IGNORECASE)
_NUMBER = re.compile(r"\bhow\s+many\b", re.IGNORECASE)

_MONEY = re.compile(r"[£$€]\s?\d|\b\d[\d,.]*\s?(?:m|k|bn|million|billion|thousand|pounds)\b", re.IGNORECASE)
_PERCENT = re.compile(r"\d\s?%|\bper\s?cent\b|\bpercent\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NUMBER_WORDS = frozenset("""two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
    hundred hundreds thousand thousands million dozen dozens half third quarter""".split())


def figure_asked(question: str) -> str:
    """What kind of figure `question` asks for: COST ("how much did it cost them?", "what did it cost?",
    "what were the savings?", "what did it save?", "does the evidence show collaboratives save money?", "did it cut costs?"), SHARE
    ("what percentage…", "by how much did waits fall?"), NUMBER ("how many…"), or "" for a question asking for
    none ("how did they fund it?", "how much did staff value it?")."""
    if _COST.search(question):
        return COST
    if _SHARE.search(question):
        return SHARE
    return NUMBER if _NUMBER.search(question) else ""


def gives_figure(text: str, kind: str) -> bool:
    """Whether `text` gives a figure of `kind`: a sum of money for COST ("£2m", "1.5 million"), a
    percentage or a number for SHARE, a number other than a year ("1,900", "three") for NUMBER."""
    if kind == COST:
        return bool(_MONEY.search(text))
    if _PERCENT.search(text):
        return True
    numbers = [n for n in re.findall(r"\b\d[\d,.]*\b", text) if not _YEAR.match(n)]
    return bool(numbers) or (kind == NUMBER and bool(_NUMBER_WORDS & set(re.findall(r"[a-z]+", text.lower()))))
