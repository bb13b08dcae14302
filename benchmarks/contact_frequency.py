"""How often each person is suggested as a contact over the tuning questions, and whether the
passage that brings them in relates to the question (holds one of its evidence phrases).

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/contact_frequency.py \
        questions_tune dev_questions questions_tune_scope4

Each name is a file of tests/data (never the held-out half, the check sets or typos_holdout). For
every answered question with evidence, each suggested person is credited by the first snippet
whose passage names them (or lends them from a nearby passage); "related" when that snippet holds
evidence of the question. Prints per person: suggested, related, unrelated; then the shares of
unrelated suggestions by the crediting snippet's rank and by its distance to the naming passage.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bot.answerer import Answerer
from bot.corpus import open_corpus
from bot.evaluation import load_questions
from bot.settings import Settings
from index import evidence_form as normalise

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
UNTOUCHED = ("questions_holdout", "typos_holdout", "questions_check")


def main(names: list[str]) -> None:
    if any(name.startswith(UNTOUCHED) for name in names):
        sys.exit("contact_frequency: the held-out half and the check sets are never scored here")
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    directory = answerer.corpus.directory
    suggested: Counter[str] = Counter()
    related: Counter[str] = Counter()
    by_rank: Counter[tuple[int, bool]] = Counter()
    by_distance: Counter[tuple[int, bool]] = Counter()
    answered = 0
    for name in names:
        for q in load_questions(DATA / f"{name}.jsonl"):
            if not q.evidence:
                continue
            answer = answerer.answer(q.q)
            if not answer.answered:
                continue
            answered += 1
            wanted = [normalise(e) for e in q.evidence]
            for contact in answer.contacts:
                if not contact.is_person:
                    continue
                credit = next(((rank, snippet, distance) for rank, snippet in enumerate(answer.snippets)
                               for person, distance in directory.people_in_passage(snippet.passage_id)
                               if person.name == contact.name), None)
                if credit is None:
                    continue
                rank, snippet, distance = credit
                ok = any(w in normalise(snippet.text) for w in wanted)
                suggested[contact.name] += 1
                related[contact.name] += ok
                by_rank[rank, ok] += 1
                by_distance[distance, ok] += 1
    print(f"answered questions with evidence: {answered}")
    print(f"{'person':28} suggested related unrelated")
    for person, count in suggested.most_common():
        print(f"{person:28} {count:9} {related[person]:7} {count - related[person]:9}")
    total = sum(suggested.values())
    print(f"all people: {total} suggestions, {total - sum(related.values())} unrelated")
    for label, table in (("snippet rank", by_rank), ("distance", by_distance)):
        for key in sorted({k for k, _ in table}):
            print(f"  {label} {key}: related {table[key, True]}, unrelated {table[key, False]}")


if __name__ == "__main__":
    main(sys.argv[1:])
