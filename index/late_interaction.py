"""Late interaction (ColBERT-style MaxSim) over the model's own token embeddings (pure).

A question's content-word tokens (not stopwords or punctuation) are each matched with their most
similar content-word token of a candidate passage; the passage's score is the mean of those best
cosine similarities, each question token weighted by its word piece's IDF over the passages. The
candidates' MaxSim is fused into their order (index/fusion.py); the hits'
scores (the ranking model's log-odds) are untouched. No new weights: the token embeddings are the
last hidden states of the model the index was built with, before mean pooling.
`benchmarks/tune_late_interaction.py` chose the signal by cross-validation
(BENCHMARKS.md, "Late interaction over MiniLM's own token embeddings").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.lexical import STOPWORDS

# Passages above which no token store is built and ranking is as without it: the store holds every
# passage's content tokens, about 60 a passage at 388 bytes each as int8 (BENCHMARKS.md), 3.1 GB at
# 100,000 passages against issue 14's bar of 0.3 GB for the whole index there; 3,000 passages keep
# it under 0.1 GB.
MAX_PASSAGES = 3000
# Token rows MaxSim converts to float32 and multiplies at a time: 192 KB, which a core's cache holds until the product
# reads it (the whole gather at once, ~3,300 rows for the bundled corpus's 41 passages, took twice as long; BENCHMARKS.md, "Stop 52")
CHUNK_ROWS = 128


@dataclass(frozen=True)
class TextTokens:
    """A text's tokens as the model embedded them, without [CLS] and [SEP]: each one's word piece
    id, unit vector (float32, one row a token) and whether its word is a content word."""

    pieces: np.ndarray  # int32
    vectors: np.ndarray  # (tokens, dimension)
    content: np.ndarray  # bool


def text_tokens(hidden: np.ndarray, pieces: np.ndarray, content: np.ndarray) -> TextTokens:
    """From the hidden states of one text's tokens, [CLS] first and [SEP] last (padding removed)."""
    inner = slice(1, max(len(pieces) - 1, 1))
    vectors = np.asarray(hidden[inner], dtype=np.float32)
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    return TextTokens(np.asarray(pieces[inner], dtype=np.int32), vectors, np.asarray(content[inner], dtype=bool))


def content_mask(text: str, words: list[int | None], offsets: np.ndarray) -> np.ndarray:
    """Per token (special ones included): whether its word has a letter or digit, more than one
    character and is not a stopword. `words` and `offsets`: the tokenizer's word of each token and
    its character span in `text`."""
    spans: dict[int, list[int]] = {}
    for position, word in enumerate(words):
        if word is not None:
            spans.setdefault(word, []).append(position)
    mask = np.zeros(len(words), dtype=bool)
    for positions in spans.values():
        found = text[int(offsets[positions[0]][0]):int(offsets[positions[-1]][1])].lower()
        if len(found) > 1 and any(c.isalnum() for c in found) and found not in STOPWORDS:
            mask[positions] = True
    return mask


def quantised(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes of unit vectors, with one float32 scale a row (its largest magnitude over 127)."""
    scales = (np.abs(vectors).max(axis=1) / 127).astype(np.float32)
    codes = np.round(vectors / np.maximum(scales, 1e-12)[:, None]).astype(np.int8)
    return codes, scales


def stored_rows(tokens: TextTokens) -> np.ndarray:
    """The rows a passage keeps: its content tokens, or all of them when it has none."""
    return tokens.vectors[tokens.content] if tokens.content.any() else tokens.vectors


def packed(passage_id: int, tokens: TextTokens) -> tuple[int, bytes, bytes, bytes]:
    """A passage's row as stored: its id, its pieces (int32), its kept rows' codes and scales."""
    codes, scales = quantised(stored_rows(tokens))
    return passage_id, tokens.pieces.astype(np.int32).tobytes(), codes.tobytes(), scales.tobytes()


class TokenStore:
    """Every passage's content tokens (int8, a scale a row) in one matrix, a passage's rows a span,
    and each word piece's passage count (the IDF of a question's pieces)."""

    def __init__(self, passage_ids: np.ndarray, counts: np.ndarray, codes: np.ndarray, scales: np.ndarray,
                 piece_passages: np.ndarray, passages: int):
        size = int(passage_ids.max(initial=-1)) + 1
        self._start = np.zeros(size, dtype=np.int64)
        self._count = np.zeros(size, dtype=np.int64)  # 0: no rows (not stored)
        self._start[passage_ids] = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self._count[passage_ids] = counts
        self._codes, self._scales = codes, scales
        self._df = piece_passages
        self._passages = passages

    @classmethod
    def from_rows(cls, rows: list[tuple[int, bytes, bytes, bytes]], dimension: int) -> TokenStore | None:
        """From (passage id, its pieces int32, its rows' codes int8, their scales float32) as stored;
        None without rows. ValueError when a row's parts do not fit together."""
        if not rows:
            return None
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        scales = [np.frombuffer(r[3], dtype=np.float32) for r in rows]
        codes = [np.frombuffer(r[2], dtype=np.int8) for r in rows]
        if any(len(c) != len(s) * dimension for c, s in zip(codes, scales)) or ids.min() < 0:
            raise ValueError("a passage's token rows do not match their scales")
        pieces = np.concatenate([np.unique(np.frombuffer(r[1], dtype=np.int32)) for r in rows])
        df = np.bincount(pieces, minlength=1) if len(pieces) else np.zeros(1, dtype=np.int64)
        return cls(ids, np.array([len(s) for s in scales]), np.concatenate(codes).reshape(-1, dimension),
                   np.concatenate(scales), df, len(rows))

    def weights(self, question: TextTokens) -> np.ndarray:
        """Each question token's weight: its piece's IDF when its word is a content word, else 0;
        every token 1 when the question has no content word."""
        if not question.content.any():
            return np.ones(len(question.pieces))
        df = np.where(question.pieces < len(self._df), self._df[np.minimum(question.pieces, len(self._df) - 1)], 0)
        return np.log(1 + (self._passages - df + 0.5) / (df + 0.5)) * question.content

    def maxsim(self, question: TextTokens, candidates: np.ndarray) -> np.ndarray:
        """Each candidate passage's MaxSim with the question (-1 for one without stored tokens): one
        gather of the candidates' rows, one product, a maximum per candidate."""
        weights = self.weights(question)
        used = weights > 0
        scores = np.full(len(candidates), -1.0)
        inside = candidates < len(self._count)
        n = np.where(inside, self._count[np.where(inside, candidates, 0)], 0)
        have = n > 0
        if not have.any() or not used.any():
            return scores
        n = n[have]
        ends = np.cumsum(n)
        rows = np.arange(ends[-1]) + np.repeat(self._start[candidates[have]] - (ends - n), n)
        vectors = question.vectors[used].T
        sims = np.empty((len(rows), vectors.shape[1]), dtype=np.float32)
        for start in range(0, len(rows), CHUNK_ROWS):  # each float32 copy multiplied while it is in the cache
            part = rows[start:start + CHUNK_ROWS]
            sims[start:start + CHUNK_ROWS] = self._codes[part].astype(np.float32) @ vectors
        sims *= self._scales[rows, None]
        best = np.maximum.reduceat(sims, np.concatenate([[0], ends[:-1]]), axis=0)
        scores[have] = best @ weights[used] / weights[used].sum()
        return scores
