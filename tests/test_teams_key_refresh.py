"""How often a token naming a key id the kept set lacks makes peerbot fetch Microsoft's signing keys again
(`PEERBOT_TEAMS_KEY_REFRESH_SECONDS`, bot/teams/signing_keys.py): once that time has passed since the last
fetch, a newly rotated key is fetched and used; within it, no key id makes it fetch again. The key manager
the Agents SDK's token check uses, over HTTP to the local keys endpoint (tests/identity_doubles.py)."""

from __future__ import annotations

import asyncio
import time

import pytest
from identity_doubles import KEY_ID, ConnectProxy, jwk, signing_key
from jwt import PyJWKClientError

from bot.setting_values import SettingsError
from bot.settings import Settings
from bot.teams.signing_keys import CachedFirstKeys

TENANT = "66666666-7777-8888-9999-000000000000"


@pytest.fixture
def login(tmp_path):
    """The sign-in double serving one key; its keys address (plain HTTP on 127.0.0.1)."""
    proxy = ConnectProxy(tmp_path, TENANT)
    proxy.login.keys = [jwk(signing_key())]
    yield proxy.login, f"http://127.0.0.1:{proxy.login.port}/v1/.well-known/keys"
    proxy.close()


def fetches(login) -> int:
    return sum(path.endswith("/keys") for _, _, path in login.requests)


def test_a_rotated_key_is_fetched_and_used_once_the_refresh_time_has_passed(login):
    double, address = login
    manager = CachedFirstKeys(refresh_seconds=0.2)
    assert asyncio.run(manager.get_signing_key(address, {"kid": KEY_ID})).key_id == KEY_ID
    double.keys.append(jwk(signing_key(), kid="rotated"))
    time.sleep(0.3)
    assert asyncio.run(manager.get_signing_key(address, {"kid": "rotated"})).key_id == "rotated"
    assert fetches(double) == 2


def test_within_the_refresh_time_no_key_id_makes_it_fetch_again(login):
    double, address = login
    manager = CachedFirstKeys(refresh_seconds=3600)
    asyncio.run(manager.get_signing_key(address, {"kid": KEY_ID}))
    double.keys.append(jwk(signing_key(), kid="rotated"))
    for kid in ("rotated", "forged-1", "forged-2"):
        with pytest.raises(PyJWKClientError):
            asyncio.run(manager.get_signing_key(address, {"kid": kid}))
    assert asyncio.run(manager.get_signing_key(address, {"kid": KEY_ID})).key_id == KEY_ID
    assert fetches(double) == 1


def test_the_refresh_time_is_pyjwts_30_s_unless_set_and_never_zero():
    assert Settings.from_env({}).teams_key_refresh_seconds == 30
    assert Settings.from_env({"PEERBOT_TEAMS_KEY_REFRESH_SECONDS": "1.5"}).teams_key_refresh_seconds == 1.5
    with pytest.raises(SettingsError, match="PEERBOT_TEAMS_KEY_REFRESH_SECONDS"):
        Settings.from_env({"PEERBOT_TEAMS_KEY_REFRESH_SECONDS": "0"})  # a fetch for every forged key id
