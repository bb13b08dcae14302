"""Warm `answer()` against the bare floor (one encode plus one FAISS search), of two checkouts or more in turn: each run a
fresh process that measures with its own tree's `benchmarks/bench_core.py` (`bench_latency`, the figures of
its section 2, without the indexing and start-up sections), the trees taking turns (their order reversed each
round), so a shared machine's load falls on each alike.

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/answer_cost_ab.py \
        /tmp/old-tree . --rounds 4

DIR holds an index (`peerbot index`) the trees read (`--data TREE=DIR2`: a tree's own, built by its own pipeline). `--clock cpu` times on the thread's CPU clock
(`time.thread_time` for bench_core's `perf_counter`; torch and FAISS on one thread compute on the calling one):
on a machine other work loads, waiting for a core then counts in neither the floor nor the answer. Prints each run's floor and answer p50 and their ratio,
then the median ratio per tree.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN = """
import json, math, sys, time
from pathlib import Path
if sys.argv[2] == "cpu":
    time.perf_counter = time.thread_time  # bench_core's clock, read when it measures
tree = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(tree))
sys.path.insert(0, str(tree / "benchmarks"))
import bench_core
from bot.answerer import Answerer
from bot.corpus import open_corpus
from bot.evaluation import load_questions
from bot.settings import Settings
from index import generations
from index.embedder import load_embedder
from index.vectors import VectorIndex, use_threads
assert Path(bench_core.__file__).resolve().is_relative_to(tree) and Path(sys.modules["bot"].__file__).resolve().is_relative_to(tree)
use_threads(1)
settings = Settings.from_env()
questions = load_questions(bench_core.DEV_QUESTIONS)
answerer = Answerer(open_corpus(settings, load_embedder(settings.model), build_if_missing=False)[0])
vectors = VectorIndex.load(generations.current_generation(settings.index_dir) / generations.VECTORS_FILE)
samples = bench_core.bench_latency(answerer, vectors, questions, math.ceil(bench_core.MIN_LATENCY_SAMPLES / len(questions)))
print(json.dumps({"floor": bench_core.pct(samples["floor"], 50), "answer": bench_core.pct(samples["answer"], 50),
                  "samples": len(samples["answer"])}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", type=Path, nargs="+", help="the checkouts, in their order in the first round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall", help="bench_core's wall clock or the thread's CPU")
    parser.add_argument("--data", action="append", default=[], metavar="TREE=DIR",
                        help="the data folder of a tree whose index another pipeline built (else PEERBOT_DATA_DIR)")
    args = parser.parse_args(argv)
    ratios: dict[Path, list[float]] = {tree: [] for tree in args.trees}
    data = {Path(tree).resolve(): folder for tree, _, folder in (d.partition("=") for d in args.data)}
    for round_ in range(args.rounds):
        for tree in args.trees if round_ % 2 == 0 else args.trees[::-1]:
            env = {**os.environ, "PYTHONPATH": str(tree.resolve())}
            if tree.resolve() in data:
                env["PEERBOT_DATA_DIR"] = data[tree.resolve()]
            out = subprocess.run([sys.executable, "-c", RUN, str(tree), args.clock], env=env, capture_output=True, text=True)
            if out.returncode:
                print(f"{tree} failed: {out.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
                return 1
            row = json.loads(out.stdout.strip().splitlines()[-1])
            ratio = row["answer"] / row["floor"]
            ratios[tree].append(ratio)
            print(f"round {round_ + 1} {tree}: floor p50 {row['floor'] * 1000:.2f} ms, answer p50 "
                  f"{row['answer'] * 1000:.2f} ms, ratio {ratio:.2f}x ({row['samples']} samples)", flush=True)
    for name, found in ratios.items():
        print(f"{name}: median ratio {statistics.median(found):.3f}x over {len(found)} runs "
              f"({', '.join(f'{r:.2f}' for r in found)})")
    return 0 if all(not math.isnan(r) for found in ratios.values() for r in found) else 1


if __name__ == "__main__":
    sys.exit(main())
