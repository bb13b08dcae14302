"""Where warm `Answerer.answer` time goes: cProfile over passes of the tuning questions after an untimed pass.

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/answer_profile.py [--passes 2] [--code TREE]

DIR holds an index (`peerbot index`). The questions are dev, probe and `questions_tune*` (the misspelt
`questions_tune_typos` among them), never a held-out set. Prints the functions with the most cumulative
and own time, and the per-answer milliseconds of those the question path's spelling and term readings go
through.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("dev_questions.jsonl", "probe_questions.jsonl", "questions_tune*.jsonl")


def questions() -> list[str]:
    found = []
    for pattern in SETS:
        for path in sorted((ROOT / "tests" / "data").glob(pattern)):
            found += [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=1, help="profiled passes over the questions")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose bot and index are imported")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve()))
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.settings import Settings
    from index.embedder import load_embedder
    from index.vectors import use_threads

    use_threads(1)
    settings = Settings.from_env()
    answerer = Answerer(open_corpus(settings, load_embedder(settings.model), build_if_missing=False)[0])
    asked = questions()
    for q in asked:  # warm-up: every lazy table built, every cache as a server's after a while
        answerer.answer(q)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(args.passes):
        for q in asked:
            answerer.answer(q)
    profile.disable()
    n = len(asked) * args.passes
    print(f"{n} answers, {(time.perf_counter() - started) / n * 1000:.2f} ms each under the profiler")
    stats = pstats.Stats(profile)
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        stats.stream = out
        stats.sort_stats(key).print_stats(args.top)
        print(out.getvalue().split("\n", 6)[-1])
    watched = ("_in_context", "plain_reading", "correct", "prepare", "embed_query", "search", "judge", "unused_in")
    print("per answer, cumulative ms:")
    for (path, _, name), row in sorted(stats.stats.items(), key=lambda kv: -kv[1][3]):  # type: ignore[attr-defined]
        if name in watched and ("/index/" in path or "/bot/" in path):
            print(f"  {Path(path).parent.name}/{Path(path).name}:{name}  {row[3] / n * 1000:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
