"""Splitting a document body into passages that respect headings, paragraphs and quotations.

Pure functions: no I/O, no model. The caller says how long a passage may be in words and
supplies `fits(text)`, which checks the passage (with its embedding context) against the
model's token limit so no text is lost to truncation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MIN_WORDS = 60
MAX_WORDS = 150

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_ATTRIBUTION = re.compile(r"^\s*(?:—|–|--|-)\s*\S")
_LABEL_LINE = re.compile(r"[A-Z][\w&/ -]{0,30}:[ \t]+[^.!?\n]{1,80}")
_SENTENCE_CLOSE = re.compile(r"[.!?…][\"”’')]*$")
SHORT_FRAGMENT_WORDS = 4
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")


@dataclass(frozen=True)
class Block:
    """A paragraph, list or quotation (with its attribution) under a section heading."""

    section: str
    text: str
    kind: str  # "paragraph" | "list" | "quote"


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
    """Blocks in reading order; a quotation keeps its attribution line."""
    blocks: list[Block] = []
    section = ""
    for raw in re.split(r"\n[ \t\u00a0]*\n", body):
        lines = [line.rstrip() for line in raw.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0])
        if heading:
            section = heading.group(2).strip()
            lines = lines[1:]
            if not lines:
                continue
        if all(line.lstrip().startswith(">") for line in lines):
            text = _quote_text(lines)
            if text:
                blocks.append(Block(section, text, "quote"))
            continue
        text = "\n".join(line.strip() for line in lines) if _LIST_ITEM.match(lines[0]) else " ".join(
            line.strip() for line in lines
        )
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
    quote), so the same words are not indexed, and shown, twice."""
    def normal(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))

    texts = [normal(b.text) for b in blocks]
    kept = []
    for i, block in enumerate(blocks):
        repeated = count_words(block.text) >= 8 and any(
            j != i and len(texts[j]) > len(texts[i]) and texts[i] in texts[j] for j in range(len(blocks))
        )
        if not repeated:
            kept.append(block)
    return kept


def drop_furniture(blocks: list[Block]) -> list[Block]:
    """Drop page furniture that is no lesson: label lines ("Clients: …", "Date: …"), bare lists of
    names (a list whose every item is a short name with no sentence in it), and short fragments
    of a web page ("Leave a comment", "Source")."""
    return [b for b in blocks if not is_furniture(b)]


def is_furniture(block: Block) -> bool:
    if block.kind == "quote":
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


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage; line breaks (list items, attributions) also end a sentence."""
    sentences = []
    for line in text.split("\n"):
        sentences.extend(s.strip() for s in _SENTENCE_END.split(line.strip()) if s.strip())
    return sentences


def chunk_blocks(
    blocks: list[Block],
    fits: Callable[[str], bool] = lambda text: True,
    min_words: int = MIN_WORDS,
    max_words: int = MAX_WORDS,
) -> list[Passage]:
    """Group blocks into passages of about `min_words`-`max_words`, never across a heading.

    Neighbouring blocks share a passage while they fit; a block too long on its own is split
    at sentence boundaries. A short passage left at the end of a section joins the one before
    it when the two still fit.
    """
    passages: list[Passage] = []
    for section, pieces in _pieces_by_section(blocks, fits, max_words):
        groups: list[list[str]] = []
        for piece in pieces:
            if groups and _fits_group(groups[-1] + [piece], fits, max_words):
                groups[-1].append(piece)
            else:
                groups.append([piece])
        if len(groups) > 1 and count_words("\n\n".join(groups[-1])) < min_words // 2:
            merged = groups[-2] + groups[-1]
            if _fits_group(merged, fits, max_words + min_words // 2):
                groups[-2:] = [merged]
        for group in groups:
            passages.append(Passage(len(passages), section, "\n\n".join(group)))
    return passages


def _fits_group(pieces: list[str], fits: Callable[[str], bool], max_words: int) -> bool:
    text = "\n\n".join(pieces)
    return count_words(text) <= max_words and fits(text)


def _pieces_by_section(
    blocks: list[Block], fits: Callable[[str], bool], max_words: int
) -> Iterator[tuple[str, list[str]]]:
    section, pieces = None, []
    for block in blocks:
        if block.section != section and pieces:
            yield section, pieces
            pieces = []
        section = block.section
        if count_words(block.text) <= max_words and fits(block.text):
            pieces.append(block.text)
        else:
            pieces.extend(_split_long(block.text, fits, max_words))
    if pieces:
        yield section, pieces


def _split_long(text: str, fits: Callable[[str], bool], max_words: int) -> list[str]:
    """Split an over-long block at sentence ends (at word boundaries if a sentence is too long)."""
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(text):
        for part in _split_words(sentence, fits, max_words):
            candidate = f"{current} {part}".strip()
            if current and (count_words(candidate) > max_words or not fits(candidate)):
                pieces.append(current)
                candidate = part
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def _split_words(sentence: str, fits: Callable[[str], bool], max_words: int) -> list[str]:
    if count_words(sentence) <= max_words and fits(sentence):
        return [sentence]
    words, parts, current = sentence.split(), [], []
    for word in words:
        if current and (len(current) + 1 > max_words or not fits(" ".join(current + [word]))):
            parts.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        parts.append(" ".join(current))
    return parts
