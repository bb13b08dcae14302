"""Stop 51's figures: `peerbot eval --json` on stop 51's general-knowledge sets, stop 50's declines sets and every
tuning file, as one table per code tree, and the reply's first line for each question of stop 51's sets.

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/declines51.py [--own] [SOURCE]
    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/declines51.py --fires

SOURCE: a folder holding another `bot/` and `index/` (`git archive 6436f18 bot index | tar -x -C SOURCE`) to
measure instead of this tree's; `--own`: stop 51's sets alone; `--fires`: each question of those files for which
this tree's `bot.unheard_subjects.unheard_subject` holds, with its category, and how many were read. Reads the tuning files and stops 50 and 51's own
sets only (never a held-out file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from declines50 import DATA, ROOT, TUNING, peerbot, row
from declines50 import OWN as OWN50

OWN = ("questions_declines51_tune", "questions_declines51_untouched")


def fires() -> None:
    """Print the questions `unheard_subject` holds for (this tree's code, the data folder's index)."""
    from bot.corpus import open_corpus
    from bot.evaluation import load_questions
    from bot.scope_files import SUBJECTS_FILE, load_topics
    from bot.settings import Settings
    from bot.unheard_subjects import NhsWords, unheard_subject

    settings = Settings.from_env()
    corpus, _ = open_corpus(settings)
    nhs = NhsWords.of([*load_topics(settings.knowledge_dir), *load_topics(settings.knowledge_dir, SUBJECTS_FILE)])
    read = 0
    for name in (*OWN, *OWN50, *TUNING):
        for q in load_questions(DATA / f"{name}.jsonl"):
            read += 1
            if unheard_subject(corpus.index.prepare(q.q), nhs):
                print(f"- {name} {q.category}: {q.q}", flush=True)
    print(f"{read} questions read")
    corpus.close()


def main() -> None:
    if "--fires" in sys.argv[1:]:
        return fires()
    own = "--own" in sys.argv[1:]
    given = [a for a in sys.argv[1:] if a != "--own"]
    source = Path(given[0]).resolve() if given else ROOT
    print("| file | n | answerable answered | in_domain R@1 | misspelt R@1 | not_covered declined / right | "
          "off_topic declined / right |")
    print("|---|---|---|---|---|---|---|")
    outcomes: list[str] = []
    for name in OWN if own else (*OWN, *OWN50, *TUNING):
        figures = json.loads(peerbot(source, "eval", "--json", str(DATA / f"{name}.jsonl")))
        print(row(name, figures), flush=True)
        if name in OWN:
            outcomes += [f"- {r['question']}  ->  {r['outcome']}" for r in figures["results"]]
    print("\n".join(outcomes))


if __name__ == "__main__":
    main()
