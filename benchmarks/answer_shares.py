"""Where a warm answer's cost above the floor goes, stage by stage, on the thread's CPU clock and without a
profiler's per-call overhead: each stage (a function of the answer path) is wrapped by a timer, the
questions are answered after an untimed pass, and each answer is followed by the floor (`bench_core`'s:
one `embed` and one FAISS search). Prints the floor, the answer and each stage in ms per answer (a stage's
time includes the stages inside it).

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/answer_shares.py [--code TREE] [--sets dev|tuning]

DIR holds an index (`peerbot index`). `--sets dev` (default): the dev questions, bench_core's; `tuning`: dev,
probe and `questions_tune*` (never a held-out set). `--code`: the checkout whose `bot` and `index` are imported.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (module, owner or "", attribute): the answer path's stages, each timed where the answer path finds it
STAGES = (
    ("bot.answerer", "", "without_identifiers"),
    ("bot.answerer", "", "unquoted_person"),
    ("bot.terms_of_art", "TermsOfArt", "plain_reading"),
    ("index.search", "Searcher", "prepare"),
    ("index.spelling", "Speller", "correct"),
    ("index.embedder", "SentenceTransformerEmbedder", "embed_query_tokens"),
    ("index.search", "Searcher", "search"),
    ("index.search", "Searcher", "candidates"),
    ("index.search", "Searcher", "_dense_candidates"),
    ("index.lexical_store", "LexicalTables", "lexical_search"),
    ("index.search", "Searcher", "_features"),
    ("index.late_interaction", "TokenStore", "maxsim"),
    ("index.examples", "ExampleMatcher", "scores"),
    ("index.examples", "ExampleMatcher", "worded"),
    ("index.fusion", "", "order"),
    ("bot.answerer", "", "spelled_out"),
    ("bot.scope", "ScopeGuard", "judge"),
    ("bot.answerer", "Answerer", "_library"),
    ("bot.answerer", "Answerer", "_suggest"),
    ("bot.answerer", "Answerer", "_said_by"),
    ("bot.answerer", "Answerer", "_choose_snippets"),
    ("bot.answerer", "", "suggest_contacts"),
    ("bot.answerer", "", "no_one_at"),
    ("bot.answerer", "Answerer", "_related_enablers"),
    ("bot.answerer", "", "answer_lead_line"),
    ("bot.answerer", "", "not_covered_topic"),
)


def timed(totals: dict[str, float], name: str, function):
    depth = [0]

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if depth[0]:
            return function(*args, **kwargs)
        depth[0] += 1
        start = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.thread_time() - start
            depth[0] -= 1

    return wrapper


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--sets", choices=("dev", "tuning"), default="dev")
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve()))  # not bench_core: it puts its own checkout first
    sys.path.append(str(ROOT / "benchmarks"))
    from answer_profile import questions as tuning_questions

    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.evaluation import load_questions
    from bot.settings import Settings
    from index import generations
    from index.embedder import load_embedder
    from index.search import DENSE_CANDIDATES
    from index.vectors import VectorIndex, use_threads

    assert all(Path(sys.modules[name].__file__).resolve().is_relative_to(args.code.resolve()) for name in ("bot", "index"))
    use_threads(1)
    settings = Settings.from_env()
    asked = [q.q for q in load_questions(ROOT / "tests" / "data" / "dev_questions.jsonl")] if args.sets == "dev" else tuning_questions()
    answerer = Answerer(open_corpus(settings, load_embedder(settings.model), build_if_missing=False)[0])
    vectors = VectorIndex.load(generations.current_generation(settings.index_dir) / generations.VECTORS_FILE)
    embedder = answerer.index.embedder
    for question in asked:  # untimed: every lazy table built
        answerer.answer(question)
        vectors.search(embedder.embed([question])[0], DENSE_CANDIDATES)
    totals: dict[str, float] = {}
    for module_name, owner, attribute in STAGES:
        module = importlib.import_module(module_name)
        target = getattr(module, owner) if owner else module
        setattr(target, attribute, timed(totals, f"{module_name}:{owner + '.' if owner else ''}{attribute}",
                                         getattr(target, attribute)))
    floor = answer = 0.0
    for _ in range(args.passes):
        for question in asked:
            start = time.thread_time()
            answerer.answer(question)
            middle = time.thread_time()
            vectors.search(embedder.embed([question])[0], DENSE_CANDIDATES)
            floor += time.thread_time() - middle
            answer += middle - start
    n = len(asked) * args.passes
    print(f"{len(asked)} questions x {args.passes} passes, thread CPU ms per answer")
    print(f"  floor (embed + FAISS)  {1000 * floor / n:8.3f}")
    print(f"  answer                 {1000 * answer / n:8.3f}   ({answer / floor:.3f}x the floor's sum)")
    for name, total in totals.items():
        print(f"  {name:58s} {1000 * total / n:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
