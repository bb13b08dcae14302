"""Seconds one search of a scope cue takes on an adversarial question at the 1,000-character limit
(each cue's near-miss repeated), for `bot/cue_patterns.py`'s refusals: `.venv/bin/python benchmarks/cue_cost.py`."""

from __future__ import annotations

import re
import time

from bot.cue_patterns import compile_cue

CASES = (  # a cue, and a question that nearly matches it
    (r"a.*b.*c", "ab" * 500),
    (r"\bhow\b.*\bmuch\b.*cost", "how much " * 111),
    (r"\bwhen (is|does|do|will) .*\b(board|governors|agm)\b.*\b(meet|meeting|sit)\b", "when is board " * 72),
    (r"\bwhen (is|does|do|will) [^.?!]{0,80}\b(board|governors|agm)\b[^.?!]{0,60}\b(meet|meeting|sit)\b",
     "when is board " * 72),
    (r"\bhow\b[^.?!]{0,80}\bmuch\b[^.?!]{0,60}cost", "how much " * 111),
    (r"a.*b", "a" * 1000),
    (r"a.*b[^.?!]{0,60}c", "ab" * 500),
)


def main() -> None:
    print("| cue | seconds | refused |\n|---|---|---|")
    for cue, question in CASES:
        start = time.perf_counter()
        re.compile(cue, re.I).search(question[:1000])
        seconds = time.perf_counter() - start
        try:
            compile_cue(cue)
            refused = "no"
        except ValueError:
            refused = "yes"
        print(f"| `{cue}` | {seconds:.3f} | {refused} |")


if __name__ == "__main__":
    main()
