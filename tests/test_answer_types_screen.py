"""The answer-type screen's reading of questions and passages (benchmarks/answer_types.py; BENCHMARKS.md,
"Answer-type matching"): the kinds a question asks for, by its wh-word and head noun, and the kinds a
passage holds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from answer_types import asked_kinds, held_kinds  # noqa: E402


@pytest.mark.parametrize(("question", "kinds"), [
    ("Who chairs the committee in common in West Yorkshire?", {"person"}),
    ("Keen to know - whos the programme director?", {"person"}),
    ("Which trusts are in the West Yorkshire collaborative?", {"organisations"}),
    ("who is involved in the Kent and Medway programme?", {"organisations", "person"}),
    ("By how much did the ENT waiting list fall?", {"change"}),
    ("how mcuh did BSW cut the waiting list?", {"change"}),
    ("What percentage drop did BSW achieve?", {"change"}),
    ("How many GP practices are in the network?", {"count"}),
    ("How much did the joint team save?", {"money"}),
    ("When was the collaborative set up?", {"date"}),
    ("Hwo long did the support programme last?", {"duration", "count"}),
])
def test_a_question_asks_for_the_kind_its_wh_word_and_head_noun_name(question: str, kinds: set[str]) -> None:
    assert asked_kinds(question) == kinds


@pytest.mark.parametrize("question", [
    "How do you help staff who are worried about changes?",  # "who" after a noun: a relative clause
    "We want to pilot with high-cost patients - who's done this?",  # a case asked for, not a person
    "How much should we lean on each trust's executive team?",  # a degree, not a figure
    "How big should the central management team be when we start?",
    "When should we bring the council in?",  # a condition, not a date
    "what makes trust partnerships work",
    "How do we build trust between boards?",
])
def test_a_question_that_looks_typed_but_asks_for_no_kind(question: str) -> None:
    assert asked_kinds(question) == frozenset()


def test_a_passage_holds_figures_dates_durations_people_and_lists_of_organisations() -> None:
    held = held_kinds("In 2019 the three trusts reduced the waiting list by 47 per cent over six months, "
                      "saving £3m.", names_people=True)
    assert held == {"person", "count", "change", "money", "date", "duration"}
    listed = held_kinds("Partners: Leeds and York Partnership NHS Foundation Trust and Bradford District Care "
                        "NHS Foundation Trust.", names_people=False)
    assert listed == {"organisations"}
    named = held_kinds("NELFT worked with ELFT on the review.", names_people=False, organisations=["NELFT", "ELFT"])
    assert named == {"organisations"}


def test_prose_with_a_year_alone_holds_neither_a_figure_nor_a_date() -> None:
    assert held_kinds("The collaborative's 2019 strategy put shared purpose first.", names_people=False) == frozenset()
