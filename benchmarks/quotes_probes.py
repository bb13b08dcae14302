"""Round fifteen's probes at the parser: how many of each class's texts credit words to someone who, the document says,
did not say them (or does not vouch that they did), and how many must-not-take texts keep their credit.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/quotes_probes.py                    # this checkout's index/
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/quotes_probes.py --code /tmp/before  # another tree's (git archive)
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/quotes_probes.py --probes quote_probes_sixteen  # round sixteen's
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/quotes_probes.py --probes quote_probes_seventeen  # seventeen's
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/quotes_probes.py --probes quote_probes_seventeen_check  # untuned
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/quotes_probes.py --probes quote_probes_eighteen  # eighteen's
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/quotes_probes.py --probes quote_probes_eighteen_check  # untuned
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/quotes_probes.py --probes quote_probes_nineteen_check  # untuned
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/quotes_probes.py --probes quote_probes_twenty_check  # untuned

The probes are tests/quote_probes.py, or another module of tests/ with `--probes` (one-paragraph documents read as the index build reads them, with the parser of
`index.quotes`); prints Markdown. Exit status 1 when any probe credits words to no one it should not.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, help="a tree whose index/ to measure instead of this checkout's")
    parser.add_argument("--probes", default="quote_probes", help="the module of tests/ holding the probes")
    args = parser.parse_args()
    sys.path[:0] = [str(args.code or ROOT), str(ROOT / "tests")]
    probes = importlib.import_module(args.probes)
    CREDITED, PEOPLE, UNCREDITED = probes.CREDITED, probes.PEOPLE, probes.UNCREDITED
    from test_quotes import shown

    import index

    print(f"index/: {Path(index.__file__).parent}\n")
    print("| class | probes | credited to someone (violations) | must-not-take | credit kept |\n|---|---|---|---|---|")
    wrong = kept = 0
    for kind, texts in UNCREDITED.items():
        credited = sum(bool(shown(text, PEOPLE)) for text in texts)
        right = sum(shown(text, PEOPLE) == [("Dr Ines Moreau", words)] for text, words in CREDITED[kind])
        print(f"| {kind} | {len(texts)} | {credited} | {len(CREDITED[kind])} | {right} |")
        wrong, kept = wrong + credited, kept + right
    total = sum(map(len, UNCREDITED.values()))
    print(f"| **all** | {total} | {wrong} | {sum(map(len, CREDITED.values()))} | {kept} |")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
