"""Known questions as passage expansion (document expansion with real questions, issue 9): would
attaching example questions to the passages that answer them help unseen paraphrases find them?
Cross-validated on the tuning half only.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_examples.py

Examples: every in-domain question of tests/data/questions_tune.jsonl, attached to each passage
holding one of its evidence strings (the first such passage of the corpus; one example per question
and passage). Two ways a passage matches by its examples, each a new ranking feature:

- cosine: the question's best cosine similarity to one of the passage's example questions (one
  examples x 384 product per question; 0 for a passage without examples);
- bm25: BM25 of the question's stems over the passage's example questions taken as one text
  (doc2query with real questions), over the best candidate's.

Protocol: 5-fold cross-validation repeated over 5 seeds, folds by question (a misspelt variant in
its base question's fold; the tuning half's not-covered and off-topic questions and
questions_tune_extra.jsonl are dealt into the folds too). In each fold only the training fold's
in-domain questions are attached, and the ranking model (index/ranking.py's logistic regression,
C = 1) is refitted on the training questions, each training question's example feature computed
without its own group's examples, so no question ever finds itself. The passages with the best
example similarity (EXTRA_CANDIDATES) join the candidates. The test fold's questions are ranked as
index/search.py ranks them (ranking.fuse_ranks, FUSION_K and RETRIEVER_WEIGHT as shipped, or the
model alone), the first five snippets chosen as bot/answerer.py chooses them (SCORE_DROP, at most
PER_DOCUMENT from one document), and judged with bot/scope.py's rule (whether the example cosine
counts as corpus similarity is one of the variants). The dev set is scored with every tuning
question attached and the model fitted on the whole tuning half. It also prints how well each
expansion ranks on its own, out of fold and (a check of the wiring) with the question's own
example attached. The held-out half and the check set are never read.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from bot import scope  # noqa: E402
from bot.answerer import PER_DOCUMENT, SCORE_DROP, Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, load_questions, normalise  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import ranking  # noqa: E402
from index.lexical import content_terms, stem  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
TUNE, EXTRA, DEV = DATA / "questions_tune.jsonl", DATA / "questions_tune_extra.jsonl", DATA / "dev_questions.jsonl"
SEEDS = range(5)
FOLDS = 5
EXTRA_CANDIDATES = 5  # passages with the best example similarity added as candidates
WEIGHTS_SEEN: list[float] = []  # the example feature's fitted weight, per fit of the current system
HITS = 20  # hits the scope rule reads (bot/answerer.py searches this many)
# name: (example feature: None, "cosine" or "bm25"; how the fused order sees it: "none", "dense"
# (the dense retriever's score is the best of its own and the example cosine) or "rank" (a third
# retriever); the example cosine counts as corpus similarity for bot/scope.py; retriever weight)
SYSTEMS = {
    "before (as shipped)": (None, "none", False, ranking.RETRIEVER_WEIGHT),
    "+cosine feature": ("cosine", "none", False, ranking.RETRIEVER_WEIGHT),
    "+cosine feature, in the dense rank": ("cosine", "dense", False, ranking.RETRIEVER_WEIGHT),
    "+cosine feature, its own fused rank": ("cosine", "rank", False, ranking.RETRIEVER_WEIGHT),
    "+cosine feature, counts as corpus similarity": ("cosine", "none", True, ranking.RETRIEVER_WEIGHT),
    "+bm25 feature": ("bm25", "none", False, ranking.RETRIEVER_WEIGHT),
    "model alone, before": (None, "none", False, 0.0),
    "model alone, +cosine feature": ("cosine", "none", False, 0.0),
    "model alone, +bm25 feature": ("bm25", "none", False, 0.0),
}


@dataclass
class Item:
    id: str
    group: str  # the base question's id (a misspelt variant's is its base's)
    category: str
    terms: list[str]  # stems of the question as searched
    candidates: list[int]  # the retrievers' candidates, then every other passage with an example
    base: int  # how many of them the retrievers found
    features: np.ndarray
    lexical: np.ndarray
    labels: np.ndarray
    documents: list[str]
    sims: np.ndarray  # cosine to every example
    signals: tuple  # (cued, request, has a kind, topic, known)


@dataclass
class Examples:
    owners: np.ndarray  # the question id of each example
    passages: np.ndarray  # the passage each is attached to
    terms: list[list[str]]  # each one's stems


def main() -> None:
    tune, extra, dev = load_questions(TUNE), load_questions(EXTRA), load_questions(DEV)
    variants = {row["id"]: row.get("variant_of") for row in map(json.loads, TUNE.read_text().splitlines())}
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(data)))[0])
        index, guard = answerer.index, answerer.corpus.scope
        searcher, passages = index.searcher, index.passages
        ordered = sorted(passages.values(), key=lambda p: (p.document_id, p.position))
        pairs: dict[tuple[str, int], str] = {}
        for q in tune:
            if q.category == "in_domain":
                for evidence in q.evidence:
                    pid = next((p.id for p in ordered if normalise(evidence) in normalise(p.text)), None)
                    if pid is not None:
                        pairs.setdefault((q.id, pid), q.q)
        examples = Examples(np.array([o for o, _ in pairs]), np.array([p for _, p in pairs], dtype=np.int64),
                            [_stems(text) for text in pairs.values()])
        vectors = index.embed(list(pairs.values()))
        print(f"{len(pairs)} examples from {len(set(examples.owners.tolist()))} in-domain tuning questions on "
              f"{len(set(examples.passages.tolist()))} of {len(passages)} passages")
        attached = set(examples.passages.tolist())
        items = [_item(q, variants.get(q.id) or q.id, searcher, guard, passages, vectors, attached)
                 for q in [*tune, *extra, *dev]]
    by_id = {it.id: it for it in items}
    tuning = [by_id[q.id] for q in [*tune, *extra]]
    development = [by_id[q.id] for q in dev]
    only = sum(it.category in ANSWERABLE and it.labels.any() and not it.labels[:it.base].any() for it in tuning)
    print(f"{only} answerable tuning questions whose passage only the examples could bring in as a candidate")
    _alone(tuning, examples)
    for name, system in SYSTEMS.items():
        WEIGHTS_SEEN.clear()
        results = [j for seed in SEEDS for j in _cross_validate(tuning, examples, seed, *system)]
        weights = f" (example feature's weight {min(WEIGHTS_SEEN):.2f} to {max(WEIGHTS_SEEN):.2f} over the fits)" if WEIGHTS_SEEN else ""
        print(f"\n{name}{weights}")
        _print("  tuning half, CV (5x5)", results)
        _print("  dev set, every tuning question attached", _score_dev(tuning, development, examples, *system))


def _stems(text: str) -> list[str]:
    return [stem(w) for w in content_terms(text)]


def _item(q, group: str, searcher, guard, passages, vectors, attached: set[int]) -> Item:
    query = searcher.prepare(q.q)
    base, _, lexical = searcher.candidates(query)
    candidates = [*base, *sorted(attached - set(base))]
    features = searcher._features(query.vector, candidates, lexical)
    wanted = [normalise(e) for e in q.evidence]
    hits = searcher.search(query, HITS)
    _, _, request, kind = guard.signals(query, hits)
    cued = any(k.cued(q.q) for k in guard.kinds)
    return Item(q.id, group, q.category, _stems(query.searched), candidates, len(base), features,
                np.array([lexical.get(c, 0.0) for c in candidates]),
                np.array([bool(wanted) and any(w in normalise(passages[c].text) for w in wanted) for c in candidates]),
                [passages[c].document_id for c in candidates], vectors @ query.vector,
                (cued, request, kind is not None, guard.topic(query), query.known))


def _feature(kind: str, item: Item, allowed: np.ndarray, examples: Examples) -> np.ndarray:
    """Each candidate's example score from the allowed examples (0 for a passage without one)."""
    best: dict[int, float] = {}
    if kind == "cosine":
        for pid, sim in zip(examples.passages[allowed].tolist(), item.sims[allowed].tolist()):
            best[pid] = max(sim, best.get(pid, -1.0))
    else:
        texts: dict[int, list[str]] = {}
        for pid, terms, ok in zip(examples.passages.tolist(), examples.terms, allowed):
            if ok:
                texts.setdefault(pid, []).extend(terms)
        best = _bm25(item.terms, texts)
        top = max(best.values(), default=0.0)
        best = {pid: s / top for pid, s in best.items()} if top > 0 else {}
    return np.array([best.get(c, 0.0) for c in item.candidates], dtype=np.float32)


def _bm25(query: list[str], texts: dict[int, list[str]], k1: float = 1.2, b: float = 0.75) -> dict[int, float]:
    n = len(texts)
    df = Counter(t for text in texts.values() for t in set(text))
    mean = np.mean([len(t) for t in texts.values()]) if texts else 1.0
    out = {}
    for pid, text in texts.items():
        tf = Counter(text)
        out[pid] = sum(math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) * tf[t] * (k1 + 1)
                       / (tf[t] + k1 * (1 - b + b * len(text) / mean)) for t in query if tf[t])
    return out


def _allowed(examples: Examples, attached: set[str], leave_out: str | None = None) -> np.ndarray:
    return np.array([o in attached and o != leave_out for o in examples.owners])


def _matrix(item: Item, example: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The candidates searched (the retrievers' and the EXTRA_CANDIDATES best by example score) and their features."""
    if example is None:
        rows = np.arange(item.base)
        return item.features[rows], rows
    extra = [i for i in np.argsort(-example, kind="stable")[:EXTRA_CANDIDATES] if example[i] > 0 and i >= item.base]
    rows = np.array([*range(item.base), *extra], dtype=np.int64)
    return np.column_stack([item.features[rows], example[rows]]), rows


def _fit(items: list[Item], examples: Examples, attached: set[str], kind: str | None) -> LogisticRegression:
    xs, ys = [], []
    for it in items:
        if it.category in ANSWERABLE and it.labels.any():
            example = _feature(kind, it, _allowed(examples, attached, it.group), examples) if kind else None
            x, rows = _matrix(it, example)
            xs.append(x)
            ys.append(it.labels[rows])
    model = LogisticRegression(C=1.0, max_iter=5000).fit(np.concatenate(xs), np.concatenate(ys))
    if kind:
        WEIGHTS_SEEN.append(float(model.coef_[0][-1]))
    return model


def _judge(item: Item, model, allowed, examples, kind, fusion: str, counts: bool, weight: float) -> dict:
    example = _feature(kind, item, allowed, examples) if kind else None
    cosine = _feature("cosine", item, allowed, examples)
    x, rows = _matrix(item, example)
    scores = model.decision_function(x)
    dense, lexical, own = ranking.dense_similarity(x), item.lexical[rows], cosine[rows]
    if fusion == "dense":
        dense = np.maximum(dense, own)
    fused = _rr(scores) + weight * (_rr(dense) + np.where(lexical > 0, _rr(lexical), 0.0)
                                    + (np.where(own > 0, _rr(own), 0.0) if fusion == "rank" else 0.0))
    order = np.lexsort((-scores, -fused))
    top = order[:HITS]
    hit_dense = np.maximum(x[top, ranking.FEATURES.index("passage")], x[top, ranking.FEATURES.index("sentence")])
    similarity = float(np.max(np.maximum(hit_dense, own[top]) if counts else hit_dense, initial=0.0))
    cued, request, has_kind, topic, known = item.signals
    if cued or (has_kind and request >= scope.REQUEST_FLOOR and request - similarity >= scope.REQUEST_MARGIN):
        outcome = "out_of_scope"
    elif not len(top) or not known or topic - similarity > scope.NC_MARGIN:
        outcome = "not_covered"
    else:
        outcome = "answered"
    labels = item.labels[rows][order]
    best = scores[top].max() if len(top) else 0.0
    shown: list[int] = []
    per: Counter[str] = Counter()
    for i in top:
        if len(shown) == 5 or scores[i] < best - SCORE_DROP:
            break
        if per[item.documents[rows[i]]] < PER_DOCUMENT:
            shown.append(i)
            per[item.documents[rows[i]]] += 1
    return {"category": item.category, "evidence": bool(item.labels.any()), "outcome": outcome,
            "passage": int(np.argmax(labels)) + 1 if labels.any() else None,
            "snippet": next((r for r, i in enumerate(shown, 1) if item.labels[rows[i]]), None)}


def _rr(scores: np.ndarray) -> np.ndarray:
    return ranking._reciprocal_ranks(scores, ranking.FUSION_K)


def _fold_of(items: list[Item], seed: int) -> dict[str, int]:
    groups = np.random.default_rng(seed).permutation(sorted({it.group for it in items})).tolist()
    return {g: i % FOLDS for i, g in enumerate(groups)}


def _cross_validate(items, examples, seed, kind, fusion, counts, weight) -> list[dict]:
    fold_of = _fold_of(items, seed)
    judged = []
    for fold in range(FOLDS):
        attached = {it.id for it in items if fold_of[it.group] != fold and it.category == "in_domain"}
        model = _fit([it for it in items if fold_of[it.group] != fold], examples, attached, kind)
        allowed = _allowed(examples, attached)
        judged += [_judge(it, model, allowed, examples, kind, fusion, counts, weight)
                   for it in items if fold_of[it.group] == fold]
    return judged


def _score_dev(tuning, development, examples, kind, fusion, counts, weight) -> list[dict]:
    attached = {it.id for it in tuning if it.category == "in_domain"}
    model = _fit(tuning, examples, attached, kind)
    return [_judge(it, model, _allowed(examples, attached), examples, kind, fusion, counts, weight) for it in development]


def _alone(items: list[Item], examples: Examples) -> None:
    """How well each expansion ranks the retrievers' candidates on its own."""
    print("\neach signal alone, ranking the retrievers' candidates (in-domain and misspelt, 5 seeds):")
    answerable = [it for it in items if it.category in ANSWERABLE and it.labels[:it.base].any()]
    for name in ("cosine", "bm25", "dense retriever", "cosine, own example attached", "bm25, own example attached"):
        ranks = []
        for seed in SEEDS:
            fold_of = _fold_of(items, seed)
            for it in answerable:
                if name == "dense retriever":
                    score = ranking.dense_similarity(it.features[:it.base])
                else:
                    inside = {o.id for o in items if o.category == "in_domain" and
                              (fold_of[o.group] != fold_of[it.group] or "own" in name)}
                    score = _feature(name.split(",")[0], it, _allowed(examples, inside), examples)[:it.base]
                ranks.append(int(np.argmax(it.labels[:it.base][np.argsort(-score, kind="stable")])) + 1)
        r = np.array(ranks)
        print(f"  {name:30} recall@1 {np.mean(r == 1):.3f}  recall@5 {np.mean(r <= 5):.3f}  MRR {np.mean(1 / r):.3f}")


def _print(title: str, judged: list[dict]) -> None:
    print(title)
    for category in ANSWERABLE:
        rows = [j for j in judged if j["category"] == category and j["evidence"]]
        for kind in ("passage", "snippet") if rows else ():
            r = [j[kind] for j in rows]
            print(f"    {category:9} {kind + 's':8} n={len(rows):4}  recall@1 {np.mean([x == 1 for x in r]):.3f}  "
                  f"recall@5 {np.mean([x is not None and x <= 5 for x in r]):.3f}  "
                  f"MRR {np.mean([1 / x if x else 0 for x in r]):.3f}  "
                  f"answered {np.mean([j['outcome'] == 'answered' for j in rows]):.3f}")
    for category, right in (("not_covered", "not_covered"), ("off_topic", "out_of_scope")):
        rows = [j for j in judged if j["category"] == category]
        if rows:
            print(f"    {category:11} n={len(rows):4}  declined {np.mean([j['outcome'] != 'answered' for j in rows]):.3f}"
                  f"  the right way {np.mean([j['outcome'] == right for j in rows]):.3f}")


if __name__ == "__main__":
    main()
