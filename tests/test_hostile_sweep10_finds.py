"""What the tenth hostile sweep (benchmarks/hostile_sweep10.py) found, each over the real command line
on a private copy of an indexed corpus, or over HTTP against a real `peerbot serve` and the Slack double.

- A row of `peerbot.db` not as peerbot writes it (a lesson's enablers or review that is not JSON of
  their kind, a NULL date or title, a Teams conversation's reference that is not a JSON object) was a
  traceback in `lessons`, `lessons approve` and `teams-conversations`, and hid every other row; now it
  is one warning line naming the row and the value is read as empty; a lesson whose title or other
  required text is empty is not approved (one line). The database's hashing key NULL was an
  AttributeError; now one line.
- The kept example-question vectors (`cache/example-questions-*.npy`) replaced by a named pipe made
  `ask` wait for ever, and a header claiming more rows than memory holds was a MemoryError traceback;
  now both are read as missing and the vectors made again.
- A Slack item in the inbox that cannot be rebuilt into its request (fields of the wrong type,
  written by other hands) was "failed to answer" with a traceback, tried and apologised for as a
  bug; now it is given up at once in one warning line, as a Teams item is.
- In a Slack workspace that belongs to an Enterprise Grid organisation, installed by OAuth, every
  mention, `/peer`, Home tab and click was acknowledged and never answered ("peerbot is not installed
  in Slack workspace T…"): the inbox looked the workspace's bot up without the organisation's id,
  which Bolt's store then required to be empty; now a workspace's bot is found by its id alone.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import indexed_environment
from copied_home import environment, insert, peerbot
from serve_process import start_serve, stop, wait_for_health
from slack_double import (
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    event_callback,
    free_port,
    slash_command,
)
from slack_install import begin_install, get

QUESTION = "How can trusts build trust at board level?"
LESSON = {"status": "pending", "title": "A shared staff bank", "did": "We pooled bank staff.",
          "learned": "Agree rates first.", "organisation": "Example Health Partnership", "contact": "",
          "contact_agreed": 0, "contributor": "", "contributor_named": 0, "enablers": "[]", "question": "",
          "question_id": "", "platform": "slack", "submitter": "h:0123456789abcdef0123456789abcdef",
          "quoted_author": "", "channel": "", "workspace": "", "submitted_at": "2026-11-20T10:00:00+00:00",
          "decided_at": "", "decided_by": "", "document_id": "", "review": "{}"}
CONVERSATION = {"platform": "teams", "workspace": "", "digest_opt_in": 1, "added_at": "2026-11-20T10:00:00+00:00",
                "reference": json.dumps({"service_url": "https://smba.trafficmanager.net/", "conversation": {"id": "19:x"}})}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sweep10-template")
    env = indexed_environment(root)
    assert peerbot(env, "migrate").returncode == 0  # the records database
    assert peerbot(env, "lessons").returncode == 0  # its hashing key (`migrate` makes none without PEERBOT_HASH_KEY)
    assert peerbot(env, "ask", QUESTION).returncode == 0  # the kept example-question vectors
    return root


@pytest.fixture
def home(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "home", symlinks=True)
    return tmp_path / "home"


def count(home: Path, table: str) -> int:
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- a row not as peerbot writes it ------------------------------------------------------------------

@pytest.mark.parametrize(("damage", "line"), [
    ({"enablers": "not json"}, "lesson #1's enablers is not JSON"),
    ({"enablers": "5"}, "lesson #1's enablers is not a JSON list of text"),
    ({"enablers": None}, ""),
    ({"review": '{"channel": "C1"'}, "lesson #1's review is not JSON"),
    ({"submitted_at": None}, ""),
])
def test_a_damaged_lesson_row_is_one_line_and_the_other_lessons_are_still_listed(home, damage, line):
    insert(home, "lessons", id=1, **{**LESSON, **damage})
    insert(home, "lessons", id=2, **{**LESSON, "title": "Joint workforce planning"})
    result = peerbot(environment(home), "lessons")
    assert result.returncode == 0, result.stderr
    assert "#1" in result.stdout and "Joint workforce planning" in result.stdout
    assert line in result.stderr
    assert count(home, "lessons") == 2 and not list((home / "data").glob("*damaged*"))


def test_a_lesson_with_a_damaged_title_is_not_approved_but_one_with_damaged_enablers_is(home):
    insert(home, "lessons", id=1, **{**LESSON, "title": None})
    insert(home, "lessons", id=2, **{**LESSON, "enablers": "[1,"})
    refused = peerbot(environment(home), "lessons", "approve", "1")
    assert refused.returncode == 1
    assert "peerbot: error: Lesson #1 cannot be approved: its title is empty in the records" in refused.stderr
    assert not list((home / "knowledge" / "lessons").glob("lesson-1*"))
    approved = peerbot(environment(home), "lessons", "approve", "2")
    assert approved.returncode == 0, approved.stderr
    assert "Approved lesson #2" in approved.stdout


@pytest.mark.parametrize(("damage", "line"), [
    ({"reference": "{not json"}, "a conversation's reference is not JSON"),
    ({"reference": "[]"}, "a conversation's reference is not a JSON object"),
    ({"added_at": None}, ""),
])
def test_a_damaged_teams_conversation_row_is_one_line_and_the_others_are_still_listed(home, damage, line):
    insert(home, "conversations", id="a:damaged-1", **{**CONVERSATION, **damage})
    insert(home, "conversations", id="a:sound-2", **CONVERSATION)
    result = peerbot(environment(home), "teams-conversations")
    assert result.returncode == 0, result.stderr
    assert "a:damaged-1" in result.stdout and "a:sound-2" in result.stdout
    assert line in result.stderr
    assert "a:damaged-1" not in result.stderr  # a chat's id is not logged


@pytest.mark.parametrize("name", ["hash_key", "hash_key_check"])
def test_an_empty_hashing_key_in_the_database_is_one_line_and_nothing_is_moved_aside(home, name):
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        db.execute("UPDATE state_meta SET value = NULL WHERE name = ?", (name,))
    result = peerbot(environment(home), "lessons")
    assert result.returncode == 1
    assert f"peerbot: error: the database's {name} (table state_meta) is empty or not text" in result.stderr
    assert not list((home / "data").glob("*damaged*"))


# -- the kept example-question vectors ----------------------------------------------------------------

def kept_vectors(home: Path) -> Path:
    [path] = (home / "data" / "cache").glob("example-questions-*.npy")
    return path


def billion_rows(kept: bytes) -> bytes:
    """The kept file with its header claiming a billion rows of its width."""
    length = int.from_bytes(kept[8:10], "little")
    width = kept[10:10 + length].decode("latin-1").split("(")[1].split(")")[0].split(",")[1].strip()
    header = f"{{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, {width}), }}".ljust(length - 1) + "\n"
    return kept[:10] + header.encode("latin-1") + kept[10 + length:]


@pytest.mark.parametrize("damage", ["named-pipe", "a-billion-rows-claimed"])
def test_damaged_kept_example_vectors_are_made_again_not_waited_on_or_a_traceback(home, damage):
    path = kept_vectors(home)
    good = np.load(path)
    if damage == "named-pipe":
        path.unlink()
        os.mkfifo(path)
    else:
        path.write_bytes(billion_rows(path.read_bytes()))
    result = peerbot(environment(home), "ask", "--json", QUESTION)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answered"]
    assert np.array_equal(np.load(kept_vectors(home)), good)  # made again and kept


# -- Slack Enterprise Grid -----------------------------------------------------------------------------

ENTERPRISE, GRID_TEAM, GRID_TOKEN = "E0GRID0001", "T0GRIDWS01", "xoxb-grid-workspace-token"


def in_grid(body: dict) -> dict:
    """An event as Slack sends it from GRID_TEAM of ENTERPRISE."""
    body["team_id"], body["enterprise_id"], body["event"]["team"] = GRID_TEAM, ENTERPRISE, GRID_TEAM
    body["authorizations"] = [{"enterprise_id": ENTERPRISE, "team_id": GRID_TEAM, "user_id": "U0BOT", "is_bot": True,
                               "is_enterprise_install": False}]
    return body


def test_a_workspace_of_an_enterprise_grid_installed_by_oauth_is_answered_with_its_own_token(tmp_path, corpus_dir):
    env = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()),
           "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
           "SLACK_STATE_SECRET": "a-long-random-state-secret-of-40-characters"}
    with SlackDouble() as slack_api:
        process = start_serve(env, SLACK_API_URL=slack_api.api_url)
        port = int(env["PORT"])
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process)
            cookie, state = begin_install(port)
            code = slack_api.grant(GRID_TEAM, GRID_TOKEN)
            slack_api.fault("oauth.v2.access", "body", status=200, body=json.dumps({  # as Slack answers in a Grid
                "ok": True, "app_id": "A0KRD7HC3", "authed_user": {"id": "U0INSTALLER"}, "scope": "commands,chat:write",
                "token_type": "bot", "access_token": GRID_TOKEN, "bot_user_id": "U0BOT",
                "team": {"id": GRID_TEAM, "name": "Grid workspace"}, "enterprise": {"id": ENTERPRISE, "name": "NHS"},
                "is_enterprise_install": False}).encode())
            status, _, page = get(port, f"/slack/oauth_redirect?code={code}&state={state}", cookie)
            assert status == 200, page

            slack = SlackSender(f"http://127.0.0.1:{port}/slack/events")
            mention = in_grid(event_callback(app_mention(QUESTION)["event"]))
            assert slack.event(mention).status == 200
            [answer] = slack_api.wait_for("chat.postMessage", thread_ts=mention["event"]["ts"], timeout=60)
            assert answer.token == GRID_TOKEN

            command = slash_command("/peer", QUESTION, slack_api.response_url("grid-peer"))
            command.update(team_id=GRID_TEAM, enterprise_id=ENTERPRISE)
            assert slack.command(command).status == 200
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not slack_api.calls_to("chat.postEphemeral"):
                time.sleep(0.2)
            assert [c.token for c in slack_api.calls_to("chat.postEphemeral")] == [GRID_TOKEN]
        finally:
            _, err = stop(process)
    assert process.returncode == 0, err
    assert "is not installed in Slack workspace" not in err
    assert GRID_TOKEN not in err


@pytest.mark.parametrize("command", ["/peer", "/enabler"])
def test_a_slash_command_whose_form_says_is_enterprise_install_false_is_answered(server, slack, double, command):
    """Slack's slash command forms carry `is_enterprise_install=false` (text, as every form value);
    the shape check wanted true or false as JSON and answered 400."""
    form = slash_command(command, QUESTION if command == "/peer" else "trust", double.response_url("enterprise-form"))
    form["is_enterprise_install"] = "false"
    assert slack.command(form).status == 200
    double.wait_for("chat.postEphemeral", timeout=60)


@pytest.mark.parametrize(("kind", "payload"), [
    ("slack.peer", {"user": 5, "channel": ["C1"], "text": {"a": 1}}),
    ("slack.message", {"user": "U1", "channel": "C0LAN2Q65", "text": None, "ts": "1.2"}),
])
def test_a_damaged_slack_item_in_the_inbox_is_closed_in_one_line_without_a_traceback(server, settings, caplog,
                                                                                    kind, payload):
    with caplog.at_level(logging.WARNING):
        with sqlite3.connect(settings.data_dir / "peerbot.db") as db:
            db.execute("INSERT INTO inbox (key, kind, payload, status, phase, attempts, claims, not_before, error, "
                       "accepted_at, updated_at) VALUES ('damaged-1', ?, ?, 'pending', 'answer', 0, 0, 0, '', "
                       "'2026-11-29T10:00:00+00:00', '2026-11-29T10:00:00+00:00')", (kind, json.dumps(payload)))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and status_of(settings, "damaged-1") == "pending":
            time.sleep(0.1)
    assert status_of(settings, "damaged-1") == "failed"
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert [r for r in caplog.records if f"the inbox's {kind} is malformed" in r.getMessage()]
    assert not [r for r in caplog.records if "trying again" in r.getMessage()]  # trying again cannot help


def status_of(settings, key: str) -> str:
    with sqlite3.connect(settings.data_dir / "peerbot.db", timeout=30) as db:
        return db.execute("SELECT status FROM inbox WHERE key = ?", (key,)).fetchone()[0]
