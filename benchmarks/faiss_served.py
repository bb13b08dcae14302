"""The vector index peerbot builds above index.vectors.EXACT_MAX (IVF-SQ8, about sqrt(n) lists),
measured as served: recall@10 and @200 against exact search at several `nprobe`, single-query
latency on one thread, bytes a vector, build seconds.

    OMP_NUM_THREADS=1 nice .venv/bin/python benchmarks/faiss_served.py [--sizes 200000 1000000]
        [--real 2000] [--queries 200] [--nprobe 8 16 32 64]

Vectors: synthetic clustered unit vectors fitted to `--real` all-MiniLM-L6-v2 vectors of generated
passages (benchmarks/faiss_data.py, as faiss_choice.py uses), queries from an independent stream.
The index is built by peerbot's own `VectorIndex.build`; `nprobe` is then varied on it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import faiss_data  # noqa: E402
from scale_measure import percentile  # noqa: E402

from index.vector_training import NPROBE  # noqa: E402
from index.vectors import EXACT_MAX, VectorIndex  # noqa: E402

WARM_UP = 10


def measure(base: np.ndarray, queries: np.ndarray, probes: list[int]) -> list[dict]:
    faiss.omp_set_num_threads(1)
    exact = faiss.IndexFlatIP(base.shape[1])
    exact.add(base)
    _, truth200 = exact.search(queries, 200)
    exact_cpu = _latency(lambda q: exact.search(q, 10), queries)
    started = time.perf_counter()
    served = VectorIndex.build(np.arange(len(base)), base, base.shape[1])
    build_s = time.perf_counter() - started
    assert served.kind != "exact" or len(base) <= EXACT_MAX
    ivf = faiss.extract_index_ivf(served._index)  # the benchmark reaches in to vary nprobe
    size = faiss.serialize_index(served._index).nbytes
    rows = []
    for probe in probes:
        ivf.nprobe = probe
        found = [[i for i, _ in served.search(q, 200)] for q in queries]
        recall10 = np.mean([len(set(f[:10]) & set(t[:10].tolist())) / 10 for f, t in zip(found, truth200)])
        recall200 = np.mean([len(set(f) & set(t.tolist())) / 200 for f, t in zip(found, truth200)])
        cpu10 = _latency(lambda q: served.search(q, 10), queries)
        cpu200 = _latency(lambda q: served.search(q, 200), queries)
        rows.append({"vectors": len(base), "lists": ivf.nlist, "nprobe": probe, "recall10": recall10,
                     "recall200": recall200, "k10": cpu10, "k200": cpu200, "exact_k10": exact_cpu,
                     "bytes_per_vector": size / len(base), "mb": size / 1e6, "build_s": build_s})
        print(f"{len(base)} nprobe {probe}: recall@10 {recall10:.3f} @200 {recall200:.3f}", file=sys.stderr, flush=True)
    return rows


def _latency(search, queries: np.ndarray) -> tuple[float, float]:
    """CPU ms p50 and p95 of single queries after a warm-up."""
    cpus = []
    for i, query in enumerate(queries):
        clock = time.thread_time()
        search(query.reshape(1, -1))
        if i >= WARM_UP:
            cpus.append(time.thread_time() - clock)
    return percentile(cpus, 50) * 1000, percentile(cpus, 95) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--real", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--nprobe", type=int, nargs="+", default=[8, 16, NPROBE, 64])
    args = parser.parse_args()
    real = faiss_data.encode(faiss_data.sample_texts(args.real))
    synthetic = faiss_data.Synthetic(real)
    base_all = synthetic.sample(max(args.sizes), stream=1)
    queries = synthetic.sample(WARM_UP + args.queries, stream=2)
    print("| vectors | lists | nprobe | recall@10 | recall@200 | k=10 CPU p50 / p95 ms | k=200 CPU p50 / p95 ms "
          "| exact k=10 CPU p50 / p95 ms | MB (bytes a vector) | build s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        for r in measure(base_all[:n], queries, args.nprobe):
            print(f"| {r['vectors']:,} | {r['lists']} | {r['nprobe']}{' (default)' if r['nprobe'] == NPROBE else ''} "
                  f"| {r['recall10']:.3f} | {r['recall200']:.3f} | {r['k10'][0]:.2f} / {r['k10'][1]:.2f} "
                  f"| {r['k200'][0]:.2f} / {r['k200'][1]:.2f} | {r['exact_k10'][0]:.1f} / {r['exact_k10'][1]:.1f} "
                  f"| {r['mb']:.0f} ({r['bytes_per_vector']:.0f}) | {r['build_s']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
