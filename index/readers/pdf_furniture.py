"""A PDF's page furniture (pure): headers, footers and page numbers, a small running header, what a
web browser prints in the margins (and the page's address it printed), and footnotes. The rules
are in index/readers/pdf_layout.py's docstring."""

from __future__ import annotations

import re
from collections import Counter

from index.readers.pdf_words import PageWords, Word, word_rows

_PAGE_NUMBER = re.compile(r"(?i)^[-–—\s]*(?:page\s*)?(?:#+|[ivxlc]{1,6})(?:\s*(?:of|/)\s*#+)?[-–—\s]*$")
# What browsers print in a page's margins: "11/29/26, 7:33 PM", "29/11/2026, 19:33", an address, "1/3".
_PRINT_STAMP = re.compile(r"(?i)(?:^|\s)\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s|$)")
_ADDRESS = re.compile(r"(?i)(?:^|\s)(?:(?:https?|file)://|www\.)\S+")
_PAGE_COUNTER = re.compile(r"(?:^|\s)\d+\s*/\s*\d+$")
_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})[.)]?\s*[A-Za-z“\"‘']")
NOTES_BAND = 0.35  # share of the page height at the bottom where footnotes stand
EDGE_ROWS = 2  # rows at each end of a page that may be furniture
BAND = 0.12  # share of the page height at the top and bottom where furniture stands


def printed_address(pages: list[PageWords]) -> str:
    """The page's address as a web browser printed it in a margin (`_printed_by_browser`), or ""."""
    page_rows = [word_rows(list(page.words)) for page in pages]
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


def page_furniture(page_rows: list[list[list[Word]]], pages: list[PageWords]) -> set[tuple[int, int]]:
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


def _masked(row: list[Word]) -> str:
    return re.sub(r"\d+", "#", " ".join(w.text for w in row)).strip().lower()
