"""Print the abstention signals of every question in one or more question sets.

    .venv/bin/python benchmarks/abstention.py tests/data/dev_questions.jsonl tests/data/probe_questions.jsonl

For each question: relevance (best dense similarity among the top passages), out-of-scope
similarity, their margin, and the verdict; then the lowest in-domain and highest off-topic
values, which is where bot/scope.py's thresholds must sit between.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bot.evaluation import load_questions
from bot.runtime import open_answerer
from bot.scope import MIN_MARGIN, MIN_RELEVANCE
from bot.settings import Settings


def main(paths: list[str]) -> None:
    with tempfile.TemporaryDirectory() as data:
        answerer, _ = open_answerer(Settings(data_dir=Path(data)))
        rows = []
        for path in paths:
            for q in load_questions(Path(path)):
                vector = answerer.searcher.embedder.embed([q.q])[0]
                hits = answerer.searcher.search(q.q, 20, vector=vector)
                verdict = answerer.scope.judge(vector, hits)
                rows.append((q, verdict))
        print(f"thresholds: relevance >= {MIN_RELEVANCE}, margin >= {MIN_MARGIN}\n")
        print("| set | id | in scope | relevance | out-of-scope | margin | answered |")
        print("|---|---|---|---|---|---|---|")
        for q, v in sorted(rows, key=lambda r: (r[0].offtopic, r[1].relevance - r[1].out_of_scope)):
            print(f"| {q.id[0]} | {q.id} | {'no' if q.offtopic else 'yes'} | {v.relevance:.2f} | {v.out_of_scope:.2f} "
                  f"| {v.relevance - v.out_of_scope:+.2f} | {'yes' if v.answered else 'no'} |")
        inside = [v for q, v in rows if not q.offtopic]
        outside = [v for q, v in rows if q.offtopic]
        print(f"\nin scope: lowest relevance {min(v.relevance for v in inside):.2f}, "
              f"lowest margin {min(v.relevance - v.out_of_scope for v in inside):+.2f}")
        print(f"off topic: highest relevance {max(v.relevance for v in outside):.2f}, "
              f"highest margin {max(v.relevance - v.out_of_scope for v in outside):+.2f}")
        wrong = [q.id for q, v in rows if v.answered == q.offtopic]
        print(f"wrong verdicts: {', '.join(wrong) or 'none'}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["tests/data/dev_questions.jsonl", "tests/data/probe_questions.jsonl"])
