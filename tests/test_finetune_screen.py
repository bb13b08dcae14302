"""The fine-tuning screen's pairs and folds (benchmarks/tune_finetune.py; BENCHMARKS.md, "Adapting the model
itself to the corpus"): the fine-tune of a fold never sees the held document's passages or a test question."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from tune_finetune import corpus_pairs, folds  # noqa: E402

from bot.evaluation import EvalQuestion  # noqa: E402
from index.examples import ExampleQuestion  # noqa: E402
from index.store_readers import StoredPassage  # noqa: E402

PASSAGES = [
    StoredPassage(1, "a", 0, "Governance", "The committee in common meets monthly. Its chairs rotate every year.",
                  "Doc A — Governance"),
    StoredPassage(2, "a", 1, "Money", "Budgets were pooled across the three trusts for the first time.", "Doc A — Money"),
    StoredPassage(3, "b", 0, "", "Staff moved between the hospitals to cut the waiting list by half.", "Doc B"),
]
EXAMPLES = [(ExampleQuestion("how often does the committee meet?", "a", "meets monthly"), 1),
            (ExampleQuestion("did they share one budget?", "a", "pooled"), 2),
            (ExampleQuestion("how did they cut waits?", "b", "waiting list"), 3)]


def question(key: str, q: str, evidence: str, group: str, category: str = "in_domain") -> tuple[tuple, dict]:
    return ("tune", key), {"question": EvalQuestion(key, q, (evidence,) if evidence else (), (), category), "group": group}


QUESTIONS = dict([
    question("q1", "how often does the committee meet?", "meets monthly", "g1"),
    question("q1t", "how often does the comittee meet?", "meets monthly", "g1", "misspelt"),
    question("q2", "did they share one budget?", "pooled", "g2"),
    question("q3", "how did they cut waits?", "waiting list", "g3"),
    question("q4", "what is the capital of France?", "", "g4", "off_topic"),
])


def test_every_sentence_context_line_and_example_question_is_an_anchor_for_its_own_passage() -> None:
    pairs = corpus_pairs(PASSAGES, EXAMPLES)
    anchors = {(p["anchor"], p["pid"], p["example"]) for p in pairs}
    assert ("The committee in common meets monthly.", 1, False) in anchors
    assert ("Doc A — Money", 2, False) in anchors
    assert ("how did they cut waits?", 3, True) in anchors
    assert all(p["doc"] == {1: "a", 2: "a", 3: "b"}[p["pid"]] for p in pairs)


def test_leaving_a_document_out_trains_on_none_of_its_passages_and_tests_its_questions() -> None:
    pairs = corpus_pairs(PASSAGES, EXAMPLES)
    plan = {name: (tests, train) for name, tests, train in folds(QUESTIONS, PASSAGES, pairs, "document")}
    tests, train = plan["a"]
    assert {k[1] for k in tests} == {"q1", "q1t", "q2", "q4"}  # the off-topic question in one fold, round robin
    assert train and all(p["doc"] == "b" for p in train)
    assert {k[1] for k in plan["b"][0]} == {"q3"}
    assert all(p["doc"] == "a" for p in plan["b"][1])


def test_a_question_fold_trains_on_no_example_question_of_its_groups() -> None:
    pairs = corpus_pairs(PASSAGES, EXAMPLES)
    for _, tests, train in folds(QUESTIONS, PASSAGES, pairs, "question"):
        asked = {QUESTIONS[k]["question"].q for k in tests}
        assert not asked & {p["anchor"] for p in train}
        assert {p["anchor"] for p in pairs if not p["example"]} <= {p["anchor"] for p in train}
        if ("tune", "q1") in tests:
            assert ("tune", "q1t") in tests  # a misspelt variant with its source
