"""Vector search side by side: the exact FAISS index peerbot serves against LangChain's
standard FAISS recipe, on the same vectors (read from peerbot's own files).

The vectors are exported from a built index folder (`vectors.faiss`, which FAISS reads, and
`index.db` for each vector's passage text); nothing of peerbot is imported. Queries are stored
vectors picked at random with a little noise added, renormalised: exact search costs the same
whatever the query, and both sides get the same queries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import faiss
import numpy as np
from scale_measure import run

from index.store import IndexStore
from index.vectors import VectorIndex

HERE = Path(__file__).resolve().parent
LANGCHAIN_VENV = HERE.parent / ".venv-langchain"
LANGCHAIN_PACKAGES = ["langchain-community>=0.4,<0.5", "faiss-cpu>=1.9,<2", "numpy>=1.26"]
QUERIES = 200
WARM_UP = 5


def ensure_langchain_venv() -> Path:
    """The LangChain environment's python, made (once) if it is missing."""
    python = LANGCHAIN_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LANGCHAIN_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *LANGCHAIN_PACKAGES], check=True)
    return python


def export(folder: Path, out: Path, seed: int = 14) -> dict:
    """Write V.npy (the vectors), P.npy (each vector's passage number), T.jsonl (passage texts)
    and Q.npy (queries) into `out`; returns their paths and the index's size."""
    store = IndexStore.open(folder / "index.db", read_only=True)
    chunk_of = {u: p for u, p, _ in store.unit_kinds()}  # empty for a vectors-only build (ids are passages)
    number, texts = {}, []
    for passage in sorted(store.passages(), key=lambda p: p.id):
        number[passage.id] = len(texts)
        texts.append(passage.text)
    store.close()
    ids = np.array(sorted(chunk_of) or sorted(number), dtype=np.int64)
    # exact or IVF (peerbot keeps an id map for re-scoring): the vectors as the served index holds them
    vectors = VectorIndex.load(folder / "vectors.faiss").vectors(ids)
    count, dimension = vectors.shape
    passage_of = np.array([number[chunk_of.get(i, i)] for i in ids.tolist()], dtype=np.int64)
    rng = np.random.default_rng(seed)
    queries = vectors[rng.choice(count, QUERIES, replace=False)] + rng.normal(0, 0.05, (QUERIES, dimension))
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "V.npy", vectors)
    np.save(out / "P.npy", passage_of)
    np.save(out / "I.npy", ids)
    np.save(out / "Q.npy", queries)
    with open(out / "T.jsonl", "w") as f:
        f.writelines(json.dumps(t) + "\n" for t in texts)
    return {"vectors": count, "dimension": dimension, "folder": out}


def peerbot_search(folder: Path, queries: np.ndarray, k: int) -> dict:
    """Per-query wall and CPU seconds of peerbot's served index (read from its file), FAISS on one
    thread as `peerbot serve` sets it."""
    faiss.omp_set_num_threads(1)
    index = VectorIndex.load(folder / "vectors.faiss")
    walls, cpus, found = [], [], []
    for i, query in enumerate(np.concatenate([queries[:WARM_UP], queries])):
        wall, cpu = time.perf_counter(), time.process_time()
        hits = index.search(query, k)
        if i >= WARM_UP:
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            found.append([unit for unit, _ in hits])
    return {"index": index.kind, "wall": walls, "cpu": cpus, "ids": found}


def recall_against_exact(exported: Path, found: list[list[int]], k: int) -> float:
    """Share of the exact top-k (over the exported vectors) that peerbot's served search found."""
    vectors, queries = np.load(exported / "V.npy"), np.load(exported / "Q.npy")
    folder_ids = np.load(exported / "I.npy")
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, rows = exact.search(queries, k)
    truth = [set(folder_ids[r].tolist()) for r in rows]
    return sum(len(t & set(f[:k])) for t, f in zip(truth, found)) / (k * len(truth))


def langchain_search(exported: Path, k: int, limit: float) -> dict:
    python = ensure_langchain_venv()
    finished = run([str(python), str(HERE / "langchain_recipe.py"), "--vectors", str(exported / "V.npy"),
                    "--passage-of", str(exported / "P.npy"), "--texts", str(exported / "T.jsonl"),
                    "--queries", str(exported / "Q.npy"), "--k", str(k)],
                   env={k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"},  # FAISS's default threads
                   limit=limit, log=exported / "langchain")
    if finished.returncode != 0:
        raise RuntimeError(f"langchain_recipe.py failed: {finished.stderr[-2000:]}")
    return {**json.loads(finished.stdout), "peak_rss_mb": finished.peak_rss_mb, "process_wall": finished.wall}
