"""Documents read and split on worker processes (PEERBOT_BUILD_WORKERS) give the same index as
reading them in the build's own process."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

from index import BatchingEmbedder, build_index, generations
from index.hashing_embedder import HashingEmbedder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import scale_corpus  # noqa: E402

PASSAGES = 800  # 40 documents: more than two workers' first shares, so the pool is used

_TABLES = {
    "documents": "SELECT id, title, content_hash FROM documents ORDER BY id",
    "chunks": "SELECT id, document_id, position, section, packed, word_count, first_unit, sentences, windows "
              "FROM chunks ORDER BY id",
    "dictionary": "SELECT * FROM passage_dictionary",
    "people": "SELECT * FROM people ORDER BY id",
    "chunk_people": "SELECT * FROM chunk_people ORDER BY chunk_id, person_id",
    "quotes": "SELECT * FROM quotes ORDER BY id",
    "chunk_enablers": "SELECT * FROM chunk_enablers ORDER BY chunk_id, enabler_id",
    "vocabulary": "SELECT * FROM vocabulary ORDER BY word",
    "lexical": "SELECT rowid, round(bm25(chunks_fts), 6) FROM chunks_fts WHERE chunks_fts MATCH 'board OR trust' "
               "ORDER BY rowid",
}


def _contents(index_dir: Path) -> dict[str, list]:
    db = sqlite3.connect(generations.current_generation(index_dir) / generations.DB_FILE)
    try:
        return {name: db.execute(sql).fetchall() for name, sql in _TABLES.items()}
    finally:
        db.close()


@pytest.fixture(scope="module")
def scale(tmp_path_factory) -> tuple[Path, int, int]:
    """A folder holding the scale corpus (`corpus/`) and its index built in one process (`alone/`) and on
    two workers (`pooled/`), once for the module; the passages each build reported."""
    root = tmp_path_factory.mktemp("scale")
    scale_corpus.write_corpus(root / "corpus", PASSAGES)
    alone = build_index(root / "corpus", root / "alone", HashingEmbedder(), workers=1)
    pooled = build_index(root / "corpus", root / "pooled", HashingEmbedder(), workers=2)
    return root, alone.passages_total, pooled.passages_total


def test_a_build_on_worker_processes_writes_what_one_process_writes(scale):
    root, alone, pooled = scale
    assert alone == pooled == PASSAGES
    expected, found = _contents(root / "alone"), _contents(root / "pooled")
    assert all(expected[name] for name in _TABLES)  # every table has something to compare
    for name in _TABLES:
        assert found[name] == expected[name], name


def test_a_build_on_worker_processes_writes_the_vectors_file_one_process_writes(scale):
    """With workers the vector index is built on a thread beside the database's last steps: the same file."""
    root, _, _ = scale
    alone, pooled = (generations.current_generation(root / name) / generations.VECTORS_FILE for name in ("alone", "pooled"))
    assert alone.stat().st_size > 0
    assert pooled.read_bytes() == alone.read_bytes()


def test_documents_a_worker_cannot_read_are_reported_as_one_process_reports_them(tmp_path, embedder, scale):
    """Every document is read where it is prepared; one that cannot be used is named, by path, among
    the errors, and when rebuilt keeps its last good version, as when read first in the build's process."""
    corpus = tmp_path / "corpus"
    shutil.copytree(scale[0] / "corpus", corpus)
    shutil.copytree(scale[0] / "pooled", tmp_path / "index", symlinks=True)  # built from it on two workers
    files = sorted(corpus.rglob("*.md"))
    files[3].write_bytes(b"\xff\xfe not text")
    files[30].write_text("---\ntitle: [unclosed\n---\nBody text.\n")
    rebuilt = build_index(corpus, tmp_path / "index", embedder, rebuild=True, workers=2)
    assert [e.path for e in rebuilt.errors] == [files[3], files[30]] and rebuilt.passages_total == PASSAGES
    fresh = [build_index(corpus, tmp_path / f"fresh{workers}", embedder, workers=workers) for workers in (1, 2)]
    assert [str(e) for e in fresh[0].errors] == [str(e) for e in fresh[1].errors] == [str(e) for e in rebuilt.errors]
    assert fresh[0].passages_total == fresh[1].passages_total < PASSAGES


def test_a_server_s_batching_embedder_builds_on_worker_processes(tmp_path, embedder, scale):
    report = build_index(scale[0] / "corpus", tmp_path / "pooled", BatchingEmbedder(embedder), workers=2)
    assert report.passages_total == PASSAGES
    assert _contents(tmp_path / "pooled") == _contents(scale[0] / "alone")


def test_peerbot_index_run_as_a_module_builds_on_worker_processes(tmp_path):
    corpus = tmp_path / "corpus"
    scale_corpus.write_corpus(corpus, PASSAGES)
    env = {**os.environ, "PEERBOT_MODEL": "hashing", "PEERBOT_DATA_DIR": str(tmp_path / "data"),
           "PEERBOT_KNOWLEDGE_DIR": str(corpus), "PEERBOT_BUILD_WORKERS": "2"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "index"], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{PASSAGES} in the index" in done.stdout


def _workers(pid: int) -> list[int]:
    """The worker processes `pid` spawned (not multiprocessing's resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            spawned = b"spawn_main" in (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == pid and spawned:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie waiting to be reaped has stopped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_build_killed_outright_leaves_no_worker_running(tmp_path):
    corpus = tmp_path / "corpus"
    scale_corpus.write_corpus(corpus, 20 * PASSAGES, seed=9)
    env = {**os.environ, "PEERBOT_MODEL": "hashing", "PEERBOT_DATA_DIR": str(tmp_path / "data"),
           "PEERBOT_KNOWLEDGE_DIR": str(corpus), "PEERBOT_BUILD_WORKERS": "2", "OMP_NUM_THREADS": "1"}
    build = subprocess.Popen([sys.executable, "-m", "bot.cli", "index"], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while build.poll() is None and len(workers) < 2 and time.monotonic() < deadline:
            workers = [pid for pid in _workers(build.pid) if _alive(pid)]
            time.sleep(0.01)
        assert len(workers) == 2, "the build ended before its workers were seen"
        os.kill(build.pid, signal.SIGKILL)  # no clean-up runs in it: its workers must notice by themselves
        build.wait()
        deadline = time.monotonic() + 30
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(_alive, workers)), "a build worker outlived the build"
    finally:
        for pid in filter(_alive, workers):
            os.kill(pid, signal.SIGKILL)
        if build.poll() is None:
            build.kill()
            build.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_killed_mid_build_ends_the_build_with_one_clear_line(tmp_path):
    corpus = tmp_path / "corpus"
    scale_corpus.write_corpus(corpus, PASSAGES, seed=9)
    env = {**os.environ, "PEERBOT_MODEL": "hashing", "PEERBOT_DATA_DIR": str(tmp_path / "data"),
           "PEERBOT_KNOWLEDGE_DIR": str(corpus), "PEERBOT_BUILD_WORKERS": "2", "OMP_NUM_THREADS": "1"}
    build = subprocess.Popen([sys.executable, "-m", "bot.cli", "index"], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while build.poll() is None and not workers and time.monotonic() < deadline:
            workers = [pid for pid in _workers(build.pid) if _alive(pid)]
            time.sleep(0.01)
        assert workers, "the build ended before its workers were seen"
        os.kill(workers[0], signal.SIGKILL)
        _, err = build.communicate(timeout=300)  # a hang fails here
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        for pid in filter(_alive, _workers(build.pid) + workers):
            os.kill(pid, signal.SIGKILL)
    assert build.returncode != 0
    assert err.strip().splitlines() == [err.strip()] and "build worker process ended unexpectedly" in err, err
    assert "Traceback" not in err
    assert generations.current_generation(tmp_path / "data" / "index") is None  # nothing half-built is served


def test_a_worker_counts_tokens_as_the_real_model_s_tokenizer_without_loading_torch(tmp_path, real_embedder):
    """A worker splits passages by token counts with a pickled copy of the embedder: the model's own
    tokenizer (never truncating, whatever the build's model runs left it set to), not the model."""
    tokenizer = real_embedder._model.tokenizer
    tokenizer(["board " * 600], padding=True, truncation=True, max_length=real_embedder.max_tokens)  # as a model run leaves it
    texts = ["", "  ", "café naïve – “quoted” ’s", "\x00odd\ttext\u00a0here", "governance " * 600]
    for path in sorted(KNOWLEDGE.glob("*.md")):
        texts += path.read_text().split("\n\n") + path.read_text().split()[:2000]
    (tmp_path / "texts.json").write_text(json.dumps(texts))
    script = ("import json, pickle, sys; embedder = pickle.loads(sys.stdin.buffer.read()); "
              "counts = [embedder.count_tokens(t) for t in json.load(open(sys.argv[1]))]; "
              "print(json.dumps([counts, embedder.max_tokens, 'torch' in sys.modules, '_model' in vars(embedder)]))")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "texts.json")], input=pickle.dumps(real_embedder),
                          capture_output=True, cwd=ROOT, check=True)
    counts, window, torch_loaded, model_loaded = json.loads(done.stdout)
    assert counts == [len(tokenizer(text, truncation=False)["input_ids"]) for text in texts]
    assert window == real_embedder.max_tokens and not torch_loaded and not model_loaded
