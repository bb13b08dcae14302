"""What a build writes, as a comparable summary: a digest of every table's rows, of FTS5's inverted
index (every term, passage, column and offset) and of the vectors' ids, and a projection of each
vector (compared with a tolerance, so a last-bit difference in floating point between machines
does not count).

`tests/data/build_contents.json` holds the summary main's build (8506fa8, before issue 14's build
work) wrote for `write_corpus`'s corpus (`builds`); tests/test_build_contents.py checks the current build writes the same.
After a deliberate change to what is indexed, write it again:

    .venv/bin/python tests/build_contents.py tests/data/build_contents.json
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # this tree's code, also when run as a script
import scale_corpus  # noqa: E402

GENERATED_PASSAGES = 400  # 20 synthetic documents, beside the bundled corpus
PROJECTION_SEED = 14

_TABLES = {
    "documents": "SELECT * FROM documents ORDER BY id",
    "people": "SELECT * FROM people ORDER BY id",
    "chunk_people": "SELECT * FROM chunk_people ORDER BY chunk_id, person_id",
    "quotes": "SELECT * FROM quotes ORDER BY id",
    "chunk_enablers": "SELECT * FROM chunk_enablers ORDER BY chunk_id, enabler_id",
    "vocabulary": "SELECT * FROM vocabulary ORDER BY word",
    # passage_tokens (whether late interaction's token store was written) and capital_stopwords (the
    # stopwords the passages write in capitals: tests/test_capital_stopwords.py) came after main's build
    "meta": "SELECT key, value FROM meta WHERE key NOT IN ('built_at', 'passage_tokens', 'capital_stopwords') "
            "ORDER BY key",
    "fts": "SELECT term, doc, col, offset FROM temp.fts_instances ORDER BY term, doc, col, offset",
}


def write_corpus(folder: Path, bundled: Path) -> Path:
    """A copy of the bundled corpus (the folder `bundled`) with `GENERATED_PASSAGES` synthetic passages beside it."""
    shutil.copytree(bundled, folder)
    scale_corpus.write_corpus(folder / "generated", GENERATED_PASSAGES)
    for name in ("enablers.yaml", "out_of_scope.yaml", "contacts.yaml"):
        (folder / "generated" / name).unlink()
    return folder


def contents(index_dir: Path) -> dict:
    """The summary of the served generation under `index_dir`."""
    import faiss

    from index import generations
    from index.store import IndexStore

    folder = generations.current_generation(index_dir)
    assert folder is not None
    db = sqlite3.connect(f"file:{folder / generations.DB_FILE}?mode=ro", uri=True)
    try:
        db.execute("CREATE VIRTUAL TABLE temp.fts_instances USING fts5vocab(main, chunks_fts, 'instance')")
        tables = {name: db.execute(sql).fetchall() for name, sql in _TABLES.items()}
    finally:
        db.close()
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    try:  # the passages and vectors' spans as the columns main's build stored (m009 compacts them)
        tables["chunks"] = sorted((p.id, p.document_id, p.position, p.section, p.text, p.context, words)
                                  for p, words in zip(store.passages(), _word_counts(store)))
        tables["units"] = store.unit_kinds()
    finally:
        store.close()
    summary: dict = {}
    for name in ("documents", "chunks", "units", *list(_TABLES)[1:]):
        rows = tables[name]
        summary[name] = {"rows": len(rows), "sha256": hashlib.sha256(repr(rows).encode()).hexdigest()}
    ids = np.array([u[0] for u in tables["units"]], dtype=np.int64)
    index = faiss.read_index(str(folder / generations.VECTORS_FILE))
    vectors = np.asarray(index.reconstruct_batch(ids), dtype=np.float64)
    direction = np.random.default_rng(PROJECTION_SEED).standard_normal(vectors.shape[1])
    summary["vector_ids"] = hashlib.sha256(ids.tobytes()).hexdigest()
    summary["vector_projections"] = [round(float(x), 5) for x in vectors @ direction]
    return summary


def _word_counts(store) -> list[int]:
    """Each passage's word count, in `store.passages()`'s order."""
    return [r[0] for r in store.db.execute("SELECT word_count FROM chunks ORDER BY document_id, position")]


def builds(folder: Path, bundled: Path, workers: int = 1) -> dict:
    """The summaries of a build of `write_corpus`'s corpus (over `bundled`) from nothing ("whole"), and of an update after one
    document changed and another was removed ("updated"), at a fixed clock."""
    from index.build import build_index
    from index.hashing_embedder import HashingEmbedder

    def now() -> datetime:
        return datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

    corpus = write_corpus(folder / "corpus", bundled)
    embedder = HashingEmbedder()
    build_index(corpus, folder / "index", embedder, rebuild=True, workers=workers, now=now)
    whole = contents(folder / "index")
    documents = sorted((corpus / "generated").rglob("*.md"))
    documents[0].unlink()
    documents[1].write_text(documents[1].read_text() + "\nA closing paragraph the update adds, naming the board.\n")
    build_index(corpus, folder / "index", embedder, workers=workers, now=now)
    return {"whole": whole, "updated": contents(folder / "index")}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(sys.argv[1]).write_text(json.dumps(builds(Path(tmp), ROOT / "knowledge")) + "\n")


if __name__ == "__main__":
    main()
