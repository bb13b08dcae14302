"""A large build commits a batch at a time into its own generation, and a build killed part-way
(SIGKILL, so nothing of peerbot's runs on the way out) leaves the last good generation served."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from index import build_index, generations, open_index

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import scale_corpus  # noqa: E402

PASSAGES = 4000  # about eight batches of index.document_batches.UNITS_PER_BATCH texts


def _committed_passages(index_dir: Path, served: str) -> int:
    """Passages committed so far in a generation being built (not the served one)."""
    for folder in index_dir.glob("gen-*"):
        if folder.name == served or not (folder / generations.DB_FILE).exists():
            continue
        try:
            db = sqlite3.connect(f"file:{folder / generations.DB_FILE}?mode=ro", uri=True, timeout=0.1)
            try:
                return db.execute("SELECT count(*) FROM chunks").fetchone()[0]
            finally:
                db.close()
        except sqlite3.Error:  # not created yet, or the writer holds it for a moment
            continue
    return 0


def test_a_build_killed_between_batches_leaves_the_last_good_generation_served(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "data" / "index"
    build_index(corpus_dir, index_dir, embedder)
    served = open_index(index_dir, embedder)
    good, good_passages = served.generation, len(served.passages)
    served.close()
    scale_corpus.write_corpus(corpus_dir / "synthetic", PASSAGES, seed=5)
    env = {**os.environ, "PEERBOT_MODEL": "hashing", "PEERBOT_DATA_DIR": str(tmp_path / "data"),
           "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir), "OMP_NUM_THREADS": "1"}
    build = subprocess.Popen([sys.executable, "-m", "bot.cli", "index"], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        committed = 0
        while build.poll() is None and committed == 0:
            committed = _committed_passages(index_dir, good)
            time.sleep(0.005)
        assert build.poll() is None, f"the build ended before a batch was seen: {build.stderr.read()[-500:]!r}"
        os.kill(build.pid, signal.SIGKILL)
    finally:
        build.wait()
    assert build.returncode == -signal.SIGKILL
    # a batch (about UNITS_PER_BATCH texts, some 480 passages here) was committed on its own, long before the end
    assert 0 < committed <= PASSAGES // 2

    served = open_index(index_dir, embedder)
    assert served.generation == good and len(served.passages) == good_passages
    assert served.search("committee in common", 3)
    served.close()

    report = build_index(corpus_dir, index_dir, embedder)
    served = open_index(index_dir, embedder)
    assert served.generation != good and len(served.passages) == good_passages + PASSAGES == report.passages_total
    served.close()
    assert len(list(index_dir.glob("gen-*"))) == 2  # the new one and the one before; the killed build's is gone
