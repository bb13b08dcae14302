"""A real-model build against bare `model.encode` of the same texts (issue 14: a build should reach
at least 0.9x the model's own throughput).

For each corpus (the bundled seed corpus, and synthetic corpora from benchmarks/scale_corpus.py
of the sizes given), in one process with all-MiniLM-L6-v2 loaded and warmed once, on one torch
thread: the texts a build embeds (every passage, sentence and window, as
`index.preparing.prepare` makes them, and the enabler profiles) encoded by the bare
`SentenceTransformer.encode` with the build's batch size and normalisation; and `build_index`
with `rebuild=True` from nothing, `--workers` reading and splitting documents beside it. Rounds
alternate (encode, build, encode, build, ...); medians are reported, wall and CPU time (the
build's worker processes included).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/bench_model_build.py [--synthetic 2000] [--rounds 2] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_corpus  # noqa: E402

from index.build import build_index  # noqa: E402
from index.documents import load_corpus  # noqa: E402
from index.embedder import BATCH_SIZE, DEFAULT_MODEL, load_embedder  # noqa: E402
from index.preparing import prepare, word_costs  # noqa: E402
from index.taxonomy import load_enablers  # noqa: E402


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build_texts(knowledge: Path, embedder) -> tuple[list[str], int]:
    """(every text a build of `knowledge` embeds, its passages)."""
    corpus = load_corpus(knowledge, {}, 20, {})
    cost = word_costs(embedder)
    texts, passages = [], 0
    for doc in corpus.documents:
        item = prepare(doc, embedder, cost)
        texts += [text for _, _, text in item.units]
        passages += len(item.rows)
    for enabler in load_enablers(knowledge):
        texts += [enabler.name, enabler.description, *enabler.synonyms]
    return texts, passages


def measure(name: str, knowledge: Path, embedder, rounds: int, workers: int) -> dict:
    model = embedder._model  # the loaded SentenceTransformer: the bare encode
    texts, passages = build_texts(knowledge, embedder)
    encode, build = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), _cpu()
        model.encode(texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True)
        encode.append((time.perf_counter() - wall, _cpu() - cpu))
        with tempfile.TemporaryDirectory() as tmp:
            wall, cpu = time.perf_counter(), _cpu()
            report = build_index(knowledge, Path(tmp) / "index", embedder, rebuild=True, workers=workers)
            build.append((time.perf_counter() - wall, _cpu() - cpu))
        assert report.passages_total == passages, (report.passages_total, passages)
    encode_wall, encode_cpu = (statistics.median(x) for x in zip(*encode))
    build_wall, build_cpu = (statistics.median(x) for x in zip(*build))
    return {"corpus": name, "passages": passages, "texts": len(texts), "encode_wall": encode_wall,
            "encode_cpu": encode_cpu, "build_wall": build_wall, "build_cpu": build_cpu,
            "ratio_wall": encode_wall / build_wall, "ratio_cpu": encode_cpu / build_cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, nargs="*", default=[2000], help="synthetic corpus sizes in passages")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="PEERBOT_BUILD_WORKERS for the build")
    args = parser.parse_args()
    load = os.getloadavg()
    embedder = load_embedder(DEFAULT_MODEL, threads=1)
    embedder.embed(["warm up the model"])
    print("| corpus | passages | texts embedded | bare encode s (CPU s) | texts/s | `build_index` s (CPU s) | "
          "texts/s | build / bare throughput: wall (CPU) |")
    print("|---|---|---|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        _print(measure("seed (knowledge/)", ROOT / "knowledge", embedder, args.rounds, args.workers))
        for size in args.synthetic:
            folder = Path(tmp) / f"synthetic-{size}"
            scale_corpus.write_corpus(folder, size)
            _print(measure(f"synthetic {size:,}", folder, embedder, args.rounds, args.workers))
    print(f"\nMachine: nproc {os.cpu_count()}, {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}; {DEFAULT_MODEL} on 1 torch thread, build workers {args.workers}; "
          f"load average {load[0]:.1f} before, {os.getloadavg()[0]:.1f} after; medians of {args.rounds} rounds.")


def _print(r: dict) -> None:
    """One row of the table, as soon as it is measured."""
    print(f"| {r['corpus']} | {r['passages']:,} | {r['texts']:,} | {r['encode_wall']:.1f} ({r['encode_cpu']:.1f}) | "
          f"{r['texts'] / r['encode_wall']:.0f} | {r['build_wall']:.1f} ({r['build_cpu']:.1f}) | "
          f"{r['texts'] / r['build_wall']:.0f} | {r['ratio_wall']:.2f}x ({r['ratio_cpu']:.2f}x) |", flush=True)

if __name__ == "__main__":
    main()
