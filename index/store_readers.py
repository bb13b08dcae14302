"""The index database's row readers: passages (their text unpacked, their context line made),
people, quotations, links, vectors' ids and kinds, the vocabulary. A base of `IndexStore`
(index/store.py), which holds the connection."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from index import passage_text, unit_spans
from index.passage_text import passage_context


@dataclass(frozen=True)
class StoredPassage:
    id: int
    document_id: str
    position: int
    section: str
    text: str
    context: str


class StoreReaders:
    """What `IndexStore` sets up for them: the connection and the cached look-ups."""

    db: sqlite_utils.Database
    _read_only: bool
    _preset: bytes | None  # the passage text dictionary (m009), once read
    _packed: bool | None  # whether passage text is stored packed (m009), once looked up

    def document_rows(self) -> dict[str, dict]:
        return {row["id"]: row for row in self.db["documents"].rows}

    def passage_count(self) -> int:
        return self.db["chunks"].count

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

    def _units(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(unit ids, passage ids, kind codes of unit_spans.KINDS) of every vector, in id order."""
        rows = np.array(self.db.execute(
            "SELECT id, first_unit, sentences, windows FROM chunks WHERE first_unit IS NOT NULL").fetchall(),
            dtype=np.int64).reshape(-1, 4)
        return unit_spans.expand(rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3])

    def unit_kinds(self) -> list[tuple[int, int, str]]:
        """(unit id, passage id, kind) of every vector, in id order."""
        if "units" in self.db.table_names():  # a generation built before m009
            return [tuple(r) for r in self.db.execute("SELECT id, chunk_id, kind FROM units ORDER BY id")]
        ids, passages, kinds = self._units()
        return list(zip(ids.tolist(), passages.tolist(), [unit_spans.KINDS[k] for k in kinds.tolist()]))

    def passage_tokens(self) -> list[tuple[int, bytes, bytes, bytes]]:
        """(passage id, pieces, codes, scales) of every passage with stored tokens (m010); none
        from a generation built before it."""
        if "passage_tokens" not in self.db.table_names():
            return []
        return self.db.execute("SELECT chunk_id, pieces, codes, scales FROM passage_tokens ORDER BY chunk_id").fetchall()

    def passages_without_tokens(self) -> list[StoredPassage]:
        return self._passages("WHERE c.id NOT IN (SELECT chunk_id FROM passage_tokens)")

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

    def vocabulary(self) -> Counter[str]:
        return Counter(dict(self.db.execute("SELECT word, count FROM vocabulary")))
