"""Hybrid search: dense (FAISS over passage and sentence vectors) fused with lexical (FTS5 BM25)."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from index import generations
from index.embedder import Embedder
from index.snapshot import Snapshot
from index.store import IndexStore, StoredPassage
from index.vectors import VectorIndex, VectorsUnreadable

DENSE_CANDIDATES = 200  # unit vectors fetched from FAISS (passages and sentences)
LEXICAL_CANDIDATES = 50
RRF_K = 20  # small k: a rank-1 hit counts clearly more than a rank-5 one in a small corpus
SENTENCE_WEIGHT = 0.5
SEARCH_MODES = ("hybrid", "dense", "lexical")  # a passage's dense score mixes its own vector and its best sentence


class IndexNotBuilt(Exception):
    """No index has been built in this data directory yet."""


class IndexDamaged(Exception):
    """The served generation passed its checks but could not be loaded (damaged while loading)."""


class ModelMismatch(Exception):
    """The served index was embedded with a different model than the configured one."""


@dataclass(frozen=True)
class Hit:
    passage: StoredPassage
    score: float  # fused relevance, higher is better
    dense: float  # cosine similarity (passage and best sentence mixed)
    lexical: float  # BM25, 0 when no word matched
    dense_rank: int | None
    lexical_rank: int | None


class Searcher:
    """The served index, loaded once: `search(text, limit) -> list[Hit]`."""

    def __init__(self, index_dir: Path, embedder: Embedder):
        folder = generations.usable_generation(index_dir)  # checked; a damaged one is set aside
        if folder is None:
            raise IndexNotBuilt(f"no index in {index_dir.parent}: run `peerbot index` to build it")
        try:
            self._store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
            self.snapshot = Snapshot.load(self._store)
            built_with = self.snapshot.meta.get("model", "?")
            if built_with == embedder.name:
                self._vectors = VectorIndex.load(folder / generations.VECTORS_FILE)
                self._unit_kinds = dict(self._store.db.execute("SELECT id, kind FROM units").fetchall())
                self._unit_chunks = self._store.unit_chunks()
        except (sqlite3.Error, VectorsUnreadable, OSError, ValueError, KeyError, TypeError) as e:
            raise IndexDamaged(
                f"the index in {folder} could not be loaded ({type(e).__name__}: {e}): run `peerbot index --rebuild`"
            ) from None
        if built_with != embedder.name:
            self._store.close()
            raise ModelMismatch(
                f"the index was built with model '{built_with}' but PEERBOT_MODEL is '{embedder.name}': "
                "run `peerbot index --rebuild` to re-embed the corpus"
            )
        self._embedder = embedder
        self._lock = threading.Lock()
        self.generation = folder.name

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def search(self, text: str, limit: int = 20, vector=None, mode: str = "hybrid") -> list[Hit]:
        """Best passages for `text`; pass `vector` when the caller already embedded it.

        `mode` "dense" or "lexical" uses one retriever alone (for measuring what fusion adds).
        """
        if mode not in SEARCH_MODES:
            raise ValueError(f"search mode must be one of {', '.join(SEARCH_MODES)}")
        dense: dict[int, float] = {}
        lexical: dict[int, float] = {}
        if mode != "lexical":
            if vector is None:
                vector = self._embedder.embed([text])[0]
            dense = self._dense_scores(vector)
        if mode != "dense":
            with self._lock:
                lexical = dict(self._store.lexical_search(text, LEXICAL_CANDIDATES))
        dense_ranked = sorted(dense, key=dense.get, reverse=True)
        lexical_ranked = sorted(lexical, key=lexical.get, reverse=True)
        dense_rank = {pid: r for r, pid in enumerate(dense_ranked, 1)}
        lexical_rank = {pid: r for r, pid in enumerate(lexical_ranked, 1)}
        fused = {}
        for pid in set(dense) | set(lexical):
            score = 0.0
            if pid in dense_rank:
                score += 1.0 / (RRF_K + dense_rank[pid])
            if pid in lexical_rank:
                score += 1.0 / (RRF_K + lexical_rank[pid])
            fused[pid] = score
        best = sorted(fused, key=lambda pid: (-fused[pid], -dense.get(pid, 0.0)))[:limit]
        return [
            Hit(
                passage=self.snapshot.passages[pid],
                score=fused[pid],
                dense=dense.get(pid, 0.0),
                lexical=lexical.get(pid, 0.0),
                dense_rank=dense_rank.get(pid),
                lexical_rank=lexical_rank.get(pid),
            )
            for pid in best
        ]

    def _dense_scores(self, vector) -> dict[int, float]:
        whole: dict[int, float] = {}
        sentence: dict[int, float] = {}
        for unit_id, score in self._vectors.search(vector, DENSE_CANDIDATES):
            chunk = self._unit_chunks[unit_id]
            target = whole if self._unit_kinds[unit_id] == "passage" else sentence
            target[chunk] = max(score, target.get(chunk, -1.0))
        scores = {}
        for chunk in set(whole) | set(sentence):
            own = whole.get(chunk, 0.0)
            best_sentence = sentence.get(chunk, own)
            scores[chunk] = (1 - SENTENCE_WEIGHT) * own + SENTENCE_WEIGHT * max(own, best_sentence)
        return scores

    def close(self) -> None:
        self._store.close()
