"""Build rate with the hashing embedder (issue 14: at least 2,000 passages a second at 100k passages).

For each size, a synthetic corpus from benchmarks/scale_corpus.py (made once under `--corpora`, or
reused) is built from nothing by `build_index(..., rebuild=True, workers=W)` with
`PEERBOT_MODEL=hashing`'s embedder, in a fresh child process per build, for each `--workers` count:
wall time, CPU time of the building process and of its worker processes, passages a second (wall)
and a CPU-second (all processes), and the disk of the generation (index.db + vectors.faiss).
`--before TREE` also builds with another checkout's code (say `git worktree add --detach
/tmp/build-before <commit>`), rounds interleaved (this tree, then TREE, then this tree ...) so a
busy machine's load falls on both alike. `--startup` then times `peerbot ask` from spawn to its
first answer on this tree's last index of each size.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/bench_build_rate.py --sizes 20k 100k \\
        --workers 1 2 --corpora /tmp/corpora --out /tmp/builds [--before /tmp/build-before] [--rounds 1] [--startup]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import scale_corpus  # noqa: E402
from scale_measure import Asker  # noqa: E402

# Run in a child process with the tree under test first on sys.path: argv = tree, corpus, out, workers.
_DRIVER = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from index.build import build_index
from index.hashing_embedder import HashingEmbedder
corpus, out, workers = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
wall, cpu = time.perf_counter(), time.process_time()
report = build_index(corpus, out, HashingEmbedder(), rebuild=True, workers=workers)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
children = resource.getrusage(resource.RUSAGE_CHILDREN)
folder = (out / "current").resolve()
print(json.dumps({"passages": report.passages_total, "vectors": report.vectors_total, "wall": wall, "cpu": cpu,
                  "workers_cpu": children.ru_utime + children.ru_stime,
                  "index_mb": (folder / "index.db").stat().st_size / 1e6,
                  "vectors_mb": (folder / "vectors.faiss").stat().st_size / 1e6}))
"""


def corpus_for(size: str, corpora: Path) -> Path:
    folder = corpora / f"c{size}"
    if not (folder / "d000").is_dir():
        shutil.rmtree(folder, ignore_errors=True)
        scale_corpus.write_corpus(folder, scale_corpus.SIZES[size])
    return folder


def build(tree: Path, corpus: Path, data: Path, workers: int) -> dict:
    shutil.rmtree(data, ignore_errors=True)
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    done = subprocess.run([sys.executable, "-c", _DRIVER, str(tree), str(corpus), str(data / "index"), str(workers)],
                          env=env, capture_output=True, text=True, cwd=tree)
    if done.returncode:
        raise SystemExit(f"build with {tree} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def startup(corpus: Path, data: Path, question: str) -> float:
    """Seconds from spawning `peerbot ask --json -` on the index in `data` to its first answer."""
    env = {**os.environ, "PEERBOT_MODEL": "hashing", "PEERBOT_DATA_DIR": str(data), "PEERBOT_KNOWLEDGE_DIR": str(corpus)}
    env.setdefault("OMP_NUM_THREADS", "1")
    script = Path(sys.executable).parent / "peerbot"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
    asker = Asker([*command, "ask", "--json", "-"], env, data / "ask.err")
    try:
        line, _, _ = asker.ask(question, timeout=1800)
        json.loads(line)["outcome"]  # an answer, not some other output
        return time.perf_counter() - asker.started
    finally:
        asker.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["20k", "100k"], choices=sorted(scale_corpus.SIZES))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpora", type=Path, required=True, help="where the generated corpora are kept (cSIZE)")
    parser.add_argument("--out", type=Path, required=True, help="where the builds are written")
    parser.add_argument("--before", type=Path, help="another checkout to build with, interleaved")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--startup", action="store_true", help="time spawn to first answer on this tree's index")
    args = parser.parse_args()
    trees = [("this tree", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    loads = [os.getloadavg()[0]]
    results: dict[tuple, list[dict]] = {}
    started: dict[str, float] = {}
    for size in args.sizes:
        corpus = corpus_for(size, args.corpora)
        for _ in range(args.rounds):
            for workers in args.workers:
                for label, tree in trees:
                    row = build(tree, corpus, args.out / f"{size}-{label.replace(' ', '-')}-w{workers}", workers)
                    results.setdefault((size, label, workers), []).append(row)
                    loads.append(os.getloadavg()[0])
                    print(f"{size} {label} workers={workers}: {json.dumps(row)}", file=sys.stderr, flush=True)
        if args.startup:
            data = args.out / f"{size}-this-tree-w{args.workers[-1]}"
            started[size] = startup(corpus, data, "How did the boards build trust across the partner trusts?")
    print(f"Machine: nproc {os.cpu_count()}, {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}; hashing embedder; 1-minute load average {min(loads):.1f} to {max(loads):.1f}; "
          f"medians of {args.rounds} round(s).\n")
    print("| passages | code | workers | build wall s | CPU s: building process + workers | passages/s (wall) | "
          "passages per CPU-s (all) | passages per CPU-s (building process) | index.db + vectors.faiss MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (_, label, workers), rows in results.items():
        wall, cpu, extra = (statistics.median(r[k] for r in rows) for k in ("wall", "cpu", "workers_cpu"))
        passages = rows[0]["passages"]
        print(f"| {passages:,} | {label} | {workers} | {wall:.1f} | {cpu:.1f} + {extra:.1f} | {passages / wall:,.0f} | "
              f"{passages / (cpu + extra):,.0f} | {passages / cpu:,.0f} | {rows[0]['index_mb']:.0f} + {rows[0]['vectors_mb']:.0f} |")
    for size, seconds in started.items():
        print(f"\nSpawn to first answer (`peerbot ask`, this tree, {size}): {seconds:.1f} s")


if __name__ == "__main__":
    main()
