"""Whether each enabler summary's examples say what their organisation did (stop 44).

    PEERBOT_DATA_DIR=/tmp/c44/data OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/enabler_examples.py \
        [--code DIR]

Summarises every enabler of the served index (the real model) and sorts each example by
`bot.enablers.deeds.kind_of`: a deed, a neutral account, or a view / general claim. With `--code DIR`
(a `git archive` of another commit) the summaries are made by that code, in a subprocess, and sorted
by this tree's `kind_of`, so two commits are compared on one measure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def examples() -> dict[str, list[list[str]]]:
    """Enabler id -> [label, excerpt] of each example, made by the code on sys.path."""
    from bot.corpus import open_corpus
    from bot.enablers.guide import EnablerGuide
    from bot.settings import Settings

    corpus, _ = open_corpus(Settings.from_env())
    guide = EnablerGuide(corpus)
    return {e.id: [[x.label, x.snippet.text] for x in guide.summarise(e.id).examples] for e in corpus.enablers}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--dump"]:
        print(json.dumps(examples()))
        return
    if argv[:1] == ["--code"]:
        code = Path(argv[1]).resolve()
        made = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--dump"], cwd=code, check=True,
                              env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True)
        found = json.loads(made.stdout)
    else:
        found = examples()
    sys.path.insert(0, str(ROOT))
    from bot.enablers.deeds import kind_of

    kinds: Counter[str] = Counter()
    for enabler_id, shown in found.items():
        for label, text in shown:
            kind = kind_of(text)
            kinds[kind] += 1
            print(f"{enabler_id:32} {kind:8} {label[:40]:40} {text[:90]}")
    print(f"examples {sum(kinds.values())}: deed {kinds['deed']}, neutral {kinds['neutral']}, view {kinds['view']}")


if __name__ == "__main__":
    main(sys.argv[1:])
