"""What tells who or what a question names, made once per answerer from the index (pure): the documents'
organisations and aliases (`document_names`), and the passages holding each quoted person's words
(`quoting`), and the quoted person a misspelt name means (`spelt_as`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from rapidfuzz.distance import DamerauLevenshtein

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


MISSPELT_EDITS = 1  # edits (a letter added, dropped, changed or two swapped) a misspelt word of a name may have
MISSPELT_MIN_CHARS = 4  # a shorter word of a name must be spelt right ("Jo", "Ann")


def spelt_as(key: str, known: Collection[str]) -> str:
    """The one known person key (`person_key`) that `key` misspells ("cathy elliot" for "cathy elliott"):
    as many words, each the same or, when it has `MISSPELT_MIN_CHARS` letters or more, at most
    `MISSPELT_EDITS` edits away; `key` itself when it is known, "" when no one or more than one is that close.
    Only a question asking what someone said looks, over the quoted people alone (not every person named)."""
    if key in known:
        return key
    words = key.split()
    close = [name for name in known if _misspells(words, name.split())]
    return close[0] if len(close) == 1 else ""


def _misspells(words: list[str], name: list[str]) -> bool:
    return len(words) == len(name) and all(
        w == n or (min(len(w), len(n)) >= MISSPELT_MIN_CHARS and DamerauLevenshtein.distance(w, n) <= MISSPELT_EDITS)
        for w, n in zip(words, name, strict=True))
