"""REQUEST_MARGIN by cross-validation: how much nearer an out-of-scope request than the corpus a question must be.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_request_margin.py

Reads the tuning files only (those of `tune_not_covered.py`; never the held-out half, the check sets
or typos_holdout.jsonl) and takes each question's signals through the code that answers
(`Searcher.prepare` / `search`, `ScopeGuard.signals`). For the questions the request rule sees (no
cue, closest request at least REQUEST_FLOOR similar) it counts, per margin, the answerable questions
the rule declines and the off-topic ones it lets pass. Each training split (5 folds x 5 seeds,
stratified by category) picks the middle of its best margins, or the shipped margin, or the largest of
its best; the test splits score the picks. Then every question whose outcome the shipped and the
chosen margin would differ on is listed, with the outcome it gets today.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from bot import scope  # noqa: E402
from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tune_not_covered import DEFAULT_SETS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GRID = np.round(np.arange(0.0, 0.301, 0.01), 2)


def signals() -> list[tuple[str, str, bool, float, float, str, str]]:
    """(id, category, cued, closest request, best corpus similarity, outcome today, question) per question."""
    rows = []
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(data)))[0])
        index, guard = answerer.index, answerer.corpus.scope
        for name in DEFAULT_SETS:
            for q in load_questions(ROOT / "tests" / "data" / name):
                query = index.prepare(q.q)
                hits = index.search(query, 20)
                _, similarity, request, _ = guard.signals(query, hits)
                cued = any(kind.cued(query.text) for kind in guard.kinds) or not query.worded
                rows.append((q.id, q.category, cued, request, similarity, guard.judge(query, hits).outcome, q.q))
    return rows


def main() -> None:
    rows = signals()
    category = np.array([r[1] for r in rows])
    request, similarity = np.array([r[3] for r in rows]), np.array([r[4] for r in rows])
    seen = ~np.array([r[2] for r in rows]) & (request >= scope.REQUEST_FLOOR)
    answerable, off = np.isin(category, ANSWERABLE), category == "off_topic"

    def declined(margin, where):
        return where & seen & (request - similarity >= margin)

    def errors(margin, where):
        d = declined(margin, where)
        return (d & answerable).sum(), (~d & off & where & seen).sum()

    def best(where):
        lost = np.array([sum(errors(m, where)) for m in GRID])
        return GRID[lost == lost.min()]

    picks = {"shipped": lambda b: scope.REQUEST_MARGIN, "middle": lambda b: round((b.min() + b.max()) / 2, 2),
             "largest": lambda b: b.max()}
    scored = {name: np.zeros(2) for name in picks}
    for seed in range(5):
        for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(category, category):
            train_rows, test_rows = np.isin(np.arange(len(rows)), train), np.isin(np.arange(len(rows)), test)
            margins = best(train_rows)
            for name, pick in picks.items():
                scored[name] += errors(pick(margins), test_rows)
    print(f"{len(rows)} questions ({answerable.sum()} answerable, {off.sum()} off-topic); the request rule sees "
          f"{seen.sum()} ({(seen & answerable).sum()} answerable, {(seen & off).sum()} off-topic)")
    for name, (lost, passed) in scored.items():
        print(f"{name:8} answerable declined {lost / 5:.1f}, off-topic let pass {passed / 5:.1f} (a pass over the set)")
    everything = np.ones(len(rows), bool)
    chosen = picks["middle"](best(everything))
    print(f"best margins on all questions: {best(everything).min()}-{best(everything).max()}; middle {chosen}")
    for i in np.flatnonzero(declined(scope.REQUEST_MARGIN, everything) != declined(chosen, everything)):
        print(f"  {rows[i][0]} {rows[i][1]} (today {rows[i][5]}), margin {request[i] - similarity[i]:.3f}: {rows[i][6]}")


if __name__ == "__main__":
    main()
