"""The served index, opened once per process: `open_index` checks the generation `current` points at
(falling back to the newest whole one), its pipeline and its model, and loads it into memory, so
answering a question touches SQLite only for the FTS5 query (the passages' tokens for late
interaction, when the build stored them, are loaded too). `read_index` loads the contents
alone (no vectors, no model), for what only lists them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import TypeVar

import numpy as np

from index import acronyms, generations
from index.build import PIPELINE_VERSION
from index.embedder import Embedder
from index.errors import IndexDamaged, IndexNotBuilt, IndexOutdated, ModelMismatch
from index.examples import ExampleMatcher, ExampleQuestion, example_vectors, located
from index.late_interaction import TokenStore
from index.linking import enabler_centroids
from index.search import Hit, Query, Searcher
from index.snapshot import Snapshot
from index.store import IndexStore
from index.taxonomy import Enabler
from index.vectors import VectorIndex, VectorsUnreadable, use_threads

_UNREADABLE = (sqlite3.Error, VectorsUnreadable, OSError, ValueError, KeyError, TypeError)
_DAMAGE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_ERROR, sqlite3.SQLITE_FORMAT}  # the file, not the machine
T = TypeVar("T")


class Index(Snapshot):
    """The served index: its contents (documents, passages, people, quotations, enabler links; see
    `Snapshot`) and the search over them: `prepare(text)`, then `search(query, limit)`."""

    def __init__(self, contents: Snapshot, searcher: Searcher, generation: str):
        super().__init__(**{f.name: getattr(contents, f.name) for f in fields(Snapshot)})
        self._searcher = searcher
        self.generation = generation

    @property
    def embedder(self) -> Embedder:
        return self._searcher.embedder

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of `texts`, from the model the index was built with."""
        return self._searcher.embedder.embed(texts)

    def centroids(self, enablers: list[Enabler]) -> np.ndarray:
        """One unit vector per enabler: the mean of its name, description and synonym vectors."""
        return enabler_centroids(enablers, self._searcher.embedder)

    def warm(self) -> None:
        """Build now what a question would otherwise wait for (the speller's tables; a server's warm-up)."""
        self._searcher.warm()

    def prepare(self, text: str, vector: np.ndarray | None = None) -> Query:
        return self._searcher.prepare(text, vector)

    def spelled(self, text: str) -> str:
        """A question as peerbot reads it: misspellings corrected against the corpus ("comittee" -> "committee")."""
        return self._searcher.spelled(text)

    def nearest(self, vectors: np.ndarray) -> np.ndarray:
        """Each row's best cosine similarity to any passage, sentence or window (load-time checks)."""
        return self._searcher.nearest(vectors)

    def search(self, query: Query | str, limit: int = 20, mode: str = "hybrid") -> list[Hit]:
        return self._searcher.search(query, limit, mode)

    @property
    def vector_kind(self) -> str:
        """"exact", or "ivf-sq8" above index.vectors.EXACT_MAX vectors."""
        return self._searcher.vector_kind

    @property
    def searcher(self) -> Searcher:
        """The search itself, for measuring it (benchmarks/tune_retrieval.py)."""
        return self._searcher

    def close(self) -> None:
        self._searcher.close()


def open_index(index_dir: Path, embedder: Embedder, threads: int = 1, examples: Sequence[ExampleQuestion] = (),
               cache: Path | None = None) -> Index:
    """The served index, checked as it loads (FAISS searching on `threads` threads), with the
    `examples` (index/examples.py) its passages hold the evidence of (their vectors kept in the folder
    `cache`, when given, for the next process); IndexNotBuilt,
    IndexOutdated, ModelMismatch or IndexDamaged say what to do when it cannot be served."""
    use_threads(threads)
    while True:  # a generation found damaged as it loads is set aside and the next whole one tried
        folder = generations.usable_generation(index_dir)  # checked; a damaged one is set aside
        if folder is None:
            raise IndexNotBuilt(f"no index in {index_dir.parent}: run `peerbot index` to build it")
        try:
            store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
            pipeline = store.meta().get("pipeline")
            if pipeline != PIPELINE_VERSION:
                store.close()
                raise IndexOutdated(
                    f"the index in {index_dir.parent} was built by an older peerbot (pipeline {pipeline}, now "
                    f"{PIPELINE_VERSION}): run `peerbot index` to update it"
                )
            contents = Snapshot.load(store)
            built_with = contents.meta.get("model", "?")
            if built_with == embedder.name:
                vectors = VectorIndex.load(folder / generations.VECTORS_FILE)
                units, vocabulary = store.unit_kinds(), store.vocabulary()
                _same_units(vectors, units)
                rows = store.passage_tokens()
                tokens = TokenStore.from_rows(rows, int(contents.meta["dimension"])) if rows else None
            break
        except _UNREADABLE as e:
            _set_aside_or_raise(index_dir, folder, e)
    if built_with != embedder.name:
        store.close()
        raise ModelMismatch(
            f"the index was built with model '{built_with}' but PEERBOT_MODEL is '{embedder.name}': "
            "run `peerbot index --rebuild` to re-embed the corpus"
        )
    capitals = contents.meta.get(acronyms.META_KEY)
    if capitals is None:  # built before the build stored them: read from the passages once, here
        capitals = " ".join(acronyms.capital_stopwords(p.text for p in contents.passages.values()))
    attached = located(examples, contents.passages.values())
    questions = [e.question for e, _ in attached]
    matcher = ExampleMatcher([pid for _, pid in attached],
                             example_vectors(questions, embedder, int(contents.meta["dimension"]), cache), questions)
    searcher = Searcher(store, vectors, embedder, contents.passages, units, vocabulary, contents.names(), tokens,
                        capitals.split(), matcher)
    return Index(contents, searcher, folder.name)


def _same_units(vectors: VectorIndex, units: list[tuple[int, int, str]]) -> None:
    """VectorsUnreadable unless the vectors' ids are the database's units (checksums and counts can
    match while the ids do not: a file of another build, and every answer failed looking them up)."""
    ids = vectors.ids()
    if ids is not None and not np.array_equal(ids, np.fromiter((u[0] for u in units), np.int64, len(units))):
        raise VectorsUnreadable(f"{generations.VECTORS_FILE}'s ids are not those of {generations.DB_FILE}'s units")


def served_generation(index_dir: Path) -> str | None:
    """The name of the generation `current` points at (a link read, nothing checked): what a
    running server compares with its own to notice a newer index; None when there is none."""
    folder = generations.current_generation(index_dir)
    return folder.name if folder else None


def read_index(index_dir: Path) -> Snapshot | None:
    """The served index's contents without its vectors or model; None when there is no index."""
    return _read_served(index_dir, Snapshot.load)


def read_index_people(index_dir: Path) -> list[str] | None:
    """The names of the people the served index's documents name (its people table alone, whatever
    the corpus's size); None when there is no index."""
    return _read_served(index_dir, lambda store: [row["name"] for row in store.people_rows()])


def _read_served(index_dir: Path, read: Callable[[IndexStore], T]) -> T | None:
    """`read` of the served generation's database, read-only; a generation that cannot be loaded is
    set aside and the next tried (`_set_aside_or_raise`); None when there is none."""
    while True:
        folder = generations.usable_generation(index_dir)
        if folder is None:
            return None
        try:
            store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
            try:
                return read(store)
            finally:
                store.close()
        except (sqlite3.Error, ValueError, TypeError, KeyError) as e:
            _set_aside_or_raise(index_dir, folder, e)


def _set_aside_or_raise(index_dir: Path, folder: Path, error: Exception) -> None:
    """A generation that passed its checks but whose database SQLite finds malformed, or whose
    contents are not what a build writes, is set aside like one that fails them (the caller then
    tries the next); anything else (a read error, no permission, a read-only data folder) is
    `IndexDamaged`."""
    shown = f"{type(error).__name__}: {error}"
    if _damaged(error):
        try:
            generations.set_aside(index_dir, folder, f"it could not be loaded ({shown})")
            return
        except OSError:
            pass
    raise IndexDamaged(f"the index in {folder} could not be loaded ({shown}): run `peerbot index --rebuild`") from None


def _damaged(error: Exception) -> bool:
    if isinstance(error, sqlite3.Error):
        return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in _DAMAGE_CODES
    return isinstance(error, (VectorsUnreadable, ValueError, KeyError, TypeError))
