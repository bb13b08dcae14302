"""The platform-neutral enabler summary and listing every surface renders (built by
bot/enablers/guide.py), what a typed enabler name resolves to, and the size of the corpus.

A summary with `lesson_count == 0` has nothing else in it: surfaces show
`bot.messages.no_lessons_yet(summary.enabler)` instead of empty sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from bot.answer import Contact, DocumentRef, EnablerRef, Snippet, Speaker


@dataclass(frozen=True)
class Quote:
    text: str  # the quotation, verbatim
    name: str  # who said it, as attributed in the document
    role: str
    organisation: str
    document: DocumentRef
    passage_id: int = 0  # the passage that holds it

    @property
    def speaker(self) -> Speaker:
        return Speaker(self.name, self.role, self.organisation)

    def to_dict(self) -> dict:
        return {"text": self.text, "name": self.name, "role": self.role, "organisation": self.organisation,
                "document": self.document.to_dict()}


@dataclass(frozen=True)
class Example:
    label: str  # the collaborative or organisation, e.g. "West Yorkshire MHLDA collaborative"
    snippet: Snippet

    def to_dict(self) -> dict:
        return {"label": self.label, **self.snippet.to_dict()}


@dataclass(frozen=True)
class EnablerSummary:
    enabler: EnablerRef
    description: str  # the one-liner from knowledge/enablers.yaml
    lesson_count: int  # lessons (documents) that speak to it: linked to it, or cited in the summary
    practices: tuple[Snippet, ...] = ()
    examples: tuple[Example, ...] = ()
    quotes: tuple[Quote, ...] = ()
    contacts: tuple[Contact, ...] = ()
    related: tuple[EnablerRef, ...] = ()

    def to_dict(self) -> dict:
        """Exactly the keys of `peerbot enabler --json NAME`."""
        return {
            "enabler": self.enabler.to_dict(), "description": self.description, "lesson_count": self.lesson_count,
            "practices": [s.to_dict() for s in self.practices], "examples": [e.to_dict() for e in self.examples],
            "quotes": [q.to_dict() for q in self.quotes], "contacts": [c.to_dict() for c in self.contacts],
            "related": [e.to_dict() for e in self.related],
        }


@dataclass(frozen=True)
class EnablerListing:
    enabler: EnablerRef
    description: str
    lesson_count: int

    def to_dict(self) -> dict:
        return {**self.enabler.to_dict(), "description": self.description, "lesson_count": self.lesson_count}


@dataclass(frozen=True)
class Resolution:
    enabler: EnablerRef | None  # None when the name is unknown or ambiguous
    suggestions: tuple[EnablerRef, ...] = ()  # the closest enablers when it is...
    close: bool = True  # ...or, when no enabler comes close, every one


class CorpusSize(NamedTuple):
    documents: int
    passages: int
