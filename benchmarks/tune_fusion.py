"""Choose how the learned ranker is fused with the raw retrievers' ranks, by cross-validation on the
tuning half only.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/tune_fusion.py [QUESTION_FILE]

Default file: tests/data/questions_tune.jsonl (its in-domain and misspelt questions with evidence).
For each question it takes peerbot's candidates and features (`Searcher.candidates`, the code that
answers), then, per seed and fold (5-fold, 5 seeds, folds by question), fits the ranking model
(index/ranking.py's logistic regression, C = 1) on the training questions and ranks the test
questions' candidates by reciprocal-rank fusion:

    1 / (k + rank by the model) + w * (1 / (k + rank by dense similarity) + 1 / (k + rank by BM25))

(w = 0 is the ranker alone). It prints out-of-fold recall@1, recall@5 and MRR over candidate
passages for each (k, w), and the first-five-snippets figure with at most two passages from one
document (as bot/answerer.py shows them), the pair with the best cross-validated MRR, and what
a cap of three or no cap would show. Candidates
and features are cached in $PEERBOT_BENCH_CACHE. The held-out half is never read.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import KFold  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, load_questions, normalise  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import ranking  # noqa: E402

try:
    from benchmarks import rrf
except ImportError:  # run as a script from benchmarks/
    import rrf  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("PEERBOT_BENCH_CACHE", "/work/scale-data-baseline"))
SEEDS = range(5)
K_GRID = (10, 30, 60)
W_GRID = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


def collect(path: Path) -> list[dict]:
    """Per answerable question: candidates' features, dense and lexical scores, documents, labels."""
    cached = CACHE / f"fusion-items-{path.stem}-{path.stat().st_mtime_ns}.pkl"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    questions = [q for q in load_questions(path) if q.category in ANSWERABLE and q.evidence]
    index = Answerer(open_corpus(Settings(data_dir=CACHE / "peerbot"))[0]).index
    searcher, passages = index.searcher, index.passages
    items = []
    for q in questions:
        query = searcher.prepare(q.q)
        candidates, features, lexical = searcher.candidates(query)
        wanted = [normalise(e) for e in q.evidence]
        items.append({
            "id": q.id, "features": features,
            "dense": ranking.dense_similarity(features),
            "lexical": np.array([lexical.get(c, 0.0) for c in candidates]),
            "documents": [passages[c].document_id for c in candidates],
            "labels": np.array([any(w in normalise(passages[c].text) for w in wanted) for c in candidates]),
        })
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(items))
    return items


def ranks(item: dict, learned: np.ndarray, k: int, w: float, cap: int = 2) -> tuple[int | None, int | None]:
    """Rank of the first passage holding the evidence, among candidates and among the shown snippets
    (at most `cap` from one document)."""
    order = rrf.fuse_ranks(learned, item["dense"], item["lexical"], k, w)
    labels = item["labels"][order]
    passage = int(np.argmax(labels)) + 1 if labels.any() else None
    shown: list[int] = []
    per_document: dict[str, int] = {}
    for i in order:
        document = item["documents"][i]
        if per_document.get(document, 0) < cap:
            shown.append(i)
            per_document[document] = per_document.get(document, 0) + 1
        if len(shown) == 5:
            break
    snippet = next((r for r, i in enumerate(shown, 1) if item["labels"][i]), None)
    return passage, snippet


def figures(found: list[int | None]) -> tuple[float, float, float]:
    return (float(np.mean([r == 1 for r in found])), float(np.mean([r is not None and r <= 5 for r in found])),
            float(np.mean([1 / r if r else 0.0 for r in found])))


def main(path: Path) -> None:
    items = [it for it in collect(path) if it["labels"].any()]
    print(f"{len(items)} answerable questions with their evidence among the candidates ({path.name})")
    results = {}
    for k in K_GRID:
        for w in W_GRID:
            results[(k, w)] = cross_validate(items, k, w)
            (r1, r5, mrr), (s1, s5, smrr) = results[(k, w)]
            print(f"  k={k:>2} w={w:<4}: passages recall@1 {r1:.3f} recall@5 {r5:.3f} MRR {mrr:.3f} | "
                  f"snippets recall@1 {s1:.3f} recall@5 {s5:.3f} MRR {smrr:.3f}")
    k, w = max(results, key=lambda kw: (round(results[kw][0][2], 3), -kw[1]))
    print(f"chosen (best cross-validated passage MRR, the smaller weight on a tie): FUSION_K = {k}, RETRIEVER_WEIGHT = {w}")
    for cap in (3, 99):  # what the answer's cap of two snippets from one document costs
        print(f"  at most {cap} snippets from one document: snippets recall@5 {cross_validate(items, k, w, cap)[1][1]:.3f}")


def cross_validate(items: list[dict], k: int, w: float, cap: int = 2):
    """Out-of-fold (passage, snippet) figures for one fusion setting."""
    passage, snippet = [], []
    for seed in SEEDS:
        for train, test in KFold(5, shuffle=True, random_state=seed).split(items):
            x = np.concatenate([items[i]["features"] for i in train])
            y = np.concatenate([items[i]["labels"] for i in train])
            model = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
            for i in test:
                p, s = ranks(items[i], model.decision_function(items[i]["features"]), k, w, cap)
                passage.append(p)
                snippet.append(s)
    return figures(passage), figures(snippet)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "questions_tune.jsonl")
