"""What the seventh hostile sweep (benchmarks/hostile_sweep7_shapes.py, wrong shapes by mutation)
found, each over 127.0.0.1 against peerbot's real Slack app and the Slack double.

- Socket Mode: a message whose envelope is of the wrong shape (a payload that is null, a list or a
  number; an id, type or retry reason that is not text; JSON cut short) reached the SDK or Bolt,
  which logged a traceback for each (`ValueError: Unsupported payload data type`, `Unsupported type
  ... of element in headers`, `JSONDecodeError`) and, for an id that was not text, sent it back in
  an ack. Now one warning line, acknowledged when it has an id, and the
  connection goes on answering.
- A view submission whose `response_urls` is null: Bolt reads the key when it is there
  (`len(None)`), HTTP 500 and a traceback; now 400.
- `peerbot enabler NAME` (and `/enabler NAME`) when enablers.yaml lists none: an IndexError
  traceback; now the one line the listing gives (through the real command line)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment
from slack_double import PeerbotServer, app_mention, socket_envelope, view_submission

from bot import messages
from bot.slack import shapes

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "red lines open book finances trust at board level"


@pytest.fixture
def socket_server(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double, socket_mode=True) as s:
        double.wait_for_socket()
        yield s


def envelope_with(**change) -> dict:
    envelope = socket_envelope("events_api", app_mention(QUESTION))
    for key, value in change.items():
        if value is ...:
            del envelope[key]
        else:
            envelope[key] = value
    return envelope


MALFORMED = {
    "payload-null": envelope_with(payload=None),
    "payload-list": envelope_with(payload=[1, "a"]),
    "payload-number": envelope_with(payload=1e308),
    "payload-text": envelope_with(payload="trust"),
    "type-null": envelope_with(type=None),
    "type-list": envelope_with(type=[1]),
    "envelope-id-list": envelope_with(envelope_id=[1]),
    "envelope-id-object": envelope_with(envelope_id={"a": 1}),
    "envelope-id-missing": envelope_with(envelope_id=...),
    "retry-attempt-text": envelope_with(retry_attempt="NaN"),
    "retry-reason-number": envelope_with(retry_reason=-1),  # Bolt made it a header: ValueError
    "accepts-response-payload-text": envelope_with(accepts_response_payload="yes"),
}


@pytest.mark.parametrize("name", [*MALFORMED, "not-json", "deep-in-payload"])
def test_a_malformed_socket_mode_envelope_is_one_line_acknowledged_and_the_connection_answers_on(
        socket_server, double, caplog, name):
    if name == "not-json":
        sent, envelope_id = '{"envelope_id": "e-cut", "type": "events_api", "payload": {"ev', None
    elif name == "deep-in-payload":
        envelope = envelope_with()
        envelope["payload"]["event"] = "[" * 100 + "]" * 100
        sent, envelope_id = json.dumps(envelope), envelope["envelope_id"]
    else:
        envelope = MALFORMED[name]
        found = envelope.get("envelope_id")
        sent, envelope_id = json.dumps(envelope), found if isinstance(found, str) else None
    with caplog.at_level(logging.WARNING):
        double.send_envelope(sent)
        if envelope_id:  # acknowledged, so that Slack does not send it again
            assert double.wait_for_ack(envelope_id) == {}
        good = socket_envelope("events_api", app_mention(QUESTION, channel="C0AFTER01"))
        double.send_envelope(good)
        assert double.wait_for_ack(good["envelope_id"]) == {}
        assert double.wait_for("chat.postMessage")[0]["channel"] == "C0AFTER01"
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert [r for r in caplog.records if "malformed Socket Mode" in r.getMessage()]
    assert all(isinstance(key, str) and not key.startswith(("[", "{")) for key in double.acks)


def test_a_socket_mode_hello_and_disconnect_are_not_taken_for_malformed_envelopes():
    assert shapes.envelope_problem('{"type": "hello", "num_connections": 1}') is None
    assert shapes.envelope_problem('{"type": "disconnect", "reason": "warning"}') is None
    assert shapes.envelope_problem("not an object") is None  # the SDK passes it by
    assert shapes.envelope_problem(json.dumps(envelope_with())) is None
    assert shapes.envelope_problem(json.dumps(envelope_with(payload=None))) == "`payload` is missing"


def test_a_view_submission_whose_response_urls_is_null_is_a_400(server, slack, caplog):
    body = view_submission({"callback_id": "lesson_submit", "private_metadata": "{}"}, {"title": "Boards"})
    body["response_urls"] = None
    assert shapes.problem(body) == "`response_urls` must be a list"
    assert slack.interaction(body).status == 400
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_an_enabler_asked_for_by_name_when_enablers_yaml_lists_none_is_one_line(tmp_path):
    """The real command line: with `enablers: []` a name was looked up among no enablers, an
    IndexError traceback; now one line (the listing already said none are defined)."""
    env = indexed_environment(tmp_path)
    (tmp_path / "knowledge" / "enablers.yaml").write_text("enablers: []\n")
    result = subprocess.run([sys.executable, "-m", "bot.cli", "enabler", "trust"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"peerbot: error: No enabler called “trust”. {messages.NO_ENABLERS}"]
