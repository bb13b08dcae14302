"""Vectors of fixed texts kept in the data folder's cache, so a process starting does not embed them
again: the example questions, and the scope's reference texts (the requests out of scope, the topics
and subjects in their framings, the everyday subjects), about 2,500 texts whose embedding was most of
a real-model start. Each kind is one file, keyed by the model and the texts, checked as read (type,
shape, finite) and made again when missing, damaged or for other texts; a cache that cannot be read or
written is only a slower start."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embedder import Embedder
from index.regular_files import open_regular

log = logging.getLogger(__name__)


def kept_vectors(texts: Sequence[str], embedder: Embedder, cache: Path | None, kind: str,
                 dimension: int | None = None) -> np.ndarray:
    """The texts' vectors from `embedder` (`dimension` wide, the embedder's by default), read from the folder
    `cache` when kept there as `kind` for this model and these texts, else embedded and kept (the kind's
    older file replaced)."""
    dimension = dimension or embedder.dimension
    if not texts:
        return np.zeros((0, dimension), dtype=np.float32)
    key = hashlib.sha256("\0".join([embedder.name, *texts]).encode("utf-8", "surrogatepass")).hexdigest()[:24]
    path = cache / f"{kind}-{key}.npy" if cache is not None else None
    kept = _read_kept(path, len(texts), dimension) if path is not None else None
    if kept is not None:
        return kept
    vectors = np.asarray(embedder.embed(list(texts)), dtype=np.float32)
    if path is not None:
        _keep(path, kind, vectors)
    return vectors


def _read_kept(path: Path, rows: int, dimension: int) -> np.ndarray | None:
    try:
        with open_regular(path) as f:  # a pipe in its place is not waited on
            vectors = np.load(f, allow_pickle=False)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError, MemoryError) as e:  # damaged (a header may claim any size), or not a file
        log.info("the kept vectors %s could not be read (%s); embedding them again", path, e)
        return None
    if vectors.dtype != np.float32 or vectors.shape != (rows, dimension) or not np.isfinite(vectors).all():
        return None
    return vectors


def _keep(path: Path, kind: str, vectors: np.ndarray) -> None:
    """Write `vectors` to `path` whole or not at all, and remove what earlier texts of this kind left."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                np.save(out, vectors, allow_pickle=False)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        for old in path.parent.glob(f"{kind}-*.npy"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as e:
        log.info("the %s vectors could not be kept in %s (%s)", kind, path.parent, e)
