"""Numbered schema migrations for peerbot's SQLite databases.

Each database has an ordered list of migration functions; `migrate` applies those it has not
seen yet and records them in `_migrations`. Never edit a released migration: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def migrate(db: sqlite_utils.Database, migrations: list[Migration]) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
    for migration in migrations:
        if migration.__name__ in done:
            continue
        with db.conn:
            migration(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                [migration.__name__, datetime.now(UTC).isoformat(timespec="seconds")],
            )


# --- the index database (rebuilt into a new generation on every `peerbot index`) ---------


def m001_index_tables(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("documents").create(
        {
            "id": str, "path": str, "title": str, "publisher": str, "url": str, "published": str,
            "region": str, "organisations": str, "aliases": str, "enablers": str,
            "content_hash": str, "first_seen": str, "updated_at": str,
        },
        pk="id",
    )
    db.table("chunks").create(
        {
            "id": int, "document_id": str, "position": int, "section": str, "text": str,
            "context": str, "word_count": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("chunks").create_index(["document_id", "position"], unique=True)
    db.table("chunks").enable_fts(["context", "text"], tokenize="porter", create_triggers=True)
    db.table("units").create(
        {"id": int, "chunk_id": int, "kind": str, "vector": bytes},
        pk="id",
        foreign_keys=[("chunk_id", "chunks", "id")],
    )
    db.table("units").create_index(["chunk_id"])
    db.table("people").create(
        {"id": int, "document_id": str, "name": str, "role": str, "organisation": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("people").create_index(["document_id"])
    db.table("chunk_people").create(
        {"chunk_id": int, "person_id": int, "distance": int},
        pk=("chunk_id", "person_id"),
    )
    db.table("chunk_enablers").create(
        {"chunk_id": int, "enabler_id": str, "source": str, "score": float},
        pk=("chunk_id", "enabler_id"),
    )
    db.table("chunk_enablers").create_index(["enabler_id"])


def m002_quotations_and_person_notes(db: sqlite_utils.Database) -> None:
    """Quotations found at index time (index/quotes.py), and the front matter's `note` on a person."""
    db.table("quotes").create(
        {
            "id": int, "chunk_id": int, "start": int, "end": int, "span_start": int, "span_end": int,
            "text": str, "name": str, "role": str, "organisation": str, "block": int,
        },
        pk="id",
        foreign_keys=[("chunk_id", "chunks", "id")],
    )
    db.table("quotes").create_index(["chunk_id"])
    db.table("people").add_column("note", str, not_null_default="")


def m003_lexical_search(db: sqlite_utils.Database) -> None:
    """FTS5 over light-stemmed passage text (index/lexical.py), and the corpus vocabulary."""
    db.table("chunks").disable_fts()
    db.table("chunks").add_column("search_text", str, not_null_default="")
    db.table("chunks").enable_fts(["search_text"], tokenize="unicode61", create_triggers=True)
    db.table("vocabulary").create({"word": str, "count": int}, pk="word")


def m004_vectors_in_faiss_only(db: sqlite_utils.Database) -> None:
    """Each vector is stored once, in the generation's FAISS file: the units table keeps its id,
    passage and kind (a copied older database's vectors are read back from its FAISS file)."""
    db.execute("ALTER TABLE units DROP COLUMN vector")


def m005_term_counts(db: sqlite_utils.Database) -> None:
    """How many passages use each stem (FTS5's own counts, read through fts5vocab), so a large
    corpus's lexical search can leave out stems nearly every passage uses."""
    db.execute("CREATE VIRTUAL TABLE chunks_fts_terms USING fts5vocab(chunks_fts, 'row')")


def m006_contentless_lexical_index(db: sqlite_utils.Database) -> None:
    """The stemmed search text is no longer stored beside each passage: FTS5 keeps only its index
    (a contentless table, written and deleted by index/store_writers.py, no triggers), and the text is
    recomputed from the passage when it is deleted. Passages already there are indexed again."""
    from index.lexical import search_text

    for trigger in ("chunks_ai", "chunks_ad", "chunks_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS chunks_fts_terms")
    db.execute("DROP TABLE IF EXISTS chunks_fts")
    db.execute("ALTER TABLE chunks DROP COLUMN search_text")
    db.execute("CREATE VIRTUAL TABLE chunks_fts USING fts5(search_text, tokenize='unicode61', content='')")
    db.conn.executemany(
        "INSERT INTO chunks_fts (rowid, search_text) VALUES (?, ?)",
        ((i, search_text(f"{context}\n{text}")) for i, context, text in db.execute("SELECT id, context, text FROM chunks")),
    )
    db.execute("CREATE VIRTUAL TABLE chunks_fts_terms USING fts5vocab(chunks_fts, 'row')")


def m007_stored_stem_counts(db: sqlite_utils.Database) -> None:
    """Each stem's passage count, stored by the build (fts5vocab counts a stem by reading its every
    posting: 13 ms CPU a question at 100k passages, on the answer path); filled from FTS5 here."""
    db.execute("CREATE TABLE stem_counts (stem TEXT PRIMARY KEY, passages INTEGER NOT NULL) WITHOUT ROWID")
    db.execute("INSERT INTO stem_counts (stem, passages) SELECT term, doc FROM chunks_fts_terms")


def m008_stem_impacts(db: sqlite_utils.Database) -> None:
    """Impact-ordered lists of a large corpus's common stems (index/impacts.py), so that its lexical
    search reads a bounded number of postings a question; written by the build (until then, or
    without them, lexical search is FTS5's exact query)."""
    db.execute("CREATE TABLE stem_impacts (stem TEXT PRIMARY KEY, passages BLOB NOT NULL, scores BLOB NOT NULL) WITHOUT ROWID")


def m009_compact_passages(db: sqlite_utils.Database) -> None:
    """Passage text stored compressed against a dictionary of the corpus's own text
    (index/passage_text.py, table `passage_dictionary`); the context line (title and section)
    derived when read rather than stored; each passage's vectors as a span of ids (`first_unit`,
    `sentences`, `windows`; index/unit_spans.py) instead of a `units` row a vector. Needs only
    m001-m007 (not m008)."""
    from index import passage_text, unit_spans

    db.execute("CREATE TABLE passage_dictionary (id INTEGER PRIMARY KEY CHECK (id = 1), dictionary BLOB NOT NULL)")
    for column, kind in (("packed", "BLOB"), ("first_unit", "INTEGER"), ("sentences", "INTEGER"), ("windows", "INTEGER")):
        db.execute(f"ALTER TABLE chunks ADD COLUMN {column} {kind}")
    texts = db.execute("SELECT id, text FROM chunks ORDER BY id").fetchall()
    if texts:
        preset = passage_text.dictionary(text for _, text in texts)
        db.execute("INSERT INTO passage_dictionary (id, dictionary) VALUES (1, ?)", [preset])
        db.conn.executemany("UPDATE chunks SET packed = ? WHERE id = ?",
                            ((passage_text.pack(text, preset), i) for i, text in texts))
    runs: dict[int, list[tuple[int, str]]] = {}
    for unit, chunk, kind in db.execute("SELECT id, chunk_id, kind FROM units ORDER BY id"):
        runs.setdefault(chunk, []).append((unit, kind))
    found = []
    for chunk, units in runs.items():
        if units[-1][0] - units[0][0] != len(units) - 1:
            raise ValueError(f"passage {chunk}'s vectors are not numbered consecutively")
        found += unit_spans.spans([chunk] * len(units), [k for _, k in units], units[0][0])
    db.conn.executemany("UPDATE chunks SET first_unit = ?, sentences = ?, windows = ? WHERE id = ?",
                        ((first, s, w, chunk) for chunk, first, s, w in found))
    db.execute("DROP TABLE units")
    db.execute("ALTER TABLE chunks DROP COLUMN text")
    db.execute("ALTER TABLE chunks DROP COLUMN context")


def m010_passage_tokens(db: sqlite_utils.Database) -> None:
    """Each passage's tokens for late interaction (index/late_interaction.py), written by the build
    below `late_interaction.MAX_PASSAGES` passages: its word pieces (int32, for their passage
    counts), its content tokens' vectors (int8) and their scales (float32). Without rows, ranking
    goes without it."""
    db.execute("CREATE TABLE passage_tokens (chunk_id INTEGER PRIMARY KEY, pieces BLOB NOT NULL, codes BLOB NOT NULL, "
               "scales BLOB NOT NULL)")


INDEX_MIGRATIONS: list[Migration] = [
    m001_index_tables, m002_quotations_and_person_notes, m003_lexical_search, m004_vectors_in_faiss_only,
    m005_term_counts, m006_contentless_lexical_index, m007_stored_stem_counts, m008_stem_impacts,
    m009_compact_passages, m010_passage_tokens,
]
