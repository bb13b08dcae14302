"""The FAISS inner-product index, chosen by size. FAISS's `D, I` arrays never leave this module.
An IVF index is trained and filled by index/vector_training.py; the file on disk is
index/vector_file.py's.

Up to `EXACT_MAX` vectors the search is exact (`IndexFlatIP`): the bundled corpus and any corpus of
a few thousand passages. Above it, exact search costs too much a question (75 ms CPU at 478k
vectors), so the index is IVF with scalar quantisation (`IndexIVFScalarQuantizer`): recall@10
against exact search measured by benchmarks/faiss_choice.py (BENCHMARKS.md, "Scale"). Re-scoring
decodes the candidates' vectors in one call (index/ivf_codes.py).

Vectors a build marks `rescore_only` (the windows of two sentences) are, above `EXACT_MAX`, not
searched: they are kept as 4-bit codes only to re-score candidates, which halves their bytes
(BENCHMARKS.md, "Window vectors for re-scoring only").
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import faiss
import numpy as np

from index.ivf_codes import CodeReader
from index.vector_file import VectorsUnreadable, file_shape, read_parts, write_parts
from index.vector_training import CODE, gathered, rescore_codes, trained_ivf

EXACT_MAX = 50_000  # vectors searched exactly; more go into IVF-SQ
EXACT = "exact"
_KINDS = {faiss.ScalarQuantizer.QT_8bit: "ivf-sq8", faiss.ScalarQuantizer.QT_6bit: "ivf-sq6",
          faiss.ScalarQuantizer.QT_4bit: "ivf-sq4"}
APPROXIMATE = "ivf-" + CODE.lower()
_NO_MAP, _ID_TABLE = faiss.DirectMap.NoMap, faiss.DirectMap.Hashtable  # type: ignore[attr-defined]


class VectorIndex:
    """Inner-product search over normalised vectors, keyed by integer ids: exact up to `EXACT_MAX`
    vectors, approximate (IVF-SQ) above."""

    def __init__(self, index: faiss.Index, rescore: faiss.Index | None = None):
        """`index` is searched; `rescore` (an `IndexIDMap`, ids ascending) holds vectors kept only for `vectors(ids)`."""
        self._index = index
        self._codes = CodeReader.of(index)  # decodes an IVF-SQ index's vectors in one call (index/ivf_codes.py)
        if self._codes is None and isinstance(index, faiss.IndexIVF) and index.direct_map.type == _NO_MAP:
            index.set_direct_map_type(_ID_TABLE)  # so `vectors(ids)` can re-score candidates through FAISS
        self._rescore = rescore
        self._rescore_ids = np.zeros(0, dtype=np.int64)
        if rescore is not None:
            if not isinstance(rescore, faiss.IndexIDMap):
                raise VectorsUnreadable("the re-scoring vectors are not stored with their ids")
            self._rescore_ids = faiss.vector_to_array(rescore.id_map).astype(np.int64)
            codes = faiss.downcast_index(rescore.index)
            if not isinstance(codes, faiss.IndexScalarQuantizer):
                raise VectorsUnreadable("the re-scoring vectors are not scalar-quantised codes")
            self._rescore_codes = codes
            count, size = codes.ntotal, codes.code_size  # the codes as a numpy view, gathered then decoded
            self._rescore_rows = faiss.rev_swig_ptr(codes.codes.data(), count * size).reshape(count, size)

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, dimension: int, exact_max: int = EXACT_MAX,
              rescore_only: np.ndarray | None = None, threads: int = 1) -> VectorIndex:
        """Index `vectors` (rows of `ids`, ascending); above `exact_max` the rows `rescore_only` marks
        are kept for re-scoring, not searched. With `threads` above 1 those are coded on a second
        thread while the searched ones are indexed (FAISS releases the GIL as it works)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        ids = np.asarray(ids, dtype=np.int64)
        if len(ids) <= exact_max:
            index: faiss.Index = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
            if len(ids):
                index.add_with_ids(vectors, ids)
            return cls(index)
        aside = np.zeros(len(ids), dtype=bool) if rescore_only is None else np.asarray(rescore_only, dtype=bool)
        with ThreadPoolExecutor(1) as beside:
            rows = np.flatnonzero(aside)
            rescore = beside.submit(rescore_codes, ids, vectors, rows, dimension) if threads > 1 and len(rows) else None
            searched = np.flatnonzero(~aside)
            index = trained_ivf(vectors, searched, dimension)  # keeps the ids in its lists
            for part, block in gathered(vectors, searched):
                index.add_with_ids(block, ids[part])
            if not len(rows):
                return cls(index)
            return cls(index, rescore.result() if rescore else rescore_codes(ids, vectors, rows, dimension))

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
        """The index in the file at `path`; VectorsUnreadable when it is missing, damaged or foreign."""
        return cls(*read_parts(path))

    @staticmethod
    def shape(path: Path) -> tuple[int, int]:
        """(vectors, dimension) of the file at `path`, without loading it."""
        return file_shape(path)

    def save(self, path: Path) -> None:
        """Write to a temporary file, flush it to disk, then rename over `path`."""
        write_parts(path, self._index, self._rescore)

    @property
    def size(self) -> int:
        return int(self._index.ntotal) + len(self._rescore_ids)

    @property
    def rescore_only(self) -> int:
        """How many of the vectors are kept for re-scoring only (not searched)."""
        return len(self._rescore_ids)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    def ids(self) -> np.ndarray | None:
        """Every stored vector's id (searched or kept for re-scoring), ascending; None for an IVF
        index without codes at hand (a file of another quantiser), whose ids are not gathered."""
        if self._codes is not None:
            searched = self._codes.ids
        elif isinstance(inner := faiss.downcast_index(self._index), faiss.IndexIDMap2):
            searched = faiss.vector_to_array(inner.id_map)
        elif not self._index.ntotal:
            searched = np.zeros(0, dtype=np.int64)
        else:
            return None
        return np.sort(np.concatenate([searched.astype(np.int64, copy=False), self._rescore_ids]))

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of `ids` (rows in the same order), for re-scoring candidates exactly."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(ids):
            return np.zeros((0, self.dimension), dtype=np.float32)
        if not len(self._rescore_ids):
            return self._searched_vectors(ids)
        at = np.minimum(np.searchsorted(self._rescore_ids, ids), len(self._rescore_ids) - 1)
        aside = self._rescore_ids[at] == ids
        found = np.empty((len(ids), self.dimension), dtype=np.float32)
        if (~aside).any():
            found[~aside] = self._searched_vectors(np.ascontiguousarray(ids[~aside]))
        if aside.any():
            found[aside] = self._rescore_codes.sa_decode(np.ascontiguousarray(self._rescore_rows[at[aside]]))
        return found

    def _searched_vectors(self, ids: np.ndarray) -> np.ndarray:
        if self._codes is not None:
            return self._codes.vectors(ids)
        return np.asarray(self._index.reconstruct_batch(ids), dtype=np.float32)

    def nearest(self, vectors: np.ndarray) -> np.ndarray:
        """Each row's best inner product with any searched vector (-1 when there is none), in one call."""
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimension)
        if self._index.ntotal == 0 or not len(vectors):
            return np.full(len(vectors), -1.0, dtype=np.float32)
        scores, _ = self._index.search(vectors, 1)
        return scores[:, 0]

    def search(self, vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """(id, inner product) of the `limit` nearest vectors, best first."""
        ids, scores = self.search_arrays(vector, limit)
        return list(zip(ids.tolist(), scores.tolist()))

    def search_arrays(self, vector: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """`search` as two arrays, ids (int64) and inner products (float32), best first: no Python
        object per result."""
        if self._index.ntotal == 0 or limit <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        scores, ids = self._index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), min(limit, self._index.ntotal))
        found = ids[0] != -1
        return ids[0][found].astype(np.int64, copy=False), scores[0][found]


def _ivf(index: faiss.Index) -> faiss.IndexIVF | None:
    """The inverted-file index inside `index`, None for an exact one."""
    try:
        return faiss.extract_index_ivf(index)
    except RuntimeError:  # FAISS's answer for an index without inverted lists
        return None


def use_threads(count: int = 1) -> None:
    """FAISS's OpenMP threads (its default, one a core, slows both search and torch encoding on a
    small shared machine)."""
    faiss.omp_set_num_threads(max(1, count))
