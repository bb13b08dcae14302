"""What a question asks about: the subject of its asking for lessons ("Mr Jones fell on the ward last
week, how do collaboratives share learning from falls?": falls), not the words of asking around it
("collaboratives share learning"), nor an email's sign-off pasted after it."""

from __future__ import annotations

import re

from index import Query, content_terms

# the subject of asking for lessons: "share learning from falls", "lessons on sepsis", "learnt about X"
_LEARNING_FROM = re.compile(r"\b(?:learning|learn|learns|learned|learnt|lessons?)(?:\s+(?:learned|learnt|shared))?"
                            r"\s+(?:from|on|about|around)\s+([^.?!;:,]+)", re.IGNORECASE)


# the subject of asking what someone or something does or means: "what does a SRO do in a collaborative?",
# "what is the role of a PMO", "what does ICP mean"
_ROLE_OF = re.compile(r"\bwhat\s+(?:does|do|is|are)\s+(?:(?:a|an|the)\s+)?([^.?!;:,]+?)\s+(?:do|does|mean|involve)\b"
                      r"|\b(?:role|job|remit|responsibilities)\s+of\s+(?:(?:a|an|the)\s+)?([^.?!;:,]+?)(?=\s+(?:in|on|for|within|at|"
                      r"across|when)\b|[.?!;:,]|$)", re.IGNORECASE)


def unknown_subject(query: Query) -> str:
    """The subject of a question asking for lessons from, on or about something ("how do collaboratives
    share learning from falls?": "falls"), or what someone or something does or means ("what does a SRO
    do in a collaborative?": "SRO"), when the corpus uses none of its content words, else "": the lessons
    do not cover it, however much they say about sharing learning or collaboratives."""
    for pattern in (_LEARNING_FROM, _ROLE_OF):
        found = pattern.search(query.searched)
        subject = next((g for g in found.groups() if g), "").strip() if found else ""
        terms = content_terms(subject)
        if terms and all(t in query.unknown for t in terms):
            return subject
    return ""


# an email's sign-off after the question, and all that follows it (a name, a title, a trust, a number)
_SIGN_OFF = re.compile(r"(?<=[?.!])\s*(?:many thanks|thanks(?: so much| in advance)?|thank you|kind regards|best wishes|"
                       r"best regards|warm regards|regards|cheers|sent from my)\b.*$", re.IGNORECASE | re.DOTALL)


# thanks for an answer before the next question: "thanks, and what about finance?", "great, thanks - who led it?"
_THANKS_FIRST = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|great|brilliant|lovely|perfect|super|right|nice|that'?s\s+(?:great|helpful|useful|brilliant|"
    r"really\s+(?:helpful|useful)))[\s,.!-]+)?(?:many\s+thanks|thanks(?:\s+(?:so\s+much|a\s+lot))?|thank\s+you"
    r"(?:\s+(?:so|very)\s+much)?|cheers|ta)\b[\s,.!;:-]+(?:(?:and|also|but|now|so)\s+)?"
    r"(?=(?:what|how|who|which|where|when|why|can|could|would|do|does|did|is|are|any|anything|tell|and)\b)", re.IGNORECASE)


def without_thanks_first(question: str) -> str:
    """`question` without thanks for the last answer before it ("thanks, and what about finance?": "what about
    finance?"); thanks alone, or before anything but a question ("thanks, that's useful"), stay."""
    return _THANKS_FIRST.sub("", question)


def without_sign_off(question: str) -> str:
    """`question` without an email's sign-off pasted after it ("…decision making? Many thanks, Sarah Jones,
    Chief Executive, Example NHS Foundation Trust, Tel …"): the signature's words are not the question's."""
    return _SIGN_OFF.sub("", question).strip() or question


# "a shared back office", "the merged trust": after an article or a possessive these words describe a thing the
# lessons may hold, not something done to a service (one lookbehind per word: Python's are of fixed width)
_NOT_AFTER_ARTICLE = "".join(rf"(?<!\b{word} )" for word in "a an the our their its your my this that these those".split())
# what a question asks was handled, managed, approached or run, or shared, merged or outsourced between
# organisations: "how do collaboratives handle shared procurement?", "who at Manchester handled the merger of their
# pathology services?", "what did trusts learn from outsourcing their laundry services?"
_HANDLED = re.compile(r"\b(?:handl(?:e|es|ed|ing)|manag(?:e|es|ed|ing)|approach(?:es|ed|ing)?|deal(?:s|t|ing)?\s+with|"
                      r"tackl(?:e|es|ed|ing)|go(?:es)?\s+about|went\s+about|organi[sz](?:e|es|ed|ing)|sort(?:s|ed)?\s+out|"
                      r"ran|run(?:s|ning)?|oversaw|oversee(?:s|ing)?|"
                      rf"{_NOT_AFTER_ARTICLE}(?:shar(?:e|es|ed|ing)|merg(?:e|es|ed|ing)|outsourc(?:e|es|ed|ing)|"
                      r"insourc(?:e|es|ed|ing)|centrali[sz](?:e|es|ed|ing)|consolidat(?:e|es|ed|ing)))"
                      r"\s+(?=([^.?!;:,]+))", re.IGNORECASE)  # what follows it, read ahead: a later verb is found too
# words naming a kind of unit, not what it does: "laundry" is the head of "laundry services", "payroll" of "payroll teams"
_UNIT_WORDS = frozenset("service services team teams department departments function functions provision staff".split())
# where the thing handled ends and what qualifies it begins ("the merger | of their pathology services")
_QUALIFIER = re.compile(r"\b(?:of|for|in|at|on|with|across|between|and|or|to|from|by|when|while|during|after|before|"
                        r"so|that|which|who|where|within|among|under|over|into|as|like|than|together)\b", re.IGNORECASE)


def unknown_handled(query: Query) -> str:
    """What a question asks was handled, managed, run, shared, merged or outsourced, with what qualifies it ("who
    handled the merger of their pathology services?": "the merger of their pathology services"), when the corpus
    never uses the thing's head, its last word before what qualifies it, less words naming a kind of unit
    ("merger"; "procurement" of "shared procurement"; "laundry" of "their laundry services"), else "". Many such
    words are plain English the lessons happen not to use ("how did others handle the human side?"), so the scope
    judges the thing alone before declining (`ScopeGuard.judge`)."""
    for found in _HANDLED.finditer(query.searched):
        terms = [t for t in content_terms(_QUALIFIER.split(found.group(1), maxsplit=1)[0]) if t not in _UNIT_WORDS]
        if terms and terms[-1] in query.unknown:
            return found.group(1).strip()
    return ""
