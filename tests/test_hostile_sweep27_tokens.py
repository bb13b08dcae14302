"""The twenty-seventh hostile sweep's token findings (benchmarks/hostile_sweep27_tokens.py), through a
credentialed `peerbot serve` behind the local sign-in doubles: a token signed with Microsoft's key
and no expiry, or an expiry of 1e308, was accepted (the Agents SDK requires none), so a leaked one
could be replayed for ever; and while Microsoft's keys endpoint stalled, every request waited behind
one fetch of the keys."""

from __future__ import annotations

import json
import threading
import time

import jwt
import pytest
from identity_doubles import bot_token, signing_key
from test_teams_tokens import CLIENT_ID, KEY_REFRESH_SECONDS, keys, post, question, served  # noqa: F401  # its server

__all__ = ["keys", "served"]


def signed(key, **claims) -> str:
    now = int(time.time())
    payload = {"iss": "https://api.botframework.com", "aud": CLIENT_ID, "iat": now - 60, "nbf": now - 60,
               "exp": now + 3600, **claims}
    return jwt.encode({k: v for k, v in payload.items() if v is not ...}, key, algorithm="RS256",
                      headers={"kid": "peerbot-test-key"})


@pytest.mark.parametrize("expiry", [..., 1e308, float(time.time() + 3600), "never", None, True],
                         ids=["missing", "1e308", "a fraction", "text", "null", "true"])
def test_a_signed_token_that_never_expires_or_whose_expiry_is_not_a_whole_number_is_refused(served, keys, expiry):
    status, body = post(served.url, question(f"expiry-{expiry!r}"), signed(keys[0], exp=expiry))
    assert status == 401, body
    assert json.loads(body) == {"error": "Invalid token or authentication failed."}


def test_the_same_token_with_an_expiry_is_accepted(served, keys):
    assert post(served.url, question("expiry-ok"), signed(keys[0]))[0] == 200
    assert post(served.url, question("expiry-ok-2"), bot_token(keys[0], CLIENT_ID))[0] == 200


def test_a_known_key_is_used_while_a_fetch_of_the_keys_stalls(served, keys):
    """Microsoft's keys endpoint stalling: a token naming a key id the server has not seen makes it
    fetch the keys again, under the SDK's one lock, with PyJWT's 30 s wait; every other Teams request
    (its key known) waited behind that fetch. Now the known key answers while the fetch still waits."""
    assert post(served.url, question("known-1"), signed(keys[0]))[0] == 200  # the keys fetched and kept
    time.sleep(KEY_REFRESH_SECONDS + 0.5)  # keys for an unknown key id are fetched at most once in that time
    login = served.proxy.login
    fetched = sum(path.endswith("/keys") for _, _, path in login.requests)
    login.fail("keys", "stall")
    stranger = signing_key()
    unknown = threading.Thread(target=post, args=(served.url, question("unknown-1"), signed_as(stranger, "new-27")))
    unknown.start()
    while sum(path.endswith("/keys") for _, _, path in login.requests) == fetched and unknown.is_alive():
        time.sleep(0.05)
    try:
        assert sum(path.endswith("/keys") for _, _, path in login.requests) > fetched  # the fetch has begun
        assert post(served.url, question("known-2"), signed(keys[0]))[0] == 200
        assert unknown.is_alive()  # answered while the other's fetch still waits
    finally:
        login.heal()
        unknown.join()


def signed_as(key, kid: str) -> str:
    now = int(time.time())
    return jwt.encode({"iss": "https://api.botframework.com", "aud": CLIENT_ID, "nbf": now - 60, "exp": now + 3600},
                      key, algorithm="RS256", headers={"kid": kid})
