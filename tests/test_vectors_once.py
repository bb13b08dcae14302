"""Each vector is stored once, in the generation's FAISS file: the index database records only each
vector's passage and kind, and an update reads the unchanged documents' vectors back from the
previous generation's FAISS file, so it serves exactly what a build from nothing serves."""

from __future__ import annotations

import sqlite3

from index import build_index, generations, open_index
from index.store import IndexStore
from index.unit_vectors import SCRATCH
from index.vectors import VectorIndex

QUESTIONS = ["committee in common", "shared staffing across trusts", "zebrafish governance", "clinical leadership"]


def _served(index_dir, embedder):
    served = open_index(index_dir, embedder)
    try:
        found = {q: [(h.passage.document_id, h.passage.position, round(h.score, 4), round(h.dense, 4))
                     for h in served.search(q, 10)] for q in QUESTIONS}
        links = {(served.passages[pid].document_id, served.passages[pid].position): sorted(
            (link.enabler_id, round(link.score, 4)) for link in found_links)
            for pid, found_links in served.passage_enablers.items()}
        return found, links
    finally:
        served.close()


def test_vectors_live_only_in_the_faiss_file(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    folder = generations.current_generation(tmp_path / "index")
    db = sqlite3.connect(folder / generations.DB_FILE)
    try:
        assert not db.execute("SELECT name FROM sqlite_master WHERE name = 'units'").fetchall()  # spans (m009)
        units = db.execute("SELECT sum(1 + sentences + windows) FROM chunks").fetchone()[0]
    finally:
        db.close()
    assert VectorIndex.load(folder / generations.VECTORS_FILE).size == units > 0
    assert not (folder / SCRATCH).exists()


def test_an_update_serves_what_a_build_from_nothing_serves(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "updated", embedder)
    path = corpus_dir / "nelft-operating-model-case-study.md"
    path.write_text(path.read_text() + "\nA brand new closing paragraph about zebrafish governance.\n")
    (corpus_dir / "shared-purpose-integration-innovation.md").unlink()
    report = build_index(corpus_dir, tmp_path / "updated", embedder)
    assert report.updated == ["nelft-operating-model-case-study"] and report.unchanged == 2
    assert report.removed == ["shared-purpose-integration-innovation"]
    build_index(corpus_dir, tmp_path / "fresh", embedder)
    assert _served(tmp_path / "updated", embedder) == _served(tmp_path / "fresh", embedder)


def test_the_build_marks_exactly_the_window_vectors_for_rescoring_only(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    folder = generations.current_generation(tmp_path / "index")
    store = IndexStore.open(folder / generations.DB_FILE)
    try:
        kinds = store.unit_kinds()
        windows = store.windows()
    finally:
        store.close()
    assert windows.tolist() == [kind == "window" for _, _, kind in kinds] and windows.any() and not windows.all()


def test_a_build_from_nothing_leaves_its_database_packed(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    path = generations.current_generation(tmp_path / "index") / generations.DB_FILE
    copy = tmp_path / "copy.db"
    copy.write_bytes(path.read_bytes())
    db = sqlite3.connect(copy)
    db.execute("VACUUM")
    db.close()
    assert path.stat().st_size == copy.stat().st_size
