"""A tiny index database left at an older migration, to test what opening it does."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from index.migrations import INDEX_MIGRATIONS, migrate


def database_at(path: Path, migrations: int) -> sqlite_utils.Database:
    """An index database with only the first `migrations` applied, holding one document and two
    passages ("board rota", "board huddle") in its lexical index; committed, left open."""
    db = sqlite_utils.Database(path)
    migrate(db, INDEX_MIGRATIONS[:migrations])
    db["documents"].insert({"id": "d", "path": "d.md", "title": "T", "publisher": "", "url": "", "published": "",
                            "region": "", "organisations": "[]", "aliases": "[]", "enablers": "[]",
                            "content_hash": "h", "first_seen": "", "updated_at": ""})
    for i, text in enumerate(["board rota", "board huddle"]):
        db["chunks"].insert({"id": i + 1, "document_id": "d", "position": i, "section": "", "text": text,
                             "context": "", "word_count": 2})
        db.execute("INSERT INTO chunks_fts (rowid, search_text) VALUES (?, ?)", [i + 1, text])
    db.conn.commit()
    return db
