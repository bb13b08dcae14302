"""The spelled control of issue 9: every question of the tune files corrected by the speller, one JSON
line each, to compare two checkouts' spellers (a correct question must read exactly as before).

    PEERBOT_DATA_DIR=DIR .venv/bin/python benchmarks/spelled_control.py > after.jsonl
    PYTHONPATH=/tmp/main-src PEERBOT_DATA_DIR=DIR .venv/bin/python benchmarks/spelled_control.py > before.jsonl
    diff before.jsonl after.jsonl

Questions: tests/data/questions_tune*.jsonl, dev_questions.jsonl, probe_questions.jsonl (never a held-out
or check set). The speller is given the corpus's passages when its version reads them (`texts`).
"""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path

from bot.settings import Settings
from index import generations
from index.snapshot import Snapshot
from index.spelling import Speller
from index.store import IndexStore

DATA = Path(__file__).resolve().parent.parent / "tests/data"


def questions() -> list[str]:
    paths = [*sorted(DATA.glob("questions_tune*.jsonl")), DATA / "dev_questions.jsonl", DATA / "probe_questions.jsonl"]
    return [json.loads(line)["q"] for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    folder = generations.current_generation(Settings.from_env().index_dir)
    assert folder is not None, "run `peerbot index` first"
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    snapshot = Snapshot.load(store)
    extra = {"texts": [p.text for p in snapshot.passages.values()]} if "texts" in inspect.signature(Speller).parameters else {}
    speller = Speller(store.vocabulary(), names=snapshot.names(), **extra)
    for q in questions():
        sys.stdout.write(json.dumps({"q": q, "corrected": speller.correct(q)}) + "\n")


if __name__ == "__main__":
    main()
