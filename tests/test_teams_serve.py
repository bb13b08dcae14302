"""`peerbot serve` with Teams as a user runs it: a real process serving POST /api/messages alone
(no Slack settings), loud about anonymous mode, stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
from serve_process import start_serve, wait_for_health
from serve_process import stop as stop_process
from teams_doubles import ConnectorDouble, free_port, message, send

from bot.cli import main
from bot.settings import Settings
from bot.teams.config import ANONYMOUS, AUTHENTICATED, listening_host
from bot.teams.messages import exposed_warning

SECRET = "teams-client-secret-never-printed"
CREDENTIALS = {
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "11111111-2222-3333-4444-555555555555",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": SECRET,
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "66666666-7777-8888-9999-000000000000",
}


@pytest.fixture
def env(tmp_path, corpus_dir, monkeypatch):
    """A clean environment: temp folders, the hashing model, no Slack or Teams settings."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "TEAMS_ALLOW_ANONYMOUS", *CREDENTIALS):
        monkeypatch.delenv(name, raising=False)
    values = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
              "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port())}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def stop(process) -> tuple[str, str]:
    out, err = stop_process(process)
    assert process.returncode == 0, err
    return out, err


def test_anonymous_teams_alone_answers_over_http_and_warns_loudly(env):
    process = start_serve(env, TEAMS_ALLOW_ANONYMOUS="1")
    try:
        url = f"http://127.0.0.1:{env['PORT']}"
        assert wait_for_health(url, process) == {"status": "ok", "teams": "anonymous"}

        async def ask():
            async with ConnectorDouble() as double:
                status = await send(f"{url}/api/messages", message(double.url, "committee in common", activity_id="s1"))
                return status, await double.wait_for_posts(1)
        (status, _), posts = asyncio.run(ask())
        assert status == 202
        [reply] = posts
        assert reply.reply_to == "s1" and "committee in common" in json.dumps(reply.activity).lower()
    finally:
        _, err = stop(process)
    assert "WARNING: Teams is running WITHOUT AUTHENTICATION (TEAMS_ALLOW_ANONYMOUS=1)" in err
    assert f"peerbot: serving on http://127.0.0.1:{env['PORT']} (Teams: anonymous)" in err
    assert "committee in common" not in err  # questions are not logged, only stored redacted
    # deployment trial, stop 38: a SIGTERM was followed by nothing in the log (up to 40 s on a loaded machine)
    assert "peerbot: SIGTERM: stopping; answers in progress are finished first" in err


def test_anonymous_teams_listens_on_this_machine_only_unless_host_is_set(env, monkeypatch):
    """Before, with HOST unset, anonymous Teams listened on every interface (0.0.0.0)."""
    monkeypatch.delenv("HOST")
    process = start_serve({k: v for k, v in env.items() if k != "HOST"}, TEAMS_ALLOW_ANONYMOUS="1")
    try:
        assert wait_for_health(f"http://127.0.0.1:{env['PORT']}", process)["teams"] == "anonymous"
    finally:
        _, err = stop(process)
    assert f"peerbot: serving on http://127.0.0.1:{env['PORT']} (Teams: anonymous)" in err
    assert "HOST=" not in err  # no warning: it is this machine only


@pytest.mark.parametrize(("host", "mode", "listens", "warns"), [
    ("", ANONYMOUS, "127.0.0.1", False), ("", AUTHENTICATED, "0.0.0.0", False), ("", None, "0.0.0.0", False),
    ("127.0.0.1", ANONYMOUS, "127.0.0.1", False), ("::1", ANONYMOUS, "::1", False), ("localhost", ANONYMOUS, "localhost", False),
    ("0.0.0.0", ANONYMOUS, "0.0.0.0", True), ("10.1.2.3", ANONYMOUS, "10.1.2.3", True), ("::", ANONYMOUS, "::", True),
    ("peerbot.example.nhs.uk", ANONYMOUS, "peerbot.example.nhs.uk", True), ("0.0.0.0", AUTHENTICATED, "0.0.0.0", False),
])
def test_where_serve_listens_and_when_it_warns(host, mode, listens, warns):
    found, warning = listening_host(Settings(host=host), mode)
    assert found == listens
    assert warning == (exposed_warning(host) if warns else "")
    if warns:  # one line, naming the setting to change
        assert "\n" not in warning and warning.startswith(f"peerbot: warning: HOST={host} ") and "HOST=127.0.0.1" in warning


def test_with_credentials_teams_requires_tokens_and_never_prints_the_secret(env):
    process = start_serve(env, **CREDENTIALS)
    try:
        url = f"http://127.0.0.1:{env['PORT']}"
        assert wait_for_health(url, process) == {"status": "ok", "teams": "authenticated"}
        request = urllib.request.Request(f"{url}/api/messages", method="POST", headers={"Content-Type": "application/json"},
                                         data=json.dumps(message("https://smba.trafficmanager.net/uk/", "hi")).encode())
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 401
    finally:
        out, err = stop(process)
    assert "WITHOUT AUTHENTICATION" not in err and "(Teams: authenticated)" in err
    assert SECRET not in out + err
    # deployment trial, stop 38: the Agents SDK dumped its connections at INFO over 15 lines, ending in
    # an empty "Connections Map: []" that reads as a mistake; peerbot's own line says Teams is on
    assert "Connections Map" not in err and "CLIENTID" not in err


def test_partial_teams_credentials_are_one_line_before_anything_starts(env, capsys, monkeypatch):
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", "11111111-2222-3333-4444-555555555555")
    assert main(["serve"]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("peerbot: error: Teams needs all three of CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID")


def test_an_app_id_that_is_not_a_guid_is_one_line_before_anything_starts(env, capsys, monkeypatch):
    for name, value in (("CLIENTID", "peerbot-bot"), ("CLIENTSECRET", "s3cret"), ("TENANTID", "contoso.onmicrosoft.com")):
        monkeypatch.setenv(f"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__{name}", value)
    assert main(["serve"]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("peerbot: error: CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID must be the Azure Bot's "
                           "app (client) id, a GUID") and "s3cret" not in line


def test_a_reply_cut_off_by_sigkill_after_the_acknowledgement_is_posted_once_after_a_restart(env):
    """SIGKILL of `peerbot serve` while the acknowledged message's reply is on its way (the connector
    holds it, undelivered): the next `peerbot serve` posts it, once."""
    async def run():
        async with ConnectorDouble() as double:
            url = f"http://127.0.0.1:{env['PORT']}"
            first = start_serve(env, TEAMS_ALLOW_ANONYMOUS="1")
            try:
                await asyncio.to_thread(wait_for_health, url, first)
                double.fault("hold")
                status, _ = await asyncio.wait_for(
                    send(f"{url}/api/messages", message(double.url, "committee in common", activity_id="k1")), 20)
                while not double.held:
                    await asyncio.sleep(0.05)
            finally:
                first.kill()  # SIGKILL: nothing of peerbot's runs on the way out
                await asyncio.to_thread(first.communicate)
            double.release()
            second = start_serve(env, TEAMS_ALLOW_ANONYMOUS="1")
            try:
                await asyncio.to_thread(wait_for_health, url, second)
                await double.wait_for_posts(1)
                await asyncio.sleep(2)  # a second post, if there were one, would come within this
            finally:
                _, err = await asyncio.to_thread(stop, second)
            return status, double, err
    status, double, err = asyncio.run(run())
    assert status == 202
    [held] = double.held
    [reply] = double.posts
    assert (reply.conversation_id, reply.reply_to) == ("a:personal-chat", "k1")
    assert held.reply_to == "k1" and "committee in common" in json.dumps(reply.activity).lower()
    assert "Traceback" not in err
