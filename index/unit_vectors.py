"""Where a build's vectors come from. Each vector is stored once, in the generation's FAISS file
(`vectors.faiss`); the index database keeps only which passage and kind each vector id is.

During a build the vectors of changed documents are spooled to a scratch file in the generation
folder a batch at a time (so memory does not hold them all while the corpus is read); the vectors
of unchanged documents are read back from the previous generation's FAISS file. `assemble` puts
them in id order for `VectorIndex.build` and enabler linking, then drops the scratch file's name.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.vectors import VectorIndex

SCRATCH = "new-vectors.f32"


class VectorSpool:
    """New vectors, appended a batch at a time to a scratch file, with their ids."""

    def __init__(self, folder: Path, dimension: int):
        self._path = folder / SCRATCH
        self._dimension = dimension
        self._ids: list[int] = []
        self._file = open(self._path, "wb")  # noqa: SIM115 (closed by `assemble` or `discard`)

    def add(self, ids: list[int], vectors: np.ndarray) -> None:
        self._file.write(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
        self._ids.extend(ids)

    def assemble(self, ids: np.ndarray, previous: Path | None) -> np.ndarray:
        """The vectors of `ids` (every unit of the new generation, ascending), new ones from the
        spool and the rest from the FAISS file `previous`; the scratch file is removed."""
        self._file.close()
        new = np.asarray(self._ids, dtype=np.int64)
        if len(ids) and np.array_equal(new, ids):  # every vector new, spooled in id order (a build from nothing)
            # mapped, not copied: read from the page cache as they are used (the mapping outlives the file's name)
            vectors = np.asarray(np.memmap(self._path, dtype=np.float32, mode="r", shape=(len(ids), self._dimension)))
            self.discard()
            return vectors
        vectors = np.empty((len(ids), self._dimension), dtype=np.float32)
        if len(new):
            spooled = np.fromfile(self._path, dtype=np.float32).reshape(len(new), self._dimension)
            vectors[np.searchsorted(ids, new)] = spooled
        kept = np.setdiff1d(ids, new, assume_unique=True)
        if len(kept):
            if previous is None:
                raise ValueError(f"{len(kept)} vectors are neither new nor in a previous generation")
            vectors[np.searchsorted(ids, kept)] = VectorIndex.load(previous).vectors(kept)
        self.discard()
        return vectors

    def discard(self) -> None:
        self._file.close()
        self._path.unlink(missing_ok=True)
