"""A quotation over several paragraphs, each opening with a mark and only the last closing it: whose its open
paragraphs are when it closes (its last paragraph's speaker, or the one named before its first mark), the rest
carried over a page's footer and header, and one that never closes ("“A, said Jo Bloggs."). The rules: `index.quotes`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from index.inline_quotes import InlineReading
from index.page_breaks import carried_over
from index.quotation import Attributed, Quotation
from index.quote_shapes import closing_rest
from index.speakers import Speaker
from index.text import bare_name


class ContinuedReading(InlineReading):
    """Keeps the open paragraphs of a quotation over several paragraphs until one closes it."""

    def __init__(self, people: Sequence[Speaker], pronouns: dict[str, str]):
        super().__init__(people, pronouns)
        # the paragraphs of a quotation over several paragraphs read so far, each opening with a mark
        # and closing none, as (its passage's quotations, passage text, start, end)
        self.opened: list[tuple[list[Quotation], str, int, int]] = []
        self.opened_by: Speaker | None = None  # its speaker, when its first paragraph named them before the mark
        self.page_break = False  # whether page furniture came after an open quotation's paragraph (`index.page_breaks`)

    def _unclosed(self, text: str, start: int, end: int, at: int, person: Speaker | None) -> Quotation:
        """“A, said Jo Bloggs." with no closing mark: the words from the mark to the credit's comma are Jo's (no
        one's after "said a carer"), and no later paragraph carries them on."""
        credit = (person.name, person.role, person.organisation) if person else ("", "", "")
        quote = Quotation(start + 1, start + at, start, end, text[start + 1:start + at], *credit)
        self._remember(quote)
        return quote

    def _after_page_break(self, text: str, start: int, end: int) -> Quotation | None:
        """The rest of a quotation a page's footer and header interrupted ("Jo put it: “A…" / furniture / "b.”"),
        credited with its open pieces as `_close` credits them; None when the paragraph is not only its rest, or
        the page broke a word ("ther-" / "apists")."""
        words = carried_over(text[start:end])
        _, piece, piece_start, piece_end = self.opened[-1]
        if words is None or piece[piece_start:piece_end].rstrip().endswith("-"):
            return None
        rest = self._close(Quotation(start, start + len(words), start, end, words))
        self.opened = []
        self._remember(rest)
        return rest

    def _rest_with_credit(self, text: str, start: int, end: int, page_break: bool) -> Quotation | None:
        """The rest of an open quotation and its credit, alone in a paragraph ("“A …" / "… b,” said Jo Bloggs.", or
        after a page break, "“A" / furniture / "b,” said Jo."): the rest is whom the credit names, and so are the open
        pieces (`_close`); None when the paragraph is anything else, or the page broke a word."""
        paragraph = text[start:end]
        at = closing_rest(paragraph)
        tail = paragraph[at + 1:] if at is not None else ""
        _, piece, piece_start, piece_end = self.opened[-1]
        if (at is None or re.search(r"[“”\"‘«»„\n]", tail) or not re.fullmatch(r"[^.!?]*[.!?]?\s*", tail)
                or page_break and piece[piece_start:piece_end].rstrip().endswith("-")):
            return None
        speaker, by_tail = self._inline_speaker("", tail)
        if not speaker or not by_tail:
            return None
        words = paragraph[:at].rstrip().rstrip(",").rstrip()
        rest = self._close(Quotation(start, start + len(words), start, end, words, speaker.name, speaker.role,
                                     speaker.organisation))
        self.opened = []
        self._remember(rest)
        return rest

    def _close(self, last: Quotation) -> Quotation:
        """A quotation over several paragraphs ("“A…" / "“B…" / "“C,” says Jo"): the open paragraphs
        are the speaker of its last paragraph's, or of the first paragraph's words before its mark
        ("Jo Bloggs said: “A…"); no one's when that is no one's or the two differ."""
        speaker: Speaker | None = Attributed(last.name, last.role, last.organisation) if last.name else None
        if self.opened_by and speaker and bare_name(speaker.name).lower() != bare_name(self.opened_by.name).lower():
            return last  # "Jo said: “A…" / "“B,” says Sam": whose are the first words?
        speaker = speaker or self.opened_by
        if speaker is None:
            return last
        for quotes, text, start, end in self.opened:
            words = text[start + 1:end].rstrip()
            quotes.append(Quotation(start + 1, start + 1 + len(words), start, end, words,
                                    speaker.name, speaker.role, speaker.organisation))
        return replace(last, name=speaker.name, role=speaker.role, organisation=speaker.organisation)
