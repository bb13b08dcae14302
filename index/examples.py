"""Example questions (`knowledge/example_questions.yaml`): questions people ask, each attached to the
passage that answers it, so a passage is also found by how people ask about it (document expansion
with real questions; issue 9, BENCHMARKS.md "More questions per passage").

Each entry names the question, the document that answers it and a verbatim evidence string that
locates the passage in that document (the first passage, in document order, whose text holds it;
an entry whose evidence no passage holds is left out, so a rebuilt or re-chunked corpus never
attaches a question to the wrong passage). The questions are embedded once and their vectors kept in
the data folder's cache (`index.vector_cache`: keyed by model and questions, checked as read, made
again when missing or damaged), so a process starting does not embed them again; on the query path, `ExampleMatcher.scores` is one fixed product (examples x dimension) and a maximum
per passage, which `index/fusion.py` fuses beside the retrievers', also scaled by `gate`: fully when a
question is clearly more like a passage's examples than like any passage, less as the margin narrows
(BENCHMARKS.md, "Denser example questions", "Stop 46").
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.embedder import Embedder
from index.errors import IndexFailure
from index.store_readers import StoredPassage
from index.text import evidence_form
from index.vector_cache import kept_vectors
from index.yaml_file import YamlProblem, read_yaml

EXAMPLES_FILE = "example_questions.yaml"
CACHE_KIND = "example-questions"
RAMP = 0.1  # the margin of the best example over the best passage at which `gate` is full (benchmarks/tune_examples.py)


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
    """The example questions' vectors grouped by passage: a question's best cosine similarity to a
    passage's examples, for any candidates."""

    def __init__(self, passage_ids: Sequence[int], vectors: np.ndarray):
        """From each example's passage id and unit vector (one row each, any order)."""
        ids = np.asarray(passage_ids, dtype=np.int64).reshape(-1)
        order = np.argsort(ids, kind="stable")
        self._vectors = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32)[order])
        self._passages, self._start = np.unique(ids[order], return_index=True)

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


def gate(asked: np.ndarray, dense: np.ndarray) -> float:
    """How far the best example (`asked`, the candidates' `ExampleMatcher.scores`) beats the best passage
    match (`dense`, the candidates' dense similarity), from 0 at no margin to 1 at `RAMP`. A question about
    something no example covers is usually nearer a passage than any example, and is then not pulled
    towards a passage whose examples only sound alike."""
    if not len(asked) or not len(dense):
        return 0.0
    return float(np.clip((asked.max() - dense.max()) / RAMP, 0.0, 1.0))
