"""peerbot's lexical index (contentless FTS5, migration 006) at a million passages: build rate,
disk, memory and the BM25 query as a large corpus's searcher makes it (issue 14).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/bench_lexical_1m.py
        [--passages 1000000] [--work DIR] [--questions 40] [--limit 7200]

A corpus from benchmarks/scale_corpus.py (written once into `--work`, reused when it is there),
then benchmarks/scale_lowlevel.py as child processes, measured from outside (wall, CPU and peak
memory by wait4): `build CORPUS OUT --no-vectors` (peerbot's loader, chunker, migrations and
`IndexStore.add_document`/`add_passages`, which write the FTS5 index; no vectors, people,
quotations or links: the vectors at this size are measured by bench_vectors_1m.py), then
`search OUT QUESTIONS`: `IndexStore.lexical_search` with the searcher's candidates (common stems
from their impact lists, `IMPACT_DEPTH` passages each), CPU per query after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import scale_corpus  # noqa: E402
from scale_measure import folder_mb, percentile, run  # noqa: E402

WARM_UP = 5  # scale_lowlevel.search's warm-up questions (repeated, then untimed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/peerbot-lexical-1m"))
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--limit", type=float, default=7200, help="seconds the build may take")
    args = parser.parse_args()
    corpus, out = args.work / f"corpus-{args.passages}", args.work / f"index-{args.passages}"
    args.work.mkdir(parents=True, exist_ok=True)
    if not (args.work / f"corpus-{args.passages}.json").exists():  # written once the corpus is complete
        if corpus.exists():
            shutil.rmtree(corpus)
        stats = scale_corpus.write_corpus(corpus, args.passages, args.seed)
        (args.work / f"corpus-{args.passages}.json").write_text(json.dumps(stats))
        print(f"corpus: {stats['documents']:,} documents in {stats['seconds']:.0f} s", file=sys.stderr, flush=True)
    documents = -(-args.passages // scale_corpus.PASSAGES_PER_DOCUMENT)
    questions = args.work / "questions.txt"
    questions.write_text("\n".join(scale_corpus.questions(args.questions, documents, args.seed)) + "\n")
    env = {**os.environ}
    env.setdefault("OMP_NUM_THREADS", "1")
    script = str(HERE / "scale_lowlevel.py")
    shutil.rmtree(out, ignore_errors=True)
    built = run([sys.executable, script, "build", str(corpus), str(out), "--no-vectors"], env, args.limit,
                args.work / "build")
    if built.returncode != 0:
        raise SystemExit(f"build did not finish ({built.wall:.0f} s): {built.stderr[-500:]}")
    report = json.loads(built.stdout)
    searched = run([sys.executable, script, "search", str(out), str(questions)], env, args.limit, args.work / "search")
    if searched.returncode != 0:
        raise SystemExit(f"search failed: {searched.stderr[-500:]}")
    timing = json.loads(searched.stdout)
    fts = timing["fts_cpu"]
    row = {"passages": report["passages"], "documents": report["documents"], "build_wall_s": built.wall,
           "build_cpu_s": built.cpu, "build_peak_rss_mb": built.peak_rss_mb, "phases": report["phases"],
           "index_db_mb": folder_mb(out), "impact_depth": timing["impact_depth"],
           "fts_cpu_ms": {"p50": percentile(fts, 50) * 1000, "p95": percentile(fts, 95) * 1000},
           "fts_wall_ms": {"p50": percentile(timing["fts"], 50) * 1000, "p95": percentile(timing["fts"], 95) * 1000},
           "search_peak_rss_mb": searched.peak_rss_mb, "queries": len(fts)}
    (args.work / f"lexical-{args.passages}.json").write_text(json.dumps(row, indent=1))
    print("| passages | documents | build wall s | build CPU s (writer + readers) | passages per wall s "
          "| build peak RSS MB | index.db MB | impact list depth | BM25 query CPU p50 / p95 ms | wall p50 / p95 ms "
          "| search process peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {row['passages']:,} | {row['documents']:,} | {built.wall:.0f} | {built.cpu:.0f} "
          f"| {row['passages'] / built.wall:.0f} | {built.peak_rss_mb:.0f} | {row['index_db_mb']:.0f} "
          f"| {row['impact_depth']} | {row['fts_cpu_ms']['p50']:.1f} / {row['fts_cpu_ms']['p95']:.1f} "
          f"| {row['fts_wall_ms']['p50']:.1f} / {row['fts_wall_ms']['p95']:.1f} | {searched.peak_rss_mb:.0f} |")


if __name__ == "__main__":
    main()
