"""Counts of many small batches summed without Python work per key (a build's vocabulary: a
document's words counted on a worker, summed by the writing process). Pure: no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np


class Numbering(dict):
    """Each key's number, given in order of first sight."""

    def __missing__(self, key: str) -> int:
        self[key] = number = len(self)
        return number


class Tally:
    """`Counter.update` of each `add`ed mapping, summed once at the end as arrays."""

    def __init__(self) -> None:
        self._numbers = Numbering()
        self._keys: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []

    def add(self, counts: Mapping[str, int]) -> None:
        self._keys.append(np.fromiter(map(self._numbers.__getitem__, counts), np.int64, len(counts)))
        self._counts.append(np.fromiter(counts.values(), np.int64, len(counts)))

    def counts(self) -> Counter[str]:
        """The sums, keys in order of first sight (as `Counter.update` of each added mapping leaves them)."""
        if not self._numbers:
            return Counter()
        # float64 sums of whole numbers: exact below 2**53
        sums = np.bincount(np.concatenate(self._keys), np.concatenate(self._counts), len(self._numbers))
        return Counter(dict(zip(self._numbers, sums.astype(np.int64).tolist())))
