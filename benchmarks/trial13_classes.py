"""The thirteenth trial's classes on questions of their own (stop 48): counts of what was done (answered from the
lessons) beside counts of what the NHS has (declined), and the term of art "elective recovery" (BSW's waiting lists
first) beside national plans and funds named with it (not read plainly). TUNE chose the wording of
knowledge/out_of_scope.yaml's two count patterns, `bot.terms_of_art.MEANINGS` and `_CLOSE`; HELD was never looked at
until they were chosen. Prints each question's outcome, first excerpt, whether it is right, and each half's score.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 .venv/bin/python benchmarks/trial13_classes.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEFFIELD, BSW = "As a result, between June 2020", "For the Bath and North"
# (question, outcome wanted, opening of an excerpt wanted in the first two, "" for any)
TUNE = [
    ("how many patients were brought back into area?", "answered", ""),
    ("how many people were sent out of area before the collaborative?", "answered", ""),
    ("how many GP practices joined the Selby network?", "answered", ""),
    ("how many patients were seen closer to home in Sheffield?", "answered", SHEFFIELD),
    ("How many patients are waiting for treatment across the country?", "out_of_scope", ""),
    ("how many hospitals are there in England?", "out_of_scope", ""),
    ("How many nurses does the NHS employ?", "out_of_scope", ""),
    ("elective recvery", "answered", BSW),
    ("elective recovery", "answered", BSW),
    ("what did collaboratives do on elective recovery?", "answered", BSW),
    ("what is the elective recovery fund?", "not_covered", ""),
]
HELD = [
    ("how many children were operated on over the surgery weekends?", "answered", BSW),
    ("how many people were helped by the Sheffield partnership?", "answered", SHEFFIELD),
    ("how many trusts took part in the BSW surgery lists?", "answered", BSW),
    ("how many ICBs are there?", "out_of_scope", ""),
    ("how many GPs are there in the UK?", "out_of_scope", ""),
    ("elctive recovry", "answered", BSW),
    ("any lessons on elective recovery across trusts?", "answered", BSW),
    ("what are the national elective recovery targets?", "out_of_scope", ""),
]


def main() -> None:
    asked = [q for q, _, _ in TUNE + HELD]
    out = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input="\n".join(asked) + "\n",
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    answers = dict(zip(asked, (json.loads(line) for line in out.splitlines()), strict=True))
    for name, half in (("tune", TUNE), ("held", HELD)):
        right = 0
        for question, outcome, opening in half:
            a = answers[question]
            first = [s["text"] for s in (a["snippets"] or a["closest"])[:2]]
            ok = a["outcome"] == outcome and (not opening or any(t.startswith(opening) for t in first))
            right += ok
            print(f"{name} {'ok ' if ok else 'BAD'} {a['outcome']:<13} {question!r}: {first[0][:60] if first else ''!r}")
        print(f"{name}: {right}/{len(half)} right")


if __name__ == "__main__":
    main()
