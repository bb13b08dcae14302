"""A learned query-side adapter (issue 9): does a linear map on the question's MiniLM vector find
the right passage first on questions and documents it was not fitted on? Cross-validated on the
tuning files only; BENCHMARKS.md, "A learned query-side adapter: tried, not adopted".

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_adapter.py labelled:1e-1:0 labelled:1:0 self:1e-2:0

Each argument is a system KIND:LAMBDA:RANK. The adapter: q' = normalise(q + D q), D a 384 x 384
matrix (RANK 0) or U V^T (RANK r), initialised at 0 (the identity map) and regularised towards it
(LAMBDA * |D|^2), fitted by full-batch L-BFGS (float64, deterministic) on a softmax over the
allowed passages' vectors (SCALE * cosine). KIND "labelled": the training questions, a question's
positives the passages holding one of its evidence strings (matched as
benchmarks/tune_retrieval.py matches them); KIND "self": no question at all, each sentence of the
allowed passages a pseudo-question for its own passage (the corpus's self-supervision); KIND
"labelled+": labelled, the test document's passages kept in the softmax as negatives (the corpus as
it stands when the adapter is fitted, no questions yet about one of its documents). `--dense` prints
only the dense-alone figures (seconds per system, no search).

Questions: the answerable ones (with evidence) of questions_tune.jsonl, questions_tune_scope.jsonl,
questions_tune_scope2.jsonl and dev_questions.jsonl; the off-topic and not-covered ones of every
tuning file, for declines. Never the held-out half or the check sets.

Folds, each test question scored through the real pipeline (`Searcher.search` with the adapted
vector: candidates, ranking features with the shipped weights, fused order;
`Answerer._choose_snippets`; `ScopeGuard.judge`), scored as `peerbot eval` scores:
- by document (the deciding figure): leave one document out; the adapter never saw a question
  whose evidence is in the test document, nor that document's passages or sentences;
- by passage: 5 folds of passages x SEEDS; a test question's evidence passages trained nothing;
- by question: 5 folds of questions x SEEDS (a misspelt variant in its base question's fold).
A category without a star: the scope rule sees the raw question vector beside the adapted hits; with
a star (*): it sees the adapted vector. Declines (by document): every off-topic and not-covered
question through each fold's adapter. "dense alone": the evidence passage's rank by cosine to the
passage vectors only. Last, each "self" system fitted on the whole corpus it serves (transductive:
it has seen every document's sentences, no question).

More questions per passage (`--more FILE`; BENCHMARKS.md, "More questions per passage"):

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_adapter.py --more tests/data/questions_tune_more.jsonl labelled:1:0

FILE holds further answerable questions (questions_tune.jsonl's format, with `points`: the summary
points each was written from). The labelled tuning questions are then questions_tune.jsonl,
questions_tune_typos.jsonl (a variant in its base question's fold; none of a dev question's) and the
two scope files' answerable ones, and dev_questions.jsonl is kept apart. Each labelled system runs
twice, without and with FILE's questions among its training pairs ("+ FILE"); they are never test
questions in these estimates:
1. by question (5 folds x SEEDS, as above) and by document (leave one document out; FILE's
   questions whose evidence is in the test document are left out of the training too);
2. by point: FILE as the test set, 5 folds x SEEDS grouped by summary point (questions sharing a
   point, directly or through another question, in one fold), trained on the labelled tuning
   questions (+ the other folds' with "+ FILE");
3. dev: trained on every labelled tuning question (+ FILE), tested on the dev set; with every
   off-topic and not-covered tuning question through that adapter, for the declines.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from question_points import knowledge_without_examples, point_groups  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, evidence_rank, load_questions, normalise  # noqa: E402
from bot.settings import Settings  # noqa: E402

torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LABELLED = ("questions_tune.jsonl", "questions_tune_scope.jsonl", "questions_tune_scope2.jsonl", "dev_questions.jsonl")
MORE_LABELLED = ("questions_tune.jsonl", "questions_tune_typos.jsonl", "questions_tune_scope.jsonl",
                 "questions_tune_scope2.jsonl")  # with --more: dev_questions.jsonl kept apart
DECLINES = ("questions_tune.jsonl", "questions_tune_extra.jsonl", "questions_tune_scope.jsonl",
            "questions_tune_scope2.jsonl", "questions_tune_scope3.jsonl", "dev_questions.jsonl")
SEEDS = range(3)
FOLDS = 5
SCALE = 20.0


def fit(questions: np.ndarray, targets: np.ndarray, positives: np.ndarray, lam: float, rank: int = 0) -> np.ndarray:
    """D (384 x 384) minimising the softmax loss over `targets` plus lam * |D|^2 (rank > 0: D = U V^T)."""
    torch.manual_seed(0)
    q = torch.tensor(questions, dtype=torch.float64)
    t = torch.tensor(targets, dtype=torch.float64)
    pos = torch.tensor(positives, dtype=torch.bool)
    d = q.shape[1]
    if rank:
        u = torch.nn.Parameter(torch.randn(d, rank, dtype=torch.float64) * 1e-3)
        v = torch.nn.Parameter(torch.randn(d, rank, dtype=torch.float64) * 1e-3)
        params = [u, v]
    else:
        m = torch.nn.Parameter(torch.zeros(d, d, dtype=torch.float64))
        params = [m]

    def delta():
        return u @ v.T if rank else m

    optimiser = torch.optim.LBFGS(params, lr=1, max_iter=300, history_size=20, line_search_fn="strong_wolfe",
                                  tolerance_grad=1e-9, tolerance_change=1e-12)

    def closure():
        optimiser.zero_grad()
        moved = q + q @ delta().T
        moved = moved / moved.norm(dim=1, keepdim=True)
        logits = SCALE * moved @ t.T
        loss = (torch.logsumexp(logits, 1) - torch.logsumexp(logits.masked_fill(~pos, -1e9), 1)).mean()
        loss = loss + lam * (delta() ** 2).sum()
        loss.backward()
        return loss

    optimiser.step(closure)
    return delta().detach().numpy()


def adapt(vector: np.ndarray, delta: np.ndarray | None) -> np.ndarray:
    if delta is None:
        return vector
    moved = vector + delta.astype(np.float32) @ vector
    return (moved / np.linalg.norm(moved)).astype(np.float32)


class Setup:
    def __init__(self, data: Path, more: Path | None = None):
        self.answerer = Answerer(open_corpus(Settings(data_dir=data, knowledge_dir=knowledge_without_examples(data)))[0])
        self.index = self.answerer.index
        searcher = self.index.searcher
        self.passages = sorted(self.index.passages.values(), key=lambda p: (p.document_id, p.position))
        self.pids = np.array([p.id for p in self.passages])
        self.docs = np.array([p.document_id for p in self.passages])
        units = searcher._layout.units_of(self.pids)
        self.vectors = searcher._vectors.vectors(units.passage).astype(np.float64)
        owner = [(k, u) for k in range(len(self.pids)) for u in units.sentences[k] if u >= 0]
        self.sentences = searcher._vectors.vectors(np.array([u for _, u in owner], dtype=np.int64)).astype(np.float64)
        self.sentence_of = np.zeros((len(owner), len(self.pids)), dtype=bool)
        self.sentence_of[np.arange(len(owner)), [k for k, _ in owner]] = True
        labelled = MORE_LABELLED if more else LABELLED
        variants = {}
        for name in labelled + DECLINES:
            for line in (DATA / name).read_text().splitlines():
                row = json.loads(line)
                variants[row["id"]] = row.get("variant_of")
        dev = {q.id for q in load_questions(DATA / "dev_questions.jsonl")} if more else set()
        seen, self.labelled, self.negatives = set(), [], []
        for name in labelled:
            for q in load_questions(DATA / name):
                if q.category in ANSWERABLE and q.evidence and q.id not in seen and variants.get(q.id) not in dev:
                    seen.add(q.id)
                    mask = self._evidence(q)
                    if mask.any():
                        self.labelled.append((q, variants.get(q.id) or q.id, mask))
        self.dev = [(q, q.id, self._evidence(q)) for q in load_questions(DATA / "dev_questions.jsonl")
                    if more and q.category in ANSWERABLE and q.evidence] if more else []
        self.dev = [row for row in self.dev if row[2].any()]
        groups = point_groups(more) if more else {}
        self.more = [(q, groups[q.id], self._evidence(q)) for q in (load_questions(more) if more else [])
                     if q.category in ANSWERABLE and q.evidence]
        self.more = [row for row in self.more if row[2].any()]
        for name in DECLINES:
            for q in load_questions(DATA / name):
                if q.category in ("off_topic", "not_covered") and q.id not in seen:
                    seen.add(q.id)
                    self.negatives.append(q)
        self.queries = {q.id: self.index.prepare(q.q) for q, _, _ in [*self.labelled, *self.dev, *self.more]}
        self.queries.update({q.id: self.index.prepare(q.q) for q in self.negatives})
        print(f"{len(self.labelled)} labelled answerable questions, {len(self.negatives)} off-topic/not-covered; "
              f"{len(self.passages)} passages in {len(set(self.docs))} documents"
              + (f"; {len(self.dev)} dev, {len(self.more)} in FILE ({len(set(groups.values()))} point groups)"
                 if more else ""), flush=True)

    def _evidence(self, q) -> np.ndarray:
        """Whether each passage holds one of the question's evidence strings."""
        wanted = [normalise(e) for e in q.evidence]
        return np.array([any(w in normalise(p.text) for w in wanted) for p in self.passages])

    def train(self, rows: list[int], allowed: np.ndarray, lam: float, rank: int, extra: list = ()) -> np.ndarray:
        """Fitted on the labelled questions `rows` and the (question, group, evidence mask) rows `extra`."""
        chosen = [self.labelled[i] for i in rows] + list(extra)
        qs = np.array([self.queries[q.id].vector for q, _, _ in chosen], dtype=np.float64)
        pos = np.array([mask[allowed] for _, _, mask in chosen])
        keep = pos.any(axis=1)
        return fit(qs[keep], self.vectors[allowed], pos[keep], lam, rank)

    def train_self(self, allowed: np.ndarray, lam: float, rank: int) -> np.ndarray:
        """Self-supervised: each sentence of the allowed passages a pseudo-question for its passage."""
        keep = self.sentence_of[:, allowed].any(axis=1)
        return fit(self.sentences[keep], self.vectors[allowed], self.sentence_of[keep][:, allowed], lam, rank)

    def dense_rank(self, i: int | tuple, delta: np.ndarray | None) -> int:
        """The first evidence passage's rank by cosine to the passage vectors alone (`i`: a labelled
        row, or a (question, group, evidence mask) row)."""
        q, _, mask = self.labelled[i] if isinstance(i, int) else i
        sims = self.vectors @ adapt(self.queries[q.id].vector, delta)
        return int(np.argmax(mask[np.argsort(-sims, kind="stable")])) + 1

    def judge(self, q, delta: np.ndarray | None, raw_scope: bool) -> dict:
        raw = self.queries[q.id]
        query = replace(raw, vector=adapt(raw.vector, delta))
        hits = self.index.search(query, limit=20)
        verdict = self.answerer.corpus.scope.judge(raw if raw_scope else query, hits)
        rank = None
        if q.category in ANSWERABLE and hits:
            snippets = self.answerer._choose_snippets(q.q, hits)
            rank = evidence_rank([s.text for s in snippets], q.evidence)
        return {"category": q.category, "outcome": verdict.outcome, "rank": rank}


def folds(setup: Setup, how: str, seed: int) -> list[tuple[list[int], list[int], np.ndarray]]:
    """(training rows, test rows, passages the adapter may see) per fold."""
    n = len(setup.labelled)
    if how == "document":
        out = []
        for doc in sorted(set(setup.docs)):
            inside = setup.docs == doc
            test = [i for i in range(n) if setup.labelled[i][2][inside].any()]
            train = [i for i in range(n) if i not in test]
            out.append((train, test, ~inside))
        return out
    rng = np.random.default_rng(seed)
    if how == "passage":
        fold_of = rng.permutation(len(setup.pids)) % FOLDS
        out = []
        for f in range(FOLDS):
            inside = fold_of == f
            test = [i for i in range(n) if setup.labelled[i][2][inside].any()]
            # a question is tested once: in the fold of its first evidence passage
            test = [i for i in test if fold_of[np.argmax(setup.labelled[i][2])] == f]
            train = [i for i in range(n) if not setup.labelled[i][2][inside].any()]
            out.append((train, test, ~inside))
        return out
    groups = sorted({g for _, g, _ in setup.labelled})
    fold_of = dict(zip(rng.permutation(groups).tolist(), [i % FOLDS for i in range(len(groups))]))
    everything = np.ones(len(setup.pids), dtype=bool)
    return [([i for i in range(n) if fold_of[setup.labelled[i][1]] != f],
             [i for i in range(n) if fold_of[setup.labelled[i][1]] == f], everything) for f in range(FOLDS)]


def more_estimates(setup: Setup, systems: list) -> None:
    """The three estimates of `--more` (the module's docstring), each labelled system without and with FILE."""
    runs = [(name, kind, lam, rank, False) for name, kind, lam, rank in systems]
    runs += [(name + " + FILE", kind, lam, rank, True) for name, kind, lam, rank in systems if kind == "labelled"]
    rows = list(range(len(setup.labelled)))
    for how in ("question", "document", "point", "dev"):
        for name, kind, lam, rank, with_more in runs:
            judged: list[dict] = []
            dense: list[int] = []
            for seed in ([0] if how in ("document", "dev") else list(SEEDS)):
                if how in ("question", "document"):
                    plan = [(train, [setup.labelled[i] for i in test], allowed,
                             [m for m in setup.more if m[2][allowed].any() and not m[2][~allowed].any()]
                             if how == "document" else setup.more)
                            for train, test, allowed in folds(setup, how, seed)]
                elif how == "point":
                    groups = sorted({g for _, g, _ in setup.more})
                    fold_of = dict(zip(np.random.default_rng(seed).permutation(groups).tolist(),
                                       [i % FOLDS for i in range(len(groups))]))
                    everything = np.ones(len(setup.pids), dtype=bool)
                    plan = [(rows, [m for m in setup.more if fold_of[m[1]] == f], everything,
                             [m for m in setup.more if fold_of[m[1]] != f]) for f in range(FOLDS)]
                else:
                    plan = [(rows, setup.dev, np.ones(len(setup.pids), dtype=bool), setup.more)]
                for train, test, allowed, extra in plan:
                    delta = (None if kind is None else setup.train_self(allowed, lam, rank) if kind == "self"
                             else setup.train(train, allowed, lam, rank, extra if with_more else ()))
                    dense += [setup.dense_rank(row, delta) for row in test]
                    judged += [setup.judge(q, delta, True) for q, _, _ in test]
                    if kind is not None:
                        judged += [dict(setup.judge(q, delta, False), category=q.category + "*") for q, _, _ in test]
                    if how == "dev":
                        judged += [setup.judge(q, delta, True) for q in setup.negatives]
                        judged += [dict(setup.judge(q, delta, False), category=q.category + "*")
                                   for q in setup.negatives] if kind is not None else []
            r = np.array(dense)
            print(f"[{how}] {name}\n    dense alone r@1 {np.mean(r == 1):.3f} r@5 {np.mean(r <= 5):.3f} "
                  f"MRR {np.mean(1 / r):.3f}\n    {summary(judged)}", flush=True)


def summary(judged: list[dict]) -> str:
    parts = []
    for category in (*ANSWERABLE, *(c + "*" for c in ANSWERABLE)):
        rows = [j for j in judged if j["category"] == category]
        if rows:
            r = [j["rank"] for j in rows]
            parts.append(f"{category} n={len(rows)} r@1 {np.mean([x == 1 for x in r]):.3f} "
                         f"r@5 {np.mean([x is not None and x <= 5 for x in r]):.3f} "
                         f"MRR {np.mean([1 / x if x else 0 for x in r]):.3f} "
                         f"ans {np.mean([j['outcome'] == 'answered' for j in rows]):.3f}")
    for category, right in (("off_topic", "out_of_scope"), ("not_covered", "not_covered"),
                            ("off_topic*", "out_of_scope"), ("not_covered*", "not_covered")):
        rows = [j for j in judged if j["category"] == category]
        if rows:
            parts.append(f"{category} n={len(rows)} declined {np.mean([j['outcome'] != 'answered' for j in rows]):.3f}"
                         f" right {np.mean([j['outcome'] == right for j in rows]):.3f}")
    return "\n    ".join(parts)


def main() -> None:
    """Arguments: systems as KIND:LAMBDA:RANK (KIND "labelled" or "self"; RANK 0 a full matrix)."""
    systems = [("before (raw vector)", None, 0.0, 0)]
    args = sys.argv[1:]
    more = None
    if "--more" in args:
        at = args.index("--more")
        more = Path(args[at + 1])
        del args[at:at + 2]
    only_dense = "--dense" in args
    for spec in [a for a in args if a != "--dense"] or ["labelled:1e-1:0", "labelled:1:0", "self:1e-2:0"]:
        kind, lam, rank = spec.split(":")
        systems.append((spec, kind, float(lam), int(rank)))
    with tempfile.TemporaryDirectory() as data:
        setup = Setup(Path(data), more)
        if more is not None:
            more_estimates(setup, systems)
            return
        for how in ("document", "passage", "question"):
            seeds = [0] if how == "document" else list(SEEDS)
            for name, kind, lam, rank in systems:
                judged: list[dict] = []
                dense: list[int] = []
                for seed in seeds:
                    for train, test, allowed in folds(setup, how, seed):
                        if kind == "labelled+":
                            allowed = np.ones_like(allowed)
                        delta = (None if kind is None else setup.train_self(allowed, lam, rank) if kind == "self"
                                 else setup.train(train, allowed, lam, rank))
                        dense += [setup.dense_rank(i, delta) for i in test]
                        if only_dense:
                            continue
                        judged += [setup.judge(setup.labelled[i][0], delta, True) for i in test]
                        if kind is not None:
                            judged += [dict(setup.judge(setup.labelled[i][0], delta, False),
                                            category=setup.labelled[i][0].category + "*") for i in test]
                        if how == "document":
                            judged += [setup.judge(q, delta, True) for q in setup.negatives]
                            judged += [dict(setup.judge(q, delta, False), category=q.category + "*")
                                       for q in setup.negatives] if kind is not None else []
                r = np.array(dense)
                print(f"[{how}] {name}\n    dense alone r@1 {np.mean(r == 1):.3f} r@5 {np.mean(r <= 5):.3f} "
                      f"MRR {np.mean(1 / r):.3f}\n    {summary(judged)}", flush=True)
        for name, kind, lam, rank in systems:
            if kind == "self" and not only_dense:  # fitted on the whole corpus it serves (no question seen): every question out of sample
                delta = setup.train_self(np.ones(len(setup.pids), dtype=bool), lam, rank)
                judged = [setup.judge(q, delta, True) for q, _, _ in setup.labelled]
                judged += [dict(setup.judge(q, delta, False), category=q.category + "*") for q, _, _ in setup.labelled]
                judged += [setup.judge(q, delta, True) for q in setup.negatives]
                judged += [dict(setup.judge(q, delta, False), category=q.category + "*") for q in setup.negatives]
                r = np.array([setup.dense_rank(i, delta) for i in range(len(setup.labelled))])
                print(f"[whole corpus, fitted on its own sentences] {name}\n    dense alone r@1 {np.mean(r == 1):.3f} "
                      f"r@5 {np.mean(r <= 5):.3f} MRR {np.mean(1 / r):.3f}\n    {summary(judged)}", flush=True)


if __name__ == "__main__":
    main()
