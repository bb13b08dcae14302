"""Quotations as surfaces show them (pure): a passage cut into the document's own text and its
quotations, a quotation shortened only at a sentence end, and quotation marks that never double."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer import EDITORIAL, QUOTE, Segment, Speaker
from index.chunking import split_sentences
from index.quotes import Quotation

_DOUBLE = "“”\""


def segments(text: str, quotations: Sequence[Quotation], offset: int = 0) -> tuple[Segment, ...]:
    """`text` (which is passage_text[offset:offset + len(text)]) as ordered segments: attributed
    quotations and blockquotes are quotes; everything else, including an unattributed inline
    quotation with its own marks, is the document's text. What a quotation occupies besides its
    words (its marks, a blockquote's attribution line, "…,” explains Dr X, …") is in no segment,
    so an attribution is shown once, from the speaker. A quotation whose words are only partly
    inside `text` is left out of it altogether."""
    found: list[Segment] = []
    cursor = 0
    for q in sorted((q for q in quotations if q.block or q.name), key=lambda q: q.span_start):
        start, end = max(q.span_start - offset, 0), min(q.span_end - offset, len(text))
        if end <= start or start < cursor:
            continue  # outside `text`
        found += _editorial(text, cursor, start)
        if q.text and q.start - offset >= 0 and q.end - offset <= len(text):
            speaker = Speaker(q.name, q.role, q.organisation) if q.name else None
            found.append(Segment(QUOTE, q.text, q.start - offset, q.end - offset, speaker, q.block))
        cursor = end
    return tuple(found + _editorial(text, cursor, len(text)))


def _editorial(text: str, start: int, end: int) -> list[Segment]:
    """The document's text between quotations, trimmed; nothing when it is only spaces or punctuation."""
    piece = text[start:end]
    if not re.search(r"\w", piece):
        return []
    lead = len(piece) - len(piece.lstrip())
    trimmed = piece.strip()
    return [Segment(EDITORIAL, trimmed, start + lead, start + lead + len(trimmed))]


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


def enclose(text: str) -> str:
    """“text”, unless the text already opens or closes with double quotation marks of its own."""
    if text[:1] in _DOUBLE or text[-1:] in _DOUBLE:
        return text
    return f"“{text}”"
