"""How many postings a large corpus's lexical search may read (index/search.py LEXICAL_POSTINGS):
the CPU time of the FTS5 BM25 query and how far its top passages move, per budget.

    .venv/bin/python benchmarks/lexical_budget.py INDEX_DB QUESTIONS [BUDGET ...]

INDEX_DB is a generation's `index.db` (e.g. `DATA/index/current/index.db` after `peerbot index`
on a corpus from benchmarks/scale_corpus.py), QUESTIONS one question a line. The reference is
the query before the budget: every stem used by at most a fifth of the passages (the rarest one
when all are commoner). For each budget, `IndexStore.lexical_search` as a large corpus's searcher calls it (the same
rule, then at most that many postings):
mean CPU ms a query, mean postings read, the share of the reference's top 20 it keeps, and the
questions whose top 10 is the reference's in the same order.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from index.lexical import match_query, query_stems  # noqa: E402
from index.store import IndexStore  # noqa: E402

LIMIT = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("budgets", type=int, nargs="*", default=[2_000, 5_000, 10_000, 20_000, 50_000])
    args = parser.parse_args()
    store = IndexStore.open(args.db, read_only=True)
    total = store.passage_count()
    questions = [q for q in args.questions.read_text().splitlines() if q.strip()]
    rows: dict[str, list[float]] = {}
    for question in questions:
        stems = query_stems(question)
        counts = dict(store.db.execute(
            f"SELECT term, doc FROM chunks_fts_terms WHERE term IN ({','.join('?' * len(stems))})", stems))
        common = [s for s in stems if counts.get(s, 0) <= total // 5] or [min(stems, key=lambda s: counts.get(s, 0))]
        t0 = time.process_time()
        reference = [r[0] for r in store.db.execute(
            "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT ?",
            [match_query("", common), LIMIT])]
        cost = (time.process_time() - t0) * 1000
        _add(rows, "before (stems under a fifth)", cost, sum(counts.get(s, 0) for s in common), 1.0, 1.0)
        for budget in args.budgets:
            t0 = time.process_time()
            found = [pid for pid, _ in store.lexical_search(question, LIMIT, total // 5, budget)]
            cost = (time.process_time() - t0) * 1000
            read = _read(common, counts, budget)
            kept = len(set(found[:20]) & set(reference[:20])) / max(1, len(reference[:20]))
            _add(rows, f"budget {budget:,}", cost, read, kept, float(found[:10] == reference[:10]))
    store.close()
    print(f"{total:,} passages, {len(questions)} questions")
    print("| lexical search | CPU ms a query | postings read | top 20 kept | same top 10 |\n|---|---|---|---|---|")
    for label, (cost, read, kept, same, n) in rows.items():
        print(f"| {label} | {cost / n:.1f} | {read / n:,.0f} | {kept / n:.2f} | {same:.0f} of {n:.0f} |")


def _read(stems: list[str], counts: dict[str, int], budget: int) -> int:
    read = 0
    for i, term in enumerate(sorted(stems, key=lambda t: counts.get(t, 0))):
        if i and read + counts.get(term, 0) > budget:
            break
        read += counts.get(term, 0)
    return read


def _add(rows: dict[str, list[float]], label: str, *values: float) -> None:
    row = rows.setdefault(label, [0.0] * (len(values) + 1))
    for i, v in enumerate(values):
        row[i] += v
    row[-1] += 1


if __name__ == "__main__":
    main()
