"""The twenty-seventh hostile sweep's token findings (benchmarks/hostile_sweep27_tokens.py), through a
credentialed `peerbot serve` behind the local sign-in doubles: a token signed with Microsoft's key
and no expiry, or an expiry of 1e308, was accepted (the Agents SDK requires none), so a leaked one
could be replayed for ever."""

from __future__ import annotations

import json
import time

import jwt
import pytest
from identity_doubles import bot_token
from test_teams_tokens import CLIENT_ID, keys, post, question, served  # noqa: F401  # the module's server

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
