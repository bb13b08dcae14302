"""The hashing embedder: deterministic bag-of-words feature hashing, no model, for tests and quick
demos (`PEERBOT_MODEL=hashing`)."""

from __future__ import annotations

import hashlib
import re
import string

import numpy as np

from index.late_interaction import TextTokens
from index.text import ascii_runs, ascii_table

HASHING_MODEL = "hashing"


class HashingEmbedder:
    """Deterministic bag-of-words feature hashing. No semantics: for tests and quick demos."""

    max_tokens = 256
    semantic = False

    def __init__(self, dimension: int = 256):
        self.name = f"{HASHING_MODEL}-{dimension}"
        self.dimension = dimension
        self._number: dict[str, int] = {}  # word -> its feature's number in _buckets and _signs
        self._code: dict[str, int] = {}  # word -> its signed bucket as `word_codes` gives it
        self._buckets: list[int] = []
        self._signs: list[float] = []
        self._arrays = (np.zeros(0, np.int64), np.zeros(0, np.float64))  # of _buckets and _signs, as of their last growth
        self._add_feature(_SEPARATOR)  # never counted: it only marks where a text ends

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return _unit_length(self._sums(texts))

    def word_codes(self, words: list[str]) -> np.ndarray:
        """Each of `words` (`hashing_words` of some text) as its signed bucket in one number, int32:
        bucket * 2, plus 1 when its sign is negative (what `embed_codes` sums)."""
        for word in set(words).difference(self._number):
            self._add_feature(word)
        return np.fromiter(map(self._code.__getitem__, words), np.int32, len(words))

    def embed_codes(self, codes: np.ndarray, sizes: np.ndarray, units: np.ndarray) -> np.ndarray:
        """`embed` of texts each made of some parts joined by spaces or other non-words, from the
        parts' `word_codes` (`codes`, every part's concatenated; `sizes`: each part's word count): a
        row of `units` (int64, n x 3) is a text made of the parts from its first to before its
        second, then the part its third names (-1: none). The same vectors bit for bit: a text's
        counts are sums of whole numbers."""
        codes = np.asarray(codes, dtype=np.int64)
        sizes = np.asarray(sizes, dtype=np.int64)
        first, stop, extra = np.asarray(units, dtype=np.int64).reshape(-1, 3).T
        starts = np.concatenate([[0], np.cumsum(sizes)])  # each part's first word
        more = extra >= 0
        # each unit's words: its run of parts, then its extra part
        begins = np.concatenate([starts[first], starts[extra[more]]])
        lengths = np.concatenate([starts[stop] - starts[first], sizes[extra[more]]])
        rows = np.repeat(np.concatenate([np.arange(len(first)), np.flatnonzero(more)]), lengths)
        found = codes[_ranges(begins, lengths)]
        cells = rows * self.dimension + (found >> 1)
        sums = np.bincount(cells, 1.0 - 2.0 * (found & 1), minlength=len(first) * self.dimension)
        return _unit_length(sums.reshape(len(first), self.dimension))

    def _sums(self, texts: list[str]) -> np.ndarray:
        """Each text's signed bucket counts (float64, whole numbers), one row a text."""
        joined = _SEPARATOR.join(texts)
        if joined.count(_SEPARATOR) != max(len(texts) - 1, 0):  # a text holds the separator: a non-word there
            joined = _SEPARATOR.join(text.replace(_SEPARATOR, " ") for text in texts)
        found = _WORD_OR_SEPARATOR.findall(joined.lower())  # every text's words in one pass, texts kept apart
        for word in set(found).difference(self._number):
            self._add_feature(word)
        if len(self._arrays[0]) != len(self._buckets):  # made again only when words were added, not on every call
            self._arrays = (np.asarray(self._buckets, dtype=np.int64), np.asarray(self._signs, dtype=np.float64))
        buckets, signs = self._arrays
        numbers = np.fromiter(map(self._number.__getitem__, found), dtype=np.int64, count=len(found))
        ends = numbers == self._number[_SEPARATOR]
        rows = np.cumsum(ends)[~ends]
        numbers = numbers[~ends]
        cells = rows * self.dimension + buckets[numbers]
        return np.bincount(cells, signs[numbers], minlength=len(texts) * self.dimension).reshape(len(texts), self.dimension)

    def embed_query(self, texts: list[str]) -> np.ndarray:
        return self.embed(texts)

    def embed_query_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[TextTokens] | None]:
        return self.embed(texts), None

    def embed_with_tokens(self, texts: list[str], wanted: list[int]) -> tuple[np.ndarray, list[TextTokens] | None]:
        return self.embed(texts), None

    def _add_feature(self, word: str) -> None:
        """A word's bucket and sign; a plural "s" is dropped first, so "boards" counts as "board"."""
        stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
        digest = hashlib.blake2b(stem.encode(), digest_size=8).digest()
        self._number[word] = len(self._buckets)
        self._buckets.append(int.from_bytes(digest[:4], "little") % self.dimension)
        self._signs.append(1.0 if digest[4] & 1 else -1.0)
        self._code[word] = self._buckets[-1] * 2 + (0 if digest[4] & 1 else 1)

    def count_tokens(self, text: str) -> int:
        return len(re.findall(r"\w+|[^\w\s]", text)) + 2


def hashing_words(text: str) -> list[str]:
    """The words the hashing embedder reads in `text` (lower-case letters and digits)."""
    return ascii_runs(text, _WORD_BYTES) if text.isascii() else _WORD.findall(text.lower())


def _ranges(begins: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions from each of `begins` for its length, concatenated."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, np.int64)
    ends = np.cumsum(lengths)
    return np.arange(total) + np.repeat(begins - (ends - lengths), lengths)


def _unit_length(sums: np.ndarray) -> np.ndarray:
    vectors = sums.astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=vectors, where=norms > 0)


_SEPARATOR = "\x00"  # between texts embedded together (one a text holds is read as a space: not a word)
_WORD_OR_SEPARATOR = re.compile(r"[a-z0-9]+|\x00")
_WORD = re.compile(r"[a-z0-9]+")
_WORD_BYTES = ascii_table(string.ascii_lowercase + string.digits)  # `_WORD` on ASCII text
