"""Fusion of the search's signals chosen by leave-one-fold-out over the pooled tuning questions, with an
untouched fifth scored once at the end (issue 9, part 1; BENCHMARKS.md, "Stop 46").

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/recall_cv.py [--keep FILE] [--fifth]

The pool: every answerable question with evidence of `questions_tune*.jsonl` and `probe_questions.jsonl`
(the held-out half, `typos_holdout.jsonl` and the check sets are never read); `dev_questions.jsonl` is
scored for the report only. Each question is searched once through the product's `Searcher`, keeping what
`Searcher.search` fuses (the ranking model's features and log-odds, BM25, the dense similarity, late
interaction's MaxSim, the example questions' similarity and wording with the question's own file's examples
detached: `knowledge/example_questions.yaml` was written from `questions_tune_more*.jsonl`).

The split is fixed here, by a hash of "file:id" (`split`): a fifth of the pool is set aside before anything is
measured and only `--fifth` scores it, once, with the constants chosen on the rest; the rest is cut into
`FOLDS` folds by the same hash. Each system's constants are chosen on four folds (the best pooled in-domain
recall@1 + MRR) and scored on the fifth fold; the figure is the left-out folds' pooled. Figures are recall@1 /
recall@5 / MRR of the first candidate holding the evidence, in the fused order.
"""

from __future__ import annotations

import argparse
import itertools
import os
import pickle
import time
from dataclasses import dataclass, replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import evidence_form, fusion, ranking  # noqa: E402
from index.examples import ExampleMatcher, load_examples, located  # noqa: E402

try:
    from benchmarks.recall_answers import DATA, FOLDS, POOL, REPORT, split
    from benchmarks.rrf import gate
except ImportError:  # run as a script from benchmarks/
    from recall_answers import DATA, FOLDS, POOL, REPORT, split  # type: ignore[no-redef]
    from rrf import gate  # type: ignore[no-redef]

UNTOUCHED = ("questions_holdout", "typos_holdout", "questions_check", "redaction")


@dataclass
class Item:
    file: str
    id: str
    category: str
    fold: int  # -1: the untouched fifth; -2: the report-only dev set
    candidates: np.ndarray
    features: np.ndarray  # ranking.FEATURES per candidate
    lexical: np.ndarray  # BM25, 0 when no word matched
    late: np.ndarray | None
    asked: np.ndarray  # best cosine to the candidate's example questions (own file's detached), 0 without one
    labels: np.ndarray  # holds the evidence
    worded: np.ndarray  # the question's words over the candidate's example questions' (`ExampleMatcher.worded`)


def collect(files: dict[str, Path] | None = None) -> list[Item]:
    """Every pooled and report question (or those of `files`, by name) searched once, with what the search fuses."""
    assert not any(name.startswith(UNTOUCHED) for name in POOL + REPORT)
    files = files or {name: DATA / f"{name}.jsonl" for name in POOL + REPORT}
    corpus, _ = open_corpus(Settings.from_env())
    searcher, passages = corpus.index.searcher, corpus.index.passages
    attached = located(load_examples(Settings.from_env().knowledge_dir), passages.values())
    vectors = corpus.index.embed([e.question for e, _ in attached])
    plain = {p: evidence_form(passages[p].text) for p in passages}
    items = []
    for name, path in files.items():
        questions = load_questions(path)
        own = {q.q.strip() for q in questions if q.category == "in_domain"}
        keep = [i for i, (e, _) in enumerate(attached) if e.question.strip() not in own]
        matcher = ExampleMatcher([attached[i][1] for i in keep], vectors[keep], [attached[i][0].question for i in keep])
        for q in questions:
            if not q.answerable or not q.evidence:
                continue
            query = searcher.prepare(q.q)
            candidates, features, lexical = searcher.candidates(query)
            wanted = [evidence_form(e) for e in q.evidence]
            labels = np.array([any(w in plain[c] for w in wanted) for c in candidates])
            if not labels.any():
                continue  # the evidence is in no candidate: no fusion can find it
            cands = np.array(candidates, dtype=np.int64)
            late = None
            if searcher._tokens is not None and query.tokens is not None:
                late = searcher._tokens.maxsim(query.tokens, cands)
            fold = -2 if name in REPORT else split(name, q.id)
            items.append(Item(name, q.id, q.category, fold, cands, features,
                              np.array([lexical.get(c, 0.0) for c in candidates]), late,
                              matcher.scores(query.vector, cands), labels, matcher.worded(query.searched, cands)))
    corpus.close()
    return items


@dataclass(frozen=True)
class Fusion:
    """Reciprocal-rank fusion as main `8c97a79` ordered candidates (the model's rank at weight 1, the dense
    and lexical retrievers' at `retrievers`, late interaction's at `late`, the example questions' at
    `examples` times their gate), with its constants as the defaults."""

    k: float = 10.0
    retrievers: float = 2.0
    late: float = 3.0
    examples: float = 2.0

    def order(self, it: Item) -> np.ndarray:
        scores = ranking.relevance(it.features)
        similar = ranking.dense_similarity(it.features)
        rr = lambda x: ranking.reciprocal_ranks(x, self.k)  # noqa: E731
        fused = rr(scores) + self.retrievers * (rr(similar) + np.where(it.lexical > 0, rr(it.lexical), 0.0))
        if it.late is not None:
            fused += self.late * rr(it.late)
        fused += self.examples * gate(it.asked, similar) * np.where(it.asked > 0, rr(it.asked), 0.0)
        return np.lexsort((-scores, -fused))


def rank(it: Item, order: np.ndarray) -> int:
    return int(np.argmax(it.labels[order])) + 1


def figures(ranks: list[int]) -> tuple[float, float, float]:
    r = np.array(ranks)
    return float((r == 1).mean()), float((r <= 5).mean()), float((1 / r).mean())


def objective(ranks: list[int]) -> float:
    r1, _, mrr = figures(ranks)
    return r1 + mrr


def fmt(ranks: list[int]) -> str:
    return "{:.3f} / {:.3f} / {:.3f}".format(*figures(ranks)) if ranks else "n/a"


GRID = [Fusion(k, w, late, ex) for k, w, late, ex in
        itertools.product((2, 3, 5, 10, 20), (0.0, 0.5, 1.0, 2.0, 3.0), (0.0, 1.5, 3.0, 4.5, 6.0), (0.0, 1.0, 2.0, 3.0, 4.0))]
# files whose in-domain questions wrote knowledge/example_questions.yaml (the others are written as the held-out half was)
EXAMPLE_FILES = ("questions_tune_more", "questions_tune_more2", "questions_tune_more3")


class Learned:
    """A conditional logit over each candidate's fused signals (softmax over one question's candidates, the
    evidence's share maximised, L2 at `c`): a learned fusion in place of reciprocal-rank fusion's constants."""

    def __init__(self, c: float = 1.0, k: float = 5.0):
        self.c, self.k, self.w = c, k, None

    def signals(self, it: Item) -> np.ndarray:
        """`index.fusion.signals`, as `Searcher.search` reads them."""
        scores, similar = ranking.relevance(it.features), ranking.dense_similarity(it.features)
        return fusion.signals(scores, similar, it.lexical, it.late, it.asked, it.worded, self.k)

    def fit(self, items: list[Item]) -> Learned:
        from scipy.optimize import minimize
        x = np.concatenate([self.signals(it) for it in items])
        y = np.concatenate([it.labels for it in items]).astype(float)
        sizes = np.array([len(it.candidates) for it in items])
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        group = np.repeat(np.arange(len(items)), sizes)

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            z = x @ w
            z = z - np.maximum.reduceat(z, starts)[group]
            e = np.exp(z)
            p = e / np.add.reduceat(e, starts)[group]
            good = np.add.reduceat(p * y, starts)
            q = p * y / good[group]  # the evidence candidates' share of the evidence's probability
            total = -np.log(good).sum() / len(items) + 0.5 * self.c * w @ w
            grad = -((q - p) @ x) / len(items) + self.c * w
            return total, grad

        self.w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
        return self

    def order(self, it: Item) -> np.ndarray:
        return np.lexsort((-ranking.relevance(it.features), -(self.signals(it) @ self.w)))


def product_order(it: Item) -> np.ndarray:
    """The order `Searcher.search` gives (index/fusion.py with its WEIGHTS)."""
    scores, similar = ranking.relevance(it.features), ranking.dense_similarity(it.features)
    return fusion.order(scores, similar, it.lexical, it.late, it.asked, it.worded)


LEARNED = [(c, k) for c in (1e-5, 1e-4, 1e-3) for k in (5.0, 10.0)]


def learned_cv(items: list[Item], c: float, k: float, folds: list[int]) -> list[int]:
    """Each of `folds` scored by the model fitted on `items` outside it (the ranks in fold order)."""
    out = []
    for fold in folds:
        model = Learned(c, k).fit([it for it in items if it.fold != fold])
        out += [rank(it, model.order(it)) for it in items if it.fold == fold]
    return out


def learned_nested(items: list[Item]) -> tuple[list[int], list[tuple[float, float]]]:
    """Each fold scored by the model whose (c, k) won leave-one-fold-out on the other folds (in-domain
    recall@1 + MRR), fitted on those folds."""
    out, chosen = [], []
    for fold in range(FOLDS):
        inner = [f for f in range(FOLDS) if f != fold]
        rest = [it for it in items if it.fold != fold]
        order = [it for f in inner for it in rest if it.fold == f]

        def score(config: tuple[float, float]) -> float:
            ranks = learned_cv(rest, *config, inner)
            return objective([r for r, it in zip(ranks, order) if it.category == "in_domain"])

        best = max(LEARNED, key=score)
        chosen.append(best)
        out += learned_cv(items, *best, [fold])
    return out, chosen


def cross_validated(items: list[Item], systems: list[Fusion]) -> tuple[list[int], list[Fusion]]:
    """Each fold's ranks under the system chosen on the other folds (in-domain recall@1 + MRR); the choices."""
    ranks: dict[int, dict[Fusion, int]] = {}
    for n, it in enumerate(items):
        ranks[n] = {s: rank(it, s.order(it)) for s in systems}
    out, chosen = [], []
    for fold in range(FOLDS):
        train = [n for n, it in enumerate(items) if it.fold != fold and it.category == "in_domain"]
        best = max(systems, key=lambda s: (objective([ranks[n][s] for n in train]), s == Fusion()))
        chosen.append(best)
        out += [ranks[n][best] for n, it in enumerate(items) if it.fold == fold]
    return out, chosen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="pickle the searched questions here and read them back")
    parser.add_argument("--fifth", action="store_true", help="score the untouched fifth too (once, at the end)")
    parser.add_argument("--cost", action="store_true", help="the CPU time of ordering one question's candidates")
    parser.add_argument("--no-late", action="store_true", help="both fusions without late interaction, in sample")
    args = parser.parse_args()
    if args.keep and args.keep.exists():
        items = pickle.loads(args.keep.read_bytes())
    else:
        items = collect()
        if args.keep:
            args.keep.write_bytes(pickle.dumps(items))
    pool = [it for it in items if it.fold >= 0]
    print(f"pool {len(pool)} (in-domain {sum(it.category == 'in_domain' for it in pool)}), "
          f"fifth {sum(it.fold == -1 for it in items)}, dev {sum(it.fold == -2 for it in items)}")
    shipped = Fusion()
    for category in ("in_domain", "misspelt"):
        part = [it for it in pool if it.category == category]
        print(f"shipped, {category} ({len(part)}): {fmt([rank(it, shipped.order(it)) for it in part])}")
    held = [it for fold in range(FOLDS) for it in pool if it.fold == fold]  # the order the CV ranks come in
    base = {id(it): rank(it, shipped.order(it)) for it in pool}
    if args.fifth:
        scored_once(items)
        return
    if args.cost:
        cost(pool)
        wording_cost()
        return
    if args.no_late:
        plain = [replace(it, late=None) for it in held]
        before = {id(it): rank(it, Fusion().order(it)) for it in plain}
        report(f"without late interaction (a corpus above its size), learned, c 1e-5, K {fusion.K:g}", plain,
               learned_cv(plain, 1e-5, fusion.K, list(range(FOLDS))), before)
        report("without late interaction, index/fusion.py as committed, in sample", plain,
               [rank(it, product_order(it)) for it in plain], before)
        return
    ranks, chosen = cross_validated(pool, GRID)
    report("reciprocal-rank fusion's constants (grid)", held, ranks, base)
    print("chosen:", ", ".join(f"k {s.k} retrievers {s.retrievers} late {s.late} examples {s.examples}" for s in chosen))
    curve = {}
    for c, k in LEARNED:
        ranks = learned_cv(pool, c, k, list(range(FOLDS)))
        curve[(c, k)] = objective([r for r, it in zip(ranks, held) if it.category == "in_domain"])
        report(f"learned fusion, c {c}, k {k}", held, ranks, base)
    ranks, configs = learned_nested(pool)
    report("learned fusion, (c, k) chosen inside each fold", held, ranks, base)
    print("chosen:", configs)
    c, k = max(LEARNED, key=lambda config: curve[config])
    model = Learned(c, k).fit(pool)
    print(f"on the whole pool: c {c}, k {k}; index/fusion.py K = {k}, WEIGHTS =",
          "[" + ", ".join(f"{w:.4g}" for w in model.w) + "]")
    model = Learned(c, k).fit([replace(it, late=None) for it in pool])
    print("WITHOUT_LATE =", "[" + ", ".join(f"{w:.4g}" for w in model.w) + "]")
    report("index/fusion.py as committed, in sample", held, [rank(it, product_order(it)) for it in held], base)


def cost(items: list[Item]) -> None:
    """Process CPU of ordering each question's candidates (from its features, as `Searcher.search` does), best of 3."""
    for label, order in (("main's reciprocal-rank fusion", Fusion().order), ("index/fusion.py", product_order)):
        best = min(_cpu(lambda: [order(it) for it in items]) for _ in range(3))
        print(f"{label}: {1e6 * best / len(items):.0f} µs a question ({np.mean([len(it.candidates) for it in items]):.0f} candidates)")


def wording_cost() -> None:
    """Process CPU of `ExampleMatcher.worded` for each pooled question's candidates (as `Searcher.search` calls
    it), best of 3; the question's preparation and candidates are made beforehand."""
    corpus, _ = open_corpus(Settings.from_env())
    searcher = corpus.index.searcher
    matcher = searcher._examples
    assert matcher is not None
    asked = []
    for name in POOL:
        for q in load_questions(DATA / f"{name}.jsonl"):
            query = searcher.prepare(q.q)
            asked.append((query.searched, np.array(searcher.candidates(query)[0], dtype=np.int64)))
    corpus.close()
    best = min(_cpu(lambda: [matcher.worded(text, cands) for text, cands in asked]) for _ in range(3))
    print(f"the example wording: {1e6 * best / len(asked):.0f} µs a question ({len(asked)} questions, "
          f"{np.mean([len(c) for _, c in asked]):.0f} candidates)")


def _cpu(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def scored_once(items: list[Item]) -> None:
    """The untouched fifth and the dev set: main's reciprocal-rank fusion against index/fusion.py."""
    for label, fold in (("untouched fifth", -1), ("dev (report only)", -2)):
        for category in ("in_domain", "misspelt"):
            part = [it for it in items if it.fold == fold and it.category == category]
            if part:
                print(f"{label:18} {category:9} n={len(part):4} main {fmt([rank(it, Fusion().order(it)) for it in part])}"
                      f" -> {fmt([rank(it, product_order(it)) for it in part])}")
                plain = [replace(it, late=None) for it in part]
                print(f"{'  without MaxSim':18} {category:9} n={len(part):4} main {fmt([rank(it, Fusion().order(it)) for it in plain])}"
                      f" -> {fmt([rank(it, product_order(it)) for it in plain])}")


def report(name: str, held: list[Item], ranks: list[int], base: dict[int, int]) -> None:
    """Left-out ranks against the shipped order's, by category, by group of files and by file."""
    print(f"== {name}, left one fold out (shipped in brackets)")
    groups = {"in_domain": lambda it: it.category == "in_domain", "misspelt": lambda it: it.category == "misspelt",
              "in-domain, example files": lambda it: it.category == "in_domain" and it.file in EXAMPLE_FILES,
              "in-domain, other files": lambda it: it.category == "in_domain" and it.file not in EXAMPLE_FILES}
    groups |= {f"  {f}": (lambda it, f=f: it.file == f and it.category == "in_domain") for f in POOL}
    for label, test in groups.items():
        rows = [(r, base[id(it)]) for it, r in zip(held, ranks) if test(it)]
        if rows:
            print(f"  {label:34} n={len(rows):4} {fmt([r for r, _ in rows])} ({fmt([b for _, b in rows])})")


if __name__ == "__main__":
    main()
