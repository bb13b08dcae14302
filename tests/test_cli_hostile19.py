"""The nineteenth hostile sweep's classes of the data folder and the command line, each as a test
(benchmarks/hostile_sweep19.py), over the real command line with the hashing embedder."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "committee in common"


def peerbot(env: dict, *argv: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode(errors="replace")
    return result


def _generation(env: dict) -> Path:
    return (Path(env["PEERBOT_DATA_DIR"]) / "index" / "current").resolve()


def _changed_behind_checksums(env: dict, *statements: str) -> None:
    """The served index.db changed by `statements`, its checksums rewritten to match."""
    generation = _generation(env)
    db = sqlite3.connect(generation / "index.db", isolation_level=None)
    for statement in statements:
        db.execute(statement)
    db.close()
    data = (generation / "index.db").read_bytes()
    manifest = json.loads((generation / "checksums.json").read_text())
    manifest["files"]["index.db"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (generation / "checksums.json").write_text(json.dumps(manifest))


SCHEMA_DAMAGES = {
    "people-dropped": ["DROP TABLE people"],  # sqlite-utils read it as empty: a KeyError on the first answer
    "lexical-index-dropped": ["DROP TABLE chunks_fts"],  # `no such table` on the first search
    "stem-counts-dropped": ["DROP TABLE stem_counts"],
    "documents-a-view": ["CREATE TABLE kept AS SELECT * FROM documents", "DROP TABLE documents",
                         "CREATE VIEW documents AS SELECT * FROM kept"],
    "a-column-renamed": ["ALTER TABLE chunk_enablers RENAME COLUMN score TO gone"],
    "documents-emptied": ["DELETE FROM documents"],  # its passages vanished from the join: KeyError on an answer
    "a-person-gone": ["DELETE FROM people WHERE id = 1"],  # a passage still names them: KeyError
}


@pytest.mark.parametrize("damage", SCHEMA_DAMAGES, ids=list(SCHEMA_DAMAGES))
def test_an_index_database_short_of_its_schema_behind_matching_checksums_is_set_aside_and_rebuilt(tmp_path, damage):
    """Checksums prove the file is the one its build wrote, not that it holds what peerbot reads
    (tables and columns, and rows that refer only to rows it holds)."""
    env = indexed_environment(tmp_path)
    _changed_behind_checksums(env, *SCHEMA_DAMAGES[damage])
    result = peerbot(env, "ask", "--json", QUESTION)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answered"] is True
    assert "is damaged" in result.stderr.decode()
    assert peerbot(env, "enabler", "trust").returncode == 0


def test_an_index_database_whose_migrations_lost_a_record_is_rebuilt_not_a_build_failing_for_ever(tmp_path):
    """The last migration's record gone: served as an older build's, then every `index` (and `index
    --rebuild`) copying it failed migrating it again ("table passage_tokens already exists")."""
    env = indexed_environment(tmp_path)
    _changed_behind_checksums(env, "DELETE FROM _migrations WHERE rowid = (SELECT max(rowid) FROM _migrations)")
    (Path(env["PEERBOT_KNOWLEDGE_DIR"]) / "board-note.md").write_text("# Boards\n\nBoards built trust by meeting monthly.\n")
    result = peerbot(env, "index")
    assert result.returncode == 0, result.stderr
    assert "its migrations do not make" in result.stderr.decode()
    assert peerbot(env, "index", "--rebuild").returncode == 0
    assert peerbot(env, "ask", "--json", QUESTION).returncode == 0


def _vectors_behind_checksums(env: dict, make) -> None:
    """The served vectors.faiss replaced by `make(faiss, vectors)` (as many vectors, of the dimension
    the database records), its checksums rewritten to match."""
    import faiss
    import numpy as np

    generation = _generation(env)
    count = json.loads((generation / "checksums.json").read_text())["vectors"]
    with sqlite3.connect(generation / "index.db") as db:
        dimension = int(db.execute("SELECT value FROM meta WHERE key = 'dimension'").fetchone()[0])
    vectors = np.random.default_rng(19).standard_normal((count, dimension)).astype(np.float32)
    faiss.write_index(make(faiss, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)), str(generation / "vectors.faiss"))
    data = (generation / "vectors.faiss").read_bytes()
    manifest = json.loads((generation / "checksums.json").read_text())
    manifest["files"]["vectors.faiss"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (generation / "checksums.json").write_text(json.dumps(manifest))


def _hnsw(faiss, vectors):
    index = faiss.IndexHNSWFlat(vectors.shape[1], 8, faiss.METRIC_INNER_PRODUCT)
    index.add(vectors)
    return index


def _with_ids(faiss, vectors, first: int):
    import numpy as np

    index = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
    index.add_with_ids(vectors, np.arange(first, first + len(vectors), dtype=np.int64))
    return index


VECTOR_FILES = {
    "hnsw": _hnsw,  # a FAISS kind no build writes: `reconstruct_batch` failed on the first answer
    "ids-not-the-units": lambda faiss, vectors: _with_ids(faiss, vectors, 100_000),  # numpy IndexError
}


@pytest.mark.parametrize("kind", VECTOR_FILES, ids=list(VECTOR_FILES))
@pytest.mark.parametrize("argv", [["ask", "--json", QUESTION], ["enabler", "trust"]], ids=["ask", "enabler"])
def test_vectors_of_another_kind_or_other_ids_behind_matching_checksums_are_set_aside_and_rebuilt(tmp_path, kind, argv):
    """Same count, same dimension, checksums to match: only the kind of index or its ids differ."""
    env = indexed_environment(tmp_path)
    _vectors_behind_checksums(env, VECTOR_FILES[kind])
    result = peerbot(env, *argv)
    assert result.returncode == 0, result.stderr
    assert "is damaged" in result.stderr.decode()
    assert peerbot(env, "ask", "--json", QUESTION).returncode == 0


def test_vectors_of_the_kind_a_build_writes_are_served(tmp_path):
    """The check refuses other kinds, not the build's own (ids 1..n in an IndexIDMap2 over IndexFlatIP)."""
    env = indexed_environment(tmp_path)
    _vectors_behind_checksums(env, lambda faiss, vectors: _with_ids(faiss, vectors, 1))
    result = peerbot(env, "ask", "--json", QUESTION)
    assert result.returncode == 0 and "is damaged" not in result.stderr.decode(), result.stderr
