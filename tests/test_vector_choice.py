"""The FAISS index is chosen by size: exact search for the bundled corpus and anything up to
index.vectors.EXACT_MAX vectors, IVF with 8-bit scalar quantisation above, which still finds what
exact search finds (recall@10) and keeps its settings through a save and a load."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from index import build_index, open_index
from index.vector_training import GATHERED, RESCORE_CODE, trained_ivf
from index.vectors import APPROXIMATE, EXACT, EXACT_MAX, VectorIndex, VectorsUnreadable


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


def test_above_the_threshold_windows_are_kept_for_rescoring_only(tmp_path):
    """Rows marked `rescore_only` are never search results but read back, close to what was written,
    the same after a save and a load; the others read back exactly as when all are searched."""
    vectors = _clustered(12_000)
    ids = np.arange(1_000, 13_000) * 2  # not consecutive, as after updates
    windows = np.arange(12_000) % 5 >= 3
    everything = VectorIndex.build(ids, vectors, 64, exact_max=10_000)
    built = VectorIndex.build(ids, vectors, 64, exact_max=10_000, rescore_only=windows)
    built.save(tmp_path / "vectors.faiss")
    everything.save(tmp_path / "all.faiss")
    loaded = VectorIndex.load(tmp_path / "vectors.faiss")
    assert loaded.kind == APPROXIMATE and loaded.size == len(ids) and loaded.rescore_only == windows.sum()
    mixed = ids[[3, 4, 0, 11_999, 8, 9, 5_003]]  # windows and searched vectors interleaved
    assert np.array_equal(loaded.vectors(mixed), built.vectors(mixed))
    rows = np.searchsorted(ids, mixed)
    assert np.abs(loaded.vectors(mixed) - vectors[rows]).max() < 0.1
    cosine = (loaded.vectors(ids[windows]) * vectors[windows]).sum(axis=1)
    assert cosine.min() > 0.9 and cosine.mean() > 0.97  # 4 bits a dimension
    searched = ids[~windows][:50]
    assert np.abs(loaded.vectors(searched) - vectors[~windows][:50]).max() < 0.02
    queries = vectors[windows][:20]
    assert not {i for q in queries for i, _ in loaded.search(q, 50)} & set(ids[windows].tolist())
    assert (tmp_path / "vectors.faiss").stat().st_size < 0.85 * (tmp_path / "all.faiss").stat().st_size


def test_a_truncated_two_part_file_cannot_be_loaded_and_says_so(tmp_path):
    vectors = _clustered(3_000)
    VectorIndex.build(np.arange(3_000), vectors, 64, exact_max=1_000,
                      rescore_only=np.arange(3_000) % 2 == 0).save(tmp_path / "vectors.faiss")
    data = (tmp_path / "vectors.faiss").read_bytes()
    for cut in (20, len(data) // 2, len(data) - 1):
        (tmp_path / "vectors.faiss").write_bytes(data[:cut])
        with pytest.raises(VectorsUnreadable, match="cannot be read"):
            VectorIndex.load(tmp_path / "vectors.faiss")


def test_vectors_added_a_block_at_a_time_and_codes_made_beside_give_the_file_one_call_gives(tmp_path):
    """`VectorIndex.build` adds the searched vectors `GATHERED` at a time from a reused buffer, and
    with two threads makes the re-scoring codes on the second: the file is the one that FAISS's
    single `add_with_ids` of every searched vector and codes made after it give, byte for byte."""
    count = 2 * GATHERED + 5_000  # two whole blocks and a part
    vectors = _clustered(count, dimension=16)
    ids = np.arange(count, dtype=np.int64) * 3
    windows = np.arange(count) % 7 >= 5
    searched = ~windows
    whole = trained_ivf(vectors, np.flatnonzero(searched), 16)
    whole.add_with_ids(np.ascontiguousarray(vectors[searched]), ids[searched])
    codes = faiss.IndexScalarQuantizer(16, RESCORE_CODE, faiss.METRIC_INNER_PRODUCT)
    codes.train(np.ascontiguousarray(vectors[windows]))
    rescore = faiss.IndexIDMap(codes)
    rescore.add_with_ids(np.ascontiguousarray(vectors[windows]), ids[windows])
    VectorIndex(whole, rescore).save(tmp_path / "one-call.faiss")
    for threads in (1, 2):
        VectorIndex.build(ids, vectors, 16, exact_max=1_000, rescore_only=windows, threads=threads).save(
            tmp_path / f"blocks-{threads}.faiss")
        assert (tmp_path / f"blocks-{threads}.faiss").read_bytes() == (tmp_path / "one-call.faiss").read_bytes()
