"""The order candidates are shown in (pure): a learned linear fusion of what the search knows of each.

Per candidate, `signals` reads the ranking model's log-odds (index/ranking.py), the best dense cosine, BM25 (a
candidate no word matched has no lexical rank) and late interaction's MaxSim (index/late_interaction.py; absent
above its corpus size) each as its reciprocal rank among the candidates (1 / (K + rank)) and, where it is a
similarity, as its gap to the question's best candidate. The example questions (index/examples.py) count only
when one of them is more like the question than any passage is (so a question about something no example
covers is not pulled towards a passage whose examples only sound alike): then as each candidate's best
example's margin over the best passage, and as how well the words people used asking about the candidate
match the question's, a share of the best candidate's (`ExampleWording`). `WEIGHTS` were fitted as a
conditional logit (a softmax over one question's candidates, the evidence's share maximised) on the pooled
tuning questions (`WITHOUT_LATE` the same with MaxSim taken out), and K and the regularisation chosen leaving
one fold out, by `benchmarks/recall_cv.py` (BENCHMARKS.md, "Stop 46", "Stop 48"). The order only: the hits'
scores stay the model's log-odds, which the decline rules and the snippet choice read.
"""

from __future__ import annotations

import numpy as np

from index.ranking import reciprocal_ranks

K = 10.0  # reciprocal-rank constant
SIGNALS = ("model_rank", "dense_rank", "lexical_rank", "late_rank",
           "model_gap", "dense_gap", "late_gap", "asked_margin", "worded_share")
WEIGHTS = np.array([-1.75, 0.941, 6.117, 15.78, 0.1153, 8.542, 11.3, 10.64, 2.373])
# fitted the same way with late interaction taken out: the order above its corpus size (no token store)
WITHOUT_LATE = np.array([-7.282, 3.453, 6.139, 0.0, 0.5664, 9.828, 0.0, 11.01, 2.641])


def signals(scores: np.ndarray, dense: np.ndarray, lexical: np.ndarray, late: np.ndarray | None = None,
            asked: np.ndarray | None = None, worded: np.ndarray | None = None, k: float = K) -> np.ndarray:
    """One row of SIGNALS per candidate; `late`, `asked` or `worded` None (no token store, no example
    questions) give constant columns, which leave the order to the others. `asked`: each candidate's best
    example cosine; `worded`: its examples' wording score. `k`: the reciprocal-rank constant."""
    n = len(scores)
    if not n:
        return np.zeros((0, len(SIGNALS)))
    late = np.zeros(n) if late is None else late
    asked = np.zeros(n) if asked is None else asked
    worded = np.zeros(n) if worded is None else worded
    margin = np.maximum(asked - dense.max(), 0.0)
    opened = bool(margin.any()) and float(worded.max()) > 0  # an example beats every passage, and words match
    return np.column_stack([
        reciprocal_ranks(scores, k), reciprocal_ranks(dense, k),
        np.where(lexical > 0, reciprocal_ranks(lexical, k), 0.0), reciprocal_ranks(late, k),
        scores - scores.max(), dense - dense.max(), late - late.max(), margin,
        worded / float(worded.max()) if opened else np.zeros(n),
    ])


def order(scores: np.ndarray, dense: np.ndarray, lexical: np.ndarray, late: np.ndarray | None = None,
          asked: np.ndarray | None = None, worded: np.ndarray | None = None) -> np.ndarray:
    """Candidate indices, best first: by the fused score (`WEIGHTS`, or `WITHOUT_LATE` when there is no
    MaxSim), a tie going to the model's score, never to candidate order."""
    fused = signals(scores, dense, lexical, late, asked, worded) @ (WEIGHTS if late is not None else WITHOUT_LATE)
    return np.lexsort((-scores, -fused))
