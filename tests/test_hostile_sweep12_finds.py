"""What the twelfth hostile sweep (benchmarks/hostile_sweep12.py) found, each over HTTP on 127.0.0.1
against peerbot's real server and the Slack double.

An answer from Slack whose body cannot be read as text or parsed (bytes that are not UTF-8; JSON
nested past Python's parser) escaped the Slack SDK as aiohttp's UnicodeDecodeError or json's
RecursionError, which no caller takes as Slack failing: installing by OAuth was an HTTP 500 with a
traceback; the Home tab (views.publish) and `/lesson` (views.open) logged a traceback.
`bot/slack/client.SlackClient` now makes it `UnreadableAnswer`, as a body that is not JSON: one
warning line where the call's failure is handled.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import threading
import time

import pytest
from conftest import KNOWLEDGE
from serve_process import said_since, start_serve, wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, event_callback, free_port, slash_command
from test_hostile_sweep5_finds import _answer, begin_install, get, installing  # noqa: F401  (a fixture)

NOT_UTF8 = _answer().replace(b'"U0BOT"', b'"U0B\xffOT"')  # one byte that is not UTF-8 in a sound answer
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("body", [NOT_UTF8, DEEP], ids=["not-utf-8", "nested-100000-deep"])
def test_an_install_whose_oauth_answer_cannot_be_read_is_refused_in_one_line_not_a_500(installing, body):  # noqa: F811
    double, port, lines = installing["double"], installing["port"], installing["lines"]
    cookie, state = begin_install(port)
    double.fault("oauth.v2.access", "body", status=200, body=body, times=1)
    mark = len(lines)
    status, _, page = get(port, f"/slack/oauth_redirect?code={double.grant('T0BROKEN1', 'xoxb-broken')}&state={state}",
                          cookie)
    assert 400 <= status < 500, page
    said = "".join(said_since(lines, mark, "Slack: an install failed"))
    assert "Traceback" not in said and said.count("Slack: an install failed") == 1, said[-3000:]
    assert "not UTF-8" in said or "too deeply" in said, said
    with sqlite3.connect(installing["db"]) as db:
        assert db.execute("SELECT team_id FROM slack_bots WHERE team_id = 'T0BROKEN1'").fetchall() == []

    cookie, state = begin_install(port)  # the installer tries again, and Slack answers as it should
    status, _, page = get(port, f"/slack/oauth_redirect?code={double.grant('T0AGAIN01', 'xoxb-again')}&state={state}",
                          cookie)
    assert status == 200, page


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    """`peerbot serve` answering Slack, as a real process, with the Slack double; `lines` is its
    standard error so far."""
    root = tmp_path_factory.mktemp("unreadable")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    port = free_port()
    env = {"PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(root / "knowledge"),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(port), "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    with SlackDouble() as double:
        process = start_serve(env, SLACK_API_URL=double.api_url, SLACK_BOT_TOKEN=BOT_TOKEN)
        lines: list[str] = []
        threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True).start()
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process)
            yield {"sender": SlackSender(f"http://127.0.0.1:{port}/slack/events"), "double": double, "lines": lines}
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(30)


def _home_opened(sender: SlackSender, double: SlackDouble) -> int:
    event = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
             "event_ts": f"{time.time():.6f}"}
    return sender.event(event_callback(event)).status


def _lesson_command(sender: SlackSender, double: SlackDouble) -> int:
    return sender.command(slash_command("/lesson", "Boards", double.response_url())).status


@pytest.mark.parametrize("method, send", [("views.publish", _home_opened), ("views.open", _lesson_command)],
                         ids=["home-tab", "lesson-command"])
@pytest.mark.parametrize("body", [b'{"ok": true, "view": {"id": "V\xff1"}}', DEEP], ids=["not-utf-8", "nested-100000-deep"])
def test_a_slack_answer_that_cannot_be_read_is_one_warning_line_not_a_traceback(serving, method, send, body):
    double, sender, lines = serving["double"], serving["sender"], serving["lines"]
    double.clear()
    double.fault(method, "body", status=200, body=body, took_effect=True, times=1)
    mark = len(lines)
    assert send(sender, double) == 200
    said = "".join(said_since(lines, mark, "not UTF-8" if b"\xff" in body else "too deeply"))
    assert "Traceback" not in said, said[-3000:]
    assert ("not UTF-8" if b"\xff" in body else "too deeply") in said, said[-3000:]

    assert send(sender, double) == 200  # Slack answers as it should again: the call is made and read
    assert double.wait_for(method, count=2, timeout=60)
