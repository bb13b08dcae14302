"""The twenty-ninth hostile sweep's Slack finding (benchmarks/hostile_sweep29.py, api29), over HTTP with
the Slack double: a failed post's `error`, Slack's own text, was logged as it came, so an answer of
`{"ok": false, "error": ...}` holding a line break and escape codes split the warning and coloured the
terminal, 10 KB made a 10 KB line, and an error echoing the bot token put the token in the log. Now only
an error that is a code (lower-case words joined by underscores) is named; any other is "an error"."""

from __future__ import annotations

import json
import logging

import pytest
from slack_double import BOT_TOKEN, SlackSender, app_mention
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.slack.posting import failure_line

KNOWN = "How do I build and retain trust at board level?"
ODD = {"line break and escape codes": "bad\n\x1b[31mred\x07", "10 KB": "e" * 10_000,
       "the bot token": f"invalid_auth {BOT_TOKEN}", "upper case": "INVALID_AUTH"}


def failed_once(server, double, caplog, error: str) -> list[str]:
    """A mention whose first post Slack refuses with `error`: the warning lines logged, once answered."""
    caplog.set_level(logging.INFO)
    double.fault("chat.postMessage", "body", times=1, status=200, body=json.dumps({"ok": False, "error": error}).encode())
    event = app_mention(KNOWN)
    assert SlackSender(server.events_url).event(event).status == 200
    double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=30)
    assert server.drain()
    return [r.getMessage() for r in caplog.records if "could not post" in r.getMessage()]


@pytest.mark.parametrize("error", list(ODD.values()), ids=list(ODD))
def test_an_error_that_is_not_a_code_is_not_logged_and_the_post_is_tried_again(server, double, caplog, error):
    lines = failed_once(server, double, caplog, error)
    assert len(lines) == 1 and "(Slack answered with an error)" in lines[0]
    assert not [r for r in caplog.records if error in r.getMessage() or BOT_TOKEN in r.getMessage()]


def test_an_error_code_slack_has_not_documented_is_named(server, double, caplog):
    lines = failed_once(server, double, caplog, "team_quota_exceeded_v2")
    assert len(lines) == 1 and "(Slack answered team_quota_exceeded_v2)" in lines[0]


@pytest.mark.parametrize("error", [*ODD.values(), 42, ["x"]], ids=[*ODD, "number", "list"])
def test_a_failure_line_says_an_error_was_not_a_code_without_quoting_it(error):
    """The line behind every other Slack warning (a click, the Home tab, auth.test as `serve` starts)."""
    refused = SlackApiError("refused", SlackResponse(client=None, http_verb="POST", api_url="x", req_args={},
                                                     data={"ok": False, "error": error}, headers={}, status_code=200))
    assert failure_line(refused) == "an error that is not a Slack error code"


def test_a_failure_line_names_a_code():
    refused = SlackApiError("refused", SlackResponse(client=None, http_verb="POST", api_url="x", req_args={},
                                                     data={"ok": False, "error": "not_in_channel"}, headers={},
                                                     status_code=200))
    assert failure_line(refused) == "not_in_channel"
