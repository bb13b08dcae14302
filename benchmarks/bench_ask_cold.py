"""A cold `peerbot ask` with the real model and the ONNX query encoder: exporting the encoder at every
start (as before the cache, or a first start) against reading it from the data folder's cache.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/bench_ask_cold.py [--rounds 5] [--data DIR] [--before CHECKOUT] [--model hashing]
    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/bench_ask_cold.py --encoder-only [--rounds 5]

Each round runs, one after the other (interleaved, so a busy machine weighs on each alike): `first`
(the cache folder emptied: this checkout exports and writes the cache), `cached` (the cache read),
and with `--before` the same command from another checkout (e.g. `git archive f36a671`), whose
code exports at every start. Prints each mode's median wall and CPU seconds and their ratios.
`--model hashing`: the same with the hashing embedder (no model, no encoder: what most of the test
suite's `peerbot` subprocesses start), so `first` and `cached` differ only by chance and `--before`
compares the start-up itself.
`--encoder-only` times just making the query encoder in this process (the model loaded once):
exporting (an empty cache folder) against reading the cache, interleaved; CPU is this process's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "How can trusts build trust at board level?"


def run(code: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `peerbot ask` from checkout `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", QUESTION], cwd=code, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"peerbot ask failed: {done.stderr[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def encoder_only(rounds: int) -> None:
    from index import load_embedder
    from index.query_encoder import OnnxQueryEncoder

    embedder = load_embedder("all-MiniLM-L6-v2", 1, "torch")
    model, weights = embedder._model, embedder._path
    with tempfile.TemporaryDirectory(prefix="bench-encoder-") as folder:
        cache = Path(folder)
        OnnxQueryEncoder(model, False, 1, cache, weights)  # writes the cache
        times: dict[str, list[tuple[float, float]]] = {"export": [], "cached": []}
        for _ in range(rounds):
            for mode in times:
                where = cache / "empty" if mode == "export" else cache
                shutil.rmtree(cache / "empty", ignore_errors=True)
                wall, cpu = time.perf_counter(), time.process_time()
                OnnxQueryEncoder(model, False, 1, where, weights)
                times[mode].append((time.perf_counter() - wall, time.process_time() - cpu))
        for mode, t in times.items():
            print(f"{mode:<7} median {statistics.median(w for w, _ in t):6.2f} s wall "
                  f"{statistics.median(c for _, c in t):6.2f} s CPU ({rounds} rounds)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, help="a data folder (default: a temporary one, indexed first)")
    parser.add_argument("--before", type=Path, help="another checkout to time alongside (exports at every start)")
    parser.add_argument("--model", default="all-MiniLM-L6-v2", help="PEERBOT_MODEL (default: the real model)")
    parser.add_argument("--encoder-only", action="store_true", help="time making the query encoder alone, in-process")
    args = parser.parse_args()
    if args.encoder_only:
        encoder_only(args.rounds)
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="bench-ask-cold-"))
    data = args.data or scratch / "data"
    env = {**os.environ, "PEERBOT_DATA_DIR": str(data), "PEERBOT_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
           "PEERBOT_MODEL": args.model, "PEERBOT_QUERY_ENCODER": "onnx", "OMP_NUM_THREADS": "1"}
    try:
        if not (data / "index" / "current").exists():
            print("building the index with the real model ...", file=sys.stderr, flush=True)
            subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env=env, check=True, capture_output=True)
        modes = {"first": ROOT, "cached": ROOT} | ({"before": args.before.resolve()} if args.before else {})
        times: dict[str, list[tuple[float, float]]] = {mode: [] for mode in modes}
        run(ROOT, env)  # warms the file cache and writes the encoder's cache
        for round_ in range(args.rounds):
            for mode, code in modes.items():
                if mode == "first":
                    shutil.rmtree(data / "cache", ignore_errors=True)
                times[mode].append(run(code, env))
                print(f"round {round_ + 1} {mode:<7} {times[mode][-1][0]:6.2f} s wall {times[mode][-1][1]:6.2f} s CPU",
                      flush=True)
        medians = {mode: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for mode, t in times.items()}
        for mode, (wall, cpu) in medians.items():
            print(f"{mode:<7} median {wall:6.2f} s wall {cpu:6.2f} s CPU ({args.rounds} rounds)")
        base = medians.get("before", medians["first"])
        print(f"cached / {'before' if args.before else 'first'}: {medians['cached'][0] / base[0]:.2f} wall, "
              f"{medians['cached'][1] / base[1]:.2f} CPU")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
