"""Choose `index.spelling.REAL_WORD_RATIO` (how much commoner in English a corpus word must be before a
real English word is taken for its typo: "wader" -> "wider"), `MIN_ENGLISH` (the shortest unknown
word corrected into an English word the corpus does not use) and `SPLIT_ODDS` (how much more often
English must write two words as a pair than a one-edit word: "allone" -> "alone", "agreein" ->
"agreeing", "incommon" -> "in common") and `MIN_TYPO_PART` (the shortest misspelt part of two words
run together that is corrected: "thepsrtnership" -> "the partnership") by cross-validation.

    PEERBOT_DATA_DIR=/tmp/s25-spell-data .venv/bin/python benchmarks/tune_spelling.py
    PEERBOT_DATA_DIR=/tmp/s25-spell-data .venv/bin/python benchmarks/tune_spelling.py --near
    PEERBOT_DATA_DIR=/tmp/s25-spell-data .venv/bin/python benchmarks/tune_spelling.py --against /tmp/main-src

`--near` searches only around the committed constants (each one step either side). `--against DIR`
instead compares DIR's `index/spelling.py` (main's, `git archive main | tar -x -C DIR`)
with this checkout's at the chosen constants: each set's variants restored by each, and every spelled
question whose correction differs between the two (the -1 rule, against main rather than a setting).

For each pair of values in the grid, on the index `peerbot index` built there: a typo variant of
`tests/data/questions_tune_typos.jsonl`, of its dense variants (`benchmarks/typo_questions.py --dense`),
of the earlier synthetic set (`benchmarks/typo_variants.py`
on `tests/data/questions_tune.jsonl`) or one of that file's own misspelt questions counts as restored when its correction equals the correction
of the question it was made from (lower case, punctuation and apostrophes aside); a spelled question
(in-domain, off-topic and not-covered questions of the tuning, dev, probe, extra and scope sets) counts as
harmed when they change its correction from the most cautious one's (no real-word correction,
English corrections from seven letters, splits only 30 times likelier, misspelt parts of runs from
eight letters). The
score is restored minus harmed. 5-fold cross-validation by source question, repeated over 5 seeds:
each fold's values are chosen on the other four (ties to the more cautious) and scored on
its own; then the ratio chosen on everything.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import random
import re
import sys
from pathlib import Path

from typo_questions import SEED, generate  # the sibling scripts (benchmarks/ is on the path when run)
from typo_variants import variants

from index import generations, spelling
from index.snapshot import Snapshot
from index.spelling import Speller
from index.store import IndexStore

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/data"
TYPOS = DATA / "questions_tune_typos.jsonl"
SPELLED = ("questions_tune.jsonl", "dev_questions.jsonl", "probe_questions.jsonl", "questions_tune_extra.jsonl",
           "questions_tune_scope.jsonl", "questions_tune_scope2.jsonl", "questions_tune_scope3.jsonl")
RATIOS = (5.0, 10.0, 20.0, 30.0, 50.0, 100.0, 200.0, math.inf)
MIN_ENGLISH = (4, 5, 6, 7)
SPLIT_ODDS = (0.3, 1.0, 3.0, 10.0, 30.0)
MIN_TYPO_PART = (3, 4, 5, 6, 8)
GRID = [(r, n, o, p) for r in RATIOS for n in MIN_ENGLISH for o in SPLIT_ODDS for p in MIN_TYPO_PART]  # last: most cautious


def near_grid() -> list[tuple[float, int, float, int]]:
    """`--near`: each constant at its committed value and one step either side (81 settings, a tenth
    of the time), and the most cautious setting."""
    def near(values: tuple, chosen: float) -> tuple:
        at = values.index(chosen)
        return values[max(at - 1, 0):at + 2]
    grid = [(r, n, o, p) for r in near(RATIOS, spelling.REAL_WORD_RATIO) for n in near(MIN_ENGLISH, spelling.MIN_ENGLISH)
            for o in near(SPLIT_ODDS, spelling.SPLIT_ODDS) for p in near(MIN_TYPO_PART, spelling.MIN_TYPO_PART)]
    return [*grid, GRID[-1]]


def normal(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9 ]", "", text.lower().replace("’", "").replace("'", "")).split()


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def typo_sets() -> dict[str, list[dict]]:
    """The misspelt questions scored, by set, each with `variant_of` its spelled question's id."""
    tune, _ = generate()
    sources = {row["variant_of"] for row in tune}
    dense = [row for row in generate((3, 4, 5), SEED + 1)[0] + generate((3, 4, 5), SEED + 1)[1]
             if row["variant_of"] in sources]  # as `typo_questions.py --dense` prints them
    earlier = list(variants((DATA / "questions_tune.jsonl").read_text(encoding="utf-8").splitlines()))
    return {
        "tuning typo half": rows(TYPOS),
        "dense variants": [dict(t, id=t["id"] + "d") for t in dense],
        "earlier synthetic set": [dict(t, variant_of=t["id"][:-1]) for t in earlier],
        "written misspelt (tuning half)": [q for q in rows(DATA / "questions_tune.jsonl") if q.get("category") == "misspelt"],
    }


def against(main_dir: Path, vocabulary, names: list[str]) -> None:
    """Main's speller against this checkout's, at the chosen constants."""
    spec = importlib.util.spec_from_file_location("spelling_main", main_dir / "index/spelling.py")
    assert spec and spec.loader
    before = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(before)
    spellers = {"main": before.Speller(vocabulary), "this": Speller(vocabulary, names=names)}
    spelled = [q for name in SPELLED for q in rows(DATA / name) if q.get("category") != "misspelt"]
    by_id = {q["id"]: q["q"] for q in spelled}
    for label, typos in typo_sets().items():
        restored = {k: sum(normal(s.correct(t["q"])) == normal(s.correct(by_id[t["variant_of"]])) for t in typos)
                    for k, s in spellers.items()}
        print(f"{label}: restored {restored['main']} -> {restored['this']} of {len(typos)}")
    changed = [(q["q"], spellers["main"].correct(q["q"]), spellers["this"].correct(q["q"])) for q in spelled]
    changed = [c for c in changed if c[1] != c[2]]
    print(f"spelled questions ({len(spelled)}) whose correction differs: {len(changed)}")
    for question, main, this in changed:
        print(f"  {question!r}\n    main: {main!r}\n    this: {this!r}")


def main() -> None:
    index_dir = Path(os.environ.get("PEERBOT_DATA_DIR", ROOT / ".peerbot")) / "index"
    folder = generations.current_generation(index_dir)
    if folder is None:
        raise SystemExit(f"no index in {index_dir}: run `peerbot index` first")
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    vocabulary, names = store.vocabulary(), Snapshot.load(store).names()
    if sys.argv[1:2] == ["--against"]:
        return against(Path(sys.argv[2]), vocabulary, names)
    grid = near_grid() if sys.argv[1:] == ["--near"] else GRID
    spellers = {(r, n, o, p): Speller(vocabulary, real_word_ratio=r, min_english=n, split_odds=o, min_typo_part=p,
                                      names=names) for r, n, o, p in grid}
    spelled = [q for name in SPELLED for q in rows(DATA / name) if q.get("category") != "misspelt"]
    by_id = {q["id"]: q["q"] for q in spelled}
    # per item: its source question (the fold unit) and its score (1 restored, -1 harmed, 0) per ratio
    items: list[tuple[str, dict[tuple[float, int, float, int], int]]] = []
    for typo in [t for typos in typo_sets().values() for t in typos]:
        source = by_id[typo["variant_of"]]
        items.append((typo["variant_of"], {r: int(normal(s.correct(typo["q"])) == normal(s.correct(source)))
                                          for r, s in spellers.items()}))
    for question in spelled:
        plain = spellers[GRID[-1]].correct(question["q"])
        items.append((question["id"], {r: -int(s.correct(question["q"]) != plain) for r, s in spellers.items()}))

    def best(chosen: list[tuple[str, dict[tuple[float, int, float, int], int]]]) -> tuple[float, int, float, int]:
        return max(grid, key=lambda r: (sum(score[r] for _, score in chosen), r))  # ties: the more cautious

    sources = sorted({source for source, _ in items})
    held_out, choices = 0, []
    for seed in range(5):
        order = sources[:]
        random.Random(seed).shuffle(order)
        for k in range(5):
            fold = set(order[k::5])
            ratio = best([i for i in items if i[0] not in fold])
            choices.append(ratio)
            held_out += sum(score[ratio] for source, score in items if source in fold)
    print("ratio  min_english  split_odds  min_typo_part  restored  harmed  score (all items)")
    for r in grid:
        restored = sum(s[r] for _, s in items if s[r] > 0)
        harmed = -sum(s[r] for _, s in items if s[r] < 0)
        print(f"{r[0]:>5}  {r[1]:>11}  {r[2]:>10}  {r[3]:>13}  {restored:>8}  {harmed:>6}  {restored - harmed:>5}")
    print(f"cross-validated: held-out score {held_out / 5:.1f} a repeat; ratios chosen per fold: "
          f"{ {r: choices.count(r) for r in grid if r in choices} }")
    print(f"chosen on everything: {best(items)}")


if __name__ == "__main__":
    main()
