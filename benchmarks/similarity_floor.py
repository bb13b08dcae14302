"""The not-covered similarity floor (`bot.scope.SIMILARITY_FLOOR`) measured on the tuning files.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/similarity_floor.py

Reads the tuning files only (never the held-out half, the check sets or typos_holdout.jsonl),
judges each question through the code that answers (`Searcher.prepare` / `search`, `ScopeGuard`)
with the floor as shipped and with none, in the same run, and prints: per file, the questions
declined and the answerable ones answered, both ways; the lowest best similarity of an answerable
question answered; and how many questions of each category are below candidate floors.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from bot import scope  # noqa: E402
from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FILES = ("questions_tune.jsonl", "questions_tune_extra.jsonl", "questions_tune_more.jsonl", "questions_tune_more2.jsonl",
         "questions_tune_scope.jsonl", "questions_tune_scope2.jsonl", "questions_tune_scope3.jsonl")
CANDIDATES = (0.20, 0.22, 0.24, 0.25, 0.26, 0.28)


def main() -> None:
    shipped = scope.SIMILARITY_FLOOR
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(data)))[0])
        index, guard = answerer.index, answerer.corpus.scope
        rows = []  # (file, category, outcome without a floor, outcome with it, best similarity)
        for name in FILES:
            for q in load_questions(ROOT / "tests" / "data" / name):
                query = index.prepare(q.q)
                hits = index.search(query, 20)
                scope.SIMILARITY_FLOOR = 0.0
                without = guard.judge(query, hits)
                scope.SIMILARITY_FLOOR = shipped
                rows.append((name, q.category, without.outcome, guard.judge(query, hits).outcome, without.similarity))
    print(f"floor {shipped}: file, declined without -> with, answerable answered without -> with")
    for name in FILES:
        mine = [r for r in rows if r[0] == name]
        answerable = [r for r in mine if r[1] in ANSWERABLE]
        print(f"  {name}: declined {sum(r[2] != 'answered' for r in mine)} -> {sum(r[3] != 'answered' for r in mine)} "
              f"of {len(mine)}; answerable answered {sum(r[2] == 'answered' for r in answerable)} -> "
              f"{sum(r[3] == 'answered' for r in answerable)} of {len(answerable)}")
    answered = sorted(r[4] for r in rows if r[1] in ANSWERABLE and r[2] == "answered")
    print(f"lowest best similarity of an answerable question answered: {', '.join(f'{s:.3f}' for s in answered[:3])}")
    for floor in CANDIDATES:
        below = {c: sum(1 for r in rows if r[1] == c and r[4] < floor) for c in ("in_domain", "misspelt", "not_covered", "off_topic")}
        lost = sum(1 for r in rows if r[1] in ANSWERABLE and r[2] == "answered" and r[4] < floor)
        print(f"  below {floor:.2f}: {below}; answerable answered now lost: {lost}")


if __name__ == "__main__":
    main()
