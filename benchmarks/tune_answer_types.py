"""Answer-type matching screened on the tuning files (issue 9, part 1; BENCHMARKS.md, "Answer-type
matching"): does putting the candidates that hold the kind of answer a question asks for (a person, a
list of organisations, a count, a change, money, a date, a duration: benchmarks/answer_types.py) ahead among the first few
of the shipped order put the evidence first more often?

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_answer_types.py --keep FILE [--misses] [--sentence]

The questions are `tune_agreement.py`'s (every tuning file with its own example questions detached when
scored) and the even lines of `questions_check5.jsonl` and `questions_check6.jsonl`; the held-out halves,
`questions_holdout.jsonl` and `typos_holdout.jsonl` are never read. A variant adds `weight / (FUSION_K + 1)`
(one first place of a fused rank, at a weight) to the fused score of each of the first `depth`
candidates whose passage holds an asked kind; questions that ask for no kind are left as shipped.
(weight, depth) is chosen by 5-fold x 5-seed cross-validation, folds by question with a misspelt twin in
its source's fold, on in-domain recall@1 + MRR; a tie goes to the shipped order.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from answer_types import asked_kinds, held_kinds, matches  # noqa: E402
from tune_agreement import DATA, FOLDS, figures, rank_of, searched, shipped_fused  # noqa: E402

from bot.settings import Settings  # noqa: E402
from index.lexical import content_terms, stem  # noqa: E402
from index.named_people import read_people  # noqa: E402

try:
    from benchmarks import rrf
except ImportError:  # run as a script from benchmarks/
    import rrf  # type: ignore[no-redef]

TUNING = {**FOLDS, "check": ("questions_check5", "questions_check6")}
WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0)
DEPTHS = (2, 3, 5, 10)
SEEDS = 5
K_FOLDS = 5


def groups() -> dict[str, str]:
    """(id@fold) -> the question it is a variant of, else its first evidence string: a misspelt twin
    shares its source's group."""
    out = {}
    for fold, names in TUNING.items():
        for name in names:
            lines = (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if name.startswith("questions_check"):
                lines = lines[1::2]  # the even lines: the tuning half
            for line in filter(str.strip, lines):
                q = json.loads(line)
                out[f"{q['id']}@{fold}"] = q.get("variant_of") or (q.get("evidence") or [q["id"]])[0]
    return out


def reranked(fused: np.ndarray, held: np.ndarray, weight: float, depth: int) -> np.ndarray:
    """`fused` with each of its first `depth` candidates that hold an asked kind lifted by `weight`
    first places of a fused rank."""
    if not weight or not held.any():
        return fused
    first = np.argsort(-fused, kind="stable")[:depth]
    lift = np.zeros_like(fused)
    lift[first] = held[first] * weight / (rrf.FUSION_K + 1)
    return fused + lift


SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _names_someone(sentence: str, meta: dict) -> bool:
    """Whether `sentence` names one of the corpus's people (a capitalised word of a person's name)."""
    return any(part in sentence for part in meta["people_words"])


def pooled(ranks: list[int]) -> str:
    return "{:.3f} / {:.3f} / {:.3f}".format(*figures(ranks)) if ranks else "-"


def cross_validated(items: list, ranks: dict, grid: list) -> list[tuple[str, list[int]]]:
    """Per seed: each of 5 folds (by question, a misspelt twin with its source) scored with the grid
    point best on the other 4 (in-domain recall@1 + MRR; a tie: the first, the shipped order)."""
    group_of = groups()
    keys = sorted({group_of[f"{it.id}@{it.fold}"] for it in items})
    indomain = [it.category == "in_domain" for it in items]
    out = []
    for seed in range(SEEDS):
        shuffled = keys[:]
        random.Random(seed).shuffle(shuffled)
        fold_of = {k: i % K_FOLDS for i, k in enumerate(shuffled)}
        folds = [fold_of[group_of[f"{it.id}@{it.fold}"]] for it in items]
        cv, chosen = [0] * len(items), []
        for f in range(K_FOLDS):
            def objective(g: object) -> float:
                r1, _, mrr = figures([r for r, fo, i in zip(ranks[g], folds, indomain) if fo != f and i])
                return round(r1 + mrr, 9)
            best = max(grid, key=objective)
            chosen.append(best)
            for i, fo in enumerate(folds):
                if fo == f:
                    cv[i] = ranks[best][i]
        out.append((f"seed {seed} CV, chosen {chosen}", cv))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="a file to keep the searched questions in, and read them from")
    parser.add_argument("--misses", action="store_true", help="the typed questions the shipped order misses")
    parser.add_argument("--sentence", action="store_true",
                        help="a passage holds an asked kind only in a sentence that shares a content word with the question")
    args = parser.parse_args()
    data = pickle.loads(args.keep.read_bytes()) if args.keep and args.keep.exists() else searched(TUNING)
    if args.keep and not args.keep.exists():
        args.keep.write_bytes(pickle.dumps(data))
    items, ex, meta = data["items"], data["example_passages"], data["meta"]
    organisations = meta["organisations"]
    held_of: dict[int, frozenset[str]] = {}

    def held(pid: int) -> frozenset[str]:
        if pid not in held_of:
            held_of[pid] = held_kinds(meta["full_text"][pid], pid in meta["named_people"], organisations)
        return held_of[pid]

    asked = [asked_kinds(it.q) | asked_kinds(meta["searched"][f"{it.id}@{it.fold}"]) for it in items]
    if args.sentence:
        settings = Settings.from_env()
        meta["people_words"] = {w for name in read_people(settings.knowledge_dir, settings.index_dir)
                                for w in name.split() if w[:1].isupper() and len(w) > 2 and not w.endswith(".")}
        sentences = {int(p): [(s, {stem(w) for w in content_terms(s)}) for s in SENTENCE.split(t)]
                     for p, t in meta["full_text"].items()}

        def holding(it: object, a: frozenset[str], pid: int) -> bool:
            words = {stem(w) for w in content_terms(meta["searched"][f"{it.id}@{it.fold}"])}
            return any(words & ws and matches(a, held_kinds(s, pid in meta["named_people"] and _names_someone(s, meta),
                                                            organisations)) for s, ws in sentences[pid])
        holds = [np.array([holding(it, a, int(c)) if a else False for c in it.candidates], dtype=float)
                 for it, a in zip(items, asked)]
    else:
        holds = [np.array([matches(a, held(int(c))) for c in it.candidates], dtype=float) for it, a in zip(items, asked)]
    base = [shipped_fused(it, ex) for it in items]
    typed = [bool(a) for a in asked]
    print(f"{len(items)} questions ({sum(it.category == 'in_domain' for it in items)} in-domain); "
          f"{sum(typed)} ask for a kind: " + ", ".join(
              f"{k} {sum(k in a for a in asked)}" for k in ("person", "organisations", "count", "change", "money", "date", "duration")))
    print(f"evidence holds an asked kind: {sum(bool(h[it.labels].max()) for h, it, t in zip(holds, items, typed) if t)} "
          f"of {sum(typed)} typed; candidates holding one: {np.mean([h.mean() for h, t in zip(holds, typed) if t]):.2f}")
    grid = [(0.0, 0)] + [(w, d) for w in WEIGHTS[1:] for d in DEPTHS]
    ranks = {g: [rank_of(it, reranked(f, h, *g) if t else f) for it, f, h, t in zip(items, base, holds, typed)]
             for g in grid}
    if args.misses:
        misses(items, base, holds, asked, meta)
    indomain = [it.category == "in_domain" for it in items]

    def row(label: str, r: list[int]) -> str:
        pick = lambda keep: [x for x, k in zip(r, keep) if k]  # noqa: E731
        return (f"| {label} | {pooled(pick(indomain))} | {pooled(pick([not i for i in indomain]))} | "
                f"{pooled(pick([i and t for i, t in zip(indomain, typed)]))} | "
                f"{pooled(pick([i and it.fold == 'check' for i, it in zip(indomain, items)]))} |")

    print("| (weight, depth) | in-domain r@1 / r@5 / MRR | misspelt | typed in-domain | check halves in-domain |")
    for g in grid:
        print(row(f"{g} in sample", ranks[g]))
    for label, cv in cross_validated(items, ranks, grid):
        print(row(label, cv))

def misses(items: list, base: list, holds: list, asked: list, meta: dict) -> None:
    for it, f, h, a in zip(items, base, holds, asked):
        if not a or it.category != "in_domain":
            continue
        order = np.lexsort((-it.scores, -f))
        rank = int(np.argmax(it.labels[order])) + 1
        if rank == 1:
            continue
        right = order[rank - 1]
        print(f"{it.fold:6} {it.id:8} rank {rank} asks {sorted(a)} {it.q[:80]!r}\n"
              f"   won (holds {bool(h[order[0]])}): {meta['text'][int(it.candidates[order[0]])][:100]!r}\n"
              f"  right (holds {bool(h[right])}): {meta['text'][int(it.candidates[right])][:100]!r}")


if __name__ == "__main__":
    main()
