"""Stop 50's figures: `peerbot eval --json` on the declines-class sets and every tuning file, as one table per
code tree, and the topic each declined question of the new sets names.

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/declines50.py [--own] [SOURCE]

SOURCE: a folder holding another `bot/` and `index/` (`git archive 65a5b46 bot index | tar -x -C SOURCE`) to
measure instead of this tree's; `--own`: stop 50's sets alone. Reads the tuning files and stop 50's own sets only (never a held-out file).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
OWN = ("questions_declines50_tune", "questions_declines50_untouched")
TUNING = ("dev_questions", "probe_questions", "questions_tune", "questions_tune_extra", "questions_tune_more",
          "questions_tune_more2", "questions_tune_more3", "questions_tune_scope", "questions_tune_scope2",
          "questions_tune_scope3", "questions_tune_scope4", "questions_tune_typos")


def peerbot(source: Path, *args: str) -> str:
    """`peerbot ARGS`'s standard output, with `source`'s code first on the path."""
    env = {**os.environ, "PYTHONPATH": str(source), "PEERBOT_KNOWLEDGE_DIR": str(ROOT / "knowledge")}
    code = "import sys; from bot.cli import main; sys.argv = ['peerbot', *sys.argv[1:]]; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=source, check=True,
                          capture_output=True, text=True).stdout


def row(name: str, figures: dict) -> str:
    categories = figures["categories"]
    answerable = [categories[c] for c in ("in_domain", "misspelt") if categories.get(c, {}).get("questions")]
    n = sum(c["questions"] for c in answerable)
    answered = sum(c["answered"] * c["questions"] for c in answerable) / n if n else None
    cells = [name, str(figures["questions"]), f"{answered:.3f}" if answered is not None else "n/a"]
    for category in ("in_domain", "misspelt"):
        c = categories.get(category, {})
        cells.append(f"{c['recall_at_1']:.3f}" if c.get("recall_at_1") is not None else "n/a")
    for category in ("not_covered", "off_topic"):
        c = categories.get(category, {})
        cells.append(f"{c['declined']:.3f} / {c['right_outcome']:.3f} ({c['questions']})" if c.get("questions") else "n/a")
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    own = "--own" in sys.argv[1:]
    given = [a for a in sys.argv[1:] if a != "--own"]
    source = Path(given[0]).resolve() if given else ROOT
    print("| file | n | answerable answered | in_domain R@1 | misspelt R@1 | not_covered declined / right | "
          "off_topic declined / right |")
    print("|---|---|---|---|---|---|---|")
    declined: list[str] = []
    for name in OWN if own else (*OWN, *TUNING):
        figures = json.loads(peerbot(source, "eval", "--json", str(DATA / f"{name}.jsonl")))
        print(row(name, figures), flush=True)
        if name in OWN:
            declined += [r["question"] for r in figures["results"] if r["outcome"] == "not_covered"]
    for question in declined:
        print(f"- {question}  ->  {topic_line(source, question)}", flush=True)


def topic_line(source: Path, question: str) -> str:
    """The first line of `peerbot ask`'s reply to a declined question: the one that names its topic."""
    return peerbot(source, "ask", question).splitlines()[0]


if __name__ == "__main__":
    main()
