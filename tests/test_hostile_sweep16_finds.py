"""What the sixteenth hostile sweep (benchmarks/hostile_sweep16.py) found in `peerbot serve`, through
the real process on 127.0.0.1 against the Slack double.

- SIGTERM under a burst: a mention whose request was being recorded as the server began to stop was
  acknowledged and begun after the inbox worker had stopped: the exit closed the Slack session under
  its post, which had gone through, and the next start posted the answer again; or it closed the
  records database under the answer, a traceback ("Task exception was never retrieved").
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from serve_process import start_serve, wait_for_health
from slack_double import (
    BOT_TOKEN,
    SIGNING_SECRET,
    PeerbotServer,
    SlackDouble,
    SlackSender,
    app_mention,
    free_port,
    socket_envelope,
)


@pytest.fixture
def env(tmp_path, corpus_dir):
    return {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()),
            "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_APP_TOKEN": ""}


def serve(env: dict, double: SlackDouble) -> tuple[subprocess.Popen, str]:
    url = f"http://127.0.0.1:{env['PORT']}"
    process = start_serve(env, SLACK_API_URL=double.api_url)
    wait_for_health(url, process)
    return process, url


def answers(double: SlackDouble, event: dict) -> int:
    return len([c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok])


def test_a_mention_accepted_while_the_server_stops_is_answered_once_after_the_restart(env):
    with SlackDouble() as double:
        first, url = serve(env, double)
        double.fault("chat.postMessage", "slow", seconds=4, took_effect=True, times=2)  # each post held 4 s, carried out
        held = app_mention("how did boards build trust?", channel="C0STOP0001")
        assert SlackSender(f"{url}/slack/events").event(held).status == 200
        double.wait_for("chat.postMessage", channel="C0STOP0001")  # the stop waits for this post
        late = app_mention("what helped with theatre lists?", channel="C0STOP0002")
        records = sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db", isolation_level=None)
        records.execute("BEGIN IMMEDIATE")  # the inbox cannot record the late mention until this ends
        with ThreadPoolExecutor(1) as pool:
            sent = pool.submit(lambda: SlackSender(f"{url}/slack/events").event(late).status)
            time.sleep(1)  # its request is in, waiting to be recorded
            first.send_signal(signal.SIGTERM)
            time.sleep(0.5)  # the server is stopping, waiting for the held post
            records.execute("ROLLBACK")
            assert sent.result() == 200  # acknowledged: it must be answered
        records.close()
        assert first.wait(60) == 0
        assert "Traceback" not in first.stderr.read()

        second, _ = serve(env, double)
        try:
            double.wait_for("chat.postMessage", channel="C0STOP0002", timeout=90)
            time.sleep(5)  # a second answer would come now
            assert (answers(double, held), answers(double, late)) == (1, 1)
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(60) == 0


# -- Socket Mode: connecting again while apps.connections.open fails ------------------------------------

@pytest.fixture
def socket_server(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double, socket_mode=True) as s:
        double.wait_for_socket()
        yield s


def reconnected(double: SlackDouble, before: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not (double.socket_connections > before and double._sockets):
        assert time.monotonic() < deadline, "Socket Mode never connected again"
        time.sleep(0.1)


def answered_over_the_socket(double: SlackDouble, channel: str) -> None:
    envelope = socket_envelope("events_api", app_mention("how did boards build trust?", channel=channel))
    double.send_envelope(envelope)
    double.wait_for_ack(envelope["envelope_id"])
    assert double.wait_for("chat.postMessage", channel=channel)


@pytest.mark.parametrize("answer", [b'{"ok": true, "url": 5}', b'{"ok": true}',
                                    b'{"ok": true, "url": "ws://127.0.0.1:9/socket"}'])
def test_slack_closing_the_socket_while_its_new_address_is_unusable_is_connected_again(socket_server, double,
                                                                                       caplog, answer):
    """apps.connections.open answering an address that is no WebSocket URL (or refused) as Slack
    closes the connection: it connected with the same address for ever (a traceback each 10 s)."""
    before = double.socket_connections
    double.fault("apps.connections.open", "body", status=200, body=answer, times=1)
    double.close_sockets(1001)
    reconnected(double, before)
    answered_over_the_socket(double, "C0SOCKET16")
    assert not [r for r in caplog.records if r.exc_info], "a traceback in the log"


def test_a_disconnect_while_apps_connections_open_fails_is_one_line_and_connected_again(socket_server, double, caplog):
    """Slack's `disconnect` makes the SDK ask for a new address at once, in a message listener: its
    failure was logged there with a traceback."""
    double.fault("apps.connections.open", "http", status=500, times=2)
    double.send_envelope({"type": "disconnect", "reason": "refresh_requested"})
    time.sleep(2)  # the SDK asks for a new address now, and is refused
    before = double.socket_connections
    double.close_sockets(1001)  # Slack closes the old connection soon after
    reconnected(double, before)
    answered_over_the_socket(double, "C0SOCKET17")
    assert not [r for r in caplog.records if r.exc_info], "a traceback in the log"
