"""Hybrid search: candidates from FAISS (passage, sentence and window vectors) and FTS5 (BM25),
re-scored together by `index.ranking`.

`prepare(text)` corrects misspelt words towards the corpus's vocabulary and embeds the question
once; `search(query, limit)` returns the best passages as `Hit`s, most relevant first.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from index import fusion, ranking
from index.acronyms import ACRONYM, STOPWORD_ACRONYMS, stopword_acronyms
from index.embedder import Embedder
from index.examples import ExampleMatcher
from index.late_interaction import TextTokens, TokenStore
from index.lexical import STOPWORDS, content_terms, stem
from index.spelling import Speller
from index.store import IndexStore
from index.store_readers import StoredPassage
from index.vectors import VectorIndex

DENSE_CANDIDATES = 200  # unit vectors fetched from FAISS (passages, sentences and windows)
LEXICAL_CANDIDATES = 50
SEARCH_MODES = ("hybrid", "dense", "lexical")


@dataclass(frozen=True)
class Query:
    """A question ready to search: as asked, as searched (spelling corrected), and embedded."""

    text: str
    searched: str
    vector: np.ndarray
    known: float  # share of its content words the corpus uses (1.0 when it has none)
    unknown: tuple[str, ...] = ()  # its content words the corpus never uses
    tokens: TextTokens | None = None  # its tokens, from the run that gave `vector`, when the index has a token store
    worded: bool = True  # it has a word to go on (`has_words`); not "x", "the", "how?", "42", "asdf", an emoji


@dataclass(frozen=True)
class Hit:
    passage: StoredPassage
    score: float  # log-odds that the passage answers the question (index/ranking.py); hybrid search orders
    # hits by fusing the model's score with the retrievers' and the other signals (index/fusion.py), so not always by score
    dense: float  # best cosine similarity of the passage or one of its sentences
    lexical: float  # BM25, 0 when no word matched


class Searcher:
    """Search over a served generation's store and vectors: `prepare(text)`, then
    `search(query, limit) -> list[Hit]` (index/served.py opens and checks them)."""

    def __init__(
        self, store: IndexStore, vectors: VectorIndex, embedder: Embedder, passages: dict[int, StoredPassage],
        units: list[tuple[int, int, str]], vocabulary: Counter[str], names: Iterable[str] = (),
        tokens: TokenStore | None = None, capitals: Iterable[str] = (), examples: ExampleMatcher | None = None,
    ):
        self._store = store
        self._vectors = vectors
        self._passages = passages
        self._layout = UnitLayout(units)
        # names: the corpus's proper names; texts: the passages, for the corpus's pairs of words
        self._speller = Speller(vocabulary, names=names, texts=(p.text for p in passages.values()))
        self._stems = {stem(word) for word in vocabulary}
        self._embedder = embedder
        self._tokens = tokens  # the passages' tokens for late interaction; None: ranking without it
        # the STOPWORD_ACRONYMS the corpus writes in capitals ("IT"; the vocabulary is in lower case)
        self._written_acronyms = STOPWORD_ACRONYMS & frozenset(capitals)
        self._examples = examples if examples is not None and len(examples) else None  # example questions' vectors
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    @property
    def vector_kind(self) -> str:
        """How the vectors are searched: "exact", or "ivf-sq8" for a large corpus (index/vectors.py)."""
        return self._vectors.kind

    @property
    def late_interaction(self) -> bool:
        """Whether the order fuses late interaction's rank (a token store below its corpus size)."""
        return self._tokens is not None

    def spelled(self, text: str) -> str:
        """`text` with its misspellings corrected against the corpus, as `prepare` searches it."""
        return self._speller.correct(text)

    def warm(self) -> None:
        """Build now what the question path would build on its first question that needs it (the speller's tables)."""
        self._speller.warm()

    def prepare(self, text: str, vector: np.ndarray | None = None) -> Query:
        """Correct the question's misspellings against the corpus, then embed it (unless given),
        with its tokens from the same run when the index has a token store."""
        searched = self._speller.correct(text)
        acronyms = stopword_acronyms(searched)  # "IT", "US": terms too, known when the corpus writes them so
        terms = content_terms(searched)
        terms += [a for a in acronyms if a not in terms]
        unknown = tuple(t for t in terms if (t not in self._written_acronyms if t in acronyms else stem(t) not in self._stems))
        known = 1 - len(unknown) / len(terms) if terms else 1.0
        tokens = None
        if vector is None:
            if self._tokens is None:
                vector = self._embedder.embed_query([searched])[0]
            else:
                vectors, found = self._embedder.embed_query_tokens([searched])
                vector, tokens = vectors[0], found[0] if found else None
        worded = has_words(searched, terms, lambda t: t not in unknown or self._speller.is_word(t))
        return Query(text, searched, vector, known, unknown, tokens, worded)

    def nearest(self, vectors: np.ndarray) -> np.ndarray:
        """Each row's best cosine similarity to any passage, sentence or window of the corpus (above
        `EXACT_MAX` vectors, any passage or sentence: windows are kept for re-scoring only)."""
        return self._vectors.nearest(vectors)

    def search(self, query: Query | str, limit: int = 20, mode: str = "hybrid") -> list[Hit]:
        """Best passages for the query; `mode` "dense" or "lexical" ranks by one retriever alone
        (for measuring what the combination adds)."""
        if mode not in SEARCH_MODES:
            raise ValueError(f"search mode must be one of {', '.join(SEARCH_MODES)}")
        if isinstance(query, str):
            query = self.prepare(query)
        candidates, features, lexical = self.candidates(query, mode)
        if not candidates:
            return []
        dense = np.maximum(features[:, ranking.FEATURES.index("passage")], features[:, ranking.FEATURES.index("sentence")])
        if mode == "hybrid":
            scores = ranking.relevance(features)
            bm25 = np.array([lexical.get(pid, 0.0) for pid in candidates])
            late = None
            if self._tokens is not None and query.tokens is not None:
                late = self._tokens.maxsim(query.tokens, np.array(candidates, dtype=np.int64))
            similar = ranking.dense_similarity(features)
            asked = worded = None
            if self._examples is not None:
                asked = self._examples.scores(query.vector, np.array(candidates))
                worded = self._examples.worded(query.searched, np.array(candidates))
            order = fusion.order(scores, similar, bm25, late, asked, worded)
        else:
            if mode == "dense":
                scores = features[:, ranking.FEATURES.index("passage")] + features[:, ranking.FEATURES.index("sentence")]
            else:
                scores = np.array([lexical[pid] for pid in candidates])
            order = np.argsort(-scores, kind="stable")
        best = order[:limit]
        return [
            Hit(self._passages[candidates[i]], float(scores[i]), float(dense[i]), lexical.get(candidates[i], 0.0))
            for i in best
        ]

    def candidates(self, query: Query, mode: str = "hybrid") -> tuple[list[int], np.ndarray, dict[int, float]]:
        """The passages either retriever finds, their ranking features, and their BM25 scores."""
        dense = {} if mode == "lexical" else self._dense_candidates(query.vector)
        with self._lock:
            lexical = dict(self._store.lexical_search(query.searched, LEXICAL_CANDIDATES, passages=self._passages))
        candidates = list(lexical) if mode == "lexical" else list(dict.fromkeys([*dense, *lexical]))
        return candidates, self._features(query.vector, candidates, lexical), lexical

    def _dense_candidates(self, vector: np.ndarray) -> dict[int, float]:
        """Each passage whose vectors FAISS found, with its best inner product (at least -1), in the
        order FAISS first found it."""
        unit_ids, scores = self._vectors.search_arrays(vector, DENSE_CANDIDATES)
        passages = self._layout.passages_of(unit_ids)
        found, first = np.unique(passages, return_index=True)
        order = np.argsort(first)  # each passage where it first appears among the hits
        best = np.full(len(found), -1.0)
        np.maximum.at(best, np.searchsorted(found, passages), scores.astype(np.float64))
        return dict(zip(found[order].tolist(), best[order].tolist()))

    def _features(self, vector: np.ndarray, candidates: list[int], lexical: dict[int, float]) -> np.ndarray:
        """The candidates' ranking features, from their vectors fetched in one call."""
        units = self._layout.units_of(np.array(candidates, dtype=np.int64))
        flat = np.concatenate([units.passage, units.sentences.ravel(), units.windows.ravel()])
        ids = np.unique(flat[flat >= 0])
        rows = np.where(flat >= 0, np.searchsorted(ids, flat), -1)  # in the stacked matrix; padding stays -1
        n, s, w = len(units), units.sentences.shape[1], units.windows.shape[1]
        stacked = ranking.CandidateUnits(rows[:n], rows[n:n + n * s].reshape(n, s), rows[n + n * s:].reshape(n, w))
        vectors = self._vectors.vectors(ids)
        scores = np.array([lexical.get(pid, 0.0) for pid in candidates], dtype=np.float32)
        return ranking.feature_matrix(vector, stacked, vectors, scores)

    def close(self) -> None:
        self._store.close()


def has_words(searched: str, terms: list[str], is_word: Callable[[str], bool]) -> bool:
    """Whether a question (as searched: spelling corrected) has words to go on: of its content
    terms with a letter in them (no stopword, no single letter, no number) and its acronyms ("GP",
    "A&E", "IT"; not another stopword in capitals, "HOW"), at least one is a word, the corpus's or
    English's (`is_word`) or an acronym, and the words are at least half the terms or hold at least half
    their letters (one long word the speller could not read among words, "What was the tuningpint for the
    BSW trusts?", is a question). Not a stopword or a number alone, nor letters English does not use
    ("asdf", "asdkjh qwe zzz"), punctuation or emoji."""
    acronyms = {m.group(0).lower() for m in ACRONYM.finditer(searched)} - STOPWORDS | set(stopword_acronyms(searched))
    lettered = {t for t in terms if any(c.isalpha() for c in t)} | acronyms
    words = [t for t in lettered if t in acronyms or is_word(t)]
    return bool(words) and (2 * len(words) >= len(lettered) or 2 * sum(map(len, words)) >= sum(map(len, lettered)))


class UnitLayout:
    """Which vectors belong to which passage, in flat arrays (no per-vector Python objects): a
    unit's passage, and a passage's own vector, sentence vectors and window vectors."""

    def __init__(self, rows: list[tuple[int, int, str]]):
        """From (unit id, passage id, kind) of every vector, in unit id order."""
        table = np.array([(u, p) for u, p, _ in rows], dtype=np.int64).reshape(-1, 2)
        kinds = np.array([_KINDS.get(k, -1) for _, _, k in rows], dtype=np.int8)
        unit_ids, passage_ids = table[:, 0], table[:, 1]
        self._passage = np.full(int(unit_ids.max(initial=-1)) + 1, -1, dtype=np.int64)
        self._passage[unit_ids] = passage_ids
        size = int(passage_ids.max(initial=-1)) + 1
        self._own = np.full(size, -1, dtype=np.int64)
        own = kinds == _KINDS["passage"]
        self._own[passage_ids[own][::-1]] = unit_ids[own][::-1]  # a passage's first whole-passage vector
        self._sentences = _Grouped(unit_ids[kinds == _KINDS["sentence"]], passage_ids[kinds == _KINDS["sentence"]], size)
        self._windows = _Grouped(unit_ids[kinds == _KINDS["window"]], passage_ids[kinds == _KINDS["window"]], size)

    def passages_of(self, unit_ids: np.ndarray) -> np.ndarray:
        return self._passage[unit_ids]

    def units_of(self, passage_ids: np.ndarray) -> ranking.CandidateUnits:
        """The candidates' unit ids: own, and sentences and windows padded with -1."""
        return ranking.CandidateUnits(self._own[passage_ids], self._sentences.of(passage_ids), self._windows.of(passage_ids))


_KINDS = {"passage": 0, "sentence": 1, "window": 2}


class _Grouped:
    """Unit ids grouped by passage (in id order within a passage): a compressed-row table."""

    def __init__(self, unit_ids: np.ndarray, passage_ids: np.ndarray, size: int):
        order = np.lexsort((unit_ids, passage_ids))
        self._units = unit_ids[order]
        counts = np.bincount(passage_ids, minlength=size)
        self._count = counts
        self._start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)

    def of(self, passage_ids: np.ndarray) -> np.ndarray:
        counts = self._count[passage_ids]
        width = int(counts.max(initial=0))
        at = self._start[passage_ids][:, None] + np.arange(width)[None, :]
        inside = np.arange(width)[None, :] < counts[:, None]
        return np.where(inside, self._units[np.where(inside, at, 0)] if len(self._units) else -1, -1)
