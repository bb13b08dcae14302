"""What a question asks of the lessons as documents (pure): `library_ask(question) -> LibraryAsk | None`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["link", "date", "publisher", "span"]
_DOCUMENT = (r"(?:reports?|documents?|case[\s-]stud(?:y|ies)|papers?|publications?|articles?|lessons?|sources?|"
             r"studies|study|pages?|write[\s-]?ups?|originals?)")
# a link or the document in full: "link to the NELFT report?", "where can I read the full report?", "the url"
_LINK = re.compile(
    r"\b(?:a|the|any|send\s+me|share|give\s+me|got)\s+(?:web\s+)?links?\b(?!\s+(?:between|with|up))"
    r"|\blinks?\s+(?:to|for)\s+(?:the|that|this|their|its|a)\b[^?.!]{0,50}?\b" + _DOCUMENT +
    r"|^\W*links?\W*(?:please\W*)?$|\b(?:the|a|any|its|their)\s+(?:url|web\s+address|pdf)\b|\b(?:url|pdf)\s+(?:of|for|to)\s+(?:the|that|this|their|its)\b"
    r"|\b(?:full|original|whole|complete)\s+(?:text|version|" + _DOCUMENT + r")"
    r"|\bsource\s+(?:document|report|for)\b"
    r"|\bwhere\s+(?:can|do|could|would|should)\s+i\s+(?:read|find|get|see|download|access)\s+(?:the|it|this|that|them|these|a)\b"
    r"[^?.!]{0,40}?\b(?:" + _DOCUMENT + r"|in\s+full|source)"
    r"|\bread\s+(?:it|them|this|that|the\s+\w+)\s+in\s+full\b", re.IGNORECASE)
_YEAR = r"(?:19|20)\d\d"
# lessons of a year, the newest or oldest, or when one was published: "Which lessons are from 2023?"
_DATE = re.compile(
    r"\b" + _DOCUMENT + r"\s+(?:\w+\s+){0,2}?(?:from|in|of|dated|published\s+in|written\s+in)\s+(?P<year>" + _YEAR + r")\b"
    r"|\b(?P<year2>" + _YEAR + r")(?:'s)?\s+" + _DOCUMENT + r"\b"
    r"|\b(?:most\s+recent|latest|newest|oldest|earliest|up\s+to\s+date|how\s+old|how\s+recent|how\s+current)\b"
    r"[^?.!]{0,20}?\b" + _DOCUMENT +
    r"|\b" + _DOCUMENT + r"\b[^?.!]{0,20}?\b(?:up\s+to\s+date|how\s+old|how\s+recent|current)\b"
    r"|\bwhen\s+(?:was|were|did)\b[^?.!]{0,60}?\b(?:published|written|dated|come\s+out|came\s+out|released|publish)\b"
    r"|\bwhat\s+(?:dates?|years?)\b[^?.!]{0,30}?\b" + _DOCUMENT, re.IGNORECASE)
# how long the work a lesson tells of ran, or when it began or ended: "how long did the NELFT programme run for?",
# "when did the partnership start?" (not "how long did it take to agree a committee?": the lesson says)
_SPAN_VERB = r"(?:run|ran|running|last|lasted|go\s+on|went\s+on|take|took|start|started|begin|began|begun|end|ended|finish|finished|kick\s+off|kicked\s+off)"
_SPAN = re.compile(
    r"\bhow\s+long\s+(?:did|has|have|had|does|do)\b[^?.!]{0,60}?\b" + _SPAN_VERB + r"(?:\s+for)?\s*\??\s*$"
    r"|\bhow\s+long\s+(?:was|were|is)\s+(?:the|that|this|their|its)\b[^?.!]{0,50}?\b(?:programme|project|partnership|work|"
    r"engagement|review|support|collaboration)\s*\??\s*$"
    r"|\bwhen\s+(?:did|does|was|were|will)\b[^?.!]{1,60}?\b" + _SPAN_VERB + r"(?:\s+for)?\s*\??\s*$"
    r"|\bwhat\s+(?:dates?|years?|period)\s+(?:did|does|was|were)\b[^?.!]{1,60}?\b(?:run|cover|last|span)\b", re.IGNORECASE)
# who published or wrote the lessons, or whether a body did: "Has the King's Fund published anything on this?"
_PUBLISHER = re.compile(
    r"\bpublish(?:ed|es|ing|ers?)?\b|\bwho\s+(?:wrote|writes|authored|produced|made)\b[^?.!]{0,20}?\b" + _DOCUMENT +
    r"|\b" + _DOCUMENT + r"\s+(?:are\s+|were\s+)?(?:written|authored|produced)\s+by\b|\bauthors?\s+of\b", re.IGNORECASE)
# the body a question asks has published: "Has the King's Fund published", "anything published by the Nuffield Trust"
_NAMED_BODY = re.compile(
    r"\b(?i:has|have|did|does|do)\s+(?:(?i:the)\s+)?(?P<a>(?:[A-Z][\w'’&-]*\s+){0,4}[A-Z][\w'’&-]*)\s+(?:ever\s+|also\s+|actually\s+)?"
    r"(?:publish|written|write|produced?)"
    r"|\b(?i:by|from)\s+(?:(?i:the)\s+)?(?P<b>(?:[A-Z][\w'’&-]*\s+){0,4}[A-Z][\w'’&-]*)")


@dataclass(frozen=True)
class LibraryAsk:
    kind: Kind
    year: str = ""  # "date": the year asked about, if any
    body: str = ""  # "publisher": the body asked about as the question names it ("the King's Fund"), if any
    about: bool = True  # the question has words of its own beyond asking for a document ("the report on boards")


def library_ask(question: str) -> LibraryAsk | None:
    """What `question` asks of the lessons as documents: their link or full text, their dates, their
    publishers, the dates of the work they tell of ("span"); None for a question about what they say."""
    if _LINK.search(question):
        return LibraryAsk("link", about=bool(_ASKING.sub(" ", _LINK.sub(" ", question)).strip(" ?!.,")))
    if found := _DATE.search(question):
        return LibraryAsk("date", found.group("year") or found.group("year2") or "")
    if _SPAN.search(question):
        return LibraryAsk("span")
    if _PUBLISHER.search(question):
        named = _NAMED_BODY.search(question)
        group = ("a" if named.group("a") else "b") if named else ""
        if not named and not _OF_LESSONS.search(question):  # "what did the trusts publish about their plans?"
            return None
        the = "the " if named and re.search(r"\b(?i:the)\s+$", question[:named.start(group)]) else ""
        return LibraryAsk("publisher", body=f"{the}{named.group(group)}" if named else "")
    return None


# the words of a request for a document that name no subject: "where can i find the source for that?"
_ASKING = re.compile(r"\b(?:can|could|would|will|you|please|pls|send|share|give|me|us|i|we|where|what|is|are|the|a|an|"
                     r"it|this|that|these|those|them|there|here|for|to|of|on|in|find|get|see|read|have|has|do|does|"
                     r"got|any|some|one|ones|thanks|thank|hi|hello|again|full|whole|link|links|report|document|source)\b|"
                     r"[^\w\s]", re.IGNORECASE)
# a question about publishing that is about the lessons: it names them, or asks for anything on its subject
_OF_LESSONS = re.compile(r"\b(?:" + _DOCUMENT + r"|anything|these|them|this|any)\b", re.IGNORECASE)
