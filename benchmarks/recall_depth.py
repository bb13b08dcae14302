"""Where the right passage sits when it misses the top five, and what might lift it (issue 9, part 1;
BENCHMARKS.md, "Stop 47"). Tuning pool only: the folds of `benchmarks/recall_cv.py` (its untouched fifth,
the held-out half, the check sets and the redaction sets are never read).

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/recall_depth.py --keep ITEMS.pkl

`--keep` is `recall_cv.py`'s pickle of the searched questions (made when missing). Prints, for the pooled
questions whose evidence the shipped order puts below fifth: the evidence's rank under each signal alone,
and how often its document is among the first distinct documents; then screens, left one fold out as
`recall_cv.py` fits, extra signals beside the fusion's nine:
- the ranking features' gaps (the fusion sees only the model's fixed combination of them);
- a second pseudo-relevance pass, the question moved towards the fused order's best passages;
- a softer aggregate of the example questions' cosines (top-2, top-3 mean; log-sum-exp);
- the example questions' wording: BM25 of the question's stemmed content words over each passage's
  example questions taken as one document (own file's detached), with `--near` also detaching every
  example whose cosine to the question is at least that (a sibling phrasing of the same question).
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import ranking  # noqa: E402
from index.examples import load_examples, located  # noqa: E402
from index.lexical import content_terms, stem  # noqa: E402

try:
    from benchmarks.recall_answers import DATA, FOLDS
    from benchmarks.recall_cv import EXAMPLE_FILES, Item, Learned, collect, fmt, product_order, rank
    from benchmarks.rrf import gate
except ImportError:  # run as a script from benchmarks/
    from recall_answers import DATA, FOLDS  # type: ignore[no-redef]
    from recall_cv import EXAMPLE_FILES, Item, Learned, collect, fmt, product_order, rank  # type: ignore[no-redef]
    from rrf import gate  # type: ignore[no-redef]

SIGNALS = ("model", "dense", "bm25", "late", "examples")
GROUPS = {
    "in-domain": lambda it: it.category == "in_domain",
    "misspelt": lambda it: it.category == "misspelt",
    "in-domain, example files": lambda it: it.category == "in_domain" and it.file in EXAMPLE_FILES,
    "in-domain, other files": lambda it: it.category == "in_domain" and it.file not in EXAMPLE_FILES,
    "misspelt, other files": lambda it: it.category == "misspelt" and it.file not in EXAMPLE_FILES,
}


def alone(values: np.ndarray | None, labels: np.ndarray) -> int:
    """The evidence's rank by one signal alone; 999 when the signal gives it nothing (no word matched)."""
    if values is None or not (values[labels] > 0).any():
        return 999
    return int(np.argmax(labels[np.argsort(-values, kind="stable")])) + 1


def depth(pool: list[Item], documents: dict[int, str]) -> None:
    """Per category, the misses' evidence rank by each signal alone and its document's rank."""
    for category in ("in_domain", "misspelt"):
        part = [it for it in pool if it.category == category]
        misses = [it for it in part if rank(it, product_order(it)) > 5]
        print(f"{category}: {len(part)} pooled, {len(misses)} with the evidence below fifth; "
              f"{np.mean([len(it.candidates) for it in part]):.0f} candidates a question")
        table = np.array([[rank(it, product_order(it)),
                           alone(ranking.relevance(it.features) - ranking.relevance(it.features).min() + 1, it.labels),
                           alone(ranking.dense_similarity(it.features) + 2, it.labels), alone(it.lexical, it.labels),
                           alone(None if it.late is None else it.late + 2, it.labels), alone(it.asked, it.labels)]
                          for it in misses])
        for j, name in enumerate(("fused",) + SIGNALS):
            col = table[:, j]
            print(f"  {name:9} median {np.median(col):4.0f}   within 5 {np.mean(col <= 5):.2f}   within 10 "
                  f"{np.mean(col <= 10):.2f}   within 20 {np.mean(col <= 20):.2f}   no score {np.mean(col == 999):.2f}")
        print(f"  some signal alone within 5: {np.mean(table[:, 1:].min(axis=1) <= 5):.2f}")
        places = []
        for it in misses:
            shown = list(dict.fromkeys(documents[int(p)] for p in it.candidates[product_order(it)]))
            places.append(min(shown.index(documents[int(p)]) for p in it.candidates[it.labels]) + 1)
        print(f"  the evidence's document first {np.mean(np.array(places) == 1):.2f}, within 3 {np.mean(np.array(places) <= 3):.2f}")


class Extra(Learned):
    """The fusion's nine signals and `columns(it)` beside them, fitted the same way."""

    def __init__(self, columns, c: float = 1e-5, k: float = 5.0):
        super().__init__(c, k)
        self.columns, self.cache = columns, {}

    def signals(self, it: Item) -> np.ndarray:
        if id(it) not in self.cache:
            self.cache[id(it)] = np.hstack([super().signals(it), self.columns(it, self)])
        return self.cache[id(it)]


def left_out(pool: list[Item], make) -> list[tuple[Item, int]]:
    out = []
    for fold in range(FOLDS):
        model = make([it for it in pool if it.fold != fold]).fit([it for it in pool if it.fold != fold])
        out += [(it, rank(it, model.order(it))) for it in pool if it.fold == fold]
    return out


def show(name: str, ranks: list[tuple[Item, int]]) -> None:
    print(f"== {name}")
    for label, test in GROUPS.items():
        print(f"  {label:26} n={sum(test(it) for it, _ in ranks):4} {fmt([r for it, r in ranks if test(it)])}")


class Pool:
    """What the screens need beyond the pickled items: vectors and example questions, read once."""

    def __init__(self, items: list[Item]):
        settings = Settings.from_env()
        corpus, _ = open_corpus(settings)
        searcher, passages = corpus.index.searcher, corpus.index.passages
        self.documents = {p.id: p.document_id for p in passages.values()}
        questions = {}
        for name in {it.file for it in items}:
            questions |= {(name, q.id): q for q in load_questions(DATA / f"{name}.jsonl")}
        self.own = {name: {q.q.strip() for (f, _), q in questions.items() if f == name and q.category == "in_domain"}
                    for name in {it.file for it in items}}
        self.attached = located(load_examples(settings.knowledge_dir), passages.values())
        self.example_vectors = corpus.index.embed([e.question for e, _ in self.attached])
        self.example_terms = [[stem(w) for w in content_terms(e.question)] for e, _ in self.attached]
        self.example_passages = np.array([p for _, p in self.attached])
        self.query = {}
        self.terms = {}
        for it in items:
            prepared = searcher.prepare(questions[(it.file, it.id)].q)
            self.query[id(it)] = prepared.vector
            self.terms[id(it)] = [stem(w) for w in content_terms(prepared.searched)]
        ids = np.array(sorted(passages), dtype=np.int64)
        units = searcher._layout.units_of(ids)
        flat = np.concatenate([units.passage, units.sentences.ravel()])
        rows = np.unique(flat[flat >= 0])
        self.vectors = searcher._vectors.vectors(rows)
        row = {int(u): n for n, u in enumerate(rows)}
        self.own_row = {int(p): row[int(u)] for p, u in zip(ids, units.passage)}
        self.sentence_rows = {int(p): [row[int(u)] for u in s if u >= 0] for p, s in zip(ids, units.sentences)}
        corpus.close()

    def kept(self, it: Item, near: float) -> np.ndarray:
        """The examples the question may see: not its own file's, and (below 1) none at least `near` like it."""
        keep = np.array([e.question.strip() not in self.own[it.file] for e, _ in self.attached])
        return keep & (self.example_vectors @ self.query[id(it)] < near)

    def example_cosines(self, it: Item, how: str) -> np.ndarray:
        sims, owners = self.example_vectors @ self.query[id(it)], self.example_passages
        keep = self.kept(it, 1.01)
        out = []
        for c in it.candidates:
            v = np.sort(sims[keep & (owners == c)])[::-1]
            if not len(v):
                out.append(0.0)
            elif how.startswith("top"):
                out.append(float(v[:int(how[3:])].mean()))
            else:
                t = float(how[3:])
                out.append(float(t * np.log(np.exp((v - 1) / t).sum()) + 1))
        return np.array(out)

    def example_bm25(self, it: Item, near: float) -> np.ndarray:
        """BM25 (k1 1.2, b 0.75) of the question's stemmed content words over each passage's kept example
        questions as one document."""
        keep = self.kept(it, near)
        docs: dict[int, list[str]] = {}
        for n in np.flatnonzero(keep):
            docs.setdefault(int(self.example_passages[n]), []).extend(self.example_terms[n])
        if not docs:
            return np.zeros(len(it.candidates))
        average = np.mean([len(v) for v in docs.values()])
        df = Counter(t for v in docs.values() for t in set(v))
        scores = []
        for c in it.candidates:
            words = docs.get(int(c), [])
            tf, length = Counter(words), len(words)
            scores.append(sum(math.log(1 + (len(docs) - df[t] + 0.5) / (df[t] + 0.5)) * tf[t] * 2.2
                              / (tf[t] + 1.2 * (0.25 + 0.75 * length / average)) for t in self.terms[id(it)] if tf[t]))
        return np.array(scores)

    def feedback(self, it: Item, first: Learned, best: int, weight: float) -> np.ndarray:
        """Passage and best-sentence cosine gaps to the question moved towards the fused order's `best` passages."""
        own = np.array([self.own_row[int(c)] for c in it.candidates])
        moved = self.query[id(it)] + weight * self.vectors[own[first.order(it)[:best]]].mean(axis=0)
        sims = self.vectors @ (moved / np.linalg.norm(moved))
        passage = sims[own]
        sentence = np.array([max((sims[r] for r in self.sentence_rows[int(c)]), default=passage[j])
                             for j, c in enumerate(it.candidates)])
        return np.column_stack([passage - passage.max(), sentence - sentence.max()])


def ranked_columns(values: np.ndarray, k: float) -> np.ndarray:
    """A score as the fusion reads one: its reciprocal rank (0 where it is 0) and its share of the best."""
    return np.column_stack([np.where(values > 0, ranking.reciprocal_ranks(values, k), 0.0),
                            values / max(float(values.max()), 1e-9)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, required=True, help="recall_cv.py's pickle of the searched questions")
    args = parser.parse_args()
    if args.keep.exists():
        items = pickle.loads(args.keep.read_bytes())
    else:
        items = collect()
        args.keep.write_bytes(pickle.dumps(items))
    pool = [it for it in items if it.fold >= 0]
    extra = Pool(pool)
    depth(pool, extra.documents)
    show("the fusion's nine signals (as shipped, refitted per fold)", left_out(pool, lambda _: Learned(1e-5, 5.0)))
    features = lambda it, m: it.features - it.features.max(axis=0)  # noqa: E731
    show("+ the seven ranking features' gaps", left_out(pool, lambda _: Extra(features)))
    for best, weight in ((1, 0.5), (3, 0.5), (3, 1.0)):
        def second(train, best=best, weight=weight):
            first = Learned(1e-5, 5.0).fit(train)
            return Extra(lambda it, m: extra.feedback(it, first, best, weight))
        show(f"+ a second feedback pass, the fused order's best {best} at weight {weight}", left_out(pool, second))
    for how in ("top2", "top3", "lse0.05"):
        def softer(it, m, how=how):
            asked = extra.example_cosines(it, how)
            return np.column_stack([gate(asked, ranking.dense_similarity(it.features)) * ranked_columns(asked, m.k)[:, 0],
                                    asked - asked.max()])
        show(f"+ the example questions' cosines as {how}", left_out(pool, lambda _, f=softer: Extra(f)))
    for near in (1.01, 0.9, 0.8):
        wording = lambda it, m, near=near: ranked_columns(extra.example_bm25(it, near), m.k)  # noqa: E731
        label = "own file detached" if near > 1 else f"also every example of cosine >= {near} to the question"
        show(f"+ the example questions' wording (BM25), {label}", left_out(pool, lambda _, f=wording: Extra(f)))


if __name__ == "__main__":
    main()
