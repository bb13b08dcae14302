"""Imported documents in the index, and a newer index taken up while answering (issue 13, parts 1 and 4).

In a temporary copy of the bundled corpus with every generated layout of tests/documents_factory.py
added (7 PDFs, a Word file, two web pages, and the four unreadable PDFs), with the chosen model:

1. reading: each PDF, Word and HTML file read alone (`load_document`), the median of REPS runs;
2. `build_index` from nothing, then again with nothing changed (files are hashed, not read);
3. answering while a newer generation is swapped in: one thread asks the dev questions one after
   another through the `Peerbot` facade, first for STEADY seconds with nothing else happening, then
   while a lesson is added, `build_index` runs (as `peerbot index` would in another process) and
   `Peerbot.reload()` loads, warms and swaps the new generation; latencies of both phases, the
   questions answered during the swap, and any that failed;
4. `Peerbot.refresh()` (build in the background, then swap) after one more lesson, end to end.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/live_index.py [--model hashing] [--reps 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from documents_factory import make_documents  # noqa: E402

from bot.corpus import CorpusLoader, open_corpus  # noqa: E402
from bot.question import Question  # noqa: E402
from bot.service import Peerbot  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.state import StateStore  # noqa: E402
from index import build_index, load_embedder  # noqa: E402
from index.documents import load_document  # noqa: E402
from index.readers import READERS  # noqa: E402

STEADY = 10.0  # seconds of answering before the swap, for the baseline


def lesson(folder: Path, name: str) -> None:
    (folder / f"{name}.md").write_text(
        f"---\ntitle: {name.replace('-', ' ').capitalize()}\n---\n\n## What we did\n\nFour trusts pooled their "
        "orders for infusion pumps and agreed one model for every ward. Nurses from each trust tested three pumps "
        "on a training ward before anyone signed a contract.\n")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def latency_row(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"| {name} | {len(ms)} | {statistics.median(ms):.0f} | {percentile(ms, 0.95):.0f} | {max(ms):.0f} |"
            if ms else f"| {name} | 0 | - | - | - |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    questions = [json.loads(line)["q"] for line in (ROOT / "tests/data/dev_questions.jsonl").read_text().splitlines()
                 if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = Path(tmp) / "knowledge"
        shutil.copytree(ROOT / "knowledge", knowledge)
        samples = make_documents(knowledge)
        settings = Settings(data_dir=Path(tmp) / "data", knowledge_dir=knowledge, model=args.model)
        embedder = load_embedder(args.model)
        embedder.embed(["warm up"])

        print(f"## {platform.python_version()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
              f"model {embedder.name}\n")
        print("| file | layout | read (ms, median) |\n|---|---|---|")
        for sample in samples:
            if sample.refusal or sample.path.suffix not in READERS:
                continue
            times = []
            for _ in range(args.reps):
                started = time.perf_counter()
                load_document(sample.path)
                times.append(time.perf_counter() - started)
            print(f"| {sample.path.name} | {sample.layout} | {statistics.median(times) * 1000:.0f} |")

        started = time.perf_counter()
        first = build_index(knowledge, settings.index_dir, embedder)
        fresh = time.perf_counter() - started
        started = time.perf_counter()
        again = build_index(knowledge, settings.index_dir, embedder)
        unchanged = time.perf_counter() - started
        print(f"\n| build | documents | skipped | seconds |\n|---|---|---|---|\n"
              f"| from nothing | {len(first.added)} added | {len(first.errors)} | {fresh:.2f} |\n"
              f"| nothing changed | {again.unchanged} unchanged | {len(again.errors)} | {unchanged:.2f} |")

        corpus, _ = open_corpus(settings, embedder)
        state = StateStore(Path(tmp) / "state.db")
        peerbot = Peerbot(corpus, state, loader=CorpusLoader(settings, embedder))
        peerbot.warm()
        phase, latencies, failures = ["steady"], {"steady": [], "swap": [], "after": []}, []
        stop = threading.Event()

        def ask() -> None:
            i = 0
            while not stop.is_set():
                now = phase[0]
                started = time.perf_counter()
                try:
                    peerbot.ask(Question("cli", "C1", questions[i % len(questions)], "public"))
                except Exception as e:  # counted, never expected
                    failures.append(repr(e))
                latencies[now].append(time.perf_counter() - started)
                i += 1

        asker = threading.Thread(target=ask)
        asker.start()
        time.sleep(STEADY)
        phase[0] = "swap"
        lesson(knowledge, "infusion-pumps")
        started = time.perf_counter()
        build_index(knowledge, settings.index_dir, embedder)
        built = time.perf_counter() - started
        started = time.perf_counter()
        swapped = peerbot.reload()
        reloaded = time.perf_counter() - started
        phase[0] = "after"
        time.sleep(STEADY / 2)
        stop.set()
        asker.join()
        print(f"\nadded one lesson: build {built:.2f}s; reload (load, warm, swap) {reloaded:.2f}s; swapped {swapped}; "
              f"questions failed {len(failures)}\n")
        print("| phase | questions | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|")
        for name, label in (("steady", "before (nothing else running)"), ("swap", "during build, load and swap"),
                            ("after", "after the swap")):
            print(latency_row(label, latencies[name]))

        lesson(knowledge, "infusion-pumps-again")
        started = time.perf_counter()
        refreshed = peerbot.refresh().result()
        print(f"\nPeerbot.refresh() after one more lesson: {time.perf_counter() - started:.2f}s, "
              f"added {list(refreshed.added)}, swapped {refreshed.swapped}")
        peerbot.close()
        state.close()


if __name__ == "__main__":
    main()
