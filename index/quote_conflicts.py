"""Words a document credits to two different people (pure): a pull quote, a box or a caption
repeating a quotation under another name than the body gives ("“A,” said Jo Bloggs" in the text,
"“A.” — Sam Able" in a pull quote, or a heading that is only “A” over a "— Sam Able" line). A
reader cannot tell whose the words are, so they are no one's wherever the document prints them, and
the "— Name" line under them is hidden (an empty quotation credited to the name covers it), so no
name stands under words the document does not settle are theirs. So are words a correction note quotes
("Correction: an earlier version attributed the line “A” to Jo Bloggs; it was said by Sam Able"): the
document says their credit was once wrong, and a body that still reads "“A,” said Jo Bloggs" may be the
version it corrects, and words in a paragraph that says they were withdrawn ("She later withdrew the remark."). Words
the document strikes through ("~~“A,” said Jo Bloggs.~~", `<del>`, `<s>`, a struck Word run), and a quotation holding
struck words ("“We will ~~close~~ keep the ward,” said Jo"), are no one's where they stand: the marks would hold words
she did not say, or lose some she did."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from index.attribution_phrases import WITHDRAWN
from index.quotation import Quotation
from index.quote_shapes import ATTRIBUTION, INLINE, split_attribution
from index.text import CREDIT_DASH, bare_name


class Passage(Protocol):
    @property
    def section(self) -> str: ...
    @property
    def text(self) -> str: ...


def without_contradicted(found: Sequence[Sequence[Quotation]], passages: Sequence[Passage]) -> list[list[Quotation]]:
    """`found` (each passage's quotations) with every quotation whose words the document also
    credits to someone else left to no one."""
    credits = [(_words(q.text), _person(q.name)) for quotes in found for q in quotes if q.name and q.text]
    headings = [_heading_credit(p) for p in passages]
    credits += [(words, _person(line.name)) for words, line in filter(None, headings)]
    contested = {words for words, person in credits
                 if any(not _same(person, other) and _overlap(words, theirs) for theirs, other in credits)}
    corrected = _corrected_words(passages)
    contested |= {words for words, _ in credits if any(_overlap(words, theirs) for theirs in corrected)}
    result = []
    for quotes, passage, heading in zip(found, passages, headings):
        kept = []
        struck = [m.span() for m in _STRUCK.finditer(passage.text)]
        for q in quotes:
            if q.text and q.name and (_words(q.text) in contested or any(s < q.end and q.start < e for s, e in struck)):
                kept.append(replace(q, name="", role="", organisation=""))
                kept += [line] if (line := _credit_line(q, passage.text)) else []
            else:
                kept.append(q)
        result.append(kept + [heading[1]] if heading and heading[0] in contested else kept)
    return result


_CORRECTION = re.compile(  # a note that a quotation's credit was wrong: "Correction:", "was misattributed", "we wrongly
    # attributed", "attributed … in error", "This article was amended to correct the attribution"
    r"\b(?:corrections?|misattribut\w*|(?:wrongly|incorrectly|mistakenly|falsely)\s+(?:attribut\w*|credit\w*)|"
    r"attributed\s+[^.]{0,200}?\s+in\s+error|correct\s+the\s+(?:attribution|credit))\b", re.I)


_STRUCK = re.compile(r"~~(?!\s).*?~~", re.S)  # struck-through text (the readers strike `<del>` and `<s>` so too)


def _corrected_words(passages: Sequence[Passage]) -> set[str]:
    """The words of every quotation in a paragraph whose own text, outside its quotations, is a correction note or
    says the words were withdrawn."""
    return {_words(m.group(0)[1:-1]) for p in passages for paragraph in p.text.split("\n\n")
            if _CORRECTION.search(outside := INLINE.sub(" ", paragraph)) or WITHDRAWN.search(outside)
            for m in INLINE.finditer(paragraph)} - {""}


def _heading_credit(passage: Passage) -> tuple[str, Quotation] | None:
    """A pull quote set as a heading (a heading that is only a quotation) over a passage opening with
    a "— Name" line: its words, and that line as an empty quotation credited to the name."""
    heading = passage.section.strip()
    quote = INLINE.fullmatch(heading)
    first = passage.text.split("\n", 1)[0]
    line = ATTRIBUTION.fullmatch(first.strip())
    parts = split_attribution(line.group(1)) if quote and line else []
    if not (quote and parts):
        return None
    return _words(quote.group(0)[1:-1]), Quotation(0, 0, 0, len(first), "", parts[0], block=True)


def _credit_line(quote: Quotation, text: str) -> Quotation | None:
    """A block quotation's "— Name" line, as an empty quotation credited to its name (None when it has none)."""
    line = re.search(rf"\n[ \t>]*{CREDIT_DASH}\s*\S", text[quote.end:quote.span_end]) if quote.block else None
    if not line:
        return None
    start = quote.end + line.start() + 1
    return Quotation(start, start, start, quote.span_end, "", quote.name, quote.role, quote.organisation, block=True)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+(?:[’']\w+)*", text.lower()))


def _person(name: str) -> str:
    return bare_name(name).lower()


def _same(one: str, other: str) -> bool:
    """Whether two credits name one person ("rose okafor", and "okafor" on a line of its own)."""
    return one == other or one.endswith(f" {other}") or other.endswith(f" {one}")


def _overlap(one: str, other: str) -> bool:
    """Whether one quotation's words hold the other's, whole word for whole word."""
    return f" {one} " in f" {other} " or f" {other} " in f" {one} "
