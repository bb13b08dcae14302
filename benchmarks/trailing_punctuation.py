"""How many tuning questions change outcome with their ending: as asked, without a final "?", "." or "!",
and with "?" (a question's outcome should not depend on it).

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/trailing_punctuation.py [OUT.jsonl]

Reads the tuning files only (benchmarks/declines.py FILES: never the held-out half or a check set). Prints,
per file and in all, the questions whose outcome differs between the endings, and writes each such question
with its three outcomes to OUT.jsonl when given.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from declines import DATA, FILES  # noqa: E402


def endings(question: str) -> dict[str, str]:
    """The question as asked, bare of its final punctuation, and bare with "?"."""
    bare = question.rstrip().rstrip("?.!").rstrip()
    return {"asked": question, "bare": bare, "?": bare + "?"}


def main(out: Path | None) -> None:
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.evaluation import load_questions
    from bot.settings import Settings

    answerer = Answerer(open_corpus(Settings.from_env())[0])
    changed: list[dict] = []
    total = 0
    for name in FILES:
        questions = load_questions(DATA / f"{name}.jsonl")
        before = len(changed)
        for q in questions:
            said = endings(q.q)
            outcome = {text: answerer.answer(text).outcome for text in set(said.values())}
            outcomes = {k: outcome[text] for k, text in said.items()}
            if len(set(outcomes.values())) > 1:
                changed.append({"file": name, "id": q.id, "q": q.q, "category": q.category, **outcomes})
        total += len(questions)
        print(f"{name}: {len(changed) - before} of {len(questions)} change outcome with their ending")
    print(f"all: {len(changed)} of {total} questions change outcome with their ending")
    if out:
        out.write_text("".join(json.dumps(c) + "\n" for c in changed))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
