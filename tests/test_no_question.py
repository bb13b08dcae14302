"""A question with no words to go on ("x", "--x", "the", "how?", "42", "asdf", punctuation, an emoji)
is declined as out of scope and asked for a question, in the CLI (text and JSON), Slack and Teams,
whatever the model makes of it; short questions with a word in them are still answered."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import KNOWLEDGE
from slack_double import app_mention
from teams_doubles import ConnectorDouble, message, send, teams_server

from bot import messages
from bot.messages import CLOSEST_HEADING
from bot.service import Peerbot
from bot.state import StateStore
from index.lexical import content_terms
from index.search import has_words

ROOT = Path(__file__).resolve().parent.parent
ASK = messages.empty_question()  # the pointer: "Ask me a question about provider collaboration, …"

# each class of question with no words: single letters, an option-like dash, punctuation, a lone
# number, keyboard mash (alone, and with one short word), a stopword alone, emoji
NO_WORDS = ["x", "y", "--x", "???", "…!", "42", "2024", "asdf", "asdkjh qwe zzz", "the", "how?", "HOW?",
            "😀", "👍 👍"]
# short questions with a word to go on: a corpus word, an acronym, a pair of words, one word and mash
WORDED = ["ICS?", "trust building", "GP?", "A&E?", "governance", "asdf trust"]


def worded(question: str, words: set[str]) -> bool:
    return has_words(question, content_terms(question), words.__contains__)


@pytest.mark.parametrize("question", NO_WORDS)
def test_a_question_of_no_words_has_none_to_go_on(question):
    assert not worded(question, {"trust", "building", "governance", "ics", "zzz"})


@pytest.mark.parametrize("question", WORDED)
def test_a_short_question_with_a_word_has_one(question):
    assert worded(question, {"trust", "building", "governance", "ics", "zzz"})


def test_a_word_must_hold_half_the_letters_typed():
    words = {"trust", "zzz"}
    assert worded("asdf trust", words)  # 5 letters of 9 are a word's
    assert not worded("asdkjh qwe zzz", words)  # 3 of 12
    assert not worded("HOW?", words)  # "how" in capitals is a stopword, not an acronym


def test_or_half_the_terms_typed():
    words = {"trust", "zzz", "board", "bsw", "trusts"}
    assert worded("What was the tuningpint for the BSW trusts?", words)  # 2 terms of 3, 9 letters of 19
    assert worded("trust board qwertyuiopasdfgh", words)  # 2 of 3
    assert not worded("asdkjh qwe zzz", words) and not worded("asdfghjk qwertyui trust", words)  # 1 of 3


def ask_lines(env: dict, questions: list[str]) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input="\n".join(questions) + "\n",
                            capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def real_env(real_settings, real_corpus, real_query_cache) -> dict:
    """The real model and the bundled corpus's index (built by `real_corpus`) and query encoder (exported
    by `real_query_cache`), for `peerbot` itself."""
    return {**os.environ, "PEERBOT_DATA_DIR": str(real_settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
            "OMP_NUM_THREADS": "1"}


@pytest.mark.model
def test_the_cli_declines_each_class_as_out_of_scope_and_answers_short_real_questions(real_env):
    lines = ask_lines(real_env, NO_WORDS + ["ICS?", "trust building"])
    declined, answered = lines[:len(NO_WORDS)], lines[len(NO_WORDS):]
    # each echoed as read: in compatibility form ("…!" as "...!", bot/asked_text.py)
    assert [d["question"] for d in declined] == [unicodedata.normalize("NFKC", q) for q in NO_WORDS]
    for d in declined:
        assert (d["outcome"], d["answered"], d["snippets"], d["contacts"], d["closest"]) == (
            "out_of_scope", False, [], [], []), d["question"]
    for d in answered:
        assert d["outcome"] == "answered" and d["snippets"], d["question"]


@pytest.mark.model
def test_the_cli_asks_for_a_question_in_one_line(real_env):
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--", "--x"], capture_output=True, text=True,
                            env=real_env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert " ".join(result.stdout.split()) == messages.help_reply()  # what peerbot does, not a decline


@pytest.mark.parametrize("question", ["asdf", "how?"])
def test_slack_asks_for_a_question_and_logs_no_gap(server, slack, double, question):
    slack.event(app_mention(question))
    post = double.wait_for("chat.postMessage")[0]
    assert ASK in post["text"] and CLOSEST_HEADING not in post.blocks_text
    server.drain()
    assert server.rows("SELECT answered, off_topic FROM questions") == [{"answered": 0, "off_topic": 1}]  # no gap


@pytest.mark.parametrize("question", ["😀", "x"])
def test_teams_asks_for_a_question(answerer, settings, tmp_path, question):
    peerbot = Peerbot(answerer.corpus, StateStore(tmp_path / "state.db"))

    async def run():
        async with ConnectorDouble() as double, teams_server(
                peerbot, dataclasses.replace(settings, teams_allow_anonymous=True)) as (url, _bot):
            await send(url, message(double.url, question))
            assert await peerbot.drain(60)
            return double
    posted = json.dumps(asyncio.run(run()).posts[0].activity, ensure_ascii=False)
    assert ASK in posted and CLOSEST_HEADING not in posted
