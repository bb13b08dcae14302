"""What the twentieth hostile sweep (benchmarks/hostile_sweep20.py) found, over HTTP on 127.0.0.1 against
peerbot's Slack app and the Slack double.

- A signed body whose `event` or `view` was null (the shapes gate takes null for absent) reached Bolt,
  which reads `body.get("event", {}).get(...)` and `body.get("view", {}).get(...)` when the key is there,
  whatever its value: HTTP 500 and a traceback. They (and a tokens_revoked event's `tokens` and its
  `oauth` and `bot` lists, which Bolt's revocation listener reads the same way and takes len() of) are
  now refused with 400 when null or of another type, as `response_urls` was.
- JSON inside a field of a payload nested thousands deep (a lesson form's private_metadata, a Share
  button's value) escaped as RecursionError (json's, not a ValueError): HTTP 500 and a traceback. It is
  now read as damaged, as any value that is not JSON.
"""

from __future__ import annotations

import dataclasses
import json
import logging

import pytest
from slack_double import PeerbotServer, app_mention, block_actions, direct_message, slash_command, view_submission
from test_slack_lessons import LESSON, REVIEW

DEEP = "[" * 10_000 + "]" * 10_000


@pytest.fixture
def server(settings, shared_answerer, double):
    settings = dataclasses.replace(settings, review_channel=REVIEW, curators="UCURATOR01")
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def no_traceback(caplog) -> bool:
    return not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize("body", [
    {**app_mention("trust"), "event": None},
    {**direct_message("trust"), "event": None, "type": None},
    {"type": "view_closed", "user": {"id": "U061F7AUR"}, "view": None},
    {"type": "block_actions", "user": {"id": "U061F7AUR"}, "view": None,
     "actions": [{"action_id": "feedback_helpful", "value": "q-1"}]},
    {**app_mention("trust"), "event": {"type": "tokens_revoked", "tokens": None}},
    {**app_mention("trust"), "event": {"type": "tokens_revoked", "tokens": {"oauth": [{"id": 1}], "bot": []}}},
    {**app_mention("trust"), "event": {"type": "tokens_revoked", "tokens": {"oauth": None, "bot": None}}},
], ids=["event-null", "event-and-type-null", "view-null", "view-null-click", "tokens-null", "tokens-not-text",
        "token-lists-null"])
def test_a_null_where_bolt_reads_an_object_is_refused_with_400(server, slack, body, caplog):
    caplog.set_level(logging.WARNING)
    sent = slack.event(body) if "event" in body else slack.interaction(body)
    assert sent.status == 400  # before: 500 and Bolt's traceback (the tokens cases: only with OAuth)
    assert no_traceback(caplog)


def test_a_lesson_form_whose_private_metadata_is_nested_deep_is_kept(server, slack, double, caplog):
    caplog.set_level(logging.WARNING)
    assert slack.command(slash_command("/lesson", "Theatre lists", double.response_url())).status == 200
    double.wait_for("views.open")
    submission = view_submission({**double.views[-1], "private_metadata": DEEP}, LESSON)
    assert slack.interaction(submission).status == 200  # before: 500, a RecursionError traceback
    server.drain()
    assert [r["title"] for r in server.rows("SELECT title FROM lessons")] == [LESSON["title"]]
    assert no_traceback(caplog)


def test_a_share_click_whose_value_is_nested_deep_is_told_it_cannot_be_shared(server, slack, double, caplog):
    caplog.set_level(logging.WARNING)
    click = block_actions("share_answer", DEEP, double.response_url(), ephemeral=True)
    assert slack.interaction(click).status == 200
    server.drain()
    told = double.wait_for("chat.postEphemeral")
    assert told and "share" in json.dumps(told[0].blocks).lower()  # before: a RecursionError traceback, an apology
    assert no_traceback(caplog)
