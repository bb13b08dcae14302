"""Choose `index.spelling.REAL_WORD_RATIO` (how much commoner in English a corpus word must be before a
real English word is taken for its typo: "wader" -> "wider"), `MIN_ENGLISH` (the shortest unknown
word corrected into an English word the corpus does not use) and `SPLIT_ODDS` (how much more often
English must write two words as a pair than a one-edit word: "allone" -> "alone", "agreein" ->
"agreeing", "incommon" -> "in common") and `MIN_TYPO_PART` (the shortest misspelt part of two words
run together that is corrected: "thepsrtnership" -> "the partnership") by cross-validation.

    PEERBOT_DATA_DIR=/tmp/s24-spell-data .venv/bin/python benchmarks/tune_spelling.py

For each pair of values in the grid, on the index `peerbot index` built there: a typo variant of
`tests/data/questions_tune_typos.jsonl`, of the earlier synthetic set (`benchmarks/typo_variants.py`
on `tests/data/questions_tune.jsonl`) or one of that file's own misspelt questions counts as restored when its correction equals the correction
of the question it was made from (lower case, punctuation and apostrophes aside); a spelled question
(in-domain, off-topic and not-covered questions of the tuning, dev, probe and extra sets) counts as
harmed when they change its correction from the most cautious one's (no real-word correction,
English corrections from seven letters, splits only 30 times likelier, misspelt parts of runs from
eight letters). The
score is restored minus harmed. 5-fold cross-validation by source question, repeated over 5 seeds:
each fold's values are chosen on the other four (ties to the more cautious) and scored on
its own; then the ratio chosen on everything.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
from pathlib import Path

from typo_variants import variants  # the sibling script (benchmarks/ is on the path when run)

from index import generations
from index.spelling import Speller
from index.store import IndexStore

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/data"
TYPOS = DATA / "questions_tune_typos.jsonl"
SPELLED = ("questions_tune.jsonl", "dev_questions.jsonl", "probe_questions.jsonl", "questions_tune_extra.jsonl")
RATIOS = (5.0, 10.0, 20.0, 30.0, 50.0, 100.0, 200.0, math.inf)
MIN_ENGLISH = (4, 5, 6, 7)
SPLIT_ODDS = (0.3, 1.0, 3.0, 10.0, 30.0)
MIN_TYPO_PART = (3, 4, 5, 6, 8)
GRID = [(r, n, o, p) for r in RATIOS for n in MIN_ENGLISH for o in SPLIT_ODDS for p in MIN_TYPO_PART]  # last: most cautious


def normal(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9 ]", "", text.lower().replace("’", "").replace("'", "")).split()


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    index_dir = Path(os.environ.get("PEERBOT_DATA_DIR", ROOT / ".peerbot")) / "index"
    folder = generations.current_generation(index_dir)
    if folder is None:
        raise SystemExit(f"no index in {index_dir}: run `peerbot index` first")
    vocabulary = IndexStore.open(folder / generations.DB_FILE, read_only=True).vocabulary()
    spellers = {(r, n, o, p): Speller(vocabulary, real_word_ratio=r, min_english=n, split_odds=o, min_typo_part=p)
                for r, n, o, p in GRID}
    spelled = [q for name in SPELLED for q in rows(DATA / name) if q.get("category") != "misspelt"]
    by_id = {q["id"]: q["q"] for q in spelled}
    # per item: its source question (the fold unit) and its score (1 restored, -1 harmed, 0) per ratio
    items: list[tuple[str, dict[tuple[float, int, float, int], int]]] = []
    earlier = list(variants((DATA / "questions_tune.jsonl").read_text(encoding="utf-8").splitlines()))
    written = [q for q in rows(DATA / "questions_tune.jsonl") if q.get("category") == "misspelt"]
    for typo in [*rows(TYPOS), *(dict(t, variant_of=t["id"][:-1]) for t in earlier), *written]:
        source = by_id[typo["variant_of"]]
        items.append((typo["variant_of"], {r: int(normal(s.correct(typo["q"])) == normal(s.correct(source)))
                                          for r, s in spellers.items()}))
    for question in spelled:
        plain = spellers[GRID[-1]].correct(question["q"])
        items.append((question["id"], {r: -int(s.correct(question["q"]) != plain) for r, s in spellers.items()}))

    def best(chosen: list[tuple[str, dict[tuple[float, int, float, int], int]]]) -> tuple[float, int, float, int]:
        return max(GRID, key=lambda r: (sum(score[r] for _, score in chosen), r))  # ties: the more cautious

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
    for r in GRID:
        restored = sum(s[r] for _, s in items if s[r] > 0)
        harmed = -sum(s[r] for _, s in items if s[r] < 0)
        print(f"{r[0]:>5}  {r[1]:>11}  {r[2]:>10}  {r[3]:>13}  {restored:>8}  {harmed:>6}  {restored - harmed:>5}")
    print(f"cross-validated: held-out score {held_out / 5:.1f} a repeat; ratios chosen per fold: "
          f"{ {r: choices.count(r) for r in GRID if r in choices} }")
    print(f"chosen on everything: {best(items)}")


if __name__ == "__main__":
    main()
