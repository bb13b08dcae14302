"""How much of a question one sentence of a passage holds (pure): the question's words together, not spread.

A passage that answers a question usually says what it asks in one sentence; one that only shares its words
spreads them over several. For each candidate, `SentenceStems.shares` gives the most of the question's content
stems, each weighted by its IDF over the passages, that any one of its sentences holds, as a share of them all.
The fusion reads it as a signal (index/fusion.py; BENCHMARKS.md, "Stop 52"). The stems are made once, when the
index is opened; a question costs a set intersection per candidate sentence, never anything that grows with
the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from index.lexical import content_terms, stem, words
from index.text import split_sentences


class SentenceStems:
    """Each passage's sentences as sets of stems, and each stem's IDF over the passages."""

    def __init__(self, passages: Iterable[tuple[int, str]]):
        self._sentences: dict[int, list[frozenset[str]]] = {
            pid: [frozenset(stem(w) for w in words(s)) for s in split_sentences(text)] for pid, text in passages
        }
        df = Counter(s for sentences in self._sentences.values() for s in frozenset().union(*sentences))
        self._idf = {s: math.log(1 + len(self._sentences) / n) for s, n in df.items()}
        self._unseen = max(self._idf.values(), default=1.0)  # a stem no passage uses: as rare as the rarest

    def shares(self, question: str, candidates: Sequence[int]) -> np.ndarray:
        """Per candidate, the IDF-weighted share of `question`'s content stems its best sentence holds (0 with
        no content word)."""
        weights = {s: self._idf.get(s, self._unseen) for s in map(stem, content_terms(question))}
        total = sum(weights.values())
        asked = frozenset(weights)
        if not total:
            return np.zeros(len(candidates))
        return np.array([max((sum(weights[s] for s in asked & sentence) for sentence in self._sentences.get(pid, ())),
                             default=0.0) / total for pid in candidates])
