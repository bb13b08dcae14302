"""What the tenth new-leader trial (stop 43, benchmarks/slack_trial10.py) found, each over HTTP against a real server
with the real model and the bundled corpus (Teams personal-chat activities; signed Slack direct messages): a chat's
"hi, what's peerbot?" stayed its remembered question, so the next question was read with it and "who led that?"
after an answer got the help text; and "hello - I'm the new chief operating officer at … what can you help me
with?" was searched, five excerpts for a question about peerbot."""

from __future__ import annotations

import pytest
from slack_double import direct_message, reply_to, slack_trial
from teams_doubles import chat_card_texts

from bot.follow_up import refers_back
from bot.introductions import past_introduction

pytestmark = pytest.mark.model

NELFT = "how did NELFT and ELFT work together?"
INTRODUCED = ("hello - I'm the new chief operating officer at a mental health trust that's just joined a provider "
              "collaborative. what can you help me with?")


@pytest.fixture(scope="module")
def trial(real_settings, real_corpus, tmp_path_factory):
    with slack_trial(real_settings, real_corpus, tmp_path_factory.mktemp("trial-ten")) as server_and_double:
        yield server_and_double


@pytest.mark.parametrize("before", ["hi, I'm new - what's peerbot?",
                                    "how did the west yorkshire trusts set up their committee in common?"])
def test_a_chats_new_question_is_read_alone_and_is_what_a_follow_up_reads_with(real_settings, real_corpus, tmp_path,
                                                                              before):
    """Before: "who led that?" got "I'm peerbot: …" after the greeting ("what's peerbot?" stayed the chat's question,
    and "NELFT and ELFT" read as referring back to it), or West Yorkshire's people after the committee question."""
    _, answer, who = chat_card_texts(real_settings, real_corpus, tmp_path, [before, NELFT, "who led that?"],
                                     one_chat=True)
    assert who[0].startswith("The lessons name no one person behind it; they credit these organisations:"), who[0]
    alone = chat_card_texts(real_settings, real_corpus, tmp_path / "alone", [NELFT])[0]
    assert answer == alone


def test_thanks_in_a_dm_leaves_the_question_before_it_as_the_context(trial):
    reply_to(trial, direct_message("how did the west yorkshire trusts set up their committee in common?"))
    assert "You're welcome" in reply_to(trial, direct_message("thanks!"))
    assert reply_to(trial, direct_message("who led it?")).startswith("Who was behind it, as the lessons name them")


@pytest.mark.parametrize("text", [INTRODUCED, "I'm the new COO. what can you help me with?"])
def test_an_introduction_before_asking_what_peerbot_does_is_not_searched(trial, text):
    """Before: "Here is what peers have learned (5 excerpts from 4 lessons)"."""
    reply = reply_to(trial, direct_message(text))
    assert "I'm peerbot" in reply and "excerpt" not in reply, reply[:200]


def test_an_introduction_before_a_question_of_the_lessons_is_still_searched(trial):
    reply = reply_to(trial, direct_message("hi - I've just started as medical director in a mental health "
                                           "collaborative. where do I start?"))
    assert reply.startswith("Here is what peers have learned ("), reply[:200]


def test_what_an_introduction_leaves_to_read():
    assert past_introduction(INTRODUCED) == "hello what can you help me with?"
    assert past_introduction("I am the COO - what do you do?") == "what do you do?"
    for text in ("I'm new. how did trusts share a back office?", "what can you help me with?"):
        assert past_introduction(text) == text
    assert past_introduction("I'm the COO") == "hello"  # an introduction alone is greeted (stop 48's trial)


def test_and_within_a_question_does_not_refer_back():
    assert not refers_back(NELFT) and refers_back("and who led it?") and refers_back("how did they fund it?")
    assert refers_back("thanks, and who should I contact about that?")  # the ninth trial's Teams follow-up
