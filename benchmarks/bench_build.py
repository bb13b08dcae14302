"""Indexing a very large document: is every build step near-linear?

Writes a synthetic Markdown lesson of about SIZE MB into a copy of the bundled corpus (sentences
drawn at random from the corpus's own words, paragraphs of 40-180 words, a heading every 25
paragraphs, and pull quotes: a sentence repeated as its own paragraph, which repeated-paragraph
removal must find), then runs `build_index` with the hashing embedder, timing the steps. Run at
two sizes to see the growth; a quadratic step shows as 4x per doubling. Also times how long
checking the served generation takes when it is loaded (`usable_generation`, which every `ask`
and `serve` pays once).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_build.py [--sizes 5 10 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import generations  # noqa: E402
from index.build import build_index  # noqa: E402
from index.chunking import parse_blocks  # noqa: E402
from index.documents import load_document  # noqa: E402
from index.hashing_embedder import HashingEmbedder  # noqa: E402
from index.preparing import chunk_document, document_blocks  # noqa: E402
from index.repeated_blocks import drop_repeated_blocks  # noqa: E402


def synthetic_lesson(megabytes: float, seed: int = 7) -> str:
    words = re.findall(r"[A-Za-z][a-z]+", " ".join(p.read_text() for p in (ROOT / "knowledge").glob("*.md")))
    rng = random.Random(seed)
    out, size, paragraph_no = ["---\ntitle: A very large lesson\n---\n"], 0, 0
    target = int(megabytes * 1_000_000)
    while size < target:
        if paragraph_no % 25 == 0:
            out.append(f"## Part {paragraph_no // 25 + 1}\n")
        sentences = []
        for _ in range(rng.randint(3, 9)):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 24)))
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
        paragraph = " ".join(sentences)
        out.append(paragraph + "\n")
        if paragraph_no % 40 == 7:
            out.append(rng.choice(sentences) + "\n")  # a pull quote
        size += len(paragraph) + 2
        paragraph_no += 1
    return "\n".join(out)


def measure(megabytes: float) -> dict:
    embedder = HashingEmbedder()
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = Path(tmp) / "knowledge"
        shutil.copytree(ROOT / "knowledge", knowledge)
        path = knowledge / "very-large-lesson.md"
        path.write_text(synthetic_lesson(megabytes))
        figures = {"mb": path.stat().st_size / 1e6}
        started = time.perf_counter()
        doc = load_document(path)
        figures["load"] = time.perf_counter() - started
        started = time.perf_counter()
        blocks = parse_blocks(doc.body)
        figures["parse"] = time.perf_counter() - started
        started = time.perf_counter()
        kept = drop_repeated_blocks(blocks)
        figures["repeats"] = time.perf_counter() - started
        figures["dropped"] = len(blocks) - len(kept)
        started = time.perf_counter()
        passages = chunk_document(doc, document_blocks(doc), embedder)
        figures["chunk"] = time.perf_counter() - started  # includes parsing and repeats again
        figures["passages"] = len(passages)
        started = time.perf_counter()
        report = build_index(knowledge, Path(tmp) / "index", embedder)
        figures["build"] = time.perf_counter() - started
        figures["vectors"] = report.vectors_embedded
        assert not report.errors, report.errors
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            generations.usable_generation(Path(tmp) / "index")
            timings.append(time.perf_counter() - started)
        figures["check_ms"] = sorted(timings)[2] * 1000
        folder = generations.current_generation(Path(tmp) / "index")
        figures["index_mb"] = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
    return figures


def bundled_check_ms() -> tuple[float, float]:
    """(median ms to check the bundled corpus's served generation, its size in MB)."""
    with tempfile.TemporaryDirectory() as tmp:
        build_index(ROOT / "knowledge", Path(tmp) / "index", HashingEmbedder())
        timings = []
        for _ in range(21):
            started = time.perf_counter()
            generations.usable_generation(Path(tmp) / "index")
            timings.append(time.perf_counter() - started)
        folder = generations.current_generation(Path(tmp) / "index")
        return sorted(timings)[10] * 1000, sum(f.stat().st_size for f in folder.iterdir()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[5, 10, 20])
    args = parser.parse_args()
    load = os.getloadavg()[0]
    check_ms, check_mb = bundled_check_ms()
    rows = [measure(size) for size in args.sizes]
    print(f"Machine: nproc {os.cpu_count()}, {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}, hashing embedder; load average {load:.2f} before, {os.getloadavg()[0]:.2f} after.\n")
    print(f"Checking the bundled corpus's served generation ({check_mb:.1f} MB) on load: {check_ms:.1f} ms (median of 21).\n")
    print("| document MB | load s | parse s | repeated paragraphs s (dropped) | chunk s | whole build s | passages | "
          "vectors | index MB | check on load ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['mb']:.1f} | {r['load']:.2f} | {r['parse']:.2f} | {r['repeats']:.2f} ({r['dropped']}) | "
              f"{r['chunk']:.2f} | {r['build']:.1f} | {r['passages']} | {r['vectors']} | {r['index_mb']:.0f} | "
              f"{r['check_ms']:.0f} |")


if __name__ == "__main__":
    main()
