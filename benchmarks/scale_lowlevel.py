"""Vectors and FTS only, through peerbot's own lowest-level parts: for sizes where a full
`peerbot index` is far too slow today (1M passages).

    .venv/bin/python benchmarks/scale_lowlevel.py build CORPUS OUT [--no-vectors]  # prints one JSON line
    .venv/bin/python benchmarks/scale_lowlevel.py search OUT QUESTIONS             # prints one JSON line

`build` reads every document with peerbot's loader, splits it with peerbot's chunker, writes
the documents and passages with the store's own `add_document` and `add_passages` into an index
database made by peerbot's own migrations (so the contentless FTS5 table and its per-stem counts
are the product's, indexing `index.lexical.search_text` as a build does), embeds each passage's
whole-passage text with the hashing embedder, and saves peerbot's FAISS index of those vectors
(one a passage: the sentence and window vectors a full build adds are only counted, not
embedded; `--no-vectors` skips them, for the lexical index alone). No people, quotations,
enabler links or vocabulary. Transactions of 200 documents; two worker processes read and chunk
while the main one writes (phase times: the workers' summed, the writer's own).

`search` times, in one process with FAISS on one thread as `peerbot serve` runs it, the two
searches every answer makes: the vector search (k = 200, what the searcher asks for; skipped
when there are no vectors) and the FTS5 BM25 query as the searcher makes it for a corpus this
size (its candidates; from `LARGE_CORPUS` passages its common stems read from the impact lists
the build stores, index/impacts.py), for each question after a warm-up.

This is the only benchmark module that imports peerbot's internals (`index.*`): when modules
are renamed (issue 15), change the imports below and nothing else.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from index.documents import load_document  # noqa: E402
from index.hashing_embedder import HashingEmbedder  # noqa: E402
from index.impacts import DEFAULT_RULE  # noqa: E402
from index.lexical import search_text  # noqa: E402
from index.passage_text import passage_context  # noqa: E402
from index.preparing import chunk_document, document_blocks, unit_texts  # noqa: E402
from index.search import LEXICAL_CANDIDATES  # noqa: E402
from index.store import IndexStore  # noqa: E402
from index.vectors import VectorIndex, use_threads  # noqa: E402

DOCUMENTS_PER_TRANSACTION = 200
READERS = 2
SEARCH_K = 200
WARM_UP = 5


def _read(corpus: Path, paths: list[Path]) -> tuple[list, int, float]:
    """Load and chunk documents: ([(document, passage rows)], vectors a full build would hold, seconds)."""
    started, embedder, batch, units = time.perf_counter(), HashingEmbedder(), [], 0
    for path in paths:
        doc = load_document(path, source=str(path.relative_to(corpus)))
        passages = chunk_document(doc, document_blocks(doc), embedder)
        rows = [{"position": p.position, "section": p.section, "text": p.text,
                 "context": passage_context(doc.title, p.section), "word_count": p.word_count,
                 "search_text": search_text(f"{passage_context(doc.title, p.section)}\n{p.text}")} for p in passages]
        units += sum(len(unit_texts(r["context"], p)) for r, p in zip(rows, passages))
        batch.append((doc, rows))
    return batch, units, time.perf_counter() - started


def build(corpus: Path, out: Path, with_vectors: bool = True) -> dict:
    """Documents are read and chunked in `READERS` worker processes while this one writes."""
    out.mkdir(parents=True, exist_ok=True)
    embedder = HashingEmbedder()
    store = IndexStore.open(out / "index.db")
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    phase = {"read_chunk": 0.0, "embed": 0.0, "sqlite": 0.0, "lexical_lists": 0.0, "faiss": 0.0}
    ids, vectors, units, documents = [], [], 0, 0
    paths = sorted(corpus.rglob("*.md"))
    batches = [paths[i:i + DOCUMENTS_PER_TRANSACTION] for i in range(0, len(paths), DOCUMENTS_PER_TRANSACTION)]
    with multiprocessing.get_context("fork").Pool(READERS) as pool:
        for batch, batch_units, seconds in pool.imap(partial(_read, corpus), batches):
            phase["read_chunk"] += seconds
            units += batch_units
            clock = time.perf_counter()
            with store.db.conn:
                for doc, rows in batch:
                    store.add_document(doc, first_seen=stamp, updated_at=stamp)
                    ids += store.add_passages(doc.id, rows)
            phase["sqlite"] += time.perf_counter() - clock
            clock = time.perf_counter()
            if with_vectors:
                vectors.append(embedder.embed([f"{r['context']}\n{r['text']}" for _, rows in batch for r in rows]))
            phase["embed"] += time.perf_counter() - clock
            documents += len(batch)
    clock = time.perf_counter()
    with store.db.conn:  # stem counts and impact lists, as index/build.py stores them
        store.set_stem_counts()
        store.set_stem_impacts(DEFAULT_RULE)
    phase["lexical_lists"] = time.perf_counter() - clock
    store.close()
    clock = time.perf_counter()
    size = 0
    if with_vectors:
        index = VectorIndex.build(np.asarray(ids, dtype=np.int64), np.concatenate(vectors), embedder.dimension)
        index.save(out / "vectors.faiss")
        size = index.size
    phase["faiss"] = time.perf_counter() - clock
    return {"documents": documents, "passages": len(ids), "vectors": size,
            "units_in_full_build": units, "phases": phase}


def search(folder: Path, questions: list[str]) -> dict:
    use_threads(1)
    embedder = HashingEmbedder()
    index = VectorIndex.load(folder / "vectors.faiss") if (folder / "vectors.faiss").exists() else None
    store = IndexStore.open(folder / "index.db", read_only=True)
    passages = store.passage_count()
    timings: dict[str, list[float]] = {"vector": [], "fts": [], "vector_cpu": [], "fts_cpu": []}
    for i, question in enumerate(questions[:WARM_UP] + questions):
        vector = embedder.embed([question])[0]
        wall, cpu = time.perf_counter(), time.process_time()
        if index is not None:
            index.search(vector, SEARCH_K)
        vector_wall, vector_cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        store.lexical_search(question, LEXICAL_CANDIDATES)
        fts_wall, fts_cpu = time.perf_counter() - wall, time.process_time() - cpu
        if i >= WARM_UP:
            timings["vector"].append(vector_wall)
            timings["vector_cpu"].append(vector_cpu)
            timings["fts"].append(fts_wall)
            timings["fts_cpu"].append(fts_cpu)
    store.close()
    return {"vectors": index.size if index is not None else 0, "passages": passages, "impact_depth": DEFAULT_RULE.depth if passages >= DEFAULT_RULE.min_passages else None,
            **timings}


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "build":
        result = build(Path(args[0]), Path(args[1]), with_vectors="--no-vectors" not in args[2:])
    elif command == "search":
        result = search(Path(args[0]), [q for q in Path(args[1]).read_text().splitlines() if q.strip()])
    else:
        raise SystemExit(f"unknown command {command!r}: build or search")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
