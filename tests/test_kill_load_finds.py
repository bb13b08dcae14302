"""What benchmarks/kill_under_load.py found, over HTTP on 127.0.0.1 against peerbot's real Slack app
and the local Slack double: a mention in a channel where Slack refuses every post
(channel_not_found, not_in_channel, is_archived) was given up, then its apology was posted to the
same channel, refused the same way: a second call and a second warning line for one failure. The
answer is now given up in one line and no apology is tried; an answer refused for another reason
that will not pass (no_text) still gets its apology."""

from __future__ import annotations

import logging
import time

import pytest
from slack_double import app_mention

QUESTION = "How do I build and retain trust at board level?"


def _ended(server, timeout: float = 60) -> list[str]:
    """The inbox's statuses once no item is pending (or `timeout` has passed)."""
    deadline = time.monotonic() + timeout
    while True:
        statuses = [r["status"] for r in server.rows("SELECT status FROM inbox")]
        if (statuses and "pending" not in statuses) or time.monotonic() > deadline:
            return statuses
        time.sleep(0.05)


def _lines(caplog, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if text in r.getMessage()]


@pytest.mark.parametrize("code", ["channel_not_found", "not_in_channel", "is_archived"])
def test_an_answer_slack_refuses_in_its_channel_is_given_up_in_one_line_with_no_apology_there(
        server, slack, double, caplog, code):
    caplog.set_level(logging.INFO)
    double.fail("chat.postMessage", code, channel="C0REFUSE1")
    assert slack.event(app_mention(QUESTION, channel="C0REFUSE1")).status == 200
    assert _ended(server) == ["failed"]
    assert server.drain()
    assert len(double.calls_to("chat.postMessage", channel="C0REFUSE1")) == 1  # the answer; no apology after it
    [line] = _lines(caplog, "gave up posting")
    assert code in line and "no apology" in line
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_an_answer_refused_for_another_reason_that_will_not_pass_still_gets_its_apology(server, slack, double, caplog):
    caplog.set_level(logging.INFO)
    double.fail("chat.postMessage", "no_text", channel="C0REFUSE2", times=1)
    body = app_mention(QUESTION, channel="C0REFUSE2")
    assert slack.event(body).status == 200
    assert _ended(server) == ["apologised"]
    assert server.drain()
    posts = double.calls_to("chat.postMessage", channel="C0REFUSE2")
    assert [p.ok for p in posts] == [False, True] and posts[1]["thread_ts"] == body["event"]["ts"]
    assert _lines(caplog, "gave up posting the answer") and not _lines(caplog, "no apology")
