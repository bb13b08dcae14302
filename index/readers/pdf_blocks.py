"""PDF lines in reading order -> the title seen on the first page and a Markdown body (pure).

Lines make a paragraph while their spacing, size and weight stay the same, and until a line that
ends a sentence falls short of the column's edge or the next line is indented; a hyphen at a
line's end before a lower-case letter joins the word; a paragraph cut by a column or page break
goes on when it had not ended its sentence. Lines larger than the body text (or bold at its size) are
headings, ranked by size; the largest at the top of page one is the title. Text in a drawn box
that ends with "— Name, role" (or is italic or in quotation marks) is a blockquote, as is an
italic or quoted paragraph followed by such a line.
"""

from __future__ import annotations

import re
from collections import Counter

from index.readers import markdown as md
from index.readers.pdf_words import Line

_BULLET = re.compile(r"^\s*(?:[•▪◦●‣■□–-]|\d{1,2}[.)])\s+")
_ENDS_SENTENCE = re.compile(r"[.!?:;…”\"’)\]]$")
_HYPHENS = ("-", "\u00ad", "\u2010")
_ENDS_QUOTE = re.compile(r"[”\"’][.,]?$")
HEADING_RATIO = 1.15  # a heading's size over the body text's


def to_markdown(lines: list[Line]) -> tuple[str, str]:
    """(the first page's title, or "" when none stands out; the body as Markdown)."""
    groups = _groups(lines)
    body_size = _body_size(lines)
    heads = [i for i, g in enumerate(groups) if _is_heading(g, body_size)]
    title, title_at = _title(groups, heads)
    levels = _levels([groups[i] for i in heads if i != title_at], body_size)
    blocks: list[tuple[str, str]] = []  # (kind, markdown)
    i = 0
    while i < len(groups):
        group = groups[i]
        if i == title_at:
            i += 1
        elif group[0].rows:
            blocks.append(("table", md.table([list(r) for r in group[0].rows])))
            i += 1
        elif group[0].box >= 0:
            end = i
            while end + 1 < len(groups) and groups[end + 1][0].box == group[0].box and not groups[end + 1][0].rows:
                end += 1
            blocks.append(_boxed(groups[i:end + 1]))
            i = end + 1
        elif i in heads:
            blocks.append(("heading", md.heading(levels[_size_key(group, body_size)], _text(group))))
            i += 1
        elif _BULLET.match(group[0].text):
            blocks.append(("list", "\n".join(md.bullet(_BULLET.sub("", item)) for item in _items(group))))
            i += 1
        elif i + 1 < len(groups) and _quoted(group) and _attribution(groups[i + 1]):
            blocks.append(("quote", md.blockquote([_text(group)], _text(groups[i + 1]))))
            i += 2
        elif blocks and group[0].fresh and blocks[-1][0] == "paragraph" and not _ENDS_SENTENCE.search(blocks[-1][1]):
            blocks[-1] = ("paragraph", _join([blocks[-1][1], _text(group)]))
            i += 1
        else:
            blocks.append(("paragraph", _text(group)))
            i += 1
    return title, md.join_blocks([b for _, b in blocks])


def _groups(lines: list[Line]) -> list[list[Line]]:
    """Lines cut into paragraphs (a table is a group of its own)."""
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or _starts_group(groups[-1], line):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _starts_group(group: list[Line], line: Line) -> bool:
    prev = group[-1]
    if line.rows or prev.rows or line.fresh or line.box != prev.box or line.page != prev.page:
        return True
    if abs(line.size - prev.size) > 0.6 or line.bold != prev.bold or line.italic != prev.italic:
        return True
    if md.is_attribution(line.text) and (prev.italic or _ENDS_QUOTE.search(prev.text)):
        return True  # "— Name, role" under a quotation in the same print: its attribution, not its last line
    if line.top - prev.bottom > 0.6 * max(prev.size, line.size) or _BULLET.match(line.text):
        return True
    if not _ENDS_SENTENCE.search(prev.text) or _BULLET.match(group[0].text):
        return False
    indented = line.x0 - prev.x0 >= 0.8 * line.size  # a first-line indent after a sentence's end
    short = prev.right - prev.x1 > 0.2 * max(prev.right - min(g.x0 for g in group), 1)
    return indented or short


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_heading(group: list[Line], body_size: float) -> bool:
    if group[0].rows or group[0].box >= 0 or len(group) > 3 or _BULLET.match(group[0].text):
        return False
    text = _text(group)
    if len(text.split()) > 20 or md.is_attribution(text):
        return False
    if group[0].size >= HEADING_RATIO * body_size:
        return True
    return group[0].bold and group[0].size >= 0.95 * body_size and len(text.split()) <= 12 and not text.endswith(".")


def _size_key(group: list[Line], body_size: float) -> float:
    """Larger ranks higher; bold at body size ranks below every larger heading."""
    size = round(group[0].size * 2) / 2
    return size if size >= HEADING_RATIO * body_size else 0.0


def _levels(headings: list[list[Line]], body_size: float) -> dict[float, int]:
    sizes = sorted({_size_key(g, body_size) for g in headings}, reverse=True)
    return {size: 2 + rank for rank, size in enumerate(sizes)}


def _title(groups: list[list[Line]], heads: list[int]) -> tuple[str, int]:
    """The largest heading among the first groups of page one, when nothing else is as large."""
    first = [i for i in heads if groups[i][0].page == 0 and i < 4]
    if not first:
        return "", -1
    best = max(first, key=lambda i: groups[i][0].size)
    if any(groups[i][0].size >= groups[best][0].size - 0.5 for i in heads if i != best):
        return "", -1
    return _text(groups[best]), best


def _boxed(groups: list[list[Line]]) -> tuple[str, str]:
    """A framed passage: a quotation when it ends with an attribution or looks quoted, else paragraphs."""
    texts = [_text(g) for g in groups]
    if len(texts) > 1 and md.is_attribution(texts[-1]):
        return "quote", md.blockquote(texts[:-1], texts[-1])
    if all(_quoted(g) for g in groups):
        return "quote", md.blockquote(texts)
    return "paragraph", "\n\n".join(texts)


def _quoted(group: list[Line]) -> bool:
    text = _text(group)
    return all(line.italic for line in group) or (text[:1] in "“\"" and text[-1:] in "”\"")


def _attribution(group: list[Line]) -> bool:
    return len(group) <= 3 and not group[0].rows and md.is_attribution(_text(group))


def _items(group: list[Line]) -> list[str]:
    items: list[list[str]] = []
    for line in group:
        if _BULLET.match(line.text) or not items:
            items.append([line.text])
        else:
            items[-1].append(line.text)
    return [_join(item) for item in items]


def _text(group: list[Line]) -> str:
    return _join([line.text for line in group])


def _join(parts: list[str]) -> str:
    """Lines to one string: a word broken by a hyphen at a line's end is joined again."""
    text = ""
    for part in (md.clean(re.sub("\u00ad\\s*$", "-", p)) for p in parts):
        if text.endswith(_HYPHENS) and len(text) > 1 and text[-2].isalpha() and part[:1].islower():
            text = text[:-1] + part
        elif part:
            text = f"{text} {part}" if text else part
    return text
