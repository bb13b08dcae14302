"""Importing documents: which extractor recovers generated PDFs, Word files and web pages best.

    .venv/bin/python benchmarks/extraction.py [--reps 3]

Writes every layout of tests/documents_factory.py into a temporary folder, runs each candidate of
benchmarks/extraction_candidates.py on each, scores the output against the ground truth with
tests/extraction_scores.py, and prints Markdown: a summary per candidate (means over the layouts),
character recall/precision per layout, what each does with the unreadable files, and each
library's licence and installed size (with its dependencies).
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import logging
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import extraction_candidates as candidates  # noqa: E402
import extraction_scores as scores  # noqa: E402
from documents_factory import make_documents  # noqa: E402

METRICS = ("char recall", "char precision", "furniture removed", "headings", "quotes as blockquote",
           "quotes attributed", "reading order")


def measure(extract, sample, reps: int) -> dict:
    times, output = [], extract(sample.path)  # one untimed run: imports and caches
    for _ in range(reps):
        start = time.perf_counter()
        output = extract(sample.path)
        times.append(time.perf_counter() - start)
    truth = sample.truth
    recall, precision = scores.char_scores(output, truth)
    return {"char recall": recall, "char precision": precision,
            "furniture removed": scores.furniture_removed(output, truth),
            "headings": scores.headings_found(output, truth) if truth.headings else None,
            "quotes as blockquote": scores.quotes_in_blockquote(output, truth) if truth.quotations else None,
            "quotes attributed": scores.quotes_attributed(output, truth) if truth.quotations else None,
            "reading order": scores.reading_order(output, truth),
            "ms/page": statistics.median(times) * 1000 / sample.pages}


def refusal(extract, sample) -> str:
    try:
        output = extract(sample.path)
    except Exception as e:  # what each library does with a bad file is the point of the row
        reason = getattr(e, "reason", "")
        return f"refused: {reason}" if reason else f"raised {type(e).__name__}"
    return f"returned {len(output.strip())} characters" if output.strip() else "returned no text"


def summary_table(results: dict, layouts: list[str]) -> list[str]:
    lines = ["| candidate | " + " | ".join(METRICS) + " | ms/page |", "|---" * (len(METRICS) + 2) + "|"]
    for name, by_layout in results.items():
        cells = []
        for metric in METRICS + ("ms/page",):
            values = [by_layout[layout][metric] for layout in layouts if by_layout[layout][metric] is not None]
            if metric == "reading order":
                values = [by_layout[layout][metric] for layout in layouts if "column" in layout] or values
            mean = statistics.mean(values) if values else None
            cells.append("–" if mean is None else f"{mean:.1f}" if metric == "ms/page" else f"{mean:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def layout_table(results: dict, layouts: list[str]) -> list[str]:
    lines = ["| candidate | " + " | ".join(layouts) + " |", "|---" * (len(layouts) + 1) + "|"]
    for name, by_layout in results.items():
        lines.append(f"| {name} | " + " | ".join(
            f"{by_layout[l]['char recall']:.3f} / {by_layout[l]['char precision']:.3f}" for l in layouts) + " |")
    return lines


def footprint(distribution: str, seen: set[str]) -> int:
    """Installed bytes of a distribution and its dependencies not counted yet."""
    key = re.sub(r"[-_.]+", "-", distribution).lower()
    if key in seen:
        return 0
    seen.add(key)
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return 0
    size = sum((f.size or 0) for f in dist.files or [])
    for requirement in dist.requires or []:
        if "extra ==" not in requirement:
            size += footprint(re.split(r"[\s\[;<>=!~(]", requirement, maxsplit=1)[0], seen)
    return size


def licence(distribution: str) -> str:
    meta = metadata.metadata(distribution)
    expression = meta.get("License-Expression") or ""
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    short = (meta.get("License") or "").splitlines()[0] if meta.get("License") else ""
    return expression or (classifiers[0] if classifiers else short[:40]) or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="timed runs per file (the median is shown)")
    args = parser.parse_args()
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings about the damaged files
    with tempfile.TemporaryDirectory() as folder:
        samples = make_documents(Path(folder))
        groups = [("PDF", candidates.PDF, ".pdf"), ("Word", candidates.DOCX, ".docx"), ("HTML", candidates.HTML, ".html")]
        for title, group, suffix in groups:
            readable = [s for s in samples if s.path.suffix == suffix and s.truth]
            layouts = [s.layout for s in readable]
            results = {name: {s.layout: measure(fn, s, args.reps) for s in readable} for name, fn in group.items()}
            print(f"\n### {title}: {', '.join(f'{s.layout} ({s.pages} p.)' for s in readable)}\n")
            print("\n".join(summary_table(results, layouts)))
            print("\nCharacter recall / precision per layout:\n")
            print("\n".join(layout_table(results, layouts)))
            bad = [s for s in samples if s.path.suffix == suffix and not s.truth]
            if bad:
                print("\nUnreadable files:\n")
                print("| candidate | " + " | ".join(f"{s.layout} ({s.path.name})" for s in bad) + " |")
                print("|---" * (len(bad) + 1) + "|")
                for name, fn in group.items():
                    print(f"| {name} | " + " | ".join(refusal(fn, s) for s in bad) + " |")
    print("\n### Libraries\n\n| library | version | licence | installed with its dependencies |\n|---|---|---|---|")
    for library, distributions in candidates.LIBRARIES.items():
        seen: set[str] = set()
        size = sum(footprint(d, seen) for d in distributions)
        print(f"| {library} | {metadata.version(distributions[0])} | {licence(distributions[0])} | "
              f"{size / 2**20:.1f} MiB ({len(seen)} distributions) |")


if __name__ == "__main__":
    main()
