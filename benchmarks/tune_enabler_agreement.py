"""The everyday-word class through the enablers (issue 9, part 1; BENCHMARKS.md, "Answer-type matching"):
a reader's everyday words ("patients have a say") meet the documents' terms ("service users") in an
enabler's profile (name, description, the synonyms people type: `knowledge/enablers.yaml`). Does a
candidate that agrees with the question on the enablers rank better?

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_enabler_agreement.py --keep FILE

`FILE` is `tune_answer_types.py --keep`'s (the tuning files and the check sets' even lines, searched
once). Two signals, each one more fused rank at a weight chosen by 5-fold x 5-seed cross-validation:
**linked**, a candidate's stored enabler links (`chunk_enablers`) weighted by the question's cosine to
each linked enabler's profile (the Answerer's enabler vectors); **profile agreement**, the cosine between
the question's and the passage's cosines to the enabler profiles, each centred (agreement in a space of
the enablers, every passage scored). Both cost one small matrix product per candidate on the query path.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_agreement import rank_of, rr, shipped_fused  # noqa: E402
from tune_answer_types import cross_validated, pooled  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.settings import Settings  # noqa: E402

WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 3.0)


def enablers() -> tuple[np.ndarray, list[str], list[tuple[int, str, float]]]:
    """The Answerer's enabler profile vectors, their ids, and the stored passage-enabler links."""
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    try:
        links = [(r["chunk_id"], r["enabler_id"], r["score"]) for r in answerer.index.searcher._store.link_rows()]
        return answerer._enabler_vectors, [e.id for e in answerer.corpus.enablers], links
    finally:
        answerer.corpus.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="tune_answer_types.py's kept questions")
    args = parser.parse_args()
    data = pickle.loads(args.keep.read_bytes())
    items, ex, meta = data["items"], data["example_passages"], data["meta"]
    vectors, ids, links = enablers()
    at = {e: i for i, e in enumerate(ids)}
    linked: dict[int, list[tuple[int, float]]] = {}
    for pid, enabler, score in links:
        linked.setdefault(int(pid), []).append((at[enabler], score))
    where = {int(p): i for i, p in enumerate(meta["pids"])}
    passage_profile = meta["passage_vectors"] @ vectors.T
    passage_profile -= passage_profile.mean(axis=1, keepdims=True)
    passage_profile /= np.linalg.norm(passage_profile, axis=1, keepdims=True)
    print(f"{len(links)} stored links over {len(linked)} of {len(where)} passages; {len(ids)} enablers")

    def linked_signal(it: object, q: np.ndarray) -> np.ndarray:
        return np.array([max((q[e] * s for e, s in linked.get(int(c), [])), default=0.0) for c in it.candidates])

    def agreement(it: object, q: np.ndarray) -> np.ndarray:
        q = q - q.mean()
        return passage_profile[[where[int(c)] for c in it.candidates]] @ (q / np.linalg.norm(q))

    base = [shipped_fused(it, ex) for it in items]
    shipped = [rank_of(it, f) for it, f in zip(items, base)]
    indomain = [it.category == "in_domain" for it in items]
    print("| signal, weight | in-domain r@1 / r@5 / MRR | misspelt |")
    print(f"| shipped | {pooled([r for r, i in zip(shipped, indomain) if i])} | "
          f"{pooled([r for r, i in zip(shipped, indomain) if not i])} |")
    for name, signal in (("linked", linked_signal), ("profile agreement", agreement)):
        extra = [signal(it, vectors @ it.vector) for it in items]
        ranks = {w: [rank_of(it, f + w * np.where(e > 0, rr(e), 0.0)) if w else r
                     for it, f, e, r in zip(items, base, extra, shipped)] for w in WEIGHTS}
        for w in WEIGHTS[1:]:
            print(f"| {name}, {w} in sample | {pooled([r for r, i in zip(ranks[w], indomain) if i])} | "
                  f"{pooled([r for r, i in zip(ranks[w], indomain) if not i])} |")
        for label, cv in cross_validated(items, ranks, list(WEIGHTS)):
            print(f"| {name}, {label} | {pooled([r for r, i in zip(cv, indomain) if i])} | "
                  f"{pooled([r for r, i in zip(cv, indomain) if not i])} |", flush=True)


if __name__ == "__main__":
    main()
