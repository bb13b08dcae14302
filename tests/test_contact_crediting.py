"""An answer's people come from its first excerpts (`CREDITING_SNIPPETS`): a person only the 4th or
5th excerpt names (often a long lesson naming its two leads in every paragraph) is not suggested
under a question nothing they did relates to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answerer import Answerer
from bot.contacts.suggest import CREDITING_SNIPPETS

TUNE = Path(__file__).parent / "data" / "questions_tune.jsonl"
QUESTIONS = [q["q"] for q in map(json.loads, TUNE.read_text().splitlines()) if q["category"] == "in_domain"][:40]


@pytest.mark.model
def test_with_the_real_model_every_person_suggested_is_named_by_one_of_the_first_excerpts(real_corpus):
    answerer = Answerer(real_corpus)
    directory = real_corpus.directory
    later, stray = set(), []
    for question in QUESTIONS:
        answer = answerer.answer(question)
        first = {p.name for s in answer.snippets[:CREDITING_SNIPPETS] for p, _ in directory.people_in_passage(s.passage_id)}
        later |= {p.name for s in answer.snippets[CREDITING_SNIPPETS:]
                  for p, _ in directory.people_in_passage(s.passage_id)} - first
        stray += [(question, c.name) for c in answer.contacts if c.is_person and c.name not in first]
    assert later  # excerpts past the first do name people of their own: the rule has something to keep out
    assert stray == []
