"""A build's documents read, split and written a batch at a time: each batch's texts are embedded in
one call, and the caller commits each batch in one transaction; the vectors go to the build's
`VectorSpool`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from index.chunking import Block, Passage, chunk_blocks, count_words, drop_furniture, drop_repeated_blocks, parse_blocks
from index.documents import Document
from index.embedder import Embedder
from index.passage_people import people_distances
from index.quotes import find_quotations
from index.store import IndexStore
from index.text import split_sentences
from index.unit_vectors import VectorSpool

MIN_SENTENCE_WORDS = 4
UNITS_PER_BATCH = 4096  # texts embedded in one call and committed in one transaction


class BatchReport(Protocol):
    """What `index_batch` records (index.build's `BuildReport`)."""

    added: list[str]
    updated: list[str]
    passages_embedded: int
    vectors_embedded: int


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
        total = 0
        for word in text.split():
            tokens = known.get(word)
            if tokens is None:
                tokens = known[word] = embedder.count_tokens(word) - specials
            total += tokens
        return total

    return cost


@dataclass
class Chunked:
    """A document read and split, ready to be written and embedded."""

    doc: Document
    blocks: list[Block]
    passages: list[Passage]
    rows: list[dict[str, Any]]
    units: list[tuple[int, str, str]]  # (passage position, kind, text to embed)


def batches(documents: list[Document], embedder: Embedder, progress: bool) -> Iterator[list[Chunked]]:
    """The documents read and split, in batches of about `UNITS_PER_BATCH` texts to embed."""
    batch: list[Chunked] = []
    size = 0
    cost = word_costs(embedder)
    for doc in _progress(documents, progress):
        blocks = document_blocks(doc)
        passages = chunk_document(doc, blocks, embedder, cost)
        rows: list[dict[str, Any]] = [
            {"position": p.position, "section": p.section, "text": p.text,
             "context": passage_context(doc.title, p.section), "word_count": p.word_count}
            for p in passages
        ]
        units = [(i, kind, text) for i, (row, passage) in enumerate(zip(rows, passages))
                 for kind, text in unit_texts(row["context"], passage)]
        batch.append(Chunked(doc, blocks, passages, rows, units))
        size += len(units)
        if size >= UNITS_PER_BATCH:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def index_batch(
    store: IndexStore, spool: VectorSpool, batch: list[Chunked], stored: dict[str, dict], embedder: Embedder,
    stamp: str, report: BatchReport,
) -> None:
    """Write a batch of documents with their passages, people, quotations and vectors (one embed call)."""
    pending: list[tuple[int, str, str]] = []  # (chunk id, kind, text)
    for item in batch:
        doc, passages = item.doc, item.passages
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
        chunk_ids = store.add_passages(doc.id, item.rows)
        person_ids = store.person_ids(doc.id)
        distances = people_distances([p.text for p in passages], list(doc.people))
        store.add_chunk_people(
            {"chunk_id": chunk_ids[pos], "person_id": person_ids[i], "distance": d}
            for pos, found in enumerate(distances) for i, d in found.items()
        )
        quotations = find_quotations(passages, doc.people, [b.text for b in item.blocks if b.kind == "quote"])
        store.add_quotations(
            {"chunk_id": chunk_ids[pos], "start": q.start, "end": q.end, "span_start": q.span_start,
             "span_end": q.span_end, "text": q.text, "name": q.name, "role": q.role,
             "organisation": q.organisation, "block": int(q.block)}
            for pos, found in enumerate(quotations) for q in found
        )
        pending.extend((chunk_ids[pos], kind, text) for pos, kind, text in item.units)
        report.passages_embedded += len(passages)
    if pending:
        vectors = embedder.embed([text for _, _, text in pending])
        spool.add(store.add_units([c for c, _, _ in pending], [k for _, k, _ in pending]), vectors)
        report.vectors_embedded += len(pending)


def _progress(documents: list[Document], shown: bool):
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
