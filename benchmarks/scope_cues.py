"""Run every out-of-scope cue (`knowledge/out_of_scope.yaml`) over the project's own questions.

    .venv/bin/python benchmarks/scope_cues.py

Prints each on-topic question (answerable or not covered, in the tuning, dev and probe sets) and each
redaction-file text that a cue fires on (false fires: each should be none), then how many of the
tuning sets' off-topic requests the cues catch, by kind. No model is loaded. The held-out half and
the check sets (questions_holdout.jsonl, questions_check*.jsonl) are never read here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bot.evaluation import load_questions
from bot.scope_files import load_out_of_scope

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
QUESTION_SETS = ("questions_tune.jsonl", "questions_tune_extra.jsonl", "questions_tune_scope.jsonl",
                 "questions_tune_scope2.jsonl", "questions_tune_scope3.jsonl", "questions_tune_scope4.jsonl", "dev_questions.jsonl",
                 "probe_questions.jsonl")
REDACTION_SETS = ("redaction_labelled.jsonl", "redaction_heldout.jsonl")


def main() -> None:
    kinds = load_out_of_scope(ROOT / "knowledge")
    false_fires = 0
    caught: Counter[str] = Counter()
    off = 0
    for name in QUESTION_SETS:
        for q in load_questions(DATA / name):
            fired = [k.name for k in kinds if k.cued(q.q)]
            if q.category == "off_topic":
                off += 1
                caught[fired[0] if fired else "(no cue)"] += 1
            elif fired:
                false_fires += 1
                print(f"FALSE FIRE {name} {q.id} [{', '.join(fired)}]: {q.q}")
    texts = 0
    for name in REDACTION_SETS:
        for line in (DATA / name).read_text().splitlines():
            if line.strip():
                texts += 1
                row = json.loads(line)
                fired = [k.name for k in kinds if k.cued(row["text"])]
                if fired:
                    false_fires += 1
                    print(f"FALSE FIRE {name} {row['id']} [{', '.join(fired)}]: {row['text']}")
    print(f"{false_fires} false fires on on-topic questions and {texts} redaction texts")
    print(f"off-topic requests in the tuning sets cued: {off - caught['(no cue)']} of {off}")
    for kind, n in caught.most_common():
        print(f"  {kind}: {n}")


if __name__ == "__main__":
    main()
