"""The plain baseline of issue 9 beside peerbot, on the same questions and the same scoring.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/baseline_rrf.py FILE [FILE ...] [--peerbot] [--before] [--details]

The baseline: each corpus document (read as peerbot reads it) split into paragraph chunks at
blank lines (heading lines and blockquote marks dropped); all-MiniLM-L6-v2 loaded as
index/embedder.py loads it; FAISS IndexFlatIP over the normalised chunk vectors; SQLite FTS5 BM25
over the same chunks (any word of the question); reciprocal rank fusion with k = 60 of the two top
50s; the first 5 chunks. Nothing is tuned. A question's rank is that of the first chunk holding
any of its evidence strings (`bot.evaluation.evidence_rank`), over the in-domain and misspelt
questions. With `--peerbot`, the same files go through peerbot's `Answerer` in the same run
(`peerbot eval`'s figures, every category); `--before` once added peerbot in its previous order (the
learned ranker alone, `RETRIEVER_WEIGHT` 0); since stop 46 the product orders by index/fusion.py, which
`rrf.RETRIEVER_WEIGHT` does not reach, so `--before` prints the same figures twice. `--details` prints
each question's rank in both.

Embeddings are cached in $PEERBOT_BENCH_CACHE (default /work/scale-data-baseline), and so is
peerbot's index (rebuilt when the pipeline version changes).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import faiss  # noqa: E402
import numpy as np  # noqa: E402

from bot.evaluation import ANSWERABLE, CATEGORIES, EvalQuestion, evaluate, evidence_rank, load_questions  # noqa: E402
from index.documents import load_corpus  # noqa: E402
from index.embedder import DEFAULT_MODEL, load_embedder  # noqa: E402

try:
    from benchmarks import rrf
except ImportError:  # run as a script from benchmarks/
    import rrf  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("PEERBOT_BENCH_CACHE", "/work/scale-data-baseline"))
K_RRF = 60
DEPTH = 50  # candidates from each retriever
TOP = 5


def paragraphs(body: str) -> list[str]:
    """A document's paragraphs: text between blank lines, without heading lines or '>' marks."""
    chunks = []
    for block in re.split(r"\n\s*\n", body):
        lines = [re.sub(r"^\s*>\s?", "", line).strip() for line in block.splitlines()]
        text = " ".join(line for line in lines if line and not line.startswith("#"))
        if text:
            chunks.append(text)
    return chunks


class Baseline:
    def __init__(self, knowledge: Path):
        self.embedder = load_embedder(DEFAULT_MODEL)
        self.chunks = [c for doc in load_corpus(knowledge).documents for c in paragraphs(doc.body)]
        vectors = self.embed(self.chunks)
        self.dense = faiss.IndexFlatIP(vectors.shape[1])
        self.dense.add(vectors)
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE chunks USING fts5(text, tokenize='porter unicode61')")
        self.db.executemany("INSERT INTO chunks(rowid, text) VALUES (?, ?)", enumerate(self.chunks))

    def embed(self, texts: list[str]) -> np.ndarray:
        return cached_embed(self.embedder, texts)

    def search(self, question: str, vector: np.ndarray) -> list[str]:
        _, dense = self.dense.search(vector[None, :], DEPTH)
        words = re.findall(r"\w+", question.lower())
        match = " OR ".join(f'"{w}"' for w in words)
        lexical = [row[0] for row in self.db.execute(
            "SELECT rowid FROM chunks WHERE chunks MATCH ? ORDER BY bm25(chunks) LIMIT ?", (match, DEPTH))] if words else []
        fused: dict[int, float] = {}
        for ranked in (dense[0].tolist(), lexical):
            for rank, i in enumerate(ranked, 1):
                if i >= 0:
                    fused[i] = fused.get(i, 0.0) + 1 / (K_RRF + rank)
        return [self.chunks[i] for i in sorted(fused, key=lambda i: -fused[i])[:TOP]]


def cached_embed(embedder, texts: list[str]) -> np.ndarray:
    """The embedder's vectors for `texts`, from a file keyed by the model and the texts when there is one."""
    key = hashlib.sha256("\x00".join([embedder.name, *texts]).encode()).hexdigest()[:24]
    path = CACHE / "embeddings" / f"{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = embedder.embed(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def figures(ranks: list[int | None]) -> tuple[float, float, float]:
    n = len(ranks)
    return (sum(r == 1 for r in ranks) / n, sum(r is not None and r <= TOP for r in ranks) / n,
            sum(1 / r for r in ranks if r) / n)


def baseline_ranks(baseline: Baseline, questions: list[EvalQuestion]) -> dict[str, int | None]:
    vectors = baseline.embed([q.q for q in questions])
    return {q.id: evidence_rank(baseline.search(q.q, v), q.evidence) for q, v in zip(questions, vectors)}


def cell(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def main(argv: list[str]) -> None:
    files = [Path(a) for a in argv if not a.startswith("--")]
    baseline = Baseline(ROOT / "knowledge")
    print(f"baseline: {len(baseline.chunks)} paragraph chunks")
    answerer = None
    if "--peerbot" in argv or "--before" in argv:
        from bot.answerer import Answerer
        from bot.corpus import open_corpus
        from bot.settings import Settings

        answerer = Answerer(open_corpus(Settings(data_dir=CACHE / "peerbot"))[0])
    weights = ([0.0] if "--before" in argv else []) + [rrf.RETRIEVER_WEIGHT]
    print("| set | category | n | system | recall@1 | recall@5 | MRR | answered | declined | declined the right way |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for path in files:
        questions = load_questions(path)
        answerable = [q for q in questions if q.category in ANSWERABLE and q.evidence]
        ours = baseline_ranks(baseline, answerable)
        reports = {}
        for weight in weights:
            if answerer is not None:
                rrf.RETRIEVER_WEIGHT = weight  # 0: the previous order, the learned ranker alone
                reports[weight] = evaluate(questions, answerer.answer)
        for category in CATEGORIES:
            rows = [q for q in questions if q.category == category]
            if not rows:
                continue
            if category in ANSWERABLE:
                scored = [ours[q.id] for q in rows if q.evidence]
                print(f"| {path.name} | {category} | {len(rows)} | baseline | "
                      + " | ".join(cell(x) for x in figures(scored)) + " | | | |")
            for weight, report in reports.items():
                s = report.categories[category]
                system = "peerbot" + (" before (model order)" if weight == 0 else " (fused order)")
                print(f"| {path.name} | {category} | {len(rows)} | {system} | {cell(s.recall_at_1)} | {cell(s.recall_at_5)} "
                      f"| {cell(s.mrr)} | {cell(s.answered)} | {cell(s.declined)} | {cell(s.right_outcome)} |")
        if "--details" in argv:
            last = {r.id: r for r in reports[weights[-1]].results} if reports else {}
            for q in answerable:
                theirs = last[q.id].rank if q.id in last else "-"
                print(f"  {q.id} {q.category[:2]} baseline {ours[q.id]} peerbot {theirs}  {q.q}")


if __name__ == "__main__":
    main(sys.argv[1:])
