"""A message that asks nothing peerbot can search (a greeting, thanks, "ok", "hmm", "help", "what can
you do?": no content word) gets a short friendly reply saying what peerbot does, with an example
question: out of scope, no snippets, no contacts, not a knowledge gap; in a Slack thread one that asks
something of no subject of its own ("what is it?") is read with the thread's question (alone it is
asked what "it" is: tests/test_needs_context.py), and the rest ("ok", "x", "?") never re-answer it.
Real questions that start with those words are answered. An acronym spelled like a stopword ("IT?")
is a word, not the stopword. Asking who holds a post now, an organisation's website or its next
board meeting is declined; asking who did something is answered. People from the place a question
names are suggested first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOWLEDGE
from slack_double import app_mention

from bot import messages
from bot.follow_up import asks_of_the_thread
from bot.messages import CLOSEST_HEADING
from bot.small_talk import GREETING, HELP, THANKS, small_talk
from index.lexical import content_terms
from index.search import has_words

ROOT = Path(__file__).resolve().parent.parent
HELP_TEXT = messages.help_reply()
SMALL_TALK = ["help", "help me", "what can you do?", "?", "hi", "hello", "thanks", "thank you", "ok", "okay",
              "hmm", "zzz", "Hi there peerbot!", "good morning", "Thanks!", "who are you?"]
# real questions that start with those words
QUESTIONS = ["help me build trust between boards", "Hello, how did trusts build trust between their boards?",
             "Thanks. How did others share staff across trusts?"]


@pytest.mark.parametrize(("text", "kind"), [
    ("help", HELP), ("help me", HELP), ("what can you do?", HELP), ("ok", HELP),
    ("Okay.", HELP), ("hmmm", HELP), ("zzz", HELP), ("hi", GREETING), ("Hello there, peerbot", GREETING),
    ("good morning", GREETING), ("thanks", THANKS), ("Thank you!", THANKS), ("hi, thanks", THANKS), ("OK", HELP),
    # no content word: stopwords and small-talk words alone
    ("what is it?", HELP), ("how?", HELP), ("and who?", HELP), ("the", HELP), ("what about them?", HELP),
    ("it?", HELP),
    # texting forms: apostrophes left out, words shortened
    ("thats great ty", THANKS), ("ok cheers mate", THANKS), ("how r u", HELP), ("im ok thanx", THANKS),
    ("whats up?", HELP)])
def test_a_message_of_chat_words_is_small_talk_of_its_kind(text, kind):
    assert small_talk(text) is kind


@pytest.mark.parametrize("text", [*QUESTIONS, "help with governance", "what can you do about waiting lists?", "IT?",
                                  "IT help", "x", "", "asdf"])
def test_a_message_with_another_word_or_none_is_not_small_talk(text):
    assert small_talk(text) is None


def test_an_acronym_spelled_like_a_stopword_is_a_word_to_go_on():
    def worded(question: str) -> bool:
        return has_words(question, content_terms(question), {"systems"}.__contains__)
    assert worded("IT?") and worded("US?") and worded("IT systems")
    assert not worded("it?") and not worded("HOW?") and not worded("WHO IS IT?")  # a stopword, or shouted


@pytest.fixture(scope="module")
def real_env(real_settings, real_corpus) -> dict:
    """The real model and the bundled corpus's index (built by `real_corpus`), for `peerbot` itself."""
    return {**os.environ, "PEERBOT_DATA_DIR": str(real_settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
            "OMP_NUM_THREADS": "1"}


def ask(env: dict, *arguments: str, stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", *arguments], input=stdin, capture_output=True,
                            text=True, env=env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


FACT_REQUESTS = ["Who is the chief executive of NHS England?", "Who is the current chair of Leeds Teaching Hospitals?",
                 "What is the website of NHS Providers?", "When is the next board meeting of Leeds Teaching Hospitals?"]
WHO_DID = ["who has set up a committee in common?", "which trusts shared a chief executive?"]
ACRONYMS = ["IT?", "ICT?", "it?"]
PLACED = "who can I talk to in Greater Manchester about mental health?"
ASKED = SMALL_TALK + QUESTIONS + ACRONYMS + FACT_REQUESTS + WHO_DID + [PLACED]


@pytest.fixture(scope="module")
def answered(real_env) -> dict[str, dict]:
    """`peerbot ask --json -` (the real model) on every question the module's CLI tests read, one a line (each
    answered on its own): the answers by question, in one process instead of a model loaded for each test."""
    lines = [json.loads(line) for line in ask(real_env, "--json", "-", stdin="\n".join(ASKED) + "\n").splitlines()]
    assert len(lines) == len(ASKED) == len(set(ASKED))
    return dict(zip(ASKED, lines, strict=True))


@pytest.mark.model
def test_the_cli_answers_small_talk_with_what_peerbot_does_and_still_answers_real_questions(real_env, answered):
    lines = [answered[question] for question in SMALL_TALK + QUESTIONS]
    for line in lines[:len(SMALL_TALK)]:
        assert (line["outcome"], line["snippets"], line["contacts"], line["closest"]) == ("out_of_scope", [], [], []), line
    for line in lines[len(SMALL_TALK):]:
        assert line["outcome"] == "answered" and line["snippets"], line["question"]
    assert " ".join(ask(real_env, "help").split()) == HELP_TEXT  # the reply alone, not "That isn't something …"
    assert " ".join(ask(real_env, "thanks").split()) == messages.help_reply(messages.WELCOME)


@pytest.mark.model
def test_the_cli_reads_it_in_capitals_as_an_acronym_the_lessons_do_not_cover(real_env, answered):
    assert [answered[question]["outcome"] for question in ACRONYMS] == ["not_covered", "not_covered", "out_of_scope"]
    assert "The lessons don't cover IT systems yet" in " ".join(ask(real_env, "IT systems").split())


@pytest.mark.parametrize("text", ["help", "thanks"])
def test_slack_answers_small_talk_with_what_peerbot_does_and_logs_no_gap(server, slack, double, text):
    slack.event(app_mention(text))
    post = double.wait_for("chat.postMessage")[0]
    assert HELP_TEXT in post["text"] and "That isn't" not in post["text"] and CLOSEST_HEADING not in post.blocks_text
    server.drain()
    assert server.rows("SELECT answered, off_topic FROM questions") == [{"answered": 0, "off_topic": 1}]  # no gap


@pytest.mark.parametrize("text", ["what is it?", "how?", "and who?", "zzqx and who?", "it?", "what about them?",
                                  "how does it work?", "tell me more", "more please", "anything further?",
                                  "whats that?", "hows that work"])
def test_a_message_of_no_subject_that_asks_something_asks_it_of_the_thread(text):
    assert asks_of_the_thread(text)


@pytest.mark.parametrize("text", ["ok", "thanks", "hi", "x", "?", "help", "the", "what can you do?", "who are you?",
                                  "how do you work?", "what is peerbot?", "how r u", "thats all thanks"])
def test_small_talk_and_asking_about_peerbot_ask_nothing_of_the_thread(text):
    assert not asks_of_the_thread(text)


def test_slack_reads_what_is_it_in_a_thread_with_the_threads_question_and_alone_asks_what_it_is(server, slack, double):
    slack.event(app_mention("what is it?"))
    alone = double.wait_for("chat.postMessage")[0]
    assert alone["text"] == messages.needs_context("it")  # no earlier question: which collaborative, lesson or topic?
    root = app_mention("wellbeing hub for staff")
    slack.event(root)
    assert double.wait_for("chat.postMessage", 2)[1].blocks_text.startswith("Here is what peers have learned")
    slack.event(app_mention("what is it?", thread_ts=root["event"]["ts"]))
    reply = double.wait_for("chat.postMessage", 3)[2]
    assert reply["thread_ts"] == root["event"]["ts"] and HELP_TEXT not in reply["text"]
    assert reply.blocks_text.startswith("Here is what peers have learned") and "wellbeing hub" in reply.blocks_text


def test_slack_never_re_answers_a_threads_question_for_a_follow_up_that_asks_nothing(server, slack, double):
    root = app_mention("wellbeing hub for staff")
    slack.event(root)
    assert double.wait_for("chat.postMessage")[0].blocks_text.startswith("Here is what peers have learned")
    for n, follow_up in enumerate(["x", "?", "ok"], 2):
        slack.event(app_mention(follow_up, thread_ts=root["event"]["ts"]))
        reply = double.wait_for("chat.postMessage", n)[-1]
        assert reply["thread_ts"] == root["event"]["ts"]
        assert HELP_TEXT in reply["text"] and "wellbeing" not in reply.blocks_text, follow_up


# who holds a post now, a website, the next board meeting: declined; asking who did something: answered
@pytest.mark.model
def test_the_cli_declines_a_request_for_an_organisations_facts_and_answers_who_did_something(answered):
    lines = [answered[question] for question in FACT_REQUESTS + WHO_DID]
    assert [line["outcome"] for line in lines] == ["out_of_scope"] * len(FACT_REQUESTS) + ["answered"] * len(WHO_DID)
    assert not any(line["snippets"] or line["contacts"] for line in lines[:len(FACT_REQUESTS)])


@pytest.mark.model
def test_the_cli_lists_people_from_the_place_the_question_names_first(answered):
    line = answered[PLACED]
    assert line["outcome"] == "answered" and len(line["contacts"]) > 1
    assert line["contacts"][0]["organisation"] == "Greater Manchester Health and Care Partnership"


def test_slack_points_someone_burnt_out_to_people_who_can_help_and_still_answers_staff_wellbeing(server, slack, double):
    """A new user's "I'm completely burnt out leading this merger, any advice?" got the lessons'
    nearest passages and no word about where to get help; a question about staff wellbeing in a
    collaborative is still answered from the lessons."""
    slack.event(app_mention("I'm completely burnt out leading this merger, any advice?"))
    reply = double.wait_for("chat.postMessage")[0]
    for helper in ("occupational health", "employee assistance programme", "NHS Practitioner Health", "Samaritans"):
        assert helper in reply["text"], helper
    assert CLOSEST_HEADING not in reply.blocks_text and "http" not in reply["text"]  # no passage, no link to check
    slack.event(app_mention("How did the collaborative support staff wellbeing?"))
    answer = double.wait_for("chat.postMessage", 2)[1]
    assert answer.blocks_text.startswith("Here is what peers have learned") and "occupational health" not in answer["text"]
    server.drain()
    assert sorted((r["answered"], r["off_topic"]) for r in server.rows("SELECT answered, off_topic FROM questions")) == [
        (0, 1), (1, 0)]


def test_slack_answers_asking_about_peerbot_in_a_thread_about_peerbot_never_with_the_threads_question(
        server, slack, double):
    """"is this information up to date?", "this is rubbish" or a question in Spanish, in a thread, are about
    peerbot (its lessons, its answers, its language), not the thread's subject: their own reply, never
    the thread's question answered again."""
    root = app_mention("wellbeing hub for staff")
    slack.event(root)
    assert double.wait_for("chat.postMessage")[0].blocks_text.startswith("Here is what peers have learned")
    for n, (text, says) in enumerate([("is this information up to date?", "peerbot answers only from 4 lessons"),
                                      ("this is rubbish", '"Not helpful" puts the question'),
                                      ("¿Y cómo lo hicieron los hospitales?", messages.english_only())], 2):
        slack.event(app_mention(text, thread_ts=root["event"]["ts"]))
        reply = double.wait_for("chat.postMessage", n)[-1]
        assert reply["thread_ts"] == root["event"]["ts"] and says in " ".join(reply["text"].split()), text
        assert "wellbeing" not in reply.blocks_text and CLOSEST_HEADING not in reply.blocks_text, text
