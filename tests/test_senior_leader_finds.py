"""What a senior NHS leader met on a third trial of peerbot in Slack and Teams (stop 35), over HTTP
against the local doubles: each test fails on the behaviour they met."""

from __future__ import annotations

import pytest
from slack_double import PeerbotServer, SlackSender, app_mention, slash_command


@pytest.mark.parametrize(("question", "wanted"), [
    # before: "neds" was read as "needs", "govs" as "goes", "paeds" as "pads": another word, another answer
    ("how do we get neds on board with the collaborative", "non-executive director, governor and lay member meeting"),
    ("how do we keep govs and lay members informed", "non-executive director, governor and lay member meeting"),
    ("paeds waits across three trusts", "long paediatric waiting lists"),
])
def test_nhs_shorthand_in_lower_case_is_read_as_meant_never_as_another_word(server, slack, double, question, wanted):
    slack.event(app_mention(question, channel="C0LAN2Q65"))
    [post] = double.wait_for("chat.postMessage")
    assert post.blocks_text.startswith("Here is what peers have learned")
    assert wanted in post.blocks_text


@pytest.mark.model
def test_with_the_real_model_lower_case_shorthand_for_what_the_lessons_lack_is_declined(settings, real_corpus, double):
    """Before: "cips" (cost improvement programmes) was read as "clips" and answered with unrelated excerpts."""
    with PeerbotServer(settings, real_corpus, double) as server:
        SlackSender(server.events_url).event(app_mention("cips across the collaborative?", channel="C0LAN2Q65"))
        [post] = double.wait_for("chat.postMessage")
    assert post.blocks_text.startswith("The lessons don't cover")


@pytest.mark.model
@pytest.mark.parametrize("question", [
    # before: "The lessons don't cover mum complained about her discharge yet": the story, not what was asked
    "my mum complained about her discharge from hospital - how do other trusts deal with complaints?",
    # before: "The lessons don't cover that yet" (a story first, or no word the lessons use)
    "Mrs Patel complained about her discharge, how do others handle complaints?",
    "how do others handle complaints?",
])
def test_with_the_real_model_a_decline_names_what_was_asked_never_the_story_told_first(settings, real_corpus, double,
                                                                                      question):
    with PeerbotServer(settings, real_corpus, double) as server:
        SlackSender(server.events_url).command(slash_command("/peer", question, double.response_url("r1")))
        [post] = double.wait_for("chat.postEphemeral")
    assert "The lessons don't cover complaints yet, so I won't guess." in post.blocks_text
    assert "Patel" not in post.blocks_text


@pytest.mark.model
@pytest.mark.parametrize(("question", "suggested", "narrators"), [
    # the third excerpt is West Yorkshire's "Cathy and Keir emphasise ...", which quotes Cathy Elliott: she is
    # credited for her own words there (`_only_narrates`), Keir Shillaker, only its narrator, is not
    ("Group model vs collaborative - which is better?", "Diane Wake", ("Keir Shillaker",)),
    ("what did ceos say about trust at board level?", "Julian Hartley", ("Keir Shillaker", "Cathy Elliott")),
    ("how do I convince my board that collaboration is worth it?", "Julian Hartley", ("Keir Shillaker", "Cathy Elliott")),
])
def test_with_the_real_model_a_lessons_narrators_are_not_suggested_for_a_later_excerpt_alone(
        settings, real_corpus, double, question, suggested, narrators):
    """Before: Keir Shillaker and Cathy Elliott, who tell West Yorkshire's lesson and are named in most of
    its paragraphs, were suggested under most answers whenever one of its paragraphs came second or third."""
    with PeerbotServer(settings, real_corpus, double) as server:
        SlackSender(server.events_url).event(app_mention(question, channel="C0LAN2Q65"))
        [post] = double.wait_for("chat.postMessage")
    people = post.blocks_text.split("People who have done this", 1)[1].split("Related enablers", 1)[0]
    assert suggested in people
    assert not [name for name in narrators if name in people]
