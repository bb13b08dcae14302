"""Honest declines of questions asking what went wrong (issue 9, part 3): a question asking only what went
wrong, was hard or failed when trusts worked together names no topic, so the scope's topic margin does not
decline it (`bot.asking_words.topic_terms`); a question about something the lessons lack is still declined,
and its "not covered" line names a clean noun phrase of it, never the words that ask ("wrong when trusts
tried"), never a misspelling as typed (`bot.asked_text.respelt`). The model tests run `peerbot ask` as a
subprocess over the bundled corpus."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

from bot.asked_text import respelt
from bot.asking_words import asks_about_collaborating, topic_terms
from bot.not_covered_topic import not_covered_topic

ROOT = Path(__file__).resolve().parent.parent
OUTCOMES = [  # each declined before stop 50 with a fragment for a topic ("wrong when trusts tried")
    ("What went wrong when trusts tried to work together?", "answered"),
    ("What mistakes did trusts make when they started collaborating?", "answered"),
    ("What were the problems when trusts tried to collaborate?", "answered"),
    # the controls: a topic the lessons lack, asked the same way, stays declined; sport stays out of scope
    ("What went wrong when trusts merged their pathology services?", "not_covered"),
    ("What challenges did trusts face installing pharmacy robots?", "not_covered"),
    ("How did trusts reduce agency spend together?", "not_covered"),
    ("What went wrong for England in the World Cup final?", "out_of_scope"),
    ("What mistakes do people make when baking sourdough bread?", "out_of_scope"),
]
TOPICS = [  # a declined question and the topic its reply names (before: the second column's fragment)
    ("What went wrong with electronic patient record rollouts across trusts?",
     "electronic patient record rollouts"),  # "wrong with electronic patient record rollouts"
    ("What challenges did trusts face installing pharmacy robots?", "installing pharmacy robots"),  # "face installing …"
    ("What went wrong when trusts merged their pathology services?", "pathology services"),  # "wrong when trusts merged …"
    ("What were the pitfalls of PFI hospital estates contracts?", "PFI hospital estates contracts"),  # "the pitfalls of …"
    ("How did trusts cut agncy nurse spend togehter?", "agency nurse spend"),  # "agncy nurse spend togehter"
    ("pitfalls of pharmacy robbots in hospitals", "pharmacy robots"),  # "pitfalls of pharmacy robbots"
    ("What problems did trusts have with EPR implementaion?", "EPR implementation"),  # "EPR implementaion"
]


@pytest.fixture(scope="module")
def real_env(real_settings, real_corpus, real_query_cache) -> dict:
    return {**os.environ, "PEERBOT_DATA_DIR": str(real_settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
            "OMP_NUM_THREADS": "1"}


def ask(env: dict, questions: list[str], *options: str) -> str:
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", *options, "-"], input="\n".join(questions) + "\n",
                            capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.model
def test_asking_what_went_wrong_in_working_together_is_answered_and_a_missing_topic_still_declined(real_env):
    out = ask(real_env, [q for q, _ in OUTCOMES], "--json")
    got = [json.loads(line)["outcome"] for line in out.splitlines()]
    assert dict(zip([q for q, _ in OUTCOMES], got, strict=True)) == dict(OUTCOMES)


@pytest.mark.model
def test_a_declined_question_names_a_clean_noun_phrase_of_its_own_correctly_spelt(real_env):
    out = ask(real_env, [q for q, _ in TOPICS])
    named = re.findall(r"The lessons don't cover (.+?) yet", " ".join(out.split()))
    assert named == [topic for _, topic in TOPICS]


@pytest.mark.parametrize("question, terms", [
    ("What went wrong when trusts tried to work together?", []),
    ("Pitfalls and regrets of provider collaboratives, honestly?", []),
    ("What barriers did the partners hit when they started collaborating?", []),
    ("What went wrong when trusts merged their pathology services?", ["merged", "pathology", "services"]),
    ("my mum complained about her discharge - how do other trusts deal with complaints?",
     ["mum", "complained", "discharge", "deal", "complaints"]),  # a complaint asked about is a topic
])
def test_topic_terms_leave_out_only_the_words_that_ask(question, terms):
    assert topic_terms(question) == terms


@pytest.mark.parametrize("asked, searched, respelt_as", [
    ("How did trusts cut agncy nurse spend togehter?", "How did trusts cut agency nurse spend together?",
     "How did trusts cut agency nurse spend together?"),
    ("What went wrong with electonic patient recrod rollouts?",  # "rollouts" split: kept; "recrod" beside it: corrected
     "What went wrong with electronic patient record roll out?",
     "What went wrong with electronic patient record rollouts?"),
    ("Mrs [name] in bed 4 - the Carter Reveiw?", "Mrs [name] in bed for - the Carter Review?",
     "Mrs [name] in bed 4 - the Carter Review?"),  # a number read as a word stays a number
])
def test_respelt_corrects_misspellings_and_nothing_else(asked, searched, respelt_as):
    assert respelt(asked, searched) == respelt_as


@pytest.mark.parametrize("question, unknown, topic", [
    ("What went wrong when trusts tried to merge their pathology?", ("went", "wrong", "tried", "merge", "pathology"),
     "pathology"),
    ("What challenges did trusts face installing pharmacy robots?", ("installing", "pharmacy", "robots"),
     "installing pharmacy robots"),
    ("What were the pitfalls of PFI hospital estates contracts?", ("pitfalls", "pfi", "estates"),
     "PFI hospital estates contracts"),
    ("What went wrong?", ("went", "wrong"), ""),  # nothing but asking: no topic to name
    ("What went wrong with the new HR system rollout across trusts?", ("went", "wrong", "hr", "rollout"),
     "the new HR system rollout"),  # "system" is a noun of the topic, not the collaboration asked in
    ("What mistakes did Liverpool make in the transfer window?", ("mistakes", "liverpool", "make", "transfer", "window"),
     "the transfer window"),  # a verb that asks parts the subject from what is asked: never "Liverpool make in …"
])
def test_the_topic_never_holds_a_word_that_asks(question, unknown, topic):
    assert not_covered_topic(question, unknown) == topic


@pytest.mark.parametrize("question, only", [
    ("What went wrong when trusts tried to work together?", True),
    ("What mistakes did trusts make when they started collaborating?", True),
    ("IT systems", False),  # no asking word: a terse topic whose acronym is no content word
    ("How do trusts collaborate?", False),
    ("What went wrong when trusts merged their pathology services?", False),
])
def test_only_a_question_asking_what_went_wrong_in_working_together_skips_the_topic_rules(question, only):
    assert asks_about_collaborating(question) is only
