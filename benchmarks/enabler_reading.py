"""What stop 43's reading of the enabler summaries objected to, counted over every enabler's summary.

    .venv/bin/python benchmarks/enabler_reading.py TRIAL_DIR          # the enabler-*.json a trial saved
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/enabler_reading.py  # summarised now, from PEERBOT_DATA_DIR
                                                                      # and PEERBOT_KNOWLEDGE_DIR (real model)

TRIAL_DIR is the OUT_DIR of benchmarks/enabler_digest_trial.py. Counts, across the practices ("What works")
and examples of every summary: excerpts that only wish, plan or say what is still lacking
(bot.enablers.excerpts.NOT_YET_DONE), that open with a word pointing back ("However, …", "Another …"), and
examples in their publisher's first person labelled with another organisation (`told_by_another`); then the
practices and examples shown in all.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.enablers.excerpts import NOT_YET_DONE, told_by_another  # noqa: E402

POINTING_BACK = ("however", "but", "yet", "nevertheless", "nonetheless", "another")


def summaries_saved(folder: Path) -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(folder.glob("enabler-*.json"))
            if path.read_text().lstrip().startswith("{")]


def summaries_now() -> list[dict]:
    from bot.corpus import open_corpus
    from bot.enablers.guide import EnablerGuide
    from bot.settings import Settings

    corpus, _ = open_corpus(Settings.from_env())
    try:
        guide = EnablerGuide(corpus)
        return [guide.summarise(e.id).to_dict() for e in corpus.enablers]
    finally:
        corpus.close()


def main() -> None:
    summaries = summaries_saved(Path(sys.argv[1])) if len(sys.argv) > 1 else summaries_now()
    shown = [(s["enabler"]["id"], kind, item) for s in summaries
             for kind in ("practices", "examples") for item in s[kind]]
    plans = [(e, k, i["text"]) for e, k, i in shown if NOT_YET_DONE.search(i["text"])]
    cut = [(e, k, i["text"]) for e, k, i in shown if i["text"].split(" ", 1)[0].strip(",").lower() in POINTING_BACK]
    others = [(e, i["label"], i["text"]) for e, k, i in shown
              if k == "examples" and told_by_another(i["text"], i["label"], i["document"]["publisher"])]
    print(f"{len(summaries)} summaries, {sum(k == 'practices' for _, k, _ in shown)} practices, "
          f"{sum(k == 'examples' for _, k, _ in shown)} examples")
    for name, found in (("wish, plan or lack", plans), ("opening by pointing back", cut), ("another's 'we'", others)):
        print(f"{name}: {len(found)}")
        for enabler, kind, text in found:
            print(f"   {enabler} · {kind} · {text[:90]}")


if __name__ == "__main__":
    main()
