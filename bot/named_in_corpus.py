"""What tells who or what a question names, made once per answerer from the index (pure): the documents'
organisations and aliases (`document_names`), and the passages holding each quoted person's words
(`quoting`)."""

from __future__ import annotations

from collections.abc import Iterable

from index import DocumentInfo, PhraseFinder, person_key


def document_names(documents: Iterable[DocumentInfo]) -> PhraseFinder[str]:
    """What tells that a question is about a document: one of its organisations or aliases, as whole
    words; an acronym (NELFT, BSW) only in capitals."""
    return PhraseFinder((name, doc.id, not name.isupper()) for doc in documents for name in doc.aliases + doc.organisations)


def quoting(passage_quotes: dict[int, tuple]) -> dict[str, set[int]]:
    """Each quoted person's key -> the passages holding their own words (made once per answerer)."""
    found: dict[str, set[int]] = {}
    for pid, quotes in passage_quotes.items():
        for q in quotes:
            if q.text and q.name:
                found.setdefault(person_key(q.name), set()).add(pid)
    return found
