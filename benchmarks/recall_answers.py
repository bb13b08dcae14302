"""The untouched fifth and the dev set through `Answerer.answer`, as `peerbot eval` scores them, and the
declines of every pooled off-topic and not-covered question (issue 9, part 1; BENCHMARKS.md, "Stop 46").

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/recall_answers.py

`benchmarks/recall_cv.py` chose the fusion on the rest of the pool; this scores what it set aside. Run it
from a checkout of main with PYTHONPATH set to it for the "before" figures (it imports nothing main lacks).
A file's own example questions are detached while it is scored (`knowledge/example_questions.yaml` was
written from `questions_tune_more*.jsonl`), so no question is found by itself.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import evaluate, load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index.examples import ExampleMatcher, load_examples, located  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
POOL = ("questions_tune", "questions_tune_typos", "questions_tune_more", "questions_tune_more2", "questions_tune_more3",
        "questions_tune_scope", "questions_tune_scope2", "questions_tune_scope3", "questions_tune_scope4",
        "questions_tune_extra", "probe_questions")
REPORT = ("dev_questions",)
FOLDS = 5
DECLINES = ("off_topic", "not_covered")


def split(file: str, qid: str) -> int:
    """-1 for the untouched fifth, else the question's fold (0 to FOLDS - 1): by a hash of "file:id"."""
    h = int(hashlib.sha256(f"{file}:{qid}".encode()).hexdigest()[:12], 16)
    return -1 if h % 5 == 0 else (h // 5) % FOLDS


def main() -> None:
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    searcher = answerer.index.searcher
    attached = located(load_examples(Settings.from_env().knowledge_dir), answerer.index.passages.values())
    vectors = answerer.index.embed([e.question for e, _ in attached])
    groups: dict[str, list] = {}
    for name in POOL + REPORT:
        questions = load_questions(DATA / f"{name}.jsonl")
        own = {q.q.strip() for q in questions if q.category == "in_domain"}
        keep = [i for i, (e, _) in enumerate(attached) if e.question.strip() not in own]
        searcher._examples = ExampleMatcher([attached[i][1] for i in keep], vectors[keep], [attached[i][0].question for i in keep])
        fifth = [q for q in questions if name in REPORT or split(name, q.id) == -1]
        declines = [q for q in questions if name not in REPORT and split(name, q.id) >= 0 and q.category in DECLINES]
        for group, part in (("dev" if name in REPORT else "untouched fifth", fifth), ("pooled declines", declines)):
            if part:
                groups.setdefault(group, []).extend(evaluate(part, answerer.answer).results)
    for group, results in groups.items():
        for category in ("in_domain", "misspelt", *DECLINES):
            rows = [r for r in results if r.category == category]
            if not rows:
                continue
            if category in DECLINES:
                declined = sum(not r.answered for r in rows) / len(rows)
                right = sum(r.outcome == ("out_of_scope" if category == "off_topic" else "not_covered") for r in rows) / len(rows)
                print(f"{group:16} {category:12} n={len(rows):4} declined {declined:.3f} right way {right:.3f}")
                continue
            scored = [r for r in rows if r.has_evidence]
            r1 = sum(r.rank == 1 for r in scored) / len(scored)
            r5 = sum(r.rank is not None and r.rank <= 5 for r in scored) / len(scored)
            mrr = sum(1 / r.rank for r in scored if r.rank) / len(scored)
            answered = sum(r.answered for r in rows) / len(rows)
            print(f"{group:16} {category:12} n={len(scored):4} {r1:.3f} / {r5:.3f} / {mrr:.3f} answered {answered:.3f}")
    answerer.corpus.close()


if __name__ == "__main__":
    main()
