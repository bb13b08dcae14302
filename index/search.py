"""Hybrid search: candidates from FAISS (passage, sentence and window vectors) and FTS5 (BM25),
re-scored together by `index.ranking`.

`prepare(text)` corrects misspelt words towards the corpus's vocabulary and embeds the question
once; `search(query, limit)` returns the best passages as `Hit`s, most relevant first.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from index import ranking
from index.embedder import Embedder
from index.lexical import content_terms, stem
from index.spelling import Speller
from index.store import IndexStore, StoredPassage
from index.vectors import VectorIndex

DENSE_CANDIDATES = 200  # unit vectors fetched from FAISS (passages, sentences and windows)
LEXICAL_CANDIDATES = 50
LARGE_CORPUS = 10_000  # passages from which lexical search leaves out stems most passages use
COMMON_SHARE = 0.2  # ... more than this share of them
SEARCH_MODES = ("hybrid", "dense", "lexical")


@dataclass(frozen=True)
class Query:
    """A question ready to search: as asked, as searched (spelling corrected), and embedded."""

    text: str
    searched: str
    vector: np.ndarray
    known: float  # share of its content words the corpus uses (1.0 when it has none)
    unknown: tuple[str, ...] = ()  # its content words the corpus never uses


@dataclass(frozen=True)
class Hit:
    passage: StoredPassage
    score: float  # log-odds that the passage answers the question (index/ranking.py); hybrid search orders
    # hits by fusing the model's rank with the retrievers' (`ranking.fuse_ranks`), so not always by score
    dense: float  # best cosine similarity of the passage or one of its sentences
    lexical: float  # BM25, 0 when no word matched


class Searcher:
    """Search over a served generation's store and vectors: `prepare(text)`, then
    `search(query, limit) -> list[Hit]` (index/served.py opens and checks them)."""

    def __init__(
        self, store: IndexStore, vectors: VectorIndex, embedder: Embedder, passages: dict[int, StoredPassage],
        units: list[tuple[int, int, str]], vocabulary: Counter[str],
    ):
        self._store = store
        self._vectors = vectors
        self._passages = passages
        self._unit_passage, self._units = _unit_layout(units)
        self._speller = Speller(vocabulary)
        self._stems = {stem(word) for word in vocabulary}
        self._embedder = embedder
        self._lock = threading.Lock()
        large = len(passages) >= LARGE_CORPUS and store.counts_terms()
        self._common = int(COMMON_SHARE * len(passages)) if large else None

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    @property
    def vector_kind(self) -> str:
        """How the vectors are searched: "exact", or "ivf-sq8" for a large corpus (index/vectors.py)."""
        return self._vectors.kind

    def prepare(self, text: str, vector: np.ndarray | None = None) -> Query:
        """Correct the question's misspellings against the corpus, then embed it (unless given)."""
        searched = self._speller.correct(text)
        terms = content_terms(searched)
        unknown = tuple(t for t in terms if stem(t) not in self._stems)
        known = 1 - len(unknown) / len(terms) if terms else 1.0
        if vector is None:
            vector = self._embedder.embed([searched])[0]
        return Query(text, searched, vector, known, unknown)

    def search(self, query: Query | str, limit: int = 20, mode: str = "hybrid") -> list[Hit]:
        """Best passages for the query; `mode` "dense" or "lexical" ranks by one retriever alone
        (for measuring what the combination adds)."""
        if mode not in SEARCH_MODES:
            raise ValueError(f"search mode must be one of {', '.join(SEARCH_MODES)}")
        if isinstance(query, str):
            query = self.prepare(query)
        candidates, features, lexical = self.candidates(query, mode)
        if not candidates:
            return []
        dense = np.maximum(features[:, ranking.FEATURES.index("passage")], features[:, ranking.FEATURES.index("sentence")])
        if mode == "hybrid":
            scores = ranking.relevance(features)
            bm25 = np.array([lexical.get(pid, 0.0) for pid in candidates])
            order = ranking.fuse_ranks(scores, ranking.dense_similarity(features), bm25, ranking.FUSION_K, ranking.RETRIEVER_WEIGHT)
        else:
            if mode == "dense":
                scores = features[:, ranking.FEATURES.index("passage")] + features[:, ranking.FEATURES.index("sentence")]
            else:
                scores = np.array([lexical[pid] for pid in candidates])
            order = np.argsort(-scores, kind="stable")
        best = order[:limit]
        return [
            Hit(self._passages[candidates[i]], float(scores[i]), float(dense[i]), lexical.get(candidates[i], 0.0))
            for i in best
        ]

    def candidates(self, query: Query, mode: str = "hybrid") -> tuple[list[int], np.ndarray, dict[int, float]]:
        """The passages either retriever finds, their ranking features, and their BM25 scores."""
        dense = {} if mode == "lexical" else self._dense_candidates(query.vector)
        with self._lock:
            lexical = dict(self._store.lexical_search(query.searched, LEXICAL_CANDIDATES, self._common))
        candidates = list(lexical) if mode == "lexical" else list(dict.fromkeys([*dense, *lexical]))
        return candidates, self._features(query.vector, candidates, lexical), lexical

    def _dense_candidates(self, vector: np.ndarray) -> dict[int, float]:
        found: dict[int, float] = {}
        for unit_id, score in self._vectors.search(vector, DENSE_CANDIDATES):
            pid = self._unit_passage[unit_id]
            found[pid] = max(score, found.get(pid, -1.0))
        return found

    def _features(self, vector: np.ndarray, candidates: list[int], lexical: dict[int, float]) -> np.ndarray:
        ids: list[int] = []
        layout = []
        for pid in candidates:
            own, sentences, windows = self._units[pid]
            start = len(ids)
            ids.extend([own, *sentences, *windows])
            rows = range(start, len(ids))
            layout.append(ranking.PassageUnits(
                rows[0], tuple(rows[1:1 + len(sentences)]), tuple(rows[1 + len(sentences):])
            ))
        vectors = self._vectors.vectors(np.array(ids))
        scores = np.array([lexical.get(pid, 0.0) for pid in candidates], dtype=np.float32)
        return ranking.feature_matrix(vector, layout, vectors, scores)

    def close(self) -> None:
        self._store.close()


def _unit_layout(rows: list[tuple[int, int, str]]) -> tuple[dict[int, int], dict[int, tuple[int, tuple[int, ...], tuple[int, ...]]]]:
    """Unit id -> passage id, and passage id -> (own unit, sentence units, window units)."""
    unit_passage: dict[int, int] = {}
    by_kind: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for unit_id, passage_id, kind in rows:
        unit_passage[unit_id] = passage_id
        by_kind[passage_id][kind].append(unit_id)
    units = {
        pid: (kinds["passage"][0], tuple(kinds["sentence"]), tuple(kinds["window"]))
        for pid, kinds in by_kind.items() if kinds["passage"]
    }
    return unit_passage, units
