"""Messages as Teams users write them, over HTTP to /api/messages: commands typed as slash commands
or in capitals, questions pasted with Teams' HTML, a card's Action.Submit (found in the stop 37 trial)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from state_rows import rows
from teams_doubles import converse, message

from bot.service import Peerbot
from bot.state import StateStore


@pytest.fixture
def state(tmp_path):
    return StateStore(tmp_path / "state.db")


@pytest.fixture
def peerbot(answerer, state):
    return Peerbot(answerer.corpus, state)


@pytest.fixture
def anonymous(settings):
    return dataclasses.replace(settings, teams_allow_anonymous=True)


def replies(peerbot, settings, *activities):
    """What the connector double was sent for the activities (`converse`), each acknowledged with 202."""
    results, double = converse(peerbot, settings, *activities)
    assert [status for status, _ in results] == [202] * len(activities), results
    return double.posts


def test_commands_typed_with_a_slash_or_in_capitals_are_commands(peerbot, state, anonymous):
    """Before: "/enabler trust" and "/enablers" were searched as questions (an answer card of excerpts),
    "/help" got the one-line greeting instead of the usage text."""
    posts = replies(peerbot, anonymous, lambda s: message(s, "/enabler building trust"),
                     lambda s: message(s, "/enablers"), lambda s: message(s, "/HELP"),
                     lambda s: message(s, "ENABLER BUILDING TRUST"))
    summary, listing, usage, capitals = (json.dumps(post.activity, ensure_ascii=False) for post in posts)
    assert '"text": "Building trust"' in summary and "What works" in summary
    assert "Enablers of provider collaboration" in listing
    assert "**enabler NAME**" in usage
    assert '"text": "Building trust"' in capitals
    assert "Here is what peers have learned" not in summary + listing
    assert rows(state, "questions") == []  # commands, not questions


def test_a_question_pasted_with_teams_html_keeps_its_words_apart(peerbot, state, anonymous):
    """Before: the tags were dropped with nothing in their place, so "<p>Hi peerbot,</p><p>How did…"
    became "Hi peerbot,How did … office?ThanksTrustBedsA400", read as a greeting: the question was lost."""
    pasted = ('<p>Hi&nbsp;peerbot,</p><p>How did trusts set up a <b>committee in common</b> '
              '(<a href="https://example.nhs.uk/cic">our paper</a>)?<br>Thanks</p>'
              '<table><tr><td>Trust</td><td>Beds</td></tr><tr><td>A</td><td>400</td></tr></table>')
    [post] = replies(peerbot, anonymous, lambda s: message(s, pasted))
    assert "Here is what peers have learned" in json.dumps(post.activity)
    [row] = rows(state, "questions")
    assert row["question"] == "Hi peerbot, How did trusts set up a committee in common (our paper)? Thanks Trust Beds A 400"


def test_a_cards_action_submit_is_not_answered_as_a_message(peerbot, state, anonymous):
    """Before: a click on another card's Action.Submit (a message with `value` and no text) was answered
    with "I'm peerbot: I answer questions…", as if the user had said hello."""
    def submit(service_url):
        activity = message(service_url, "")
        activity["value"] = {"action": "more", "question_id": "q1"}
        return activity
    posts = replies(peerbot, anonymous, submit, lambda s: message(s, "/help"))
    assert len(posts) == 1 and "**enabler NAME**" in posts[0].activity["text"]


def test_an_edit_deletion_or_reaction_is_ignored_and_its_text_is_not_logged(peerbot, anonymous, caplog):
    """Before: the SDK's warning for an activity no route takes carried its text, so an edited
    question went into the log ("… with text: Patient John Smith, NHS number 943 476 5919 …"),
    though peerbot logs no question and stores it only redacted."""
    def edited(service_url):
        activity = message(service_url, "Patient John Smith, NHS number 943 476 5919: how do trusts share beds?")
        activity["type"] = "messageUpdate"
        activity["channelData"]["eventType"] = "editMessage"
        return activity

    def reaction(service_url):
        activity = message(service_url, "")
        activity["type"] = "messageReaction"
        activity["reactionsAdded"] = [{"type": "like"}]
        return activity

    caplog.set_level("INFO")
    posts = replies(peerbot, anonymous, edited, reaction, lambda s: message(s, "/help"))
    assert len(posts) == 1  # only /help is answered
    logged = caplog.text
    assert "John Smith" not in logged and "943 476 5919" not in logged and "share beds" not in logged
    assert "ignored a messageUpdate activity" in logged and "ignored a messageReaction activity" in logged
    ignored = [r for r in caplog.records if "peerbot does not answer those" in r.getMessage()]
    assert ignored and all(r.levelname == "INFO" for r in ignored)  # routine, not a warning
