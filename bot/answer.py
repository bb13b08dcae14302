"""The platform-neutral answer every surface renders (CLI text and JSON, Slack, Teams)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["answered", "not_covered", "out_of_scope"]


@dataclass(frozen=True)
class DocumentRef:
    id: str
    title: str
    publisher: str
    url: str

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "publisher": self.publisher, "url": self.url}


@dataclass(frozen=True)
class Snippet:
    text: str  # verbatim passage from the document
    score: float
    section: str
    document: DocumentRef
    passage_id: int

    def to_dict(self) -> dict:
        return {"text": self.text, "score": round(self.score, 4), "section": self.section, "document": self.document.to_dict()}


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    organisation: str
    reason: str  # a verbatim line from the cited lesson
    document_ids: tuple[str, ...]
    is_person: bool = True

    def to_dict(self) -> dict:
        return {
            "name": self.name, "role": self.role, "organisation": self.organisation,
            "reason": self.reason, "document_ids": list(self.document_ids),
        }


@dataclass(frozen=True)
class EnablerRef:
    id: str
    name: str

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
        }
