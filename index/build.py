"""Building and updating the index: load, chunk, embed what changed, link, publish atomically."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import generations
from index.chunking import (
    Block, Passage, chunk_blocks, count_words, drop_furniture, drop_repeated_blocks, parse_blocks, split_sentences,
)
from index.documents import Document, DocumentError, document_id, load_corpus
from index.embedder import Embedder
from index.linking import enabler_centroids, link_passages
from index.mentions import people_distances
from index.quotes import find_quotations
from index.store import IndexStore
from index.taxonomy import ENABLERS_FILE, load_enablers
from index.vectors import VectorIndex

# Bump when chunking, the embedded text, quotation finding or enabler linking changes: every
# document is then re-indexed.
PIPELINE_VERSION = "5"
MIN_SENTENCE_WORDS = 4


class IndexBuildError(Exception):
    """The index cannot be built; the message says why and what to do."""


@dataclass
class BuildReport:
    model: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    passages_embedded: int = 0
    vectors_embedded: int = 0
    passages_total: int = 0
    seconds: float = 0.0
    errors: list[DocumentError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def passage_context(doc_title: str, section: str) -> str:
    return f"{doc_title} — {section}" if section else doc_title


def unit_texts(context: str, passage: Passage) -> list[tuple[str, str]]:
    """(kind, text to embed): the whole passage with its context, each sentence, and each window of
    two neighbouring sentences (index/ranking.py scores a passage by all three)."""
    sentences = [s for s in split_sentences(passage.text) if count_words(s) >= MIN_SENTENCE_WORDS]
    units = [("passage", f"{context}\n{passage.text}")]
    units += [("sentence", s) for s in sentences]
    units += [("window", f"{a} {b}") for a, b in zip(sentences, sentences[1:])]
    return units


def document_blocks(doc: Document) -> list[Block]:
    return drop_furniture(drop_repeated_blocks(parse_blocks(doc.body)))


def chunk_document(doc: Document, blocks: list[Block], embedder: Embedder) -> list[Passage]:
    longest = max((passage_context(doc.title, b.section) for b in blocks), key=len, default=doc.title)

    def fits(text: str) -> bool:
        return embedder.count_tokens(f"{longest}\n{text}") <= embedder.max_tokens

    return chunk_blocks(blocks, fits)


def is_current(index_dir: Path) -> bool:
    """Whether an index is served and was built by this version of the pipeline."""
    folder = generations.current_generation(index_dir)
    if folder is None:
        return False
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    try:
        return store.meta().get("pipeline") == PIPELINE_VERSION
    finally:
        store.close()


def build_index(
    knowledge_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    *,
    rebuild: bool = False,
    progress: bool = False,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> BuildReport:
    started = time.perf_counter()
    if not knowledge_dir.is_dir():
        raise IndexBuildError(f"corpus folder {knowledge_dir} does not exist (set PEERBOT_KNOWLEDGE_DIR)")
    enablers = load_enablers(knowledge_dir)
    documents, errors = load_corpus(knowledge_dir)
    report = BuildReport(model=embedder.name, errors=errors)
    failed_ids = {document_id(e.path) for e in errors}
    stamp = now().isoformat(timespec="seconds")
    enablers_file = knowledge_dir / ENABLERS_FILE
    enablers_hash = hashlib.sha256(enablers_file.read_bytes()).hexdigest() if enablers else ""

    with generations.build_lock(index_dir):
        if not rebuild and _up_to_date(index_dir, documents, failed_ids, embedder.name, enablers_hash, report):
            report.seconds = time.perf_counter() - started
            return report
        folder = generations.new_generation(index_dir)
        try:
            store = IndexStore.open(folder / generations.DB_FILE)
            meta = store.meta()
            stored = store.document_rows()
            if rebuild or meta.get("model", embedder.name) != embedder.name or meta.get("pipeline", PIPELINE_VERSION) != PIPELINE_VERSION:
                for doc_id in stored:
                    store.remove_document(doc_id)
                stored_hashes = {}
            else:
                stored_hashes = {doc_id: row["content_hash"] for doc_id, row in stored.items()}
            present = {doc.id for doc in documents}
            with store.db.conn:
                for doc_id in stored:
                    # a document that failed to load keeps its last good version
                    if doc_id not in present and doc_id not in failed_ids:
                        store.remove_document(doc_id)
                        report.removed.append(doc_id)
                changed = [doc for doc in documents if stored_hashes.get(doc.id) != doc.content_hash]
                report.unchanged = len(documents) - len(changed)
                _index_documents(store, changed, stored, stored_hashes, embedder, stamp, report, progress)
                if report.changed or meta.get("enablers_hash") != enablers_hash:
                    _link_enablers(store, enablers, embedder)
                if report.changed:
                    store.set_vocabulary()
                store.set_meta(
                    model=embedder.name, dimension=str(embedder.dimension), pipeline=PIPELINE_VERSION,
                    enablers_hash=enablers_hash, built_at=stamp,
                )
            ids, vectors = store.all_units(embedder.dimension)
            VectorIndex.build(ids, vectors, embedder.dimension).save(folder / generations.VECTORS_FILE)
            report.passages_total = store.db["chunks"].count
            store.close()
            generations.publish(index_dir, folder)
        except BaseException:
            generations.discard(folder)
            raise
    report.seconds = time.perf_counter() - started
    return report


def _up_to_date(
    index_dir: Path, documents: list[Document], failed_ids: set[str], model: str, enablers_hash: str,
    report: BuildReport,
) -> bool:
    """True (and the report filled in) when the served index already reflects the corpus."""
    current = generations.current_generation(index_dir)
    if current is None:
        return False
    store = IndexStore.open(current / generations.DB_FILE, read_only=True)
    try:
        meta = store.meta()
        stored = {doc_id: row["content_hash"] for doc_id, row in store.document_rows().items()}
        total = store.db["chunks"].count
    finally:
        store.close()
    if (meta.get("model"), meta.get("pipeline"), meta.get("enablers_hash")) != (model, PIPELINE_VERSION, enablers_hash):
        return False
    unchanged = all(stored.get(doc.id) == doc.content_hash for doc in documents)
    if not unchanged or not set(stored) <= {doc.id for doc in documents} | failed_ids:
        return False
    report.unchanged = len(documents)
    report.passages_total = total
    return True


def _index_documents(
    store: IndexStore,
    documents: list[Document],
    stored: dict[str, dict],
    stored_hashes: dict[str, str],
    embedder: Embedder,
    stamp: str,
    report: BuildReport,
    progress: bool,
) -> None:
    pending = []  # (chunk id, kind, text)
    for doc in documents:
        if doc.id in stored:
            report.updated.append(doc.id)
        else:
            report.added.append(doc.id)
        previous = stored.get(doc.id)
        first_seen = previous["first_seen"] if previous else stamp
        # re-embedding unchanged content (a rebuild, a new model) does not make a lesson "updated"
        updated_at = previous["updated_at"] if previous and previous["content_hash"] == doc.content_hash else stamp
        if doc.id in stored:
            store.remove_document(doc.id)
        store.add_document(doc, first_seen=first_seen, updated_at=updated_at)
        blocks = document_blocks(doc)
        passages = chunk_document(doc, blocks, embedder)
        rows = [
            {"position": p.position, "section": p.section, "text": p.text,
             "context": passage_context(doc.title, p.section), "word_count": p.word_count}
            for p in passages
        ]
        chunk_ids = store.add_passages(doc.id, rows)
        person_ids = store.person_ids(doc.id)
        distances = people_distances([p.text for p in passages], list(doc.people))
        store.add_chunk_people(
            {"chunk_id": chunk_ids[pos], "person_id": person_ids[i], "distance": d}
            for pos, found in enumerate(distances) for i, d in found.items()
        )
        quotations = find_quotations(passages, doc.people, [b.text for b in blocks if b.kind == "quote"])
        store.add_quotations(
            {"chunk_id": chunk_ids[pos], "start": q.start, "end": q.end, "span_start": q.span_start,
             "span_end": q.span_end, "text": q.text, "name": q.name, "role": q.role,
             "organisation": q.organisation, "block": int(q.block)}
            for pos, found in enumerate(quotations) for q in found
        )
        for chunk_id, row, passage in zip(chunk_ids, rows, passages):
            pending.extend((chunk_id, kind, text) for kind, text in unit_texts(row["context"], passage))
        report.passages_embedded += len(passages)
    if pending:
        vectors = embedder.embed([text for _, _, text in pending], progress=progress)
        store.add_units([c for c, _, _ in pending], [k for _, k, _ in pending], vectors)
        report.vectors_embedded = len(pending)


def _link_enablers(store: IndexStore, enablers: list, embedder: Embedder) -> None:
    chunk_ids, vectors = store.passage_vectors(embedder.dimension)
    if not enablers or not chunk_ids:
        store.replace_links([])
        return
    enabler_vectors = enabler_centroids(enablers, embedder)
    by_id = {p.id: p for p in store.passages()}
    tags = {doc_id: set(json.loads(row["enablers"])) for doc_id, row in store.document_rows().items()}
    rows = []
    for doc_id in tags:
        indexes = [i for i, c in enumerate(chunk_ids) if by_id[c].document_id == doc_id]
        links = link_passages(
            [by_id[chunk_ids[i]].section for i in indexes],
            [by_id[chunk_ids[i]].text for i in indexes],
            vectors[indexes] if indexes else np.zeros((0, embedder.dimension), np.float32),
            tags[doc_id], enablers, enabler_vectors,
        )
        rows.extend(
            {"chunk_id": chunk_ids[indexes[link.position]], "enabler_id": link.enabler_id,
             "source": link.source, "score": link.score}
            for link in links
        )
    store.replace_links(rows)
