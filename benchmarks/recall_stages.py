"""Where the right passage is lost, stage by stage, for each answerable tuning question missed at rank 1 or 5
(issue 9, part 1; BENCHMARKS.md, "Stop 52").

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/recall_stages.py

The pool: `benchmarks/recall_answers.py`'s files without its untouched fifth, and the even lines of
`questions_check5/6/7.jsonl` (sliced before parsing: the odd lines are held out and never parsed) without
theirs. Each question goes through `Answerer.answer` as `peerbot eval` sends it, with its own file's example
questions detached; its search is then repeated with no limit, to find the evidence among every candidate.
A miss at rank k is charged to the first stage that loses it: declined (scope or not covered); retrieval (no
candidate of either retriever holds the evidence); fusion (a candidate holds it, but the fused order puts it
below k); or a later rule (the fused order has it within k, the snippets shown do not: the snippet choice,
the reorders, the per-document cap, a quotation or definition answer).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import evidence_rank, load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import evidence_form  # noqa: E402
from index.examples import ExampleMatcher, load_examples, located  # noqa: E402

try:
    from benchmarks.recall_answers import DATA, POOL, split
except ImportError:  # run as a script from benchmarks/
    from recall_answers import DATA, POOL, split  # type: ignore[no-redef]

CHECKS = ("questions_check5", "questions_check6", "questions_check7")  # even lines only (awk 'NR%2==0')
STAGES = ("declined", "retrieval", "fusion", "later rule")


def even_lines(name: str, folder: Path) -> Path:
    """The even lines of a check set, written to `folder` unparsed (the odd lines are never parsed)."""
    lines = (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    out = folder / f"{name}_even.jsonl"
    out.write_text("".join(lines[1::2]), encoding="utf-8")
    return out


class Recording:
    """The served index, keeping the last search's query."""

    def __init__(self, index):
        self._index, self.query = index, None

    def __getattr__(self, name):
        return getattr(self._index, name)

    def search(self, query, limit=20, mode="hybrid"):
        self.query = query
        return self._index.search(query, limit, mode)


def stage(k: int, shown: int | None, fused: int | None, outcome: str) -> str | None:
    """The stage that lost the evidence at rank k, None when it is shown within k."""
    if shown is not None and shown <= k:
        return None
    if outcome != "answered":
        return "declined"
    if fused is None:
        return "retrieval"
    return "fusion" if fused > k else "later rule"


def where(first, evidence) -> str:
    """Where the fused first sits against the passage holding the evidence."""
    if first.document_id != evidence.document_id:
        return "another lesson"
    place = "the same section" if first.section == evidence.section else "the same lesson"
    return place + (", next to it" if abs(first.position - evidence.position) == 1 else "")


def main() -> None:
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    index = answerer.index
    recording = Recording(index)
    answerer.index = recording
    attached = located(load_examples(Settings.from_env().knowledge_dir), index.passages.values())
    vectors = index.embed([e.question for e, _ in attached])
    rows = []
    with tempfile.TemporaryDirectory(prefix="s52-recall-") as folder:
        files = [(name, DATA / f"{name}.jsonl") for name in POOL] + [(n, even_lines(n, Path(folder))) for n in CHECKS]
        for name, path in files:
            questions = load_questions(path)
            own = {q.q.strip() for q in questions if q.category == "in_domain"}
            keep = [i for i, (e, _) in enumerate(attached) if e.question.strip() not in own]
            index.searcher._examples = ExampleMatcher([attached[i][1] for i in keep], vectors[keep],
                                                      [attached[i][0].question for i in keep])
            for q in questions:
                if split(name, q.id) < 0 or not (q.answerable and q.evidence):
                    continue  # the untouched fifth is never read here
                a = answerer.answer(q.q)
                shown = evidence_rank([s.text for s in a.snippets], q.evidence) if a.answered else None
                wanted = [evidence_form(e) for e in q.evidence]
                everything = index.search(recording.query, limit=10_000) if recording.query is not None else []
                fused = next((n for n, h in enumerate(everything, 1)
                              if any(w in evidence_form(h.passage.text) for w in wanted)), None)
                rows.append((name, q.category, a.outcome, shown, fused,
                             where(everything[0].passage, everything[fused - 1].passage) if fused and fused > 1 else ""))
    answerer.corpus.close()
    for category in ("in_domain", "misspelt"):
        for group, test in (("recall_answers pool", lambda f: f in POOL), ("check sets, even lines", lambda f: f in CHECKS),
                            ("all", lambda f: True)):
            part = [r for r in rows if r[1] == category and test(r[0])]
            if not part:
                continue
            print(f"\n{category}, {group} (n={len(part)}): shown r@1 {sum(r[3] == 1 for r in part) / len(part):.3f}, "
                  f"r@5 {sum(r[3] is not None and r[3] <= 5 for r in part) / len(part):.3f}; "
                  f"fused r@1 {sum(r[4] == 1 for r in part) / len(part):.3f}, "
                  f"r@5 {sum(r[4] is not None and r[4] <= 5 for r in part) / len(part):.3f}")
            for k in (1, 5):
                lost = Counter(stage(k, r[3], r[4], r[2]) for r in part)
                print(f"  missed at rank {k}: {sum(v for s, v in lost.items() if s)} | "
                      + " | ".join(f"{s} {lost[s]}" for s in STAGES))
            print("  fusion's misses at rank 1, the fused first:",
                  dict(Counter(r[5] for r in part if stage(1, r[3], r[4], r[2]) == "fusion").most_common()))
            deep = Counter(min(r[4], 99) // 10 * 10 if r[4] else -1 for r in part if r[4] is None or r[4] > 5)
            print("  fused rank of the evidence below the five (by tens; -1 none):", dict(sorted(deep.items())))


if __name__ == "__main__":
    main()
