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
- Side frames (a drawn box with text beside it at the same height: a pull quote in the margin) are read whole,
  after the last row beside them, never row by row with that text.
"""

from __future__ import annotations

from collections import Counter

from index.readers.pdf_furniture import page_furniture
from index.readers.pdf_words import Line, PageWords, Word, word_rows


def read_order(pages: list[PageWords]) -> list[Line]:
    """Every page's lines in reading order, furniture and page numbers dropped."""
    frames = [_side_frames(page) for page in pages]
    framed = [{id(w) for inside, _ in side.values() for w in inside} for side in frames]
    page_rows = [word_rows([w for w in page.words if not _in_table(w, page) and id(w) not in inside])
                 for page, inside in zip(pages, framed)]
    drop = page_furniture(page_rows, pages)
    lines: list[Line] = []
    for number, (page, rows, side) in enumerate(zip(pages, page_rows, frames)):
        kept = [row for i, row in enumerate(rows) if (number, i) not in drop]
        lines += _page_lines(number, page, kept, side)
    return lines


SIDE_FRAME = 0.5  # a frame wider than this share of the page is a panel or a slide, not a box beside the text


def _side_frames(page: PageWords) -> dict[int, tuple[list[Word], float]]:
    """Each drawn frame (no table) at most SIDE_FRAME of the page wide with words outside it at its height, by its
    index: the words inside it, and the top of the last row beside it (the frame is read after that row)."""
    frames = {}
    for i, box in enumerate(page.boxes):
        if box.rows or box.x1 - box.x0 > SIDE_FRAME * page.width:
            continue
        inside = [w for w in page.words if box.holds(w.x0, w.top, w.x1, w.bottom) and not _in_table(w, page)]
        beside = [w.top for w in page.words if w.top < box.bottom and w.bottom > box.top and not _in_table(w, page)
                  and not box.holds(w.x0, w.top, w.x1, w.bottom)]
        if inside and beside:
            frames[i] = inside, max(beside)
    return frames


def _in_table(word: Word, page: PageWords) -> bool:
    return any(b.rows and b.holds(word.x0, word.top, word.x1, word.bottom) for b in page.boxes)


def _page_lines(number: int, page: PageWords, rows: list[list[Word]],
                frames: dict[int, tuple[list[Word], float]]) -> list[Line]:
    gutters = _gutters(rows)
    tables = [(i, b) for i, b in enumerate(page.boxes) if b.rows]
    items: list[tuple[float, int, list[Line]]] = []  # (top, column or -1 when spanning, lines)
    for row in rows:
        pieces = _split(row, gutters)
        for column, words in pieces:
            items.append((words[0].top, column, [_line(words, number, page)]))
    for inside, after in frames.values():  # just after the last row beside the frame
        items.append((after + 0.01, -1, [_line(words, number, page) for words in word_rows(inside)]))
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
    box = next((i for i, b in enumerate(page.boxes) if not b.rows and not b.edges and b.holds(x0, top, x1, bottom)), -1)
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
