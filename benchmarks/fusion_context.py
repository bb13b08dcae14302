"""Context signals screened beside the learned fusion's, leaving one fold out (issue 9, part 1; BENCHMARKS.md,
"Stop 52").

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/fusion_context.py ITEMS [--fifth]

ITEMS: the pickle `benchmarks/recall_cv.py --keep` wrote (the pool searched once, with what the search fuses).
Each signal is a column added to `index.fusion.signals`, and the conditional logit refitted on four folds and
scored on the fifth (`recall_cv.learned_cv`, c and K as shipped). The signals, none of them words:

- neighbour: the best ranking-model log-odds of the passages either side of the candidate in its lesson, as a
  gap to the question's best (an answer's context scores too);
- section: the best log-odds of the other candidates under the candidate's section heading, as a gap;
- document: the log of the candidate's document's share of the softmax of the log-odds (its lesson's mass);
- proximity (window proximity): the most of that share one sentence (two neighbouring sentences) holds: the
  question's words together, not spread over the passage;
- coverage: the share of the question's content stems, weighted by their IDF over the passages, the candidate
  holds (a coordination match BM25's saturation and length normalisation blur).

`--checks FILE` scores the even lines of `questions_check5/6/7.jsonl` (sliced before parsing: the odd lines are
held out and never parsed; searched once and kept in FILE), which no fusion was fitted on, under the fusion fitted
on the whole pool with and without the signals of `--with`. The untouched fifth is never read here: it is scored
through the product, once, by `benchmarks/recall_answers.py`.
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import fusion, ranking  # noqa: E402
from index.lexical import content_terms, stem, words  # noqa: E402
from index.text import split_sentences  # noqa: E402

try:
    from benchmarks.recall_answers import DATA, FOLDS
    from benchmarks.recall_cv import POOL, REPORT, Item, Learned, collect, fmt, rank, report
except ImportError:  # run as a script from benchmarks/
    from recall_answers import DATA, FOLDS  # type: ignore[no-redef]
    from recall_cv import POOL, REPORT, Item, Learned, collect, fmt, rank, report  # type: ignore[no-redef]

SIGNALS = ("neighbour", "section", "document", "coverage", "proximity", "window proximity")
CHECKS = ("questions_check5", "questions_check6", "questions_check7")  # their even lines only (awk 'NR%2==0')


class Context:
    """The passages' places and stems, and each question's searched text, for the context signals."""

    def __init__(self, items: list[Item], files: dict[str, Path]):
        corpus, _ = open_corpus(Settings.from_env())
        passages = corpus.index.passages
        searcher = corpus.index.searcher
        self.document = {p: v.document_id for p, v in passages.items()}
        self.section = {p: (v.document_id, v.section) for p, v in passages.items()}
        at = {(v.document_id, v.position): p for p, v in passages.items()}
        self.beside = {p: [at[k] for k in ((v.document_id, v.position - 1), (v.document_id, v.position + 1)) if k in at]
                       for p, v in passages.items()}
        self.stems = {p: {stem(w) for w in words(v.text)} for p, v in passages.items()}
        self.sentences = {p: [{stem(w) for w in words(s)} for s in split_sentences(v.text)] or [set()]
                          for p, v in passages.items()}
        df = Counter(s for stems in self.stems.values() for s in stems)
        self.idf = {s: math.log(1 + len(passages) / n) for s, n in df.items()}
        asked = {}
        for name in {it.file for it in items}:
            for q in load_questions(files[name]):
                asked[(name, q.id)] = searcher.spelled(q.q)
        self.asked = asked
        corpus.close()

    def columns(self, it: Item) -> dict[str, np.ndarray]:
        scores = ranking.relevance(it.features).astype(np.float64)
        cands = it.candidates.tolist()
        score_of = dict(zip(cands, scores))
        floor = float(scores.min())
        neighbour = np.array([max((score_of.get(n, floor) for n in self.beside[c]), default=floor) for c in cands])
        section = np.array([max((s for s2, s in zip(cands, scores) if s2 != c and self.section[s2] == self.section[c]),
                                default=floor) for c in cands])
        e = np.exp(scores - scores.max())
        mass: dict = Counter()
        for c, v in zip(cands, e):
            mass[self.document[c]] += v
        document = np.log(np.array([mass[self.document[c]] for c in cands]) / e.sum())
        terms = {stem(t) for t in content_terms(self.asked[(it.file, it.id)])}
        weights = {t: self.idf.get(t, max(self.idf.values())) for t in terms}
        total = sum(weights.values())
        coverage = np.array([sum(w for t, w in weights.items() if t in self.stems[c]) / total if total else 0.0
                             for c in cands])
        def share(stems: set) -> float:
            return sum(w for t, w in weights.items() if t in stems) / total if total else 0.0

        proximity = np.array([max(share(s) for s in self.sentences[c]) for c in cands])
        window = np.array([max([share(a | b) for a, b in zip(self.sentences[c], self.sentences[c][1:])] or [proximity[i]])
                           for i, c in enumerate(cands)])
        return {"proximity": proximity, "window proximity": window, "neighbour": neighbour - scores.max(), "section": section - scores.max(), "document": document,
                "coverage": coverage}


class Extended(Learned):
    """The learned fusion with some context signals beside `index.fusion.signals`'."""

    def __init__(self, context: dict[int, dict[str, np.ndarray]], added: tuple[str, ...], c: float = 1e-5,
                 k: float = fusion.K):
        super().__init__(c, k)
        self.context, self.added = context, added

    def signals(self, it: Item) -> np.ndarray:
        base = super().signals(it)
        extra = [self.context[id(it)][a] for a in self.added if a in SIGNALS]
        if "pairs" in self.added:  # every product of two of the fusion's own signals
            extra += [base[:, i] * base[:, j] for i in range(base.shape[1]) for j in range(i, base.shape[1])]
        if "feature ranks" in self.added:  # each ranking feature's reciprocal rank among the candidates
            extra += [ranking.reciprocal_ranks(it.features[:, f], self.k) for f in range(it.features.shape[1])]
        return np.column_stack([base, *extra]) if extra else base


def checks(pool: list[Item], columns: dict, added: tuple[str, ...], keep: Path) -> None:
    """The check sets' even lines under the fusion fitted on the whole pool, without and with `added`."""
    with tempfile.TemporaryDirectory(prefix="s52-recall-") as folder:
        files = {}
        for name in CHECKS:
            lines = (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
            files[f"{name}_even"] = Path(folder) / f"{name}_even.jsonl"
            files[f"{name}_even"].write_text("".join(lines[1::2]), encoding="utf-8")  # the odd lines are never parsed
        if keep.exists():
            items = pickle.loads(keep.read_bytes())
        else:
            items = collect(files)
            keep.write_bytes(pickle.dumps(items))
        context = Context(items, files)
    columns = columns | {id(it): context.columns(it) for it in items}
    for signals in ((), added):
        model = Extended(columns, signals).fit(pool)
        for category in ("in_domain", "misspelt"):
            part = [it for it in items if it.category == category]
            print(f"check sets' even lines, {'+'.join(signals) or 'shipped signals'}, {category} (n={len(part)}): "
                  f"{fmt([rank(it, model.order(it)) for it in part])}")


def cv(items: list[Item], model) -> list[int]:
    out = []
    for fold in range(FOLDS):
        fitted = model.fit([it for it in items if it.fold != fold])
        out += [rank(it, fitted.order(it)) for it in items if it.fold == fold]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("items", type=Path)
    parser.add_argument("--with", dest="added", default="", help="comma-separated signals (every c, or with --checks)")
    parser.add_argument("--checks", type=Path, help="score the check sets' even lines, searched once and kept in this file")
    args = parser.parse_args()
    items: list[Item] = pickle.loads(args.items.read_bytes())
    context = Context(items, {name: DATA / f"{name}.jsonl" for name in POOL + REPORT})
    columns = {id(it): context.columns(it) for it in items}
    pool = [it for it in items if it.fold >= 0]
    held = [it for fold in range(FOLDS) for it in pool if it.fold == fold]
    if args.checks:
        checks(pool, columns, tuple(a for a in args.added.split(",") if a), args.checks)
        return
    print(f"pool {len(pool)}")
    variants = [((), 1e-5), *(((s,), 1e-5) for s in SIGNALS), (("neighbour", "section"), 1e-5),
                (("neighbour", "coverage"), 1e-5), (SIGNALS, 1e-5),
                *((("pairs",), c) for c in (1e-5, 1e-4, 1e-3, 1e-2)), *((("feature ranks",), c) for c in (1e-5, 1e-4, 1e-3))]
    if args.added:  # by file too, against the shipped signals' left-out ranks
        variants = [(tuple(a for a in args.added.split(",") if a), c) for c in (1e-5, 1e-4, 1e-3, 1e-2)]
        shipped = {id(it): r for it, r in zip(held, cv(pool, Extended(columns, ())))}
    for added, c in variants:
        ranks = cv(pool, Extended(columns, added, c))
        line = " | ".join(f"{c} {fmt([r for r, it in zip(ranks, held) if it.category == c])}" for c in ("in_domain", "misspelt"))
        print(f"{'+'.join(added) or 'shipped signals'}, c {c:g}: {line}")
        if args.added:
            report(f"{'+'.join(added)}, c {c:g}", held, ranks, shipped)


if __name__ == "__main__":
    main()
