"""Not covered, by a named subject: a question whose nearest entry in a fuller map of NHS work names a
word of the question the lessons never use, and is much nearer the question than anything they say.

The map is `nhs_topics.yaml` with `nhs_subjects.yaml` (specific kinds of NHS work: "TUPE transfers of
staff between employers", "merging pathology services into a single hub laboratory"), each entry framed
as the topics are and the entries a lesson covers left out (`bot.scope.ScopeGuard` embeds them once, at
load time). "How did trusts align consultant on-call rotas across sites?" is nearest "consultant job
plans, programmed activities and on-call rotas", which names "rotas", a word the lessons lack, and is 0.23
nearer it than any passage: the lessons do not cover it, though "across sites" finds a passage. The
shared word keeps a paraphrase in everyday words, whose subject the lessons do cover, from being declined
for sitting near a generic entry. One fixed-size product per question; the hashing embedder (no
semantics) has no map.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index import Query, content_terms, stem

# not covered when the nearest entry names an unknown word of the question and is more than this much more
# similar than the corpus: chosen by leave-one-file-out cross-validation over 13 tuning files, every fold
# choosing 0.14 (BENCHMARKS.md "Honest declines, round 10"); the nearest answerable tuning question is 0.137
SUBJECT_MARGIN = 0.14


class SubjectMap:
    """The map's entries, its framed entries' vectors (`vectors`) and the entry of each (`owner`)."""

    def __init__(self, entries: Sequence[str], vectors: np.ndarray, owner: np.ndarray):
        self._entries = list(entries)
        self._stems = [frozenset(stem(w) for w in content_terms(e)) for e in self._entries]
        self._vectors = vectors
        self._owner = owner

    def __len__(self) -> int:
        return len(self._vectors)

    def nearest(self, query: Query) -> tuple[str, float, bool]:
        """The entry nearest the question, its cosine similarity, and whether it names one of the
        question's words the corpus never uses (by stem); ("", 0.0, False) with no map."""
        if not len(self._vectors):
            return "", 0.0, False
        closeness = self._vectors @ query.vector
        best = int(np.argmax(closeness))
        entry = int(self._owner[best])
        return self._entries[entry], float(closeness[best]), bool({stem(w) for w in query.unknown} & self._stems[entry])

    def uncovered(self, query: Query, similarity: float) -> str:
        """The entry the question is about, when it names an unknown word of the question and is more
        than SUBJECT_MARGIN nearer the question than the corpus (`similarity`: its best passage or
        sentence), else ""."""
        if not query.unknown:
            return ""
        entry, closeness, named = self.nearest(query)
        return entry if named and closeness - similarity > SUBJECT_MARGIN else ""
