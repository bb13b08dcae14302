"""The error analysis's reading of a miss (benchmarks/miss_classes.py; BENCHMARKS.md, "Stop 44"): its one class
and a question's traits against its evidence passage."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from miss_classes import Scored, fold_of, miss_class, spelling_class, traits  # noqa: E402

POSITION = {1: ("west", 0), 2: ("west", 1), 3: ("west", 5), 4: ("key", 2)}


def scored(**fields) -> Scored:
    base = dict(file="questions_tune", id="i1", category="in_domain", q="q", searched="q", rank=2,
                outcome="answered", first=1, evidence=[2])
    return Scored(**{**base, **fields})


def test_where_the_winner_is():
    assert miss_class(scored(first=1, evidence=[2]), POSITION) == "same document, the next passage"
    assert miss_class(scored(first=1, evidence=[3]), POSITION) == "same document, another passage"
    assert miss_class(scored(first=4, evidence=[3]), POSITION) == "another document"


def test_declines_and_furniture_come_first():
    assert miss_class(scored(outcome="not_covered", first=None), POSITION) == "declined (not_covered)"
    assert miss_class(scored(evidence=[]), POSITION) == "evidence in no passage (page furniture)"


def test_a_misspelt_question_is_the_speller_s_only_when_its_source_is_first():
    typo = dict(category="misspelt", q="how did the bard agree", source="how did the board agree")
    assert miss_class(scored(**typo, searched="how did the bard agree", source_rank=1),
                      POSITION) == "misspelt: a misspelt word left as typed"
    assert miss_class(scored(**typo, searched="how did the bard agree", source_rank=3),
                      POSITION) == "same document, the next passage"


def test_spelling_faults():
    assert spelling_class("speding up", "spending up", "speeding up") == "misspelt: corrected to a wrong word"
    assert spelling_class("the bard", "the bard", "the board") == "misspelt: a misspelt word left as typed"
    assert spelling_class("teh board", "the board", "the board") is None


def test_traits_against_the_evidence():
    df = Counter({"board": 30, "salisbury": 1})
    assert traits("how do boards agree", "The board met.", df) == []
    assert traits("what about salisbury", "Salisbury joined.", df) == ["a rare word shared with the evidence"]
    assert traits("how do we start", "The board met.", df) == ["no content word shared with the evidence"]
    assert "long question" in traits(" ".join(["board"] * 21), "The board met.", df)


def test_folds_keep_files_written_together():
    assert fold_of("questions_tune_typos") == fold_of("questions_tune") == "tune"
    assert fold_of("questions_tune_scope3") == "scope"
    assert fold_of("questions_check2") == "check1-4" and fold_of("questions_check5") == "check5"
