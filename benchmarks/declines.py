"""Every tuning question's outcome and, for a decline, its reason, as JSON lines; or two such files compared.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/declines.py OUT.jsonl
    .venv/bin/python benchmarks/declines.py --compare BEFORE.jsonl AFTER.jsonl

Reads the tuning files only (never the held-out half, typos_holdout.jsonl or a check set). Each line:
file, id, question, as searched, category, outcome, evidence rank, the scope's signals (best
similarity, nearest framed topic, request, everyday subject), the programme names found, and the
rule that declined it: a cue, small talk, an everyday subject, a request's examples, no known word,
the similarity floor, a programme name (`bot.programme_names`) or the topic margin. `--compare`
prints answered, not covered and off-topic declined, in-domain and misspelt recall@1 / MRR, then
every question whose outcome or rank changed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FILES = """questions_tune questions_tune_extra questions_tune_more questions_tune_more2 questions_tune_more3
    questions_tune_scope questions_tune_scope2 questions_tune_scope3 questions_tune_scope4 questions_tune_typos
    dev_questions probe_questions""".split()
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def dump(out: Path) -> None:
    from bot import scope
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.evaluation import evaluate, load_questions
    from bot.programme_names import unknown_names, unseen_names
    from bot.settings import Settings

    answerer = Answerer(open_corpus(Settings.from_env())[0])
    guard = answerer.corpus.scope
    with out.open("w") as f:
        for name in FILES:
            questions = load_questions(DATA / f"{name}.jsonl")
            for q, r in zip(questions, evaluate(questions, answerer.answer).results):
                query = answerer.index.prepare(q.q)
                hits = answerer.index.search(query, limit=20)
                verdict = guard.judge(query, hits)
                everyday, area = guard.everyday(query)
                named = (*unknown_names(query), *unseen_names(query, hits))
                cued = next((k.name for k in guard.kinds if k.cued(query.text, query.searched)), None)
                reason = ""
                if verdict.outcome == "out_of_scope":
                    kind = verdict.kind.name if verdict.kind else ""
                    reason = (f"cue: {kind}" if cued else f"small talk: {kind}" if verdict.kind and verdict.kind.asks_nothing
                              else f"everyday: {kind}" if verdict.kind is area and everyday - max(verdict.similarity, verdict.topic)
                              >= scope.EVERYDAY_MARGIN else f"request: {kind}")
                elif verdict.outcome == "not_covered":
                    reason = ("no known word" if not query.known else "floor" if verdict.similarity < scope.SIMILARITY_FLOOR
                              else f"programme name: {', '.join(named)}" if named else "topic margin")
                f.write(json.dumps({
                    "file": name, "id": q.id, "q": q.q, "searched": query.searched, "category": q.category,
                    "outcome": r.outcome, "rank": r.rank, "has_evidence": r.has_evidence,
                    "similarity": round(verdict.similarity, 4), "topic": round(verdict.topic, 4),
                    "request": round(verdict.request, 4), "everyday": round(everyday, 4), "reason": reason}) + "\n")


def figures(path: Path) -> tuple[list[dict], dict[str, str]]:
    rows = [json.loads(line) for line in path.open()]
    answerable = [r for r in rows if r["category"] in ("in_domain", "misspelt")]
    out = {"answerable answered": f"{sum(r['outcome'] == 'answered' for r in answerable)} / {len(answerable)}"}
    for category in ("not_covered", "off_topic"):
        these = [r for r in rows if r["category"] == category]
        out[f"{category} declined"] = f"{sum(r['outcome'] != 'answered' for r in these)} / {len(these)}"
    for category in ("in_domain", "misspelt"):
        scored = [r for r in rows if r["category"] == category and r["has_evidence"]]
        recall = sum(r["rank"] == 1 for r in scored) / len(scored)
        mrr = sum(1 / r["rank"] for r in scored if r["rank"]) / len(scored)
        out[f"{category} recall@1 / MRR (n={len(scored)})"] = f"{recall:.4f} / {mrr:.4f}"
    return rows, out


def compare(before: Path, after: Path) -> None:
    (rows_a, a), (rows_b, b) = figures(before), figures(after)
    for key in a:
        print(f"{key:40} {a[key]} -> {b[key]}")
    for x, y in zip(rows_a, rows_b):
        if (x["outcome"], x["rank"]) != (y["outcome"], y["rank"]):
            print(f"  {x['file']} {x['id']}: {x['outcome']} {x['rank']} -> {y['outcome']} {y['rank']}  {x['q'][:70]}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compare"]:
        compare(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        dump(Path(sys.argv[1]))
