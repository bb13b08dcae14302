"""What the second hostile sweep (benchmarks/hostile_sweep2.py) found, one test per class, each
against peerbot's real server on 127.0.0.1 (aiohttp + Bolt, real signing, the Slack double): a
request body that cannot be read as its headers say is a 4xx with no traceback in the log and the
server stays healthy; a Share button whose value is not peerbot's is a notice to the clicker."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import logging
import socket
import time
import urllib.request

import pytest
from slack_double import (
    SIGNING_SECRET,
    PeerbotServer,
    SlackSender,
    app_mention,
    block_actions,
    event_callback,
    slash_command,
)


def tracebacks(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def raw_request(server: PeerbotServer, headers: dict[str, str], body: bytes, *, half_close: bool = False) -> int:
    """POST /slack/events over a plain socket; the status answered (-1: closed with none)."""
    port = int(server.url.rstrip("/").rsplit(":", 1)[1])
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}\r\n".encode() + body)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        reply = s.recv(64)
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else -1


def signed(body: bytes, **extra: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "Content-Length": str(len(body)), "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": f"v0={digest}", **extra}


def healthy(server: PeerbotServer) -> bool:
    with urllib.request.urlopen(f"{server.url.rstrip('/')}/healthz", timeout=10) as r:
        return r.status == 200


EVENT = json.dumps(app_mention("trust at board level")).encode()


@pytest.mark.parametrize("name, headers, body, status", [
    ("gzip that is not gzip", signed(EVENT, **{"Content-Encoding": "gzip"}), EVENT, 400),
    ("a charset no codec knows", signed(EVENT, **{"Content-Type": "application/json; charset=klingon"}), EVENT, 415),
    ("a chunk size that is not a number", {k: v for k, v in signed(EVENT).items() if k != "Content-Length"}
     | {"Transfer-Encoding": "chunked"}, b"zz\r\nabc\r\n0\r\n\r\n", 400),
])
def test_a_body_that_cannot_be_read_as_its_headers_say_is_a_4xx(server, caplog, name, headers, body, status):
    caplog.set_level(logging.INFO)
    assert raw_request(server, headers, body) == status, name
    time.sleep(0.5)  # aiohttp reads what is left of the body after the answer
    assert not tracebacks(caplog) and healthy(server)


def test_a_body_declared_too_large_is_refused_at_once_without_waiting_for_it(server, caplog):
    headers = signed(EVENT) | {"Content-Length": str(100 << 20)}
    assert raw_request(server, headers, b"{") == 413  # the socket's 10 s timeout would raise first otherwise
    assert not tracebacks(caplog) and healthy(server)


@pytest.mark.parametrize("body, headers", [
    (EVENT, signed(EVENT) | {"Content-Length": str(len(EVENT) + 500)}),  # fewer bytes than declared
    (b"5\r\nabcde\r\n", {k: v for k, v in signed(EVENT).items() if k != "Content-Length"}
     | {"Transfer-Encoding": "chunked"}),  # a chunked body with no last chunk
])
def test_a_client_that_leaves_part_way_through_its_body_leaves_no_traceback(server, caplog, body, headers):
    caplog.set_level(logging.INFO)
    raw_request(server, headers, body, half_close=True)
    time.sleep(0.5)
    assert not tracebacks(caplog) and healthy(server)
    assert SlackSender(server.events_url).event(app_mention("trust at board level")).status == 200  # still answering


def test_a_real_gzip_body_is_read(server, double):
    """Slack does not compress, but a body that is what its Content-Encoding says is still read."""
    body = json.dumps(app_mention("trust at board level gzip")).encode()
    zipped = gzip.compress(body)
    stamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "Content-Length": str(len(zipped)), "Content-Encoding": "gzip",
               "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}
    assert raw_request(server, headers, zipped) == 200
    assert double.wait_for("chat.postMessage")


@pytest.mark.parametrize("value", ["abc", "", "-1", "9" * 40, '{"id": 1}'])
def test_a_share_click_whose_value_is_not_peerbots_is_a_notice_not_a_traceback(server, double, caplog, value):
    caplog.set_level(logging.INFO)
    click = block_actions("share_answer", value, double.response_url("share"), ephemeral=True)
    assert SlackSender(server.events_url).interaction(click).status == 200
    notices = double.wait_for("chat.postEphemeral")
    assert "can't share that answer" in notices[0].blocks_text
    assert not double.calls_to("chat.postMessage")  # nothing posted in the channel
    assert not tracebacks(caplog)


@pytest.mark.parametrize("fault", [dict(kind="http", status=500), dict(kind="invalid_json"), dict(kind="drop"),
                                   dict(error="internal_error")])
def test_slack_failing_to_open_the_lesson_form_is_an_apology_and_one_log_line(server, double, caplog, fault):
    """views.open failing (HTTP 500, a body that is not JSON, a dropped connection, Slack's error):
    the asker is told, and the log has one line saying why, not a traceback of Slack's client."""
    caplog.set_level(logging.INFO)
    if "error" in fault:
        double.fail("views.open", fault["error"], times=1)
    else:
        double.fault("views.open", **fault)
    command = slash_command("/lesson", "Boards", double.response_url("lesson"))
    assert SlackSender(server.events_url).command(command).status == 200
    apology = double.wait_for("chat.postEphemeral")
    assert "something went wrong" in apology[0].blocks_text
    assert not tracebacks(caplog)
    assert [r for r in caplog.records if "a call failed while handling a request" in r.getMessage()]


def test_slack_failing_to_publish_the_home_tab_is_one_log_line(server, double, caplog):
    caplog.set_level(logging.INFO)
    double.fault("views.publish", kind="http", status=500)
    event = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
             "event_ts": "1515449522.000016"}
    assert SlackSender(server.events_url).event(event_callback(event)).status == 200
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [r for r in caplog.records if "Home tab" in r.getMessage()]:
        time.sleep(0.1)
    assert [r.levelno for r in caplog.records if "Home tab" in r.getMessage()] == [logging.WARNING]
    assert not tracebacks(caplog)
