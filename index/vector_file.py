"""The vectors file: reading, writing and checking it. FAISS indexes stay FAISS objects here; the
searching is `index.vectors.VectorIndex`'s.

On disk an IVF index holds each vector's code and id once: the ids go into the inverted lists
themselves (no `IndexIDMap2` beside them), and the id-to-code table that re-scoring needs is made
when the file is loaded, not stored (BENCHMARKS.md, "Disk at 100k": 16 bytes a vector). Files
written before (IVF-SQ8 inside an `IndexIDMap2`, the map stored) load as they did.

With vectors kept only for re-scoring, the file is `MAGIC`, the two parts' lengths, and each part
as FAISS serialises it; a plain FAISS file (every exact index, and IVF files written before) is
one part.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import faiss
import numpy as np

from index.regular_files import open_regular

MAGIC = b"peerbot-vectors-2\n"  # a file of two parts: the searched index, then the re-scoring-only vectors
_LENGTHS = struct.Struct("<QQ")
_HEADER = struct.Struct("<4siq")  # every FAISS index written: its code, dimension and vector count
_NO_MAP = faiss.DirectMap.NoMap  # type: ignore[attr-defined]


class VectorsUnreadable(Exception):
    """A vectors file FAISS cannot read."""


def read_parts(path: Path) -> tuple[faiss.Index, faiss.Index | None]:
    """The searched index in the file at `path` and its re-scoring-only vectors (None when it has none)."""
    if not path.is_file():
        raise VectorsUnreadable(f"{path.name} is not a file")
    try:
        with open(path, "rb") as f:
            two_parts = f.read(len(MAGIC)) == MAGIC
            if not two_parts:  # read through Python's file, so any path will do (FAISS takes only UTF-8 ones)
                f.seek(0)
                reader = faiss.PyCallbackIOReader(f.read)  # type: ignore[attr-defined]
                return _written_kind(faiss.read_index(reader), path), None
        data = np.fromfile(path, dtype=np.uint8)
        head = len(MAGIC) + _LENGTHS.size
        searched, rescore = _LENGTHS.unpack(data[len(MAGIC):head].tobytes()) if len(data) >= head else (0, 0)
        if not searched or not rescore or head + searched + rescore != len(data):
            raise VectorsUnreadable(f"{path.name} cannot be read: truncated or damaged")
        return (_written_kind(faiss.deserialize_index(data[head:head + searched]), path),
                faiss.deserialize_index(data[head + searched:]))
    except RuntimeError:  # FAISS reports a truncated or foreign file this way
        raise VectorsUnreadable(f"{path.name} cannot be read by FAISS") from None


def file_shape(path: Path) -> tuple[int, int]:
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


def write_parts(path: Path, index: faiss.Index, rescore: faiss.Index | None) -> None:
    """Write `index` (and `rescore`, if any) to a temporary file, flush it to disk, then rename over `path`."""
    tmp = path.with_name(path.name + ".tmp")
    if isinstance(index, faiss.IndexIVF):  # any id map is made again when the file is loaded
        kept = index.direct_map.type
        index.set_direct_map_type(_NO_MAP)
        try:
            searched = faiss.serialize_index(index)
        finally:
            index.set_direct_map_type(kept)
    else:
        searched = faiss.serialize_index(index)
    with open(tmp, "wb") as f:
        if rescore is not None:
            codes = faiss.serialize_index(rescore)
            f.write(MAGIC + _LENGTHS.pack(len(searched), len(codes)))
            searched.tofile(f)  # from the arrays' own memory, not a copy of it as bytes
            codes.tofile(f)
        else:
            searched.tofile(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


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
