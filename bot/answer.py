"""The platform-neutral answer every surface renders (CLI text and JSON, Slack, Teams)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    question: str
    answered: bool
    snippets: tuple[Snippet, ...] = ()
    contacts: tuple[Contact, ...] = ()
    enablers: tuple[EnablerRef, ...] = ()
    suggestions: tuple[EnablerRef, ...] = field(default=(), compare=False)  # topics to try when not answered
    off_topic: bool = field(default=False, compare=False)  # declined as not peerbot's kind of question

    @property
    def document_ids(self) -> list[str]:
        return list(dict.fromkeys(s.document.id for s in self.snippets))

    def to_dict(self) -> dict:
        """Exactly the keys of `peerbot ask --json`."""
        return {
            "question": self.question,
            "answered": self.answered,
            "snippets": [s.to_dict() for s in self.snippets],
            "contacts": [c.to_dict() for c in self.contacts],
            "enablers": [e.to_dict() for e in self.enablers],
        }
