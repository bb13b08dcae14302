"""The FAISS inner-product index, chosen by size. FAISS's `D, I` arrays never leave this module.

Up to `EXACT_MAX` vectors the search is exact (`IndexFlatIP`): the bundled corpus and any corpus of
a few thousand passages. Above it, exact search costs too much a question (75 ms CPU at 478k
vectors), so the index is IVF with `CODE`-bit scalar quantisation (`IndexIVFScalarQuantizer`),
about sqrt(n) lists, `NPROBE` of them searched: recall@10 against exact search measured by
benchmarks/faiss_choice.py (BENCHMARKS.md, "Scale").

On disk an IVF index holds each vector's code and id once: the ids go into the inverted lists
themselves (no `IndexIDMap2` beside them), and the id-to-code table that re-scoring needs is made
when the file is loaded, not stored (BENCHMARKS.md, "Disk at 100k": 16 bytes a vector), by
index/ivf_codes.py, which decodes the candidates' vectors in one call. Files
written before (IVF-SQ8 inside an `IndexIDMap2`, the map stored) load and search as they did.
"""

from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np

from index.ivf_codes import CodeReader


class VectorsUnreadable(Exception):
    """A vectors file FAISS cannot read."""


EXACT_MAX = 50_000  # vectors searched exactly; more go into IVF-SQ
CODE = "SQ8"  # the scalar quantiser above EXACT_MAX; "SQ6" saves a quarter of the file but costs answer
# CPU (BENCHMARKS.md, "Disk at 100k")
NPROBE = 32  # lists searched a question, of about sqrt(n)
MAX_LISTS = 4096
TRAINING_PER_LIST = 64  # vectors sampled per list to train the lists and the quantiser
EXACT = "exact"
_KINDS = {faiss.ScalarQuantizer.QT_8bit: "ivf-sq8", faiss.ScalarQuantizer.QT_6bit: "ivf-sq6",
          faiss.ScalarQuantizer.QT_4bit: "ivf-sq4"}
APPROXIMATE = "ivf-" + CODE.lower()
_NO_MAP, _ID_TABLE = faiss.DirectMap.NoMap, faiss.DirectMap.Hashtable  # type: ignore[attr-defined]


class VectorIndex:
    """Inner-product search over normalised vectors, keyed by integer ids: exact up to `EXACT_MAX`
    vectors, approximate (IVF-SQ) above."""

    def __init__(self, index: faiss.Index):
        self._index = index
        self._codes = CodeReader.of(index)  # decodes an IVF-SQ index's vectors in one call (index/ivf_codes.py)
        if self._codes is None and isinstance(index, faiss.IndexIVF) and index.direct_map.type == _NO_MAP:
            index.set_direct_map_type(_ID_TABLE)  # so `vectors(ids)` can re-score candidates through FAISS

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, dimension: int, exact_max: int = EXACT_MAX) -> VectorIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(ids) <= exact_max:
            index: faiss.Index = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        else:
            index = _trained_ivf(vectors, dimension)  # keeps the ids in its lists
        if len(ids):
            index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))
        return cls(index)

    @property
    def kind(self) -> str:
        """"exact", or "ivf-sq8" (the quantiser's name, for a file written with another `CODE`)."""
        ivf = _ivf(self._index)
        if ivf is None:
            return EXACT
        quantiser = faiss.downcast_index(ivf)
        return _KINDS.get(quantiser.sq.qtype, "ivf") if hasattr(quantiser, "sq") else "ivf"

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
        if isinstance(self._index, faiss.IndexIVF):  # any id map is made again when the file is loaded
            kept = self._index.direct_map.type
            self._index.set_direct_map_type(_NO_MAP)
            try:
                faiss.write_index(self._index, str(tmp))
            finally:
                self._index.set_direct_map_type(kept)
        else:
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
        if self._codes is not None:
            return self._codes.vectors(ids)
        return np.asarray(self._index.reconstruct_batch(ids), dtype=np.float32)

    def nearest(self, vectors: np.ndarray) -> np.ndarray:
        """Each row's best inner product with any stored vector (-1 when there is none), in one call."""
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimension)
        if self.size == 0 or not len(vectors):
            return np.full(len(vectors), -1.0, dtype=np.float32)
        scores, _ = self._index.search(vectors, 1)
        return scores[:, 0]

    def search(self, vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """(id, inner product) of the `limit` nearest vectors, best first."""
        if self.size == 0 or limit <= 0:
            return []
        scores, ids = self._index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), min(limit, self.size))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i != -1]


def _ivf(index: faiss.Index) -> faiss.IndexIVF | None:
    """The inverted-file index inside `index`, None for an exact one."""
    try:
        return faiss.extract_index_ivf(index)
    except RuntimeError:  # FAISS's answer for an index without inverted lists
        return None


def _trained_ivf(vectors: np.ndarray, dimension: int) -> faiss.Index:
    """IVF lists and a `CODE` quantiser trained on a fixed sample of `vectors` (same input, same index)."""
    lists = max(1, min(MAX_LISTS, int(np.sqrt(len(vectors)))))
    index = faiss.index_factory(dimension, f"IVF{lists},{CODE}", faiss.METRIC_INNER_PRODUCT)
    ivf = faiss.extract_index_ivf(index)
    ivf.cp.seed = 14
    sample = min(len(vectors), lists * TRAINING_PER_LIST)
    rows = np.random.default_rng(14).choice(len(vectors), sample, replace=False) if sample < len(vectors) else slice(None)
    index.train(vectors[rows])
    ivf.nprobe = min(NPROBE, lists)
    return index


def use_threads(count: int = 1) -> None:
    """FAISS's OpenMP threads (its default, one a core, slows both search and torch encoding on a
    small shared machine)."""
    faiss.omp_set_num_threads(max(1, count))
