"""A build's last step but one: every passage in the store linked to the enablers it speaks to
(index.linking), by its whole-passage vector."""

from __future__ import annotations

import json

import numpy as np

from index.embedder import Embedder
from index.linking import EnablerNames, enabler_centroids, link_passages
from index.store import IndexStore


def link_enablers(
    store: IndexStore, enablers: list, embedder: Embedder, ids: np.ndarray, unit_vectors: np.ndarray,
    named: dict[int, frozenset[str]],
) -> None:
    """Link every passage to the enablers it speaks to, by its whole-passage vector (`unit_vectors`
    of `ids`, ascending); `named`: the enablers passages (by id) name, where already found."""
    found = store.passage_units()
    chunk_ids = [chunk_id for chunk_id, _ in found]
    vectors = unit_vectors[np.searchsorted(ids, np.array([unit for _, unit in found], dtype=np.int64))]
    if not enablers or not chunk_ids:
        store.replace_links([])
        return
    enabler_vectors = enabler_centroids(enablers, embedder)
    by_id = store.passage_sections()
    # the text only of passages kept from before, whose enabler names were not found now
    texts = {p.id: p.text for p in store.passages()} if any(c not in named for c in chunk_ids) else {}
    tags = {doc_id: set(json.loads(row["enablers"])) for doc_id, row in store.document_rows().items()}
    names = EnablerNames(enablers)
    positions: dict[str, list[int]] = {doc_id: [] for doc_id in tags}
    for i, chunk_id in enumerate(chunk_ids):
        positions[by_id[chunk_id][0]].append(i)
    rows: list[tuple[int, str, str, float]] = []
    for doc_id, indexes in positions.items():
        chosen = [chunk_ids[i] for i in indexes]
        links = link_passages(
            [by_id[c][1] for c in chosen],
            [texts.get(c, "") for c in chosen],
            vectors[indexes] if indexes else np.zeros((0, embedder.dimension), np.float32),
            tags[doc_id], enablers, enabler_vectors,
            named=[named[c] if c in named else names(texts[c]) for c in chosen],
        )
        rows.extend((chunk_ids[indexes[link.position]], link.enabler_id, link.source, link.score) for link in links)
    store.replace_links(rows)
