"""Deciding whether the corpus answers a question (abstention), from more than one signal.

A single cosine threshold cannot tell a near-domain request ("the switchboard number of a
trust the corpus mentions") from a paraphrased in-domain question. Three signals together can:

1. relevance: the best dense similarity among the top passages;
2. scope margin: that relevance minus the question's similarity to requests peerbot is not for
   (`knowledge/out_of_scope.yaml`: contact details, opening times, HR, IT, clinical care of one
   patient, general chat);
3. lexical support: whether BM25 found the same passage the dense search ranks first.

Thresholds are for all-MiniLM-L6-v2 and were set on the whole score distribution (see
BENCHMARKS.md); other models may need them re-set.
"""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path

import numpy as np

from index.embedder import Embedder, HashingEmbedder
from index.search import Hit
from index.yaml_file import YamlProblem, read_yaml

OUT_OF_SCOPE_FILE = "out_of_scope.yaml"
MIN_RELEVANCE = 0.30  # below this nothing in the corpus is about the question
MIN_MARGIN = 0.04  # relevance must beat the closest out-of-scope request by this much
CONFIDENT_RELEVANCE = 0.55  # strong dense match with lexical agreement needs no margin check
TOP_HITS = 5


class ScopeError(Exception):
    """`out_of_scope.yaml` is malformed."""


@dataclass(frozen=True)
class Verdict:
    answered: bool
    relevance: float
    out_of_scope: float
    reason: str
    off_topic: bool = False  # declined as a kind of request peerbot is not for (not a knowledge gap)


def load_out_of_scope(knowledge_dir: Path) -> list[str]:
    path = knowledge_dir / OUT_OF_SCOPE_FILE
    if not os.path.lexists(path):
        return []
    try:
        data = read_yaml(path) or {}
    except YamlProblem as e:
        raise ScopeError(f"{path}: {e}") from None
    groups = data.get("out_of_scope") if isinstance(data, dict) else None
    if not isinstance(groups, dict) or not all(
        isinstance(v, list) and all(isinstance(e, str) for e in v) for v in groups.values()
    ):
        raise ScopeError(f"{path}: expected `out_of_scope:` mapping each kind of request to a list of example texts")
    return [example for examples in groups.values() for example in examples if example.strip()]


class ScopeGuard:
    def __init__(self, embedder: Embedder, out_of_scope: list[str]):
        self._semantic = not isinstance(embedder, HashingEmbedder)
        self._vectors = embedder.embed(out_of_scope) if out_of_scope else np.zeros((0, embedder.dimension), np.float32)

    def judge(self, question_vector: np.ndarray, hits: list[Hit]) -> Verdict:
        if not hits:
            return Verdict(False, 0.0, 0.0, "no passage matched")
        relevance = max(h.dense for h in hits[:TOP_HITS])
        scope = float((self._vectors @ question_vector).max()) if len(self._vectors) else 0.0
        if not self._semantic:  # the hashing embedder has no semantics: any word match answers
            return Verdict(any(h.lexical > 0 for h in hits), relevance, scope, "lexical match (hashing model)")
        if relevance < MIN_RELEVANCE:
            return Verdict(False, relevance, scope, "nothing in the corpus is close to the question")
        agree = hits[0].dense_rank == 1 and hits[0].lexical_rank == 1
        if agree and relevance >= CONFIDENT_RELEVANCE and relevance > scope:
            return Verdict(True, relevance, scope, "dense and lexical search agree")
        if relevance - scope < MIN_MARGIN:
            return Verdict(False, relevance, scope, "closer to a request peerbot does not handle", off_topic=True)
        return Verdict(True, relevance, scope, "relevant passages found")
