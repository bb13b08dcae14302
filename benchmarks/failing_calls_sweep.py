"""Every Slack Web API call peerbot makes, failed each way (tests/failing_calls.py: HTTP 500, a timeout past
the 20 s limit, a connection reset, ok:false with an error no one documented, 429), against peerbot's
Slack wiring served on 127.0.0.1 with real signing and the Slack double; hashing model. One row a cell:
what became of the user's work (done, one clear message, or waiting in the inbox), whether a question
asked elsewhere meanwhile was answered before a hung call gave up, tracebacks, seconds.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/failing_calls_sweep.py [--calls chat.update,...]
        [--faults "HTTP 500,429"]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]
from failing_calls import CONTACTS, FAULTS, SCENARIOS, run_cell  # noqa: E402

from bot.corpus import open_corpus  # noqa: E402
from bot.settings import Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", default="", help="comma-separated calls (default: all)")
    parser.add_argument("--faults", default="", help="comma-separated faults (default: all)")
    args = parser.parse_args()
    calls = [s for s in SCENARIOS if not args.calls or s.call in args.calls.split(",")]
    faults = [f for f in FAULTS if not args.faults or f in args.faults.split(",")]
    with tempfile.TemporaryDirectory(prefix="s48-kill-sweep-") as folder:
        root = Path(folder)
        shutil.copytree(HERE.parent / "knowledge", root / "knowledge")
        (root / "knowledge" / "contacts.yaml").write_text(CONTACTS)
        settings = Settings(data_dir=root / "index", knowledge_dir=root / "knowledge", model="hashing")
        corpus, _ = open_corpus(settings)
        print("| call | what the user does | fault | done | clear messages | waiting in the inbox | "
              "worker held | calls made | tracebacks | seconds | problems |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        failing = 0
        for n, scenario in enumerate(calls):
            for m, fault in enumerate(faults):
                data = root / f"cell-{n}-{m}"
                shutil.copytree(root / "index" / "index", data / "index")
                outcome = run_cell(settings, corpus, data, scenario, fault)
                problems = outcome.problems()
                failing += bool(problems)
                print(f"| {scenario.call} | {scenario.does} | {fault} | {outcome.done} | {outcome.clear} | "
                      f"{outcome.waiting} | {'yes' if not outcome.control_first else 'no'} | {outcome.made} | {len(outcome.tracebacks)} | "
                      f"{outcome.seconds:.1f} | {'; '.join(problems) or 'none'} |", flush=True)
        corpus.close()
    print(f"\n{len(calls) * len(faults)} cells, {failing} with problems")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
