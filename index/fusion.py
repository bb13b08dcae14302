"""The order candidates are shown in (pure): a learned linear fusion of what the search knows of each.

Per candidate, `signals` reads each signal both as its reciprocal rank among the candidates (1 / (K + rank))
and, where it is a similarity, as its gap to the question's best candidate: the ranking model's log-odds
(index/ranking.py), the best dense cosine, BM25 (a candidate no word matched has no lexical rank), late
interaction's MaxSim (index/late_interaction.py; absent above its corpus size) and the example questions'
cosine (index/examples.py; a candidate without examples has no rank), their rank scaled by `gate`, how
clearly the question is more like an example than like any passage, and their margin over the best passage
(so an example less like the question than a passage is leaves the order alone). `WEIGHTS` were fitted as a
conditional logit (a softmax over one question's candidates, the evidence's share maximised) on the pooled
tuning questions (`WITHOUT_LATE` the same with MaxSim taken out), and K and the regularisation chosen leaving
one fold out, by `benchmarks/recall_cv.py` (BENCHMARKS.md, "Stop 46"). The order only: the hits' scores stay
the model's log-odds, which the decline rules and the snippet choice read.
"""

from __future__ import annotations

import numpy as np

from index.ranking import reciprocal_ranks

K = 5.0  # reciprocal-rank constant
SIGNALS = ("model_rank", "dense_rank", "lexical_rank", "late_rank", "asked_rank_gated",
           "model_gap", "dense_gap", "late_gap", "asked_margin")
WEIGHTS = np.array([-1.382, 1.696, 8.607, 11.26, 5.649, 0.05959, 8.397, 9.824, 13.93])
# fitted the same way with late interaction taken out: the order above its corpus size (no token store)
WITHOUT_LATE = np.array([-4.853, 3.611, 9.487, 0.0, 8.007, 0.5479, 9.28, 0.0, 13.86])


def signals(scores: np.ndarray, dense: np.ndarray, lexical: np.ndarray, late: np.ndarray | None = None,
            asked: np.ndarray | None = None, gate: float = 0.0, k: float = K) -> np.ndarray:
    """One row of SIGNALS per candidate; `late` or `asked` None (no token store, no example questions)
    give constant columns, which leave the order to the others. `k`: the reciprocal-rank constant."""
    n = len(scores)
    if not n:
        return np.zeros((0, len(SIGNALS)))
    late = np.zeros(n) if late is None else late
    asked = np.zeros(n) if asked is None else asked
    asked_rank = gate * np.where(asked > 0, reciprocal_ranks(asked, k), 0.0)
    return np.column_stack([
        reciprocal_ranks(scores, k), reciprocal_ranks(dense, k),
        np.where(lexical > 0, reciprocal_ranks(lexical, k), 0.0), reciprocal_ranks(late, k),
        asked_rank, scores - scores.max(), dense - dense.max(), late - late.max(), np.maximum(asked - dense.max(), 0.0),
    ])


def order(scores: np.ndarray, dense: np.ndarray, lexical: np.ndarray, late: np.ndarray | None = None,
          asked: np.ndarray | None = None, gate: float = 0.0) -> np.ndarray:
    """Candidate indices, best first: by the fused score (`WEIGHTS`, or `WITHOUT_LATE` when there is no
    MaxSim), a tie going to the model's score, never to candidate order."""
    fused = signals(scores, dense, lexical, late, asked, gate) @ (WEIGHTS if late is not None else WITHOUT_LATE)
    return np.lexsort((-scores, -fused))
