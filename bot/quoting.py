"""A passage cut into the document's own text and its quotations (pure), from the quotations the
index found when it was built; how a quotation is then shown is bot/answer.py's `enclose` and
`whole_sentences`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer import EDITORIAL, QUOTE, Segment, Speaker
from index import Quotation


def segments(text: str, quotations: Sequence[Quotation], offset: int = 0) -> tuple[Segment, ...]:
    """`text` (which is passage_text[offset:offset + len(text)]) as ordered segments: attributed
    quotations (inline or blockquotes) are quotes; everything else, including a quotation whose
    speaker the document does not name, with its own marks, is the document's text. What a quotation occupies besides its
    words (its marks, a blockquote's attribution line, "…,” explains Dr X, …") is in no segment,
    so an attribution is shown once, from the speaker. A quotation whose words are only partly
    inside `text` is left out of it altogether."""
    found: list[Segment] = []
    cursor = 0
    for q in sorted((q for q in quotations if q.name), key=lambda q: q.span_start):
        start, end = max(q.span_start - offset, 0), min(q.span_end - offset, len(text))
        if end <= start or start < cursor:
            continue  # outside `text`
        found += _editorial(text, cursor, start)
        if q.text and q.start - offset >= 0 and q.end - offset <= len(text):
            speaker = Speaker(q.name, q.role, q.organisation)
            found.append(Segment(QUOTE, q.text, q.start - offset, q.end - offset, speaker, q.block))
        cursor = end
    return tuple(found + _editorial(text, cursor, len(text)))


_BARE_MARKER = re.compile(r"(?:^|\n)[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]*$")  # a list item's marker, its words a quotation


_STRUCK = re.compile(r"~~(?!\s).*?~~", re.S)  # struck through (`index.quote_conflicts` reads it so): withdrawn text


def _editorial(text: str, start: int, end: int) -> list[Segment]:
    """The document's text between quotations, each piece trimmed, without what it strikes through ("~~“A,” said
    Jo.~~": words the document withdrew, never shown as its text nor with their marks). The marker of a list item
    whose words are the next quotation is the quotation's, not an empty bullet."""
    found, cursor = [], start
    for struck in _STRUCK.finditer(text, start, end):
        found += _piece(text, cursor, struck.start())
        cursor = struck.end()
    return found + _piece(text, cursor, end)


def _piece(text: str, start: int, end: int) -> list[Segment]:
    """One piece of the document's text, trimmed; nothing when it is only spaces or punctuation."""
    piece = text[start:end]
    if marker := _BARE_MARKER.search(piece):
        piece = piece[:marker.start()]
    if not re.search(r"\w", piece):
        return []
    lead = len(piece) - len(piece.lstrip())
    trimmed = piece.strip()
    return [Segment(EDITORIAL, trimmed, start + lead, start + lead + len(trimmed))]
