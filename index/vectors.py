"""The FAISS inner-product index. FAISS's `D, I` arrays never leave this module."""

from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np


class VectorsUnreadable(Exception):
    """A vectors file FAISS cannot read."""


class VectorIndex:
    """Exact inner-product search over normalised vectors, keyed by integer ids."""

    def __init__(self, index: faiss.Index):
        self._index = index

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, dimension: int) -> VectorIndex:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        if len(ids):
            index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        if not path.is_file():
            raise VectorsUnreadable(f"{path.name} is not a file")
        try:
            return cls(faiss.read_index(str(path)))
        except RuntimeError:  # FAISS reports a truncated or foreign file this way
            raise VectorsUnreadable(f"{path.name} cannot be read by FAISS") from None

    def save(self, path: Path) -> None:
        """Write to a temporary file, flush it to disk, then rename over `path`."""
        tmp = path.with_name(path.name + ".tmp")
        faiss.write_index(self._index, str(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of `ids` (rows in the same order), for re-scoring candidates exactly."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(ids):
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.asarray(self._index.reconstruct_batch(ids), dtype=np.float32)

    def search(self, vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """(id, inner product) of the `limit` nearest vectors, best first."""
        if self.size == 0 or limit <= 0:
            return []
        scores, ids = self._index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), min(limit, self.size))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i != -1]


def use_single_thread() -> None:
    """FAISS's default OpenMP threads slow both search and torch encoding on small machines."""
    faiss.omp_set_num_threads(1)
