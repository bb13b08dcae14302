"""A quick screen of how the example questions' rank is fused (issue 9; BENCHMARKS.md, "Denser example
questions"): why questions about a point no example covers lose, and which gate on the example rank
keeps the covered gain without that loss. Passage ranks only, ordered by the shipped ranking model
(not refitted per fold), so each variant takes seconds; `tune_examples.py --more` then measures the
chosen ones through the product's snippets and scope rule.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/screen_example_fusion.py tests/data/questions_tune_more.jsonl [--keep FILE]

Estimates as in tune_examples.py --more: 1. the tuning half's in-domain and misspelt questions, 5 folds x 5
seeds by question, the FILEs' in-domain questions and the training folds' attached; 2. each FILE as test,
5 folds x 5 seeds by summary point, the tuning half, the other FILEs and the other folds attached (a test
question's own point has no example); 3. the dev set, everything attached. Gates (the example rank's
weight W, 2 as shipped, per question): `floor` none unless the best example cosine reaches T; `margin`
none unless it beats the best dense similarity by M; `ramp` W x clip((best example - best dense - A) / B,
0, 1); `gap` none unless the best passage's example beats the next passage's by G; per candidate: `cand`
only candidates whose example cosine reaches T, `over` only those whose example beats their own dense
similarity by M, `cut` only the example rank's first K; `mean2` a passage's two best examples averaged; `doc` the best example of any passage of a candidate's
document as a further rank (beside the passage's or instead of it), at the ramp's weight times D.
The ramp's constants and the weight are also chosen by nested cross-validation (each fold's by the
other folds). `--attached N`: only the first N FILEs' questions are attached (a later FILE as test then
has no example of its own points: how its questions fare with the examples shipped before it);
`--only WORDS`: only the variants whose names hold one of WORDS; `--nested K...`: the nested
cross-validation for those FILEs only (`--nested` alone: none). The held-out half and the check sets
are never read.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import tune_examples as T  # noqa: E402
from question_points import knowledge_without_examples, point_groups  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions, normalise  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import ranking  # noqa: E402

try:
    from benchmarks import rrf
except ImportError:  # run as a script from benchmarks/
    import rrf  # type: ignore[no-redef]

GATES: list[tuple[str, float, dict]] = [
    ("no examples", 0.0, {}), ("as shipped before (W 2, no gate)", 2.0, {}),
    *((f"W {w}", w, {}) for w in (1.0, 1.5, 3.0)),
    *((f"floor {t}", 2.0, {"floor": t}) for t in (0.55, 0.6, 0.65, 0.7, 0.75)),
    *((f"margin {m}", 2.0, {"margin": m}) for m in (-0.05, 0.0, 0.03, 0.05, 0.08, 0.1)),
    *((f"gap {g}", 2.0, {"gap": g}) for g in (0.02, 0.05, 0.1)),
    *((f"cand {t}", 2.0, {"cand": t}) for t in (0.5, 0.6, 0.7)),
    *((f"over {m}", 2.0, {"over": m}) for m in (-0.05, 0.0, 0.05, 0.1)),
    *((f"cut {k}", 2.0, {"cut": k}) for k in (1, 2, 3, 5)),
    ("mean2", 2.0, {"mean2": True}),
    *((f"ramp + document rank at {d}", 2.0, {"ramp": (0.0, 0.1), "doc": d}) for d in (0.5, 1.0, 2.0)),
    ("ramp, document rank at 2 instead", 2.0, {"ramp": (0.0, 0.1), "doc": 2.0, "document only": True}),
    *((f"W {w} ramp ({a}, {b})", w, {"ramp": (a, b)}) for w in (2.0, 2.5, 3.0) for a in (-0.02, 0.0, 0.02, 0.04)
      for b in (0.05, 0.1, 0.15, 0.2)),
]
NESTED = [(f"W {w} no gate", w, {}) for w in (1.5, 2.0, 2.5, 3.0)] + [
    (f"W {w} ramp ({a}, {b})", w, {"ramp": (a, b)}) for w in (1.5, 2.0, 2.5, 3.0)
    for a, b in ((-0.02, 0.1), (0.0, 0.1), (0.02, 0.1), (0.0, 0.05), (0.0, 0.15), (-0.02, 0.15))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("more", type=Path, nargs="+", help="files of further answerable questions, with `points`")
    parser.add_argument("--keep", type=Path, help="a file to keep the searched questions in, and read them from")
    parser.add_argument("--attached", type=int, default=99, help="attach only the first N FILEs' questions")
    parser.add_argument("--only", nargs="*", default=(), help="only the variants whose names hold one of these")
    parser.add_argument("--nested", type=int, nargs="*", help="the nested cross-validation for these FILEs only (none: left out)")
    args = parser.parse_args()
    data = pickle.loads(args.keep.read_bytes()) if args.keep and args.keep.exists() else _searched(args.more)
    if args.keep and not args.keep.exists():
        args.keep.write_bytes(pickle.dumps(data))
    s = Screen(**data, attached=args.attached)
    print("diagnosis: FILE 1 as test, shipped gate-less fusion against none (passage ranks)")
    s.diagnose()
    print("\nvariants (passages, in-domain recall@1 / recall@5 / MRR; misspelt after |)")
    for name, weight, gate in GATES:
        if args.only and not any(word in name for word in args.only):
            continue
        parts = [f"1. {s.show(s.tuning_cv(weight, gate))}"]
        parts += [f"2. FILE {k} {s.show(s.by_point(k, weight, gate))}" for k in s.files]
        parts.append(f"dev {s.show(s.dev(weight, gate), False)}")
        print(f"  {name:26} " + "  ".join(parts), flush=True)
    if args.nested == []:
        return
    print("\nthe weight and the ramp's constants chosen by nested cross-validation (MRR of estimates 1 and 2 on the other folds)")
    for k in args.nested or s.files:
        s.nested(k)


def _searched(paths: list[Path]) -> dict:
    """Every question searched once, with the examples (tune_examples.py's Items, without their queries)."""
    tune, extra, dev, typos = (load_questions(p) for p in (T.TUNE, T.EXTRA, T.DEV, T.TYPOS))
    mores = [load_questions(p) for p in paths]
    variants = {row["id"]: row.get("variant_of") for path in (T.TUNE, T.TYPOS)
                for row in map(json.loads, path.read_text().splitlines())}
    groups = {q: g for p in paths for q, g in point_groups(p).items()}
    with tempfile.TemporaryDirectory() as folder:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(folder), knowledge_dir=knowledge_without_examples(Path(folder))))[0])
        index, guard = answerer.index, answerer.corpus.scope
        ordered = sorted(index.passages.values(), key=lambda p: (p.document_id, p.position))
        pairs: dict[tuple[str, int], str] = {}
        owner_group: dict[str, str] = {}
        for q in [*tune, *(q for qs in mores for q in qs)]:
            if q.category == "in_domain":
                owner_group[q.id] = groups.get(q.id, q.id)
                for evidence in q.evidence:
                    pid = next((p.id for p in ordered if normalise(evidence) in normalise(p.text)), None)
                    if pid is not None:
                        pairs.setdefault((q.id, pid), q.q)
        examples = T.Examples(np.array([o for o, _ in pairs]), np.array([p for _, p in pairs], dtype=np.int64),
                              [[] for _ in pairs], np.array([owner_group[o] for o, _ in pairs]))
        vectors = index.embed(list(pairs.values()))
        attached = set(examples.passages.tolist())
        items = [T._item(q, variants.get(q.id) or q.id, index.searcher, guard, index.passages, vectors, attached, True)
                 for q in [*tune, *typos, *extra, *dev]]
        for k, qs in enumerate(mores, 1):
            items += [T._item(q, groups[q.id], index.searcher, guard, index.passages, vectors, attached, True, more=k)
                      for q in qs]
        answerer.corpus.close()
    for it in items:
        it.query = None
    return {"items": items, "examples": examples, "tuning": [q.id for q in [*tune, *typos, *extra]],
            "dev": [q.id for q in dev]}


class Screen:
    def __init__(self, items: list, examples, tuning: list[str], dev: list[str], attached: int = 99):
        by_id = {it.id: it for it in items if not it.more}
        self.examples = examples
        self.tuning_items = [by_id[i] for i in tuning]
        self.dev_items = [by_id[i] for i in dev]
        self.fitted = [it for it in self.tuning_items if it.group not in set(dev)]
        self.files = {k: [it for it in items if it.more == k] for k in sorted({it.more for it in items if it.more})}
        self.shown = {k for k in self.files if k <= attached}  # the FILEs whose questions are attached
        self._prepared: dict[int, dict] = {}
        self._tuning_nested: dict[str, list] = {}
        document = {c: d for it in items for c, d in zip(it.candidates, it.documents)}
        self.example_documents = np.array([document[int(c)] for c in examples.passages])

    def _prepare(self, it) -> dict:
        p = self._prepared.get(id(it))
        if p is None:
            x = it.features[:it.base]
            where = {c: i for i, c in enumerate(it.candidates[:it.base])}
            p = {"scores": ranking.relevance(x), "dense": ranking.dense_similarity(x), "lexical": it.lexical[:it.base],
                 "late": None if it.late is None else it.late[:it.base], "labels": it.labels[:it.base],
                 "at": np.array([where.get(int(c), -1) for c in self.examples.passages])}
            self._prepared[id(it)] = p
        return p

    def signal(self, it, allowed: np.ndarray, mean2: bool = False) -> np.ndarray:
        """Each candidate's best cosine to its attached examples (with `mean2`, its two best averaged); 0 without one."""
        p = self._prepare(it)
        m = allowed & (p["at"] >= 0)
        at, sims = p["at"][m], it.sims[m]
        best = np.full(it.base, -np.inf)
        np.maximum.at(best, at, sims)
        if mean2:
            second = np.full(it.base, -np.inf)
            lower = sims < best[at]
            np.maximum.at(second, at[lower], sims[lower])
            best = np.where(np.isfinite(second), (best + second) / 2, best)
        return np.where(np.isfinite(best), best, 0.0)

    def document_signal(self, it, allowed: np.ndarray) -> np.ndarray:
        """Each candidate's best cosine to the attached examples of any passage of its document; 0 without one."""
        best: dict[str, float] = {}
        for d, sim in zip(self.example_documents[allowed].tolist(), it.sims[allowed].tolist()):
            best[d] = max(best.get(d, -1.0), sim)
        return np.array([best.get(d, 0.0) for d in it.documents[:it.base]])

    def rank(self, it, allowed: np.ndarray, weight: float, gate: dict) -> int | None:
        p = self._prepare(it)
        rr = lambda s: ranking.reciprocal_ranks(s, rrf.FUSION_K)  # noqa: E731
        fused = rr(p["scores"]) + rrf.RETRIEVER_WEIGHT * (rr(p["dense"]) + np.where(p["lexical"] > 0, rr(p["lexical"]), 0.0))
        if p["late"] is not None:
            fused += rrf.LATE_WEIGHT * rr(p["late"])
        if weight:
            sig = self.signal(it, allowed, gate.get("mean2", False))
            part = np.where(sig > 0, rr(sig), 0.0)
            top = np.sort(sig)[::-1]
            w = weight
            if top[0] < gate.get("floor", -1) or top[0] < p["dense"].max() + gate.get("margin", -9):
                w = 0.0
            if "gap" in gate and len(top) > 1 and top[0] - top[1] < gate["gap"]:
                w = 0.0
            if "ramp" in gate:
                w = weight * float(np.clip((top[0] - p["dense"].max() - gate["ramp"][0]) / gate["ramp"][1], 0, 1))
            if "cand" in gate:
                part = np.where(sig >= gate["cand"], part, 0.0)
            if "over" in gate:
                part = np.where(sig >= p["dense"] + gate["over"], part, 0.0)
            if "cut" in gate:
                part = np.where(sig >= top[min(gate["cut"], len(top)) - 1], part, 0.0)
            if "doc" in gate:  # the document's best example as a further rank at doc x the passage's weight
                document = self.document_signal(it, allowed)
                fused = fused + (w / weight) * gate["doc"] * np.where(document > 0, rr(document), 0.0)
                if gate.get("document only"):
                    part = np.zeros_like(part)
            fused = fused + w * part
        labels = p["labels"][np.lexsort((-p["scores"], -fused))]
        return int(np.argmax(labels)) + 1 if labels.any() else None

    def _allowed(self, ids: set[str]) -> np.ndarray:
        return np.array([o in ids for o in self.examples.owners])

    def _in_domain(self, items) -> set[str]:
        return {it.id for it in items if it.category == "in_domain"}

    def _folds(self, items, seed: int) -> dict[str, int]:
        return T._fold_of(items, seed)

    def tuning_cv(self, weight: float, gate: dict) -> list[tuple]:
        always = self._in_domain(it for k in self.shown for it in self.files[k])
        return self._cv(self.tuning_items, always, weight, gate)

    def by_point(self, k: int, weight: float, gate: dict) -> list[tuple]:
        always = self._in_domain(self.fitted) | self._in_domain(it for j in self.shown if j != k for it in self.files[j])
        return self._cv(self.files[k], always, weight, gate, k in self.shown)

    def _cv(self, items, always: set[str], weight: float, gate: dict, folds_shown: bool = True) -> list[tuple]:
        out = []
        for seed in T.SEEDS:
            fold_of = self._folds(items, seed)
            for fold in range(T.FOLDS):
                allowed = self._allowed(always | (self._in_domain(it for it in items if fold_of[it.group] != fold)
                                                  if folds_shown else set()))
                out += [(seed, fold, it, self.rank(it, allowed, weight, gate)) for it in items
                        if fold_of[it.group] == fold and it.category in ("in_domain", "misspelt") and it.labels[:it.base].any()]
        return out

    def dev(self, weight: float, gate: dict) -> list[tuple]:
        allowed = self._allowed(self._in_domain(self.fitted) | self._in_domain(it for k in self.shown for it in self.files[k]))
        return [(0, 0, it, self.rank(it, allowed, weight, gate)) for it in self.dev_items if it.labels[:it.base].any()]

    @staticmethod
    def show(rows: list[tuple], misspelt: bool = True) -> str:
        def one(category: str) -> str:
            r = [x for _, _, it, x in rows if it.category == category]
            return (f"{np.mean([x == 1 for x in r]):.3f}/{np.mean([x is not None and x <= 5 for x in r]):.3f}/"
                    f"{np.mean([1 / x if x else 0 for x in r]):.3f}")
        return one("in_domain") + (f" | {one('misspelt')}" if misspelt else "")

    def diagnose(self) -> None:
        """Where the gate-less example rank moves FILE 1's questions (their own point without examples)."""
        lost, won, every = [], [], []
        always = self._in_domain(self.fitted)
        items = self.files[1]
        for seed in T.SEEDS:
            fold_of = self._folds(items, seed)
            for fold in range(T.FOLDS):
                allowed = self._allowed(always | self._in_domain(it for it in items if fold_of[it.group] != fold))
                for it in items:
                    if fold_of[it.group] != fold or it.category != "in_domain" or not it.labels[:it.base].any():
                        continue
                    p, sig = self._prepare(it), self.signal(it, allowed)
                    before, after = self.rank(it, allowed, 0.0, {}), self.rank(it, allowed, 2.0, {})
                    right, top = np.flatnonzero(p["labels"]), int(np.argmax(sig))
                    row = (sig.max(), sig[right].max(), p["dense"][right].max(), sig.max() - p["dense"].max(),
                           it.documents[top] == it.documents[right[0]], bool(p["labels"][top]))
                    every.append(row)
                    (lost if before == 1 and after != 1 else won if before != 1 and after == 1 else []).append(row)
        for name, rows in (("first place lost", lost), ("first place won", won), ("every question", every)):
            a = np.array(rows, dtype=float)
            print(f"  {name:16} n={len(rows):4}  best example {a[:, 0].mean():.3f}  right passage's best example "
                  f"{a[:, 1].mean():.3f}  its dense {a[:, 2].mean():.3f}  margin (best example - best dense) median "
                  f"{np.median(a[:, 3]):.3f}  examples' first passage: the right one {a[:, 5].mean():.2f}, "
                  f"in the right document {a[:, 4].mean():.2f}")
        margins = []
        tuning = self.tuning_cv(0.0, {})
        for seed, fold, it, _ in tuning:
            if it.category == "in_domain":
                fold_of = self._folds(self.tuning_items, seed)
                ids = self._in_domain(self.files[1]) | self._in_domain(o for o in self.tuning_items if fold_of[o.group] != fold)
                margins.append(self.signal(it, self._allowed(ids)).max() - self._prepare(it)["dense"].max())
        print(f"  tuning half (points mostly covered): margin median {np.median(margins):.3f}, "
              f"quartiles {np.quantile(margins, 0.25):.3f} / {np.quantile(margins, 0.75):.3f}; FILE 1 by point: median "
              f"{np.median(np.array(every)[:, 3]):.3f}, quartiles {np.quantile(np.array(every)[:, 3], 0.25):.3f} / "
              f"{np.quantile(np.array(every)[:, 3], 0.75):.3f}")

    def nested(self, k: int) -> None:
        """Each fold's ramp chosen by the best MRR of estimates 1 and 2 over the other folds, then scored on it."""
        if not self._tuning_nested:
            self._tuning_nested = {name: [r for r in self.tuning_cv(w, g) if r[2].category == "in_domain"] for name, w, g in NESTED}
        results = {name: (self._tuning_nested[name],
                          [r for r in self.by_point(k, w, g) if r[2].category == "in_domain"]) for name, w, g in NESTED}
        mrr = lambda rows: float(np.mean([1 / r[3] if r[3] else 0 for r in rows]))  # noqa: E731
        chosen: Counter[str] = Counter()
        scored: tuple[list, list] = ([], [])
        for seed in T.SEEDS:
            for fold in range(T.FOLDS):
                for which in (0, 1):
                    score = {n: mrr([r for r in one if r[0] == seed and r[1] != fold]) + mrr([r for r in two if r[0] == seed])
                             if which == 0 else mrr([r for r in two if r[0] == seed and r[1] != fold])
                             + mrr([r for r in one if r[0] == seed]) for n, (one, two) in results.items()}
                    best = max(score, key=lambda n: score[n])
                    chosen[best] += 1
                    scored[which].extend(r for r in results[best][which] if r[:2] == (seed, fold))
        r1 = lambda rows: float(np.mean([r[3] == 1 for r in rows]))  # noqa: E731
        print(f"  FILE {k}: chosen {', '.join(f'{n} x{c}' for n, c in chosen.most_common())}")
        print(f"  nested: 1. recall@1 {r1(scored[0]):.3f} MRR {mrr(scored[0]):.3f}; 2. recall@1 {r1(scored[1]):.3f} "
              f"MRR {mrr(scored[1]):.3f}")


if __name__ == "__main__":
    main()
