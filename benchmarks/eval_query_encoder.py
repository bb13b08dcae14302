"""Retrieval quality of each query encoder (PEERBOT_QUERY_ENCODER) on the project's own question sets.

The same index (built once, passages embedded by torch as always) is answered with questions
embedded by each encoder in turn: `peerbot eval`'s figures per question file, and how many
questions' outcome or evidence rank differ from torch's. Never the held-out or check sets.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/eval_query_encoder.py --data /tmp/qe-data
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import evaluate, load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402

FILES = ["questions_tune.jsonl", "questions_tune_extra.jsonl", "questions_tune_scope.jsonl",
         "questions_tune_scope2.jsonl", "dev_questions.jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="PEERBOT_DATA_DIR (the index is built there once)")
    parser.add_argument("--encoders", nargs="*", default=["torch", "onnx", "onnx-int8"])
    args = parser.parse_args()
    baseline: dict[tuple[str, str], tuple] = {}
    print("| encoder | file | questions | recall@1 | recall@5 | MRR | answered (answerable) | declined (others) "
          "| outcome or rank differs from torch |")
    print("|---|---|---|---|---|---|---|---|---|")
    for encoder in args.encoders:
        settings = dataclasses.replace(Settings.from_env(), data_dir=args.data, query_encoder=encoder)
        corpus, _ = open_corpus(settings)
        answer = Answerer(corpus).answer
        for name in FILES:
            report = evaluate(load_questions(ROOT / "tests" / "data" / name), answer)
            differs = 0
            for r in report.results:
                key = (name, r.id)
                baseline.setdefault(key, (r.outcome, r.rank))
                differs += baseline[key] != (r.outcome, r.rank)
            answerable = [r for r in report.results if r.category in ("in_domain", "misspelt")]
            others = [r for r in report.results if r.category not in ("in_domain", "misspelt")]
            cells = [_f(report.recall_at_1), _f(report.recall_at_5), _f(report.mrr),
                     f"{sum(r.answered for r in answerable)}/{len(answerable)}",
                     f"{sum(not r.answered for r in others)}/{len(others)}"]
            print(f"| {encoder} | {name} | {report.questions} | {' | '.join(cells)} | {differs} |", flush=True)


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
