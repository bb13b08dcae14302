"""Which vectors belong to which passage, stored as three numbers a passage instead of a row a vector.

A build gives each passage's vectors consecutive ids, in a fixed order: the whole passage, then
its sentences, then its windows of two sentences. So a passage's vectors are a span: the id of its
first (`first_unit`) and how many sentences and windows follow. At 100k passages this replaces an
850k-row `units` table (27 MB with its index) by three small integer columns of `chunks`
(migration m009). Pure functions over numpy arrays: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

KINDS = ("passage", "sentence", "window")


_CODES = {kind: code for code, kind in enumerate(KINDS)}


def spans(chunk_ids: Sequence[int], kinds: Sequence[str], first: int) -> list[tuple[int, int, int, int]]:
    """(passage id, first unit id, sentences, windows) of vectors numbered from `first` in the given
    order; ValueError unless each passage's vectors are together, its own first, then its sentences,
    then its windows. In array steps; `_read_one_by_one` when the order is wrong, to say where."""
    try:
        codes = np.fromiter(map(_CODES.__getitem__, kinds), np.int8, len(kinds))
    except KeyError:
        return _read_one_by_one(chunk_ids, kinds, first)
    chunks = np.asarray(chunk_ids, dtype=np.int64).reshape(-1)
    starts = np.ones(len(chunks), bool)  # where a passage's vectors start: the passage changes
    starts[1:] = chunks[1:] != chunks[:-1]
    steps = np.diff(codes)
    if len(codes) != len(chunks) or not np.array_equal(starts, codes == 0) or (steps[~starts[1:]] < 0).any():
        return _read_one_by_one(chunk_ids, kinds, first)
    at = np.flatnonzero(starts)
    if not len(at):
        return []
    sentences = np.add.reduceat((codes == 1).astype(np.int64), at)
    windows = np.add.reduceat((codes == 2).astype(np.int64), at)
    return list(zip(chunks[at].tolist(), (at + first).tolist(), sentences.tolist(), windows.tolist()))


def _read_one_by_one(chunk_ids: Sequence[int], kinds: Sequence[str], first: int) -> list[tuple[int, int, int, int]]:
    """`spans`, read a vector at a time."""
    found: list[tuple[int, int, int, int]] = []
    i = 0
    while i < len(chunk_ids):
        chunk = chunk_ids[i]
        if kinds[i] != "passage":
            raise ValueError(f"passage {chunk}'s vectors do not start with the whole passage")
        start = i
        i += 1
        counts = {"sentence": 0, "window": 0}
        for kind in ("sentence", "window"):
            while i < len(chunk_ids) and chunk_ids[i] == chunk and kinds[i] == kind:
                counts[kind] += 1
                i += 1
        if i < len(chunk_ids) and chunk_ids[i] == chunk:
            raise ValueError(f"passage {chunk}'s vectors are not in the order passage, sentences, windows")
        found.append((chunk, first + start, counts["sentence"], counts["window"]))
    return found


def expand(chunk_ids: np.ndarray, first: np.ndarray, sentences: np.ndarray, windows: np.ndarray,
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit ids, passage ids, kind codes: indexes of `KINDS`) of every vector the spans hold, in id order."""
    counts = 1 + sentences + windows
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    offset = np.arange(total, dtype=np.int64) - starts  # 0 for the passage, then 1, 2, ...
    unit_ids = np.repeat(first, counts) + offset
    passages = np.repeat(chunk_ids, counts)
    kinds = np.where(offset == 0, 0, np.where(offset <= np.repeat(sentences, counts), 1, 2)).astype(np.int8)
    order = np.argsort(unit_ids, kind="stable")
    return unit_ids[order], passages[order], kinds[order]
