"""What the seventh hostile sweep, at run time (benchmarks/hostile_sweep7_runtime.py), found, each
over HTTP on 127.0.0.1 against a real `peerbot serve` and the local Slack double.

- auth.test failing as `serve` starts in a way that passes (HTTP 503, a reset, a page that is not
  Slack's, ok:false ratelimited or fatal_error) stopped `serve` with one line; it is now tried
  again with backoff and `serve` starts. A token Slack rejects still stops it with one line. The
  same for Socket Mode's apps.connections.open (a 503 was "SLACK_APP_TOKEN was rejected by Slack ()").
- With a limit of 256 open files, 400 idle connections (headers never finished, or a body
  declared and never sent) held every descriptor: a mention was refused for as long as they
  stayed. Idle connections are now closed, the longest idle first when too many are open, and a
  body that does not arrive within 10 s is a 408.
- A response_url answering 4xx/5xx raised DeliveryFailed outside the inbox: removing the private
  copy of a shared answer failing was a traceback and an apology after the share went through.
- invalid_blocks or msg_too_long on an answer gave it up at once (an apology in its place); it is
  now posted again as plain text.
- `digest --post` with chat.postMessage answering a body labelled JSON that is not: "unexpected
  UnreadableAnswer, see the log" and a logged traceback.
"""

from __future__ import annotations

import logging
import os
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import KNOWLEDGE
from serve_process import ROOT, start_serve, wait_for_health
from serve_process import stop as stop_process
from slack_double import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    free_port,
    slash_command,
)


def _env(root, double: SlackDouble, port: int) -> dict:
    return {"PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(root / "knowledge"),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(port), "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url, "SLACK_APP_TOKEN": "",
            "TEAMS_ALLOW_ANONYMOUS": ""}


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    root = tmp_path_factory.mktemp("runtime")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    return root


PASSING = {  # how to fail, and how many tries fail
    "HTTP 503, a reset, then a page that is not Slack's": (lambda d: (
        d.fault("auth.test", "http", status=503), d.fault("auth.test", "drop"),
        d.fault("auth.test", "body", status=200, body=b"<html>", content_type="text/html")), 3),
    "ok:false ratelimited, then fatal_error": (lambda d: (
        d.fail("auth.test", "ratelimited", times=1), d.fail("auth.test", "fatal_error", times=1)), 2),
}


@pytest.mark.parametrize("arrange, failing", PASSING.values(), ids=PASSING.keys())
def test_auth_test_failing_in_a_way_that_passes_is_tried_again_and_serve_starts(knowledge, tmp_path, arrange, failing):
    with SlackDouble() as double:
        arrange(double)
        port = free_port()
        env = _env(knowledge, double, port) | {"PEERBOT_DATA_DIR": str(tmp_path / "data")}
        process = start_serve(env)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
        reader.start()
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process, timeout=150)
            body = app_mention("How did the trusts set up a committee in common?")
            assert SlackSender(f"http://127.0.0.1:{port}/slack/events").event(body).status == 200
            [answer] = double.wait_for("chat.postMessage", thread_ts=body["event"]["ts"], timeout=60)
            assert answer.ok
        finally:
            process.send_signal(15)
            process.wait(60)
            reader.join(10)
    said = "".join(lines)
    assert "Traceback" not in said, said
    assert said.count("auth.test failed as serve starts") == failing, said


def test_socket_mode_s_app_token_check_failing_in_a_way_that_passes_is_tried_again(knowledge, tmp_path):
    """Before: apps.connections.open answering 503 once stopped `serve` with "SLACK_APP_TOKEN was
    rejected by Slack ()"."""
    from slack_double import APP_TOKEN

    with SlackDouble() as double:
        double.fault("apps.connections.open", "http", status=503)
        port = free_port()
        env = _env(knowledge, double, port) | {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "SLACK_APP_TOKEN": APP_TOKEN}
        process = start_serve(env)
        try:
            health = wait_for_health(f"http://127.0.0.1:{port}", process, timeout=150)
            double.wait_for_socket(timeout=60)
        finally:
            out, err = stop_process(process)
    assert health["slack"] == "socket_mode"
    assert "Traceback" not in err
    assert err.count("apps.connections.open failed as serve starts (HTTP 503)") == 1, err


def test_a_revoked_token_still_stops_serve_in_one_line(knowledge, tmp_path):
    with SlackDouble() as double:
        double.fail("auth.test", "token_revoked")
        env = _env(knowledge, double, free_port()) | {"PEERBOT_DATA_DIR": str(tmp_path / "data")}
        process = start_serve(env)
        out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err.strip().splitlines() == ["peerbot: error: SLACK_BOT_TOKEN was rejected by Slack (token_revoked)"]
    assert len(double.calls_to("auth.test")) == 1


def test_serve_stopped_while_auth_test_is_failing_stops_without_a_traceback(knowledge, tmp_path):
    with SlackDouble() as double:
        double.fault("auth.test", "http", status=503, times=None)
        env = _env(knowledge, double, free_port()) | {"PEERBOT_DATA_DIR": str(tmp_path / "data")}
        process = start_serve(env)
        while len(double.calls_to("auth.test")) < 2 and process.poll() is None:  # trying again
            threading.Event().wait(0.1)
        out, err = stop_process(process)
    assert "Traceback" not in out + err, err
    assert process.returncode in (0, 130), err


# -- a low file-descriptor limit and idle connections ---------------------------------------------------

def _limited_serve(env: dict, files: int) -> subprocess.Popen:
    """`peerbot serve` allowed `files` open descriptors (a host's `ulimit -n`)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=limit)


def _held(port: int, count: int, opening: bytes) -> list[socket.socket]:
    held = []
    for _ in range(count):
        try:
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
            connection.sendall(opening)
            held.append(connection)
        except OSError:
            break
    return held


def _until_acknowledged(url: str, body: dict, tries: int = 90) -> bool:
    """Send a mention, again each second while it is refused or unanswered (as Slack sends it again)."""
    for attempt in range(tries):
        try:
            if SlackSender(url).event(body, retry_num=attempt or None).status == 200:
                return True
        except OSError:
            pass
        threading.Event().wait(1)
    return False


@pytest.mark.parametrize("opening", [
    b"POST /slack/events HTTP/1.1\r\nHost: peerbot\r\n",  # headers never finished
    b"POST /slack/events HTTP/1.1\r\nHost: peerbot\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{",
], ids=["headers-unfinished", "body-never-sent"])
def test_400_idle_connections_held_open_on_a_limit_of_256_files_do_not_stop_a_mention_being_answered(
        knowledge, tmp_path, opening):
    """Before: with the idle clients still connected, the server accepted nothing more (every
    descriptor taken), so Slack's mention was refused for as long as they stayed."""
    with SlackDouble() as double:
        port = free_port()
        env = _env(knowledge, double, port) | {"PEERBOT_DATA_DIR": str(tmp_path / "data")}
        process = _limited_serve(env, 256)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
        reader.start()
        held: list[socket.socket] = []
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process, timeout=150)
            held = _held(port, 400, opening)
            assert len(held) >= 300
            body = app_mention("How did the trusts set up a committee in common?")
            assert _until_acknowledged(f"http://127.0.0.1:{port}/slack/events", body), "never acknowledged"
            double.wait_for("chat.postMessage", thread_ts=body["event"]["ts"], timeout=60)
        finally:
            for connection in held:
                connection.close()
            process.send_signal(15)
            process.wait(60)
            reader.join(10)
        assert len([c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok]) == 1
    said = "".join(lines)
    assert "Traceback" not in said, said


# -- response_url failing; Slack refusing a reply's form ------------------------------------------------

KNOWN = "How do I build and retain trust at board level?"


def _tracebacks(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def _lines(caplog, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if text in r.getMessage()]


def test_bolt_s_own_auth_test_failing_on_its_first_request_is_one_line_and_the_event_sent_again_is_answered(
        server, double, caplog):
    """Bolt checks its token with auth.test on the first request it handles. Before: that call
    failing (a reset here; in the idle-connections test above, no descriptor free for it, by chance of
    timing) was 'Failed to handle a request' with a traceback."""
    caplog.set_level(logging.INFO)
    double.fault("auth.test", "drop")
    slack = SlackSender(server.events_url)
    event = app_mention(KNOWN)
    assert slack.event(event).status == 500  # not acknowledged: Slack sends it again
    assert _lines(caplog, "Slack: a request could not be handled, a call to Slack failed (ServerDisconnectedError")
    assert slack.event(event, retry_num=1).status == 200
    double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)
    assert server.drain()
    assert not _tracebacks(caplog)


@pytest.mark.parametrize("fault", [dict(kind="http", status=500), dict(kind="http", status=404), dict(kind="drop")],
                         ids=["500", "404", "reset"])
def test_removing_the_private_copy_of_a_shared_answer_failing_is_one_line_not_an_apology(server, double, caplog, fault):
    """Before: response_url answering 4xx/5xx raised DeliveryFailed inside the Share click: a
    traceback and an apology after the answer had been shared (a reset: the apology only)."""
    caplog.set_level(logging.INFO)
    slack = SlackSender(server.events_url)
    response_url = double.response_url("peer")
    assert slack.command(slash_command("/peer", KNOWN, response_url, channel="C2147483705")).status == 200
    share = next(e for b in double.wait_for("chat.postEphemeral")[0].blocks if b["type"] == "actions"
                 for e in b["elements"] if e["action_id"] == "share_answer")
    double.fault("response_url", **fault)
    click = block_actions("share_answer", share["value"], response_url, channel="C2147483705", ephemeral=True)
    assert slack.interaction(click).status == 200
    assert double.wait_for("chat.postMessage")[0]["channel"] == "C2147483705"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _lines(caplog, "could not remove its private copy"):
        time.sleep(0.05)
    assert _lines(caplog, "could not remove its private copy")
    assert server.drain()
    assert len(double.calls_to("chat.postEphemeral")) == 1  # the answer; no apology
    assert not _tracebacks(caplog)


def test_a_peer_answer_whose_response_url_fails_once_is_shown_once_when_tried_again(settings, shared_answerer, caplog):
    """The /peer answer where chat.postEphemeral cannot post goes through response_url; a 503 there
    is tried again and the answer shown once (a 404: given up in one line)."""
    from slack_double import PeerbotServer

    from bot.service import RetryPolicy

    caplog.set_level(logging.INFO)
    policy = RetryPolicy(delays=(0.05, 0.1), attempt_seconds=30, lease_seconds=5, poll_seconds=0.05)
    with SlackDouble() as double, PeerbotServer(settings, shared_answerer.corpus, double, policy=policy) as server:
        double.fail("chat.postEphemeral", "channel_not_found", channel="C0PRIVATE1")
        double.fault("response_url", "http", status=503)
        slack = SlackSender(server.events_url)
        assert slack.command(slash_command("/peer", KNOWN, double.response_url("a"), channel="C0PRIVATE1")).status == 200
        [shown] = double.wait_for("response_url", timeout=60)
        double.fault("response_url", "http", status=404, times=None)
        assert slack.command(slash_command("/peer", KNOWN, double.response_url("b"), channel="C0PRIVATE1")).status == 200
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _lines(caplog, "gave up posting the apology"):
            time.sleep(0.05)
        assert server.drain()
    assert "trust at board level" in shown.blocks_text
    assert len([c for c in double.calls_to("response_url") if c.ok]) == 1
    assert _lines(caplog, "gave up posting the answer to slack.peer") and _lines(caplog, "response_url answered HTTP 404")
    assert not _tracebacks(caplog)


@pytest.mark.parametrize("code", ["invalid_blocks", "msg_too_long"])
def test_an_answer_slack_refuses_for_its_form_is_posted_once_as_plain_text(server, double, caplog, code):
    """Before: invalid_blocks or msg_too_long was given up at once, the answer lost and an apology
    posted in its place; a /peer answer too, whose plain text still says what was asked."""
    caplog.set_level(logging.INFO)
    double.fail("chat.postMessage", code, times=1)
    double.fail("chat.postEphemeral", code, times=1)
    body = app_mention(KNOWN)
    slack = SlackSender(server.events_url)
    assert slack.event(body).status == 200
    assert slack.command(slash_command("/peer", "trust at board level zq7", double.response_url())).status == 200
    [answer] = double.wait_for("chat.postMessage", thread_ts=body["event"]["ts"])
    [private] = double.wait_for("chat.postEphemeral")
    assert server.drain()
    assert len(private.blocks) == 1 and "You asked:* trust at board level zq7" in private.blocks_text
    assert len(answer.blocks) == 1 and "trust at board level" in answer.blocks_text
    assert answer.blocks[0]["block_id"].startswith("peerbot-")  # still marked, so a retry finds it
    assert len([c for c in double.calls_to("chat.postMessage") if c.ok]) == 1
    assert len(_lines(caplog, f"a reply was refused ({code}); posting it as plain text")) == 2
    assert not _tracebacks(caplog)


@pytest.mark.parametrize("body", [b'{"ok": true, "ts": "17', b"<html>"], ids=["cut-short", "html"])
def test_digest_post_answered_unreadably_is_one_line_per_channel(settings, corpus, capsys, monkeypatch, body):
    """Before: chat.postMessage answering a body labelled JSON that is not was "unexpected
    UnreadableAnswer, see the log" and an error logged with its traceback (not one of the failures
    the digest's Slack destination expected); now Slack's answer in one line. A 200 that cannot be
    read may have been carried out, so the channel is left for the operator to check (s28-ops)."""
    from bot.cli import main

    with SlackDouble() as double:
        double.fault("chat.postMessage", "body", status=200, body=body, times=1)
        for name, value in {"PEERBOT_DATA_DIR": str(settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
                            "PEERBOT_MODEL": "hashing", "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": double.api_url,
                            "DIGEST_CHANNELS": "C0DIGEST1,C0DIGEST2"}.items():
            monkeypatch.setenv(name, value)
        status = main(["digest", "--post"])
        out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert status == 1 and "HTTP 200 with a body that is not JSON" in out + err, out + err
    assert "peerbot: error: slack:C0DIGEST1: sent, but its answer was lost or unreadable (" in err
    assert [c["channel"] for c in double.calls_to("chat.postMessage") if c.ok] == ["C0DIGEST2"]
