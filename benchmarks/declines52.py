"""Stop 52's figures: `peerbot eval --json` on stop 52's named-subject and support-service sets, stops 50 and 51's
declines sets and every tuning file, as one table per code tree, and each outcome of stop 52's sets.

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/declines52.py [--own] [SOURCE]
    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/declines52.py --handled SOURCE
    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/declines52.py --fires

SOURCE: a folder holding another `bot/` and `index/` (`git archive cefc57e bot index | tar -x -C SOURCE`) to
measure instead of this tree's; `--own`: stop 52's sets alone; `--handled`: how many questions of the tuning files
and stops 50-51's sets have a thing handled with an unknown head (`unknown_handled`: the answer path's one second
encode) by SOURCE's `bot/asking_clause.py` and by this tree's, each question prepared once by this tree; `--fires`:
each question of those files for which this tree's `named_outsider` holds, with its category. Reads the tuning files and stops 50-52's own sets
only (never a held-out file).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from declines50 import DATA, ROOT, TUNING, peerbot, row
from declines50 import OWN as OWN50
from declines51 import OWN as OWN51

OWN = ("questions_declines52_tune", "questions_declines52_untouched")


def handled(source: Path) -> None:
    """Print how many questions SOURCE's and this tree's `unknown_handled` find a thing in."""
    from bot.asking_clause import unknown_handled
    from bot.corpus import open_corpus
    from bot.evaluation import load_questions
    from bot.scope import as_question
    from bot.settings import Settings

    spec = importlib.util.spec_from_file_location("source_asking_clause", source / "bot" / "asking_clause.py")
    assert spec and spec.loader
    before = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(before)
    corpus, _ = open_corpus(Settings.from_env())
    read = then = now = 0
    for name in (*OWN51, *OWN50, *TUNING):
        for q in load_questions(DATA / f"{name}.jsonl"):
            query = corpus.index.prepare(as_question(q.q))
            read, then, now = read + 1, then + bool(before.unknown_handled(query)), now + bool(unknown_handled(query))
    print(f"{read} questions; a thing handled with an unknown head: {then} ({then / read:.1%}) by {source}, "
          f"{now} ({now / read:.1%}) by this tree")
    corpus.close()


def fires() -> None:
    """Print the questions `named_outsider` holds for (this tree's code, the data folder's index)."""
    from bot.corpus import open_corpus
    from bot.evaluation import load_questions
    from bot.scope import as_question
    from bot.scope_files import SUBJECTS_FILE, load_topics
    from bot.settings import Settings
    from bot.unheard_subjects import NhsWords, name_words, named_outsider

    settings = Settings.from_env()
    corpus, _ = open_corpus(settings)
    nhs = NhsWords.of([*load_topics(settings.knowledge_dir), *load_topics(settings.knowledge_dir, SUBJECTS_FILE)])
    people = name_words(p.name for p in corpus.index.people.values())
    read = held = 0
    for name in (*OWN51, *OWN50, *TUNING):
        for q in load_questions(DATA / f"{name}.jsonl"):
            read += 1
            if named_outsider(corpus.index.prepare(as_question(q.q)), nhs, people):
                held += 1
                print(f"- {name} {q.category}: {q.q}", flush=True)
    print(f"{held} of {read} questions")
    corpus.close()


def main() -> None:
    if "--fires" in sys.argv[1:]:
        return fires()
    if "--handled" in sys.argv[1:]:
        return handled(Path(sys.argv[-1]).resolve())
    own = "--own" in sys.argv[1:]
    given = [a for a in sys.argv[1:] if a != "--own"]
    source = Path(given[0]).resolve() if given else ROOT
    print("| file | n | answerable answered | in_domain R@1 | misspelt R@1 | not_covered declined / right | "
          "off_topic declined / right |")
    print("|---|---|---|---|---|---|---|")
    outcomes: list[str] = []
    for name in OWN if own else (*OWN, *OWN51, *OWN50, *TUNING):
        figures = json.loads(peerbot(source, "eval", "--json", str(DATA / f"{name}.jsonl")))
        print(row(name, figures), flush=True)
        if name in OWN:
            outcomes += [f"- {name[-9:]} {r['question']}  ->  {r['outcome']}" for r in figures["results"]]
    print("\n".join(outcomes))


if __name__ == "__main__":
    main()
