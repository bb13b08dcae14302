"""A connector's 401 end to end through `peerbot serve` with Teams credentials, as in production: the
request's token is validated with the Agents SDK against the local sign-in doubles, the reply is
signed with a token MSAL fetched from them, and the connector double on 127.0.0.1 (let through by
PEERBOT_TEAMS_TEST_CONNECTORS, which is empty by default) refuses the first post with 401. The token
kept is dropped, the reply tried again with one signed in afresh, and the question answered once.
Without the setting the SDK's own check refuses the 127.0.0.1 connector, as production must."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import KNOWLEDGE
from identity_doubles import ConnectProxy, bot_token, jwk, signing_key
from serve_process import start_serve, stop, wait_for_health
from teams_doubles import ConnectorDouble, free_port, message, send
from test_teams_tokens import CLIENT_ID, TENANT, credentialed

QUESTION = "How did the trusts set up a shared staff bank?"
APOLOGY = "Sorry, something went wrong"


def inbox(data: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(data / "peerbot.db") as db:
        return list(db.execute("SELECT status, attempts FROM inbox WHERE kind = 'teams.message'"))


@pytest.fixture
def signed_in(tmp_path):
    """The sign-in doubles behind their proxy, trusting one signing key; the knowledge folder copied."""
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    key = signing_key()
    proxy = ConnectProxy(tmp_path, TENANT)
    proxy.login.keys = [jwk(key)]
    yield proxy, key
    proxy.close()


def test_a_connectors_401_drops_the_token_and_the_reply_goes_once_signed_in_afresh(tmp_path, signed_in):
    proxy, key = signed_in

    async def run() -> tuple[list, list, list[tuple[str, int]], str]:
        async with ConnectorDouble() as connector:
            connector.fail(401)  # the token MSAL keeps for its hour, refused
            environment = {**credentialed(tmp_path, proxy, free_port()), "PEERBOT_TEAMS_TEST_CONNECTORS": connector.url}
            url = f"http://127.0.0.1:{environment['PORT']}"
            process = start_serve(environment)
            try:
                await asyncio.to_thread(wait_for_health, url, process)
                token = bot_token(key, CLIENT_ID, service_url=connector.url)
                status, _ = await send(f"{url}/api/messages", message(connector.url, QUESTION, activity_id="drop-1"),
                                       token)
                assert status == 202
                await connector.wait_for_posts(1, timeout=120)
                deadline = time.monotonic() + 60
                while (rows := inbox(tmp_path / "data")) != [("answered", 1)] and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
            finally:
                _, err = await asyncio.to_thread(stop, process)
            return connector.refused, connector.posts, rows, err

    refused, posts, rows, err = asyncio.run(run())
    assert rows == [("answered", 1)]  # one failed try, then answered: not given up for an apology
    assert len(refused) == 1 and len(posts) == 1 and posts[0].reply_to == "drop-1"
    assert APOLOGY not in str(posts[0].activity)
    assert refused[0].authorization == "Bearer local-double-access-token-1"
    assert posts[0].authorization == "Bearer local-double-access-token-2"  # before: the refused token again
    assert proxy.login.tokens == 2
    assert "PEERBOT_TEAMS_TEST_CONNECTORS" in err and "Traceback" not in err
    assert "local-double-access-token" not in err


def test_without_the_setting_a_127_0_0_1_connector_is_refused_as_in_production(tmp_path, signed_in):
    proxy, key = signed_in

    async def run() -> tuple[int, list, str]:
        async with ConnectorDouble() as connector:
            environment = credentialed(tmp_path, proxy, free_port())
            url = f"http://127.0.0.1:{environment['PORT']}"
            process = start_serve(environment)
            try:
                await asyncio.to_thread(wait_for_health, url, process)
                token = bot_token(key, CLIENT_ID, service_url=connector.url)
                status, _ = await send(f"{url}/api/messages", message(connector.url, QUESTION), token)
            finally:
                _, err = await asyncio.to_thread(stop, process)
            return status, connector.posts, err

    status, posts, err = asyncio.run(run())
    assert status >= 400 and posts == []
    assert "PEERBOT_TEAMS_TEST_CONNECTORS" not in err


@pytest.mark.parametrize("value", ["https://smba.trafficmanager.net/uk/", "http://10.0.0.5:3978",
                                   "http://127.0.0.1", "http://user@127.0.0.1:3978", "http://127.0.0.1:3978/v3",
                                   "ftp://127.0.0.1:21", "http://127.0.0.1:99999"])
def test_the_setting_takes_only_connector_doubles_on_this_machine(value):
    from bot.setting_values import SettingsError
    from bot.settings import Settings
    from bot.teams.config import teams_mode, test_connectors

    settings = Settings.from_env({"PEERBOT_TEAMS_TEST_CONNECTORS": f"http://127.0.0.1:3978, {value}"})
    with pytest.raises(SettingsError, match="PEERBOT_TEAMS_TEST_CONNECTORS must list connector doubles"):
        teams_mode(settings)
    assert test_connectors(Settings.from_env({"PEERBOT_TEAMS_TEST_CONNECTORS": "http://127.0.0.1:3978/"})) == {
        ("http", "127.0.0.1", 3978)}
    assert test_connectors(Settings()) == frozenset()  # the default: the SDK's check alone
