"""SUBJECT_MARGIN (bot/subject_map.py) chosen by leave-one-file-out cross-validation over tuning files.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/subject_map_cv.py FILE.jsonl ...

Each question is answered as `peerbot eval` answers it, with the named-subject rule switched off (the
outcome without it), and its subject signal read from the product's own map (`SubjectMap.nearest`): the
nearest entry's similarity minus the best passage or sentence similarity, and whether the entry names a
word of the question the corpus never uses. The rule declines, on top of the other rules, a question
answered without it whose entry is named and whose margin is above W. For each file left out, W is
chosen on the others from 0.06-0.35 (step 0.01) maximising not-covered caught minus 4 x answerable
(in_domain, misspelt) declined, the larger W on ties, and scored on the file left out. Also printed: the
in-sample trade-off, and the same without the naming gate (any entry). Never the held-out half,
typos_holdout.jsonl or the dev set (dev_questions.jsonl): pass tuning files only.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import bot.subject_map
from bot.answerer import Answerer, normalise_question
from bot.asking_clause import without_sign_off
from bot.corpus import open_corpus
from bot.evaluation import load_questions
from bot.redact import without_identifiers
from bot.scope import as_question
from bot.settings import Settings

GRID = [round(0.06 + 0.01 * i, 2) for i in range(30)]
ANSWERABLE = ("in_domain", "misspelt")


def rows(files: list[str]) -> list[dict]:
    corpus = open_corpus(Settings.from_env())[0]
    answerer = Answerer(corpus)
    bot.subject_map.SUBJECT_MARGIN = float("inf")  # the outcome without the rule
    found = []
    for name in files:
        for q in load_questions(Path(name)):
            outcome = answerer.answer(q.q).outcome
            query = corpus.index.prepare(as_question(without_identifiers(without_sign_off(normalise_question(q.q)))))
            similarity = corpus.scope.judge(query, corpus.index.search(query, limit=20)).similarity
            _, closeness, named = corpus.scope.subjects.nearest(query)
            found.append(dict(file=Path(name).stem, category=q.category, outcome=outcome,
                              margin=closeness - similarity if closeness else -1.0, named=named))
    return found


def caught(rows: list[dict], w: float, gated: bool) -> tuple[int, int, int]:
    """(not covered, answerable, off-topic) questions answered without the rule that it declines at W."""
    fired = [r for r in rows if r["outcome"] == "answered" and r["margin"] > w and (r["named"] or not gated)]
    return (sum(r["category"] == "not_covered" for r in fired), sum(r["category"] in ANSWERABLE for r in fired),
            sum(r["category"] == "off_topic" for r in fired))


def main(files: list[str]) -> None:
    found = rows(files)
    answered = Counter((r["category"], r["outcome"]) for r in found)
    print("without the rule:", {k: v for k, v in sorted(answered.items())})
    for gated in (True, False):
        print(f"== {'named entry (the rule)' if gated else 'any entry (no naming gate)'}")
        total, chosen = [0, 0, 0], Counter()
        for left in sorted({r["file"] for r in found}):
            train = [r for r in found if r["file"] != left]
            w = max(GRID, key=lambda w: (caught(train, w, gated)[0] - 4 * caught(train, w, gated)[1], w))
            chosen[w] += 1
            score = caught([r for r in found if r["file"] == left], w, gated)
            total = [a + b for a, b in zip(total, score)]
            if any(score):
                print(f"  fold {left}: W {w}, not covered caught {score[0]}, answerable declined {score[1]}, "
                      f"off-topic declined {score[2]}")
        print(f"  cross-validated: not covered caught {total[0]}, answerable declined {total[1]}, off-topic {total[2]}; "
              f"W chosen {dict(chosen)}")
        for w in (0.10, 0.12, 0.13, 0.14, 0.15, 0.16, 0.18, 0.20):
            print(f"  in-sample W {w}: not covered caught {caught(found, w, gated)[0]}, "
                  f"answerable declined {caught(found, w, gated)[1]}")


if __name__ == "__main__":
    main(sys.argv[1:])
