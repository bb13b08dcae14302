"""The platform-neutral enabler summary every surface renders (built by bot/enablers.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer import Contact, DocumentRef, EnablerRef, Snippet


@dataclass(frozen=True)
class Quote:
    text: str  # the quotation, verbatim
    name: str  # who said it, as attributed in the document
    role: str
    organisation: str
    document: DocumentRef


@dataclass(frozen=True)
class Example:
    label: str  # the collaborative or organisation, e.g. "West Yorkshire MHLDA collaborative"
    snippet: Snippet


@dataclass(frozen=True)
class EnablerSummary:
    enabler: EnablerRef
    description: str  # the one-liner from knowledge/enablers.yaml
    lesson_count: int  # passages in the corpus that speak to it
    practices: tuple[Snippet, ...] = ()
    examples: tuple[Example, ...] = ()
    quotes: tuple[Quote, ...] = ()
    contacts: tuple[Contact, ...] = ()
    related: tuple[EnablerRef, ...] = ()


@dataclass(frozen=True)
class EnablerListing:
    enabler: EnablerRef
    description: str
    lesson_count: int
