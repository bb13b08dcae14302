"""Repeated-paragraph removal alone on a long synthetic document: is it near-linear?

Paragraphs of 40-180 words drawn from a 20,000-word vocabulary (so every word repeats: the
prefilter keeps every paragraph, the worst case), one pull quote repeated inside a longer one.
Prints the CPU seconds of `drop_repeated_blocks` for each size, with the code at CODE (a checkout).

    .venv/bin/python benchmarks/bench_repeated_paragraphs.py [--code DIR] [--sizes 2 4 8]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path


def document(megabytes: int, seed: int = 1):
    from index.chunking import Block

    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(20000)]
    blocks, size = [], 0
    while size < megabytes * 1_000_000:
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(40, 180)))
        blocks.append(Block("s", text, "text"))
        size += len(text)
    quote = " ".join(rng.choice(vocabulary) for _ in range(12))
    return blocks + [Block("s", quote, "text"), Block("s", f"lead in words {quote} and more after", "text")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 4, 8])
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from index.repeated_blocks import drop_repeated_blocks

    for megabytes in args.sizes:
        blocks = document(megabytes)
        start = time.process_time()
        kept = drop_repeated_blocks(blocks)
        print(f"{megabytes} MB: {time.process_time() - start:.2f} s CPU, {len(blocks) - len(kept)} dropped")


if __name__ == "__main__":
    main()
