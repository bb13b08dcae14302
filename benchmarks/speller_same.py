"""The speller of another checkout (e.g. `git archive main`) against this one's, in one process, over
the same index: the CPU of building each, and whether they correct every question of
`tests/data/*.jsonl` alike (each speller corrects them all in turn, so its tables are built as the
questions need them).

    PEERBOT_DATA_DIR=DIR .venv/bin/python benchmarks/speller_same.py /tmp/main-src

DIR holds an index (`peerbot index`; any model). Prints the number of questions, how many the
speller changes, the building CPU of each, and the questions corrected differently (none, for a
change that keeps answers).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def questions() -> list[str]:
    found = []
    for path in sorted((ROOT / "tests" / "data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            found += [row[key] for key in ("q", "question", "text") if isinstance(row, dict) and isinstance(row.get(key), str)]
    return found


def corrections(code: Path, texts: list[str]) -> tuple[float, list[str]]:
    """(CPU seconds building the speller, each text corrected) with the `index` package of `code`."""
    for name in [m for m in sys.modules if m == "index" or m.startswith("index.")]:
        del sys.modules[name]
    sys.path.insert(0, str(code))
    try:
        from index import generations
        from index.snapshot import Snapshot
        from index.spelling import Speller
        from index.store import IndexStore

        assert Path(sys.modules["index.spelling"].__file__ or "").is_relative_to(code), "another checkout's index loaded"
        folder = generations.current_generation(Path(os.environ["PEERBOT_DATA_DIR"]) / "index")
        assert folder is not None, "run `peerbot index` first"
        store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
        vocabulary, names = store.vocabulary(), Snapshot.load(store).names()
        started = time.process_time()
        speller = Speller(vocabulary, names=names)
        built = time.process_time() - started
        return built, [speller.correct(text) for text in texts]
    finally:
        sys.path.remove(str(code))


def main() -> int:
    texts = questions()
    before_cpu, before = corrections(Path(sys.argv[1]).resolve(), texts)
    after_cpu, after = corrections(ROOT, texts)
    differ = [(text, a, b) for text, a, b in zip(texts, before, after) if a != b]
    print(f"{len(texts)} questions, {sum(a != t for t, a in zip(texts, before))} changed by the speller; building it "
          f"{before_cpu:.2f} s CPU before, {after_cpu:.2f} s after; corrected differently: {len(differ)}")
    for text, a, b in differ[:20]:
        print(f"  {text!r}: before {a!r}, after {b!r}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
