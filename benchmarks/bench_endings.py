"""Warm answer latency over questions with and without a final "?": `Answerer.answer` against the floor
of one question encode (`embed_query`, the encoder the answer uses: ONNX Runtime by default, where
`bench_core.py`'s floor uses `embed`, torch) plus one FAISS search, each dev question asked
both as written and bare of its final "?", "." or "!", so the questions not ending in "?" (a quarter of
the tuning questions; 1 of the 26 dev questions as written) weigh as much as the others.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/bench_endings.py [PASSES]

Prints p50/p95 in ms per series and the ratio of medians, answer / floor (issue 9's bar: 1.5x).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import generations  # noqa: E402
from index.search import DENSE_CANDIDATES  # noqa: E402
from index.vectors import VectorIndex, use_threads  # noqa: E402


def main(passes: int) -> None:
    use_threads(1)
    settings = Settings.from_env()
    answerer = Answerer(open_corpus(settings)[0])
    vectors = VectorIndex.load(generations.current_generation(settings.index_dir) / generations.VECTORS_FILE)
    embedder = answerer.index.embedder
    written = [q.q for q in load_questions(ROOT / "tests" / "data" / "dev_questions.jsonl")]
    questions = [(q, "?" if q.rstrip().endswith("?") else "bare") for q in written]
    questions += [(bare, "bare") for q in written if (bare := q.rstrip().rstrip("?.!").rstrip()) != q]
    series: dict[str, list[float]] = {"floor": [], "answer": [], "answer, ending in ?": [], "answer, not ending in ?": []}
    clock = time.perf_counter
    for q, _ in questions:  # warm-up, untimed
        answerer.answer(q)
        vectors.search(embedder.embed_query([q])[0], DENSE_CANDIDATES)
    for n in range(passes):
        for q, ending in questions:
            def floor(q: str = q) -> None:
                t0 = clock()
                vectors.search(embedder.embed_query([q])[0], DENSE_CANDIDATES)
                series["floor"].append(clock() - t0)

            def answer(q: str = q, ending: str = ending) -> None:
                t0 = clock()
                answerer.answer(q)
                elapsed = clock() - t0
                series["answer"].append(elapsed)
                series["answer, ending in ?" if ending == "?" else "answer, not ending in ?"].append(elapsed)

            for step in (floor, answer) if n % 2 == 0 else (answer, floor):
                step()
    print("| series | samples | p50 ms | p95 ms |\n|---|---|---|---|")
    for name, samples in series.items():
        p95 = statistics.quantiles(samples, n=20)[-1]
        print(f"| {name} | {len(samples)} | {statistics.median(samples) * 1000:.2f} | {p95 * 1000:.2f} |")
    print(f"\nratio of medians, answer / floor: {statistics.median(series['answer']) / statistics.median(series['floor']):.2f}x;"
          f" not ending in ? / floor: "
          f"{statistics.median(series['answer, not ending in ?']) / statistics.median(series['floor']):.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
