"""The FAISS index is chosen by size: exact search for the bundled corpus and anything up to
index.vectors.EXACT_MAX vectors, IVF with 8-bit scalar quantisation above, which still finds what
exact search finds (recall@10) and keeps its settings through a save and a load."""

from __future__ import annotations

import numpy as np

from index import build_index, open_index
from index.vectors import APPROXIMATE, EXACT, EXACT_MAX, VectorIndex


def _clustered(count: int, dimension: int = 64, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(40, dimension))
    vectors = centres[rng.integers(0, len(centres), count)] + rng.normal(0, 0.6, (count, dimension))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_the_bundled_corpus_is_searched_exactly(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    served = open_index(tmp_path / "index", embedder)
    try:
        assert served.vector_kind == EXACT
    finally:
        served.close()


def test_above_the_threshold_the_index_is_approximate_and_finds_what_exact_search_finds(tmp_path):
    vectors = _clustered(12_000)
    ids = np.arange(1_000, 13_000)
    exact = VectorIndex.build(ids, vectors, 64)
    approximate = VectorIndex.build(ids, vectors, 64, exact_max=10_000)
    assert (exact.kind, approximate.kind) == (EXACT, APPROXIMATE) and EXACT_MAX >= 10_000
    approximate.save(tmp_path / "vectors.faiss")
    loaded = VectorIndex.load(tmp_path / "vectors.faiss")
    assert loaded.kind == APPROXIMATE and loaded.size == len(ids)

    queries = _clustered(100, seed=1)
    found = sum(len({i for i, _ in exact.search(q, 10)} & {i for i, _ in loaded.search(q, 10)}) for q in queries)
    assert found / (10 * len(queries)) >= 0.9
    # candidates are re-scored with their stored vectors: 8-bit quantised, within a rounding step
    assert np.abs(loaded.vectors(ids[:50]) - vectors[:50]).max() < 0.02
