"""Enabler links and summaries on the bundled corpus with the real model.

    /work/venv/bin/python benchmarks/enablers.py

Builds the corpus in a temporary data folder, then prints: precision, recall and F1 of
index/linking.py's thresholds against the hand labels in tests/data/enabler_links.yaml; links
per enabler; F1 around the chosen thresholds; a leave-one-document-out estimate (thresholds
chosen on three documents, scored on the fourth); and, for every enabler, what its summary
cites and how long it takes (the first call, and again: a guide keeps its summaries).
"""

from __future__ import annotations

import itertools
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from bot.answerer import Answerer
from bot.corpus import open_corpus
from bot.enablers.guide import EnablerGuide
from bot.settings import Settings
from index import generations
from index.link_quality import LinkScore, label_passages, load_link_labels, score_links
from index.linking import Thresholds, enabler_centroids, link_passages
from index.store import IndexStore
from index.vectors import VectorIndex

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "enabler_links.yaml"
GRID = [round(0.32 + 0.04 * i, 2) for i in range(10)]  # 0.32 .. 0.68


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(data_dir=Path(data), knowledge_dir=ROOT / "knowledge")
        answerer = Answerer(open_corpus(settings)[0])
        folder = generations.current_generation(settings.index_dir)
        store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
        found = store.passage_units()  # (passage, its whole-passage vector's id); the vectors live in FAISS
        chunk_ids = [chunk_id for chunk_id, _ in found]
        vectors = VectorIndex.load(folder / generations.VECTORS_FILE).vectors(np.array([u for _, u in found]))
        tags = {doc: set(json.loads(row["enablers"])) for doc, row in store.document_rows().items()}
        store.close()
        links_report(answerer, chunk_ids, vectors, tags)
        summaries_report(answerer)


def links_report(answerer, chunk_ids, vectors, tags) -> None:
    enablers = list(answerer.corpus.enablers)
    passages = answerer.index.passages
    centroids = enabler_centroids(enablers, answerer.index.embedder)
    labelled = label_passages(load_link_labels(LABELS), passages.values())
    rows = {doc: [i for i, c in enumerate(chunk_ids) if passages[c].document_id == doc] for doc in tags}

    def links(thresholds: Thresholds, documents=tuple(tags)) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for doc in documents:
            ids = [chunk_ids[i] for i in rows[doc]]
            for link in link_passages([passages[c].section for c in ids], [passages[c].text for c in ids],
                                      vectors[rows[doc]], tags[doc], enablers, centroids, thresholds):
                found.setdefault(ids[link.position], set()).add(link.enabler_id)
        return found

    def only(documents) -> dict[int, frozenset[str]]:
        return {pid: e for pid, e in labelled.items() if passages[pid].document_id in documents}

    chosen = Thresholds()
    score = score_links(labelled, links(chosen))
    print(f"## Links\n\nthresholds {chosen}")
    print(f"labelled links {sum(len(e) for e in labelled.values())} over {len(labelled)} passages")
    print(f"precision {score.precision:.2f}  recall {score.recall:.2f}  F1 {score.f1:.2f}  "
          f"(tp {score.true_positives}, fp {score.false_positives}, fn {score.false_negatives})\n")
    counts: dict[str, int] = {}
    for found in links(chosen).values():
        for enabler_id in found:
            counts[enabler_id] = counts.get(enabler_id, 0) + 1
    print("| enabler | passages linked | passages labelled |\n|---|---|---|")
    for e in enablers:
        print(f"| {e.id} | {counts.get(e.id, 0)} | {sum(1 for labels in labelled.values() if e.id in labels)} |")

    print("\nF1 by named (rows) and tagged+named (columns) threshold, semantic and tagged as chosen:")
    columns = [0.34, 0.38, 0.40, 0.42, 0.46, 0.50]
    print("| named \\ tagged+named | " + " | ".join(f"{c:.2f}" for c in columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for named in (0.44, 0.48, 0.50, 0.52, 0.56):
        cells = [score_links(labelled, links(Thresholds(chosen.semantic, chosen.tagged, named, c))).f1 for c in columns]
        print(f"| {named:.2f} | " + " | ".join(f"{f:.2f}" for f in cells) + " |")

    grid = [Thresholds(*t) for t in itertools.product(GRID, GRID, GRID, GRID) if t[0] >= t[1] >= t[3] and t[0] >= t[2] >= t[3]]
    held_out = LinkScore(0, 0, 0)
    print("\nleave one document out:")
    for document in tags:
        train = [d for d in tags if d != document]
        best = max(grid, key=lambda th: score_links(only(train), links(th, train)).f1)
        s = score_links(only([document]), links(best, [document]))
        held_out = LinkScore(held_out.true_positives + s.true_positives, held_out.false_positives + s.false_positives,
                             held_out.false_negatives + s.false_negatives)
        print(f"  {document}: chose {best}, held-out F1 {s.f1:.2f}")
    print(f"pooled held-out: precision {held_out.precision:.2f}  recall {held_out.recall:.2f}  F1 {held_out.f1:.2f}\n")


def summaries_report(answerer) -> None:
    guide = EnablerGuide(answerer.corpus)
    print("## Summaries\n\n| enabler | lessons | practices | examples | quotes | contacts | passages cited | "
          "documents cited | first ms | again ms |\n|---|---|---|---|---|---|---|---|---|---|")
    for enabler in guide.enablers:
        started = time.perf_counter()
        summary = guide.summarise(enabler.id)
        first = time.perf_counter() - started
        started = time.perf_counter()
        guide.summarise(enabler.id)
        again = time.perf_counter() - started
        snippets = [*summary.practices, *(e.snippet for e in summary.examples)]
        passages = {s.passage_id for s in snippets} | {q.passage_id for q in summary.quotes}
        documents = {s.document.id for s in snippets} | {q.document.id for q in summary.quotes}
        print(f"| {enabler.id} | {summary.lesson_count} | {len(summary.practices)} | {len(summary.examples)} | "
              f"{len(summary.quotes)} | {len(summary.contacts)} | {len(passages)} | {len(documents)} | "
              f"{first * 1000:.0f} | {again * 1000:.0f} |")


if __name__ == "__main__":
    main()
