"""Slack end to end over Socket Mode: the Web API double answers apps.connections.open with the
ws:// address of its own WebSocket server, which sends envelopes and records peerbot's acks."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from slack_double import (
    PeerbotServer,
    app_mention,
    direct_message,
    slash_command,
    socket_envelope,
)

KNOWN = "red lines open book finances trust at board level"


@pytest.fixture
def server(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double, socket_mode=True) as s:
        double.wait_for_socket()
        yield s


def test_an_events_api_envelope_is_acknowledged_and_the_mention_answered_in_its_thread(server, double):
    event = app_mention(KNOWN, channel="C0SOCKET1")
    envelope = socket_envelope("events_api", event)
    double.send_envelope(envelope)
    assert double.wait_for_ack(envelope["envelope_id"]) == {}
    post = double.wait_for("chat.postMessage")[0]
    assert post["channel"] == "C0SOCKET1" and post["thread_ts"] == event["event"]["ts"]
    assert "build and retain trust at board level" in post.blocks_text
    assert double.calls_to("apps.connections.open")[0].token == double.app_token


def test_a_slash_commands_envelope_is_acknowledged_and_answered_privately(server, double):
    envelope = socket_envelope("slash_commands", slash_command("/peer", KNOWN, double.response_url(), user="U0ASKER1"))
    double.send_envelope(envelope)
    assert double.wait_for_ack(envelope["envelope_id"]) == {}
    private = double.wait_for("chat.postEphemeral")[0]
    assert private["user"] == "U0ASKER1" and "build and retain trust at board level" in private.blocks_text


def test_a_slash_command_without_text_is_answered_in_the_ack(server, double):
    envelope = socket_envelope("slash_commands", slash_command("/peer", "", double.response_url()))
    double.send_envelope(envelope)
    ack = double.wait_for_ack(envelope["envelope_id"])
    assert ack["response_type"] == "ephemeral" and "/peer how did others build trust" in ack["text"]


def test_a_redelivered_envelope_is_answered_once(server, double):
    event = direct_message(KNOWN)
    first, again = socket_envelope("events_api", event), socket_envelope("events_api", event)
    again["retry_attempt"], again["retry_reason"] = 1, "timeout"
    double.send_envelope(first)
    double.wait_for_ack(first["envelope_id"])
    double.send_envelope(again)
    double.wait_for_ack(again["envelope_id"])
    double.wait_for("chat.postMessage")
    server.drain()
    assert len(double.calls_to("chat.postMessage")) == 1


def test_healthz_is_still_served_over_http_and_slack_events_is_not_mounted(server):
    with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:
        assert json.loads(response.read()) == {"status": "ok", "slack": "socket_mode"}
    request = urllib.request.Request(f"{server.url}/slack/events", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)
    assert error.value.code in (404, 405)
