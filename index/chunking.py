"""Splitting a document body into passages that respect headings, paragraphs and quotations.

Pure functions: no I/O, no model. The caller says how long a passage may be in words and
supplies `fits(text)`, which checks the passage (with its embedding context) against the
model's token limit so no text is lost to truncation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from index.block_markup import definition_rows, source_body, table_rows
from index.inline_markdown import plain
from index.speakers import speaks
from index.text import CREDIT_DASH, split_sentences

MIN_WORDS = 60
MAX_WORDS = 150

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_HEADLINE = re.compile(r"^[ ]{0,3}(\*\*|__)(?=\S)([^*_\n]*[“”\"‘’][^*_\n]*?)(?<=\S)\1[ \t]*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_TASK_BOX = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)\[[ xX]\]\s+", re.M)
_ATTRIBUTION = re.compile(rf"^\s*{CREDIT_DASH}\s*\S")
_LABEL_LINE = re.compile(r"[A-Z][\w&/ -]{0,30}:[ \t]+[^.!?\n]{1,80}")
_CALLOUT = re.compile(r"\[!([A-Za-z-]+)\][+-]?\s*")  # "[!NOTE]", "[!QUOTE]-": a callout's type, no text
_BROKEN_WORD = re.compile(r"[A-Za-z]{2}-\Z")  # "orthogeri-" at a line's end
_LOWER_START = re.compile(r"[a-z]+")
_SENTENCE_CLOSE = re.compile(r"[.!?…][\"”’')]*$")
SHORT_FRAGMENT_WORDS = 4


@dataclass(frozen=True)
class Block:
    """A paragraph, list or quotation (with its attribution) under a section heading."""

    section: str
    text: str
    kind: str  # "paragraph" | "list" | "quote" | "table" (a table's or definition list's rows, a line each)


@dataclass(frozen=True)
class Passage:
    position: int
    section: str
    text: str

    @property
    def word_count(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    return len(text.split())


def parse_blocks(body: str) -> list[Block]:
    """Blocks in reading order, their Markdown read as text (index/block_markup.py, inline_markdown.py);
    a quotation keeps its attribution line."""
    blocks: list[Block] = []
    section = ""
    for raw in re.split(r"\n[ \t\u00a0]*\n", source_body(body)):
        lines = [line.rstrip() for line in raw.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0]) or (_BOLD_HEADLINE.match(lines[0]) if len(lines) == 1 else None)
        if heading:  # a line wholly in bold holding a quotation ("**Jo: “…”**") is a headline: a heading, no turn
            section = plain(heading.group(2).strip())
            lines = lines[1:]
            if not lines:
                continue
        if all(line.lstrip().startswith(">") for line in lines):
            text = plain(_quote_text(lines))
            if text:
                blocks.append(Block(section, text, "quote"))
            continue
        rows = table_rows(lines) or definition_rows(lines)
        if rows is not None:
            if plain(rows).strip():
                blocks.append(Block(section, plain(rows), "table"))
            continue
        text = plain(_TASK_BOX.sub(r"\1", "\n".join(line.strip() for line in lines)) if _LIST_ITEM.match(lines[0])
                     else _joined_lines(lines))
        kind = "list" if _LIST_ITEM.match(lines[0]) else "paragraph"
        previous = blocks[-1] if blocks else None
        if (
            previous
            and previous.kind == "quote"
            and previous.section == section
            and _ATTRIBUTION.match(text)
            and count_words(text) <= 40
        ):
            blocks[-1] = Block(section, previous.text + "\n" + text, "quote")
            continue
        blocks.append(Block(section, text, kind))
    return blocks


def _joined_lines(lines: list[str]) -> str:
    """A paragraph's lines as one line. A word a hyphen breaks at a line's end (text extracted from a PDF) is
    joined again: without the hyphen when what follows is no word of its own ("orthogeri-" / "atrician"),
    with it otherwise ("seven-" / "day": "seven-day"), never with a space inside it."""
    text = ""
    for line in (line.strip() for line in lines):
        rest = _LOWER_START.match(line) if _BROKEN_WORD.search(text) else None
        if rest:
            from index.english import english_words  # only for the rare paragraph with a word broken at a line's end

            text = text + line if rest.group() in english_words() else text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def drop_furniture(blocks: list[Block]) -> list[Block]:
    """Drop page furniture that is no lesson: label lines ("Clients: …", "Date: …"), bare lists of
    names (a list whose every item is a short name with no sentence in it), and short fragments
    of a web page ("Leave a comment", "Source"); not a short line just above a paragraph opening with a
    quotation mark in its section (an interview's turn label, "**Sam Example**"; "Sam Example added:"), nor a name
    line above such a line ("**Sam Example**" / "Chief nurse, Vale NHS Trust" / "“…”"), nor one just under a
    paragraph ending with a closing mark, its credit or caption ("“…”³" / "— Sam Example")."""
    later = [*blocks[1:], None, None]
    return [b for b, before, after, next_after in zip(blocks, [None, *blocks], later, later[1:])
            if not is_furniture(b) or _labels(b, after) or _under_quotation(b, before)
            or after is not None and _labels(after, next_after, "quote") and _labels(b, next_after, "quote")
            and _is_name(b.text.strip().strip("*_"))]


def _labels(block: Block, after: Block | None, *kinds: str) -> bool:
    """Whether `block` is one line just above a paragraph (or a block of `kinds`) opening with a quotation mark."""
    return (block.kind == "paragraph" and after is not None and after.kind in ("paragraph", *kinds)
            and after.section == block.section and after.text.lstrip()[:1] in ("“", "\"", "‘")
            and "\n" not in block.text.strip())


_CREDIT_SHAPE = re.compile(rf"{CREDIT_DASH}\s*[^\n]+|[^,\n]{{2,80}},\s*[^\n]+")
_CLOSES_QUOTATION = re.compile(r"[”\"»][⁰¹²³⁴⁵⁶⁷⁸⁹]*(?:\[\^?[\w.-]{1,8}\])*$")  # "…”", "…”³", "…”[4]"


def _under_quotation(block: Block, before: Block | None) -> bool:
    """Whether `block` is a credit's line ("— Jo Bloggs", "Jo Bloggs, Chief nurse"; not "Leave a comment") just under
    a paragraph of its section that ends with a closing mark."""
    return (block.kind == "paragraph" and before is not None and before.kind == "paragraph"
            and before.section == block.section and _CREDIT_SHAPE.fullmatch(block.text.strip()) is not None
            and _CLOSES_QUOTATION.search(before.text.rstrip()) is not None)


def is_furniture(block: Block) -> bool:
    if block.kind in ("quote", "table"):
        return False
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    if block.kind == "list":
        return all(_is_name(_LIST_ITEM.sub("", line)) for line in lines)
    text = block.text.strip()
    if _LABEL_LINE.fullmatch(text):  # "Clients: …"; not "Jo put it this way: “We …" (a quotation it opens)
        label, _, value = text.partition(":")
        return not (speaks(label) and value.lstrip()[:1] in ("“", "\"", "‘"))
    if text.endswith(":") and speaks(text):
        return False  # "Linh Tran added:": the lead-in naming the speaker of the quotation after it
    return count_words(text) <= SHORT_FRAGMENT_WORDS and not _SENTENCE_CLOSE.search(text)


def _is_name(item: str) -> bool:
    words = item.split()
    if not words or len(words) > 12 or _SENTENCE_CLOSE.search(item):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w in ("and", "of", "for", "the", "&"))
    return capitalised == len(words)


def _quote_text(lines: list[str]) -> str:
    """A blockquote's text, a paragraph a line; a callout's marker ("> [!NOTE] Title", as GitHub, Obsidian
    and wiki exports write one) dropped, its title a paragraph of its own, or, for a quotation's callout
    ("> [!QUOTE] Jo Bloggs, chair"), its attribution line."""
    paragraphs, current, credit = [], [], ""
    for i, line in enumerate(lines):
        content = line.lstrip()[1:].strip()
        callout = _CALLOUT.match(content) if i == 0 else None
        if callout:
            title = content[callout.end():]
            if callout.group(1).lower() in ("quote", "cite"):
                credit = f"— {title}" if title else ""
            elif title:
                paragraphs.append(title)
            continue
        if content:
            current.append(content)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join([*paragraphs, credit] if credit else paragraphs)


def chunk_blocks(
    blocks: list[Block],
    cost: Callable[[str], int] = lambda text: 0,
    budget: float = math.inf,
    min_words: int = MIN_WORDS,
    max_words: int = MAX_WORDS,
) -> list[Passage]:
    """Group blocks into passages of about `min_words`-`max_words`, never across a heading.

    Neighbouring blocks share a passage while they fit; a block too long on its own is split
    at sentence boundaries. A short passage left at the end of a section joins the one before
    it when the two still fit. `cost(text)` is the tokens a text takes, which must add up over
    its words (true of WordPiece and of the hashing embedder): each piece is measured once and a
    passage costs the sum of its pieces, at most `budget`. Linear in the length of the blocks.
    """
    passages: list[Passage] = []
    for section, pieces in _pieces_by_section(blocks, cost, budget, max_words):
        groups: list[_Piece] = []
        for piece in pieces:
            if groups and groups[-1].words + piece.words <= max_words and groups[-1].tokens + piece.tokens <= budget:
                groups[-1] = groups[-1].joined(piece, "\n\n")
            else:
                groups.append(piece)
        if len(groups) > 1 and groups[-1].words < min_words // 2:
            merged = groups[-2].joined(groups[-1], "\n\n")
            if merged.words <= max_words + min_words // 2 and merged.tokens <= budget:
                groups[-2:] = [merged]
        for group in groups:
            passages.append(Passage(len(passages), section, group.text))
    return passages


@dataclass(frozen=True)
class _Piece:
    """Text with its word count and token cost, measured once (a passage stays under 150 words,
    so joining pieces costs a constant per piece)."""

    text: str
    words: int
    tokens: int

    @classmethod
    def of(cls, text: str, cost: Callable[[str], int]) -> _Piece:
        return cls(text, count_words(text), cost(text))

    def joined(self, other: _Piece, separator: str) -> _Piece:
        return _Piece(self.text + separator + other.text, self.words + other.words, self.tokens + other.tokens)


def _pieces_by_section(
    blocks: list[Block], cost: Callable[[str], int], budget: float, max_words: int
) -> Iterator[tuple[str, list[_Piece]]]:
    section, pieces = "", list[_Piece]()
    for block in blocks:
        if block.section != section and pieces:
            yield section, pieces
            pieces = []
        section = block.section
        piece = _Piece.of(block.text, cost)
        if piece.words <= max_words and piece.tokens <= budget:
            pieces.append(piece)
        else:
            pieces.extend(_split_long(block.text, cost, budget, max_words))
    if pieces:
        yield section, pieces


def _split_long(text: str, cost: Callable[[str], int], budget: float, max_words: int) -> list[_Piece]:
    """Split an over-long block at sentence ends (at word boundaries if a sentence is too long)."""
    pieces: list[_Piece] = []
    current: _Piece | None = None
    for sentence in split_sentences(text):
        for part in _split_words(sentence, cost, budget, max_words):
            if current and (current.words + part.words > max_words or current.tokens + part.tokens > budget):
                pieces.append(current)
                current = None
            current = current.joined(part, " ") if current else part
    if current:
        pieces.append(current)
    return pieces


def _split_words(sentence: str, cost: Callable[[str], int], budget: float, max_words: int) -> list[_Piece]:
    whole = _Piece.of(sentence, cost)
    if whole.words <= max_words and whole.tokens <= budget:
        return [whole]
    parts: list[_Piece] = []
    current: list[str] = []
    tokens = 0
    for word in sentence.split():
        word_tokens = cost(word)
        if current and (len(current) + 1 > max_words or tokens + word_tokens > budget):
            parts.append(_Piece(" ".join(current), len(current), tokens))
            current, tokens = [], 0
        current.append(word)
        tokens += word_tokens
    if current:
        parts.append(_Piece(" ".join(current), len(current), tokens))
    return parts
