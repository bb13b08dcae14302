"""What a question asks about is its asking clause's subject ("Mr Jones fell on the ward last week, how
do collaboratives share learning from falls?": falls), not a patient's story told before it (the ward,
the week), nor the words of asking for lessons around it ("collaboratives share learning")."""

from __future__ import annotations

import re

from bot.follow_up import POINTING, QUESTION_WORDS
from bot.redact import PLACEHOLDER, redact
from index import Query, content_terms

# who a story is about: a person the redaction named, or someone cared for or close to the asker
_SOMEONE = re.compile(r"\b(?:mr|mrs|ms|miss|dr|(?:a|my|the|our|one)\s+patient|my\s+(?:mum|mother|dad|father|son|daughter|wife|"
                      r"husband|partner|nan|nana|gran|grandma|grandad|grandfather|grandmother|aunt|uncle|brother|"
                      r"sister|friend|neighbour|child|baby|relative))\b", re.IGNORECASE)
# where the asking clause starts: after a comma, a clause's end or a spaced dash, at a question word
_ASKING = re.compile(r"(?:,|[.;:!?]|\s[-–—]+)\s*(?=(?:" + "|".join(sorted(QUESTION_WORDS)) + r")\b)", re.IGNORECASE)


def asked_without_story(question: str) -> str:
    """`question` from its asking clause on, when what comes before tells of a patient or someone close
    to the asker (a name `bot.redact` finds, "Mr", "a patient", "my mum") and asks nothing, and the asking
    clause has two content words of its own and points back to nothing in the story ("what should I do?",
    "how did others handle it?" need the story); otherwise `question` itself."""
    found = _ASKING.search(question)
    if not found:
        return question
    story, asking = question[:found.start()], question[found.end():].strip()
    if (any(w.lower() in QUESTION_WORDS for w in re.findall(r"[A-Za-z]+", story)[:1])
            or POINTING & {w.lower() for w in re.findall(r"[A-Za-z]+", asking)} or len(content_terms(asking)) < 2 or not (PLACEHOLDER.search(redact(story)) or _SOMEONE.search(story))):
        return question
    return asking


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
