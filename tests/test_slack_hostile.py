"""No input crashes the Slack path: wrong JSON shapes for every field peerbot or Bolt reads get a
400, bad bytes are answered sanely, and nothing from an unauthenticated request reaches the log
as a traceback. Signed requests to the real server (aiohttp + Bolt) on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.parse
import urllib.request

import pytest
from conftest import KNOWLEDGE
from slack_double import (
    SIGNING_SECRET,
    PeerbotServer,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    direct_message,
    event_callback,
    message_shortcut,
    slash_command,
    socket_envelope,
)

KNOWN = "red lines open book finances trust at board level"


@pytest.fixture(scope="module")
def stack(shared_answerer, tmp_path_factory):
    """One server for the module's many requests (each test's traffic has its own ids)."""
    from bot.settings import Settings

    root = tmp_path_factory.mktemp("hostile")
    settings = Settings(data_dir=root / "data", knowledge_dir=KNOWLEDGE, model="hashing")
    with SlackDouble() as double, PeerbotServer(settings, shared_answerer.corpus, double) as server:
        yield server, double


@pytest.fixture
def slack(stack):
    return SlackSender(stack[0].events_url)


@pytest.fixture
def quiet_log(caplog, stack):
    """Every log record of the test; none may carry a traceback."""
    with caplog.at_level(logging.DEBUG):
        yield caplog
        stack[0].drain()
    assert [r.getMessage() for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()] == []


def mention(**event) -> dict:
    body = app_mention("hello")
    body["event"].update(event)
    return body


def with_top(**fields) -> dict:
    return {**app_mention("hello"), **fields}


WRONG_EVENTS = [
    [1, 2], "a string", None, 5, True, [],
    {**event_callback({}), "event": []}, {**event_callback({}), "event": "app_mention"}, {**event_callback({}), "event": 7},
    {"type": "event_callback"},
    mention(text=5), mention(text=["hi"]), mention(text={"a": 1}), mention(user={"id": "U1"}), mention(user=5),
    mention(channel=5), mention(channel=["C1"]), mention(ts=1515449522.1), mention(thread_ts=[]), mention(type=["app_mention"]),
    mention(subtype=5), mention(bot_id=[]), mention(channel_type={}), mention(message="edited"), mention(blocks="x"),
    with_top(authorizations="x"), with_top(authorizations=[1]), with_top(authorizations=[{"team_id": 5}]),
    with_top(team_id=[]), with_top(event_id=5), with_top(type=5), with_top(api_app_id={}),
    with_top(is_ext_shared_channel="yes"), with_top(team=5), with_top(user=5), with_top(channel=5),
    with_top(event_time="now"), with_top(enterprise=[1]), with_top(response_urls="x"),
    {"type": "url_verification", "challenge": ["x"]},
    {**direct_message("hi"), "event": {**direct_message("hi")["event"], "text": []}},
    mention(channel="C" * 1000), mention(user="U" * 1000), mention(ts="1" * 1000), mention(thread_ts="1." * 500),
    with_top(team_id="T" * 1000), with_top(event_id="E" * 1000),
]


@pytest.mark.parametrize("body", WRONG_EVENTS, ids=range(len(WRONG_EVENTS)))
def test_a_signed_json_body_of_the_wrong_shape_gets_400(slack, quiet_log, body):
    response = slack.post(json.dumps(body), "application/json")
    assert response.status == 400 and "malformed request body" in response.body


def actions(**fields) -> dict:
    body = block_actions("feedback_helpful", "q1", "https://example.invalid/r")
    body.update(fields)
    return body


def shortcut(**fields) -> dict:
    body = message_shortcut("hello", "https://example.invalid/r")
    body.update(fields)
    return body


WRONG_INTERACTIONS = [
    "[1]", "null", "5", '"text"', "{not json", "[" * 100_000,
    json.dumps(actions(actions="x")), json.dumps(actions(actions=["x"])), json.dumps(actions(actions=[{"action_id": 5}])),
    json.dumps(actions(actions=[{"action_id": "feedback_helpful", "value": []}])),
    json.dumps(actions(container=[])), json.dumps(actions(container={"channel_id": 5})),
    json.dumps(actions(container={"is_ephemeral": "yes"})), json.dumps(actions(message=[])),
    json.dumps(actions(message={"blocks": "x"})), json.dumps(actions(response_url=5)), json.dumps(actions(channel=5)),
    json.dumps(actions(user={"id": 5})), json.dumps(actions(type=[])),
    json.dumps(actions(actions=None)), json.dumps(actions(actions=[])), json.dumps(actions(actions=[{}])),
    json.dumps(actions(actions=[{"value": "q1"}])), json.dumps(actions(actions=[{"action_id": ""}])),
    json.dumps(shortcut(message="x")), json.dumps(shortcut(message={"text": 5})), json.dumps(shortcut(channel=[])),
    json.dumps(shortcut(callback_id=5)), json.dumps(shortcut(trigger_id=None)), json.dumps(shortcut(message_ts=5)),
]


@pytest.mark.parametrize("payload", WRONG_INTERACTIONS, ids=range(len(WRONG_INTERACTIONS)))
def test_a_signed_interaction_of_the_wrong_shape_gets_400(slack, quiet_log, payload):
    response = slack.post(urllib.parse.urlencode({"payload": payload}), "application/x-www-form-urlencoded")
    assert response.status == 400


def test_a_command_without_a_trigger_id_gets_400(slack, quiet_log, stack):
    form = slash_command("/peer", KNOWN, stack[1].response_url())
    del form["trigger_id"]
    assert slack.command(form).status == 400


@pytest.mark.parametrize("body, content_type", [
    (b"\xff\xfe{}", "application/json"), (b'{"type": "event_callback"', "application/json"),
    (b"token=x&text=\xff", "application/x-www-form-urlencoded"), (b"hello", "text/plain"), (b"", "application/json"),
])
def test_a_signed_body_that_is_not_slack_json_gets_400(stack, quiet_log, body, content_type):
    timestamp = str(int(time.time()))
    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}
    request = urllib.request.Request(stack[0].events_url, data=body, headers=headers, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400


UNSIGNED = [
    {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"},
    {"X-Slack-Request-Timestamp": "abc"},
    {"X-Slack-Request-Timestamp": "1e3", "X-Slack-Signature": "v0=00"},
    {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""},
    {"X-Slack-Request-Timestamp": "-5", "X-Slack-Signature": "v0=00"},
    {"X-Slack-Request-Timestamp": "99999999999999999999999999", "X-Slack-Signature": "v0=00"},
    {"X-Slack-Request-Timestamp": "١٢٣٤٥", "X-Slack-Signature": "v0=00"},
    {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v0=ééé"},
    {},
]


@pytest.mark.parametrize("path, headers", [
    ("/slack/events?" + "x" * 10_000, {}), ("/slack/oauth_redirect?code=" + "c" * 10_000, {}),
    ("/slack/events", {"X-Slack-Signature": "v0=" + "a" * 10_000}), ("/healthz", {"X-Long": "b" * 10_000}),
])
def test_a_request_over_the_http_limits_gets_400_and_one_log_line(stack, quiet_log, path, headers):
    """aiohttp refuses a URL or header over 8 KB itself; its traceback would fill the log."""
    request = urllib.request.Request(stack[0].url + path, data=b"{}", headers=headers, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
    lines = [r.getMessage() for r in quiet_log.records if r.name == "aiohttp.server"]
    assert lines and all(line.startswith("refused a malformed HTTP request (") for line in lines)
    assert not any("c" * 100 in line for line in lines)  # the request's contents (an OAuth code) stay out


@pytest.mark.parametrize("headers", UNSIGNED, ids=range(len(UNSIGNED)))
@pytest.mark.parametrize("body", [b"[1, 2]", b'{"type": "event_callback", "event": []}', b"\xff\xfe"])
def test_an_unsigned_request_gets_401_and_no_traceback(stack, quiet_log, headers, body):
    encoded = {k: v.encode("utf-8").decode("latin-1") for k, v in headers.items()}  # as raw bytes on the wire
    request = urllib.request.Request(stack[0].events_url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **encoded})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401


@pytest.mark.parametrize("text", ["trust \ud800 at board level", "trust \udcff\x00 board", "\ud83d", "\x00\x00"])
def test_a_mention_with_lone_surrogates_or_nuls_is_answered(stack, slack, quiet_log, text):
    server, double = stack
    body = app_mention(text, channel="C0BADBYTE")
    assert slack.event(body).status == 200
    [post] = [c for c in double.wait_for("chat.postMessage", channel="C0BADBYTE", thread_ts=body["event"]["ts"])]
    assert post.ok


@pytest.mark.parametrize("word", ["x", "a.", "1/", "Mr "])
def test_a_mention_of_one_enormous_word_is_acknowledged_and_answered(stack, slack, quiet_log, word):
    """Redaction (before the inbox stores the text, so before the acknowledgement) stays linear on
    a long run of one character: a 40,000-character message (Slack's most) is acknowledged at once."""
    server, double = stack
    body = app_mention(word * (40_000 // len(word)), channel="C0BIGWORD")
    assert slack.event(body).status == 200
    [post] = double.wait_for("chat.postMessage", channel="C0BIGWORD", thread_ts=body["event"]["ts"])
    assert post.ok


def test_a_command_with_invalid_utf8_is_answered_with_the_bad_bytes_replaced(stack, slack, quiet_log):
    server, double = stack
    form = slash_command("/peer", "placeholder", double.response_url(), user="U0BADBYTE")
    body = urllib.parse.urlencode(form).replace("placeholder", "trust%FF%FEat+board+level%ED%A0%80")
    assert slack.post(body, "application/x-www-form-urlencoded").status == 200
    private = double.wait_for("chat.postEphemeral", user="U0BADBYTE")[0]
    assert "trust\ufffd" in private.blocks_text


def test_a_question_with_the_word_payload_in_it_is_answered(stack, slack, quiet_log):
    server, double = stack
    slack.command(slash_command("/peer", f"payload {KNOWN}", double.response_url(), user="U0PAYLOAD"))
    assert "build and retain trust" in double.wait_for("chat.postEphemeral", user="U0PAYLOAD")[0].blocks_text


def test_a_malformed_socket_mode_envelope_is_acknowledged_logged_in_one_line_and_ignored(
        settings, shared_answerer, caplog):
    with caplog.at_level(logging.WARNING), SlackDouble() as double, \
            PeerbotServer(settings, shared_answerer.corpus, double, socket_mode=True) as server:
        double.wait_for_socket()
        bad = socket_envelope("events_api", {**event_callback({}), "event": ["app_mention"]})
        double.send_envelope(bad)
        assert double.wait_for_ack(bad["envelope_id"]) == {}
        good = socket_envelope("events_api", app_mention(KNOWN, channel="C0SOCKOK"))
        double.send_envelope(good)
        double.wait_for("chat.postMessage", channel="C0SOCKOK")
        server.drain()
    assert [r.getMessage() for r in caplog.records if "malformed Socket Mode" in r.getMessage()]
    assert not [r for r in caplog.records if r.exc_info]
