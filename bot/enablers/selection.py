"""Choosing a few relevant, different excerpts (pure): greedy maximal marginal relevance.

Each step takes the candidate whose relevance, less its similarity to what is already chosen
and a small charge per excerpt already taken from its document, is highest. A candidate nearly
the same as a chosen one is never taken, so no two excerpts say the same thing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

REDUNDANCY_WEIGHT = 0.5  # how much similarity to a chosen excerpt costs
DOCUMENT_CHARGE = 0.03  # per excerpt already chosen from the same document
DUPLICATE_SIMILARITY = 0.8  # cosine at or above which two excerpts say the same thing


@dataclass(frozen=True, eq=False)  # compared by identity: it holds a vector
class Candidate:
    passage_id: int
    document_id: str
    start: int
    end: int
    text: str
    relevance: float
    vector: np.ndarray


def choose_diverse(
    candidates: list[Candidate], limit: int, per_passage: int, chosen: tuple[Candidate, ...] = ()
) -> list[Candidate]:
    """Up to `limit` candidates, best first; `chosen` are earlier picks they must differ from."""
    picked: list[Candidate] = []
    taken = list(chosen)
    pool = list(candidates)
    while pool and len(picked) < limit:
        per_document = Counter(c.document_id for c in taken)
        per_passage_count = Counter(c.passage_id for c in taken)

        def value(c: Candidate) -> float:
            overlap = max((float(c.vector @ t.vector) for t in taken), default=0.0)
            return c.relevance - REDUNDANCY_WEIGHT * overlap - DOCUMENT_CHARGE * per_document[c.document_id]

        allowed = [c for c in pool if per_passage_count[c.passage_id] < per_passage and not _repeats(c, taken)]
        if not allowed:
            break
        best = max(allowed, key=value)
        picked.append(best)
        taken.append(best)
        pool.remove(best)
    return picked


def _repeats(candidate: Candidate, taken: list[Candidate]) -> bool:
    for other in taken:
        same_place = other.passage_id == candidate.passage_id and other.start < candidate.end and candidate.start < other.end
        if same_place or float(candidate.vector @ other.vector) >= DUPLICATE_SIMILARITY:
            return True
    return False
