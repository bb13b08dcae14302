"""`peerbot eval`'s scoring for many question files, the model and index loaded once.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/eval_many.py questions_tune dev_questions ...

Each name is a file of tests/data (without .jsonl; never the held-out half, the check sets or
typos_holdout.jsonl). Prints, per file, each category's recall@1/@5, answered, declined and
declined-the-right-way shares (`bot.evaluation.evaluate` over `Answerer.answer`, as `peerbot eval`),
then every question not right with its outcome: for comparing a branch with main on many files in
one process per side (run from each checkout with PYTHONPATH set to it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.answerer import Answerer
from bot.corpus import open_corpus
from bot.evaluation import evaluate, load_questions
from bot.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
UNTOUCHED = ("questions_holdout", "typos_holdout", "questions_check")


def main(names: list[str]) -> None:
    if any(name.startswith(UNTOUCHED) for name in names):
        sys.exit("eval_many: the held-out half and the check sets are never scored here")
    answer = Answerer(open_corpus(Settings.from_env())[0]).answer
    for name in names:
        report = evaluate(load_questions(DATA / f"{name}.jsonl"), answer)
        print(f"== {name}", flush=True)
        for category, score in report.categories.items():
            if score.questions:
                print(f"  {category:12} n={score.questions:4} r1={score.recall_at_1} r5={score.recall_at_5} "
                      f"answered={score.answered} declined={score.declined} right={score.right_outcome}")
        print("  not right:", " ".join(f"{r.id}:{r.outcome}" for r in report.results if not r.ok), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
