"""Whether a change keeps every answer byte for byte: each question's `Answerer.answer` (its `peerbot ask
--json` dict and the whole `Answer`'s repr), the speller's reading and the terms-of-art reading, written as
JSON lines by one checkout and compared with another's.

    PEERBOT_DATA_DIR=DIR .venv/bin/python benchmarks/answers_identical.py dump /tmp/new.jsonl
    PEERBOT_DATA_DIR=DIR .venv/bin/python benchmarks/answers_identical.py dump /tmp/old.jsonl --code /tmp/old-tree
    .venv/bin/python benchmarks/answers_identical.py diff /tmp/old.jsonl /tmp/new.jsonl

DIR holds an index (`peerbot index`). The questions are the tuning sets only (dev, probe, `questions_tune*`,
the misspelt `questions_tune_typos`) and seeded typo variants of the in-domain ones
(`typo_variants.variants`, seeds 7 and 11), never a held-out set. `--code`: the checkout whose `bot` and
`index` are imported (another tree, e.g. `git archive 65a5b46 | tar -x -C /tmp/old-tree`). `diff` prints
"N questions, M differ" and the first differences.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SETS = ("dev_questions.jsonl", "probe_questions.jsonl", "questions_tune*.jsonl")
VARIANT_SEEDS = (7, 11)


def questions() -> list[str]:
    """The tuning sets' questions in file order, then the typo variants of their in-domain questions."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from typo_variants import variants

    found: list[str] = []
    lines: list[str] = []
    for pattern in SETS:
        for path in sorted(DATA.glob(pattern)):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    found.append(json.loads(line)["q"])
                    lines.append(line)
    for seed in VARIANT_SEEDS:
        found += [v["q"] for v in variants(lines, seed=seed)]
    return found


def dump(out: Path, code: Path) -> None:
    sys.path.insert(0, str(code))
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.settings import Settings
    from index.embedder import load_embedder

    assert Path(sys.modules["bot.answerer"].__file__ or "").is_relative_to(code), "another checkout's bot imported"
    settings = Settings.from_env()
    answerer = Answerer(open_corpus(settings, load_embedder(settings.model), build_if_missing=False)[0])
    with out.open("w", encoding="utf-8") as f:
        for q in questions():
            answer = answerer.answer(q)
            row = {"q": q, "spelled": answerer.index.spelled(q), "plain": answerer._terms.plain_reading(q),
                   "answer": answer.to_dict(), "repr": repr(answer)}
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def diff(old: Path, new: Path) -> int:
    before = old.read_text(encoding="utf-8").splitlines()
    after = new.read_text(encoding="utf-8").splitlines()
    if len(before) != len(after):
        print(f"{len(before)} and {len(after)} questions: not the same set")
        return 1
    differ = [(a, b) for a, b in zip(before, after) if a != b]
    print(f"{len(before)} questions, {len(differ)} differ")
    for a, b in differ[:5]:
        old_row, new_row = json.loads(a), json.loads(b)
        keys = [k for k in old_row if old_row[k] != new_row.get(k)]
        print(f"- {old_row['q']!r}: {', '.join(keys)}")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write each question's answer and readings as JSON lines")
    d.add_argument("out", type=Path)
    d.add_argument("--code", type=Path, default=ROOT, help="the checkout whose bot and index are imported")
    c = sub.add_parser("diff", help="compare two dumps")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.code.resolve())
        return 0
    return diff(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
