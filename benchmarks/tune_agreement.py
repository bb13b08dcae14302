"""Where the right passage loses first place on the tuning files, and re-rankings aimed at it (issue 9,
part 1; BENCHMARKS.md, "Neighbours, documents and agreement: tried").

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_agreement.py [--keep FILE] [--misses]

Every answerable question with evidence of the tuning files (`questions_tune*.jsonl`, the dev set; the
held-out half, `typos_holdout.jsonl` and the check sets are never read) is searched once through the
product's `Searcher` (the bundled corpus and its example questions), keeping what `search()` fuses:
the ranking model's scores, the dense and lexical retrievers' scores, late interaction's MaxSim and
each example question's cosine. A file's own example questions (`questions_tune_more*.jsonl` wrote
`knowledge/example_questions.yaml`) are detached when that file is scored, so no question is found by
itself. Figures are recall@1 / recall@5 / MRR over candidate passages in the fused order.

Variants add one further rank to the fused order (reciprocal-rank fusion, as `rrf.fuse_ranks`) at a
weight; each weight is chosen by leave-one-file-out cross-validation (the best mean of in-domain
recall@1 and MRR over the other files' questions, pooled), and the figure reported is the left-out
files' pooled. `--misses` prints the shipped order's misses by class instead; `--examples` chooses the
example rank's weight and ramp (benchmarks/rrf.py's EXAMPLE_WEIGHT and RAMP) the same way.
"""

from __future__ import annotations

import argparse
import os
import pickle
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import evidence_form, ranking  # noqa: E402
from index.examples import load_examples, located  # noqa: E402

try:
    from benchmarks import rrf
except ImportError:  # run as a script from benchmarks/
    import rrf  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
# folds: a file, or a file with the typo variants of its questions
FOLDS = {"tune": ("questions_tune", "questions_tune_typos"),
         "more": ("questions_tune_more",), "more2": ("questions_tune_more2",), "more3": ("questions_tune_more3",),
         "scope": ("questions_tune_scope", "questions_tune_scope2", "questions_tune_scope3", "questions_tune_scope4"),
         "dev": ("dev_questions",)}
UNTOUCHED = ("questions_holdout", "typos_holdout", "questions_check")


@dataclass
class Item:
    id: str
    fold: str
    category: str
    q: str
    candidates: np.ndarray  # passage ids
    scores: np.ndarray  # the ranking model's log-odds
    similar: np.ndarray  # ranking.dense_similarity
    lexical: np.ndarray  # BM25, 0 when no word matched
    late: np.ndarray | None
    example_sims: np.ndarray  # cosine to every example question
    own_examples: np.ndarray  # bool per example: written from this item's file (detached when it is scored)
    labels: np.ndarray  # bool per candidate: holds the evidence
    vector: np.ndarray
    token_vectors: np.ndarray | None
    token_weights: np.ndarray | None


def tuning_questions(name: str) -> list:
    """A tuning file's questions; of a check set (`questions_check5`, `_check6`), the even lines only
    (the odd ones are its held-out half and are never parsed)."""
    path = DATA / f"{name}.jsonl"
    if not name.startswith("questions_check"):
        return load_questions(path)
    even = path.read_text(encoding="utf-8").splitlines()[1::2]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as f:
        f.write("\n".join(even) + "\n")
        f.flush()
        return load_questions(Path(f.name))


def searched(folds: dict[str, tuple[str, ...]] = FOLDS) -> dict:
    assert not any(name.startswith(UNTOUCHED) and not name.startswith("questions_check")
                   for names in folds.values() for name in names)
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    index = answerer.index
    searcher = index.searcher
    passages = index.passages
    knowledge = Settings.from_env().knowledge_dir
    attached = located(load_examples(knowledge), passages.values())
    questions = [e.question for e, _ in attached]
    example_passages = np.array([pid for _, pid in attached], dtype=np.int64)
    example_vectors = index.embed(questions)
    owner: dict[str, str] = {}
    for fold, names in folds.items():
        for name in names:
            for q in tuning_questions(name):
                if q.category == "in_domain":
                    owner.setdefault(q.q.strip(), fold)
    example_fold = np.array([owner.get(x, "") for x in questions])
    items = []
    spelled: dict[str, str] = {}  # each question as corrected and searched
    for fold, names in folds.items():
        for name in names:
            for q in tuning_questions(name):
                if q.category not in ("in_domain", "misspelt") or not q.evidence:
                    continue
                query = searcher.prepare(q.q)
                spelled[f"{q.id}@{fold}"] = query.searched
                candidates, features, lexical = searcher.candidates(query)
                wanted = [evidence_form(e) for e in q.evidence]
                labels = np.array([any(w in evidence_form(passages[c].text) for w in wanted) for c in candidates])
                if not labels.any():
                    continue
                cands = np.array(candidates, dtype=np.int64)
                late = None
                tv = tw = None
                if searcher._tokens is not None and query.tokens is not None:
                    late = searcher._tokens.maxsim(query.tokens, cands)
                    tv, tw = query.tokens.vectors, searcher._tokens.weights(query.tokens)
                items.append(Item(q.id, fold, q.category, q.q, cands, ranking.relevance(features),
                                  ranking.dense_similarity(features), np.array([lexical.get(c, 0.0) for c in candidates]),
                                  late, example_vectors @ query.vector, example_fold == fold, labels, query.vector, tv, tw))
    layout = searcher._layout
    pids = np.array(sorted(passages))
    units = layout.units_of(pids)
    meta = {"pids": pids, "document": {p: passages[p].document_id for p in pids},
            "position": {p: passages[p].position for p in pids}, "section": {p: passages[p].section for p in pids},
            "passage_vectors": searcher._vectors.vectors(units.passage),
            "sentence_rows": units.sentences, "window_rows": units.windows, "own_rows": units.passage,
            "text": {p: passages[p].text[:160] for p in pids}, "full_text": {p: passages[p].text for p in pids},
            "named_people": {p for p, _, distance in searcher._store.passage_people() if distance == 0},
            "organisations": sorted({o for d in index.documents.values() for o in (*d.organisations, *d.aliases)})}
    rows = np.concatenate([units.passage, units.sentences.ravel(), units.windows.ravel()])
    ids = np.unique(rows[rows >= 0])
    meta["unit_ids"], meta["unit_vectors"] = ids, searcher._vectors.vectors(ids)
    store = searcher._tokens
    meta["token_rows"] = {int(p): (store._codes[store._start[p]:store._start[p] + store._count[p]].astype(np.float32)
                                   * store._scales[store._start[p]:store._start[p] + store._count[p], None])
                          for p in pids if store is not None and p < len(store._count) and store._count[p]}
    answerer.corpus.close()
    meta["searched"] = spelled
    return {"items": items, "example_passages": example_passages, "meta": meta}


def rr(scores: np.ndarray, k: float = rrf.FUSION_K) -> np.ndarray:
    return ranking.reciprocal_ranks(scores, k)


def shipped_fused(it: Item, example_passages: np.ndarray, weight: float = rrf.EXAMPLE_WEIGHT, ramp: float = rrf.RAMP,
                  asked: np.ndarray | None = None) -> np.ndarray:
    """The fused score `Searcher.search` orders by (its own examples detached); `weight` and `ramp`: the
    example rank's, as rrf's EXAMPLE_WEIGHT and RAMP."""
    fused = rr(it.scores) + rrf.RETRIEVER_WEIGHT * (rr(it.similar) + np.where(it.lexical > 0, rr(it.lexical), 0.0))
    if it.late is not None:
        fused += rrf.LATE_WEIGHT * rr(it.late)
    asked = asked_scores(it, example_passages) if asked is None else asked
    w = weight * float(np.clip((asked.max() - it.similar.max()) / ramp, 0.0, 1.0)) if len(asked) else 0.0
    if w:
        fused += w * np.where(asked > 0, rr(asked), 0.0)
    return fused


def asked_scores(it: Item, example_passages: np.ndarray) -> np.ndarray:
    sims = np.where(it.own_examples, -np.inf, it.example_sims)
    best: dict[int, float] = {}
    for p, s in zip(example_passages.tolist(), sims.tolist()):
        if s > best.get(p, -np.inf):
            best[p] = s
    return np.array([max(best.get(int(c), 0.0), 0.0) if np.isfinite(best.get(int(c), 0.0)) else 0.0
                     for c in it.candidates])


def rank_of(it: Item, fused: np.ndarray) -> int:
    order = np.lexsort((-it.scores, -fused))
    return int(np.argmax(it.labels[order])) + 1


class Signals:
    """Further per-candidate signals (higher better), each fused as one more rank."""

    def __init__(self, meta: dict, example_passages: np.ndarray):
        self.meta, self.example_passages = meta, example_passages
        self.where = {int(p): i for i, p in enumerate(meta["pids"])}
        pv = meta["passage_vectors"]
        self.cos = pv @ pv.T
        ids = meta["unit_ids"]
        pos = lambda a: np.where(a >= 0, np.searchsorted(ids, np.maximum(a, 0)), -1)  # noqa: E731
        self.rows = [pos(meta["own_rows"]), pos(meta["sentence_rows"]), pos(meta["window_rows"])]
        by_doc: dict[str, list[int]] = {}
        for p in meta["pids"].tolist():
            by_doc.setdefault(meta["document"][p], []).append(p)
        self.previous: dict[int, int] = {}
        self.following: dict[int, int] = {}
        for ps in by_doc.values():
            ps.sort(key=lambda p: meta["position"][p])
            for a, b in zip(ps, ps[1:]):
                self.previous[b], self.following[a] = a, b
        self.by_doc = by_doc

    def of(self, name: str, it: Item, fused: np.ndarray, arg: float) -> np.ndarray | None:
        docs = [self.meta["document"][int(c)] for c in it.candidates]
        at = np.array([self.where[int(c)] for c in it.candidates])
        if name == "document best":  # the best fused score among the document's candidates
            best: dict[str, float] = {}
            for d, f in zip(docs, fused.tolist()):
                best[d] = max(best.get(d, -1.0), f)
            return np.array([best[d] for d in docs])
        if name == "document mass":  # the document's share of the fused scores' top-k softmax mass
            top = np.argsort(-fused)[:int(arg)]
            mass: Counter[str] = Counter()
            for i in top:
                mass[docs[i]] += float(fused[i])
            return np.array([mass.get(d, 0.0) for d in docs])
        if name == "neighbours":  # the best fused score of the passages either side in the document
            key = {(docs[i], self.meta["position"][int(c)]): fused[i] for i, c in enumerate(it.candidates)}
            return np.array([fused[i] + arg * max(key.get((docs[i], self.meta["position"][int(c)] + d), 0.0) for d in (-1, 1))
                             for i, c in enumerate(it.candidates)])
        if name == "section":  # the best fused score of the passages under the same heading
            sec = [(docs[i], self.meta["section"][int(c)]) for i, c in enumerate(it.candidates)]
            bests: dict[tuple, float] = {}
            for s_, f in zip(sec, fused.tolist()):
                bests[s_] = max(bests.get(s_, -1.0), f)
            return np.array([bests[s_] for s_ in sec])
        if name == "agreement":  # likeness to the top-k fused candidates, weighted by their fused score
            top = np.argsort(-fused)[:int(arg)]
            c = self.cos[np.ix_(at, at[top])]
            c[np.arange(len(at))[:, None] == top[None, :]] = 0.0
            return c @ fused[top]
        if name == "disagreement":  # the opposite: set apart from the other leaders (summary passages lose)
            top = np.argsort(-fused)[:int(arg)]
            c = self.cos[np.ix_(at, at[top])]
            c[np.arange(len(at))[:, None] == top[None, :]] = 0.0
            return -(c @ fused[top])
        if name in ("idf query", "idf query mixed"):  # the question's content tokens pooled by IDF
            if it.token_vectors is None or it.token_weights is None or it.token_weights.sum() <= 0:
                return None
            q = it.token_weights @ it.token_vectors
            q = q / np.linalg.norm(q)
            if name == "idf query mixed":
                q = it.vector + arg * q
                q = q / np.linalg.norm(q)
            sims = self.meta["unit_vectors"] @ q
            best = np.full(len(at), -1.0)
            for rows in self.rows:
                r = rows[at] if rows.ndim == 1 else rows[at]
                r = r.reshape(len(at), -1)
                best = np.maximum(best, np.where(r >= 0, sims[np.maximum(r, 0)], -1.0).max(axis=1))
            return best
        if name.startswith("context maxsim"):  # MaxSim where a question token may be met by the previous passage
            if it.token_vectors is None or it.token_weights is None or not (it.token_weights > 0).any():
                return None
            w = it.token_weights[it.token_weights > 0]
            q = it.token_vectors[it.token_weights > 0]
            tokens = self.meta["token_rows"]
            best = {p: (tokens[p] @ q.T).max(axis=0) if p in tokens else np.full(len(w), -1.0)
                    for p in {int(c) for c in it.candidates} | {self.previous.get(int(c), -1) for c in it.candidates} - {-1}}
            out = []
            for c in it.candidates.tolist():
                own = best[c]
                if name == "context maxsim previous":
                    other = best.get(self.previous.get(c, -1), own)
                elif name == "context maxsim document":
                    other = np.max([best[p] if p in best else (tokens[p] @ q.T).max(axis=0) for p in self.by_doc[self.meta["document"][c]]
                                    if p in tokens], axis=0)
                else:
                    raise ValueError(name)
                out.append(np.maximum(own, arg * other) @ w / w.sum())
            return np.array(out)
        raise ValueError(name)


VARIANTS = [("document best", 0), ("document mass", 3), ("document mass", 5), ("neighbours", 0.5), ("section", 0),
            ("agreement", 3), ("agreement", 5), ("disagreement", 3), ("disagreement", 5),
            ("idf query", 0), ("idf query mixed", 0.5), ("idf query mixed", 1.0),
            ("context maxsim previous", 1.0), ("context maxsim previous", 0.9), ("context maxsim document", 1.0),
            ("context maxsim document", 0.9)]
WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0)


def figures(ranks: list[int]) -> tuple[float, float, float]:
    r = np.array(ranks)
    return float(np.mean(r == 1)), float(np.mean(r <= 5)), float(np.mean(1 / r))


def show(ranks: list[int]) -> str:
    return "{:.3f}/{:.3f}/{:.3f}".format(*figures(ranks)) if ranks else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="a file to keep the searched questions in, and read them from")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--examples", action="store_true", help="the example rank's weight and ramp, leaving one file out")
    args = parser.parse_args()
    data = pickle.loads(args.keep.read_bytes()) if args.keep and args.keep.exists() else searched()
    if args.keep and not args.keep.exists():
        args.keep.write_bytes(pickle.dumps(data))
    items, ex, meta = data["items"], data["example_passages"], data["meta"]
    base = [shipped_fused(it, ex) for it in items]
    if args.misses:
        misses(items, base, ex, meta)
        return
    folds = list(FOLDS)
    if args.examples:
        asked = [asked_scores(it, ex) for it in items]
        grid = [(rrf.EXAMPLE_WEIGHT, rrf.RAMP)] + [(w, r) for w in (1.0, 2.0, 3.0, 4.0, 6.0) for r in (0.05, 0.1, 0.2, 0.3)
                                           if (w, r) != (rrf.EXAMPLE_WEIGHT, rrf.RAMP)]
        ranks = {g: [rank_of(it, shipped_fused(it, ex, *g, a)) for it, a in zip(items, asked)] for g in grid}
        for g in grid:
            print(f"W {g[0]} ramp {g[1]} (in sample) | " + " | ".join(
                show([r for r, it in zip(ranks[g], items) if it.fold == f and it.category == "in_domain"]) for f in folds))
        cross_validated("example rank's W and ramp", items, ranks, folds)
        return
    signals = Signals(meta, ex)
    print(f"{len(items)} questions; in-domain / misspelt per fold: " + ", ".join(
        f"{f} {sum(it.fold == f and it.category == 'in_domain' for it in items)}/"
        f"{sum(it.fold == f and it.category == 'misspelt' for it in items)}" for f in folds))
    print("variant | weight chosen per left-out fold | CV in-domain r1/r5/MRR | CV misspelt | " + " | ".join(folds))
    shipped = [rank_of(it, f) for it, f in zip(items, base)]
    print("shipped | - | " + show([r for r, it in zip(shipped, items) if it.category == "in_domain"]) + " | "
          + show([r for r, it in zip(shipped, items) if it.category == "misspelt"]) + " | "
          + " | ".join(show([r for r, it in zip(shipped, items) if it.fold == f and it.category == "in_domain"]) for f in folds))
    for name, arg in VARIANTS:
        extra = [signals.of(name, it, f, arg) for it, f in zip(items, base)]
        ranks = {w: [rank_of(it, f + w * rr(e)) if e is not None and w else r
                     for it, f, e, r in zip(items, base, extra, shipped)] for w in WEIGHTS}
        cross_validated(f"{name} {arg}", items, ranks, folds)
        if name.startswith("context"):  # in place of late interaction's rank, at late interaction's weights
            ranks = {w: [rank_of(it, f - rrf.LATE_WEIGHT * rr(it.late) + w * rr(e)) if e is not None and it.late is not None else r
                         for it, f, e, r in zip(items, base, extra, shipped)] for w in (2.0, 3.0, 4.0)}
            cross_validated(f"{name} {arg}, instead of late interaction", items, ranks, folds)


def cross_validated(label: str, items: list[Item], ranks: dict, folds: list[str]) -> None:
    """Each left-out fold's weight chosen on the other folds (in-domain recall@1 + MRR), then scored on it."""
    chosen, cv = {}, [0] * len(items)
    for fold in folds:
        def objective(w: float) -> float:
            rows = [r for r, it in zip(ranks[w], items) if it.fold != fold and it.category == "in_domain"]
            r1, _, mrr = figures(rows)
            return r1 + mrr
        chosen[fold] = max(ranks, key=lambda w: round(objective(w), 9))  # a tie: the first (smallest, or shipped)
        for i, it in enumerate(items):
            if it.fold == fold:
                cv[i] = ranks[chosen[fold]][i]
    print(f"{label} | " + " ".join(f"{f}:{w}" for f, w in chosen.items()) + " | "
          + show([r for r, it in zip(cv, items) if it.category == "in_domain"]) + " | "
          + show([r for r, it in zip(cv, items) if it.category == "misspelt"]) + " | "
          + " | ".join(show([r for r, it in zip(cv, items) if it.fold == f and it.category == "in_domain"]) for f in folds),
          flush=True)


def misses(items: list[Item], base: list[np.ndarray], ex: np.ndarray, meta: dict) -> None:
    """The shipped order's misses by class: the winner in the right document or another, and which
    of the fused parts ranked the winner above the right passage."""
    classes: Counter[str] = Counter()
    parts: Counter[str] = Counter()
    for it, fused in zip(items, base):
        if it.category != "in_domain":
            continue
        order = np.lexsort((-it.scores, -fused))
        if it.labels[order[0]]:
            continue
        win, right = order[0], max(np.flatnonzero(it.labels), key=lambda i: fused[i])
        same = meta["document"][int(it.candidates[win])] == meta["document"][int(it.candidates[right])]
        rank = int(np.argmax(it.labels[order])) + 1
        kind = ("same document" if same else "other document") + (" rank 2" if rank == 2 else " rank 3+")
        classes[kind] += 1
        asked = asked_scores(it, ex)
        for part, s in (("model", it.scores), ("dense", it.similar), ("lexical", it.lexical), ("late", it.late),
                        ("examples", asked)):
            if s is not None and s[win] > s[right]:
                parts[f"{'same' if same else 'other'}: {part} prefers the winner"] += 1
        print(f"{it.fold:6} {it.id:8} rank {rank} {'same' if same else 'OTHER'}  {it.q[:80]!r}\n"
              f"        won: {meta['text'][int(it.candidates[win])][:90]!r}\n"
              f"      right: {meta['text'][int(it.candidates[right])][:90]!r}")
    print(dict(classes))
    print(dict(sorted(parts.items())))
    n = sum(it.category == "in_domain" for it in items)
    print(f"in-domain {n}, misses {sum(classes.values())}")


if __name__ == "__main__":
    main()
