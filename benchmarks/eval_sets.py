"""`peerbot eval` over several question sets with one load of the model and index (stop 46): each file's headline
figures on one line, then the ids of its questions not answered right (evidence not first, or the wrong outcome), so
two versions' outputs can be compared with `diff`. Never give it a held-out set.

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/eval_sets.py FILE.jsonl ...

For another version, run it from a `git archive` of that version with the archive first on PYTHONPATH.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.answerer import Answerer
from bot.corpus import open_corpus
from bot.evaluation import HEADLINE, evaluate, load_questions
from bot.settings import Settings


def main(files: list[str]) -> None:
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    for file in files:
        report = evaluate(load_questions(Path(file)), answerer.answer)
        figures = report.to_dict(details=False)
        print(Path(file).name, " ".join(f"{k}={'n/a' if figures[k] is None else f'{figures[k]:.2f}'}" for k in HEADLINE))
        for result in report.results:
            if not result.ok:
                print(f"  not right: {result.id} {result.category} {result.outcome} rank={result.rank}")


if __name__ == "__main__":
    main(sys.argv[1:])
