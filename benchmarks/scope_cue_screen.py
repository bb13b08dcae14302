"""What the literal screen before scope cues (`bot/cue_literals.py`) saves: per question of the tuning sets, the
pattern searches every kind's `cued` and `asks_lessons` would run unscreened and screened, their microseconds each
way (best of `--repeats` passes), and whether the two ways ever disagree.

    .venv/bin/python benchmarks/scope_cue_screen.py [--repeats 5]

Questions: dev, probe and `questions_tune*` (never a held-out set); cues: `knowledge/out_of_scope.yaml`."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bot.cue_literals import required_literals
from bot.scope_files import RequestKind, load_out_of_scope

ROOT = Path(__file__).resolve().parent.parent
SETS = ("dev_questions.jsonl", "probe_questions.jsonl", "questions_tune*.jsonl")


def questions() -> list[str]:
    found = []
    for pattern in SETS:
        for path in sorted((ROOT / "tests" / "data").glob(pattern)):
            found += [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return found


def unscreened(kind: RequestKind, text: str) -> bool:
    """`RequestKind.cued` as it was: every cue's pattern searched."""
    return any(c.search(text) for c in kind.cues) and not any(u.search(text) for u in kind.unless)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    kinds = load_out_of_scope(ROOT / "knowledge")
    asked = questions()
    differ = sum(kind.cued(q) != unscreened(kind, q) for q in asked for kind in kinds)
    plain = sum(len(kind.cues) for kind in kinds) * len(asked)
    searched = sum(1 for q in asked for kind in kinds for needs in map(required_literals, kind.cues)
                   if needs is None or not q.isascii() or any(n in q.lower() for n in needs))
    timings = {}
    for name, cued in (("unscreened", unscreened), ("screened", RequestKind.cued)):
        best = float("inf")
        for _ in range(args.repeats):
            started = time.perf_counter()
            for q in asked:
                for kind in kinds:
                    cued(kind, q)
            best = min(best, time.perf_counter() - started)
        timings[name] = best / len(asked) * 1e6
    print(f"{len(asked)} questions, {len(kinds)} kinds, {differ} verdicts differ")
    print(f"cue patterns searched per question: unscreened {plain / len(asked):.0f}, screened {searched / len(asked):.1f}")
    print(f"every kind's cued(), microseconds per question: unscreened {timings['unscreened']:.0f}, "
          f"screened {timings['screened']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
