"""What the thirty-fifth hostile sweep (benchmarks/hostile_sweep35.py, `http35`) found: a Teams request to an
anonymous server (TEAMS_ALLOW_ANONYMOUS) carrying a bearer token whose header says `alg: none` and names no
key was HTTP 500 with a KeyError in the log: anonymous mode lets a request without a token in, but the
Agents SDK still verifies one that is sent. Peerbot's first token check now runs wherever a token comes.
Over HTTP to the real Teams server with the connector double."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import logging

import pytest
from teams_doubles import ConnectorDouble, message, send, teams_server

from bot.service import Peerbot
from bot.state import StateStore


def part(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


CLAIMS = part({"aud": "x", "iss": "https://api.botframework.com", "exp": 4102444800})
TOKENS = {
    "alg none": f"{part({'alg': 'none'})}.{CLAIMS}.",
    "alg none, signed": f"{part({'alg': 'none', 'typ': 'JWT'})}.{CLAIMS}.c2ln",
    "no kid": f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{CLAIMS}.c2ln",
    "no expiry": f"{part({'alg': 'RS256', 'kid': 'k1'})}.{part({'aud': 'x'})}.c2ln",
}


@pytest.mark.parametrize("kind", list(TOKENS))
def test_an_anonymous_server_refuses_a_garbled_token_with_401(settings, shared_answerer, tmp_path, caplog, kind):
    peerbot = Peerbot(shared_answerer.corpus, StateStore(tmp_path / "state.db"))
    anonymous = dataclasses.replace(settings, data_dir=tmp_path, teams_allow_anonymous=True)

    async def run():
        async with ConnectorDouble() as connector, teams_server(peerbot, anonymous) as (url, _bot):
            refused = await send(url, message(connector.url, "hello", conversation="a:forged"), token=TOKENS[kind])
            answered = await send(url, message(connector.url, "hello", conversation="a:plain"))  # no token: let in
            assert await peerbot.drain(120)
            return refused, answered, connector.posts

    with caplog.at_level(logging.WARNING):
        (status, _), (plain, _), posts = asyncio.run(run())
    assert status == 401
    assert plain in (200, 202) and [p.conversation_id for p in posts] == ["a:plain"]  # must not take
    assert not any(record.exc_info for record in caplog.records)
