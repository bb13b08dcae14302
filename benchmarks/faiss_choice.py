"""Which FAISS index at which size: the evidence for issue 14's choice.

    nice -n 19 .venv/bin/python benchmarks/faiss_choice.py [--sizes 100000 1000000] [--real 20000]
        [--queries 500] [--build-threads 2] [--hnsw-max 100000] [--json FILE]

1. Vectors (benchmarks/faiss_data.py): `--real` units of generated passages encoded with
   all-MiniLM-L6-v2 (384-d; torch on one thread) and as many generated questions as queries;
   synthetic clustered unit vectors fitted to them for the larger sizes, with their spectra.
2. Exact search (`IndexFlatIP`) latency from 10k to the largest size: where it stops paying.
3. At the real set and each size: `IndexFlatIP`; `IndexHNSWFlat` and HNSW over 8-bit scalar
   quantisation (`IndexHNSWSQ`) at M 16 and 32 (efConstruction 40, FAISS's default), efSearch
   16-256; `IndexIVFScalarQuantizer` (IVF-SQ8, 8-bit per dimension) at two nlist, nprobe 1-128.
   For each: build seconds (train + add, `--build-threads`), bytes a vector (the serialised
   index / vectors), recall@10 against exact search, p50/p95 of single queries (k = 10) on one
   thread after a warm-up. HNSW is built up to `--hnsw-max` vectors only: at 1M, HNSW's graph
   alone (M x 8 bytes a vector at level 0) puts it over the 0.5 GB budget with any 384-d storage
   worth having, and its build would take most of an hour here.
4. The recommendation: the configuration with the lowest p95 CPU time a query (wall p95 is shown
   too, but on a shared machine it measures the neighbours) with recall@10 >= 0.95 at each size,
   and within 0.5 GB at 1M.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import faiss_data  # noqa: E402
import faiss_report  # noqa: E402
from scale_measure import percentile  # noqa: E402

K = 10
LATENCY_QUERIES = 200
WARM_UP = 10
EF_SEARCH = (16, 32, 64, 128, 256)
NPROBE = (1, 2, 4, 8, 16, 32, 64, 128)
RECALL_TARGET = 0.95
MEMORY_BUDGET = 0.5e9


def nlists(size: int) -> tuple[int, ...]:
    """Two cluster counts around FAISS's 4-16 x sqrt(n) guidance."""
    return (128, 512) if size <= 30_000 else (256, 1024) if size <= 300_000 else (1024, 4096)


def families(size: int, hnsw: bool) -> list[tuple[str, str, callable, str, tuple]]:
    """(index, build parameters, factory(d), search parameter name, its values)."""
    out = [("IndexFlatIP", "exact", lambda d: faiss.IndexFlatIP(d), "", (None,))]
    if hnsw:
        for m in (16, 32):
            out.append(("HNSWFlat", f"M={m}", lambda d, m=m: faiss.IndexHNSWFlat(d, m, faiss.METRIC_INNER_PRODUCT),
                        "efSearch", EF_SEARCH))
            out.append(("HNSW-SQ8", f"M={m}",
                        lambda d, m=m: faiss.IndexHNSWSQ(d, faiss.ScalarQuantizer.QT_8bit, m, faiss.METRIC_INNER_PRODUCT),
                        "efSearch", EF_SEARCH))
    for nlist in nlists(size):
        out.append(("IVF-SQ8", f"nlist={nlist}",
                    lambda d, nlist=nlist: faiss.IndexIVFScalarQuantizer(
                        faiss.IndexFlatIP(d), d, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT),
                    "nprobe", tuple(p for p in NPROBE if p <= nlist)))
    return out


def set_search(index, name: str, value) -> None:
    if name == "efSearch":
        index.hnsw.efSearch = value
    elif name == "nprobe":
        index.nprobe = value


def latencies(index, queries: np.ndarray) -> dict:
    """p50 and p95 of single queries on one thread, wall and CPU milliseconds (CPU time is what a
    query costs; a busy machine's preemption inflates only the wall time)."""
    faiss.omp_set_num_threads(1)
    walls, cpus = [], []
    for i, query in enumerate(queries[:WARM_UP + LATENCY_QUERIES]):
        wall, cpu = time.perf_counter(), time.thread_time()
        index.search(query.reshape(1, -1), K)
        if i >= WARM_UP:
            walls.append(time.perf_counter() - wall)
            cpus.append(time.thread_time() - cpu)
    return {"p50_ms": percentile(walls, 50) * 1000, "p95_ms": percentile(walls, 95) * 1000,
            "cpu_p50_ms": percentile(cpus, 50) * 1000, "cpu_p95_ms": percentile(cpus, 95) * 1000}


def recall(index, queries: np.ndarray, truth: np.ndarray, threads: int) -> float:
    faiss.omp_set_num_threads(threads)
    _, found = index.search(queries, K)
    return float(np.mean([len(set(f) & set(t)) / K for f, t in zip(found.tolist(), truth.tolist())]))


def sweep(base: np.ndarray, queries: np.ndarray, threads: int, hnsw: bool) -> list[dict]:
    """Every configuration of `families` on `base`, against exact search's top 10."""
    faiss.omp_set_num_threads(threads)
    exact = faiss.IndexFlatIP(base.shape[1])
    exact.add(base)
    _, truth = exact.search(queries, K)
    del exact
    rows = []
    for name, params, factory, knob, values in families(len(base), hnsw):
        faiss.omp_set_num_threads(threads)
        started = time.perf_counter()
        index = factory(base.shape[1])
        if not index.is_trained:
            index.train(base if len(base) <= 200_000 else base[np.random.default_rng(1).choice(len(base), 200_000, replace=False)])
        index.add(base)
        build = time.perf_counter() - started
        size = faiss.serialize_index(index).nbytes
        for value in values:
            set_search(index, knob, value)
            rows.append({"index": name, "build_params": params, "knob": knob, "value": value, "build_s": build,
                         "bytes_per_vector": size / len(base), "bytes": size,
                         "recall": recall(index, queries, truth, threads), **latencies(index, queries)})
            print(f"  {len(base)} {name} {params} {knob}={value}: recall {rows[-1]['recall']:.3f} "
                  f"CPU p95 {rows[-1]['cpu_p95_ms']:.2f} ms", file=sys.stderr, flush=True)
        del index
    return rows


def exact_curve(base: np.ndarray, queries: np.ndarray, sizes: list[int]) -> list[dict]:
    out = []
    for n in sizes:
        index = faiss.IndexFlatIP(base.shape[1])
        index.add(base[:n])
        out.append({"vectors": n, **latencies(index, queries)})
    return out


def best(rows: list[dict], budget: float | None = None) -> dict | None:
    fits = [r for r in rows if r["recall"] >= RECALL_TARGET and (budget is None or r["bytes"] <= budget)]
    return min(fits, key=lambda r: (r["cpu_p95_ms"], r["p95_ms"])) if fits else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--real", type=int, default=20_000, help="real MiniLM vectors to encode")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--build-threads", type=int, default=2)
    parser.add_argument("--hnsw-max", type=int, default=100_000, help="largest size HNSW is built at")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    started, load = time.perf_counter(), os.getloadavg()[0]

    clock = time.perf_counter()
    real = faiss_data.encode(faiss_data.sample_texts(args.real))
    real_queries = faiss_data.encode(faiss_data.real_questions(args.queries))
    encode_s = time.perf_counter() - clock
    synthetic = faiss_data.Synthetic(real)
    largest = max(args.sizes)
    base = synthetic.sample(largest, stream=1)
    queries = synthetic.sample(args.queries, stream=2)
    spectra = {"real": faiss_data.spectrum(real), "synthetic": faiss_data.spectrum(base[:len(real)])}

    results = {"encode_s": encode_s, "spectra": spectra, "sweeps": {}}
    results["exact_curve"] = exact_curve(base, queries, [n for n in (10_000, 20_000, 50_000, 100_000, 200_000,
                                                                      500_000, 1_000_000) if n <= largest])
    results["sweeps"][f"real {len(real)}"] = sweep(real, real_queries, args.build_threads, True)
    results["sweeps"][f"synthetic {len(real)}"] = sweep(base[:len(real)], queries, args.build_threads, True)
    for n in args.sizes:
        results["sweeps"][f"synthetic {n}"] = sweep(base[:n], queries, args.build_threads, n <= args.hnsw_max)
    results["machine"] = {"nproc": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                          "faiss": faiss.__version__, "load_before": load, "load_after": os.getloadavg()[0],
                          "minutes": (time.perf_counter() - started) / 60, "build_threads": args.build_threads}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print(faiss_report.markdown(results, best, MEMORY_BUDGET, largest))


if __name__ == "__main__":
    main()
