"""Each stem's passage count is stored by the build (migration m007), so a large corpus's lexical
search looks its question's stems up by key instead of having fts5vocab read their postings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from old_index import database_at

from index import build_index, generations
from index.store import IndexStore


def _db_path(index_dir: Path) -> Path:
    return generations.current_generation(index_dir) / generations.DB_FILE


def _stored_and_counted(path: Path) -> tuple[list, list]:
    db = sqlite3.connect(path)
    try:
        stored = db.execute("SELECT stem, passages FROM stem_counts ORDER BY stem").fetchall()
        counted = db.execute("SELECT term, doc FROM chunks_fts_terms ORDER BY term").fetchall()
    finally:
        db.close()
    return stored, counted


def test_a_build_stores_every_stems_count_and_keeps_it_current(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    stored, counted = _stored_and_counted(_db_path(tmp_path / "index"))
    assert stored == counted and ("trust", dict(counted)["trust"]) in stored and dict(counted)["trust"] > 1
    (corpus_dir / "zebra.md").write_text("# Zebra huddles\n\nA wellbeing lesson about zebra huddles for porters.\n")
    (corpus_dir / "nelft-operating-model-case-study.md").unlink()
    build_index(corpus_dir, tmp_path / "index", embedder)
    stored, counted = _stored_and_counted(_db_path(tmp_path / "index"))
    assert stored == counted and dict(stored)["zebra"] == 1


def test_a_database_from_before_m007_is_migrated_with_its_counts(tmp_path):
    path = tmp_path / "index.db"
    db = database_at(path, 6)  # m001 ... m006
    db.close()
    store = IndexStore.open(path)  # applies m007 (and what follows it)
    try:
        assert dict(store.db.execute("SELECT stem, passages FROM stem_counts")) == {"board": 2, "rota": 1, "huddle": 1}
    finally:
        store.close()
