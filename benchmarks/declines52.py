"""Stop 52's figures: `peerbot eval --json` on stop 52's named-subject and support-service sets, stops 50 and 51's
declines sets and every tuning file, as one table per code tree, and each outcome of stop 52's sets.

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/declines52.py [--own] [SOURCE]

SOURCE: a folder holding another `bot/` and `index/` (`git archive cefc57e bot index | tar -x -C SOURCE`) to
measure instead of this tree's; `--own`: stop 52's sets alone. Reads the tuning files and stops 50-52's own sets
only (never a held-out file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from declines50 import DATA, ROOT, TUNING, peerbot, row
from declines50 import OWN as OWN50
from declines51 import OWN as OWN51

OWN = ("questions_declines52_tune", "questions_declines52_untouched")


def main() -> None:
    own = "--own" in sys.argv[1:]
    given = [a for a in sys.argv[1:] if a != "--own"]
    source = Path(given[0]).resolve() if given else ROOT
    print("| file | n | answerable answered | in_domain R@1 | misspelt R@1 | not_covered declined / right | "
          "off_topic declined / right |")
    print("|---|---|---|---|---|---|---|")
    outcomes: list[str] = []
    for name in OWN if own else (*OWN, *OWN51, *OWN50, *TUNING):
        figures = json.loads(peerbot(source, "eval", "--json", str(DATA / f"{name}.jsonl")))
        print(row(name, figures), flush=True)
        if name in OWN:
            outcomes += [f"- {name[-9:]} {r['question']}  ->  {r['outcome']}" for r in figures["results"]]
    print("\n".join(outcomes))


if __name__ == "__main__":
    main()
