"""Impact-ordered lists for a large corpus's common stems (pure: packing, merging, exact BM25).

FTS5 answers an OR query by reading every posting of every stem searched, so at 100k passages a
question with a stem thousands of passages use costs tens of milliseconds. A large corpus's build
therefore stores, for every stem more than `ImpactRule.depth` passages use, its best `depth`
passages by that stem's own BM25 contribution (a single-stem FTS5 query ordered by bm25), as
int32 passage ids and float32 scores (table `stem_impacts`, migration m008).

The build also stores a list for every stem more than `ImpactRule.listed_from` (100) passages use:
up to `depth` passages such a list is complete (every passage the stem is in, as long as the stem's
stored passage count), so a passage missing from it has no part for that stem, exactly.

A question's lexical search then reads its rarest stems from FTS5 (every posting) and the rest
from their lists, and sums each passage's parts: FTS5's bm25 of an OR
query is the sum of its stems' single-stem scores over the same corpus statistics
(tests/test_impacts.py), so the sum is exact wherever no list was cut short. The best
`RESCORED` passages of that sum are then scored exactly where a list cut short may have left their sum
short (`bm25`: FTS5's formula from the passages' text and the stored stem counts), so the one
approximation left is which passages reach that shortlist: a passage outside a common stem's list
lacks that stem's part (at most the list's last, lowest score) when shortlisted. Depth and
shortlist were chosen by measurement (benchmarks/lexical_budget.py; BENCHMARKS.md, "Impact-ordered lists").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from index.errors import IndexDamaged
from index.lexical import spellings, words

LARGE_CORPUS = 10_000  # passages from which a build stores impact lists (below it FTS5 alone is fast and exact)
IMPACT_DEPTH = 2_000  # passages kept in a common stem's list
LISTED_FROM = 100  # passages from which a stem has a list (complete up to IMPACT_DEPTH); rarer stems are read from FTS5
RESCORED = 50  # best passages of the summed parts scored exactly (the lexical candidates are 50)
K1, B = 1.2, 0.75  # FTS5's bm25() constants


@dataclass(frozen=True)
class ImpactRule:
    """Which stems a build stores lists for, in a corpus of at least `min_passages` passages (a
    smaller one stores none and is searched by FTS5 alone): those more than `listed_from` passages
    use (None: more than `depth`, only lists cut short), each list at most `depth` passages long."""

    depth: int = IMPACT_DEPTH
    min_passages: int = LARGE_CORPUS
    listed_from: int | None = None

    @property
    def listed_above(self) -> int:
        """The passage count above which a stem gets a list."""
        return self.depth if self.listed_from is None else min(self.listed_from, self.depth)


DEFAULT_RULE = ImpactRule(listed_from=LISTED_FROM)


def pack(rows: Iterable[tuple[int, float]]) -> tuple[bytes, bytes]:
    """(passage ids as int32, scores as float32, higher is better) from (id, FTS5 bm25) rows,
    FTS5's bm25 being negative, best first."""
    pairs = list(rows)
    ids = np.array([r[0] for r in pairs], dtype="<i4")
    scores = np.array([-r[1] for r in pairs], dtype="<f4")
    return ids.tobytes(), scores.tobytes()


def unpack(term: str, ids: bytes, scores: bytes) -> tuple[np.ndarray, np.ndarray]:
    """A stored list back as arrays; IndexDamaged when its two halves do not fit together."""
    if not isinstance(ids, bytes) or not isinstance(scores, bytes) or len(ids) != len(scores) or len(ids) % 4:
        raise IndexDamaged(f"the lexical index's list for '{term}' is damaged: rebuild it with `peerbot index --rebuild`")
    return np.frombuffer(ids, dtype="<i4"), np.frombuffer(scores, dtype="<f4")


def totals(meta: dict[str, str]) -> tuple[int, int]:
    """The corpus's passage and token totals the build stored with the lists; IndexDamaged without them."""
    try:
        return int(meta["lexical_passages"]), int(meta["lexical_tokens"])
    except (KeyError, ValueError):
        raise IndexDamaged("the lexical index's totals are missing: rebuild it with `peerbot index --rebuild`") from None


def shortlist(lists: list[tuple[np.ndarray, np.ndarray]], whole: list[tuple[np.ndarray, np.ndarray]],
              size: int) -> tuple[list[int], list[float], list[bool]]:
    """The `size` passages with the highest summed scores over the `lists` cut short and the `whole`
    parts (complete lists, and every passage FTS5 matched for the other stems), each with its sum
    and whether that sum is exact: a passage in every list cut short is, one missing from one may
    not be."""
    parts = [*lists, *whole]
    ids = np.concatenate([p[0] for p in parts]).astype(np.int64)
    scores = np.concatenate([p[1] for p in parts]).astype(np.float64)
    unique, where = np.unique(ids, return_inverse=True)
    summed = np.bincount(where, weights=scores, minlength=len(unique))
    listed = sum(len(p[0]) for p in lists)  # the lists' entries come first
    complete = np.bincount(where[:listed], minlength=len(unique)) == len(lists)
    best = _best(summed, size)
    return unique[best].tolist(), summed[best].tolist(), complete[best].tolist()


def _best(summed: np.ndarray, size: int) -> np.ndarray:
    """Positions of the `size` highest of `summed`, highest first, ties by position: what sorting
    them all gives, sorting only those at or above the `size`-th highest."""
    if len(summed) > size > 0:
        kept = np.flatnonzero(summed >= np.partition(summed, len(summed) - size)[len(summed) - size])
    else:
        kept = np.arange(len(summed) if size > 0 else 0)
    return kept[np.argsort(-summed[kept], kind="stable")][:size]


def bm25(stems: list[str], counts: dict[str, int], passages: int, tokens: int, texts: list[str]) -> list[float]:
    """Each text's BM25 for the stems exactly as FTS5 computes it (higher is better), from the
    corpus's passage and token totals and the stems' passage counts; a text is a passage's
    `context` and `text` as the build indexed them (`index.lexical.search_text`)."""
    average = tokens / passages
    idf = [max(math.log((passages - counts.get(s, 0) + 0.5) / (counts.get(s, 0) + 0.5)), 1e-6) for s in stems]
    which = {form: i for i, s in enumerate(stems) for form in spellings(s)}
    found = []
    for text in texts:
        seen = words(text)
        tf = [0] * len(stems)
        for word in filter(which.__contains__, seen):
            tf[which[word]] += 1
        norm = K1 * (1 - B + B * len(seen) / average)
        found.append(sum(weight * f * (K1 + 1) / (f + norm) for weight, f in zip(idf, tf) if f))
    return found
