"""Round 9: does a fuller map of NHS work (`nhs_topics.yaml`) decline more not-covered questions?

    OMP_NUM_THREADS=1 PEERBOT_DATA_DIR=DIR nice -n 5 .venv/bin/python benchmarks/topics_map.py BEFORE_DIR AFTER_DIR

BEFORE_DIR and AFTER_DIR each hold an `nhs_topics.yaml` (the product's list and a candidate). The
model and index are loaded once; every tuning file (`questions_tune*.jsonl`, `dev_questions`,
`probe_questions`; never the held-out half, `typos_holdout` or the check sets) is searched once, and
each question judged by a `ScopeGuard` built with each list at each COVERED of COVERED_GRID (a topic
that near a passage is left out), the rest of the bundled knowledge as served. Prints the topics each
list leaves out as covered (and the nearest left in); today's figures; each (list, COVERED)'s trade-off
curve over NC_MARGIN; then, per list, leave-one-file-out cross-validation choosing (COVERED, NC_MARGIN)
on the other files by two criteria: not covered caught - 4 x answerable declined (round 8's), and the
most caught for no more answerable declined than today's product on those files (the largest margin,
then the smallest COVERED, of equals); and the questions whose outcome differs from today's. Recall@1
and MRR are `bot.evaluation`'s: an answerable question declined has no rank.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bot import scope  # noqa: E402
from bot.answerer import Answerer, normalise_question  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, evidence_rank, load_questions  # noqa: E402
from bot.programme_names import unknown_names, unseen_names  # noqa: E402
from bot.scope import TOPIC_FRAMINGS, ScopeGuard  # noqa: E402
from bot.scope_files import load_everyday, load_topics  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import load_embedder  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
FILES = ("questions_tune", "questions_tune_scope", "questions_tune_scope2", "questions_tune_scope3",
         "questions_tune_scope4", "questions_tune_more", "questions_tune_more2", "questions_tune_more3",
         "questions_tune_extra", "questions_tune_typos", "dev_questions", "probe_questions")
MARGINS = np.arange(0.0, 0.201, 0.01).round(2)
COST = 4  # an answerable question declined weighs four not-covered ones caught
COVERED_GRID = (0.66, 0.68, 0.70, 0.72, 0.75)  # a topic this near a passage is left out (today 0.75)


def covered_report(name: str, topics: list[str], embedder, index) -> None:
    framed = [f.format(t) for f in TOPIC_FRAMINGS for t in topics]
    best = index.nearest(embedder.embed(framed)).reshape(len(TOPIC_FRAMINGS), len(topics)).max(axis=0)
    order = np.argsort(-best)
    dropped = [i for i in order if best[i] >= scope.COVERED]
    print(f"{name}: {len(topics)} topics, {len(dropped)} left out as covered (>= {scope.COVERED}):")
    for i in dropped:
        print(f"    {best[i]:.3f} {topics[i]}")
    print("  nearest left in:", "; ".join(f"{best[i]:.3f} {topics[i]}" for i in order[len(dropped):len(dropped) + 12]))


class CachingEmbedder:
    """The embedder, each text embedded once however many guards are built (the framings are the same)."""

    def __init__(self, embedder):
        self._embedder, self._cache = embedder, {}
        self.semantic, self.dimension = embedder.semantic, embedder.dimension

    def embed(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            self._cache.update(zip(missing, self._embedder.embed(missing), strict=True))
        return np.array([self._cache[t] for t in texts])


def main(before: Path, after: Path) -> None:
    settings = Settings.from_env()
    embedder = load_embedder(settings.model, settings.threads, settings.query_encoder, settings.cache_dir)
    corpus, _ = open_corpus(settings, embedder)
    answerer, index = Answerer(corpus), corpus.index
    kinds = corpus.scope.kinds
    everyday = load_everyday(settings.knowledge_dir, kinds)
    lists = {"before": load_topics(before), "after": load_topics(after)}
    caching, today_covered = CachingEmbedder(embedder), scope.COVERED
    guards = {}  # (list, COVERED): its guard
    for name, topics in lists.items():
        covered_report(name, topics, embedder, index)
        for covered in COVERED_GRID:
            scope.COVERED = covered
            guards[name, covered] = ScopeGuard(caching, kinds, topics, index, everyday)
    scope.COVERED = today_covered

    rows = []  # (file, id, category, rank if answered, has evidence)
    judged = {key: [] for key in guards}  # per guard, per question: (base outcome, named, topic - similarity)
    scope.NC_MARGIN, today = 9.0, scope.NC_MARGIN  # the base verdict: every rule but the plain margin
    for file in FILES:
        for q in load_questions(DATA / f"{file}.jsonl"):
            text = normalise_question(q.q)
            rows.append((file, q.id, q.category, None, bool(q.evidence)))
            if not re.search(r"\w", text):
                for key in guards:
                    judged[key].append(("out_of_scope", False, 0.0))
                continue
            query = index.prepare(text)
            hits = index.search(query, limit=20)
            if q.category in ANSWERABLE and q.evidence:
                rank = evidence_rank([s.text for s in answerer._choose_snippets(text, hits)], q.evidence)
                rows[-1] = (file, q.id, q.category, rank, True)
            named = bool(unknown_names(query) or unseen_names(query, hits))
            for key, guard in guards.items():
                verdict = guard.judge(query, hits)
                gap = verdict.topic - verdict.similarity if len(guard._topics) else -9.0
                judged[key].append((verdict.outcome, named, gap))
        print(f"  scored {file}", flush=True)
    scope.NC_MARGIN = today
    report(rows, {key: (np.array([j[0] for j in v]), np.array([j[1] for j in v]), np.array([j[2] for j in v]))
                  for key, v in judged.items()}, today, today_covered)


def report(rows: list, judged: dict, today: float, today_covered: float) -> None:
    files = np.array([r[0] for r in rows])
    cat = np.array([r[2] for r in rows])
    answerable, nc, off = np.isin(cat, ANSWERABLE), cat == "not_covered", cat == "off_topic"
    in_domain = cat == "in_domain"
    with_evidence = np.array([r[4] and r[2] == "in_domain" for r in rows])
    ranks = [r[3] for r in rows]
    everything = np.ones(len(rows), bool)

    def outcomes(key, margin: float) -> np.ndarray:
        base, named, gap = judged[key]
        return np.where((base == "answered") & ~named & (gap > margin), "not_covered", base)

    def score(out: np.ndarray, mask: np.ndarray) -> dict:
        answered = out == "answered"
        return {"nc": int((~answered & nc & mask).sum()), "ans": int((~answered & answerable & mask).sum()),
                "off": int((~answered & off & mask).sum()), "off_right": int(((out == "out_of_scope") & off & mask).sum()),
                "in_answered": int((answered & in_domain & mask).sum())}

    def retrieval(out: np.ndarray) -> tuple[float, float]:
        idx = list(np.flatnonzero(with_evidence))
        got = [ranks[i] if out[i] == "answered" else None for i in idx]
        return round(sum(h == 1 for h in got) / len(idx), 4), round(sum(1 / h for h in got if h) / len(idx), 4)

    def line(label: str, out: np.ndarray) -> str:
        s, (r1, mrr) = score(out, everything), retrieval(out)
        return (f"{label:34} not covered declined {s['nc']:3}/{nc.sum()}; answerable declined {s['ans']:3}/{answerable.sum()}; "
                f"in domain answered {s['in_answered']}/{in_domain.sum()}; off-topic declined {s['off']}/{off.sum()} "
                f"(as out of scope {s['off_right']}); recall@1 {r1} MRR {mrr}")

    product = outcomes(("before", today_covered), today)  # today's product
    print(f"\n{len(rows)} questions: {answerable.sum()} answerable ({in_domain.sum()} in domain), {nc.sum()} not covered, "
          f"{off.sum()} off-topic; {with_evidence.sum()} in domain with evidence")
    print(line(f"today: before, COVERED {today_covered}, NC_MARGIN {today}", product))
    print("\ntrade-off curves (margin: not covered declined / answerable declined):")
    for key in judged:
        print(f"  {key[0]:6} COVERED {key[1]:.2f}: " + "  ".join(
            f"{m:.2f}:{score(outcomes(key, m), everything)['nc']}/{score(outcomes(key, m), everything)['ans']}" for m in MARGINS))

    def gain(s: dict) -> int:
        return s["nc"] - COST * s["ans"]

    criteria = {
        "caught - 4 x declined": lambda keys, train: max(
            ((k, m) for k in keys for m in MARGINS), key=lambda km: (gain(score(outcomes(*km), train)), km[1], -km[0][1])),
        "most caught at today's cost": lambda keys, train: max(
            ((k, m) for k in keys for m in MARGINS if score(outcomes(*(k, m)), train)["ans"] <= score(product, train)["ans"]),
            key=lambda km: (score(outcomes(*km), train)["nc"], km[1], -km[0][1])),
    }
    results = {}
    for criterion, choose in criteria.items():
        print(f"\nleave one file out, choosing (COVERED, NC_MARGIN) by {criterion} on the other files:")
        for name in ("before", "after"):
            keys = [k for k in judged if k[0] == name]
            chosen = np.empty(len(rows), dtype=object)
            picks = []
            for f in FILES:
                key, m = choose(keys, files != f)
                picks.append(f"{key[1]:.2f}/{m:.2f}")
                chosen[files == f] = outcomes(key, m)[files == f]
            chosen = chosen.astype(str)
            results[criterion, name] = chosen
            key, m = choose(keys, everything)
            print(line(f"  {name}", chosen))
            print(f"    per held-out file: {' '.join(picks)}; on all files: {key[1]:.2f}/{m:.2f}")
            print("    " + " ".join(f"{f.replace('questions_', '')}:{score(chosen, files == f)['nc']}/"
                                     f"{score(chosen, files == f)['ans']}" for f in FILES))
    for criterion in criteria:
        after = results[criterion, "after"]
        print(f"\nchanged from today's product, after, {criterion} (file:id category: today -> after):")
        for i in np.flatnonzero(product != after):
            print(f"  {rows[i][0]}:{rows[i][1]} {rows[i][2]}: {product[i]} -> {after[i]}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
