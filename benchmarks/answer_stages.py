"""Where a warm answer's CPU goes on a built index, stage by stage, and what looking up the
question's stem counts costs from fts5vocab against the counts a build stores (migration m007).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/answer_stages.py DATA KNOWLEDGE QUESTIONS [--questions 40]

DATA is a `PEERBOT_DATA_DIR` holding an index built with `PEERBOT_MODEL=hashing` and KNOWLEDGE its
corpus (benchmarks/scale_corpus.py writes both, and questions). After 5 untimed answers, each
question is answered twice; after each answer the searcher's own steps are timed one by one
(process CPU): spelling and embedding, the dense search, the lexical search, reconstructing the
candidates' vectors, and re-scoring them (reconstruction included). Then, for every question, the
stems' passage counts are read both ways (when the database has `stem_counts`) and asserted equal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scale_measure import percentile  # noqa: E402

STAGES = ("answer", "prepare", "dense", "lexical", "vectors", "features")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("knowledge", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--questions", dest="count", type=int, default=40)
    args = parser.parse_args()
    os.environ.update(PEERBOT_MODEL="hashing", PEERBOT_DATA_DIR=str(args.data), PEERBOT_KNOWLEDGE_DIR=str(args.knowledge))
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.settings import Settings
    from index.lexical import query_stems
    from index.search import LEXICAL_CANDIDATES

    questions = [q for q in args.questions.read_text().splitlines() if q.strip()]
    answerer = Answerer(open_corpus(Settings.from_env(), build_if_missing=False)[0])
    searcher = answerer.index.searcher
    for question in questions[:5]:
        answerer.answer(question)
    clock = time.process_time
    timed: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for _ in range(2):
        for question in questions[5:5 + args.count]:
            t0 = clock()
            answerer.answer(question)
            t1 = clock()
            query = searcher.prepare(question)
            t2 = clock()
            dense = searcher._dense_candidates(query.vector)
            t3 = clock()
            lexical = dict(searcher._store.lexical_search(query.searched, LEXICAL_CANDIDATES, passages=searcher._passages))
            t4 = clock()
            candidates = list(dict.fromkeys([*dense, *lexical]))
            units = searcher._layout.units_of(np.array(candidates, dtype=np.int64))
            flat = np.concatenate([units.passage, units.sentences.ravel(), units.windows.ravel()])
            ids = np.unique(flat[flat >= 0])
            t5 = clock()
            searcher._vectors.vectors(ids)
            t6 = clock()
            searcher._features(query.vector, candidates, lexical)
            t7 = clock()
            for stage, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t6 - t5, t7 - t6)):
                timed[stage].append(seconds * 1000)
    print(f"{len(answerer.index.passages):,} passages; {len(timed['answer'])} answers (CPU ms)")
    print("| stage | p50 | p95 |\n|---|---|---|")
    for stage, values in timed.items():
        print(f"| {stage} | {percentile(values, 50):.2f} | {percentile(values, 95):.2f} |")
    store = searcher._store
    if not store.db["stem_counts"].exists():
        print("\nno stem_counts table (a generation built before m007)")
        return
    vocab, stored = [], []
    for question in questions:
        stems = query_stems(question)
        marks = ",".join("?" * len(stems))
        t0 = clock()
        counted = dict(store.db.execute(f"SELECT term, doc FROM chunks_fts_terms WHERE term IN ({marks})", stems))
        t1 = clock()
        kept = dict(store.db.execute(f"SELECT stem, passages FROM stem_counts WHERE stem IN ({marks})", stems))
        t2 = clock()
        assert counted == kept, question
        vocab.append((t1 - t0) * 1000)
        stored.append((t2 - t1) * 1000)
    print(f"\nstem counts of {len(questions)} questions, CPU ms a question (p50 / p95 / mean)")
    print("| stem counts | ms |\n|---|---|")
    for label, values in (("fts5vocab", vocab), ("stored (m007)", stored)):
        print(f"| {label} | {percentile(values, 50):.2f} / {percentile(values, 95):.2f} / {sum(values) / len(values):.2f} |")


if __name__ == "__main__":
    main()
