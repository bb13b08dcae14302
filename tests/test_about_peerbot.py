"""Messages about peerbot itself, not a topic of the lessons (rough edges a new user found, stop 32):
asking where its information comes from or how old it is gets a short reply naming the lessons, their
publishers and dates; a verdict on peerbot ("you are useless") says how to give feedback; a question
in another language says peerbot reads English only; none of them is answered with passages or
declined as not covered, and a question about collaboratives using the same words is never caught."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

from bot import messages
from bot.answerer import not_covered_topic
from bot.redact import redact
from bot.scope_files import load_out_of_scope
from bot.small_talk import another_language

ROOT = Path(__file__).resolve().parent.parent
ABOUT = ["is this information up to date?", "where does this information come from?", "how old are these lessons?",
         "who wrote this?", "What are your sources?", "When were these lessons written?"]
FEEDBACK = ["you are useless", "this is rubbish", "That didn't help at all", "useless!", "this answer is wrong"]
FOREIGN = ["¿Cómo construyen confianza los hospitales?", "Comment les hôpitaux construisent-ils la confiance entre eux ?",
           "Sut mae ymddiriedolaethau'n cydweithio?", "Wie bauen Krankenhäuser Vertrauen zueinander auf?"]
# questions for the lessons that share those words
LESSON_QUESTIONS = ["How did trusts keep information up to date across the collaborative?",
                    "Where does the information the committee in common sees come from?",
                    "Who wrote the memorandum of understanding between the trusts?",
                    "How did boards check that the assurance reports were accurate?",
                    "Was the rubbish collection contract shared between trusts?",
                    "Which trusts found joint committees useless at first?"]


@pytest.mark.model
@pytest.mark.parametrize("question", ABOUT)
def test_asking_about_peerbots_information_names_the_lessons_their_publishers_and_dates(real_answerer, question):
    answer = real_answerer.answer(question)
    documents = real_answerer.index.documents.values()
    assert answer.outcome == "out_of_scope" and answer.asked_nothing and not answer.snippets and not answer.closest
    assert messages.decline(answer) == answer.pointer
    assert f"{len(documents)} lessons on NHS provider collaboration" in answer.pointer
    for document in documents:
        assert document.publisher in answer.pointer
    assert "dated 2021 to 2024" in answer.pointer and "{lessons}" not in answer.pointer


@pytest.mark.model
@pytest.mark.parametrize("question", FEEDBACK)
def test_a_verdict_on_peerbot_says_how_to_give_feedback(real_answerer, question):
    answer = real_answerer.answer(question)
    assert answer.outcome == "out_of_scope" and answer.asked_nothing and not answer.closest
    assert '"Not helpful"' in answer.pointer and "lessons don't cover" not in messages.decline(answer)


@pytest.mark.model
@pytest.mark.parametrize("question", FOREIGN)
def test_a_question_in_another_language_is_told_peerbot_reads_english_only(real_answerer, question):
    answer = real_answerer.answer(question)
    assert answer.outcome == "out_of_scope" and not answer.closest and not answer.snippets
    assert messages.decline(answer) == messages.english_only() == "peerbot reads and answers in English only: please ask your question in English."


@pytest.mark.model
@pytest.mark.parametrize("question", LESSON_QUESTIONS)
def test_a_question_for_the_lessons_with_those_words_is_never_caught(real_answerer, question):
    assert not any(k.cued(question) for k in load_out_of_scope(KNOWLEDGE) if k.asks_nothing)
    assert not another_language(question)
    assert real_answerer.answer(question).outcome != "out_of_scope"


@pytest.mark.parametrize("question", ["How did trsts biuld trust btween boards?", "NELFT BSW ICS?", "hw dd trusts shre staf",
                                      "Barnsley Rotherham Doncaster Sheffield?", "committee in common?"])
def test_misspelt_english_names_and_acronyms_are_not_another_language(question):
    assert not another_language(question)


@pytest.mark.model
def test_the_not_covered_topic_stops_at_the_end_of_the_question_clause(real_answerer):
    question = redact("did any trust share electronic patient records? email me at jane.doe@nhs.net")
    answer = real_answerer.answer(question)
    assert answer.outcome == "not_covered" and answer.topic == "electronic patient records"
    assert "email" not in messages.decline(answer) and "[" not in messages.decline(answer)


def test_a_not_covered_topic_never_holds_a_placeholder_or_what_follows_it():
    unknown = ("electronic", "email", "name", "zzqx")
    assert not_covered_topic("did any trust share electronic patient records? email me at [email]", unknown) == "electronic patient records"
    assert not_covered_topic("Patient [name] needs zzqx records. Electronic too?", unknown) == "Electronic"
    assert not_covered_topic("Patient [name] needs zzqx records", unknown) == "zzqx records"
    assert not_covered_topic("electronic rota; email [email] today", unknown) == "electronic rota"
    # a title before a redacted name is a person, never the topic
    assert not_covered_topic("Mrs [name] in bed 4 waited for zzqx: how do trusts cope?", ("mrs", "zzqx")) == "zzqx"
    assert not_covered_topic("Mrs [name] in bed 4 waited: how do trusts cope with zzqx?", ("mrs", "zzqx", "bed")) == "zzqx"
    assert not_covered_topic("Mrs [name] waited", ("mrs",)) == ""
    assert not_covered_topic("how did trusts cut referral to treatment times?", ("referral", "treatment")) == "referral to treatment times"
    assert not_covered_topic("how did trusts cut referral to treatment?", ("referral", "treatment")) == "referral to treatment"


def test_the_cli_answers_a_question_about_peerbot_with_its_lessons(tmp_path):
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
           "PEERBOT_MODEL": "hashing", "OMP_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "-"], input="is this information up to date?\nyou are useless\n",
                            capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert "peerbot answers only from 4 lessons on NHS provider collaboration, published by Mutual Ventures, NHS Confederation and NHS Providers, dated 2021 to 2024 (1 undated)." in shown
    assert '"Not helpful" puts the question in front of the people who keep the lessons' in shown
    assert "Closest lessons" not in shown and "Here is what peers have learned" not in shown
