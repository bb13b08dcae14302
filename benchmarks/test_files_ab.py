"""Test files' time in this checkout against another (e.g. `git archive main`), A/B interleaved so a
loaded machine weighs on both alike: each round runs every file with pytest in one process in each
checkout in turn, and reports wall and CPU seconds (pytest and every process it started: the
`peerbot` subprocesses and servers most of these files spend their time in).

    git archive main | tar -x -C /tmp/main-src
    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/test_files_ab.py --before /tmp/main-src [--rounds 2] tests/test_x.py ...

As test.sh, compiled modules are kept (PYTHONDONTWRITEBYTECODE unset); both checkouts are compiled
first. Prints each run, then per file the medians and after / before.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: Path, test_file: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, pytest's last line) of `test_file` run in checkout `code`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-n", "0", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                           test_file], cwd=code, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    last = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="test files, as paths under the checkouts (tests/test_x.py)")
    parser.add_argument("--before", type=Path, required=True, help="the other checkout")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    checkouts = {"before": args.before.resolve(), "after": ROOT}
    for code in checkouts.values():  # compiled modules written first, as a second CI run finds them
        subprocess.run([sys.executable, "-m", "compileall", "-q", "bot", "index", "slack", "tests"], cwd=code, check=True)
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for round_ in range(args.rounds):
        for test_file in args.files:
            for label, code in checkouts.items():
                wall, cpu, last = run(code, test_file)
                times.setdefault((test_file, label), []).append((wall, cpu))
                print(f"round {round_ + 1} {label:<6} {test_file}: {wall:7.1f} s wall {cpu:7.1f} s CPU ({last})", flush=True)
    for test_file in args.files:
        medians = {label: (statistics.median(w for w, _ in times[test_file, label]),
                           statistics.median(c for _, c in times[test_file, label])) for label in checkouts}
        (bw, bc), (aw, ac) = medians["before"], medians["after"]
        print(f"{test_file}: before {bw:.1f} s wall {bc:.1f} s CPU, after {aw:.1f} s wall {ac:.1f} s CPU; "
              f"after / before {aw / bw:.2f} wall, {ac / bc:.2f} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
