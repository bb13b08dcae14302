"""Training and filling the FAISS indexes a build writes above `index.vectors.EXACT_MAX` vectors:
IVF lists with `CODE`-bit scalar quantisation for the searched vectors (about sqrt(n) lists,
`NPROBE` of them searched), and `RESCORE_CODE` codes for the vectors kept only to re-score
candidates. Same input, same index: the training samples are fixed."""

from __future__ import annotations

from collections.abc import Iterator

import faiss
import numpy as np

CODE = "SQ8"  # the scalar quantiser above EXACT_MAX; "SQ6" saves a quarter of the file but costs answer
# CPU (BENCHMARKS.md, "Disk at 100k")
NPROBE = 32  # lists searched a question, of about sqrt(n)
MAX_LISTS = 4096
TRAINING_PER_LIST = 64  # vectors sampled per list to train the lists and the quantiser
GATHERED = 16_384  # vectors added to an index at a time: a multiple of FAISS's blocks of 4,096 queries
# (`distance_compute_blas_query_bs`), so each is assigned its list by the same products as in one call
RESCORE_CODE = faiss.ScalarQuantizer.QT_4bit  # vectors kept only for re-scoring, above EXACT_MAX


def trained_ivf(vectors: np.ndarray, rows: np.ndarray, dimension: int) -> faiss.Index:
    """IVF lists and a `CODE` quantiser trained on a fixed sample of `vectors[rows]` (same input, same index)."""
    lists = max(1, min(MAX_LISTS, int(np.sqrt(len(rows)))))
    index = faiss.index_factory(dimension, f"IVF{lists},{CODE}", faiss.METRIC_INNER_PRODUCT)
    ivf = faiss.extract_index_ivf(index)
    ivf.cp.seed = 14
    index.train(vectors[_sample(rows, lists * TRAINING_PER_LIST)])
    ivf.nprobe = min(NPROBE, lists)
    return index


def rescore_codes(ids: np.ndarray, vectors: np.ndarray, rows: np.ndarray, dimension: int) -> faiss.IndexIDMap:
    """`vectors[rows]` as `RESCORE_CODE` codes with their `ids[rows]` (ascending), trained on a fixed sample."""
    codes = faiss.IndexScalarQuantizer(dimension, RESCORE_CODE, faiss.METRIC_INNER_PRODUCT)
    codes.train(vectors[_sample(rows, MAX_LISTS * TRAINING_PER_LIST)])
    index = faiss.IndexIDMap(codes)
    for block_rows, block in gathered(vectors, rows):
        index.add_with_ids(block, ids[block_rows])
    return index


def _sample(rows: np.ndarray, size: int) -> np.ndarray:
    """A fixed sample of `size` of `rows` (all of them, in order, when there are no more)."""
    if size >= len(rows):
        return rows
    return rows[np.random.default_rng(14).choice(len(rows), size, replace=False)]


def gathered(vectors: np.ndarray, rows: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(rows, `vectors[rows]`) `GATHERED` rows at a time, copied into one buffer used again (a build's
    vectors are mapped from its spool file: a copy of them all at once costs more in fresh memory
    than the copying itself)."""
    buffer = np.empty((min(GATHERED, len(rows)), vectors.shape[1]), dtype=np.float32)
    for start in range(0, len(rows), GATHERED):
        part = rows[start:start + GATHERED]
        block = buffer[:len(part)]
        np.take(vectors, part, axis=0, out=block)
        yield part, block
