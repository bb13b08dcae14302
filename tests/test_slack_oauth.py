"""Installing peerbot into many Slack workspaces (OAuth v2), end to end: `peerbot serve` as a real
process, the install page and redirect over HTTP as a browser would use them, the Slack double
standing in for Slack's authorisation and oauth.v2.access, each workspace's question answered
with that workspace's own bot token, and SLACK_BOT_TOKEN's workspace still served."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from serve_process import start_serve, stop, wait_for_health
from slack_double import (
    BOT_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    event_callback,
    manifest_scopes,
)
from slack_install import STATE_SECRET, begin_install, get, install_link, mention_in

from bot.cli import main

SECOND = ("T0SECOND01", "xoxb-second-workspace-token")


def installed_bots(oauth_env: dict) -> list[tuple]:
    with sqlite3.connect(Path(oauth_env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        return db.execute("SELECT client_id, team_id, bot_token FROM slack_bots").fetchall()


def test_an_install_through_oauth_lands_in_the_database_and_that_workspace_is_answered_with_its_own_token(oauth_env):
    with SlackDouble() as slack_api:
        process = start_serve(oauth_env, SLACK_API_URL=slack_api.api_url, SLACK_BOT_TOKEN=BOT_TOKEN)
        port = int(oauth_env["PORT"])
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(url, process)
            cookie, query = install_link(port)
            state = query["state"]
            assert query["client_id"] == CLIENT_ID and set(query["scope"].split(",")) == manifest_scopes()

            forged = get(port, f"/slack/oauth_redirect?code={slack_api.grant(*SECOND)}&state=not-ours.00", cookie)
            assert forged[0] >= 400 and not slack_api.calls_to("oauth.v2.access")  # refused before Slack is asked

            code = slack_api.grant(*SECOND)
            status, _, page = get(port, f"/slack/oauth_redirect?code={code}&state={state}", cookie)
            assert status == 200, page
            [exchange] = slack_api.calls_to("oauth.v2.access")
            assert exchange["code"] == code
            assert installed_bots(oauth_env) == [(CLIENT_ID, SECOND[0], SECOND[1])]
            replayed = get(port, f"/slack/oauth_redirect?code={code}&state={state}", cookie)
            assert replayed[0] >= 400  # a state is good once

            slack = SlackSender(f"{url}/slack/events")
            assert slack.event(mention_in(SECOND[0], "committee in common", "C0SECOND1")).status == 200
            assert slack.event(app_mention("committee in common", channel="C0FIRST01")).status == 200  # SLACK_BOT_TOKEN's
            assert slack.event(mention_in("T0NOTHERE1", "committee in common", "C0NOTHERE")).status < 500
            posts = {call["channel"]: call for call in slack_api.wait_for("chat.postMessage", 2)}
            assert posts["C0SECOND1"].token == SECOND[1] and posts["C0FIRST01"].token == BOT_TOKEN
            assert "committee in common" in posts["C0SECOND1"].blocks_text.lower()
            assert SECOND[1] not in {c.token for c in slack_api.calls if c.params.get("channel") == "C0FIRST01"}
        finally:
            _, err = stop(process)
    assert process.returncode == 0, err
    assert not any(call["channel"] == "C0NOTHERE" for call in slack_api.calls_to("chat.postMessage"))
    assert SECOND[1] not in err and CLIENT_SECRET not in err and STATE_SECRET not in err
    # deployment trial, stop 38: Bolt's warning that SLACK_BOT_TOKEN "will be ignored" said the opposite of
    # what happens (its workspace is answered with it, above)
    assert "will be ignored" not in err
    assert f"Slack: installed into workspace {SECOND[0]} (" in err  # as an uninstall is logged


def test_without_a_bot_token_only_installed_workspaces_are_served(oauth_env):
    with SlackDouble() as slack_api:
        process = start_serve(oauth_env, SLACK_API_URL=slack_api.api_url)
        port = int(oauth_env["PORT"])
        try:
            assert wait_for_health(f"http://127.0.0.1:{port}", process) == {"status": "ok", "slack": "http"}
            cookie, state = begin_install(port)
            code = slack_api.grant(*SECOND)
            assert get(port, f"/slack/oauth_redirect?code={code}&state={state}", cookie)[0] == 200
            slack = SlackSender(f"http://127.0.0.1:{port}/slack/events")
            assert slack.event(mention_in(SECOND[0], "committee in common", "C0SECOND2")).status == 200
            [post] = slack_api.wait_for("chat.postMessage")
            assert post["channel"] == "C0SECOND2" and post.token == SECOND[1]
        finally:
            stop(process)


def workspace_event(team: str, event: dict) -> dict:
    body = event_callback(event)
    body["team_id"] = body["authorizations"][0]["team_id"] = team
    return body


@pytest.mark.parametrize("event", [
    {"type": "app_uninstalled"},
    {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0SECONDBOT"]}},
])
def test_uninstalling_or_revoking_deletes_that_workspaces_token_and_it_is_no_longer_answered(oauth_env, event):
    with SlackDouble() as slack_api:
        process = start_serve(oauth_env, SLACK_API_URL=slack_api.api_url, SLACK_BOT_TOKEN=BOT_TOKEN)
        port = int(oauth_env["PORT"])
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process)
            cookie, state = begin_install(port)
            code = slack_api.grant(*SECOND)
            assert get(port, f"/slack/oauth_redirect?code={code}&state={state}", cookie)[0] == 200
            assert installed_bots(oauth_env) == [(CLIENT_ID, SECOND[0], SECOND[1])]
            slack = SlackSender(f"http://127.0.0.1:{port}/slack/events")
            assert slack.event(workspace_event(SECOND[0], event)).status == 200
            deadline = time.monotonic() + 60  # Bolt acknowledges an event before its listener runs
            while installed_bots(oauth_env) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert installed_bots(oauth_env) == []
            assert slack.event(mention_in(SECOND[0], "committee in common", "C0SECOND3")).status < 500
            assert slack.event(app_mention("committee in common", channel="C0FIRST03")).status == 200
            [post] = slack_api.wait_for("chat.postMessage")  # SLACK_BOT_TOKEN's workspace is still answered
            assert post["channel"] == "C0FIRST03" and post.token == BOT_TOKEN
        finally:
            _, err = stop(process)
    assert process.returncode == 0, err
    assert not any(call["channel"] == "C0SECOND3" for call in slack_api.calls_to("chat.postMessage"))
    assert "uninstalled from workspace T0SECOND01" in err or "revoked in workspace T0SECOND01" in err
    assert SECOND[1] not in err


def test_with_one_bot_token_an_uninstall_is_acknowledged_and_logged(oauth_env):
    oauth_env = {k: v for k, v in oauth_env.items() if not k.startswith(("SLACK_CLIENT", "SLACK_STATE"))}
    with SlackDouble() as slack_api:
        process = start_serve(oauth_env, SLACK_API_URL=slack_api.api_url, SLACK_BOT_TOKEN=BOT_TOKEN)
        try:
            wait_for_health(f"http://127.0.0.1:{oauth_env['PORT']}", process)
            slack = SlackSender(f"http://127.0.0.1:{oauth_env['PORT']}/slack/events")
            assert slack.event(event_callback({"type": "app_uninstalled"})).status == 200
        finally:
            _, err = stop(process)
    assert process.returncode == 0, err
    assert "peerbot was uninstalled from workspace" in err and "Traceback" not in err


@pytest.mark.parametrize("variables, message", [
    ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET not set"),
    ({"SLACK_STATE_SECRET": "short"}, "SLACK_STATE_SECRET must be at least 32 characters"),
    ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
    ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN (Socket Mode) cannot be used with SLACK_CLIENT_ID"),
    ({"DATABASE_URL": "mysql://u:p@h/db"}, "DATABASE_URL must be a PostgreSQL URL"),
])
def test_incomplete_or_wrong_oauth_settings_are_one_line(oauth_env, capsys, monkeypatch, variables, message):
    with SlackDouble() as slack_api:
        for name, value in {**oauth_env, "SLACK_API_URL": slack_api.api_url, **variables}.items():
            monkeypatch.setenv(name, value)
        assert main(["serve"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("peerbot: error: ")]
    assert len(errors) == 1 and message in errors[0], errors
    assert "mysql://u:p@h" not in errors[0]
