"""What the fifth hostile sweep (benchmarks/hostile_sweep5.py) found, each over HTTP on 127.0.0.1
against peerbot's real server and the Slack double.

- Installing into many workspaces: Slack (or the network) failing on the code's exchange
  (oauth.v2.access, then auth.test), or answering with parts of the wrong type, is the installer's
  failure page and one warning line: no HTTP 500, no traceback (one printed the bot token), and
  nothing half-made stored; the next install works.
- A view submission without `view.type`, and a workflow step's edit or save without its
  `workflow_step`, are 400 before Bolt reads them (Bolt raised KeyError: HTTP 500).
- A DIGEST_TIMEZONE that names a folder of zones (`Europe`) or is too long for a file name is one
  line, as any other unknown zone (through the real command line)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import KNOWLEDGE
from serve_process import said_since, start_serve, wait_for_health
from slack_double import (
    BOT_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
    SlackDouble,
    view_submission,
)
from slack_install import STATE_SECRET, begin_install, get

from bot.slack import shapes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installing(tmp_path_factory):
    """`peerbot serve` installing into many workspaces, as a real process, with the Slack double;
    `lines` is its standard error so far."""
    from slack_double import free_port

    root = tmp_path_factory.mktemp("oauth")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    port = free_port()
    env = {"PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(root / "knowledge"),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(port), "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET, "SLACK_STATE_SECRET": STATE_SECRET}
    with SlackDouble() as double:
        process = start_serve(env, SLACK_API_URL=double.api_url, SLACK_BOT_TOKEN=BOT_TOKEN)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
        reader.start()
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process)
            yield {"port": port, "double": double, "db": root / "data" / "peerbot.db", "lines": lines}
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(30)


def _answer(**change) -> bytes:
    good = {"ok": True, "app_id": "A0KRD7HC3", "authed_user": {"id": "U0INSTALLER"}, "scope": "commands",
            "token_type": "bot", "access_token": BOT_TOKEN, "bot_user_id": "U0BOT",
            "team": {"id": "T0SHAPED1", "name": "Shaped"}, "enterprise": None, "is_enterprise_install": False}
    return json.dumps({**good, **change}).encode()


REFUSED = {  # what an installation cannot be made without: the installer's failure page
    "oauth.v2.access reset": ("oauth.v2.access", dict(kind="drop")),
    "auth.test reset": ("auth.test", dict(kind="drop")),
    "team is text": ("oauth.v2.access", dict(kind="body", status=200, body=_answer(team="T0SHAPED1"))),
    "authed_user is text": ("oauth.v2.access", dict(kind="body", status=200, body=_answer(authed_user="U1"))),
    "authed_user is a list": ("oauth.v2.access", dict(kind="body", status=200, body=_answer(authed_user=[]))),
    "no app_id, numbers for ids": ("oauth.v2.access", dict(kind="body", status=200, body=json.dumps(
        {"ok": True, "ts": 5, "channel": 7, "team_id": 3, "access_token": BOT_TOKEN}).encode())),
}
INSTALLED = {  # parts peerbot does not need, of the wrong type: left out, and the workspace installed
    "enterprise is text": ("oauth.v2.access", dict(kind="body", status=200, body=_answer(enterprise="E1"))),
    "is_enterprise_install is words": ("oauth.v2.access", dict(kind="body", status=200,
                                                                body=_answer(is_enterprise_install="yes"))),
    "bot_user_id is a list": ("oauth.v2.access", dict(kind="body", status=200, body=_answer(bot_user_id=[1]))),
    "incoming_webhook is text": ("oauth.v2.access", dict(kind="body", status=200, body=_answer(incoming_webhook="x"))),
}


def _said_since(lines: list[str], mark: int, wanted: str | None) -> str:
    """What serve has said since line `mark`: once a line holding `wanted` has come (the reader
    thread may lag on a loaded machine), or after 0.3 s when nothing is awaited."""
    if wanted:
        return "".join(said_since(lines, mark, wanted))
    time.sleep(0.3)
    return "".join(lines[mark:])


@pytest.mark.parametrize("name", list(REFUSED) + list(INSTALLED))
def test_slack_failing_or_answering_wrongly_during_an_install_is_never_a_500(installing, name):
    method, fault = {**REFUSED, **INSTALLED}[name]
    double, port, lines = installing["double"], installing["port"], installing["lines"]
    cookie, state = begin_install(port)
    double.fault(method, fault.pop("kind"), times=1, **fault)
    mark = len(lines)
    status, _, page = get(port, f"/slack/oauth_redirect?code={double.grant('T0BROKEN1', 'xoxb-broken')}&state={state}",
                          cookie)
    said = _said_since(lines, mark, "Slack: an install" if name in REFUSED else None)
    assert "Traceback" not in said and BOT_TOKEN not in said, said[-3000:]
    with sqlite3.connect(installing["db"]) as db:
        stored = db.execute("SELECT team_id, bot_user_id FROM slack_bots WHERE team_id IN ('T0BROKEN1', 'T0SHAPED1')"
                            ).fetchall()
        db.execute("DELETE FROM slack_bots")
        db.execute("DELETE FROM slack_installations")
    if name in REFUSED:
        assert 400 <= status < 500, page
        assert stored == []
        assert said.count("Slack: an install") == 1, said  # one line says why
    else:
        assert status == 200, page
        assert stored == [("T0SHAPED1", None if name == "bot_user_id is a list" else "U0BOT")]

    cookie, state = begin_install(port)  # the installer tries again, and Slack answers as it should
    status, _, page = get(port, f"/slack/oauth_redirect?code={double.grant('T0AGAIN01', 'xoxb-again')}&state={state}",
                          cookie)
    assert status == 200, page


def view(**change) -> dict:
    body = view_submission({"callback_id": "lesson_submit", "private_metadata": "{}"}, {"title": "Boards"})
    body["view"].update(change)
    return body


@pytest.mark.parametrize("body, problem", [
    ({k: v for k, v in view().items()} | {"view": {k: v for k, v in view()["view"].items() if k != "type"}},
     "`view.type` is missing"),
    (view(type="workflow_step"), "`workflow_step` is missing"),
    ({"type": "workflow_step_edit", "callback_id": "x", "user": {"id": "U1"}}, "`workflow_step` is missing"),
    ({"type": "workflow_step_edit", "callback_id": "x", "workflow_step": "x"}, "`workflow_step` must be an object"),
])
def test_what_bolt_reads_to_route_a_view_or_a_workflow_step_is_checked(body, problem):
    assert shapes.problem(body) == problem
    assert shapes.problem(view()) is None


@pytest.mark.parametrize("body", [
    view() | {"view": {k: v for k, v in view()["view"].items() if k != "type"}},
    view(type="workflow_step"),
    {"type": "workflow_step_edit", "callback_id": "x", "user": {"id": "U061F7AUR"}, "trigger_id": "1.2.3"},
])
def test_a_view_without_its_type_or_a_workflow_step_without_its_step_is_a_400(server, slack, caplog, body):
    assert slack.interaction(body).status == 400
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("zone", ["Europe", "America", "x" * 5000])
@pytest.mark.parametrize("command", [["digest", "--preview"], ["schedule"]])
def test_a_digest_time_zone_that_names_a_folder_or_is_too_long_is_one_line(tmp_path, zone, command):
    """The real command line: ZoneInfo raised IsADirectoryError for a folder of zones and OSError
    for a name too long, a traceback."""
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_MODEL": "hashing",
           "DIGEST_CHANNELS": "C0LAN2Q65", "SLACK_BOT_TOKEN": BOT_TOKEN, "DIGEST_TIMEZONE": zone}
    done = subprocess.run([sys.executable, "-m", "bot.cli", *command], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout == "" and done.stderr.startswith(
        "peerbot: error: DIGEST_TIMEZONE must be a time zone name like Europe/London, got ")
    assert done.stderr.count("\n") == 1


def test_a_web_page_nested_thousands_of_elements_deep_is_refused_in_one_line_not_read_for_minutes(tmp_path):
    """The real command line: reading took time quadratic in the nesting (50,000 levels: about a
    quarter of an hour); now `import` refuses it at once, naming it, and `index` skips it."""
    from conftest import indexed_environment

    env = indexed_environment(tmp_path)
    page = tmp_path / "deep.html"
    page.write_bytes(b"<html><head><title>Deep</title></head><body>" + b"<div>" * 3000 + b"<p>Boards built trust.</p>"
                     + b"</div>" * 3000 + b"</body></html>")
    done = subprocess.run([sys.executable, "-m", "bot.cli", "import", str(page)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "deep.html" in done.stdout + done.stderr and "nested more than 256 deep" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr and not (Path(env["PEERBOT_KNOWLEDGE_DIR"]) / "deep.md").exists()

    (Path(env["PEERBOT_KNOWLEDGE_DIR"]) / "deep.html").write_bytes(page.read_bytes())
    done = subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    said = done.stdout + done.stderr
    assert done.returncode == 1 and "deep.html" in said and "nested more than 256 deep" in said, said
    assert "Traceback" not in said
