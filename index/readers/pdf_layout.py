"""Positioned words of PDF pages -> lines in reading order, page furniture dropped (pure).

- Rows: words on one baseline.
- Furniture: the outermost rows at the top and bottom of a page that repeat on other pages (on
  two pages of a short document, three of a longer one; digits ignored, so "Page 3" matches
  "Page 4"), that are page numbers alone ("7", "Page 7 of 9", "- 7 -", "iv"), or a page's first
  row in small print standing apart above the text, or what a web browser prints around a page
  (in small print: the date and time, the page's address, "1/3"), or a page's footnotes (rows in
  small print at its foot, the first opening with a note's number: "1 Figures from …").
- Columns: gutters are vertical strips no row crosses while text stands on both sides; the rows
  between two full-width rows are read column by column, left to right.
- Tables (found by the PDF library) replace the words inside them, at their place in the flow.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_PAGE_NUMBER = re.compile(r"(?i)^[-–—\s]*(?:page\s*)?(?:#+|[ivxlc]{1,6})(?:\s*(?:of|/)\s*#+)?[-–—\s]*$")
# What browsers print in a page's margins: "11/29/26, 7:33 PM", "29/11/2026, 19:33", an address, "1/3".
_PRINT_STAMP = re.compile(r"(?i)(?:^|\s)\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s|$)")
_ADDRESS = re.compile(r"(?i)(?:^|\s)(?:(?:https?|file)://|www\.)\S+")
_PAGE_COUNTER = re.compile(r"(?:^|\s)\d+\s*/\s*\d+$")
_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})[.)]?\s*[A-Za-z“\"‘']")
NOTES_BAND = 0.35  # share of the page height at the bottom where footnotes stand
EDGE_ROWS = 2  # rows at each end of a page that may be furniture
BAND = 0.12  # share of the page height at the top and bottom where furniture stands


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


def read_order(pages: list[PageWords]) -> list[Line]:
    """Every page's lines in reading order, furniture and page numbers dropped."""
    page_rows = [_rows([w for w in page.words if not _in_table(w, page)]) for page in pages]
    drop = _furniture(page_rows, pages)
    lines: list[Line] = []
    for number, (page, rows) in enumerate(zip(pages, page_rows)):
        kept = [row for i, row in enumerate(rows) if (number, i) not in drop]
        lines += _page_lines(number, page, kept)
    return lines


def _in_table(word: Word, page: PageWords) -> bool:
    return any(b.rows and b.holds(word.x0, word.top, word.x1, word.bottom) for b in page.boxes)


_SUPERSCRIPT = str.maketrans("0123456789,-–", "⁰¹²³⁴⁵⁶⁷⁸⁹'⁻⁻")


def _rows(words: list[Word]) -> list[list[Word]]:
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


def _masked(row: list[Word]) -> str:
    return re.sub(r"\d+", "#", " ".join(w.text for w in row)).strip().lower()


def printed_address(pages: list[PageWords]) -> str:
    """The page's address as a web browser printed it in a margin (`_printed_by_browser`), or ""."""
    page_rows = [_rows(list(page.words)) for page in pages]
    body = _body_size(page_rows)
    for rows, page in zip(page_rows, pages):
        top, bottom = _edges(rows, page)
        for i in top + bottom:
            found = _ADDRESS.search(" ".join(w.text for w in rows[i]))
            if found and _printed_by_browser(rows[i], body):
                return found.group(0).strip()
    return ""


def _body_size(page_rows: list[list[list[Word]]]) -> float:
    """The commonest print size: the body text's."""
    sizes = Counter(round(w.size, 1) for rows in page_rows for row in rows for w in row)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _edges(rows: list[list[Word]], page: PageWords) -> tuple[list[int], list[int]]:
    """The rows at the top and at the bottom of a page that may be furniture."""
    top = [i for i in range(min(EDGE_ROWS, len(rows))) if rows[i][0].bottom <= BAND * page.height]
    bottom = [i for i in range(max(0, len(rows) - EDGE_ROWS), len(rows)) if rows[i][0].top >= (1 - BAND) * page.height]
    return top, bottom


def _furniture(page_rows: list[list[list[Word]]], pages: list[PageWords]) -> set[tuple[int, int]]:
    """(page, row) of each header, footer and page number."""
    body = _body_size(page_rows)
    edges: dict[tuple[int, int], str] = {}
    small: set[tuple[int, int]] = set()
    for number, (rows, page) in enumerate(zip(page_rows, pages)):
        top, bottom = _edges(rows, page)
        edges.update({(number, i): _masked(rows[i]) for i in top + bottom})
        if top and top[0] == 0 and len(rows) > 1 and _small_header(rows[0], rows[1], body):
            small.add((number, 0))
        small |= {(number, i) for i in top + bottom if _printed_by_browser(rows[i], body)}
        small |= {(number, i) for i in _footnotes(rows, page, body)}
    pages_with = Counter(text for _, text in {(n, text) for (n, _), text in edges.items()})
    repeated = 2 if len(pages) <= 4 else 3
    return small | {key for key, text in edges.items() if _PAGE_NUMBER.match(text) or pages_with[text] >= repeated}


def _footnotes(rows: list[list[Word]], page: PageWords, body: float) -> list[int]:
    """The rows of a page's footnotes: the run of rows in smaller print than the body at the foot of
    the page, from the highest of them that opens with a note's number ("1 Figures from …", "* Staff
    survey") down. A note is no passage, and its number no part of the text above it."""
    run = []
    for i in range(len(rows) - 1, -1, -1):
        if max(w.size for w in rows[i]) > 0.9 * body or rows[i][0].top < (1 - NOTES_BAND) * page.height:
            break
        run.append(i)
    starts = [i for i in run if _NOTE_MARK.match(" ".join(w.text for w in rows[i]))]
    return [i for i in run if i >= min(starts)] if starts else []


def _printed_by_browser(row: list[Word], body: float) -> bool:
    """A row in smaller print than the body holding the time the page was printed, its address or
    a page counter ("1/3"): what a web browser prints in the margins, even on a single page."""
    text = " ".join(w.text for w in row)
    small = max(w.size for w in row) <= 0.9 * body
    return small and any(p.search(text) for p in (_PRINT_STAMP, _ADDRESS, _PAGE_COUNTER))


def _small_header(row: list[Word], below: list[Word], body: float) -> bool:
    """A page's first row in smaller print than the body, well above the text: a running header
    even on a single page."""
    size = max(w.size for w in row)
    return size <= 0.9 * body and below[0].top - row[0].bottom >= 2 * size and len(row) <= 15


def _page_lines(number: int, page: PageWords, rows: list[list[Word]]) -> list[Line]:
    gutters = _gutters(rows)
    tables = [(i, b) for i, b in enumerate(page.boxes) if b.rows]
    items: list[tuple[float, int, list[Line]]] = []  # (top, column or -1 when spanning, lines)
    for row in rows:
        pieces = _split(row, gutters)
        for column, words in pieces:
            items.append((words[0].top, column, [_line(words, number, page)]))
    for i, table in tables:
        column = _column_of(table.x0, table.x1, gutters)
        items.append((table.top, column, [Line("", table.x0, table.x1, table.top, table.bottom, 0, page=number,
                                               box=i, rows=table.rows)]))
    items.sort(key=lambda item: item[0])
    spanning = [line for _, column, lines in items if column < 0 for line in lines]
    right = max((line.x1 for line in spanning), default=0.0)
    items = [(top, column, [Line(**{**line.__dict__, "right": right}) for line in lines] if column < 0 else lines)
             for top, column, lines in items]
    ordered: list[Line] = []
    region: list[tuple[int, Line]] = []
    for _, column, lines in items + [(0, -1, [])]:
        if column >= 0:
            region += [(column, line) for line in lines]
            continue
        ordered += _columns_in_order(region)
        region = []
        ordered += lines
    if ordered:
        ordered[0] = _fresh(ordered[0])
    return ordered


def _columns_in_order(region: list[tuple[int, Line]]) -> list[Line]:
    out: list[Line] = []
    for column in sorted({c for c, _ in region}):
        lines = [line for c, line in region if c == column]
        right = max(line.x1 for line in lines)
        lines = [Line(**{**line.__dict__, "right": right}) for line in lines]
        out += [_fresh(lines[0])] + lines[1:] if column else lines
    return out


def _fresh(line: Line) -> Line:
    return Line(**{**line.__dict__, "fresh": True})


def _line(words: list[Word], number: int, page: PageWords) -> Line:
    sizes: Counter[float] = Counter()
    for w in words:
        sizes[round(w.size, 1)] += len(w.text)
    x0, x1 = words[0].x0, max(w.x1 for w in words)
    top, bottom = min(w.top for w in words), max(w.bottom for w in words)
    box = next((i for i, b in enumerate(page.boxes) if not b.rows and b.holds(x0, top, x1, bottom)), -1)
    letters = sum(len(w.text) for w in words) or 1
    return Line(" ".join(w.text for w in words), x0, x1, top, bottom, sizes.most_common(1)[0][0],
                bold=sum(len(w.text) for w in words if w.bold) > letters / 2,
                italic=sum(len(w.text) for w in words if w.italic) > letters / 2, page=number, box=box, right=x1)


def _spans(row: list[Word]) -> list[tuple[float, float]]:
    """A row's inked stretches: words closer than their font size merge."""
    spans = [[row[0].x0, row[0].x1]]
    for w in row[1:]:
        if w.x0 - spans[-1][1] <= max(w.size, 4):
            spans[-1][1] = max(spans[-1][1], w.x1)
        else:
            spans.append([w.x0, w.x1])
    return [(a, b) for a, b in spans]


def _gutters(rows: list[list[Word]]) -> list[tuple[float, float]]:
    """Vertical strips at least 6pt wide crossed by almost no row, with three rows or more on each side."""
    if len(rows) < 6:
        return []
    spans = [_spans(row) for row in rows]
    left, right = int(min(s[0][0] for s in spans)), int(max(s[-1][1] for s in spans)) + 1
    cover = [0] * (right - left + 1)
    for row in spans:
        for a, b in row:
            for x in range(int(a) - left, int(b) - left + 1):
                cover[x] += 1
    allowed = max(1, len(rows) // 20)
    gutters: list[tuple[float, float]] = []
    start: int | None = None
    for x, count in enumerate(cover + [allowed + 1]):
        if count <= allowed and start is None:
            start = x
        elif count > allowed and start is not None:
            a, b = left + start, left + x - 1
            if b - a >= 6 and a > left and b < right - 1:
                sides = (sum(any(s[1] <= a for s in r) for r in spans), sum(any(s[0] >= b for s in r) for r in spans))
                if min(sides) >= 3:
                    gutters.append((a, b))
            start = None
    return gutters


def _column_of(x0: float, x1: float, gutters: list[tuple[float, float]]) -> int:
    """The column a stretch lies in by its centre, or -1 when it bridges a gutter's middle (or there are none)."""
    middles = [(a + b) / 2 for a, b in gutters]
    if not gutters or any(x0 < m < x1 for m in middles):
        return -1
    return sum(m < (x0 + x1) / 2 for m in middles)


def _split(row: list[Word], gutters: list[tuple[float, float]]) -> list[tuple[int, list[Word]]]:
    """A row cut at the gutters: (column, words) pieces, or one (-1, row) when it spans them."""
    if not gutters or any(_column_of(a, b, gutters) < 0 for a, b in _spans(row)):
        return [(-1, row)]
    pieces: dict[int, list[Word]] = {}
    for w in row:
        pieces.setdefault(_column_of(w.x0, w.x1, gutters), []).append(w)
    return sorted(pieces.items())
