"""The load-time cost of the named-subject map: embedding `nhs_subjects.yaml`'s entries in every framing.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/subject_map_load.py

Prints the seconds to embed the framed entries, twice, after a warm-up (one thread, the real model).
"""

import time
from pathlib import Path

from bot.scope import TOPIC_FRAMINGS
from bot.scope_files import SUBJECTS_FILE, load_topics
from index import load_embedder

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def main() -> None:
    embedder = load_embedder("all-MiniLM-L6-v2", 1)
    framed = [f.format(t) for f in TOPIC_FRAMINGS for t in load_topics(KNOWLEDGE, SUBJECTS_FILE)]
    embedder.embed(framed[:32])
    for _ in range(2):
        start = time.perf_counter()
        embedder.embed(framed)
        print(f"{len(framed)} framed subjects embedded in {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
