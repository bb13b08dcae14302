"""A fresh check set's tuning half, scored once by `peerbot eval --json` on its even lines: the figures by
category, then each miss re-asked once (`peerbot ask --json -`) to see what came first (BENCHMARKS.md,
"Stop 52: an eighth fresh check set").

    awk 'NR%2==0' tests/data/questions_check8.jsonl > HALF
    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/peerbot eval --json HALF > REPORT
    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/check_set_half.py HALF REPORT

The odd lines are held out for the lead: `awk` slices them away as text, never parsed, asked or printed.
A miss is an answerable question without its evidence first, or a decline of the wrong kind; each
answerable miss is put in its class: declined; the evidence's own section first (the same section
read as another passage); another section of the evidence's document first; another document first.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from index import evidence_form

ROOT = Path(__file__).resolve().parent.parent
PEERBOT = str(Path(sys.executable).with_name("peerbot"))
KNOWLEDGE = ROOT / "knowledge"


def sections() -> list[tuple[str, str, str]]:
    """(document id, section heading, section text in evidence form) for every `## ` section."""
    found = []
    for document in sorted(KNOWLEDGE.glob("*.md")):
        body = document.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for part in re.split(r"^## ", body, flags=re.M):
            heading = part.split("\n", 1)[0].strip() if part.strip() else ""
            found.append((document.stem, heading, evidence_form(part)))
    return found


def home(evidence: list[str], known: list[tuple[str, str, str]]) -> tuple[str, str]:
    """The document and section whose text holds the evidence."""
    for document, heading, text in known:
        if any(evidence_form(e) in text for e in evidence):
            return document, heading
    return "", ""


def miss_class(result: dict, asked: dict, where: tuple[str, str]) -> str:
    if result["outcome"] != "answered" or not asked["snippets"]:
        return "declined"
    first = asked["snippets"][0]
    if first["document"]["id"] != where[0]:
        return "another document first"
    if (first.get("section") or "") == where[1]:
        return "its own section first (another passage)"
    return "another section of its document first"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("half", type=Path, help="the even lines of a check set")
    parser.add_argument("report", type=Path, help="what `peerbot eval --json HALF` printed")
    args = parser.parse_args()
    half = args.half.read_text(encoding="utf-8")
    report = json.loads(args.report.read_text(encoding="utf-8"))
    print("| category | n | r@1 / r@5 / MRR | answered | declined (right way) |\n|---|---|---|---|---|")
    for name, s in report["categories"].items():
        figures = "" if s["recall_at_1"] is None else f"{s['recall_at_1']:.2f} / {s['recall_at_5']:.2f} / {s['mrr']:.2f}"
        answered = "" if s["answered"] is None else f"{s['answered']:.2f}"
        declined = "" if s["declined"] is None else f"{s['declined']:.2f} ({s['right_outcome']:.2f})"
        print(f"| {name} | {s['questions']} | {figures} | {answered} | {declined} |")
    evidence = {q["id"]: q.get("evidence", []) for q in map(json.loads, half.splitlines())}
    misses = [r for r in report["results"] if not r["ok"]]
    asked = subprocess.run([PEERBOT, "ask", "--json", "-"], input="".join(r["question"] + "\n" for r in misses),
                           capture_output=True, text=True, check=True).stdout.splitlines()
    known = sections()
    print(f"\n{len(misses)} misses")
    for result, line in zip(misses, asked, strict=True):
        answer = json.loads(line)
        first = answer["snippets"][0] if answer["snippets"] else None
        winner = f"{first['document']['id']} / {first.get('section')}" if first else "-"
        said = f"{result['id']} {result['category']} outcome={result['outcome']} rank={result['rank']}"
        if result["category"] in ("in_domain", "misspelt"):
            where = home(evidence[result["id"]], known)
            said += f" class={miss_class(result, answer, where)} | evidence in {where[0]} / {where[1]}"
        print(f"{said} | {result['question']} | first: {winner}")

if __name__ == "__main__":
    main()
