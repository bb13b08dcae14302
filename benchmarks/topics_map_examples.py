"""Round 9, second step: the fuller topic list, less the topics near known answerable questions.

    OMP_NUM_THREADS=1 PEERBOT_DATA_DIR=DIR nice -n 5 .venv/bin/python benchmarks/topics_map_examples.py TOPICS_DIR

A topic any of whose framings is at least E similar to one of the example questions
(`knowledge/example_questions.yaml`, written from `questions_tune_more.jsonl` and `_more2`) is left
out, as one near a passage is (COVERED). A file is never judged with topics pruned by the examples
written from it. Prints the trade-off over NC_MARGIN for each E, and leave-one-file-out choice of
(E, NC_MARGIN) by "most not covered caught for no more answerable declined than today's product".
The tuning files, today's product and the scoring are `topics_map.py`'s.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from nc_signals import example_sources  # noqa: E402
from topics_map import DATA, FILES, MARGINS  # noqa: E402

from bot import scope  # noqa: E402
from bot.answerer import normalise_question  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, load_questions  # noqa: E402
from bot.programme_names import unknown_names, unseen_names  # noqa: E402
from bot.scope import TOPIC_FRAMINGS, ScopeGuard  # noqa: E402
from bot.scope_files import load_everyday, load_topics  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import load_embedder  # noqa: E402
from index.examples import load_examples  # noqa: E402

NEAR = (0.70, 0.75, 0.80, 0.85)  # E: a topic this near an example question is left out
SOURCES = ("questions_tune_more", "questions_tune_more2")


def main(topics_dir: Path) -> None:
    settings = Settings.from_env()
    embedder = load_embedder(settings.model, settings.threads, settings.query_encoder, settings.cache_dir)
    corpus, _ = open_corpus(settings, embedder)
    index, kinds = corpus.index, corpus.scope.kinds
    everyday = load_everyday(settings.knowledge_dir, kinds)
    topics = load_topics(topics_dir)
    examples = [e.question for e in load_examples(settings.knowledge_dir)]
    sources = example_sources()
    source = np.array([sources.get(e, "") for e in examples])
    framed = embedder.embed([f.format(t) for f in TOPIC_FRAMINGS for t in topics])
    example_vectors = embedder.embed(examples)
    guards = {}  # (E, the file whose examples are left out of the pruning, "" for none): guard
    for excluded in ("",) + SOURCES:
        near = (framed @ example_vectors[source != excluded].T).max(axis=1)
        near = near.reshape(len(TOPIC_FRAMINGS), len(topics)).max(axis=0)
        for e in NEAR:
            kept = [t for t, n in zip(topics, near, strict=True) if n < e]
            print(f"E {e} (examples less {excluded or 'none'}): {len(topics) - len(kept)} topics left out", flush=True)
            guards[e, excluded] = ScopeGuard(embedder, kinds, kept, index, everyday)
    product = corpus.scope
    cats, files, base, named, gaps = [], [], {e: [] for e in NEAR}, [], {e: [] for e in NEAR}
    today_out = []
    for file in FILES:
        excluded = file if file in SOURCES else ""
        for q in load_questions(DATA / f"{file}.jsonl"):
            cats.append(q.category)
            files.append(file)
            text = normalise_question(q.q)
            if not re.search(r"\w", text):
                today_out.append("out_of_scope")
                named.append(False)
                for e in NEAR:
                    base[e].append("out_of_scope")
                    gaps[e].append(0.0)
                continue
            query = index.prepare(text)
            hits = index.search(query, limit=20)
            today_out.append(product.judge(query, hits).outcome)
            named.append(bool(unknown_names(query) or unseen_names(query, hits)))
            keep, scope.NC_MARGIN = scope.NC_MARGIN, 9.0
            for e in NEAR:
                guard = guards[e, excluded]
                verdict = guard.judge(query, hits)
                base[e].append(verdict.outcome)
                gaps[e].append(verdict.topic - verdict.similarity if len(guard._topics) else -9.0)
            scope.NC_MARGIN = keep
        print(f"  scored {file}", flush=True)
    cat, files_a, named_a = np.array(cats), np.array(files), np.array(named)
    answerable, nc, off, in_domain = np.isin(cat, ANSWERABLE), cat == "not_covered", cat == "off_topic", cat == "in_domain"
    today = np.array(today_out)

    def outcomes(e: float, m: float) -> np.ndarray:
        b = np.array(base[e])
        return np.where((b == "answered") & ~named_a & (np.array(gaps[e]) > m), "not_covered", b)

    def score(out: np.ndarray, mask: np.ndarray) -> tuple[int, int, int, int]:
        answered = out == "answered"
        return (int((~answered & nc & mask).sum()), int((~answered & answerable & mask).sum()),
                int((answered & in_domain & mask).sum()), int((~answered & off & mask).sum()))

    everything = np.ones(len(cat), bool)
    print("today's product: not covered declined / answerable declined / in domain answered / off-topic declined:",
          score(today, everything))
    for e in NEAR:
        print(f"  E {e}: " + "  ".join(f"{m:.2f}:{score(outcomes(e, m), everything)[0]}/{score(outcomes(e, m), everything)[1]}"
                                      for m in MARGINS))
    chosen = np.empty(len(cat), dtype=object)
    picks = []
    for f in FILES:
        train = files_a != f
        cost = score(today, train)[1]
        e, m = max(((e, m) for e in NEAR for m in MARGINS if score(outcomes(e, m), train)[1] <= cost),
                   key=lambda em: (score(outcomes(*em), train)[0], em[1], -em[0]))
        picks.append(f"{e:.2f}/{m:.2f}")
        chosen[files_a == f] = outcomes(e, m)[files_a == f]
    chosen = chosen.astype(str)
    print("leave one file out, most caught at today's cost: not covered declined / answerable declined / in domain "
          f"answered / off-topic declined: {score(chosen, everything)}; picks {' '.join(picks)}")
    print("  per file:", " ".join(f"{f.replace('questions_', '')}:{score(chosen, files_a == f)[0]}/"
                                  f"{score(chosen, files_a == f)[1]}" for f in FILES))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
