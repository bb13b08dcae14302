"""The CPU cost per question of `bot.redact.find` (no remembered results) on the retrieval tuning questions, which carry
no identifier, and on a labelled redaction set's rows, which do; for comparing two checkouts (copy this script into the
other and run it there). Prints one Markdown table row per set.

    .venv/bin/python benchmarks/redaction_cost.py [--passes N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from redaction import QUESTIONS, ROUND15, ROUND16, leaders, organisations  # noqa: E402

from bot.redact import find, publish  # noqa: E402


def cost(texts: list[str], passes: int) -> tuple[float, float]:
    """Median and p95 microseconds of CPU time per text, over `passes` passes."""
    samples = []
    for _ in range(passes):
        for text in texts:
            start = time.process_time()
            find(text)
            samples.append((time.process_time() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="times each text is redacted")
    args = parser.parse_args()
    publish(leaders(), organisations())
    asked = [json.loads(line)["q"] for path in QUESTIONS for line in path.read_text().splitlines() if line.strip()]
    sets = {"retrieval tuning questions": asked}
    for path in (ROUND15, ROUND16):
        sets[path.name] = [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    print("| texts | count | p50 µs | p95 µs |\n|---|---|---|---|")
    for title, texts in sets.items():
        p50, p95 = cost(texts, args.passes)
        print(f"| {title} | {len(texts)} | {p50:.0f} | {p95:.0f} |")


if __name__ == "__main__":
    main()
