"""The index database (SQLite through sqlite-utils): opened (its migrations applied), copied,
checked and committed, and its meta. Every SQL statement the index runs is here, in its row readers
(index/store_readers.py) and writers (index/store_writers.py), or in its lexical half
(index/lexical_store.py); the schema is in index/migrations.py."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from index.lexical_store import LexicalTables
from index.migrations import INDEX_MIGRATIONS, migrate
from index.sqlite_uri import read_only_uri
from index.store_readers import StoreReaders
from index.store_writers import StoreWriters

BUILD_CACHE_KB = 64 * 1024  # SQLite's page cache while a generation is built (its default is 2 MB)


class IndexStore(StoreWriters, StoreReaders, LexicalTables):
    def __init__(self, db: sqlite_utils.Database, *, read_only: bool = False):
        self.db = db
        self._read_only = read_only
        self._has_impacts: bool | None = None  # whether the build stored impact lists (m008), once looked up
        self._preset: bytes | None = None  # the passage text dictionary (m009), once read
        self._next_unit: int | None = None  # the next vector id, while no document is removed
        self._packed: bool | None = None  # whether passage text is stored packed (m009), once looked up
        self._totals: tuple[int, int] | None = None  # the corpus's passage and token totals (m008), once read

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> IndexStore:
        if read_only:
            conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
            return cls(sqlite_utils.Database(conn), read_only=True)
        store = cls(sqlite_utils.Database(path))
        migrate(store.db, INDEX_MIGRATIONS)
        return store

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (BEGIN ... COMMIT, rolled back on an error) around the block's writes."""
        with self.db.atomic():
            yield

    def compact(self) -> None:
        """VACUUM: pack again the pages a build's later updates of its rows left part-filled (at 100k
        passages 102.9 -> 97.7 MB, 1.1 CPU s; BENCHMARKS.md, "Window vectors for re-scoring only")."""
        self.db.execute("VACUUM")

    def write_unsynced(self) -> None:
        """Commit without waiting for the disk, the rollback journal in memory and a larger page
        cache: for a generation being built, which is flushed before it is served (a crash leaves
        an unserved folder, removed by the next build)."""
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA journal_mode = MEMORY")
        self.db.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KB}")

    @staticmethod
    def copy(source: Path, target: Path) -> None:
        """Copy the database at `source` (read only) into a new one at `target`."""
        read = sqlite3.connect(read_only_uri(source), uri=True)
        write = sqlite3.connect(target)
        try:
            with write:
                read.backup(write)
        finally:
            read.close()
            write.close()

    @staticmethod
    def structure(path: Path) -> tuple[str, set[str], int]:
        """SQLite's integrity_check verdict (its indexes read against their tables too), the tables
        and the number of vectors of the database at `path`, read only (sqlite3.Error when it is not a
        database)."""
        db = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            verdict = db.execute("PRAGMA integrity_check(1)").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            units = IndexStore._unit_count(db, tables)
        finally:
            db.close()
        return verdict, tables, units

    @staticmethod
    def unit_count(path: Path) -> tuple[int, int | None]:
        """(the number of vectors the database at `path` stores units for, their dimension as its
        meta records it, if it does), read only; sqlite3.Error when it is not a database."""
        db = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            units = IndexStore._unit_count(db, {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")})
            row = db.execute("SELECT value FROM meta WHERE key = 'dimension'").fetchone()
        finally:
            db.close()
        return units, int(row[0]) if row and str(row[0]).isdigit() else None

    @staticmethod
    def _unit_count(db: sqlite3.Connection, tables: set[str]) -> int:
        if "units" in tables:  # before m009
            return db.execute("SELECT count(*) FROM units").fetchone()[0]
        return db.execute("SELECT coalesce(sum(1 + sentences + windows), 0) FROM chunks").fetchone()[0]

    # --- meta -----------------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.db["meta"].rows}

    def set_meta(self, **values: str) -> None:
        self.db.table("meta").upsert_all(({"key": k, "value": str(v)} for k, v in values.items()), pk="key")
