"""A build's documents read, split and written a batch at a time: each batch's texts are embedded in
one call, and the caller commits each batch in one transaction; the vectors go to the build's
`VectorSpool`."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Protocol

import numpy as np

from index.documents import Document, DocumentError, Unread
from index.embedder import Embedder
from index.errors import IndexBuildError
from index.hashing_embedder import HashingEmbedder
from index.late_interaction import packed
from index.preparing import Chunked, prepare, word_costs
from index.stem_postings import StemPostings
from index.store import IndexStore
from index.tally import Tally
from index.taxonomy import Enabler
from index.unit_vectors import VectorSpool
from index.worker_lifetime import end_with

UNITS_PER_BATCH = 4096  # texts embedded in one call and committed in one transaction
WORKER_CHUNK = 8  # documents sent to a worker process at a time
AHEAD = 4  # chunks of documents in flight for each worker: the corpus is never all in memory


class BatchReport(Protocol):
    """What `index_batch` records (index.build's `BuildReport`)."""

    added: list[str]
    updated: list[str]
    passages_embedded: int
    vectors_embedded: int


def batches(
    documents: Sequence[Document | Unread], embedder: Embedder, progress: bool, workers: int = 1,
    enablers: Sequence[Enabler] = (), failed: list[DocumentError] | None = None,
) -> Iterator[list[Chunked]]:
    """The documents read (`Unread` ones: where they are prepared; those that cannot be used go to
    `failed`) and prepared (on `workers` processes when more than one), in document order, in
    batches of about `UNITS_PER_BATCH` texts to embed."""
    batch: list[Chunked] = []
    size = 0
    for item in _prepared(documents, embedder, workers, progress, tuple(enablers)):
        if isinstance(item, DocumentError):
            if failed is None:
                raise item
            failed.append(item)
            continue
        batch.append(item)
        size += len(item.units)
        if size >= UNITS_PER_BATCH:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _prepared(
    documents: Sequence[Document | Unread], embedder: Embedder, workers: int, progress: bool,
    enablers: tuple[Enabler, ...],
) -> Iterator[Chunked | DocumentError]:
    if workers <= 1 or len(documents) < workers * WORKER_CHUNK:  # too few to repay starting processes
        cost = word_costs(embedder)
        yield from (_read_and_prepare(doc, embedder, cost, enablers) for doc in _progress(documents, progress))
        return
    # "spawn": a forked child of a process running torch's threads can hang
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(embedder, enablers, os.getpid()))
    try:
        yield from _in_order(pool, _progress(documents, progress), AHEAD * workers)
    except BrokenProcessPool:  # a worker killed (by hand, or for memory): the build stops, nothing is published
        raise IndexBuildError("a build worker process ended unexpectedly (killed, or out of memory?), so nothing "
                              "was published: run the build again") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_order(pool: ProcessPoolExecutor, documents: Iterable[Document | Unread], ahead: int) -> Iterator[Chunked | DocumentError]:
    """The documents prepared on the pool's workers, `WORKER_CHUNK` at a time, in order, with at
    most `ahead` chunks sent and not yet taken (so results do not pile up ahead of the writer)."""
    remaining = iter(documents)
    pending: deque[Future[list[Chunked | DocumentError]]] = deque()

    def send() -> None:
        chunk = [doc for _, doc in zip(range(WORKER_CHUNK), remaining)]
        if chunk:
            pending.append(pool.submit(_prepare_chunk_in_worker, chunk))

    for _ in range(ahead):
        send()
    while pending:
        done = pending.popleft().result()
        send()
        yield from done


def _read_and_prepare(
    item: Document | Unread, embedder: Embedder, cost: Callable[[str], int], enablers: Sequence[Enabler]
) -> Chunked | DocumentError:
    doc = item.read() if isinstance(item, Unread) else item
    return doc if isinstance(doc, DocumentError) else prepare(doc, embedder, cost, enablers)


_worker: tuple[Embedder, Callable[[str], int], tuple[Enabler, ...]] | None = None


def _start_worker(embedder: Embedder, enablers: tuple[Enabler, ...], build: int) -> None:
    global _worker
    end_with(build)  # a build killed outright takes its workers with it
    _worker = (embedder, word_costs(embedder), enablers)


def _prepare_chunk_in_worker(chunk: list[Document | Unread]) -> list[Chunked | DocumentError]:
    assert _worker is not None
    # the writer needs no document's body: its passages travel
    return [replace(done, doc=replace(done.doc, body="")) if isinstance(done, Chunked) else done
            for done in (_read_and_prepare(doc, *_worker) for doc in chunk)]


def index_batch(
    store: IndexStore, spool: VectorSpool, batch: list[Chunked], stored: dict[str, dict], embedder: Embedder,
    stamp: str, report: BatchReport, words: Tally, capitals: set[str], postings: StemPostings,
    tokens_up_to: int | None = None,
) -> dict[int, frozenset[str]]:
    """Write a batch of documents with their passages, people, quotations and vectors (one embed
    call), counting their words into `words` (the stopwords they write in capitals into `capitals`)
    and their stems into `postings`; returns the enablers
    each new passage (by id) names. While the index then holds at most `tokens_up_to` passages
    (None: never), their tokens for late interaction come from the same run of the model and are
    stored too (index.late_interaction)."""
    named: dict[int, frozenset[str]] = {}
    unit_chunks: list[int] = []  # each unit's passage id, kind and text (as in `Chunked.units`)
    unit_kinds: list[str] = []
    unit_texts: list[str] = []
    for item in batch:
        doc = item.doc
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
        person_ids = store.add_document(doc, first_seen=first_seen, updated_at=updated_at)
        chunk_ids = store.add_passages(doc.id, item.rows)
        store.add_chunk_people(
            (chunk_ids[pos], person_ids[i], d) for pos, found in enumerate(item.people) for i, d in found.items()
        )
        store.add_quotations(
            (chunk_ids[pos], q.start, q.end, q.span_start, q.span_end, q.text, q.name, q.role, q.organisation,
             int(q.block))
            for pos, found in enumerate(item.quotations) for q in found
        )
        if item.units:
            positions, kinds, texts = zip(*item.units)
            unit_chunks += map(chunk_ids.__getitem__, positions)
            unit_kinds += kinds
            unit_texts += texts
        named.update(zip(chunk_ids, item.named))
        words.add(item.words)
        capitals |= item.capitals
        postings.add(chunk_ids, *item.terms)
        report.passages_embedded += len(item.rows)
    if unit_chunks:
        if all(item.codes is not None for item in batch):
            vectors = _embedded(batch, embedder)
        elif tokens_up_to is not None and store.passage_count() <= tokens_up_to:
            wanted = [k for k, kind in enumerate(unit_kinds) if kind == "passage"]  # its text with its context line
            vectors, found = embedder.embed_with_tokens(unit_texts, wanted)
            if found is not None:
                store.add_passage_tokens(packed(unit_chunks[k], tokens) for k, tokens in zip(wanted, found))
        else:
            vectors = embedder.embed(unit_texts)
        spool.add(store.add_units(unit_chunks, unit_kinds), vectors)
        report.vectors_embedded += len(unit_chunks)
    return named


def _embedded(batch: list[Chunked], embedder: Embedder) -> np.ndarray:
    """The batch's units embedded from their parts' words (`prepare`), in one call (by the hashing
    embedder a server's `BatchingEmbedder` wraps, whose `embed` is the wrapped one's)."""
    hashing = getattr(embedder, "inner", embedder)
    assert isinstance(hashing, HashingEmbedder), "units prepared by parts for an embedder that is not the hashing one"
    spans: list[np.ndarray] = []
    parts = 0
    for item in batch:
        assert item.codes is not None and item.sizes is not None and item.spans is not None
        spans.append(np.where(item.spans >= 0, item.spans + parts, -1))
        parts += len(item.sizes)
    return hashing.embed_codes(np.concatenate([item.codes for item in batch if item.codes is not None]),
                               np.concatenate([item.sizes for item in batch if item.sizes is not None]),
                               np.concatenate(spans))


def _progress(documents: Sequence[Document | Unread], shown: bool):
    """`documents`, with a progress bar naming each one on a terminal (a large one takes a while)."""
    if not shown or not documents or not sys.stderr.isatty():
        return documents
    from tqdm import tqdm

    def named():
        bar = tqdm(documents, desc="Reading", unit="doc", file=sys.stderr)
        for doc in bar:
            bar.set_postfix_str(doc.source, refresh=True)
            yield doc

    return named()
