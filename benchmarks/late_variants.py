"""Late interaction's variants screened beside (or in place of) the shipped MaxSim in the learned fusion,
leaving one fold out (issue 9, part 1; BENCHMARKS.md, "Stop 52: late interaction's variants").

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/late_variants.py ITEMS [--checks FILE]

ITEMS: the pickle `benchmarks/recall_cv.py --keep` wrote. The shipped fusion already reads MaxSim between the
question's content-word tokens and each candidate's stored content tokens (int8), IDF-weighted
(index/late_interaction.py, since stop 26). The variants here are made from full-precision token vectors of
the passages (with their context line, as the build embeds them) and of the question (from `Searcher.prepare`,
the run that gives its vector):

- idf: the shipped form at full precision (the int8 codes' cost);
- plain: every question token weighing 1 against every passage token (ColBERT's own mean);
- plain content: content tokens on both sides, each weighing 1;
- idf all: the shipped question weights against every passage token, stopwords included;
- reverse: each passage content token's best cosine among the question's content tokens, averaged (how much
  of the passage the question covers);
- token wins: the IDF-weighted share of the question's content tokens for which the candidate holds the best
  match of all the candidates (which passage answers most of the question's words, not the highest mean);
- in document: the shipped MaxSim's gap to the best of the candidates of the same lesson (0 for that best), a
  reader of the neighbouring-passage misses.

Each is added as two columns (its reciprocal rank among the candidates and its gap to the question's best, as
`index.fusion.signals` reads the shipped MaxSim), the conditional logit refitted on four folds and scored on the
fifth at the shipped c 1e-5 and K 10 (no constant chosen here); "instead" rows put it in the shipped MaxSim's
place. `--checks FILE`: the even lines of `questions_check5/6/7.jsonl` as `fusion_context.py --checks` kept
them, under the fusion fitted on the whole pool. The untouched fifth is never scored here.
"""

from __future__ import annotations

import argparse
import os
import pickle
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import fusion, ranking  # noqa: E402

try:
    from benchmarks.fusion_context import CHECKS, cv
    from benchmarks.recall_answers import DATA
    from benchmarks.recall_cv import POOL, REPORT, Item, Learned, fmt, rank
except ImportError:  # run as a script from benchmarks/
    from fusion_context import CHECKS, cv  # type: ignore[no-redef]
    from recall_answers import DATA  # type: ignore[no-redef]
    from recall_cv import POOL, REPORT, Item, Learned, fmt, rank  # type: ignore[no-redef]

VARIANTS = ("idf", "plain", "plain content", "idf all", "reverse", "token wins", "in document")


def variant_scores(items: list[Item], files: dict[str, Path]) -> dict[int, dict[str, np.ndarray]]:
    """Each item's candidates' MaxSim variants (keyed by `id(item)`), and a check that the shipped int8 MaxSim
    recomputed here is the one the item holds."""
    corpus, _ = open_corpus(Settings.from_env())
    index = corpus.index
    searcher, passages = index.searcher, index.passages
    store = searcher._tokens
    assert store is not None, "the index has no token store (a corpus above MAX_PASSAGES?)"
    ids = sorted(passages)
    _, found = searcher.embedder.embed_with_tokens([f"{passages[p].context}\n{passages[p].text}" for p in ids],
                                                   list(range(len(ids))))
    tokens = dict(zip(ids, found))
    texts = {(name, q.id): q.q for name, path in files.items() for q in load_questions(path)}
    out, worst = {}, 0.0
    for it in items:
        query = searcher.prepare(texts[(it.file, it.id)])
        q = query.tokens
        assert q is not None
        if it.late is not None:
            worst = max(worst, float(np.abs(store.maxsim(q, it.candidates) - it.late).max()))
        idf = store.weights(q)
        qc = q.content if q.content.any() else np.ones(len(q.pieces), dtype=bool)
        cols: dict[str, list[float]] = {v: [] for v in VARIANTS[:5]}
        per_token = []
        for c in it.candidates.tolist():
            t = tokens[c]
            content = t.content if t.content.any() else np.ones(len(t.pieces), dtype=bool)
            sims = q.vectors @ t.vectors.T  # question tokens x passage tokens
            best_content = sims[:, content].max(axis=1)
            best_all = sims.max(axis=1)
            per_token.append(best_content)
            cols["idf"].append(float(best_content @ idf / idf.sum()))
            cols["plain"].append(float(best_all.mean()))
            cols["plain content"].append(float(best_content[qc].mean()))
            cols["idf all"].append(float(best_all @ idf / idf.sum()))
            cols["reverse"].append(float(sims[qc][:, content].max(axis=0).mean()))
        wins = np.array(per_token)  # candidates x question tokens
        wins = (wins == wins.max(axis=0)) @ (idf * qc) / max(float((idf * qc).sum()), 1e-9)
        late = store.maxsim(q, it.candidates)
        lesson = np.array([passages[c].document_id for c in it.candidates.tolist()])
        in_document = late - np.array([late[lesson == d].max() for d in lesson])
        out[id(it)] = {**{v: np.array(s) for v, s in cols.items()}, "token wins": wins, "in document": in_document}
    corpus.close()
    print(f"largest difference between the items' MaxSim and the store's recomputed now: {worst:.2e}")
    return out


class WithLate(Learned):
    """The learned fusion with late-interaction variants added (rank and gap columns) or in the shipped MaxSim's place."""

    def __init__(self, scores: dict[int, dict[str, np.ndarray]], added: tuple[str, ...] = (), instead: str = "",
                 c: float = 1e-5):
        super().__init__(c, fusion.K)
        self.scores, self.added, self.instead = scores, added, instead

    def signals(self, it: Item) -> np.ndarray:
        mine = self.scores[id(it)]
        late = mine[self.instead] if self.instead else it.late
        scores, similar = ranking.relevance(it.features), ranking.dense_similarity(it.features)
        base = fusion.signals(scores, similar, it.lexical, late, it.asked, it.worded, self.k)
        extra = [col for v in self.added
                 for col in (ranking.reciprocal_ranks(mine[v], self.k), mine[v] - mine[v].max())]
        return np.column_stack([base, *extra]) if extra else base


def systems(scores: dict) -> list[tuple[str, WithLate]]:
    return [("shipped signals (int8 idf MaxSim)", WithLate(scores)),
            *((f"+ {v}", WithLate(scores, (v,))) for v in VARIANTS),
            *((f"{v} instead", WithLate(scores, instead=v)) for v in VARIANTS[1:5]),
            ("+ plain + reverse", WithLate(scores, ("plain", "reverse"))),
            ("+ token wins + in document", WithLate(scores, ("token wins", "in document")))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("items", type=Path)
    parser.add_argument("--checks", type=Path, help="the check sets' even lines as fusion_context.py --checks kept them")
    args = parser.parse_args()
    items: list[Item] = pickle.loads(args.items.read_bytes())
    pool = [it for it in items if it.fold >= 0]
    held = [it for fold in range(5) for it in pool if it.fold == fold]
    scores = variant_scores(pool, {name: DATA / f"{name}.jsonl" for name in POOL + REPORT})
    print(f"pool {len(pool)}")
    nolate = [replace(it, late=None) for it in held]
    base = {id(b): id(a) for a, b in zip(held, nolate)}
    without = cv(nolate, _Rekeyed(scores, base))
    print("without late interaction: " + " | ".join(
        f"{cat} {fmt([r for r, it in zip(without, held) if it.category == cat])}" for cat in ("in_domain", "misspelt")))
    for label, model in systems(scores):
        ranks = cv(pool, model)
        print(f"{label}: " + " | ".join(
            f"{cat} {fmt([r for r, it in zip(ranks, held) if it.category == cat])}" for cat in ("in_domain", "misspelt")))
    if args.checks:
        checks(pool, scores, args.checks)


class _Rekeyed(WithLate):
    """The shipped signals with `late` None, for items copied from the pooled ones (their scores by the original's id)."""

    def __init__(self, scores: dict, originals: dict[int, int]):
        super().__init__({copy: scores[original] for copy, original in originals.items()})


def checks(pool: list[Item], scores: dict, kept: Path) -> None:
    """The check sets' even lines (searched once by `fusion_context.py --checks`) under the fusion fitted on the pool."""
    items: list[Item] = pickle.loads(kept.read_bytes())
    with tempfile.TemporaryDirectory(prefix="s52-late-") as folder:
        files = {}
        for name in CHECKS:
            lines = (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
            files[f"{name}_even"] = Path(folder) / f"{name}_even.jsonl"
            files[f"{name}_even"].write_text("".join(lines[1::2]), encoding="utf-8")  # the odd lines are never parsed
        scores = scores | variant_scores(items, files)
    for label, model in systems(scores):
        fitted = model.fit(pool)
        print(f"check sets' even lines, {label}: " + " | ".join(
            f"{cat} (n={sum(it.category == cat for it in items)}) "
            f"{fmt([rank(it, fitted.order(it)) for it in items if it.category == cat])}" for cat in ("in_domain", "misspelt")))


if __name__ == "__main__":
    main()
