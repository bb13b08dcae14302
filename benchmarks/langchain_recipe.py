"""LangChain's standard FAISS recipe on precomputed vectors: what peerbot's vector search is
compared with (issue 14). Runs in its own virtual environment, never peerbot's:

    python3 -m venv .venv-langchain
    .venv-langchain/bin/pip install "langchain-community>=0.4,<0.5" "faiss-cpu>=1.9,<2" "numpy>=1.26"
    .venv-langchain/bin/python benchmarks/langchain_recipe.py --vectors V.npy --passage-of P.npy \
        --texts T.jsonl --queries Q.npy [--k 10]

The recipe: `FAISS.from_embeddings(pairs of (text, vector), embedding)` from langchain-community
with every default (an `IndexFlatL2`, an `InMemoryDocstore`, no metadata, FAISS's default
threads), then `similarity_search_by_vector(query, k)` per query. The embedding object is a
`FakeEmbeddings` that is never called (the vectors are given), so only the store is measured.
Vector i's document text is passage `passage_of[i]` of `texts` (peerbot keeps several vectors
per passage). The vectors are handed over as NumPy rows rather than Python lists: the store
converts them to one float32 array either way, and lists of a million vectors would need GBs.

Prints one JSON object: build seconds, resident memory (MB) with the inputs loaded, after the
build and after freeing the inputs (the store alone stays), and per-query wall and CPU seconds
after a warm-up.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
import warnings
from pathlib import Path

import numpy as np

warnings.filterwarnings("ignore", category=DeprecationWarning)
from langchain_community.vectorstores import FAISS  # noqa: E402
from langchain_core.embeddings import FakeEmbeddings  # noqa: E402

WARM_UP = 5


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vectors", type=Path, required=True, help=".npy, float32, one row a vector")
    parser.add_argument("--passage-of", type=Path, required=True, help=".npy, the passage number of each vector")
    parser.add_argument("--texts", type=Path, required=True, help="JSON lines, one passage text a line")
    parser.add_argument("--queries", type=Path, required=True, help=".npy, float32 query vectors")
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()

    base = rss_mb()
    vectors = np.load(args.vectors)
    passage_of = np.load(args.passage_of)
    texts = [json.loads(line) for line in args.texts.open()]
    queries = np.load(args.queries)
    loaded = rss_mb()
    started = time.perf_counter()
    store = FAISS.from_embeddings(((texts[p], row) for p, row in zip(passage_of.tolist(), vectors)),
                                  FakeEmbeddings(size=vectors.shape[1]))
    build = time.perf_counter() - started
    built = rss_mb()
    count, dimension = vectors.shape
    del vectors, passage_of, texts
    gc.collect()
    store_only = rss_mb()

    walls, cpus = [], []
    for i, query in enumerate(list(queries[:WARM_UP]) + list(queries)):
        query = query.tolist()
        wall, cpu = time.perf_counter(), time.process_time()
        store.similarity_search_by_vector(query, k=args.k)
        if i >= WARM_UP:
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    print(json.dumps({
        "vectors": count, "dimension": dimension, "index": type(store.index).__name__, "k": args.k,
        "build_s": build, "rss_start_mb": base, "rss_loaded_mb": loaded, "rss_built_mb": built,
        "rss_store_mb": store_only, "wall": walls, "cpu": cpus,
    }))


if __name__ == "__main__":
    main()
