"""Splitting a document body into passages that respect headings, paragraphs and quotations.

Pure functions: no I/O, no model. The caller says how long a passage may be in words and
supplies `fits(text)`, which checks the passage (with its embedding context) against the
model's token limit so no text is lost to truncation.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain

import numpy as np

from index.block_markup import definition_rows, source_body, table_rows
from index.inline_markdown import plain
from index.text import ascii_runs, ascii_table, split_sentences

MIN_WORDS = 60
MAX_WORDS = 150

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_TASK_BOX = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)\[[ xX]\]\s+", re.M)
_ATTRIBUTION = re.compile(r"^\s*(?:—|–|--|-)\s*\S")
_LABEL_LINE = re.compile(r"[A-Z][\w&/ -]{0,30}:[ \t]+[^.!?\n]{1,80}")
_WORDS = re.compile(r"\w+")
_WORD_BYTES = ascii_table(string.ascii_lowercase + string.digits + "_")  # `_WORDS` on ASCII text
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
        heading = _HEADING.match(lines[0])
        if heading:
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
        text = plain(_TASK_BOX.sub(r"\1", "\n".join(line.strip() for line in lines)) if _LIST_ITEM.match(lines[0]) else " ".join(
            line.strip() for line in lines
        ))
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


def drop_repeated_blocks(blocks: list[Block]) -> list[Block]:
    """Drop a paragraph repeated inside a longer one of the same document (a web page's pull
    quote), so the same words are not indexed, and shown, twice.

    Near-linear in the document's length: a paragraph is compared only where its rarest
    four-word sequence occurs (at most `MAX_REPEAT_CANDIDATES` places).
    """
    words = [tuple(ascii_runs(b.text, _WORD_BYTES) if b.text.isascii() else _WORDS.findall(b.text.lower()))
             for b in blocks]
    texts = list(dict.fromkeys(words))  # each distinct paragraph once
    number = {text: i for i, text in enumerate(texts)}
    candidates = sorted({number[w] for w, b in zip(words, blocks) if w and count_words(b.text) >= 8})
    # a paragraph inside another has each of its words at least twice in the document's distinct
    # paragraphs: most paragraphs have a word found nowhere else, and are not compared at all
    counts = Counter(chain.from_iterable(texts))
    candidates = [i for i in candidates if min(map(counts.__getitem__, texts[i])) > 1]
    repeated = {texts[i] for i in _inside_longer(texts, candidates)}
    return [b for b, w in zip(blocks, words) if w not in repeated]


_GRAM = 4
MAX_REPEAT_CANDIDATES = 256


def _inside_longer(texts: list[tuple[str, ...]], candidates: list[int]) -> set[int]:
    """Which of `candidates` (indexes into `texts`, word sequences) occur word for word inside a
    longer text."""
    found: set[int] = set()
    short = {texts[i]: i for i in candidates if len(texts[i]) < _GRAM}
    for n in {len(t) for t in short}:
        for text in texts:
            if len(text) > n:
                found.update(short[text[k:k + n]] for k in range(len(text) - n + 1) if text[k:k + n] in short)
    longer = [i for i in candidates if len(texts[i]) >= _GRAM]
    if not longer:
        return found
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    ids = np.fromiter(map(hash, chain.from_iterable(texts)), dtype=np.int64, count=int(lengths.sum()))
    keys = _gram_keys(ids)  # keys[k]: the four words from position k of the flat sequence
    owners = np.repeat(np.arange(len(texts)), lengths)[: len(keys)]
    offsets = np.arange(len(keys)) - starts[owners]
    valid = np.flatnonzero(offsets <= lengths[owners] - _GRAM)  # the four words lie within one paragraph
    by_key = valid[np.argsort(keys[valid], kind="stable")]  # positions, grouped by their key
    _, first, slot, counts = np.unique(keys[by_key], return_index=True, return_inverse=True, return_counts=True)
    slot_at = np.zeros(len(keys), dtype=np.int64)
    slot_at[by_key] = slot
    sorted_owners, sorted_offsets = owners[by_key], offsets[by_key]
    for i in longer:
        slots = slot_at[starts[i]: starts[i] + lengths[i] - _GRAM + 1]
        at = int(np.argmin(counts[slots]))  # the rarest sequence of four words in this paragraph
        begin, many = int(first[slots[at]]), int(counts[slots[at]])
        text = texts[i]
        for j, offset in zip(sorted_owners[begin:begin + min(many, MAX_REPEAT_CANDIDATES)].tolist(),
                             sorted_offsets[begin:begin + min(many, MAX_REPEAT_CANDIDATES)].tolist()):
            other, start = texts[j], offset - at
            if len(other) > len(text) and start >= 0 and other[start:start + len(text)] == text:
                found.add(i)
                break
    return found


def _gram_keys(ids: np.ndarray) -> np.ndarray:
    """A 64-bit key for each run of `_GRAM` word ids (a clash only costs one needless comparison)."""
    ids = ids.view(np.uint64)
    count = max(len(ids) - _GRAM + 1, 0)
    key = np.zeros(count, dtype=np.uint64)
    for k in range(_GRAM):
        key = key * np.uint64(1_000_003) + ids[k:k + count]
    return key


def drop_furniture(blocks: list[Block]) -> list[Block]:
    """Drop page furniture that is no lesson: label lines ("Clients: …", "Date: …"), bare lists of
    names (a list whose every item is a short name with no sentence in it), and short fragments
    of a web page ("Leave a comment", "Source")."""
    return [b for b in blocks if not is_furniture(b)]


def is_furniture(block: Block) -> bool:
    if block.kind in ("quote", "table"):
        return False
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    if block.kind == "list":
        return all(_is_name(_LIST_ITEM.sub("", line)) for line in lines)
    text = block.text.strip()
    if _LABEL_LINE.fullmatch(text):
        return True
    return count_words(text) <= SHORT_FRAGMENT_WORDS and not _SENTENCE_CLOSE.search(text)


def _is_name(item: str) -> bool:
    words = item.split()
    if not words or len(words) > 12 or _SENTENCE_CLOSE.search(item):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w in ("and", "of", "for", "the", "&"))
    return capitalised == len(words)


def _quote_text(lines: list[str]) -> str:
    paragraphs, current = [], []
    for line in lines:
        content = line.lstrip()[1:].strip()
        if content:
            current.append(content)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


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
