"""The platform-neutral answer every surface renders (CLI text and JSON, Slack, Teams), and the
display rules every surface shares: how parts are joined, how a quotation is enclosed and cut."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from index import split_sentences
from index import words as plain_words

if TYPE_CHECKING:
    from index import DocumentInfo, Enabler

Outcome = Literal["answered", "not_covered", "out_of_scope"]
SegmentKind = Literal["editorial", "quote"]
_DOUBLE = "“”\""


def listed(*parts: str, separator: str = " · ") -> str:
    """The parts that are not empty, joined: "title · publisher · section", "role, organisation"."""
    return separator.join(part for part in parts if part)


def enclose(text: str) -> str:
    """“text”: a text that is one quotation already keeps its own marks; double marks inside
    become single ones (“We called it ‘one list’ from the start”), so marks never double and a
    quotation ending in a quotation still opens with its own mark."""
    if len(text) > 1 and text[0] in _DOUBLE and text[-1] in _DOUBLE and not any(c in _DOUBLE for c in text[1:-1]):
        return text
    inner: list[str] = []
    opening = True
    for char in text:
        if char == '"' and inner and inner[-1].isdigit():  # an inch mark (a 10" tablet), the speaker's own
            inner.append(char)
            continue
        if char == '"':  # a straight mark opens at the start or after a space or bracket, else closes
            opening = not inner or inner[-1].isspace() or inner[-1] in "([{—–-"
        inner.append({"“": "‘", "”": "’", '"': "‘" if opening else "’"}.get(char, char))
    return f"“{''.join(inner)}”"


def whole_sentences(words: str, limit: int) -> str:
    """The quotation's first sentences, as many as fit in `limit` characters (at least the first),
    cut only at a sentence end: a prefix of `words`, never starting or stopping mid-sentence."""
    if len(words) <= limit:
        return words
    end, cursor = 0, 0
    for sentence in split_sentences(words):
        stop = words.find(sentence, cursor) + len(sentence)
        if end and stop > limit:
            break
        end = cursor = stop
    return words[:end]


@dataclass(frozen=True)
class DocumentRef:
    id: str
    title: str
    publisher: str
    url: str

    @classmethod
    def of(cls, document: DocumentInfo) -> DocumentRef:
        return cls(document.id, document.title, document.publisher, document.url)

    def source(self, section: str = "") -> str:
        """"Title · publisher · section", for a source line."""
        return listed(self.title, self.publisher, section)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "publisher": self.publisher, "url": self.url}


@dataclass(frozen=True)
class Speaker:
    """Who a quotation is by, as the document attributes it."""

    name: str
    role: str = ""
    organisation: str = ""

    @property
    def credit(self) -> str:
        """"Name, role, organisation", for an attribution line."""
        return listed(self.name, self.role, self.organisation, separator=", ")

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "organisation": self.organisation}


EDITORIAL: SegmentKind = "editorial"
QUOTE: SegmentKind = "quote"


@dataclass(frozen=True)
class Segment:
    """A verbatim piece of a snippet: the document's own text ("editorial"), or a quotation of
    someone's words ("quote"; `speaker` is None when the document does not name them)."""

    kind: SegmentKind
    text: str  # exactly snippet.text[start:end]; a quotation's marks and attribution line left out
    start: int
    end: int
    speaker: Speaker | None = None
    block: bool = False  # a quotation set apart as a blockquote (else inline in a paragraph)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "speaker": self.speaker.to_dict() if self.speaker else None, "block": self.block}


@dataclass(frozen=True)
class Snippet:
    text: str  # verbatim passage (or excerpt of one) from the document
    score: float
    section: str
    document: DocumentRef
    passage_id: int
    segments: tuple[Segment, ...] = ()  # how surfaces show it: the document's text and quotations, apart

    def __post_init__(self):
        if not self.segments and self.text.strip():  # no quotations: all of it is the document's text
            object.__setattr__(self, "segments", (Segment(EDITORIAL, self.text, 0, len(self.text)),))

    def shows(self, words: str) -> bool:
        """Whether the snippet shows these words (a quotation), or part of them: its text holds them
        or one of its quotations is inside them (an excerpt cut mid-quotation)."""
        wanted = f" {plain_words(words)} "
        quoted = [plain_words(s.text) for s in self.segments if s.kind == QUOTE]
        return wanted in f" {plain_words(self.text)} " or any(q and f" {q} " in wanted for q in quoted)

    def to_dict(self) -> dict:
        return {"text": self.text, "score": round(self.score, 4), "section": self.section,
                "document": self.document.to_dict(), "segments": [s.to_dict() for s in self.segments]}


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    organisation: str
    reason: str  # why they are relevant, from metadata: role, organisation, note, the lesson they appear in
    document_ids: tuple[str, ...]
    is_person: bool = True
    quote: str = ""  # their own verbatim words from a quotation attributed to them that the snippets above
    # do not show ("" when there is none)
    nearest_quote: str = field(default="", compare=False)  # their quotation nearest the passage that credits
    # them, shown or not: for a surface that shows the person without those snippets (the digest)

    @property
    def affiliation(self) -> str:
        """"Role, organisation"."""
        return listed(self.role, self.organisation, separator=", ")

    def to_dict(self) -> dict:
        return {
            "name": self.name, "role": self.role, "organisation": self.organisation,
            "reason": self.reason, "quote": self.quote or None, "document_ids": list(self.document_ids),
        }


@dataclass(frozen=True)
class Identity:
    """How a contact can be mentioned on each platform (from knowledge/contacts.yaml)."""

    slack_user_id: str = ""
    email: str = ""  # looked up in Slack when there is no member id
    teams_upn: str = ""


@dataclass(frozen=True)
class EnablerRef:
    id: str
    name: str

    @classmethod
    def of(cls, enabler: Enabler) -> EnablerRef:
        return cls(enabler.id, enabler.name)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class Answer:
    """What peerbot says to a question. Three outcomes: answered (cited snippets); not covered
    (an on-topic question the lessons do not answer: at most two nearest passages, shown as such,
    and no contacts); out of scope (a kind of request peerbot is not for, with a pointer)."""

    question: str
    answered: bool
    snippets: tuple[Snippet, ...] = ()
    contacts: tuple[Contact, ...] = ()
    enablers: tuple[EnablerRef, ...] = ()
    suggestions: tuple[EnablerRef, ...] = field(default=(), compare=False)  # topics to try when not answered
    off_topic: bool = field(default=False, compare=False)  # declined as not peerbot's kind of question
    closest: tuple[Snippet, ...] = ()  # not covered: the nearest passages, labelled as not an answer
    topic: str = ""  # not covered: what the lessons do not cover, in the question's words
    pointer: str = ""  # out of scope: where to ask instead
    asked_nothing: bool = field(default=False, compare=False)  # out of scope for want of a question: the pointer is the reply
    about_peerbot: bool = field(default=False, compare=False)  # asked_nothing of the lessons, of peerbot: never of a thread
    lead: str = ""  # answered: the line before the snippets when not "Here is what peers have learned" (who led it)
    gap: bool = field(default=False, compare=False)  # answered with what the lessons say but not what was asked (a
    # post they name no one in): recorded as not answered, so the digest counts it among the gaps

    def __post_init__(self) -> None:
        if self.answered and (self.off_topic or self.closest):
            raise ValueError("an answered question has no decline details")

    @property
    def outcome(self) -> Outcome:
        if self.answered:
            return "answered"
        return "out_of_scope" if self.off_topic else "not_covered"

    @property
    def document_ids(self) -> list[str]:
        return list(dict.fromkeys(s.document.id for s in self.snippets))

    def to_dict(self) -> dict:
        """Exactly the keys of `peerbot ask --json`."""
        return {
            "question": self.question,
            "answered": self.answered,
            "outcome": self.outcome,
            "snippets": [s.to_dict() for s in self.snippets],
            "contacts": [c.to_dict() for c in self.contacts],
            "enablers": [e.to_dict() for e in self.enablers],
            "closest": [s.to_dict() for s in self.closest],
            "lead": self.lead,
        }


@dataclass(frozen=True)
class LoggedAnswer:
    answer: Answer
    question_id: str  # the question-log id; feedback buttons carry it
    redacted_question: str = ""  # the question as it may be shown again ("Share in channel")
