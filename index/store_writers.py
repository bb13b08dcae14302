"""The index database's row writers: documents and their people, passages (packed, and indexed
by FTS5), vectors' spans, people and quotations of passages, enabler links, the vocabulary and
passage tokens; and a document's rows removed. A base of `IndexStore` (index/store.py), which holds
the connection."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable

import sqlite_utils

from index import acronyms, passage_text, unit_spans
from index.documents import Document
from index.lexical import search_text
from index.spelling import corpus_words
from index.store_readers import StoredPassage
from index.text import shown_path


class StoreWriters:
    """What `IndexStore` sets up for them: the connection, the next vector id, and the readers and
    meta they use."""

    db: sqlite_utils.Database
    _next_unit: int | None  # the next vector id, while no document is removed
    set_meta: Callable[..., None]
    _passages: Callable[..., list[StoredPassage]]
    _dictionary: Callable[[Iterable[str]], bytes]

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

    def add_passage_tokens(self, rows: Iterable[tuple[int, bytes, bytes, bytes]]) -> None:
        self.db.conn.executemany("INSERT INTO passage_tokens (chunk_id, pieces, codes, scales) VALUES (?, ?, ?, ?)", rows)

    def clear_passage_tokens(self) -> None:
        self.db.execute("DELETE FROM passage_tokens")
