"""The compact index (migration m009, issue 14's disk): passage text compressed against a corpus
dictionary, the context line derived, each passage's vectors a span of ids, and IVF files without
a stored id map. Text round-trips exactly; an index in the layout before m009 still answers, read
as it is and migrated by the next build, with the same answers; damage is one clear line."""

from __future__ import annotations

import random
import re
import sqlite3
import zlib
from pathlib import Path

import numpy as np
import pytest
import sqlite_utils

from bot.cli import main
from index import build_index, generations, integrity, open_index
from index.passage_text import PassageTextDamaged, dictionary, pack, unpack
from index.store import IndexStore
from index.unit_spans import expand, spans
from index.vectors import APPROXIMATE, VectorIndex, VectorsUnreadable

TEXTS = [
    "",
    "Ærø’s café — “quoted” naïve façade; 東京, Ελλάδα, emoji 🏥🩺, a zero-width\u200bjoiner, and a tab\tand\nnewline.",
    "A trust board agreed a shared rota. " * 30_000,  # about a megabyte
    "\U0010ffff edge of Unicode and a lone combining accent \u0301",
]


def test_passage_text_round_trips_exactly_with_and_without_a_dictionary():
    preset = dictionary(TEXTS)
    assert len(preset) <= 32 * 1024 and dictionary(TEXTS) == preset
    for text in TEXTS:
        assert unpack(pack(text, preset), preset) == text
        assert unpack(pack(text, b""), b"") == text
    assert len(pack(TEXTS[2], preset)) < len(TEXTS[2]) / 50


def test_packing_gives_the_bytes_a_new_compressor_gives_whatever_was_packed_before():
    preset = dictionary(TEXTS)
    for dictionary_bytes in (preset, b"", dictionary(["another corpus's dictionary"])):
        for text in [*TEXTS, *reversed(TEXTS)]:  # each compressor copied from one primed once, never reused
            fresh = zlib.compressobj(9, zdict=dictionary_bytes) if dictionary_bytes else zlib.compressobj(9)
            assert pack(text, dictionary_bytes) == fresh.compress(text.encode("utf-8")) + fresh.flush()


@pytest.mark.parametrize("damage", [b"", b"not zlib at all", "cut"])
def test_damaged_passage_bytes_are_an_error_naming_the_passage_text_not_a_zlib_traceback(damage):
    preset = dictionary(TEXTS)
    packed = pack(TEXTS[1], preset)
    with pytest.raises(PassageTextDamaged, match="passage"):
        unpack(packed[: len(packed) // 2] if damage == "cut" else damage, preset)
    with pytest.raises(PassageTextDamaged):
        unpack(packed, b"another dictionary")


def test_the_store_gives_back_every_passage_exactly(tmp_path):
    store = IndexStore.open(tmp_path / "index.db")
    try:
        store.db.execute("INSERT INTO documents (id, title) VALUES ('d', 'A title — with a dash')")
        rows = [{"position": i, "section": "" if i % 2 else "Section ✓", "text": t, "word_count": 1, "search_text": "x"}
                for i, t in enumerate(TEXTS)]
        ids = store.add_passages("d", rows)
        found = {p.id: p for p in store.passages()}
        assert [found[i].text for i in ids] == TEXTS
        assert [found[i].context for i in ids] == ["A title — with a dash — Section ✓", "A title — with a dash"] * 2
    finally:
        store.close()


def test_vector_spans_expand_to_the_rows_they_replace():
    chunk_ids = [5, 5, 5, 5, 9, 3, 3]
    kinds = ["passage", "sentence", "sentence", "window", "passage", "passage", "sentence"]
    found = spans(chunk_ids, kinds, 11)
    assert found == [(5, 11, 2, 1), (9, 15, 0, 0), (3, 16, 1, 0)]
    arrays = [np.array(column, dtype=np.int64) for column in zip(*found)]
    ids, passages, codes = expand(*arrays)
    assert ids.tolist() == list(range(11, 18)) and passages.tolist() == chunk_ids
    assert [("passage", "sentence", "window")[c] for c in codes] == kinds
    with pytest.raises(ValueError, match="order"):
        spans([1, 1, 1], ["passage", "window", "sentence"], 1)
    with pytest.raises(ValueError, match="start"):
        spans([1], ["sentence"], 1)


def _as_before_m009(folder: Path) -> None:
    """Rewrite a generation's database in the layout builds wrote before m009 (text and context
    stored, a `units` row a vector), then its checksums, as an older peerbot left it."""
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    passages, units = store.passages(), store.unit_kinds()
    store.close()
    db = sqlite3.connect(folder / generations.DB_FILE)
    with db:
        db.execute("ALTER TABLE chunks ADD COLUMN text TEXT")
        db.execute("ALTER TABLE chunks ADD COLUMN context TEXT")
        db.executemany("UPDATE chunks SET text = ?, context = ? WHERE id = ?", [(p.text, p.context, p.id) for p in passages])
        db.execute('CREATE TABLE units ("id" INTEGER PRIMARY KEY, "chunk_id" INTEGER REFERENCES "chunks"("id"), "kind" TEXT)')
        db.execute('CREATE INDEX "idx_units_chunk_id" ON "units" ("chunk_id")')
        db.executemany("INSERT INTO units (id, chunk_id, kind) VALUES (?, ?, ?)", units)
        for column in ("packed", "first_unit", "sentences", "windows"):
            db.execute(f"ALTER TABLE chunks DROP COLUMN {column}")
        db.execute("DROP TABLE passage_dictionary")
        db.execute("DELETE FROM _migrations WHERE name = 'm009_compact_passages'")
    db.execute("VACUUM")
    db.close()
    integrity.write_manifest(folder, len(units))


QUESTIONS = ["How did the trusts share a rota?", "committee in common", "digital maturity", "zebrafish"]


def _answers(index_dir: Path, embedder) -> list[list[tuple[str, int, float]]]:
    served = open_index(index_dir, embedder)
    try:
        return [[(h.passage.document_id, h.passage.position, round(h.score, 6)) for h in served.search(q, 10)]
                for q in QUESTIONS]
    finally:
        served.close()


def test_an_index_in_the_layout_before_m009_answers_the_same_then_is_migrated(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    folder = generations.current_generation(index_dir)
    expected = _answers(index_dir, embedder)
    _as_before_m009(folder)
    db = sqlite3.connect(folder / generations.DB_FILE)
    assert db.execute("SELECT count(*) FROM units").fetchone()[0] > 0  # the old layout, really
    db.close()
    assert _answers(index_dir, embedder) == expected  # read as it is, read only

    # an update copies the old generation and migrates the copy: it serves what the same update of
    # an index built in the new layout serves
    build_index(corpus_dir, tmp_path / "new", embedder)
    (corpus_dir / "staff-bank.md").write_text("# Staff bank\n\nWe pooled porters across three trusts.\n")
    build_index(corpus_dir, index_dir, embedder)
    build_index(corpus_dir, tmp_path / "new", embedder)
    migrated = generations.current_generation(index_dir)
    db = sqlite3.connect(migrated / generations.DB_FILE)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert migrated != folder and "units" not in tables and "passage_dictionary" in tables
    assert _answers(index_dir, embedder) == _answers(tmp_path / "new", embedder)


def test_migrating_a_database_keeps_text_context_and_vector_spans(tmp_path):
    path = tmp_path / "index.db"
    db = sqlite_utils.Database(path)
    from index.migrations import INDEX_MIGRATIONS, migrate

    migrate(db, [m for m in INDEX_MIGRATIONS if m.__name__ < "m009"])
    db["documents"].insert({"id": "d", "title": "T"})
    for i, text in enumerate(TEXTS):
        db["chunks"].insert({"id": i + 1, "document_id": "d", "position": i, "section": "S", "text": text,
                             "context": "T — S", "word_count": 1})
    kinds = [(1, "passage"), (1, "sentence"), (1, "window"), (2, "passage"), (3, "passage"), (3, "sentence"),
             (4, "passage")]
    db.conn.executemany("INSERT INTO units (id, chunk_id, kind) VALUES (?, ?, ?)",
                        [(i + 20, c, k) for i, (c, k) in enumerate(kinds)])
    db.conn.commit()
    db.close()
    store = IndexStore.open(path)  # applies m009
    try:
        assert [p.text for p in store.passages()] == TEXTS and {p.context for p in store.passages()} == {"T — S"}
        assert store.unit_kinds() == [(i + 20, c, k) for i, (c, k) in enumerate(kinds)]
        assert store.add_units([5, 5], ["passage", "sentence"]) == [27, 28]  # numbered on from the largest
    finally:
        store.close()


def test_an_ivf_file_holds_each_id_once_and_reloads_its_map(tmp_path):
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(3_000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = np.arange(7, 3_007) * 3  # neither from 0 nor consecutive, as after updates
    built = VectorIndex.build(ids, vectors, 32, exact_max=1_000)
    built.save(tmp_path / "vectors.faiss")
    loaded = VectorIndex.load(tmp_path / "vectors.faiss")
    assert loaded.kind == APPROXIMATE and loaded.size == len(ids)
    picked = ids[[0, 5, 2_999, 1_234]]
    assert np.abs(loaded.vectors(picked) - built.vectors(picked)).max() == 0
    assert np.abs(loaded.vectors(picked) - vectors[[0, 5, 2_999, 1_234]]).max() < 0.05
    per_vector = (tmp_path / "vectors.faiss").stat().st_size / len(ids)
    assert per_vector < 32 + 8 + 4  # the 8-bit code and the id, with a little for the lists' centres


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_a_truncated_ivf_file_cannot_be_loaded_and_says_so(tmp_path, cut):
    vectors = np.random.default_rng(4).normal(size=(1_500, 16)).astype(np.float32)
    VectorIndex.build(np.arange(1_500), vectors, 16, exact_max=100).save(tmp_path / "vectors.faiss")
    data = (tmp_path / "vectors.faiss").read_bytes()
    (tmp_path / "vectors.faiss").write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(VectorsUnreadable, match="cannot be read"):
        VectorIndex.load(tmp_path / "vectors.faiss")


def test_a_damaged_stored_passage_is_one_clear_line(corpus_dir, tmp_path, monkeypatch, capsys):
    """Bytes changed inside a passage (checksums rewritten, so only the text itself is wrong)."""
    for name, value in {"PEERBOT_DATA_DIR": tmp_path / "data", "PEERBOT_KNOWLEDGE_DIR": corpus_dir,
                        "PEERBOT_MODEL": "hashing"}.items():
        monkeypatch.setenv(name, str(value))
    assert main(["index"]) == 0
    folder = generations.current_generation(tmp_path / "data" / "index")
    db = sqlite3.connect(folder / generations.DB_FILE)
    with db:
        db.execute("UPDATE chunks SET packed = substr(packed, 1, 5) || x'00ff00ff' WHERE id = 3")
    db.close()
    integrity.write_manifest(folder, VectorIndex.load(folder / generations.VECTORS_FILE).size)
    capsys.readouterr()
    code = main(["ask", "committee in common"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code != 0 and len(lines) == 1 and "passage" in lines[0] and "peerbot index --rebuild" in lines[0]


def test_vector_spans_in_array_steps_are_the_spans_read_one_by_one():
    from index.unit_spans import _read_one_by_one

    rng = random.Random(24)
    kinds_seen = ["passage", "sentence", "window", "other"]
    for _ in range(5000):
        size = rng.randint(0, 12)
        chunk_ids = [rng.choice([1, 2, 3]) for _ in range(size)]
        kinds = [rng.choice(kinds_seen[:3] * 5 + kinds_seen) for _ in range(size)]
        if rng.random() < 0.7:  # mostly well ordered: each passage's vectors together, in order
            chunk_ids, kinds = [], []
            for chunk in rng.sample(range(100), rng.randint(0, 6)):
                sentences = rng.randint(0, 4)
                chunk_ids += [chunk] * (1 + sentences + max(sentences - 1, 0))
                kinds += ["passage"] + ["sentence"] * sentences + ["window"] * max(sentences - 1, 0)
        try:
            expected = _read_one_by_one(chunk_ids, kinds, 7)
        except ValueError as e:
            with pytest.raises(ValueError, match=re.escape(str(e))):
                spans(chunk_ids, kinds, 7)
            continue
        assert spans(chunk_ids, kinds, 7) == expected, (chunk_ids, kinds)
