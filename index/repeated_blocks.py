"""Repeated paragraphs: a paragraph repeated inside a longer one of the same document (a web page's
pull quote), found near-linearly. Pure, like index/chunking.py, whose blocks it reads."""

from __future__ import annotations

import re
import string
from collections import Counter
from itertools import chain

import numpy as np

from index.chunking import Block, count_words
from index.text import ascii_runs, ascii_table

_WORDS = re.compile(r"\w+")
_WORD_BYTES = ascii_table(string.ascii_lowercase + string.digits + "_")  # `_WORDS` on ASCII text


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
