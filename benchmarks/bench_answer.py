"""Warm `answer()` cost in process, on a built index (issue 14's answer-path bar), optionally for
several checkouts of peerbot side by side in the same run.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/bench_answer.py DATA KNOWLEDGE QUESTIONS
        [--warm-up 5] [--questions 40] [--rounds 2] [--code DIR ...] [--code-data DATA ...] [--repeat 1]
        [--profile FILE] [--json FILE]

DATA is a `PEERBOT_DATA_DIR` holding a built index and KNOWLEDGE its `PEERBOT_KNOWLEDGE_DIR`
(benchmarks/scale_corpus.py writes both a corpus and questions about it; `peerbot index` with
`PEERBOT_MODEL=hashing` builds it). The index is opened once with the hashing embedder, a few
questions answered untimed, then each question answered `--rounds` times: CPU time (the process's
CPU clock, FAISS on one thread) and wall time per answer, and the CPU time of the search alone
(`Index.search`). Each `--code DIR` (a source tree, e.g. `git archive <commit> | tar -x -C DIR`)
is measured in its own child process, one after another, so an old and a new answer path are
compared on the same index in the same run; `--repeat N` runs the checkouts in turn N times
(before, after, before, after, ...) and pools each one's answers, so a busy machine's load falls
on both alike. The top 20 passages of every question are compared between them, and the top 5
(what an answer shows): the share of them in common, and the questions with the same best passage. `--profile FILE` writes a cProfile of the timed answers (one checkout only).
`--code-data` gives each `--code` its own DATA (in the same order), for checkouts whose index
layouts differ: each answers from an index its own code built (the same corpus, so the same
passage ids), and a checkout may appear twice with different indexes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scale_measure import percentile  # noqa: E402

TOP = 20


def measure(data: Path, knowledge: Path, questions: list[str], warm_up: int, rounds: int, profile: Path | None) -> dict:
    """Open the index in this process and time warm answers (the code is whatever `bot` imports)."""
    os.environ.update(PEERBOT_MODEL="hashing", PEERBOT_DATA_DIR=str(data), PEERBOT_KNOWLEDGE_DIR=str(knowledge))
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.settings import Settings

    started = time.perf_counter()
    answerer = Answerer(open_corpus(Settings.from_env(), build_if_missing=False)[0])
    opened = time.perf_counter() - started
    for question in questions[:warm_up]:
        answerer.answer(question)
    timed = questions[warm_up:]
    cpu, wall, search_cpu, outcomes, tops = [], [], [], {}, {}
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    for _ in range(rounds):
        for question in timed:
            if profiler:
                profiler.enable()
            c0, w0 = time.process_time(), time.perf_counter()
            answer = answerer.answer(question)
            c1, w1 = time.process_time(), time.perf_counter()
            if profiler:
                profiler.disable()
            cpu.append((c1 - c0) * 1000)
            wall.append((w1 - w0) * 1000)
            outcome = "answered" if answer.answered else ("out_of_scope" if answer.off_topic else "not_covered")
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            query = answerer.index.prepare(question)
            s0 = time.process_time()
            hits = answerer.index.search(query, limit=TOP)
            search_cpu.append((time.process_time() - s0) * 1000)
            tops[question] = [[h.passage.id, round(h.score, 4)] for h in hits]
    if profiler and profile:
        profiler.dump_stats(str(profile))
    index = answerer.index
    return {"passages": len(index.passages), "documents": len(index.documents), "vector_kind": index.vector_kind,
            "open_s": opened, "answers": len(cpu), "cpu_ms": cpu, "wall_ms": wall, "search_cpu_ms": search_cpu,
            "outcomes": {k: v // rounds for k, v in outcomes.items()}, "top": tops, "load": os.getloadavg()[0]}


def summary(label: str, result: dict) -> str:
    cpu, wall, search = result["cpu_ms"], result["wall_ms"], result["search_cpu_ms"]
    return (f"| {label} | {result['passages']:,} | {result['vector_kind']} | {result['answers']} | "
            f"{percentile(cpu, 50):.1f} / {percentile(cpu, 95):.1f} | {percentile(search, 50):.1f} / "
            f"{percentile(search, 95):.1f} | {percentile(wall, 50):.1f} / {percentile(wall, 95):.1f} | "
            f"{', '.join(f'{k} {v}' for k, v in sorted(result['outcomes'].items()))} | {result['load']:.1f} |")


def same_ranking(a: dict, b: dict) -> tuple[int, int]:
    """(questions whose top passages are in the same order, questions) between two results."""
    same = sum(1 for q, hits in a["top"].items() if [h[0] for h in hits] == [h[0] for h in b["top"].get(q, [])])
    return same, len(a["top"])


def top_five(a: dict, b: dict) -> tuple[float, int, int]:
    """(mean share of the top 5 passages in common, questions with the same best passage, questions)."""
    shares, best = [], 0
    for q, hits in a["top"].items():
        mine, theirs = [h[0] for h in hits[:5]], [h[0] for h in b["top"].get(q, [])[:5]]
        shares.append(len(set(mine) & set(theirs)) / max(1, len(mine)))
        best += bool(mine) and bool(theirs) and mine[0] == theirs[0]
    return sum(shares) / max(1, len(shares)), best, len(shares)


def pooled(runs: list[dict]) -> dict:
    """One checkout's repeated runs as one result (answers pooled; the first run's top passages)."""
    first = dict(runs[0])
    for key in ("cpu_ms", "wall_ms", "search_cpu_ms"):
        first[key] = [v for run in runs for v in run[key]]
    first["answers"] = len(first["cpu_ms"])
    first["load"] = max(run["load"] for run in runs)
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("knowledge", type=Path)
    parser.add_argument("questions", type=Path, help="questions, one a line")
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--questions", dest="count", type=int, default=40, help="timed questions")
    parser.add_argument("--rounds", type=int, default=2, help="times each timed question is answered")
    parser.add_argument("--code", type=Path, nargs="+", help="source trees to measure side by side (default: this one)")
    parser.add_argument("--code-data", type=Path, nargs="+", help="a DATA for each --code, in the same order")
    parser.add_argument("--repeat", type=int, default=1, help="run the checkouts in turn this many times")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed answers here")
    parser.add_argument("--json", type=Path, help="write the full results here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    questions = [q for q in args.questions.read_text().splitlines() if q.strip()][: args.warm_up + args.count]
    if args.child:
        result = measure(args.data, args.knowledge, questions, args.warm_up, args.rounds, args.profile)
        print(json.dumps(result))
        return
    codes = args.code or [HERE.parent]
    datas = args.code_data or [args.data] * len(codes)
    if len(datas) != len(codes):
        sys.exit("--code-data needs one DATA for each --code")
    labels = [Path(c).resolve().name + (f" ({Path(d).resolve().parent.name})" if args.code_data else "")
              for c, d in zip(codes, datas)]
    runs: dict[str, list[dict]] = {}
    for code, data, label in [t for _ in range(args.repeat) for t in zip(codes, datas, labels)]:
        env = {**os.environ, "PYTHONPATH": str(code.resolve())}
        env.setdefault("OMP_NUM_THREADS", "1")
        cmd = [sys.executable, __file__, str(data), str(args.knowledge), str(args.questions), "--child",
               "--warm-up", str(args.warm_up), "--questions", str(args.count), "--rounds", str(args.rounds)]
        if args.profile:
            cmd += ["--profile", str(args.profile)]
        done = subprocess.run(cmd, env=env, cwd=code, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"{code}: {done.stderr.strip()[-2000:]}")
        runs.setdefault(label, []).append(json.loads(done.stdout))
    results = {code: pooled(found) for code, found in runs.items()}
    print("| code | passages | vectors | answers | CPU per answer p50 / p95 ms | search CPU p50 / p95 ms | "
          "wall p50 / p95 ms | outcomes (a round) | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, result in results.items():
        print(summary(label, result))
    first, *others = results.values()
    for label, other in zip(list(results)[1:], others):
        same, total = same_ranking(first, other)
        print(f"\ntop {TOP} passages in the same order as {labels[0]}: {same} of {total} questions ({label})")
        share, best, total = top_five(first, other)
        print(f"top 5 passages in common: {share:.1%}; the same best passage on {best} of {total} questions")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
