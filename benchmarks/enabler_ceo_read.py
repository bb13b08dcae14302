"""Stop 46: the enabler summaries read as a chief executive, on two measures of this tree.

    PEERBOT_DATA_DIR=DIR PEERBOT_KNOWLEDGE_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python \
        benchmarks/enabler_ceo_read.py [--code DIR]

Summarises every enabler of the served index and counts the practices and examples that retell a named
person's words or views (`bot.enablers.reported.Reporting` over the directory's people), and sorts the digest's
"Key practice" for each enabler (what the enabler of the week would show) by `bot.enablers.deeds.kind_of`. With
`--code DIR` (a `git archive` of another commit) the summaries and key practices are made by that code (its key
practice: `key_practice` if it has one, else the summary's first practice), in a subprocess, and judged here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dump() -> dict:
    """The people's names and, per enabler, its practices, examples and key practice, made by the code on sys.path."""
    from bot.corpus import open_corpus
    from bot.enablers.guide import EnablerGuide
    from bot.settings import Settings

    try:
        from bot.digest.compose import key_practice
    except ImportError:  # before stop 46: the summary's first practice
        def key_practice(summary):
            return summary.practices[0] if summary.practices else None

    corpus, _ = open_corpus(Settings.from_env())
    guide = EnablerGuide(corpus)
    summaries = {e.id: guide.summarise(e.id) for e in corpus.enablers}
    return {"people": [p.name for p in corpus.directory.people.values()],
            "enablers": {eid: {"practices": [p.text for p in s.practices], "examples": [x.snippet.text for x in s.examples],
                               "key": (key_practice(s).text if key_practice(s) else None) if s.lesson_count else ""}
                         for eid, s in summaries.items()}}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--dump"]:
        print(json.dumps(dump()))
        return
    if argv[:1] == ["--code"]:
        code = Path(argv[1]).resolve()
        made = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--dump"], cwd=code, check=True,
                              env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True)
        found = json.loads(made.stdout)
    else:
        found = dump()
    sys.path.insert(0, str(ROOT))
    from bot.enablers.deeds import kind_of
    from bot.enablers.reported import Reporting

    reporting = Reporting(found["people"])
    shown, keys = Counter(), Counter()
    for enabler_id, summary in found["enablers"].items():
        for what in ("practices", "examples"):
            for text in summary[what]:
                shown[what] += 1
                if reporting.reports(text):
                    shown[f"retold {what}"] += 1
                    print(f"{enabler_id:32} retold {what[:-1]:8} {text[:100]}")
        key = summary["key"]
        kind = "none" if key is None else kind_of(key) if key else "no lessons"
        keys[kind] += 1
        print(f"{enabler_id:32} key {kind:10} {(key or '')[:100]}")
    print(f"practices {shown['practices']} (retelling a named person {shown['retold practices']}), examples "
          f"{shown['examples']} (retelling {shown['retold examples']}); key practices: " +
          ", ".join(f"{kind} {n}" for kind, n in sorted(keys.items())))


if __name__ == "__main__":
    main(sys.argv[1:])
