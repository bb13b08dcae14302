"""Ranking candidate passages (pure): a few similarity features per passage, combined linearly.

Each passage is stored as several vectors: the whole passage with its document title and
section heading, each sentence, and each window of two sentences. For a question, a candidate
passage gets:

- passage, sentence, window: cosine similarity to its own vector, best sentence, best window;
- top_sentences: the mean of its two best sentences (an answer often spans two);
- lexical: its BM25 score over the best candidate's;
- prf_passage, prf_sentence: passage and best-sentence similarity to the question moved towards
  the three best candidates (pseudo-relevance feedback, which reaches a passage's own wording).

The weights are a logistic regression fitted on our tuning questions; `benchmarks/tune_retrieval.py`
refits them and chose every constant here by cross-validation (BENCHMARKS.md, "Retrieval"). The
score is the log-odds that the passage answers the question, so it also serves abstention. The
order candidates are shown in fuses it with the retrievers' and the other signals (index/fusion.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FEATURES = ("passage", "sentence", "window", "top_sentences", "lexical", "prf_passage", "prf_sentence")
WEIGHTS = np.array([0.244, 2.314, 1.645, 0.986, 5.179, 1.375, 1.847], dtype=np.float32)
INTERCEPT = -9.761
PRF_DEPTH = 5  # candidates whose passage vectors move the question
PRF_WEIGHT = 0.5  # how far they move it


@dataclass(frozen=True)
class CandidateUnits:
    """Where candidates' vectors sit in a stacked matrix: each one's own row, and its sentences'
    and windows' rows, padded with -1 to the widest candidate (one row per candidate)."""

    passage: np.ndarray  # (n,)
    sentences: np.ndarray  # (n, most sentences)
    windows: np.ndarray  # (n, most windows)

    @classmethod
    def of(cls, units: list[tuple[int, tuple[int, ...], tuple[int, ...]]]) -> CandidateUnits:
        """From (own row, sentence rows, window rows) per candidate."""
        return cls(np.array([u[0] for u in units], dtype=np.int64).reshape(-1),
                   _padded([u[1] for u in units]), _padded([u[2] for u in units]))

    def __len__(self) -> int:
        return len(self.passage)


def feature_matrix(question: np.ndarray, units: CandidateUnits, vectors: np.ndarray, lexical: np.ndarray) -> np.ndarray:
    """One row of FEATURES per candidate; `vectors` holds every row `units` refers to. Matrix
    operations throughout: the cost grows with the candidates' vectors, never per candidate in Python."""
    n = len(units)
    if not n:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    sims = vectors @ question
    passage = sims[units.passage]
    sentence = _best(sims, units.sentences, passage)
    window = _best(sims, units.windows, sentence)
    top_two = _top_two(sims, units.sentences, sentence)
    top = float(lexical.max()) if len(lexical) else 0.0
    lexical_share = lexical / top if top > 0 else np.zeros(n)
    moved = _feedback(question, vectors[units.passage], passage + sentence)
    feedback = vectors @ moved
    prf_passage = feedback[units.passage]
    prf_sentence = _best(feedback, units.sentences, prf_passage)
    return np.column_stack(
        [passage, sentence, window, top_two, lexical_share, prf_passage, prf_sentence]
    ).astype(np.float32)


def relevance(features: np.ndarray) -> np.ndarray:
    """Log-odds that each candidate answers the question."""
    return features @ WEIGHTS + INTERCEPT


def dense_similarity(features: np.ndarray) -> np.ndarray:
    """Each candidate's best cosine similarity: of the passage, its best sentence or best window."""
    return features[:, [FEATURES.index("passage"), FEATURES.index("sentence"), FEATURES.index("window")]].max(axis=1)


def reciprocal_ranks(scores: np.ndarray, k: float) -> np.ndarray:
    """1 / (k + rank), equal scores sharing the best rank among them (so the order candidates were
    found in never matters)."""
    ascending = np.sort(scores)
    ranks = 1 + len(scores) - np.searchsorted(ascending, scores, side="right")
    return 1 / (k + ranks)


def _padded(rows: list[tuple[int, ...]]) -> np.ndarray:
    out = np.full((len(rows), max((len(r) for r in rows), default=0)), -1, dtype=np.int64)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


def _gathered(sims: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """`sims` at `rows`, -inf at padding."""
    return np.where(rows >= 0, sims[np.maximum(rows, 0)], -np.inf)


def _best(sims: np.ndarray, rows: np.ndarray, default: np.ndarray) -> np.ndarray:
    """Each candidate's best similarity among `rows`, or `default` when it has none."""
    default = np.asarray(default, dtype=np.float64)
    if not rows.shape[1]:
        return default
    return np.where((rows >= 0).any(axis=1), _gathered(sims, rows).max(axis=1), default)


def _top_two(sims: np.ndarray, rows: np.ndarray, default: np.ndarray) -> np.ndarray:
    """The mean of each candidate's two best similarities among `rows`, or `default` with fewer than two."""
    if rows.shape[1] < 2:
        return default
    values = np.sort(_gathered(sims, rows), axis=1)
    mean = (values[:, -2] + values[:, -1]).astype(sims.dtype) / 2
    return np.where((rows >= 0).sum(axis=1) >= 2, mean, default)


def _feedback(question: np.ndarray, passages: np.ndarray, base: np.ndarray) -> np.ndarray:
    best = np.argsort(-base)[:PRF_DEPTH]
    moved = question + PRF_WEIGHT * passages[best].mean(axis=0)
    norm = np.linalg.norm(moved)
    return moved / norm if norm else question
