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
index/search.py ranks them (rrf.fuse_ranks, FUSION_K and RETRIEVER_WEIGHT as shipped, or the
model alone), the first five snippets chosen as bot/snippet_choice.py chooses them (SCORE_DROP, at most
PER_DOCUMENT from one document), and judged with bot/scope.py's rule (whether the example cosine
counts as corpus similarity is one of the variants). The dev set is scored with every tuning
question attached and the model fitted on the whole tuning half. It also prints how well each
expansion ranks on its own, out of fold and (a check of the wiring) with the question's own
example attached. The held-out half and the check set are never read.

More questions per passage (`--more FILE`; BENCHMARKS.md, "More questions per passage"):

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_examples.py --more tests/data/questions_tune_more.jsonl

FILE holds further answerable questions (questions_tune.jsonl's format, with `points`: the summary
points each was written from). They are ALWAYS training data, never test, in the tuning estimate:
examples attached to their passages, and rows of the ranking model's fit. With `--more` (as with
`--product`) the tuning half also takes questions_tune_typos.jsonl (each variant in its base
question's fold; a variant of a dev question is left out of the dev set's fit), and every test
question goes through the product's order and rules: the model's, dense, BM25 and late interaction's
ranks fused as index/search.py fuses them, snippets by `Answerer._choose_snippets`, the outcome by
`ScopeGuard.judge` on those hits, scored as `peerbot eval` scores them. Three estimates:

1. the tuning half, cross-validated as above (5 folds x 5 seeds, folds by question); "before" the
   same folds with the ranking model refitted on the training fold only and no example of FILE;
2. FILE as the test set, 5 folds x 5 seeds grouped by summary point (questions sharing a point,
   directly or through another question, in one fold): training the whole tuning half plus the
   other folds' questions; "before" the tuning half alone;
3. the dev set, trained on the whole tuning half plus FILE ("before": the tuning half alone).

Several FILEs (`--more FILE1 FILE2`; BENCHMARKS.md, "Denser example questions"): every FILE's questions
are training rows, and a system attaches the in-domain questions of all FILEs or of the first N only
("FILE 1 attached only": before FILE 2's examples; "the first 2 FILEs attached": before FILE 3's); estimate 2 is made for each FILE in turn, the
other FILEs' attached questions attached throughout (so FILE 2 as test under "FILE 1 attached only" is
how questions about points no shipped example covers fare).

A training question of FILE gets its example feature without the examples of its own point group
(the questions of one point are written alike, and a new question will rarely have such twins).
Systems: (a) the ranking model refitted with FILE's questions among its rows; (b) the example
expansion (cosine or bm25, as above, and the cosine fused as the dense rank or as its own rank) with
FILE's in-domain questions and the training fold's attached, FILE's questions among the fit's rows
too; "weighed by its margin over the dense (A, B)": the cosine's rank at 2 times
clip((best example cosine - best dense similarity - A) / B, 0, 1), index/examples.py's `fused_weight`
at A = 0, B = `RAMP`. `--product` alone prints "before" under this protocol, without FILE.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from question_points import knowledge_without_examples, point_groups  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from bot import scope  # noqa: E402
from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, evidence_rank, load_questions, normalise  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.snippet_choice import PER_DOCUMENT, SCORE_DROP  # noqa: E402
from index import ranking  # noqa: E402
from index.lexical import content_terms, stem  # noqa: E402
from index.search import Hit, Query  # noqa: E402

try:
    from benchmarks import rrf
except ImportError:  # run as a script from benchmarks/
    import rrf  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
TUNE, EXTRA, DEV = DATA / "questions_tune.jsonl", DATA / "questions_tune_extra.jsonl", DATA / "dev_questions.jsonl"
TYPOS = DATA / "questions_tune_typos.jsonl"
SEEDS = range(5)
FOLDS = 5
EXTRA_CANDIDATES = 5  # passages with the best example similarity added as candidates
WEIGHTS_SEEN: list[float] = []  # the example feature's fitted weight, per fit of the current system
HITS = 20  # hits the scope rule reads (bot/answerer.py searches this many)
# name: (example feature: None, "cosine" or "bm25"; how the fused order sees it: "none", "dense"
# (the dense retriever's score is the best of its own and the example cosine) or "rank" (a further
# retriever, at the retrievers' weight; "rank:W": at W; "only:W": that rank at W, the feature left out
# of the ranking model); the example cosine counts as corpus
# similarity for bot/scope.py; retriever weight)
SYSTEMS = {
    "before (as shipped)": (None, "none", False, rrf.RETRIEVER_WEIGHT),
    "+cosine feature": ("cosine", "none", False, rrf.RETRIEVER_WEIGHT),
    "+cosine feature, in the dense rank": ("cosine", "dense", False, rrf.RETRIEVER_WEIGHT),
    "+cosine feature, its own fused rank": ("cosine", "rank", False, rrf.RETRIEVER_WEIGHT),
    "+cosine feature, counts as corpus similarity": ("cosine", "none", True, rrf.RETRIEVER_WEIGHT),
    "+bm25 feature": ("bm25", "none", False, rrf.RETRIEVER_WEIGHT),
    "model alone, before": (None, "none", False, 0.0),
    "model alone, +cosine feature": ("cosine", "none", False, 0.0),
    "model alone, +bm25 feature": ("bm25", "none", False, 0.0),
}
# With --more: the same tuple, then whether the FILEs' questions are rows of the ranking model's fit,
# and how many of the FILEs (the first N, in order) have their in-domain questions attached as examples.
ALL = 99
MORE_SYSTEMS = {
    "before (as shipped, refitted per fold)": (None, "none", False, rrf.RETRIEVER_WEIGHT, False, 0),
    "(a) ranking refitted with FILE": (None, "none", False, rrf.RETRIEVER_WEIGHT, True, 0),
    "(b) +cosine feature, FILE attached": ("cosine", "none", False, rrf.RETRIEVER_WEIGHT, True, ALL),
    "(b) +cosine feature, in the dense rank": ("cosine", "dense", False, rrf.RETRIEVER_WEIGHT, True, ALL),
    "(b) +cosine feature, its own fused rank": ("cosine", "rank", False, rrf.RETRIEVER_WEIGHT, True, ALL),
    "(b) +cosine, counts as corpus similarity": ("cosine", "none", True, rrf.RETRIEVER_WEIGHT, True, ALL),
    "(b) +bm25 feature, FILE attached": ("bm25", "none", False, rrf.RETRIEVER_WEIGHT, True, ALL),
    **{f"(b) +bm25 feature, its own fused rank at {w}": ("bm25", f"rank:{w}", False, rrf.RETRIEVER_WEIGHT, True, ALL)
       for w in (1, 2, 3, 4, 6)},
    **{f"(b) +cosine feature, its own fused rank at {w}": ("cosine", f"rank:{w}", False, rrf.RETRIEVER_WEIGHT, True, ALL)
       for w in (1, 3, 4, 6)},
    **{f"(b) cosine's rank fused at {w}, the model without it": ("cosine", f"only:{w}", False, rrf.RETRIEVER_WEIGHT,
                                                                 True, ALL) for w in (1, 2, 3)},
    **{f"(b) bm25's rank fused at {w}, the model without it": ("bm25", f"only:{w}", False, rrf.RETRIEVER_WEIGHT,
                                                               True, ALL) for w in (1, 2, 3)},
    "(b) cosine's rank fused at 2, FILE 1 attached only": ("cosine", "only:2", False, rrf.RETRIEVER_WEIGHT, True, 1),
    **{f"(b) cosine's rank fused at 2, weighed by its margin over the dense ({a}, {b})":
       ("cosine", f"only:2:ramp={a},{b}", False, rrf.RETRIEVER_WEIGHT, True, ALL) for a, b in ((0, 0.1), (0.02, 0.1))},
    "(b) cosine's rank fused at 2, weighed by its margin (0, 0.1), FILE 1 attached only":
        ("cosine", "only:2:ramp=0,0.1", False, rrf.RETRIEVER_WEIGHT, True, 1),
    "(b) cosine's rank fused at 2, weighed by its margin (0, 0.1), the first 2 FILEs attached":
        ("cosine", "only:2:ramp=0,0.1", False, rrf.RETRIEVER_WEIGHT, True, 2),
}


@dataclass
class Item:
    id: str
    group: str  # the base question's id (a misspelt variant's is its base's); FILE's: its point group
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
    question: str = ""
    evidence: tuple[str, ...] = ()
    query: Query | None = None
    late: np.ndarray | None = None  # late interaction's MaxSim per candidate (None: not fused)
    more: int = 0  # from the k-th FILE (0: not from one)


@dataclass
class Examples:
    owners: np.ndarray  # the question id of each example
    passages: np.ndarray  # the passage each is attached to
    terms: list[list[str]]  # each one's stems
    groups: np.ndarray  # each one's question group (Item.group)


@dataclass
class Product:
    """What `_judge` needs to rank, choose snippets and judge as the product does (--product)."""

    answerer: Answerer
    passages: dict


PRODUCT: Product | None = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--more", type=Path, nargs="+", default=[],
                        help="files of further answerable questions: training only, and test sets by point")
    parser.add_argument("--product", action="store_true", help="the product's order and rules, with the typo half")
    parser.add_argument("--only", nargs="*", default=(), help="with --more: only the systems whose names hold one of these")
    args = parser.parse_args()
    product = args.product or bool(args.more)
    tune, extra, dev = load_questions(TUNE), load_questions(EXTRA), load_questions(DEV)
    typos = load_questions(TYPOS) if product else []
    mores = [load_questions(path) for path in args.more]
    more = [q for questions in mores for q in questions]
    source = {q.id: k for k, questions in enumerate(mores, 1) for q in questions}
    if len(source) < len(more):
        sys.exit("the --more files share question ids")
    variants = {row["id"]: row.get("variant_of") for path in (TUNE, *([TYPOS] if product else []))
                for row in map(json.loads, path.read_text().splitlines())}
    more_groups = {q: group for path in args.more for q, group in point_groups(path).items()}
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(data), knowledge_dir=knowledge_without_examples(Path(data))))[0])
        index, guard = answerer.index, answerer.corpus.scope
        searcher, passages = index.searcher, index.passages
        global PRODUCT
        PRODUCT = Product(answerer, passages) if product else None
        ordered = sorted(passages.values(), key=lambda p: (p.document_id, p.position))
        pairs: dict[tuple[str, int], str] = {}
        owner_group: dict[str, str] = {}
        for q in [*tune, *more]:
            if q.category == "in_domain":
                owner_group[q.id] = more_groups.get(q.id, q.id)
                for evidence in q.evidence:
                    pid = next((p.id for p in ordered if normalise(evidence) in normalise(p.text)), None)
                    if pid is not None:
                        pairs.setdefault((q.id, pid), q.q)
        examples = Examples(np.array([o for o, _ in pairs]), np.array([p for _, p in pairs], dtype=np.int64),
                            [_stems(text) for text in pairs.values()], np.array([owner_group[o] for o, _ in pairs]))
        vectors = index.embed(list(pairs.values()))
        print(f"{len(pairs)} examples from {len(set(examples.owners.tolist()))} in-domain questions on "
              f"{len(set(examples.passages.tolist()))} of {len(passages)} passages")
        for k, (path, questions) in enumerate(zip(args.more, mores), 1):
            print(f"FILE {k} {path}: {len(questions)} questions, {sum(q.category == 'in_domain' for q in questions)} "
                  f"in-domain, {len({more_groups[q.id] for q in questions})} point groups")
        attached = set(examples.passages.tolist())
        items = [_item(q, variants.get(q.id) or q.id, searcher, guard, passages, vectors,
                       attached, product) for q in [*tune, *typos, *extra, *dev]]
        items += [_item(q, more_groups[q.id], searcher, guard, passages, vectors, attached, product, more=source[q.id])
                  for q in more]
    by_id = {it.id: it for it in items if not it.more}
    tuning = [by_id[q.id] for q in [*tune, *typos, *extra]]
    development = [by_id[q.id] for q in dev]
    extras = [it for it in items if it.more]
    only = sum(it.category in ANSWERABLE and it.labels.any() and not it.labels[:it.base].any() for it in tuning)
    print(f"{only} answerable tuning questions whose passage only the examples could bring in as a candidate")
    if not product:
        _alone(tuning, examples)
        for name, system in SYSTEMS.items():
            WEIGHTS_SEEN.clear()
            results = [j for seed in SEEDS for j in _cross_validate(tuning, examples, seed, *system)]
            weights = f" (example feature's weight {min(WEIGHTS_SEEN):.2f} to {max(WEIGHTS_SEEN):.2f} over the fits)" if WEIGHTS_SEEN else ""
            print(f"\n{name}{weights}")
            _print("  tuning half, CV (5x5)", results)
            _print("  dev set, every tuning question attached", _score_dev(tuning, development, examples, *system))
        return
    dev_ids = {q.id for q in dev}
    fitted = [it for it in tuning if it.group not in dev_ids]  # no variant of a dev question in the dev set's fit
    _alone(tuning, examples, extras)
    chosen = {name: system for i, (name, system) in enumerate(MORE_SYSTEMS.items())
              if not i or more and (not args.only or any(word in name for word in args.only))}
    for name, (kind, fusion, counts, weight, rows, attach) in chosen.items():
        WEIGHTS_SEEN.clear()
        always = extras if rows else []
        shown = {it.id for it in extras if it.category == "in_domain" and it.more <= attach}
        results = [j for seed in SEEDS for j in _cross_validate(tuning, examples, seed, kind, fusion, counts, weight,
                                                                always, shown)]
        weights = f" (example feature's weight {min(WEIGHTS_SEEN):.2f} to {max(WEIGHTS_SEEN):.2f} over the fits)" if WEIGHTS_SEEN else ""
        print(f"\n{name}{weights}", flush=True)
        _print("  1. tuning half, CV (5x5 by question; FILE training only)", results)
        for k in range(1, len(mores) + 1):
            tested = [it for it in extras if it.more == k]
            others = [it for it in always if it.more != k]
            by_point = [j for seed in SEEDS for j in _cross_validate(
                tested, examples, seed, kind, fusion, counts, weight, [*fitted, *others],
                {it.id for it in fitted if it.category == "in_domain"} | {it.id for it in others if it.id in shown},
                fold_rows=rows, fold_examples=attach >= k)]
            _print(f"  2. FILE {k} as test (5x5 by point; trained on the tuning half"
                   + (" + the other files and folds)" if rows else ")"), by_point)
        _print("  3. dev set, trained on the tuning half" + (" + FILE" if rows else ""),
               _score_dev([*fitted, *always], development, examples, kind, fusion, counts, weight, shown))


def _stems(text: str) -> list[str]:
    return [stem(w) for w in content_terms(text)]


def _item(q, group: str, searcher, guard, passages, vectors, attached: set[int], product: bool,
          more: bool = False) -> Item:
    query = searcher.prepare(q.q)
    base, _, lexical = searcher.candidates(query)
    candidates = [*base, *sorted(attached - set(base))]
    features = searcher._features(query.vector, candidates, lexical)
    late = None
    if product:  # the retrievers' candidates' features exactly as search() computes them (PRF over them alone)
        features[:len(base)] = searcher._features(query.vector, base, lexical)
        if searcher._tokens is not None and query.tokens is not None:
            late = searcher._tokens.maxsim(query.tokens, np.array(candidates, dtype=np.int64))
    wanted = [normalise(e) for e in q.evidence]
    hits = searcher.search(query, HITS)
    _, _, request, kind = guard.signals(query, hits)
    cued = any(k.cued(q.q) for k in guard.kinds)
    return Item(q.id, group, q.category, _stems(query.searched), candidates, len(base), features,
                np.array([lexical.get(c, 0.0) for c in candidates]),
                np.array([bool(wanted) and any(w in normalise(passages[c].text) for w in wanted) for c in candidates]),
                [passages[c].document_id for c in candidates], vectors @ query.vector,
                (cued, request, kind is not None, guard.topic(query), query.known),
                q.q, tuple(q.evidence), query, late, more)


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
    """The examples of the `attached` questions, without those of group `leave_out`."""
    return np.array([o in attached and g != leave_out for o, g in zip(examples.owners, examples.groups)])


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
    x, rows = _matrix(item, None if fusion.startswith("only") else example)
    scores = model.decision_function(x)
    dense, lexical, own = ranking.dense_similarity(x), item.lexical[rows], cosine[rows]
    if fusion == "dense":
        dense = np.maximum(dense, own)
    fused = _rr(scores) + weight * (_rr(dense) + np.where(lexical > 0, _rr(lexical), 0.0))
    if fusion.startswith(("rank", "only")):  # "rank": the example score's rank at the retrievers' weight; "rank:W" at W
        signal = example[rows] if example is not None else own
        at, _, ramp = fusion[5:].partition(":ramp=")  # "only:W:ramp=A,B": W times the margin's ramp (_margin_ramp)
        fused += ((float(at) if at else weight) * (_margin_ramp(signal, dense, *map(float, ramp.split(","))) if ramp else 1.0)
                  * np.where(signal > 0, _rr(signal), 0.0))
    if PRODUCT is not None and item.late is not None:
        fused += rrf.LATE_WEIGHT * _rr(item.late[rows])
    order = np.lexsort((-scores, -fused))
    top = order[:HITS]
    hit_dense = np.maximum(x[top, ranking.FEATURES.index("passage")], x[top, ranking.FEATURES.index("sentence")])
    labels = item.labels[rows][order]
    passage = int(np.argmax(labels)) + 1 if labels.any() else None
    if PRODUCT is not None:
        return _judge_as_shipped(item, rows[top], scores[top], np.maximum(hit_dense, own[top]) if counts else hit_dense,
                                 passage)
    similarity = float(np.max(np.maximum(hit_dense, own[top]) if counts else hit_dense, initial=0.0))
    cued, request, has_kind, topic, known = item.signals
    if cued or (has_kind and request >= scope.REQUEST_FLOOR and request - similarity >= scope.REQUEST_MARGIN):
        outcome = "out_of_scope"
    elif not len(top) or not known or topic - similarity > scope.NC_MARGIN:
        outcome = "not_covered"
    else:
        outcome = "answered"
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
            "passage": passage, "snippet": next((r for r, i in enumerate(shown, 1) if item.labels[rows[i]]), None)}


def _judge_as_shipped(item: Item, rows: np.ndarray, scores: np.ndarray, dense: np.ndarray, passage: int | None) -> dict:
    """The hits in their order, through `ScopeGuard.judge` and `Answerer._choose_snippets`, scored as `peerbot eval` scores."""
    assert PRODUCT is not None and item.query is not None
    hits = [Hit(PRODUCT.passages[item.candidates[r]], float(s), float(d), float(item.lexical[r]))
            for r, s, d in zip(rows.tolist(), scores.tolist(), dense.tolist())]
    outcome = PRODUCT.answerer.corpus.scope.judge(item.query, hits).outcome
    snippet = None
    if item.category in ANSWERABLE and hits:
        snippet = evidence_rank([s.text for s in PRODUCT.answerer._choose_snippets(item.question, hits)], item.evidence)
    return {"category": item.category, "evidence": bool(item.labels.any()), "outcome": outcome,
            "passage": passage, "snippet": snippet}


def _margin_ramp(signal: np.ndarray, dense: np.ndarray, offset: float, width: float) -> float:
    """How much the best example question beats the best passage match (`signal`'s best over `dense`'s
    best, less `offset`), as 0 to 1 over `width`: 0 when the question is more like a passage than like
    any example, so an uncovered point is not pulled to a passage whose examples merely sound alike."""
    if not len(signal):
        return 0.0
    return float(np.clip((signal.max() - dense.max() - offset) / width, 0.0, 1.0))


def _in_model(kind: str | None, fusion: str) -> str | None:
    """The example feature the ranking model is fitted with: none when only its rank is fused ("only:W")."""
    return None if fusion.startswith("only") else kind


def _rr(scores: np.ndarray) -> np.ndarray:
    return ranking.reciprocal_ranks(scores, rrf.FUSION_K)


def _fold_of(items: list[Item], seed: int) -> dict[str, int]:
    groups = np.random.default_rng(seed).permutation(sorted({it.group for it in items})).tolist()
    return {g: i % FOLDS for i, g in enumerate(groups)}


def _cross_validate(items, examples, seed, kind, fusion, counts, weight, always=(), shown=frozenset(),
                    fold_rows=True, fold_examples=True) -> list[dict]:
    """Folds of `items` by group. `always` are rows of every fold's fit and `shown` (question ids)
    attached as examples in every fold; the training folds' items are rows of the fit (`fold_rows`)
    and their in-domain questions attached (`fold_examples`)."""
    fold_of = _fold_of(items, seed)
    judged = []
    for fold in range(FOLDS):
        train = [it for it in items if fold_of[it.group] != fold]
        attached = set(shown) | ({it.id for it in train if it.category == "in_domain"} if fold_examples else set())
        model = _fit([*(train if fold_rows else []), *always], examples, attached, _in_model(kind, fusion))
        allowed = _allowed(examples, attached)
        judged += [_judge(it, model, allowed, examples, kind, fusion, counts, weight)
                   for it in items if fold_of[it.group] == fold]
    return judged


def _score_dev(tuning, development, examples, kind, fusion, counts, weight, shown=frozenset()) -> list[dict]:
    attached = {it.id for it in tuning if it.category == "in_domain" and not it.more} | set(shown)
    model = _fit(tuning, examples, attached, _in_model(kind, fusion))
    return [_judge(it, model, _allowed(examples, attached), examples, kind, fusion, counts, weight) for it in development]


def _alone(items: list[Item], examples: Examples, extras: list[Item] = ()) -> None:
    """How well each expansion ranks the retrievers' candidates on its own (`extras`' in-domain
    questions always attached)."""
    shown = {it.id for it in extras if it.category == "in_domain"}
    print("\neach signal alone, ranking the retrievers' candidates (in-domain and misspelt, 5 seeds"
          + (", FILE attached):" if shown else "):"))
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
                              (fold_of[o.group] != fold_of[it.group] or "own" in name)} | shown
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
