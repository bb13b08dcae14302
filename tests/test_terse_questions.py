"""A terse question on topic ("what about finance?"): never out of scope by similarity alone (one
word cannot tell the NHS subject from the everyday one), at most not covered with the closest
passages; in a Slack thread it is read with the thread's question. Over HTTP with the Slack double
and the real model (the hashing embedder has no similarity to decline by)."""

from __future__ import annotations

import pytest
from slack_double import PeerbotServer, SlackSender, app_mention

from bot.messages import CLOSEST_HEADING

pytestmark = pytest.mark.model


@pytest.fixture
def real_server(settings, real_corpus, double):
    with PeerbotServer(settings, real_corpus, double) as s:
        yield s


def test_what_about_finance_alone_is_not_covered_with_the_closest_passages(real_server, double):
    slack = SlackSender(real_server.events_url)
    for n, text in enumerate(["what about finance?", "finance?"], 1):
        slack.event(app_mention(text))
        reply = double.wait_for("chat.postMessage", n)[-1]
        assert reply["text"].startswith("The lessons don't cover"), reply["text"]
        assert CLOSEST_HEADING in reply.blocks_text and "That isn't something" not in reply["text"]
    slack.event(app_mention("what about football?"))  # a cue still declines what peerbot is not for
    assert double.wait_for("chat.postMessage", 3)[-1]["text"].startswith("That isn't something peerbot can help with")


def test_what_about_finance_in_a_thread_is_read_with_the_threads_question(real_server, double):
    slack = SlackSender(real_server.events_url)
    answered = app_mention("How did trusts build trust between boards?")
    slack.event(answered)
    assert double.wait_for("chat.postMessage")[0].blocks_text.startswith("Here is what peers have learned")
    slack.event(app_mention("what about finance?", thread_ts=answered["event"]["ts"]))
    reply = double.wait_for("chat.postMessage", 2)[1]
    assert reply["thread_ts"] == answered["event"]["ts"]
    assert reply.blocks_text.startswith("Here is what peers have learned") and "open book" in reply.blocks_text
    # a thread whose subject and finance together are not covered: declined as not covered, not out of scope,
    # with the passages closest to the thread's subject
    other = app_mention("How did trusts share staff across the collaborative?")
    slack.event(other)
    double.wait_for("chat.postMessage", 3)
    slack.event(app_mention("what about finance?", thread_ts=other["event"]["ts"]))
    reply = double.wait_for("chat.postMessage", 4)[3]
    assert reply["thread_ts"] == other["event"]["ts"]
    assert reply["text"].startswith("The lessons don't cover") and CLOSEST_HEADING in reply.blocks_text
    assert "staff" in reply.blocks_text.split(CLOSEST_HEADING)[1]
