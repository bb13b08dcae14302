"""What the fourth hostile sweep (benchmarks/hostile_sweep4.py) found in the Slack Web API's
failures, each against peerbot's real server on 127.0.0.1 (aiohttp + Bolt, real signing, the
Slack double): a 429 whose Retry-After is an HTTP date, words or a fraction is waited out and
retried; an answer that is JSON but not an object (a list, text, a number) is a failed call like
any other, one warning line; fields of the wrong type in Slack's answer are not used. None of it
is a traceback in the log, and none of it costs an answer."""

from __future__ import annotations

import logging
import time

import pytest
from slack_double import app_mention, event_callback, slash_command

from bot.retry_policy import DEFAULT_RETRY_AFTER, MAX_RETRY_AFTER, retry_after_seconds
from bot.slack import messages

QUESTION = "How can trusts build trust at board level?"


def tracebacks(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("retry_after", ["Wed, 21 Oct 2015 07:28:00 GMT", "soon", "0.5", "-3"])
def test_a_rate_limit_with_a_retry_after_that_is_not_whole_seconds_is_waited_out(
        server, slack, double, caplog, retry_after):
    double.rate_limit("views.open", 1, retry_after)
    assert slack.command(slash_command("/lesson", "Boards", double.response_url())).status == 200
    double.wait_for("views.open")  # tried again: the form opens
    assert server.drain()
    assert not tracebacks(caplog)


def test_a_rate_limit_with_no_retry_after_is_retried_too(server, slack, double, caplog):
    double.rate_limit("views.open", 1, None)
    assert slack.command(slash_command("/lesson", "Boards", double.response_url())).status == 200
    double.wait_for("views.open")
    assert server.drain()
    assert not tracebacks(caplog)


def test_retry_after_is_read_as_seconds_or_a_date_within_bounds():
    assert retry_after_seconds("7") == 7
    assert retry_after_seconds("30") == 30
    assert retry_after_seconds("0.5") == 0.5
    assert retry_after_seconds("Sun, 29 Nov 2026 07:00:30 GMT", now=1795935600.0) == 30
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # already past
    assert retry_after_seconds("99999") == MAX_RETRY_AFTER
    for unreadable in (None, "", "soon", "nan", "1e999x"):
        assert retry_after_seconds(unreadable) == DEFAULT_RETRY_AFTER
    assert retry_after_seconds("-3") == 0


@pytest.mark.parametrize("body", [b"[1, 2]", b'"ok"', b"5"])
def test_an_answer_that_is_json_but_not_an_object_is_one_warning_line(server, slack, double, caplog, body):
    double.fault("views.publish", "body", status=200, body=body)
    event = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
             "event_ts": "1515449522.000016"}
    assert slack.event(event_callback(event)).status == 200
    deadline = time.monotonic() + 60
    while not double.calls_to("views.publish") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert double.calls_to("views.publish") and server.drain()
    assert not tracebacks(caplog)
    assert any("could not publish the Home tab (an answer that was not Slack's" in r.getMessage()
               for r in caplog.records)


@pytest.mark.parametrize("body", [b"[1]", b'"public"'])
def test_conversations_info_answering_a_list_or_text_still_lets_the_answer_out(server, slack, double, caplog, body):
    double.fault("conversations.info", "body", status=200, body=body)
    event = app_mention(QUESTION)
    assert slack.event(event).status == 200
    [posted] = double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"])
    assert messages.apology() not in posted["text"]  # the answer, not the apology for a failure
    assert server.drain()
    assert not tracebacks(caplog)
