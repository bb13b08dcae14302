"""A build's phases with the hashing embedder: the building process's CPU while documents stream
from the workers and in the tail after the last batch (the vector index, enabler links, stem counts
and impact lists, compaction), the workers' CPU, and each tail step's own thread's CPU; the
vector index's thread (from branch s28-build, on a build with workers) apart from the rest, so a
quiet machine's wall time can be estimated from CPU seconds measured on a busy one:
streaming (building process + workers) / 2 cores, then the tail's longer thread.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/build_phases.py TREE CORPUS OUT [WORKERS]

TREE is the checkout whose code builds (this one, or `git archive main | tar -x -C DIR`).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

STEPS = {"index.build": ("index_batch", "_link_enablers", "_save_vectors"),
         "index.build.VectorIndex": ("build", "save"),
         "index.build.IndexStore": ("set_vocabulary", "set_stem_counts", "set_stem_impacts", "compact")}


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    import index.build as build
    from index.embedder import HashingEmbedder

    corpus, out, workers = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 2
    steps: dict[str, list[float]] = {}
    owners = {"index.build": build, "index.build.VectorIndex": build.VectorIndex, "index.build.IndexStore": build.IndexStore}
    for owner, names in STEPS.items():
        for name in names:
            if hasattr(owners[owner], name):
                setattr(owners[owner], name, _timed(getattr(owners[owner], name), name, steps))
    streamed: list[float] = []
    batches = build.batches

    def timed_batches(*args, **kwargs):
        yield from batches(*args, **kwargs)
        streamed.extend((time.perf_counter(), time.process_time()))

    build.batches = timed_batches
    wall, cpu = time.perf_counter(), time.process_time()
    report = build.build_index(corpus, out, HashingEmbedder(), rebuild=True, workers=workers)
    wall_end, cpu_end = time.perf_counter(), time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"passages": report.passages_total, "wall": round(wall_end - wall, 2), "cpu": round(cpu_end - cpu, 2),
                      "workers_cpu": round(children.ru_utime + children.ru_stime, 2),
                      "streaming_cpu": round(streamed[1] - cpu, 2), "tail_wall": round(wall_end - streamed[0], 2),
                      "tail_cpu": round(cpu_end - streamed[1], 2)}))
    for name, (seconds, thread_cpu) in steps.items():
        print(f"  {name:20s} wall {seconds:8.2f}  its thread's CPU {thread_cpu:7.2f}")


def _timed(function, name: str, steps: dict[str, list[float]]):
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            found = steps.setdefault(name, [0.0, 0.0])
            found[0] += time.perf_counter() - wall
            found[1] += time.thread_time() - cpu
    return timed


if __name__ == "__main__":  # the workers import this module again ("spawn")
    main()
