"""What a question asks of the lessons as documents (pure): `library_ask(question) -> LibraryAsk | None`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.introductions import past_introduction

Kind = Literal["link", "date", "publisher", "span", "collaboratives", "dates", "enablers", "overview"]
OF_THE_LIBRARY: frozenset[Kind] = frozenset({"collaboratives", "dates", "enablers", "overview"})  # the lessons as a whole
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
    r"|\b" + _DOCUMENT + r"\s+(?:are\s+|were\s+)?(?:written|authored|produced)\s+by\b|\bauthors?\s+of\b"
    r"|\b(?:which|what|any)\s+" + _DOCUMENT + r"\s+(?:are|is|were|was|came|come|comes)\s+from\b", re.IGNORECASE)
# the body a question asks has published: "Has the King's Fund published", "anything published by the Nuffield Trust"
_NAMED_BODY = re.compile(
    r"\b(?i:has|have|did|does|do)\s+(?:(?i:the)\s+)?(?P<a>(?:[A-Z][\w'’&-]*\s+){0,4}[A-Z][\w'’&-]*)\s+(?:ever\s+|also\s+|actually\s+)?"
    r"(?:publish|written|write|produced?)"
    r"|\b(?i:by|from)\s+(?:(?i:the)\s+)?(?P<b>(?:[A-Z][\w'’&-]*\s+){0,4}[A-Z][\w'’&-]*)")
# a body's guidance asked for: "does NICE have guidance on provider collaboratives?", "is there NHS England guidance on X?"
_BODY = r"(?:[A-Z][\w'’&-]*\s+){0,4}[A-Z][\w'’&-]*"
_GUIDANCE = re.compile(
    r"\b(?i:has|have|does|do|did)\s+(?:(?i:the)\s+)?(?P<a>" + _BODY + r")\s+(?i:(?:ever\s+|also\s+)?(?:have|has|got|"
    r"issued?|published|put\s+out|produced?)\s+(?:any\s+|a\s+|some\s+)?(?:guidance|guidelines|standards))\b"
    r"|\b(?i:is\s+there|are\s+there|any)\s+(?:(?i:any)\s+)?(?P<b>" + _BODY + r")\s+(?i:guidance|guidelines)\b")
# a body's work, the whole question: "tell me about the King's Fund's work", "the Nuffield Trust's reports?"
_WORK_OF = re.compile(
    r"^\W*(?:(?i:tell\s+me\s+about|what\s+about|show\s+me|what\s+(?:is|was|has\s+been)|anything\s+(?:on|of))\s+)?"
    r"(?P<the>(?i:the)\s+)?(?P<body>(?:[A-Z][\w'’&-]*\s+){0,4}?[A-Z][\w&-]*)['’]s?\s+"
    r"(?i:work|reports?|publications?|research|papers?|output|writing)\W*$")


# the library as a whole, the whole question: "which collaboratives are in the lessons?", "what are the key enablers?",
# "give me a summary of everything you know" (not "which collaboratives pooled waiting lists?", "… enablers for X?")
_LIBRARY = r"(?:(?:the|your)\s+)?(?:lessons?|library|corpus|documents?|case\s+studies|knowledge(?:\s+base)?)"
_COLLABORATIVES = re.compile(
    r"^\W*(?:which|what)\s+(?:provider\s+)?(?:collaboratives?|regions?|places|areas|systems|icss?|partnerships)\s+"
    r"(?:(?:are|is)\s+(?:there\s+)?(?:in|covered(?:\s+(?:in|by))?|mentioned(?:\s+in)?|named(?:\s+in)?|included(?:\s+in)?)\s*(?:" + _LIBRARY + r")?"
    r"|(?:do|does)\s+(?:you|peerbot|" + _LIBRARY + r")\s+(?:cover|know(?:\s+about)?|have|include|mention|talk\s+about))\W*$",
    re.IGNORECASE)
# the library's dates, the library named as "it" or "you": "what dates does it cover?", "how far back do you go?"
_DATES = re.compile(
    r"^\W*(?:what|which)\s+(?:dates?|years?|period|time\s*(?:span|frame))\s+(?:does|do|did)\s+(?:it|this|peerbot|you|"
    r"the\s+library)\s+(?:cover|span|go\s+back\s+to|run\s+from)\W*$|^\W*how\s+(?:far\s+back|recent)\s+(?:does|do|is|are)\s+"
    r"(?:it|peerbot|you|the\s+library)(?:\s+go)?\W*$", re.IGNORECASE)
_ENABLERS = re.compile(
    r"^\W*(?:(?:what|which)\s+(?:are|were)|(?:list|show|give)(?:\s+me)?)\s+(?:all\s+)?(?:the\s+)?(?:key\s+|main\s+)?enablers"
    r"(?:\s+(?:in\s+" + _LIBRARY + r"|(?:that\s+)?(?:you|peerbot)\s+(?:know|have|cover)(?:\s+about)?|there\s+are))?\W*$",
    re.IGNORECASE)
_OVERVIEW = re.compile(
    r"\b(?:summary|summari[sz]e|overview|rundown|run\s+down|tour)\b[^?.!]{0,20}?\b(?:everything|all)\s+(?:(?:that\s+)?"
    r"(?:you|peerbot)\s+(?:know|have|cover|hold)s?|(?:in\s+)?" + _LIBRARY + r")\W*$"
    r"|^\W*(?:tell\s+me\s+)?everything\s+(?:that\s+)?(?:you|peerbot)\s+knows?\W*$"
    r"|^\W*what(?:'s|\s+is)\s+in\s+(?:the|your)\s+(?:library|lessons|corpus|knowledge\s+base)\W*$"
    r"|^\W*(?:(?:please|can\s+you|could\s+you)\s+)?(?:summari[sz]e|give\s+me\s+(?:a\s+|an\s+)?(?:summary|overview)\s+of)\s+"
    r"(?:all\s+)?" + _LIBRARY + r"(?:\s+for\s+me)?(?:\s+please)?\W*$"
    # what peerbot covers, alone or after a greeting (an introduction is left out first: `past_introduction`)
    r"|^\W*(?:(?:hi|hello|hey|morning)(?:\s+(?:there|peerbot|all))?\W+)?(?:so\s+|and\s+)?(?:"
    r"(?:what|which)\s+(?:(?:topics?|subjects?|areas?|themes?)\s+)?(?:do|does|can)\s+(?:you|peerbot|" + _LIBRARY +
    r")\s+(?:cover|know\s+about|answer\s+questions\s+(?:on|about))"
    r"|(?:what|which)\s+(?:topics?|subjects?|areas?|themes?)\s+(?:are|is)\s+covered"
    r"|what\s+can\s+i\s+ask\s+(?:you\s+|peerbot\s+)?about)\W*$", re.IGNORECASE)
# how the asker would like it set out, which asks nothing of its own: "bullet points please", "as a list"
_LAYOUT = re.compile(r"(?:[,.;:!?-]\s*|\s+)(?:(?:in|as)\s+(?:a\s+)?)?(?:bullet(?:\s+points?|s)?|(?:short\s+)?list|table|"
                     r"brief(?:ly)?|short)(?:\s+(?:please|pls))?\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class LibraryAsk:
    kind: Kind
    year: str = ""  # "date": the year asked about, if any
    body: str = ""  # "publisher": the body asked about as the question names it ("the King's Fund"), if any
    about: bool = True  # the question has words of its own beyond asking for a document ("the report on boards")
    work: bool = False  # "publisher": asked as the body's work ("the King's Fund's work"), which a body the lessons name is not


def library_ask(question: str) -> LibraryAsk | None:
    """What `question` asks of the lessons as documents: their link or full text, their dates, their
    publishers, the dates of the work they tell of ("span"); of the library as a whole, its collaboratives, its
    key enablers or everything (`OF_THE_LIBRARY`); None for a question about what they say."""
    if kind := of_the_library(question):
        return LibraryAsk(kind)
    if _LINK.search(question):
        return LibraryAsk("link", about=bool(_ASKING.sub(" ", _LINK.sub(" ", question)).strip(" ?!.,")))
    if found := _DATE.search(question):
        return LibraryAsk("date", found.group("year") or found.group("year2") or "")
    if _SPAN.search(question):
        return LibraryAsk("span")
    if guidance := _GUIDANCE.search(question):
        return LibraryAsk("publisher", body=guidance.group("a") or guidance.group("b"), work=True)  # as a body's work
    if work := _WORK_OF.search(question):
        return LibraryAsk("publisher", body=(work.group("the") or "") + work.group("body"), work=True)
    if _PUBLISHER.search(question):
        named = _NAMED_BODY.search(question)
        group = ("a" if named.group("a") else "b") if named else ""
        if not named and not _OF_LESSONS.search(question):  # "what did the trusts publish about their plans?"
            return None
        the = "the " if named and re.search(r"\b(?i:the)\s+$", question[:named.start(group)]) else ""
        return LibraryAsk("publisher", body=f"{the}{named.group(group)}" if named else "")
    return None


def of_the_library(question: str) -> Kind | None:
    """What `question` asks of the lessons as a whole, when that is all it asks (the whole question, how the
    asker would like it set out aside): their collaboratives, dates, key enablers or everything; None else.
    Such a question stands alone in a thread or chat: it asks nothing of the answer before it."""
    whole = _LAYOUT.sub("", past_introduction(question))  # "hi, I'm a new CEO. what do you cover?"
    kinds: tuple[tuple[Kind, re.Pattern], ...] = (
        ("collaboratives", _COLLABORATIVES), ("dates", _DATES), ("enablers", _ENABLERS), ("overview", _OVERVIEW))
    return next((kind for kind, pattern in kinds if pattern.search(whole)), None)


# the words of a request for a document that name no subject: "where can i find the source for that?"
_ASKING = re.compile(r"\b(?:can|could|would|will|you|please|pls|send|share|give|me|us|i|we|where|what|is|are|the|a|an|"
                     r"it|this|that|these|those|them|there|here|for|to|of|on|in|find|get|see|read|have|has|do|does|"
                     r"got|any|some|one|ones|thanks|thank|hi|hello|again|full|whole|link|links|report|document|source)\b|"
                     r"[^\w\s]", re.IGNORECASE)
# a question about publishing that is about the lessons: it names them, or asks for anything on its subject
_OF_LESSONS = re.compile(r"\b(?:" + _DOCUMENT + r"|anything|these|them|this|any)\b", re.IGNORECASE)
