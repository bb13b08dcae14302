"""A build's documents read, split and written a batch at a time: each batch's texts are embedded in
one call, and the caller commits each batch in one transaction; the vectors go to the build's
`VectorSpool`."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from index.acronyms import capital_stopwords
from index.chunking import Block, Passage, chunk_blocks, count_words, drop_furniture, drop_repeated_blocks, parse_blocks
from index.documents import Document, DocumentError, Unread
from index.embedder import Embedder, HashingEmbedder, hashing_words
from index.errors import IndexBuildError
from index.late_interaction import packed
from index.lexical import search_text, stemmed
from index.linking import EnablerNames
from index.passage_people import people_distances
from index.passage_text import passage_context
from index.quotes import Quotation, find_quotations
from index.spelling import corpus_words
from index.stem_postings import StemPostings, passage_terms
from index.store import IndexStore
from index.tally import Tally
from index.taxonomy import Enabler
from index.text import split_sentences
from index.unit_vectors import VectorSpool
from index.worker_lifetime import end_with

MIN_SENTENCE_WORDS = 4
UNITS_PER_BATCH = 4096  # texts embedded in one call and committed in one transaction
WORKER_CHUNK = 8  # documents sent to a worker process at a time
AHEAD = 4  # chunks of documents in flight for each worker: the corpus is never all in memory


class BatchReport(Protocol):
    """What `index_batch` records (index.build's `BuildReport`)."""

    added: list[str]
    updated: list[str]
    passages_embedded: int
    vectors_embedded: int


def unit_texts(context: str, passage: Passage) -> list[tuple[str, str]]:
    """(kind, text to embed): the whole passage with its context, each sentence, and each window of
    two neighbouring sentences (index/ranking.py scores a passage by all three)."""
    sentences = [s for s in split_sentences(passage.text) if count_words(s) >= MIN_SENTENCE_WORDS]
    units = [("passage", f"{context}\n{passage.text}")]
    units += [("sentence", s) for s in sentences]
    units += [("window", f"{a} {b}") for a, b in zip(sentences, sentences[1:])]
    return units


def document_blocks(doc: Document) -> list[Block]:
    """The document's paragraphs, lists and quotations, without repeats or page furniture."""
    return drop_furniture(drop_repeated_blocks(parse_blocks(doc.body)))


def chunk_document(
    doc: Document, blocks: list[Block], embedder: Embedder, cost: Callable[[str], int] | None = None
) -> list[Passage]:
    """Passages that fit the model's window together with their longest context line (`cost`:
    `word_costs(embedder)`, made once for a whole build)."""
    cost = cost or word_costs(embedder)
    context = max((cost(passage_context(doc.title, section)) for section in {b.section for b in blocks}),
                  default=cost(doc.title))
    return chunk_blocks(blocks, cost, embedder.max_tokens - embedder.count_tokens("") - context)


def word_costs(embedder: Embedder) -> Callable[[str], int]:
    """Tokens a text takes, without the special tokens, as the sum over its words (each distinct
    word is tokenised once): exact for WordPiece and the hashing embedder."""
    specials = embedder.count_tokens("")
    known: dict[str, int] = {}

    def cost(text: str) -> int:
        words = text.split()
        try:
            return sum(map(known.__getitem__, words))
        except KeyError:  # a word not seen before: tokenise the new ones
            for word in set(words).difference(known):
                known[word] = embedder.count_tokens(word) - specials
            return sum(map(known.__getitem__, words))

    return cost


@dataclass
class Chunked:
    """A document read and split, with everything found in it, ready to be written and embedded."""

    doc: Document
    rows: list[dict[str, Any]]  # passages: position, section, text, context, word_count, search_text
    units: list[tuple[int, str, str]]  # (passage position, kind, text to embed: "" when embedded by parts)
    people: list[dict[int, int]]  # per passage, {person index: distance}
    quotations: list[tuple[Quotation, ...]]  # per passage, in reading order
    named: list[frozenset[str]]  # per passage, the enablers it names (index.linking.named_enablers)
    words: Counter[str] = field(default_factory=Counter)  # the passages' words (index.spelling.corpus_words)
    capitals: frozenset[str] = frozenset()  # the stopwords the passages write in capitals (index.acronyms)
    codes: np.ndarray | None = None  # with the hashing embedder: the words of the parts units are made of (`prepare`)
    sizes: np.ndarray | None = None  # each part's word count (`HashingEmbedder.embed_codes`)
    spans: np.ndarray | None = None  # for each unit, the parts it joins (`HashingEmbedder.embed_codes`)
    terms: tuple[str, np.ndarray, np.ndarray] = field(default_factory=lambda: passage_terms([]))  # the passages'
    # stems counted (`passage_terms`)


def prepare(doc: Document, embedder: Embedder, cost: Callable[[str], int], enablers: Sequence[Enabler] = ()) -> Chunked:
    """Read and split one document and find its people, quotations, search text, texts to embed
    and the `enablers` each passage names (pure: no I/O, no model call beyond counting tokens)."""
    blocks = document_blocks(doc)
    passages = chunk_document(doc, blocks, embedder, cost)
    rows: list[dict[str, Any]] = []
    units: list[tuple[int, str, str]] = []
    names = _enabler_names(tuple(enablers)) if enablers else None
    named: list[frozenset[str]] = []
    # with the hashing embedder, whose vector of a text is a sum over its words, units are embedded
    # from their parts' words, each part read once here (`HashingEmbedder.embed_codes`)
    parts = _Parts() if isinstance(embedder, HashingEmbedder) else None
    for i, p in enumerate(passages):
        context = passage_context(doc.title, p.section)
        if parts is None:
            units += [(i, kind, text) for kind, text in unit_texts(context, p)]
            found = search_text(f"{context}\n{p.text}")
            named.append(names(p.text) if names else frozenset())
        else:  # the parts' words, read once, serve the search text and the enabler names too
            first = len(parts.words)
            units += _unit_parts(i, context, p, parts)
            found = _search_text(context, p.text, parts.words[first:])
            named.append(names.in_words(_joined(parts.words[first + 1:])) if names else frozenset())
        rows.append({"position": p.position, "section": p.section, "text": p.text, "context": context,
                     "word_count": p.word_count, "search_text": found})
    people = people_distances([p.text for p in passages], list(doc.people))
    quotations = find_quotations(passages, doc.people, [b.text for b in blocks if b.kind == "quote"])
    words = corpus_words(["\n".join(f"{row['context']}\n{row['text']}" for row in rows)])  # no word spans a line
    item = Chunked(doc, rows, units, people, quotations, named, words, capital_stopwords(p.text for p in passages),
                   terms=passage_terms(row["search_text"] for row in rows))
    if parts is not None and isinstance(embedder, HashingEmbedder):
        item.codes, item.sizes, item.spans = parts.coded(embedder)
    return item


@lru_cache(maxsize=4)  # one list of enablers a build: looked up once, not once a document
def _enabler_names(enablers: tuple[Enabler, ...]) -> EnablerNames:
    return EnablerNames(list(enablers))


def _joined(lists: list[list[str]]) -> list[str]:
    return [word for words in lists for word in words]


def _search_text(context: str, text: str, words: list[list[str]]) -> str:
    """`search_text` of the passage with its context line, from the words of its parts (`words`:
    the context's, then each sentence's) when it has no apostrophe (the only place the two
    readings of words differ: `search_text` drops an apostrophe's ending)."""
    if "'" in text or "’" in text or "'" in context or "’" in context:
        return search_text(f"{context}\n{text}")
    return stemmed(_joined(words))


@dataclass
class _Parts:
    """A document's parts as the hashing embedder reads them: each part's words, and for each unit
    the parts it joins."""

    words: list[list[str]] = field(default_factory=list)
    spans: list[tuple[int, int, int]] = field(default_factory=list)

    def coded(self, embedder: HashingEmbedder) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(`word_codes` of every part's words, each part's word count, the spans), as
        `HashingEmbedder.embed_codes` reads them."""
        return (embedder.word_codes(_joined(self.words)), np.fromiter(map(len, self.words), np.int64, len(self.words)),
                np.array(self.spans, np.int64).reshape(-1, 3))


def _unit_parts(position: int, context: str, passage: Passage, parts: _Parts) -> list[tuple[int, str, str]]:
    """`unit_texts` of a passage as parts (added to `parts`: its context line and its sentences)
    with, for each unit, the parts it joins: the passage is its context and every sentence (the
    sentences are split only at non-words), a sentence itself, a window its two sentences."""
    first = len(parts.words)
    sentences = split_sentences(passage.text)
    parts.words += map(hashing_words, [context, *sentences])
    # a sentence of at least MIN_SENTENCE_WORDS words (`count_words`), its words split no further than that
    kept = [first + 1 + k for k, sentence in enumerate(sentences)
            if len(sentence.split(None, MIN_SENTENCE_WORDS - 1)) >= MIN_SENTENCE_WORDS]
    parts.spans.append((first, len(parts.words), -1))
    parts.spans += [(k, k + 1, -1) for k in kept]
    parts.spans += [(a, a + 1, b) for a, b in zip(kept, kept[1:])]
    return ([(position, "passage", "")] + [(position, "sentence", "")] * len(kept)
            + [(position, "window", "")] * max(len(kept) - 1, 0))


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
