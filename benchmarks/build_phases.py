"""A build's phases with the hashing embedder: the building process's CPU while documents stream
from the workers and in the tail after the last batch (the vector index, enabler links, stem counts
and impact lists, compaction), the workers' CPU, and each tail step's own thread's CPU; the
vector index's thread (from branch s28-build, on a build with workers) and its re-scoring codes'
thread (from s29-build) apart from the rest, so a quiet machine's wall time can be estimated from
CPU seconds measured on a busy one: streaming (building process + workers) / 2 cores, then the
tail: its longest thread, or its CPU / 2 cores when that is longer ("estimate" in the output).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/build_phases.py TREE CORPUS OUT [WORKERS]

TREE is the checkout whose code builds (this one, or `git archive main | tar -x -C DIR`).
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path

# each step timed where the TREE has it ("_link_enablers": a tree from before stop 36)
STEPS = {"index.build": ("index_batch", "link_enablers", "_link_enablers", "_save_vectors"),
         "index.build.VectorIndex": ("build", "save"),
         "index.build.IndexStore": ("set_vocabulary", "set_stem_counts", "set_stem_impacts", "compact"),
         "index.vectors": ("_rescore_codes", "rescore_codes")}  # its name before and after stop 37


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    import index.build as build
    import index.vectors as vectors
    from index.hashing_embedder import HashingEmbedder

    corpus, out, workers = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 2
    steps: dict[str, list] = {}  # name: [wall, its thread's CPU, its thread]
    owners = {"index.build": build, "index.build.VectorIndex": build.VectorIndex, "index.build.IndexStore": build.IndexStore,
              "index.vectors": vectors}
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
    workers_cpu = children.ru_utime + children.ru_stime
    streaming, tail = streamed[1] - cpu, cpu_end - streamed[1]
    # the tail's threads: the vector index's (without its re-scoring codes, on a third thread from
    # s29-build), the re-scoring codes', and the main one's (the rest of the tail's CPU)
    vector_thread = steps.get("_save_vectors", [0.0, 0.0, None])[1]
    codes = steps.get("rescore_codes", steps.get("_rescore_codes", [0.0, 0.0, None]))
    aside = codes[1] if codes[2] not in (None, steps.get("_save_vectors", [0, 0, None])[2]) else 0.0
    threads = [vector_thread, aside, tail - vector_thread - aside]
    print(json.dumps({"passages": report.passages_total, "wall": round(wall_end - wall, 2), "cpu": round(cpu_end - cpu, 2),
                      "workers_cpu": round(workers_cpu, 2), "streaming_cpu": round(streaming, 2),
                      "tail_wall": round(wall_end - streamed[0], 2), "tail_cpu": round(tail, 2),
                      "tail_threads": [round(t, 2) for t in threads],
                      "estimate": round((streaming + workers_cpu) / 2 + max(*threads, tail / 2), 1)}))
    for name, (seconds, thread_cpu, _) in steps.items():
        print(f"  {name:20s} wall {seconds:8.2f}  its thread's CPU {thread_cpu:7.2f}")


def _timed(function, name: str, steps: dict[str, list]):
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            found = steps.setdefault(name, [0.0, 0.0, threading.get_ident()])
            found[0] += time.perf_counter() - wall
            found[1] += time.thread_time() - cpu
    return timed


if __name__ == "__main__":  # the workers import this module again ("spawn")
    main()
