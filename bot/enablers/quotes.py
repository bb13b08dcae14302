"""Finding quotations in a passage (pure): Markdown blockquotes whose last line is the attribution
("— Name, Role, Organisation"), and inline quotations whose speaker the same sentence names
("“…,” explains Dr Nick Jackson, clinical director for …"; "Keir explains that "…"").

A blockquote keeps its attribution as written. An inline quotation is attributed only to a
person the document names (its front matter), so a pronoun ("he goes on to say") or a scare
quote never becomes a misattributed quotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from index.mentions import name_forms

MIN_QUOTE_WORDS = 6  # shorter quoted words are terms or fragments ("drew people together")

_ATTRIBUTION = re.compile(r"(?:—|–|--?)\s*(\S.*)")
_INLINE = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')]*(?:\s+|$)")


class Speaker(Protocol):
    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class FoundQuote:
    text: str  # the quotation, verbatim
    name: str  # as attributed in the document
    role: str
    organisation: str
    start: int  # where the quotation (with a blockquote's attribution line) sits in the passage
    end: int
    block: bool  # a blockquote (which may name organisations only in its attribution)


@dataclass(frozen=True)
class PassageQuotes:
    quotes: tuple[FoundQuote, ...]  # attributed quotations
    spans: tuple[tuple[int, int], ...]  # every quotation of MIN_QUOTE_WORDS or more, attributed or not


def find_quotes(text: str, people: Sequence[Speaker] = ()) -> PassageQuotes:
    quotes, spans = [], []
    for start, end in _blocks(text):
        block = _blockquote(text[start:end], start, people)
        if block:
            quotes.append(block)
            spans.append((block.start, block.end))
    for match in _INLINE.finditer(text):
        if any(s <= match.start() < e for s, e in spans):
            continue
        words = (match.group(1) or match.group(2)).strip()
        if len(words.split()) < MIN_QUOTE_WORDS:
            continue
        spans.append((match.start(), match.end()))
        speaker = _inline_speaker(text, match, people)
        if speaker:
            quotes.append(FoundQuote(words.rstrip(",").rstrip(), speaker.name, speaker.role, speaker.organisation,
                                     match.start(), match.end(), block=False))
    return PassageQuotes(tuple(sorted(quotes, key=lambda q: q.start)), tuple(sorted(spans)))


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each block: passages join paragraphs, lists and quotations with a blank line."""
    spans, start = [], 0
    for match in re.finditer(r"\n\n+", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _blockquote(block: str, offset: int, people: Sequence[Speaker]) -> FoundQuote | None:
    lines = block.split("\n")
    if len(lines) < 2:
        return None
    attribution = _ATTRIBUTION.fullmatch(lines[-1].strip())
    if not attribution or (lines[-1].lstrip().startswith("- ") and any(l.lstrip().startswith("-") for l in lines[:-1])):
        return None  # no attribution line, or the last item of a list
    quote = block[: block.rindex("\n")].strip()
    parts = _split_attribution(attribution.group(1))
    name, role, organisation = parts[0], "", ""
    known = _known(name, people)
    if len(parts) >= 3 or not known:
        role, organisation = (parts + ["", ""])[1], ", ".join(parts[2:])
    else:
        role, organisation = known.role, known.organisation
    return FoundQuote(quote, name, role, organisation, offset, offset + len(block), block=True)


def _split_attribution(text: str) -> list[str]:
    """"Name, Role, Organisation (on secondment, …)": split at commas outside brackets."""
    parts, depth, current = [], 0, ""
    for char in text.strip():
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [p for p in parts if p]


def _known(name: str, people: Sequence[Speaker]) -> Speaker | None:
    return next((p for p in people if any(_mentions(name, form) for form in name_forms(p.name))), None)


def _mentions(text: str, form: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


def _inline_speaker(text: str, match: re.Match, people: Sequence[Speaker]) -> Speaker | None:
    """The person the quotation's own sentence names: after it ("…,” Fiona says") or before it."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end == -1 else line_end
    lead_start = line_start
    for end in _SENTENCE_END.finditer(text, line_start, match.start()):
        lead_start = end.end()
    tail_end = line_end
    next_quote = _INLINE.search(text, match.end(), line_end)
    sentence_end = _SENTENCE_END.search(text, match.end(), line_end)
    for stop in (next_quote.start() if next_quote else None, sentence_end.end() if sentence_end else None):
        if stop is not None:
            tail_end = min(tail_end, stop)
    tail, lead = text[match.end():tail_end], text[lead_start:match.start()]
    best: tuple[int, Speaker] | None = None
    for person in people:
        for form in name_forms(person.name):
            after = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", tail)
            before = [m for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", lead)]
            distances = ([after.start()] if after else []) + ([len(lead) - before[-1].end() + 1000] if before else [])
            for distance in distances:  # a name after the quotation wins over one before it
                if best is None or distance < best[0]:
                    best = (distance, person)
    return best[1] if best else None
