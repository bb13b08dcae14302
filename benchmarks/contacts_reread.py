"""What a contacts.yaml edit costs a running server: the look every PEERBOT_RELOAD_SECONDS (contacts.yaml
hashed, unchanged) and the re-read when it changed (the directory rebuilt on the served index and the
enabler summaries warmed again, then swapped in; nothing re-embedded).

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/contacts_reread.py [ROUNDS]

The knowledge folder (PEERBOT_KNOWLEDGE_DIR) is copied to a temporary folder, whose contacts.yaml is
edited: a withdrawal written and taken back, ROUNDS times (default 10). Prints the medians and maxima.
"""

from __future__ import annotations

import dataclasses
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.corpus import CorpusLoader, open_corpus
from bot.live import LiveCorpus
from bot.settings import Settings

WITHDRAWN = "people:\n  - name: Julian Hartley\n    contactable: false\n"


def main(rounds: int) -> None:
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as folder:
        knowledge = Path(folder) / "knowledge"
        shutil.copytree(settings.knowledge_dir, knowledge)
        settings = dataclasses.replace(settings, knowledge_dir=knowledge)
        corpus, _ = open_corpus(settings)
        loader = CorpusLoader(settings, corpus.index.embedder)
        live = LiveCorpus(corpus, loader)
        with live.use() as served:  # as `peerbot serve` does at start
            served.guide.warm()
        looks = []
        for _ in range(200):
            started = time.perf_counter()
            assert not live.contacts_changed()
            looks.append(time.perf_counter() - started)
        original = (knowledge / "contacts.yaml").read_text()
        rereads = []
        for turn in range(rounds):
            (knowledge / "contacts.yaml").write_text(WITHDRAWN if turn % 2 == 0 else original)
            started = time.perf_counter()
            assert live.reread_contacts()
            rereads.append(time.perf_counter() - started)
        with live.use() as served:
            people, passages = len(served.corpus.directory.people), len(served.corpus.index.passages)
        live.close()
    print(f"corpus: {passages} passages, {people} people in the directory; model {settings.model}")
    print(f"look (unchanged contacts.yaml): median {statistics.median(looks) * 1e6:.0f} µs, "
          f"max {max(looks) * 1e6:.0f} µs over {len(looks)}")
    print(f"re-read and swap: median {statistics.median(rereads) * 1000:.0f} ms, "
          f"max {max(rereads) * 1000:.0f} ms over {rounds}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
