"""What a question asks about: the subject of its asking for lessons ("Mr Jones fell on the ward last
week, how do collaboratives share learning from falls?": falls), not the words of asking around it
("collaboratives share learning"), nor an email's sign-off pasted after it."""

from __future__ import annotations

import re

from index import Query, content_terms

# the subject of asking for lessons: "share learning from falls", "lessons on sepsis", "learnt about X"
_LEARNING_FROM = re.compile(r"\b(?:learning|learn|learns|learned|learnt|lessons?)(?:\s+(?:learned|learnt|shared))?"
                            r"\s+(?:from|on|about|around)\s+([^.?!;:,]+)", re.IGNORECASE)


def unknown_subject(query: Query) -> str:
    """The subject of a question asking for lessons from, on or about something ("how do collaboratives
    share learning from falls?": "falls") when the corpus uses none of its content words, else "": the
    lessons do not cover it, however much they say about sharing learning."""
    found = _LEARNING_FROM.search(query.searched)
    subject = found.group(1).strip() if found else ""
    terms = content_terms(subject)
    return subject if terms and all(t in query.unknown for t in terms) else ""


# an email's sign-off after the question, and all that follows it (a name, a title, a trust, a number)
_SIGN_OFF = re.compile(r"(?<=[?.!])\s*(?:many thanks|thanks(?: so much| in advance)?|thank you|kind regards|best wishes|"
                       r"best regards|warm regards|regards|cheers|sent from my)\b.*$", re.IGNORECASE | re.DOTALL)


def without_sign_off(question: str) -> str:
    """`question` without an email's sign-off pasted after it ("…decision making? Many thanks, Sarah Jones,
    Chief Executive, Example NHS Foundation Trust, Tel …"): the signature's words are not the question's."""
    return _SIGN_OFF.sub("", question).strip() or question
