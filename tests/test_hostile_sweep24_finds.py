"""What the twenty-fourth hostile sweep (benchmarks/hostile_sweep24.py: answers of the right status and
the wrong shape) found, over HTTP with the Slack double and a real `peerbot serve`."""

from __future__ import annotations

import json

import pytest
from serve_process import start_serve, stop, wait_for_health
from slack_double import (
    API_APP_ID,
    BOT_USER_ID,
    SlackDouble,
    SlackSender,
    app_mention,
)
from slack_install import begin_install, get, mention_in


@pytest.mark.parametrize("expires_in", [10**30, 10**12, -5], ids=["10**30", "10**12", "negative"])
def test_an_install_whose_token_expiry_is_out_of_reach_is_kept_without_it_and_its_workspace_answered(oauth_env, expires_in):
    """Before: oauth.v2.access answering a rotating token whose `expires_in` put its expiry past the
    year 9999 (or the platform's clock) made storing the installation raise OverflowError or
    ValueError: HTTP 500 and a traceback for the installer, the install lost. A negative one made
    every request of that workspace try to refresh the token."""
    team, token = "T0EXPIRY1", "xoxb-expiry-workspace"
    answer = {"ok": True, "app_id": API_APP_ID, "authed_user": {"id": "U0INSTALLER"}, "scope": "chat:write",
              "token_type": "bot", "access_token": token, "bot_user_id": BOT_USER_ID,
              "team": {"id": team, "name": "Expiry"}, "enterprise": None, "is_enterprise_install": False,
              "refresh_token": "xoxe-1-expiry", "expires_in": expires_in}
    with SlackDouble() as slack_api:
        slack_api.installed[token] = team  # the Web API accepts the workspace's token
        slack_api.fault("oauth.v2.access", "body", times=1, status=200, body=json.dumps(answer).encode())
        process = start_serve(oauth_env, SLACK_API_URL=slack_api.api_url)
        port = int(oauth_env["PORT"])
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process)
            cookie, state = begin_install(port)
            assert get(port, f"/slack/oauth_redirect?code=c0de&state={state}", cookie)[0] == 200
            event = mention_in(team, "committee in common")
            assert SlackSender(f"http://127.0.0.1:{port}/slack/events").event(event).status == 200
            [post] = slack_api.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)
            assert post.token == token
        finally:
            _, err = stop(process)
    assert "Traceback" not in err and process.returncode == 0, err[-2000:]
    assert len(slack_api.calls_to("oauth.v2.access")) == 1  # never asked to refresh the token


DIGITS = "7" * 5000  # past Python's 4,300-digit limit for reading an integer


def test_an_install_whose_answer_holds_a_number_too_long_to_read_is_refused_in_one_line(oauth_env):
    """Before: Python's JSON reader raises a plain ValueError (not a JSONDecodeError) for an integer of
    over 4,300 digits, which the SDK let out: the redirect was an HTTP 500 with a traceback."""
    with SlackDouble() as slack_api:
        body = b'{"ok": true, "app_id": "A1", "access_token": "xoxb-x", "expires_in": ' + DIGITS.encode() + b"}"
        slack_api.fault("oauth.v2.access", "body", times=1, status=200, body=body)
        process = start_serve(oauth_env, SLACK_API_URL=slack_api.api_url)
        port = int(oauth_env["PORT"])
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process)
            cookie, state = begin_install(port)
            status, _, _ = get(port, f"/slack/oauth_redirect?code=c0de&state={state}", cookie)
        finally:
            _, err = stop(process)
    assert 400 <= status < 500
    assert "Traceback" not in err and "an install failed" in err, err[-2000:]


def test_an_answer_whose_channel_lookup_holds_a_number_too_long_to_read_is_answered(server, double, caplog):
    """conversations.info (is the channel public?) answering with a 5,000-digit number: treated as a
    failed lookup (private), the question answered once, no traceback."""
    import logging

    caplog.set_level(logging.INFO)
    double.fault("conversations.info", "body", times=None, status=200,
                 body=b'{"ok": true, "channel": {"id": "C0DIGITS1", "created": ' + DIGITS.encode() + b"}}")
    event = app_mention("How do I build and retain trust at board level?", channel="C0DIGITS1")
    assert SlackSender(server.events_url).event(event).status == 200
    double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)
    assert server.drain()
    assert len([c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok]) == 1
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
