"""Is there a better-calibrated not-covered boundary than `topic - similarity > NC_MARGIN`?

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_not_covered.py [--reference M] [QUESTION_FILE ...]

Reads the tuning files only (by default those of `tune_retrieval.py` plus questions_tune_typos.jsonl;
never the held-out half, the check sets or typos_holdout.jsonl), answers each question's signals
through the code that answers (`Searcher.prepare` / `search`, `ScopeGuard`), and compares, for the
questions that reach the not-covered rule (no cue, no out-of-scope similarity, no everyday subject),
the reference margin with other boundaries, each chosen on training splits and scored on the test
splits:

- `margin`: NC_MARGIN refitted; `cautious`: the same, but of the margins as good on the training
  split, the largest (declining no more than the training questions require) rather than the smallest;
- `slope`: topic - a * similarity > b;
- `relevance`: topic - similarity > m and the best passage's log-odds of answering below r;
- `logistic`: a logistic model of (topic, similarity, log-odds, best BM25, share of known words).

A boundary's parameters are chosen on a training split as those that decline at least as many of
its not-covered questions as the reference margin does (`--reference`, NC_MARGIN by default), and
the fewest of its answerable ones (then the most not-covered). Two ways to split: 5 folds x 5 seeds
stratified by category, and leave one document out (answerable questions grouped by the document
holding their evidence; the others spread over the folds; a typo variant always with its source
question). A question naming a programme the corpus never mentions (`unknown_names`,
`unseen_names`) keeps NC_NAMED_MARGIN throughout.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from bot import scope  # noqa: E402
from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, load_questions, normalise  # noqa: E402
from bot.programme_names import unknown_names, unseen_names  # noqa: E402
from bot.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = ("questions_tune.jsonl", "questions_tune_extra.jsonl", "questions_tune_scope.jsonl",
                "questions_tune_scope2.jsonl", "questions_tune_scope3.jsonl", "questions_tune_scope4.jsonl",
                "questions_tune_typos.jsonl",
                "dev_questions.jsonl", "probe_questions.jsonl")
SEEDS = range(5)
MARGINS = np.arange(-0.05, 0.301, 0.01).round(2)
SLOPES = np.arange(0.5, 1.51, 0.1).round(2)
RELEVANCE = np.arange(-6.0, 4.01, 0.5)


@dataclass
class Item:
    id: str
    category: str
    group: str  # the document holding its evidence, or itself
    reaches: bool  # no earlier rule declined it
    named: bool
    unmatched: bool
    topic: float
    similarity: float
    relevance: float
    lexical: float
    known: float


def gather(paths: list[Path]) -> list[Item]:
    raw = {}
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip():
                d = json.loads(line)
                raw[d.get("id")] = d
    questions = [q for path in paths for q in load_questions(path)]
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(data)))[0])
        index, guard = answerer.index, answerer.corpus.scope
        texts = {p.id: normalise(p.text) for p in index.passages.values()}
        documents = {p.id: p.document_id for p in index.passages.values()}
        items = []
        for q in questions:
            query = index.prepare(q.q)
            hits = index.search(query, 20)
            verdict = guard.judge(query, hits)
            wanted = [normalise(e) for e in q.evidence]
            holding = sorted({documents[pid] for pid, text in texts.items() if any(w in text for w in wanted)})
            source = raw.get(q.id, {}).get("variant_of") or q.id
            group = holding[0] if holding and q.category in ANSWERABLE else f"q:{source}"
            everyday, area = guard.everyday(query)
            reaches = verdict.outcome != "out_of_scope"
            items.append(Item(q.id, q.category, group, reaches, bool(unknown_names(query) or unseen_names(query, hits)),
                              not hits or not query.known, verdict.topic, verdict.similarity, verdict.relevance,
                              max((h.lexical for h in hits), default=0.0), query.known))
    return items


def features(items: list[Item]) -> np.ndarray:
    return np.array([[it.topic, it.similarity, it.relevance, np.log1p(it.lexical), it.known] for it in items])


class Boundary:
    """A family of not-covered rules: `declines(params, rows)` over the items' arrays."""

    def __init__(self, name, grid, declines):
        self.name, self.grid, self.declines = name, grid, declines


def main(paths: list[Path], reference: float) -> None:
    items = gather(paths)
    n = len(items)
    cat = np.array([it.category for it in items])
    answerable, nc = np.isin(cat, ANSWERABLE), cat == "not_covered"
    reaches = np.array([it.reaches for it in items])
    named = np.array([it.named for it in items])
    unmatched = np.array([it.unmatched for it in items])
    topic = np.array([it.topic for it in items])
    sim = np.array([it.similarity for it in items])
    rel = np.array([it.relevance for it in items])
    x = features(items)
    print(f"{n} questions: {answerable.sum()} answerable, {nc.sum()} not covered, {(cat == 'off_topic').sum()} off-topic; "
          f"{reaches.sum()} reach the not-covered rule")

    def base(rows, plain_declines):
        """Declined as not covered: unmatched, a named programme's margin, or the plain rule."""
        return reaches[rows] & (unmatched[rows] | np.where(named[rows], topic[rows] - sim[rows] > scope.NC_NAMED_MARGIN,
                                                             plain_declines))

    def logistic_family():
        def declines(params, rows, fit_rows=None):
            model, cut = params
            return base(rows, model.decision_function(x[rows]) > cut)
        return declines

    families = [
        Boundary("reference", [None], lambda p, rows: base(rows, topic[rows] - sim[rows] > reference)),
        Boundary("margin", list(MARGINS), lambda m, rows: base(rows, topic[rows] - sim[rows] > m)),
        Boundary("cautious", list(MARGINS[::-1]), lambda m, rows: base(rows, topic[rows] - sim[rows] > m)),
        Boundary("slope", [(a, b) for a in SLOPES for b in MARGINS],
                 lambda p, rows: base(rows, topic[rows] - p[0] * sim[rows] > p[1])),
        Boundary("relevance", [(m, r) for m in MARGINS for r in RELEVANCE],
                 lambda p, rows: base(rows, (topic[rows] - sim[rows] > p[0]) & (rel[rows] < p[1]))),
    ]

    def choose(family: Boundary, train: np.ndarray):
        target = (base(train, topic[train] - sim[train] > reference) & nc[train]).sum()
        grid = family.grid
        if family.name == "logistic":
            fit = train[reaches[train] & ~named[train] & (answerable[train] | nc[train])]
            model = LogisticRegression(C=1.0, max_iter=5000).fit(x[fit], nc[fit])
            grid = [(model, c) for c in np.arange(-4, 4.01, 0.1)]
        best = None
        for params in grid:
            d = family.declines(params, train)
            caught, lost = (d & nc[train]).sum(), (d & answerable[train]).sum()
            if caught < target:
                continue
            key = (lost, -caught)
            if best is None or key < best[0]:
                best = (key, params)
        return best[1] if best else grid[0]

    families.append(Boundary("logistic", [], logistic_family()))

    def splits(kind: str):
        if kind == "stratified":
            for seed in SEEDS:
                yield from StratifiedKFold(5, shuffle=True, random_state=seed).split(np.zeros(n), cat)
            return
        groups = sorted({it.group for it in items if not it.group.startswith("q:")})
        loose = sorted({it.group for it in items if it.group.startswith("q:")})
        fold_of = {g: i for i, g in enumerate(groups)}
        fold_of.update({g: i % len(groups) for i, g in enumerate(loose)})
        fold = np.array([fold_of[it.group] for it in items])
        for k in range(len(groups)):
            yield np.flatnonzero(fold != k), np.flatnonzero(fold == k)

    declined = families[0].declines(None, np.arange(n))
    margin = topic - sim
    print(f"answerable questions the reference margin ({reference}) declines as not covered (margin: topic - "
          f"similarity), and the not-covered questions a margin just above theirs would answer:")
    for i in np.flatnonzero(declined & answerable):
        given_up = np.flatnonzero(nc & declined & ~named & ~unmatched & (margin <= margin[i] + 1e-9))
        print(f"  {items[i].id}: margin {margin[i]:.3f}; {len(given_up)} of {nc.sum()} not covered at or below it")
    near = [i for i in np.argsort(margin) if 0.0 <= margin[i] <= 0.2 and reaches[i] and not named[i] and not unmatched[i]
            and (nc[i] or answerable[i])]
    print("margins from 0 to 0.2 (a: answerable, n: not covered): "
          + " ".join(f"{margin[i]:.3f}{'n' if nc[i] else 'a'}" for i in near))
    for family in families[1:4]:
        print(f"{family.name} chosen on all questions: {choose(family, np.arange(n))}")
    for kind in ("stratified", "by document"):
        print(f"\n{kind} (answerable lost = declined as not covered; not covered caught):")
        for family in families:
            caught = lost = runs = 0
            declined_ids: dict[str, int] = {}
            for train, test in splits(kind):
                params = choose(family, train) if family.name != "reference" else None
                d = family.declines(params, test)
                caught += (d & nc[test]).sum()
                lost += (d & answerable[test]).sum()
                runs += 1
                for i in test[d & answerable[test]]:
                    declined_ids[items[i].id] = declined_ids.get(items[i].id, 0) + 1
            repeats = len(SEEDS) if kind == "stratified" else 1
            print(f"  {family.name:10s} answerable lost {lost / (answerable.sum() * repeats):.4f}  not covered caught "
                  f"{caught / (nc.sum() * repeats):.4f}  (lost: {', '.join(sorted(declined_ids)) or 'none'})")


if __name__ == "__main__":
    args = sys.argv[1:]
    reference = scope.NC_MARGIN
    if args[:1] == ["--reference"]:
        reference, args = float(args[1]), args[2:]
    main([Path(a) for a in args] or [ROOT / "tests" / "data" / name for name in DEFAULT_SETS], reference)
