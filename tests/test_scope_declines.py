"""The decline rules added for questions nobody tuned for: off-topic kinds (clinical values and
treatment, writing tasks, NHS facts, addresses, code) declined as out of scope with their own
pointer; a named programme the corpus never mentions declined as not covered; answerable questions
that name what the corpus does mention (or a condition it does not) still answered; and a lesson
that mentions the programme turning its question answered."""

import shutil

import pytest
from conftest import KNOWLEDGE

from bot.answerer import Answerer
from bot.corpus import open_corpus, update_index
from bot.scope import load_out_of_scope, unknown_names
from bot.settings import Settings

PROGRAMME_QUESTION = "What did trusts learn from the Okonkwo Programme for ward staffing?"
PROGRAMME_LESSON = """---
title: Ward staffing together through the Okonkwo Programme
publisher: NHS Providers
---

## Sharing ward staff

Four trusts joined the Okonkwo Programme for ward staffing. They agreed one set of staffing
templates, pooled their temporary nurses into a shared rota and met weekly to move staff between
wards on the busiest days, so that no ward in the four trusts ran below its safe staffing level.
"""

# (question, kind, a word its pointer must hold); each kind's wording, not any test set's
CUED = [
    ("What's the reference range for haemoglobin in adults?", "care of a patient", "clinician"),
    ("Which antibiotic is the first-line treatment for cellulitis?", "care of a patient", "clinician"),
    ("What are the symptoms of measles?", "care of a patient", "clinician"),
    ("Draft a short email to my team about the new rota", "writing and drafting", "doesn't write"),
    ("Could you proofread the minutes of our board meeting?", "writing and drafting", "doesn't write"),
    ("How many hospitals are there in England?", "facts and figures about the NHS", "NHS England"),
    ("What is the postcode of the trust's head office?", "contact details", "switchboard"),
    ("How do I loop over a list in Python?", "IT help", "IT service desk"),
]


@pytest.mark.parametrize("question, kind, pointer", CUED)
def test_each_off_topic_kind_is_cued_with_its_pointer(answerer, question, kind, pointer):
    kinds = [k.name for k in load_out_of_scope(KNOWLEDGE) if k.cued(question)]
    assert kinds[:1] == [kind]
    answer = answerer.answer(question)
    assert answer.outcome == "out_of_scope" and pointer in answer.pointer and not answer.snippets


@pytest.mark.parametrize("question", [
    "How did the committee in common make decisions?",
    "What signs of progress did the West Yorkshire collaborative see?",
    "How did trusts address health inequalities together?",
    "How did the trusts write their memorandum of understanding?",
    "How many trusts are in the West Yorkshire collaborative?",
    "Where did the collaborative find the capacity for its programme offices?",
    "Patient [name], postcode [postcode]: how do collaboratives plan joint discharges?",
    "postcode ls1 4ap, patient needs a bed. How do collaboratives manage out of area placements?",
    "What does https://example.org/lessons/staff-bank.html say about sharing staff?",
])
def test_the_new_cues_leave_questions_about_collaboratives_alone(question):
    assert not any(k.cued(question) for k in load_out_of_scope(KNOWLEDGE))


def test_a_named_programme_the_corpus_never_mentions_is_found(corpus):
    assert unknown_names(corpus.index.prepare(PROGRAMME_QUESTION)) == ("okonkwo",)
    assert unknown_names(corpus.index.prepare("How have trusts used Zendaya's Rule on wards?")) == ("zendaya",)
    # a known name, an unknown word that is no name, a name that is not a programme's: none
    assert unknown_names(corpus.index.prepare("What did the Community Mental Health Framework do in Sheffield?")) == ()
    assert unknown_names(corpus.index.prepare("what did trusts learn from the okonkwo programme?")) == ()
    assert unknown_names(corpus.index.prepare("Has anyone cut waits for ADHD assessments together?")) == ()


@pytest.mark.model
@pytest.mark.parametrize("question, kind", [
    ("When was the health service set up and who founded it?", "facts and figures about the NHS"),
    ("Which blood pressure tablets should a man of 60 be started on?", "care of a patient"),
])
def test_off_topic_kinds_without_a_cue_are_declined_by_similarity(real_answerer, question, kind):
    verdict = real_answerer.corpus.scope.judge(real_answerer.index.prepare(question),
                                               real_answerer.index.search(real_answerer.index.prepare(question)))
    assert verdict.outcome == "out_of_scope" and verdict.kind is not None and verdict.kind.name == kind


@pytest.mark.model
def test_a_clinical_question_is_told_to_ask_a_clinician(real_answerer):
    answer = real_answerer.answer("Which blood pressure tablets should a man of 60 be started on?")
    assert answer.outcome == "out_of_scope" and "clinician" in answer.pointer and not answer.snippets


@pytest.mark.model
def test_a_named_programme_the_corpus_never_mentions_is_not_covered(real_answerer):
    answer = real_answerer.answer(PROGRAMME_QUESTION)
    assert answer.outcome == "not_covered" and not answer.snippets and not answer.contacts


@pytest.mark.model
@pytest.mark.parametrize("question", [
    "What did Mutual Ventures do for NELFT?",
    "How did the four trusts align their PMVA training?",
    "What did WYAAT help to set up for psychology staff?",
    "Has anyone tackled long waits for autism and ADHD assessments for kids by working jointly?",
    "How was the committee in common set up in West Yorkshire?",
])
def test_answerable_questions_naming_things_are_still_answered(real_answerer, question):
    assert real_answerer.answer(question).outcome == "answered"


@pytest.mark.model
def test_a_lesson_mentioning_the_programme_turns_its_question_answered(tmp_path, real_embedder):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    corpus, _ = open_corpus(settings, real_embedder)
    try:
        before = Answerer(corpus).answer(PROGRAMME_QUESTION)
    finally:
        corpus.close()
    assert before.outcome == "not_covered"

    (knowledge / "okonkwo-programme.md").write_text(PROGRAMME_LESSON)
    update_index(settings, real_embedder)  # `peerbot index`
    corpus, _ = open_corpus(settings, real_embedder)
    try:
        after = Answerer(corpus).answer(PROGRAMME_QUESTION)
    finally:
        corpus.close()
    assert after.outcome == "answered"
    assert after.snippets[0].document.title == "Ward staffing together through the Okonkwo Programme"
