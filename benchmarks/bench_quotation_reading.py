"""Quotation finding alone on a long synthetic document without quotations: is it linear?

Paragraphs of 40-180 words from a 20,000-word vocabulary, one quotation at the start (so a pronoun
later could continue it and the text read since it is kept), split into passages of 150 words as
the chunker would. Prints the CPU seconds of `find_quotations` for each size, with the code at CODE
(a checkout).

    .venv/bin/python benchmarks/bench_quotation_reading.py [--code DIR] [--sizes 1 2 4]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path


def document(megabytes: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(20000)]
    paragraphs, size = ["“We pooled our porters across three sites and it worked,” explains Jo Bloggs."], 0
    while size < megabytes * 1_000_000:
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(40, 180))) + "."
        paragraphs.append(text)
        size += len(text)
    return "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from index.chunking import chunk_blocks, parse_blocks
    from index.documents import Person
    from index.quotes import find_quotations

    people = [Person("Jo Bloggs", "Chief executive", "Example NHS Trust")]
    for megabytes in args.sizes:
        passages = chunk_blocks(parse_blocks(document(megabytes)), max_words=150)
        start = time.process_time()
        found = find_quotations(passages, people)
        print(f"{megabytes} MB, {len(passages)} passages: {time.process_time() - start:.2f} s CPU, "
              f"{sum(map(len, found))} quotation(s)")


if __name__ == "__main__":
    main()
