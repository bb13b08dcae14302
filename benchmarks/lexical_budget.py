"""Impact-ordered lists (index/impacts.py) against exact BM25: per list depth and shortlist size,
the CPU of a large corpus's lexical search and how far its passages move from FTS5's exact ones.

    .venv/bin/python benchmarks/lexical_budget.py INDEX_DB QUESTIONS [--depths 1000 2000 4000]
        [--rescored 50 100 200] [--limit 50]

INDEX_DB is a generation's `index.db` (e.g. `DATA/index/current/index.db` after `peerbot index`
on a corpus from benchmarks/scale_corpus.py; it is copied, never changed), QUESTIONS one question a
line. The reference is FTS5's exact query over every stem of the question (what a corpus below
`impacts.LARGE_CORPUS` passages runs). For each depth, the copy's lists are rebuilt as a build
would (`IndexStore.set_stem_impacts`, its CPU and size reported), then for each shortlist size
`IndexStore.lexical_search` answers every question: CPU ms a query (mean, p95), the questions with
the same best passage, and the share of the exact top 10 and top 50 it finds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from index.impacts import ImpactRule  # noqa: E402
from index.lexical import match_query, query_stems  # noqa: E402
from index.store import IndexStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--depths", type=int, nargs="+", default=[1_000, 2_000, 4_000])
    parser.add_argument("--rescored", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args()
    questions = [q for q in args.questions.read_text().splitlines() if q.strip()]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "index.db"
        IndexStore.copy(args.db, path)
        store = IndexStore.open(path)  # applies m008 if the copy predates it
        exact, cost = {}, []
        for question in questions:
            t0 = time.process_time()
            exact[question] = [r[0] for r in store.db.execute(
                "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT ?",
                [match_query("", query_stems(question)), args.limit])]
            cost.append((time.process_time() - t0) * 1000)
        print(f"{store.passage_count():,} passages, {len(questions)} questions, top {args.limit}")
        print("| lists | build CPU s | lists MB | shortlist | CPU ms a query mean / p95 | same best passage "
              "| exact top 10 found | exact top 50 found |\n|---|---|---|---|---|---|---|---|")
        print(f"| none (exact FTS5) | | | | {np.mean(cost):.1f} / {np.percentile(cost, 95):.1f} | | | |")
        for depth in args.depths:
            t0 = time.process_time()
            with store.transaction():
                store.set_stem_impacts(ImpactRule(depth, 0))
            built = time.process_time() - t0
            size = store.db.execute("SELECT coalesce(sum(length(passages) + length(scores)), 0) FROM stem_impacts").fetchone()[0]
            for rescored in args.rescored:
                cost, best, tens, fifties = [], 0, [], []
                for question in questions:
                    t0 = time.process_time()
                    found = [pid for pid, _ in store.lexical_search(question, args.limit, rescored)]
                    cost.append((time.process_time() - t0) * 1000)
                    reference = exact[question]
                    best += found[:1] == reference[:1]
                    tens.append(len(set(found[:10]) & set(reference[:10])) / max(1, len(reference[:10])))
                    fifties.append(len(set(found) & set(reference)) / max(1, len(reference)))
                print(f"| depth {depth:,} | {built:.1f} | {size / 1e6:.1f} | {rescored} | {np.mean(cost):.1f} / "
                      f"{np.percentile(cost, 95):.1f} | {best} of {len(questions)} | {np.mean(tens):.2f} | {np.mean(fifties):.2f} |")
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
