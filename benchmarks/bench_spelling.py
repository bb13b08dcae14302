"""CPU cost of spelling correction, main's `index/spelling.py` against this checkout's, in one process.

    git archive main | tar -x -C /tmp/main-src
    PEERBOT_DATA_DIR=/tmp/s25-spell-data .venv/bin/python benchmarks/bench_spelling.py /tmp/main-src

Two vocabularies: the bundled corpus's (from the index `peerbot index` built), and a large one (the
corpus's words, the 60,000 commonest English words and 40,000 made-up names and acronyms, about what a
corpus of 100,000 passages uses). This checkout's speller also gets the corpus's names (its documents'
organisations, places and people: `Snapshot.names`), and with the large vocabulary 10,000 made-up
names of two to four capitalised words besides (a corpus of some 10,000 documents). For each: building the speller (what loading an index does) and
correcting every question of the tuning, dev, probe, extra and typo sets, three rounds, in turn
before and after; process CPU, best of the rounds.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from index import generations
from index.english import english_pairs, english_words
from index.snapshot import Snapshot
from index.store import IndexStore

ROOT = Path(__file__).resolve().parent.parent
SETS = ("questions_tune.jsonl", "dev_questions.jsonl", "probe_questions.jsonl", "questions_tune_extra.jsonl",
        "questions_tune_typos.jsonl")


def module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    found = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(found)
    return found


def large(vocabulary: Counter[str], names: list[str]) -> tuple[Counter[str], list[str]]:
    rng = random.Random(5)
    words = Counter(vocabulary)
    for word, count in sorted(english_words().items(), key=lambda kv: -kv[1])[:60_000]:
        words[word] += max(1, count // 1_000_000)
    letters = "abcdefghijklmnopqrstuvwxyz"
    made_up = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(40_000)]
    for word in made_up:
        words[word] += rng.randint(1, 20)
    more = [" ".join(rng.choice(made_up).capitalize() for _ in range(rng.randint(2, 4))) for _ in range(10_000)]
    return words, [*names, *more]


def main() -> None:
    before = module(Path(sys.argv[1]) / "index/spelling.py", "spelling_before")
    after = module(ROOT / "index/spelling.py", "spelling_after")
    folder = generations.current_generation(Path(os.environ["PEERBOT_DATA_DIR"]) / "index")
    assert folder is not None, "run `peerbot index` first"
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    corpus, names = store.vocabulary(), Snapshot.load(store).names()
    questions = [json.loads(line)["q"] for name in SETS
                 for line in (ROOT / "tests/data" / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    t = time.process_time()
    english_words(), english_pairs()
    print(f"English words and pairs loaded once per process: {time.process_time() - t:.2f} s CPU")
    for label, (vocabulary, named) in (("bundled corpus", (corpus, names)), ("large vocabulary", large(corpus, names))):
        build: dict[str, list[float]] = {"before": [], "after": []}
        correct: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(3):
            for name, spelling in (("before", before), ("after", after)):
                t = time.process_time()
                speller = spelling.Speller(vocabulary, names=named) if name == "after" else spelling.Speller(vocabulary)
                build[name].append(time.process_time() - t)
                t = time.process_time()
                for q in questions:
                    speller.correct(q)
                correct[name].append((time.process_time() - t) / len(questions))
        print(f"{label} ({len(vocabulary):,} words, {len(named):,} names, {len(questions)} questions): building the speller "
              f"{min(build['before']):.2f} s -> {min(build['after']):.2f} s CPU; a question "
              f"{min(correct['before']) * 1000:.3f} ms -> {min(correct['after']) * 1000:.3f} ms CPU")


if __name__ == "__main__":
    main()
