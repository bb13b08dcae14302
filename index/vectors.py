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

Vectors a build marks `rescore_only` (the windows of two sentences) are, above `EXACT_MAX`, not
searched: they are kept as `RESCORE_CODE` codes (4 bits a dimension) only to re-score candidates,
which halves their bytes (BENCHMARKS.md, "Window vectors for re-scoring only"). The file is then
`MAGIC`, the two parts' lengths, and each part as FAISS serialises it; a plain FAISS file (every
exact index, and IVF files written before) loads as before.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import faiss
import numpy as np

from index.ivf_codes import CodeReader
from index.regular_files import open_regular


class VectorsUnreadable(Exception):
    """A vectors file FAISS cannot read."""


EXACT_MAX = 50_000  # vectors searched exactly; more go into IVF-SQ
CODE = "SQ8"  # the scalar quantiser above EXACT_MAX; "SQ6" saves a quarter of the file but costs answer
# CPU (BENCHMARKS.md, "Disk at 100k")
NPROBE = 32  # lists searched a question, of about sqrt(n)
MAX_LISTS = 4096
TRAINING_PER_LIST = 64  # vectors sampled per list to train the lists and the quantiser
GATHERED = 16_384  # vectors added to an index at a time: a multiple of FAISS's blocks of 4,096 queries
# (`distance_compute_blas_query_bs`), so each is assigned its list by the same products as in one call
EXACT = "exact"
_KINDS = {faiss.ScalarQuantizer.QT_8bit: "ivf-sq8", faiss.ScalarQuantizer.QT_6bit: "ivf-sq6",
          faiss.ScalarQuantizer.QT_4bit: "ivf-sq4"}
APPROXIMATE = "ivf-" + CODE.lower()
_NO_MAP, _ID_TABLE = faiss.DirectMap.NoMap, faiss.DirectMap.Hashtable  # type: ignore[attr-defined]
RESCORE_CODE = faiss.ScalarQuantizer.QT_4bit  # vectors kept only for re-scoring, above EXACT_MAX
MAGIC = b"peerbot-vectors-2\n"  # a file of two parts: the searched index, then the re-scoring-only vectors
_LENGTHS = struct.Struct("<QQ")
_HEADER = struct.Struct("<4siq")  # every FAISS index written: its code, dimension and vector count


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
            rescore = beside.submit(_rescore_codes, ids, vectors, rows, dimension) if threads > 1 and len(rows) else None
            searched = np.flatnonzero(~aside)
            index = _trained_ivf(vectors, searched, dimension)  # keeps the ids in its lists
            for part, block in _gathered(vectors, searched):
                index.add_with_ids(block, ids[part])
            if not len(rows):
                return cls(index)
            return cls(index, rescore.result() if rescore else _rescore_codes(ids, vectors, rows, dimension))

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
            with open(path, "rb") as f:
                two_parts = f.read(len(MAGIC)) == MAGIC
                if not two_parts:  # read through Python's file, so any path will do (FAISS takes only UTF-8 ones)
                    f.seek(0)
                    reader = faiss.PyCallbackIOReader(f.read)  # type: ignore[attr-defined]
                    return cls(_written_kind(faiss.read_index(reader), path))
            data = np.fromfile(path, dtype=np.uint8)
            head = len(MAGIC) + _LENGTHS.size
            searched, rescore = _LENGTHS.unpack(data[len(MAGIC):head].tobytes()) if len(data) >= head else (0, 0)
            if not searched or not rescore or head + searched + rescore != len(data):
                raise VectorsUnreadable(f"{path.name} cannot be read: truncated or damaged")
            return cls(_written_kind(faiss.deserialize_index(data[head:head + searched]), path),
                       faiss.deserialize_index(data[head + searched:]))
        except RuntimeError:  # FAISS reports a truncated or foreign file this way
            raise VectorsUnreadable(f"{path.name} cannot be read by FAISS") from None

    @staticmethod
    def shape(path: Path) -> tuple[int, int]:
        """(vectors, dimension) of the file at `path` from its FAISS headers alone (each part's
        four-character code, then its dimension, int32, and vector count, int64), without loading it."""
        with open_regular(path) as f:
            head = f.read(len(MAGIC) + _LENGTHS.size)
            parts = [0]
            if head.startswith(MAGIC) and len(head) == len(MAGIC) + _LENGTHS.size:
                searched, _ = _LENGTHS.unpack(head[len(MAGIC):])
                parts = [len(head), len(head) + searched]
            shapes = []
            for offset in parts:
                f.seek(offset)
                header = f.read(_HEADER.size)
                if len(header) < _HEADER.size:
                    raise VectorsUnreadable(f"{path.name} cannot be read: truncated or damaged")
                shapes.append(_HEADER.unpack(header)[1:])
        return sum(count for _, count in shapes), shapes[0][0]

    def save(self, path: Path) -> None:
        """Write to a temporary file, flush it to disk, then rename over `path`."""
        tmp = path.with_name(path.name + ".tmp")
        if isinstance(self._index, faiss.IndexIVF):  # any id map is made again when the file is loaded
            kept = self._index.direct_map.type
            self._index.set_direct_map_type(_NO_MAP)
            try:
                searched = faiss.serialize_index(self._index)
            finally:
                self._index.set_direct_map_type(kept)
        else:
            searched = faiss.serialize_index(self._index)
        with open(tmp, "wb") as f:
            if self._rescore is not None:
                rescore = faiss.serialize_index(self._rescore)
                f.write(MAGIC + _LENGTHS.pack(len(searched), len(rescore)))
                searched.tofile(f)  # from the arrays' own memory, not a copy of it as bytes
                rescore.tofile(f)
            else:
                searched.tofile(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

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


def _written_kind(index: faiss.Index, path: Path) -> faiss.Index:
    """`index` when it is of a kind a build writes (an inner-product `IndexFlat` inside an
    `IndexIDMap2`, or an inner-product IVF, bare or inside one); else VectorsUnreadable: a FAISS file
    of another kind (HNSW, L2, a plain id map) loads, then fails finding a candidate's vector."""
    outer = faiss.downcast_index(index)
    inner = faiss.downcast_index(outer.index) if isinstance(outer, faiss.IndexIDMap2) else outer
    # an exact index is always written inside an IndexIDMap2
    kinds = (faiss.IndexFlat, faiss.IndexIVF) if inner is not outer else (faiss.IndexIVF,)
    if not isinstance(inner, kinds) or inner.metric_type != faiss.METRIC_INNER_PRODUCT:
        raise VectorsUnreadable(f"{path.name} is not a vector index peerbot writes ({type(inner).__name__})")
    return index


def _ivf(index: faiss.Index) -> faiss.IndexIVF | None:
    """The inverted-file index inside `index`, None for an exact one."""
    try:
        return faiss.extract_index_ivf(index)
    except RuntimeError:  # FAISS's answer for an index without inverted lists
        return None


def _trained_ivf(vectors: np.ndarray, rows: np.ndarray, dimension: int) -> faiss.Index:
    """IVF lists and a `CODE` quantiser trained on a fixed sample of `vectors[rows]` (same input, same index)."""
    lists = max(1, min(MAX_LISTS, int(np.sqrt(len(rows)))))
    index = faiss.index_factory(dimension, f"IVF{lists},{CODE}", faiss.METRIC_INNER_PRODUCT)
    ivf = faiss.extract_index_ivf(index)
    ivf.cp.seed = 14
    index.train(vectors[_sample(rows, lists * TRAINING_PER_LIST)])
    ivf.nprobe = min(NPROBE, lists)
    return index


def _rescore_codes(ids: np.ndarray, vectors: np.ndarray, rows: np.ndarray, dimension: int) -> faiss.IndexIDMap:
    """`vectors[rows]` as `RESCORE_CODE` codes with their `ids[rows]` (ascending), trained on a fixed sample."""
    codes = faiss.IndexScalarQuantizer(dimension, RESCORE_CODE, faiss.METRIC_INNER_PRODUCT)
    codes.train(vectors[_sample(rows, MAX_LISTS * TRAINING_PER_LIST)])
    index = faiss.IndexIDMap(codes)
    for block_rows, block in _gathered(vectors, rows):
        index.add_with_ids(block, ids[block_rows])
    return index


def _sample(rows: np.ndarray, size: int) -> np.ndarray:
    """A fixed sample of `size` of `rows` (all of them, in order, when there are no more)."""
    if size >= len(rows):
        return rows
    return rows[np.random.default_rng(14).choice(len(rows), size, replace=False)]


def _gathered(vectors: np.ndarray, rows: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(rows, `vectors[rows]`) `GATHERED` rows at a time, copied into one buffer used again (a build's
    vectors are mapped from its spool file: a copy of them all at once costs more in fresh memory
    than the copying itself)."""
    buffer = np.empty((min(GATHERED, len(rows)), vectors.shape[1]), dtype=np.float32)
    for start in range(0, len(rows), GATHERED):
        part = rows[start:start + GATHERED]
        block = buffer[:len(part)]
        np.take(vectors, part, axis=0, out=block)
        yield part, block


def use_threads(count: int = 1) -> None:
    """FAISS's OpenMP threads (its default, one a core, slows both search and torch encoding on a
    small shared machine)."""
    faiss.omp_set_num_threads(max(1, count))
