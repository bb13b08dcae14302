"""A PDF page's positioned words, the frames and tables drawn on it, the lines read from them (the
records index/readers/pdf.py makes and pdf_layout.py reads), and the words' rows on one baseline
(pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Box:
    """A drawn frame (a pull quote's box) or, with `rows`, a table the library found."""

    x0: float
    top: float
    x1: float
    bottom: float
    rows: tuple[tuple[str, ...], ...] = ()
    edges: bool = False  # drawn as four lines, edge by edge: only a side frame's place in the reading order counts

    def holds(self, x0: float, top: float, x1: float, bottom: float) -> bool:
        x, y = (x0 + x1) / 2, (top + bottom) / 2
        return self.x0 - 1 <= x <= self.x1 + 1 and self.top - 1 <= y <= self.bottom + 1


@dataclass(frozen=True)
class PageWords:
    width: float
    height: float
    words: tuple[Word, ...]
    boxes: tuple[Box, ...] = ()


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False
    page: int = 0
    box: int = -1  # index of the frame around it on its page, -1 for none
    fresh: bool = False  # first line of a page or a column: a paragraph may continue across it
    right: float = 0.0  # right edge of its column
    rows: tuple[tuple[str, ...], ...] = ()  # a table's rows (then `text` is "")


_SUPERSCRIPT = str.maketrans("0123456789,-–", "⁰¹²³⁴⁵⁶⁷⁸⁹'⁻⁻")


def word_rows(words: list[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for word in sorted(_superscripts_attached(words), key=lambda w: (round(w.bottom, 1), w.x0)):
        if rows and abs(rows[-1][-1].bottom - word.bottom) <= 0.35 * max(word.size, 1):
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _superscripts_attached(words: list[Word]) -> list[Word]:
    """A raised small number right after a word (a citation's "5", m²) joins that word as superscript
    digits ("Trewin.⁵"), so it is no row, and no paragraph, of its own."""
    small = [w for w in words if re.fullmatch(r"\d{1,3}(?:[,–-]\d{1,3})*", w.text)]
    joined: dict[int, Word] = {}
    gone: set[int] = set()
    for sup in small:
        for i, base in enumerate(words):
            base = joined.get(i, base)
            if (base is not sup and sup.size <= 0.85 * base.size and base.top < sup.bottom < base.bottom - 0.15 * base.size
                    and sup.top >= base.top - 0.6 * base.size and -1 <= sup.x0 - base.x1 <= 0.3 * base.size):
                joined[i] = Word(**{**base.__dict__, "text": base.text + sup.text.translate(_SUPERSCRIPT),
                                    "x1": sup.x1})
                gone.add(id(sup))
                break
    return [joined.get(i, w) for i, w in enumerate(words) if id(w) not in gone]
