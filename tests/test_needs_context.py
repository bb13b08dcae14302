"""A question about something it does not name ("who led it?", "what did they do?", "how much did it
save?", "tell me more about that"), asked with no earlier question to read it with, is asked which
collaborative, lesson or topic it means: out of scope (it asks nothing the lessons could lack, so it
is no knowledge gap), no passages. In a thread or chat with an earlier question it is read with that
question, as before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment
from slack_double import app_mention

from bot import messages
from bot.follow_up import needs_context
from bot.question import DM, PUBLIC, Question
from bot.service import Peerbot
from bot.state import StateStore

ROOT = Path(__file__).resolve().parent.parent
UNNAMED = {"who led it?": "it", "what did they do?": "they", "how much did it save?": "it",
           "tell me more about that": "that", "tell me more": "more", "Who's behind it?": "it", "did it work?": "it",
           "What was the impact of that?": "that", "how long did it take them?": "it", "what about them?": "them",
           "And how did they fund it?": "they"}
NAMED = ["how did they fund the wellbeing hub?", "who led IT?", "What did they do about workforce?", "IT?",
         "How did trusts build trust between their boards?", "help me with this", "thanks for that",
         "who led the committee in common?", "is this up to date?", "what can you do?", "tell me about mutual aid",
         "How did the trusts share more staff?"]


@pytest.mark.parametrize(("question", "word"), UNNAMED.items())
def test_a_question_naming_nothing_but_pointing_back_needs_context(question, word):
    assert needs_context(question) == word


@pytest.mark.parametrize("question", NAMED)
def test_a_question_that_names_its_subject_or_asks_nothing_does_not(question):
    assert needs_context(question) == ""


@pytest.fixture
def peerbot(shared_answerer, tmp_path):
    state = StateStore(tmp_path / "state.db")
    yield Peerbot(shared_answerer.corpus, state)
    state.close()


@pytest.mark.parametrize("question", list(UNNAMED))
def test_alone_it_is_asked_what_it_refers_to_and_served_no_passages(peerbot, question):
    answer = peerbot.ask(Question("slack", "C1", question, PUBLIC)).answer
    assert (answer.outcome, answer.snippets, answer.closest, answer.contacts) == ("out_of_scope", (), (), ())
    assert answer.asked_nothing and answer.pointer == messages.needs_context(UNNAMED[question])
    assert messages.decline(answer) == answer.pointer  # the reply alone, not "That isn't something peerbot can help with"


def test_in_a_thread_or_chat_it_is_read_with_the_earlier_question(peerbot):
    peerbot.ask(Question("slack", "C1", "wellbeing hub for staff", PUBLIC, thread="C1:1.0"))
    threaded = peerbot.ask(Question("slack", "C1", "who led it?", PUBLIC, thread="C1:1.0")).answer
    assert threaded.answered and threaded.question == "who led it?"
    assert any("wellbeing hub" in s.text for s in threaded.snippets)
    chat = {"place": DM, "thread": "a:chat", "chat": True}
    peerbot.ask(Question("teams", "a:chat", "wellbeing hub for staff", **chat))
    in_chat = peerbot.ask(Question("teams", "a:chat", "how much did it save?", **chat)).answer
    assert in_chat.answered and any("wellbeing hub" in s.text for s in in_chat.snippets)
    other = peerbot.ask(Question("slack", "C1", "who led it?", PUBLIC, thread="C1:2.0")).answer
    assert other.pointer == messages.needs_context("it")  # another thread, no earlier question


def test_after_a_question_the_lessons_do_not_cover_it_is_declined_as_that_question_was(peerbot):
    """Before, a follow-up of no subject of its own kept its own reply when the thread's question was
    not covered: here, "I can't tell what “they” refers to", under the very question it refers to."""
    first = peerbot.ask(Question("slack", "C1", "zzqx qqvb plumbing ledgers", PUBLIC, thread="C1:3.0")).answer
    assert first.outcome == "not_covered"
    follow_up = peerbot.ask(Question("slack", "C1", "what did they do?", PUBLIC, thread="C1:3.0")).answer
    assert follow_up.outcome == "not_covered" and follow_up.question == "what did they do?"


def test_the_cli_asks_what_it_refers_to(tmp_path):
    environment = indexed_environment(tmp_path)
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input="who led it?\nwhat did they do?\n",
                            capture_output=True, text=True, env=environment, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["outcome"], line["snippets"], line["closest"]) for line in lines] == [("out_of_scope", [], [])] * 2
    text = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "how much did it save?"], capture_output=True,
                          text=True, env=environment, cwd=ROOT, timeout=600).stdout
    assert " ".join(text.split()) == messages.needs_context("it")


def test_slack_asks_alone_and_answers_in_a_thread(server, slack, double):
    slack.event(app_mention("who led it?"))
    alone = double.wait_for("chat.postMessage")[0]
    assert alone["text"] == messages.needs_context("it")
    root = app_mention("wellbeing hub for staff")
    slack.event(root)
    double.wait_for("chat.postMessage", 2)
    slack.event(app_mention("who led it?", thread_ts=root["event"]["ts"]))
    reply = double.wait_for("chat.postMessage", 3)[2]
    assert reply["thread_ts"] == root["event"]["ts"] and "wellbeing hub" in reply.blocks_text
    server.drain()
    assert [r["off_topic"] for r in server.rows("SELECT off_topic FROM questions ORDER BY rowid")] == [1, 0, 0]
