"""What the everyday-subject rule (`knowledge/everyday_topics.yaml`) adds to a warm answer with the real
model on the bundled corpus: its one fixed-size product per question, against the rest of the answer.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/bench_scope_everyday.py [--rounds 5]

Builds the bundled corpus's index in a temporary folder, makes two scope guards from the same files,
with and without the everyday subjects, and times per question (process CPU, one thread), in turn:
preparing and searching the question (embedding it included), judging it without the subjects, and
judging it with them; over the tuning questions (never the held-out half or the check sets),
`--rounds` times. Prints the medians and the ratio of a whole answer's cost with the subjects to
without.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions  # noqa: E402
from bot.scope import ScopeGuard  # noqa: E402
from bot.scope_files import load_everyday, load_out_of_scope, load_topics  # noqa: E402
from bot.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SETS = ("questions_tune.jsonl", "questions_tune_scope3.jsonl", "dev_questions.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    questions = [q.q for name in SETS for q in load_questions(ROOT / "tests" / "data" / name)]
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(data_dir=Path(data))
        corpus, _ = open_corpus(settings)
        index, knowledge = corpus.index, settings.knowledge_dir
        kinds = load_out_of_scope(knowledge)
        started = time.process_time()
        with_subjects = ScopeGuard(index.embedder, kinds, load_topics(knowledge), index, load_everyday(knowledge, kinds))
        load_with = time.process_time() - started
        started = time.process_time()
        without = ScopeGuard(index.embedder, kinds, load_topics(knowledge), index)
        load_without = time.process_time() - started
        for q in questions[:5]:  # warm up
            query = index.prepare(q)
            with_subjects.judge(query, index.search(query, 20))
        search, plain, everyday = [], [], []
        for _ in range(rounds):
            for q in questions:
                t0 = time.process_time_ns()
                query = index.prepare(q)
                hits = index.search(query, 20)
                t1 = time.process_time_ns()
                without.judge(query, hits)
                t2 = time.process_time_ns()
                with_subjects.judge(query, hits)
                t3 = time.process_time_ns()
                search.append(t1 - t0)
                plain.append(t2 - t1)
                everyday.append(t3 - t2)
        corpus.close()
    ms = lambda xs: float(np.median(xs)) / 1e6  # noqa: E731
    print(f"{len(questions)} questions x {rounds} rounds; median CPU ms per question:")
    print(f"  prepare + search {ms(search):.3f}; judge without subjects {ms(plain):.3f}; with {ms(everyday):.3f}")
    total_without = np.array(search) + np.array(plain)
    total_with = np.array(search) + np.array(everyday)
    print(f"  answer (prepare + search + judge): without {ms(total_without):.3f}, with {ms(total_with):.3f}; "
          f"ratio of means {total_with.mean() / total_without.mean():.3f}")
    print(f"  load: scope guard without subjects {load_without:.2f} s CPU, with {load_with:.2f} s CPU")


if __name__ == "__main__":
    main()
