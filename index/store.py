"""The index database (SQLite through sqlite-utils): documents, passages, people, quotations, links,
FTS5. Every SQL statement the index runs is here or in its lexical half, index/lexical_store.py (the
schema is in index/migrations.py)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlite_utils

from index import acronyms, passage_text, unit_spans
from index.documents import Document
from index.lexical import search_text
from index.lexical_store import LexicalTables
from index.migrations import INDEX_MIGRATIONS, migrate
from index.passage_text import passage_context
from index.spelling import corpus_words
from index.sqlite_uri import read_only_uri
from index.text import shown_path


@dataclass(frozen=True)
class StoredPassage:
    id: int
    document_id: str
    position: int
    section: str
    text: str
    context: str


BUILD_CACHE_KB = 64 * 1024  # SQLite's page cache while a generation is built (its default is 2 MB)


class IndexStore(LexicalTables):
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

    # --- writing --------------------------------------------------------------------------

    def document_rows(self) -> dict[str, dict]:
        return {row["id"]: row for row in self.db["documents"].rows}

    def remove_document(self, document_id: str) -> None:
        chunk_ids = [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE document_id = ?", [document_id])]
        marks = ",".join("?" * len(chunk_ids))
        if chunk_ids:
            for table in ("chunk_enablers", "chunk_people", "quotes", "passage_tokens"):
                self.db.execute(f"DELETE FROM {table} WHERE chunk_id IN ({marks})", chunk_ids)
        # the FTS5 table keeps no text: a deletion gives it the text it indexed, recomputed
        self.db.conn.executemany(
            "INSERT INTO chunks_fts (chunks_fts, rowid, search_text) VALUES ('delete', ?, ?)",
            [(p.id, search_text(f"{p.context}\n{p.text}")) for p in self._passages("WHERE c.document_id = ?", [document_id])],
        )
        self._next_unit = None  # numbered from the largest id left, as before m009
        self.db.execute("DELETE FROM chunks WHERE document_id = ?", [document_id])
        self.db.execute("DELETE FROM people WHERE document_id = ?", [document_id])
        self.db.execute("DELETE FROM documents WHERE id = ?", [document_id])

    def add_document(self, doc: Document, first_seen: str, updated_at: str) -> list[int]:
        """Insert the document and its people; returns the people's ids, in front-matter order."""
        self.db.conn.execute(
            "INSERT INTO documents (id, path, title, publisher, url, published, region, organisations, aliases, "
            "enablers, content_hash, first_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.source or shown_path(doc.path), doc.title, doc.publisher, doc.url, doc.published, doc.region,
             json.dumps(doc.organisations), json.dumps(doc.aliases), json.dumps(doc.enablers), doc.content_hash,
             first_seen, updated_at),
        )
        first = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM people").fetchone()[0]
        ids = list(range(first, first + len(doc.people)))
        self.db.conn.executemany(
            "INSERT INTO people (id, document_id, name, role, organisation, note) VALUES (?, ?, ?, ?, ?, ?)",
            ((i, doc.id, p.name, p.role, p.organisation, p.note) for i, p in zip(ids, doc.people)),
        )
        return ids

    def add_passages(self, document_id: str, rows: list[dict]) -> list[int]:
        """Insert passages (position, section, text, word_count; the text compressed, the context
        line derived when read) and index their search_text (the stemmed text FTS5 indexes,
        `index.lexical.search_text`, not stored); returns their ids. One statement for each (the
        caller holds the build's only connection)."""
        first = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM chunks").fetchone()[0]
        ids = list(range(first, first + len(rows)))
        preset = self._dictionary(r["text"] for r in rows)
        self.db.conn.executemany(
            "INSERT INTO chunks (id, document_id, position, section, packed, word_count) VALUES (?, ?, ?, ?, ?, ?)",
            ((i, document_id, r["position"], r["section"], passage_text.pack(r["text"], preset), r["word_count"])
             for i, r in zip(ids, rows)),
        )
        self.db.conn.executemany(
            "INSERT INTO chunks_fts (rowid, search_text) VALUES (?, ?)", zip(ids, (r["search_text"] for r in rows))
        )
        return ids

    def add_units(self, chunk_ids: list[int], kinds: list[str]) -> list[int]:
        """Record vectors' passages and kinds (the vectors themselves live in the FAISS file) as each
        passage's span of ids (index/unit_spans.py: its own, then its sentences', then its windows');
        returns their ids."""
        if self._next_unit is None:
            self._next_unit = self.db.execute(
                "SELECT coalesce(max(first_unit + sentences + windows), 0) + 1 FROM chunks").fetchone()[0]
        first = self._next_unit
        found = unit_spans.spans(chunk_ids, kinds, first)
        self.db.conn.executemany("UPDATE chunks SET first_unit = ?, sentences = ?, windows = ? WHERE id = ?",
                                 ((f, s, w, chunk) for chunk, f, s, w in found))
        self._next_unit = first + len(chunk_ids)
        return list(range(first, self._next_unit))

    def add_chunk_people(self, rows: Iterable[tuple[int, int, int]]) -> None:
        """Rows of (passage id, person id, distance)."""
        self.db.conn.executemany("INSERT INTO chunk_people (chunk_id, person_id, distance) VALUES (?, ?, ?)", rows)

    def add_quotations(self, rows: Iterable[tuple]) -> None:
        """Rows of (passage id, start, end, span_start, span_end, text, name, role, organisation, block)."""
        self.db.conn.executemany(
            "INSERT INTO quotes (chunk_id, start, end, span_start, span_end, text, name, role, organisation, block) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows,
        )

    def replace_links(self, rows: Iterable[tuple[int, str, str, float]]) -> None:
        """Every passage-enabler link, as rows of (passage id, enabler id, source, score)."""
        self.db.execute("DELETE FROM chunk_enablers")
        self.db.conn.executemany("INSERT INTO chunk_enablers (chunk_id, enabler_id, source, score) VALUES (?, ?, ?, ?)",
                                 rows)

    def set_vocabulary(self, counts: Counter[str] | None = None, capitals: Iterable[str] = ()) -> None:
        """Store the corpus's words (for spelling correction) and the stopwords its passages write
        in capitals ("IT": index/acronyms.py): `counts` of every passage's words and `capitals`,
        else both recounted from every passage."""
        if counts is None:
            passages = self._passages("ORDER BY c.id")
            counts = corpus_words(f"{p.context}\n{p.text}" for p in passages)
            capitals = acronyms.capital_stopwords(p.text for p in passages)
        self.db.execute("DELETE FROM vocabulary")
        self.db.conn.executemany("INSERT INTO vocabulary (word, count) VALUES (?, ?)", counts.items())
        self.set_meta(**{acronyms.META_KEY: " ".join(sorted(capitals))})

    def unit_ids(self) -> np.ndarray:
        """Every vector's id, ascending."""
        return self._units()[0]

    def windows(self) -> np.ndarray:
        """Whether each vector, in id order, is a window of two sentences (kept for re-scoring only at scale)."""
        return self._units()[2] == unit_spans.KINDS.index("window")

    def passage_units(self) -> list[tuple[int, int]]:
        """(passage id, id of its whole-passage vector) of every passage, by passage id (for enabler linking)."""
        return [tuple(r) for r in self.db.execute(
            "SELECT id, first_unit FROM chunks WHERE first_unit IS NOT NULL ORDER BY id")]

    # --- reading --------------------------------------------------------------------------

    def passage_sections(self) -> dict[int, tuple[str, str]]:
        """Every passage's (document id, section), by passage id, without reading its text."""
        return {i: (document, section) for i, document, section in
                self.db.execute("SELECT id, document_id, section FROM chunks")}

    def passages(self) -> list[StoredPassage]:
        return self._passages("ORDER BY c.document_id, c.position")

    def _passages(self, where: str, parameters: Sequence = ()) -> list[StoredPassage]:
        """Passages with their text unpacked and their context line made (`where` filters and orders
        `chunks c`); a generation built before m009 stores both as text."""
        if self._packed is None:  # fixed once the store is open (migrations run in `open`)
            self._packed = "packed" in self._chunk_columns()
        if not self._packed:
            return [StoredPassage(*r) for r in self.db.execute(
                f"SELECT c.id, c.document_id, c.position, c.section, c.text, c.context FROM chunks c {where}", parameters)]
        preset = self._dictionary(())
        return [
            StoredPassage(i, document, position, section, passage_text.unpack(packed, preset),
                          passage_context(title, section))
            for i, document, position, section, packed, title in self.db.execute(
                "SELECT c.id, c.document_id, c.position, c.section, c.packed, d.title FROM chunks c "
                f"JOIN documents d ON d.id = c.document_id {where}", parameters)
        ]

    def _chunk_columns(self) -> set[str]:
        return {r[1] for r in self.db.execute("PRAGMA table_info(chunks)")}

    def _dictionary(self, texts: Iterable[str]) -> bytes:
        """The database's passage text dictionary; the first passages written choose it."""
        if self._preset is None:
            row = self.db.execute("SELECT dictionary FROM passage_dictionary WHERE id = 1").fetchone()
            if row is None and self._read_only:
                return b""  # no passages, nothing to read
            if row is None:
                preset = passage_text.dictionary(texts)
                self.db.execute("INSERT INTO passage_dictionary (id, dictionary) VALUES (1, ?)", [preset])
                row = (preset,)
            self._preset = row[0]
        return self._preset

    def _units(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(unit ids, passage ids, kind codes of unit_spans.KINDS) of every vector, in id order."""
        rows = np.array(self.db.execute(
            "SELECT id, first_unit, sentences, windows FROM chunks WHERE first_unit IS NOT NULL").fetchall(),
            dtype=np.int64).reshape(-1, 4)
        return unit_spans.expand(rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3])

    def passage_tokens(self) -> list[tuple[int, bytes, bytes, bytes]]:
        """(passage id, pieces, codes, scales) of every passage with stored tokens (m010); none
        from a generation built before it."""
        if "passage_tokens" not in self.db.table_names():
            return []
        return self.db.execute("SELECT chunk_id, pieces, codes, scales FROM passage_tokens ORDER BY chunk_id").fetchall()

    def passages_without_tokens(self) -> list[StoredPassage]:
        return self._passages("WHERE c.id NOT IN (SELECT chunk_id FROM passage_tokens)")

    def add_passage_tokens(self, rows: Iterable[tuple[int, bytes, bytes, bytes]]) -> None:
        self.db.conn.executemany("INSERT INTO passage_tokens (chunk_id, pieces, codes, scales) VALUES (?, ?, ?, ?)", rows)

    def clear_passage_tokens(self) -> None:
        self.db.execute("DELETE FROM passage_tokens")

    def passage_count(self) -> int:
        return self.db["chunks"].count

    def people_rows(self) -> list[dict]:
        return list(self.db["people"].rows)

    def passage_people(self) -> list[tuple[int, int, int]]:
        """(passage id, person id, distance), each passage's nearest people first."""
        return [tuple(r) for r in self.db.execute(
            "SELECT chunk_id, person_id, distance FROM chunk_people ORDER BY chunk_id, distance, person_id")]

    def link_rows(self) -> list[dict]:
        """Passage-enabler links, each passage's strongest first."""
        return list(self.db.query("SELECT * FROM chunk_enablers ORDER BY chunk_id, score DESC"))

    def quotation_rows(self) -> list[dict]:
        """Quotations, each passage's in reading order."""
        return list(self.db.query("SELECT * FROM quotes ORDER BY chunk_id, span_start"))

    def unit_kinds(self) -> list[tuple[int, int, str]]:
        """(unit id, passage id, kind) of every vector, in id order."""
        if "units" in self.db.table_names():  # a generation built before m009
            return [tuple(r) for r in self.db.execute("SELECT id, chunk_id, kind FROM units ORDER BY id")]
        ids, passages, kinds = self._units()
        return list(zip(ids.tolist(), passages.tolist(), [unit_spans.KINDS[k] for k in kinds.tolist()]))

    def vocabulary(self) -> Counter[str]:
        return Counter(dict(self.db.execute("SELECT word, count FROM vocabulary")))
