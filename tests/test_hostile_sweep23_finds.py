"""What the twenty-third hostile sweep (benchmarks/hostile_sweep23.py: the calls peerbot makes out,
failing) found, over HTTP with the Slack double."""

from __future__ import annotations

import logging

import pytest
from slack_double import SlackSender, app_mention

KNOWN = "How do I build and retain trust at board level?"


@pytest.mark.parametrize("body", [b'{"ok": "false", "error": "internal_error"}', b'{"ok": "true"}', b'{"ok": 1}',
                                  b'{"ok": null}'], ids=["text-false", "text-true", "number", "null"])
def test_an_answer_whose_ok_is_not_true_or_false_is_a_failed_post_tried_again(server, double, caplog, body):
    """Before: Slack's client took any truthy `ok` for success, so a post answered `{"ok": "false"}`
    (not carried out) counted as posted and the answer was lost, with no line in the log."""
    caplog.set_level(logging.INFO)
    double.fault("chat.postMessage", "body", times=1, status=200, body=body)
    event = app_mention(KNOWN)
    assert SlackSender(server.events_url).event(event).status == 200
    double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=30)  # a carried-out post
    assert server.drain()
    posts = double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"])
    assert [c.ok for c in posts] == [False, True]  # the first not carried out; the second is the answer
    assert "trust" in posts[1].blocks_text
    assert any("could not post the answer" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
