"""The test suite's schedule under pytest-xdist's `--dist loadfile`, simulated from a run's JUnit XML:
each file's tests with their measured times (setup, call and teardown), handed to N workers as
pytest-xdist hands them (a worker is given its next file when two or fewer of its tests are left, two
files at the start when the first has two tests or fewer), in xdist's own order (most tests first) or
longest first (`tests/durations.json`, which `tests/conftest.py` orders the files by). Prints the
slowest files and each simulated makespan; `--write` saves the files' times as the new weights.

    .venv/bin/python benchmarks/suite_schedule.py /tmp/junit.xml --workers 2 3 [--write tests/durations.json]
"""

from __future__ import annotations

import argparse
import heapq
import json
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def file_of(classname: str) -> str:
    """`tests.test_cli` or `tests.test_cli.TestClass` -> `tests/test_cli.py`."""
    parts = classname.split(".")
    for end in range(len(parts), 0, -1):
        path = "/".join(parts[:end]) + ".py"
        if (ROOT / path).is_file():
            return path
    return "/".join(parts) + ".py"


def tests_by_file(junit: Path) -> dict[str, list[float]]:
    """Each file's test times in the order they ran."""
    files: dict[str, list[float]] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        files.setdefault(file_of(case.get("classname", "")), []).append(float(case.get("time", 0)))
    return files


def makespan(units: list[tuple[str, list[float]]], workers: int) -> tuple[float, list[list[str]]]:
    """When the last worker finishes, and each worker's files, as pytest-xdist's LoadScopeScheduling
    (3.8) hands them out: the queue in the given order, a file to each worker, then another whenever a
    worker has two tests or fewer left."""
    queue = deque(units)
    pending: list[deque[float]] = [deque() for _ in range(workers)]
    given: list[list[str]] = [[] for _ in range(workers)]

    def give(worker: int) -> None:
        name, times = queue.popleft()
        pending[worker].extend(times)
        given[worker].append(name)

    for worker in range(workers):
        if queue:
            give(worker)
    for worker in range(workers):
        if queue and len(pending[worker]) <= 2:
            give(worker)
    running = [(pending[w][0], w) for w in range(workers) if pending[w]]
    heapq.heapify(running)
    end = 0.0
    while running:
        now, worker = heapq.heappop(running)
        pending[worker].popleft()
        if queue and len(pending[worker]) <= 2:
            give(worker)
        if pending[worker]:
            heapq.heappush(running, (now + pending[worker][0], worker))
        end = max(end, now)
    return end, given


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("junit", type=Path)
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--weights", type=Path, default=ROOT / "tests" / "durations.json")
    parser.add_argument("--top", type=int, default=15, help="how many of the slowest files to list")
    parser.add_argument("--write", type=Path, help="save each file's measured time (s) here")
    args = parser.parse_args()

    files = tests_by_file(args.junit)
    totals = {name: sum(times) for name, times in files.items()}
    print(f"{sum(len(t) for t in files.values())} tests in {len(files)} files, {sum(totals.values()):.0f} s in all")
    for name, total in sorted(totals.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {total:7.1f} s  {len(files[name]):4d} tests  {name}")
    collected = sorted(files)  # pytest collects tests/ in name order
    by_count = sorted(collected, key=lambda name: -len(files[name]))  # xdist's reorder (a stable sort)
    weights = json.loads(args.weights.read_text()) if args.weights.is_file() else totals
    longest = sorted(collected, key=lambda name: -weights.get(name, float("inf")))
    for workers in args.workers:
        for label, order in (("xdist's order (most tests first)", by_count), ("longest first", longest)):
            span, _ = makespan([(name, files[name]) for name in order], workers)
            print(f"{workers} workers, {label}: makespan {span:.0f} s ({span / 60:.1f} min)")
        print(f"{workers} workers, lower bound: {max(max(totals.values()), sum(totals.values()) / workers):.0f} s")
    if args.write:
        args.write.write_text(json.dumps({name: round(totals[name], 1) for name in sorted(totals)}, indent=0) + "\n")
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
