"""Not covered by a named subject (`bot/subject_map.py`, `knowledge/nhs_subjects.yaml`): a question whose
nearest entry in the fuller map of NHS work names a word of it the lessons never use, and is much nearer
it than anything the lessons say, is declined as not covered; a paraphrase whose subject the lessons
cover is answered, even near an entry."""

import shutil

import pytest
from conftest import KNOWLEDGE

from bot.answerer import Answerer
from bot.corpus import open_corpus, update_index
from bot.scope import as_question
from bot.scope_files import SUBJECTS_FILE, ScopeError, load_topics
from bot.settings import Settings

ROTAS_QUESTION = "How did partner trusts align their consultant on-call rotas?"
ROTAS_LESSON = """---
title: One on-call rota for three hospitals
publisher: NHS Providers
---

## Aligning consultant on-call rotas

Three acute trusts merged their consultant on-call rotas into one rota per specialty, so that a single
consultant covers the three hospitals overnight. Job plans were rewritten to match, with programmed
activities for cross-site work, and the rota is published jointly a quarter ahead.
"""


@pytest.mark.model
@pytest.mark.parametrize("question, entry", [
    (ROTAS_QUESTION, "consultant job plans, programmed activities and on-call rotas"),
    ("How have trusts handled TUPE when staff transfer to a host organisation?", "TUPE transfers of staff between employers"),
    ("How have acute trusts shared robotic process automation for their back offices?",
     "robotic process automation and digital back office"),
    ("What did trusts do about the elective recovery fund when pooling waiting lists?", "elective recovery funding"),
    ("What did trusts agree about Agenda for Change banding for roles shared across the collaborative?",
     "Agenda for Change pay bands"),
    ("How did collaboratives deal with clinical excellence awards for consultants working across trusts?",
     "clinical excellence awards"),
    ("How did partner trusts agree job plans for consultants working on several sites?", "consultant job plans"),
])
def test_a_question_on_a_named_subject_the_lessons_lack_is_not_covered(real_answerer, real_corpus, question, entry):
    """Before: each answered with passages that share its framing ("across sites", "pooling waiting lists",
    "shared") but not its subject; its nearest reference topic was under NC_MARGIN nearer than the corpus."""
    answer = real_answerer.answer(question)
    assert answer.outcome == "not_covered"
    assert not answer.snippets and not answer.contacts and len(answer.closest) <= 2
    query = real_corpus.index.prepare(as_question(question))
    similarity = real_corpus.scope.judge(query, real_corpus.index.search(query, limit=20)).similarity
    assert entry in real_corpus.scope.subjects.uncovered(query, similarity)


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "any examples of a trust getting consultants to both design and deliver a joint programme?",  # 0.126, names "consultant"
    "Our collaborative has no budget - what do others say resources are needed for?",  # 0.131, names "budget"
    "How did the trusts get their consultants behind working across organisations?",  # 0.089
    "How were finances shared openly?",  # 0.205 nearer an entry, which names no word the lessons lack
])
def test_a_paraphrase_near_an_entry_is_still_answered(real_answerer, question):
    """Questions the lessons answer in other words: under SUBJECT_MARGIN, or near an entry that names
    none of their words the corpus lacks (the shared word is what says the entry is their subject)."""
    answer = real_answerer.answer(question)
    assert answer.outcome == "answered" and answer.snippets


@pytest.mark.model
def test_a_lesson_added_on_a_subject_turns_its_question_answered(tmp_path, real_embedder, real_answerer, real_settings):
    """The map corrects itself as lessons grow: an entry a lesson covers is left out at load time."""
    assert real_answerer.answer(ROTAS_QUESTION).outcome == "not_covered"
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    shutil.copytree(real_settings.index_dir, settings.index_dir, symlinks=True)
    (knowledge / "one-on-call-rota.md").write_text(ROTAS_LESSON)
    update_index(settings, real_embedder)
    corpus, _ = open_corpus(settings, real_embedder)
    try:
        after = Answerer(corpus).answer(ROTAS_QUESTION)
    finally:
        corpus.close()
    assert after.outcome == "answered"
    assert after.snippets[0].document.title == "One on-call rota for three hospitals"


def test_the_bundled_subjects_load_and_extend_the_topics(corpus_dir):
    subjects, topics = load_topics(corpus_dir, SUBJECTS_FILE), load_topics(corpus_dir)
    assert len(subjects) >= 150 and len(set(subjects)) == len(subjects) and not set(subjects) & set(topics)
    assert all(s == s.strip() and len(s.split()) <= 16 for s in subjects)


def test_a_malformed_subjects_file_stops_the_corpus_loading_with_one_clear_error(settings, embedder):
    (settings.knowledge_dir / SUBJECTS_FILE).write_text("nhs_subjects:\n  workforce: []\n")
    with pytest.raises(ScopeError, match="nhs_subjects.yaml: expected `nhs_subjects:` mapping"):
        open_corpus(settings, embedder)


def test_the_hashing_embedder_has_no_map(corpus, answerer):
    """It has no semantics: a question is answered when a word matches a passage, as before."""
    assert len(corpus.scope.subjects) == 0
    assert answerer.answer(ROTAS_QUESTION).outcome == "answered"  # "trusts" matches
