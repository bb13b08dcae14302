"""The reciprocal-rank fusion that ordered candidates until stop 46 (main `8c97a79`), for the earlier
measurement scripts that compare against it or vary it (BENCHMARKS.md, "Retrieval" to "Stop 44"); the
product orders them by index/fusion.py's learned fusion."""

from __future__ import annotations

import numpy as np

from index.ranking import reciprocal_ranks

FUSION_K = 10  # reciprocal-rank fusion constant
RETRIEVER_WEIGHT = 2.0  # weight of the raw retrievers' ranks beside the model's (0: the model alone)
LATE_WEIGHT = 3.0  # the MaxSim rank's weight beside the model's 1
EXAMPLE_WEIGHT = 2.0  # the example questions' rank's full weight beside the model's 1
RAMP = 0.1  # the margin of the best example over the best passage at which `gate` is full (benchmarks/tune_examples.py)


def fuse_ranks(learned: np.ndarray, dense: np.ndarray, lexical: np.ndarray, k: float, weight: float,
               late: np.ndarray | None = None, late_weight: float = 0.0,
               asked: np.ndarray | None = None, asked_weight: float = 0.0) -> np.ndarray:
    """Candidate order by reciprocal-rank fusion of the model's ranking (weight 1) with the dense and lexical
    retrievers' at `weight` (a candidate no word matched has no lexical rank), late interaction's at
    `late_weight` and the example questions' at `asked_weight` (a candidate without one has no rank)."""
    fused = reciprocal_ranks(learned, k)
    if weight:
        fused += weight * (reciprocal_ranks(dense, k) + np.where(lexical > 0, reciprocal_ranks(lexical, k), 0.0))
    if late is not None and late_weight:
        fused += late_weight * reciprocal_ranks(late, k)
    if asked is not None and asked_weight:
        fused += asked_weight * np.where(asked > 0, reciprocal_ranks(asked, k), 0.0)
    return np.lexsort((-learned, -fused))


def fused_weight(asked: np.ndarray, dense: np.ndarray) -> float:
    """The example questions' rank's weight for one question: EXAMPLE_WEIGHT times `gate`."""
    return EXAMPLE_WEIGHT * gate(asked, dense)


def gate(asked: np.ndarray, dense: np.ndarray) -> float:
    """How far the best example (`asked`, the candidates' `ExampleMatcher.scores`) beats the best passage
    match (`dense`, the candidates' dense similarity), from 0 at no margin to 1 at `RAMP`. A question about
    something no example covers is usually nearer a passage than any example, and is then not pulled
    towards a passage whose examples only sound alike."""
    if not len(asked) or not len(dense):
        return 0.0
    return float(np.clip((asked.max() - dense.max()) / RAMP, 0.0, 1.0))
