"""An IVF-SQ index's stored vectors decoded in one FAISS call, its codes read where FAISS keeps them.

`reconstruct_batch` on an IVF index costs about 3 us a vector (a lookup, allocations and a decoder
made for each vector inside FAISS): some 6 ms for the ~2,000 vectors an answer re-scores at 100k
passages. FAISS's `sa_decode` turns a batch of codes (each list number, then the quantised code)
into the same vectors, bit for bit, in about a tenth of that. `CodeReader` finds each id's code
through a table made once when the index is loaded or built (ids sorted, with each one's list and
the byte position of its code), and gathers the codes with one numpy indexing over FAISS's
inverted lists, read in place: a loaded or built index's lists are never changed afterwards, and
the reader holds the index, so the memory it reads stays FAISS's for as long as the reader lives.
"""

from __future__ import annotations

import faiss
import numpy as np


class CodeReader:
    """Decodes the vectors of an IVF-SQ index (its ids in its lists, or behind an IndexIDMap2)."""

    def __init__(self, index: faiss.Index, ivf: faiss.IndexIVFScalarQuantizer, lists: faiss.ArrayInvertedLists):
        """From an index holding at least one vector (`of` chooses)."""
        self._index, self._ivf = index, ivf  # held: the reader reads their memory
        size = ivf.code_size
        self._coarse = ivf.sa_code_size() - size  # the list number's bytes before each code
        parts = [(n, lists.list_size(n)) for n in range(ivf.nlist) if lists.list_size(n)]
        codes = [faiss.rev_swig_ptr(lists.get_codes(n), count * size) for n, count in parts]
        first = min(c.ctypes.data for c in codes)
        last = max(c.ctypes.data + c.nbytes for c in codes)
        inner = np.concatenate([faiss.rev_swig_ptr(lists.get_ids(n), count).copy() for n, count in parts])
        ids = faiss.vector_to_array(index.id_map)[inner] if isinstance(index, faiss.IndexIDMap2) else inner
        list_of = np.concatenate([np.full(count, n, np.int32) for n, count in parts])
        start = np.concatenate([c.ctypes.data - first + np.arange(count, dtype=np.int64) * size
                                for c, (_, count) in zip(codes, parts)])
        order = np.argsort(ids, kind="stable")
        self._ids, self._list, self._start = ids[order], list_of[order], start[order]
        self._codes = np.lib.stride_tricks.as_strided(  # row i: the `size` bytes from byte i
            np.asarray(_Memory(first, last - first)), shape=(last - first - size + 1, size), strides=(1, 1),
            writeable=False)

    @classmethod
    def of(cls, index: faiss.Index) -> CodeReader | None:
        """A reader for an IVF-SQ index with FAISS's in-memory lists; None for any other index."""
        if isinstance(index, faiss.IndexIDMap2):  # a file written before the ids went into the lists
            ivf = faiss.downcast_index(index.index)
        else:
            ivf = index
        if not isinstance(ivf, faiss.IndexIVFScalarQuantizer) or not ivf.ntotal:
            return None
        lists = faiss.downcast_InvertedLists(ivf.invlists) if ivf.invlists is not None else None
        return cls(index, ivf, lists) if isinstance(lists, faiss.ArrayInvertedLists) else None

    @property
    def ids(self) -> np.ndarray:
        """Every stored vector's id, ascending."""
        return self._ids

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of `ids` (rows in the same order), as `reconstruct_batch` gives them;
        KeyError for an id the index does not hold."""
        ids = np.asarray(ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")  # increasing keys: the binary searches share their path
        at = np.empty(len(ids), dtype=np.int64)
        at[order] = np.minimum(np.searchsorted(self._ids, ids[order]), len(self._ids) - 1)
        if (self._ids[at] != ids).any():
            missing = ids[~np.isin(ids, self._ids)]
            raise KeyError(f"no stored vector has id {int(missing[0])}")
        codes = np.empty((len(ids), self._coarse + self._codes.shape[1]), dtype=np.uint8)
        codes[:, :self._coarse] = self._list[at].astype("<i8").view(np.uint8).reshape(-1, 8)[:, :self._coarse]
        codes[:, self._coarse:] = self._codes[self._start[at]]
        return np.asarray(self._ivf.sa_decode(codes), dtype=np.float32).reshape(len(ids), self._ivf.d)


class _Memory:
    """`size` bytes at `address`, for numpy (read only)."""

    def __init__(self, address: int, size: int):
        self.__array_interface__ = {"data": (address, True), "shape": (size,), "typestr": "|u1", "version": 3}
