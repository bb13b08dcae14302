"""Quotations: what finding them costs at index time, and what keeping them apart adds to an answer.

    /work/venv/bin/python benchmarks/quotes.py [--reps 8]

Builds the bundled corpus with all-MiniLM-L6-v2 in a temporary data folder, then prints Markdown:
- index time: `find_quotations` over every document (parsing only; median of --reps runs), and
  how many quotations it finds, attributed or not;
- query time: warm `answerer.answer(q)` over the dev questions and the quotation battery of
  tests/test_quote_invariants.py, against the two pieces this work put on the query path,
  replayed through public calls on the same answers: cutting each cited passage into segments
  (`bot.quoting.segments`) and suggesting contacts with their reason and own words
  (`suggest_contacts`);
- rendering: one answer in each surface (terminal text, Slack blocks, Teams card).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_quote_invariants import BATTERY  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.contacts.suggest import suggest_contacts  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions  # noqa: E402
from bot.plaintext.answers import render_answer  # noqa: E402
from bot.quoting import segments  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack.blocks import answer_message  # noqa: E402
from bot.teams.cards import answer_card  # noqa: E402
from index.chunking import chunk_blocks  # noqa: E402
from index.documents import load_corpus  # noqa: E402
from index.preparing import document_blocks  # noqa: E402
from index.quotes import find_quotations  # noqa: E402

DEV = ROOT / "tests" / "data" / "dev_questions.jsonl"


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: list[float]) -> float:
    return sorted(samples)[int(0.95 * (len(samples) - 1))] * 1000


def index_time(reps: int) -> tuple[float, int, int, int]:
    documents = load_corpus(ROOT / "knowledge").documents
    prepared = []
    for doc in documents:
        blocks = document_blocks(doc)
        prepared.append((chunk_blocks(blocks), doc.people, [b.text for b in blocks if b.kind == "quote"]))
    samples, found = [], []
    for _ in range(reps):
        started = time.perf_counter()
        found = [find_quotations(*args) for args in prepared]
        samples.append(time.perf_counter() - started)
    quotes = [q for per_doc in found for per_passage in per_doc for q in per_passage]
    return median_ms(samples), len(documents), len(quotes), sum(1 for q in quotes if q.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=8, help="timed passes over the questions")
    args = parser.parse_args(argv)
    parse_ms, documents, quotes, attributed = index_time(args.reps)
    questions = [q.q for q in load_questions(DEV)] + list(BATTERY.values())
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(data), knowledge_dir=ROOT / "knowledge"))[0])
        quotations = answerer.index.passage_quotes
        for q in questions:  # warm-up
            answerer.answer(q)
        timing: dict[str, list[float]] = {k: [] for k in ("answer", "segments", "contacts", "text", "slack", "teams")}
        for _ in range(args.reps):
            for q in questions:
                started = time.perf_counter()
                answer = answerer.answer(q)
                timing["answer"].append(time.perf_counter() - started)
                if not answer.answered:
                    continue
                passages = [answerer.index.passages[s.passage_id] for s in answer.snippets]
                started = time.perf_counter()
                for p in passages:
                    segments(p.text, quotations.get(p.id, ()))
                timing["segments"].append(time.perf_counter() - started)
                started = time.perf_counter()
                suggest_contacts(q, list(answer.snippets), answerer.corpus.directory)
                timing["contacts"].append(time.perf_counter() - started)
                for surface, render in (("text", render_answer), ("slack", lambda a: answer_message(a, "q")),
                                        ("teams", lambda a: answer_card(a, "q", {}, ""))):
                    started = time.perf_counter()
                    render(answer)
                    timing[surface].append(time.perf_counter() - started)
        answerer.index.close()
    answer_p50 = median_ms(timing["answer"])
    print(f"- corpus: {documents} documents; {quotes} quotations found, {attributed} attributed")
    print(f"- questions: {len(questions)} (dev set and the quotation battery), {args.reps} timed passes\n")
    print("| measurement | samples | p50 ms | p95 ms | share of answer p50 |")
    print("|---|---|---|---|---|")
    print(f"| `find_quotations`, whole corpus (index time) | {args.reps} | {parse_ms:.2f} | | |")
    rows = (("answer", "`answerer.answer(q)`, warm"), ("segments", "segments of the cited passages"),
            ("contacts", "`suggest_contacts` (reason and own words)"), ("text", "render: terminal text"),
            ("slack", "render: Slack blocks"), ("teams", "render: Teams card"))
    for key, label in rows:
        samples = timing[key]
        share = "" if key == "answer" or key in ("text", "slack", "teams") else f"{median_ms(samples) / answer_p50:.1%}"
        print(f"| {label} | {len(samples)} | {median_ms(samples):.3f} | {p95_ms(samples):.3f} | {share} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
