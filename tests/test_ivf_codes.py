"""An IVF-SQ index's vectors decoded from its codes in one call (index/ivf_codes.py) are exactly
what FAISS's own `reconstruct_batch` gives, for files written both ways (ids in the lists, and the
older IndexIDMap2 around the lists), in any order, with repeats; an exact index has no reader."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from index.ivf_codes import CodeReader
from index.vectors import VectorIndex


def _vectors(count: int, dimension: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(count, dimension)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _older_file_layout(ids: np.ndarray, vectors: np.ndarray) -> faiss.Index:
    """IVF-SQ8 inside an IndexIDMap2, as files were written before the ids went into the lists."""
    inner = faiss.index_factory(vectors.shape[1], "IVF40,SQ8", faiss.METRIC_INNER_PRODUCT)
    inner.train(vectors)
    inner.set_direct_map_type(faiss.DirectMap.Array)  # stored in those files
    index = faiss.IndexIDMap2(inner)
    index.add_with_ids(vectors, ids)
    return index


@pytest.mark.parametrize("layout", ["ids in lists", "IndexIDMap2"])
def test_decoded_vectors_are_faiss_reconstructions_bit_for_bit(tmp_path, layout):
    vectors = _vectors(3_000, 48, seed=5)
    ids = np.arange(11, 3_011) * 7  # neither from 0 nor consecutive
    if layout == "ids in lists":
        built = VectorIndex.build(ids, vectors, 48, exact_max=1_000)
        built.save(tmp_path / "vectors.faiss")
    else:
        faiss.write_index(_older_file_layout(ids, vectors), str(tmp_path / "vectors.faiss"))
    index = faiss.read_index(str(tmp_path / "vectors.faiss"))
    if isinstance(index, faiss.IndexIVF):
        index.set_direct_map_type(faiss.DirectMap.Hashtable)  # for FAISS's own reconstruction
    reader = CodeReader.of(index)
    assert reader is not None
    wanted = np.random.default_rng(6).choice(ids, 500)  # any order, repeats included
    expected = index.reconstruct_batch(wanted)
    assert np.array_equal(reader.vectors(wanted), expected)
    loaded = VectorIndex.load(tmp_path / "vectors.faiss")
    assert np.array_equal(loaded.vectors(wanted), expected)
    assert np.abs(loaded.vectors(ids[:20]) - vectors[:20]).max() < 0.05


def test_an_id_the_index_does_not_hold_is_a_key_error():
    vectors = _vectors(1_500, 16, seed=7)
    index = VectorIndex.build(np.arange(1_500) * 2, vectors, 16, exact_max=100)
    with pytest.raises(KeyError, match="3"):
        index.vectors(np.array([0, 2, 3]))


def test_an_exact_index_has_no_reader_and_returns_its_vectors_as_stored():
    vectors = _vectors(200, 16, seed=8)
    index = VectorIndex.build(np.arange(200), vectors, 16)
    assert CodeReader.of(faiss.IndexIDMap2(faiss.IndexFlatIP(16))) is None
    assert np.array_equal(index.vectors(np.array([5, 0, 5])), vectors[[5, 0, 5]])
