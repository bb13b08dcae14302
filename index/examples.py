"""Example questions (`knowledge/example_questions.yaml`): questions people ask, each attached to the
passage that answers it, so a passage is also found by how people ask about it (document expansion
with real questions; issue 9, BENCHMARKS.md "More questions per passage").

Each entry names the question, the document that answers it and a verbatim evidence string that
locates the passage in that document (the first passage, in document order, whose text holds it;
an entry whose evidence no passage holds is left out, so a rebuilt or re-chunked corpus never
attaches a question to the wrong passage). The questions are embedded once and their vectors kept in
the data folder's cache (`index.vector_cache`: keyed by model and questions, checked as read, made
again when missing or damaged), so a process starting does not embed them again. On the query path,
`ExampleMatcher.scores` is one fixed product (examples x dimension) and a maximum per passage, and
`ExampleMatcher.worded` reads the question's own words' counts for the candidates only; `index/fusion.py`
fuses both beside the retrievers' when an example is more like the question than any passage is
(BENCHMARKS.md, "Denser example questions", "Stop 46", "Stop 48").
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.embedder import Embedder
from index.errors import IndexFailure
from index.lexical import content_terms, stem
from index.store_readers import StoredPassage
from index.text import evidence_form
from index.vector_cache import kept_vectors
from index.yaml_file import YamlProblem, read_yaml

EXAMPLES_FILE = "example_questions.yaml"
CACHE_KIND = "example-questions"


class ExamplesError(IndexFailure):
    """`example_questions.yaml` is malformed; the message names the file and entry."""


@dataclass(frozen=True)
class ExampleQuestion:
    question: str
    document: str  # the id of the document that answers it
    evidence: str  # verbatim words of the passage that answers it


def load_examples(knowledge_dir: Path) -> list[ExampleQuestion]:
    """The example questions; none when there is no file."""
    path = knowledge_dir / EXAMPLES_FILE
    if not os.path.lexists(path):
        return []
    try:
        data = read_yaml(path, within=knowledge_dir) or {}
    except YamlProblem as e:
        raise ExamplesError(f"{path}: {e}") from None
    entries = data.get("example_questions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ExamplesError(f"{path}: expected a top-level `example_questions:` list")
    examples = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry[k].strip()
                                                  for k in ("question", "document", "evidence")):
            raise ExamplesError(f"{path}: entry {i} needs `question`, `document` and `evidence` (each one line of text)")
        examples.append(ExampleQuestion(entry["question"].strip(), entry["document"].strip(), entry["evidence"].strip()))
    return examples


def located(examples: Iterable[ExampleQuestion], passages: Iterable[StoredPassage]) -> list[tuple[ExampleQuestion, int]]:
    """Each example with the id of the passage its evidence locates, in order; those no passage holds
    left out. Reads only the passages of the documents the examples name."""
    examples = list(examples)
    named = {e.document for e in examples}
    by_document: dict[str, list[StoredPassage]] = {}
    for passage in sorted((p for p in passages if p.document_id in named), key=lambda p: (p.document_id, p.position)):
        by_document.setdefault(passage.document_id, []).append(passage)
    plain = {p.id: evidence_form(p.text) for ps in by_document.values() for p in ps}
    found = []
    for example in examples:
        wanted = evidence_form(example.evidence)
        pid = next((p.id for p in by_document.get(example.document, ()) if wanted in plain[p.id]), None)
        if pid is not None:
            found.append((example, pid))
    return found


def example_vectors(questions: Sequence[str], embedder: Embedder, dimension: int, cache: Path | None) -> np.ndarray:
    """The questions' unit vectors from `embedder` (`dimension` wide), kept in the folder `cache` (`index.vector_cache`)."""
    return kept_vectors(questions, embedder, cache, CACHE_KIND, dimension)


class ExampleMatcher:
    """The example questions grouped by passage: a question's best cosine similarity to a passage's
    examples, and how well its words match theirs, for any candidates."""

    def __init__(self, passage_ids: Sequence[int], vectors: np.ndarray, questions: Sequence[str] = ()):
        """From each example's passage id, unit vector and (for `worded`) question, one each, any order."""
        ids = np.asarray(passage_ids, dtype=np.int64).reshape(-1)
        order = np.argsort(ids, kind="stable")
        self._vectors = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32)[order])
        self._passages, self._start = np.unique(ids[order], return_index=True)
        self._wording = ExampleWording(ids.tolist(), questions) if len(questions) else None

    def __len__(self) -> int:
        return len(self._vectors)

    def scores(self, question: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        """Each candidate's best cosine similarity to its passage's examples; 0 for a passage without one."""
        out = np.zeros(len(candidates))
        if not len(self._vectors) or not len(candidates):
            return out
        best = np.maximum.reduceat(self._vectors @ question, self._start)
        at = np.minimum(np.searchsorted(self._passages, candidates), len(self._passages) - 1)
        has = self._passages[at] == candidates
        out[has] = best[at[has]]
        return out

    def worded(self, text: str, candidates: np.ndarray) -> np.ndarray:
        """Each candidate's `ExampleWording` score for `text`; 0 for a passage without examples."""
        if self._wording is None:
            return np.zeros(len(candidates))
        return self._wording.scores(text, candidates)


class ExampleWording:
    """BM25 of a question's stemmed content words over each passage's example questions taken as one
    document: the words people used when they asked about it, which the passage itself may not use ("how
    big a central team" for "a lean management approach"; BENCHMARKS.md, "Stop 47"). Counts are built
    once; a query reads its own words' counts for the candidates only."""

    K1, B = 1.2, 0.75

    def __init__(self, passage_ids: Sequence[int], questions: Sequence[str]):
        words: dict[int, list[str]] = {}
        for pid, question in zip(passage_ids, questions, strict=True):
            words.setdefault(int(pid), []).extend(stem(w) for w in content_terms(question))
        self._counts = {pid: Counter(w) for pid, w in words.items()}
        self._lengths = {pid: len(w) for pid, w in words.items()}
        average = float(np.mean(list(self._lengths.values()))) if words else 0.0
        self._average = average or 1.0  # examples of stopwords alone have no length
        found = Counter(w for counts in self._counts.values() for w in counts)
        self._idf = {w: math.log(1 + (len(words) - n + 0.5) / (n + 0.5)) for w, n in found.items()}

    def scores(self, text: str, candidates: np.ndarray) -> np.ndarray:
        """Each candidate's BM25 for `text` over its examples' words; 0 without examples or a shared word."""
        terms = [t for t in dict.fromkeys(stem(w) for w in content_terms(text)) if t in self._idf]
        out = np.zeros(len(candidates))
        for i, pid in enumerate(np.asarray(candidates).tolist() if terms else ()):
            counts = self._counts.get(pid)
            if counts is None:
                continue
            norm = self.K1 * (1 - self.B + self.B * self._lengths[pid] / self._average)
            out[i] = sum(self._idf[t] * counts[t] * (self.K1 + 1) / (counts[t] + norm) for t in terms if counts[t])
        return out

