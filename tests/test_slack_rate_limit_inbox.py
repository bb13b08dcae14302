"""A Slack 429 asking for a longer wait than a worker's call waits out (`RATE_LIMIT_MOST_WAIT`) is not
slept through inside the call, holding the worker: the reply's try fails at once and the Retry-After
goes to the inbox with it, so the retry waits at least that long, across a SIGKILL too, and the
answer is posted once. A short one is still waited out within the call. A form whose views.open is
refused so is an apology at once, not a worker held for the wait. Real `peerbot serve` processes,
the real inbox in SQLite, the Slack double over HTTP on 127.0.0.1."""

from __future__ import annotations

import time

from serve_process import stop
from slack_double import SlackDouble, SlackSender, app_mention, message_shortcut
from test_failing_calls_kill import APOLOGY, QUESTION, ended, env, killed, retrying, serve, slack_variables, wait_for

from bot.slack.config import RATE_LIMIT_MOST_WAIT

__all__ = ["env"]  # the fixture, shared


def test_a_long_retry_after_goes_to_the_inbox_and_the_answer_is_posted_once_after_a_sigkill(env):
    with SlackDouble() as double:
        double.rate_limit("chat.postMessage", times=1, retry_after=int(RATE_LIMIT_MOST_WAIT) + 10, channel="C0LIMIT01")
        first, url = serve(env, **slack_variables(double))
        mention = app_mention(QUESTION, channel="C0LIMIT01")
        sent = time.time()
        assert SlackSender(f"{url}/slack/events").event(mention).status == 200
        waiting = wait_for(env, "slack.message", retrying)  # before: slept in the call, then posted on its 2nd go
        assert retrying(waiting) and waiting[0]["not_before"] >= sent + RATE_LIMIT_MOST_WAIT + 10
        assert len(double.calls_to("chat.postMessage", channel="C0LIMIT01")) == 1  # the 429 only: not retried inside
        killed(first)
        second, _ = serve(env, **slack_variables(double))
        try:
            assert [r["status"] for r in wait_for(env, "slack.message", ended)] == ["answered"]
        finally:
            stop(second)
        calls = double.calls_to("chat.postMessage", channel="C0LIMIT01")
    posts = [c for c in calls if c.ok]
    assert [c.status for c in calls] == [429, 200] and len(posts) == 1
    assert posts[0]["thread_ts"] == mention["event"]["ts"] and APOLOGY not in posts[0]["text"]


def test_a_short_retry_after_is_still_waited_out_within_the_call(env):
    with SlackDouble() as double:
        double.rate_limit("chat.postMessage", times=1, retry_after=1, channel="C0LIMIT02")
        first, url = serve(env, **slack_variables(double))
        try:
            assert SlackSender(f"{url}/slack/events").event(app_mention(QUESTION, channel="C0LIMIT02")).status == 200
            done = wait_for(env, "slack.message", ended)
        finally:
            stop(first)
        calls = double.calls_to("chat.postMessage", channel="C0LIMIT02")
    assert [r["status"] for r in done] == ["answered"] and [c.status for c in calls] == [429, 200]


def test_a_form_whose_views_open_slack_holds_back_long_is_an_apology_at_once(env):
    with SlackDouble() as double:
        double.rate_limit("views.open", times=1, retry_after=int(RATE_LIMIT_MOST_WAIT) + 30)
        first, url = serve(env, **slack_variables(double))
        try:
            shortcut = message_shortcut("Pooling theatre lists worked.", double.response_url("form"),
                                        channel="C0LESSON1", callback_id="save_lesson")
            assert SlackSender(f"{url}/slack/events").interaction(shortcut).status == 200
            [said] = double.wait_for("chat.postEphemeral", timeout=90, channel="C0LESSON1")
        finally:
            _, err = stop(first)
        opened = double.calls_to("views.open")
    assert [c.status for c in opened] == [429]  # before: waited out and opened again, for a trigger long expired
    assert said["user"] == shortcut["user"]["id"] and APOLOGY in said.blocks_text and "Traceback" not in err
