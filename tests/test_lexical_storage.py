"""The lexical index keeps no copy of the passages' stemmed text (migration m006): FTS5 holds only
its index, a removed or updated document leaves it exactly as a fresh build would, and a database
made before m006 is migrated with every passage searchable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from index import build_index, generations
from index.migrations import INDEX_MIGRATIONS, migrate
from index.store import IndexStore

MATCH = "SELECT rowid, round(bm25(chunks_fts), 6) FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rowid"


def _db(index_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(generations.current_generation(index_dir) / generations.DB_FILE)


def _lexical(db: sqlite3.Connection) -> dict:
    """What lexical search sees: each stem's passage counts, and the BM25 scores of a few queries
    (by the passages' text, as rowids differ between an updated and a fresh build)."""
    text = {p.id: p.context + p.text for p in IndexStore(sqlite_utils.Database(db), read_only=True).passages()}
    scores = {q: sorted((text[r], s) for r, s in db.execute(MATCH, [q])) for q in ("trust OR board", "zebra", "wellbe")}
    return {"terms": db.execute("SELECT term, doc, cnt FROM chunks_fts_terms ORDER BY term").fetchall(), **scores}


def test_the_stemmed_text_is_indexed_not_stored(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    db = _db(tmp_path / "index")
    assert "search_text" not in {r[1] for r in db.execute("PRAGMA table_info(chunks)")}
    assert "chunks_fts_content" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'trust'").fetchone()[0] > 0


def test_an_updated_and_a_removed_document_leave_the_lexical_index_as_a_fresh_build_does(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "updated", embedder)
    (corpus_dir / "zebra.md").write_text("# Zebra huddles\n\nA wellbeing lesson about zebra huddles for porters.\n")
    build_index(corpus_dir, tmp_path / "updated", embedder)
    (corpus_dir / "nelft-operating-model-case-study.md").unlink()
    lesson = corpus_dir / "west-yorkshire-mhlda-collaborative.md"
    lesson.write_text(lesson.read_text().replace("trust", "zebra"))
    report = build_index(corpus_dir, tmp_path / "updated", embedder)
    assert report.removed == ["nelft-operating-model-case-study"] and report.updated == ["west-yorkshire-mhlda-collaborative"]
    build_index(corpus_dir, tmp_path / "fresh", embedder)
    updated, fresh = _lexical(_db(tmp_path / "updated")), _lexical(_db(tmp_path / "fresh"))
    assert fresh["zebra"] and fresh["trust OR board"]
    assert updated == fresh


def test_a_database_from_before_m006_is_migrated_with_its_passages_searchable(tmp_path):
    path = tmp_path / "index.db"
    db = sqlite_utils.Database(path)
    migrate(db, INDEX_MIGRATIONS[:5])  # m001 ... m005: the stemmed text stored, FTS5 reading it through triggers
    db["documents"].insert({"id": "d", "path": "d.md", "title": "T", "publisher": "", "url": "", "published": "",
                            "region": "", "organisations": "[]", "aliases": "[]", "enablers": "[]",
                            "content_hash": "h", "first_seen": "", "updated_at": ""})
    db["chunks"].insert({"id": 7, "document_id": "d", "position": 0, "section": "", "text": "Boards shared rotas",
                         "context": "T", "word_count": 3, "search_text": "t board shar rota"})
    db.close()
    store = IndexStore.open(path)  # applies m006
    try:
        assert store.lexical_search("shared boards", 5) and store.lexical_search("shared boards", 5)[0][0] == 7
        assert store.db.execute("SELECT doc FROM chunks_fts_terms WHERE term = 'rota'").fetchone() == (1,)
        store.remove_document("d")
        assert store.db.execute("SELECT count(*) FROM chunks_fts_terms").fetchone() == (0,)
    finally:
        store.close()
