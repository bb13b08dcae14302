"""Per-question wall time of the answer path's cheap parts, warm, over the tuning questions (dev, probe,
`questions_tune*`), best of 3 passes: the speller's reading, the terms-of-art reading, the redaction of a
question, `model.eval()` (which the torch query encoder called for every question before stop 50) and
`answer()` itself (one pass).

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/answer_parts.py [TREE]

TREE: the checkout whose `bot` and `index` are imported (this one by default).
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
code = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
sys.path.insert(0, str(code))
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_profile import questions  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.redact import without_identifiers  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index.embedder import load_embedder  # noqa: E402
from index.vectors import use_threads  # noqa: E402


def per_question_ms(f, asked: list[str], passes: int = 3) -> float:
    best = []
    for _ in range(passes):
        started = time.perf_counter()
        for q in asked:
            f(q)
        best.append((time.perf_counter() - started) / len(asked) * 1000)
    return min(best)


def main() -> int:
    use_threads(1)
    settings = Settings.from_env()
    answerer = Answerer(open_corpus(settings, load_embedder(settings.model), build_if_missing=False)[0])
    asked = questions()
    for q in asked:  # warm-up: every lazy table built
        answerer.answer(q)
    model = answerer.index.embedder._model
    print(f"{len(asked)} questions, ms per question:")
    print(f"  speller's reading  {per_question_ms(answerer.index.spelled, asked):.2f}")
    print(f"  terms of art       {per_question_ms(answerer._terms.plain_reading, asked):.2f}")
    print(f"  redaction          {per_question_ms(without_identifiers, asked):.2f}")
    print(f"  model.eval()       {per_question_ms(lambda q: model.eval(), asked):.2f}")
    print(f"  answer()           {per_question_ms(answerer.answer, asked, passes=1):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
