"""Hostile sweep 27's `tokens27` class (see benchmarks/hostile_sweep27.py): a credentialed Teams
server behind the local sign-in doubles (tests/identity_doubles.py), sent tokens of every wrong kind,
with Microsoft's keys endpoint failing and its keys rotated."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import jwt
from cryptography.hazmat.primitives import serialization
from hostile_http import post
from hostile_sweep import Case, Homes
from identity_doubles import ConnectProxy, bot_token, expect_replies, jwk, signing_key
from sweep_servers import Server
from teams_doubles import message

CLIENT_ID = "11111111-2222-3333-4444-555555555555"
TENANT = "66666666-7777-8888-9999-000000000000"
SECRET = "teams-client-secret-never-printed"
SERVICE_URL = "https://smba.trafficmanager.net/uk/"
OTHER_APP = "00000000-aaaa-bbbb-cccc-000000000000"


def _part(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _start(state: dict, homes: Homes) -> None:
    key = signing_key()
    home = homes.fresh()
    proxy = ConnectProxy(home, TENANT)
    proxy.login.keys = [jwk(key)]
    state.update(home=home, proxy=proxy, key=key, stranger=signing_key())
    state["server"] = Server(home, SLACK_BOT_TOKEN="", SLACK_SIGNING_SECRET="", SLACK_APP_TOKEN="",
                             TEAMS_ALLOW_ANONYMOUS="", CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID=CLIENT_ID,
                             CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET=SECRET,
                             CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID=TENANT,
                             **proxy.environment()).ready()


def _send(state: dict, authorization: str | None) -> int:
    activity = expect_replies(message(SERVICE_URL, "How did the trusts share staff?", activity_id=str(uuid.uuid4())))
    headers = {"Content-Type": "application/json", **({"Authorization": authorization} if authorization else {})}
    return post(f"{state['server'].url}/api/messages", json.dumps(activity).encode(), headers)


def _signed(key, *, kid: str = "peerbot-test-key", **claims) -> str:
    now = int(time.time())
    payload = {"iss": "https://api.botframework.com", "aud": CLIENT_ID, "iat": now - 60, "nbf": now - 60,
               "exp": now + 3600, "serviceurl": SERVICE_URL, **claims}
    return jwt.encode({k: v for k, v in payload.items() if v is not ...}, key, algorithm="RS256", headers={"kid": kid})


def _hs256_with_public_key(state: dict) -> str:
    pem = state["key"].public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = _part({"alg": "HS256", "kid": "peerbot-test-key", "typ": "JWT"})
    body = _part({"iss": "https://api.botframework.com", "aud": CLIENT_ID, "exp": int(time.time()) + 3600})
    signature = hmac.new(pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{base64.urlsafe_b64encode(signature).decode().rstrip('=')}"


def _bad_tokens(state: dict) -> dict[str, Callable[[], str]]:
    key, stranger, now = state["key"], state["stranger"], int(time.time())
    return {
        "expired an hour": lambda: f"Bearer {bot_token(key, CLIENT_ID, expires_in=-3600)}",
        "not valid for an hour": lambda: f"Bearer {_signed(key, nbf=now + 3600)}",
        "another audience": lambda: f"Bearer {bot_token(key, OTHER_APP)}",
        "audience a number": lambda: f"Bearer {_signed(key, aud=5)}",
        "audience missing": lambda: f"Bearer {_signed(key, aud=...)}",
        "another issuer": lambda: f"Bearer {_signed(key, iss='https://evil.example/')}",
        "issuer a list": lambda: f"Bearer {_part({'alg': 'RS256', 'kid': 'peerbot-test-key'})}.{_part({'aud': CLIENT_ID, 'iss': ['x'], 'exp': now + 60})}.c2ln",
        "expiry text": lambda: f"Bearer {_signed(key, exp='never')}",
        "expiry missing": lambda: f"Bearer {_signed(key, exp=...)}",
        "expiry 1e308": lambda: f"Bearer {_signed(key, exp=1e308)}",
        "another service url": lambda: f"Bearer {_signed(key, serviceurl='https://evil.example/')}",
        "stranger's key, known id": lambda: f"Bearer {_signed(stranger)}",
        "stranger's key, unknown id": lambda: f"Bearer {_signed(stranger, kid='unknown-27')}",
        "key id a list": lambda: f"Bearer {_part({'alg': 'RS256', 'kid': ['x']})}.{_part({'aud': CLIENT_ID})}.c2ln",
        "key id 10 KB": lambda: f"Bearer {_signed(stranger, kid='k' * 10_000)}",
        "unsigned": lambda: f"Bearer {_part({'alg': 'RS256', 'kid': 'peerbot-test-key'})}.{_part({'aud': CLIENT_ID})}.",
        "alg none": lambda: f"Bearer {_part({'alg': 'none', 'kid': 'peerbot-test-key'})}.{_part({'aud': CLIENT_ID, 'iss': 'https://api.botframework.com', 'exp': now + 3600})}.",
        "alg None": lambda: f"Bearer {_part({'alg': 'None', 'kid': 'peerbot-test-key'})}.{_part({'aud': CLIENT_ID})}.",
        "HS256 with the public key": lambda: f"Bearer {_hs256_with_public_key(state)}",
        "100 KB": lambda: f"Bearer {_signed(key, pad='x' * 100_000)}",
        "Basic scheme": lambda: f"Basic {bot_token(key, CLIENT_ID)}",
        "no scheme": lambda: bot_token(key, CLIENT_ID),
        "Bearer alone": lambda: "Bearer",
        "two tokens": lambda: f"Bearer {bot_token(key, OTHER_APP)} {bot_token(key, CLIENT_ID)}",
        "control bytes": lambda: "Bearer \x01\x02\x7f",
    }


def cases(homes: Homes, state: dict) -> Iterator[Case]:
    def case(name: str, authorization: Callable[[], str | None], want: tuple[int, ...], before=None, after=None) -> Case:
        def run() -> list[str]:
            if "server" not in state:
                _start(state, homes)
            server = state["server"]
            mark = len(server.lines)
            if before:
                before(state)
            token = authorization()
            status = _send(state, token)
            if after:
                after(state)
            problems = [] if status in want else [f"HTTP {status}, not {want}"]
            problems += server.problems_since(mark)
            if token and len(token) > 30 and any(token.split()[-1][-40:] in line for line in server.lines[mark:]):
                problems.append("the token in the log")
            return problems
        return Case("tokens27", name, run)

    yield case("a good token", lambda: f"Bearer {bot_token(state['key'], CLIENT_ID)}", (200,))
    yield case("no authorization", lambda: None, (401,))
    for name in _bad_tokens({"key": None, "stranger": None}):  # a header past aiohttp's 8 KB, or of control bytes: 400
        want = (400, 401) if name in ("key id 10 KB", "100 KB", "control bytes") else (401,)
        yield case(name, lambda n=name: _bad_tokens(state)[n](), want)
    for kind in ("http-500", "http-503", "http-429", "html", "empty", "list", "text", "reset", "cut-short"):
        def unreadable(s: dict, k=kind) -> None:
            s["proxy"].login.fail("keys", k)
            s["fresh"] = signing_key()  # a key id the server has not fetched: the keys are read again
            s["proxy"].login.keys = [*s["proxy"].login.keys, jwk(s["fresh"], kid=f"fresh-{k}")]
        yield case(f"keys endpoint {kind}", lambda k=kind: f"Bearer {_signed(state['fresh'], kid=f'fresh-{k}')}",
                   (401, 503), before=unreadable, after=lambda s: s["proxy"].login.heal())
    rotated = f"rotated-{uuid.uuid4().hex[:6]}"

    def rotate(s: dict) -> None:
        s["rotated"] = signing_key()
        s["proxy"].login.keys = [jwk(s["rotated"], kid=rotated)]

    def rotated_token() -> str:  # PyJWT fetches keys for an unknown key id at most once in 30 s
        deadline = time.monotonic() + 40
        while _send(state, token := f"Bearer {_signed(state['rotated'], kid=rotated)}") != 200 and time.monotonic() < deadline:
            time.sleep(2)
        return token


    def stalled_fetch() -> list[str]:
        """The keys endpoint stalling under a fetch for an unknown key id: a known key still answers."""
        if "server" not in state:
            _start(state, homes)
        time.sleep(31)  # past PyJWT's 30 s between fetches for unknown key ids
        login, mark = state["proxy"].login, len(state["server"].lines)
        fetched = len(login.requests)
        login.fail("keys", "stall")
        pending = threading.Thread(target=_send, args=(state, f"Bearer {_signed(signing_key(), kid='stall-27')}"))
        pending.start()
        while len(login.requests) == fetched and pending.is_alive():
            time.sleep(0.05)
        status = _send(state, f"Bearer {bot_token(state['key'], CLIENT_ID)}")
        waited = pending.is_alive()
        login.heal()
        pending.join()
        return ([] if status == 200 and waited else [f"HTTP {status} for a known key, after the stalled fetch"]
                + state["server"].problems_since(mark))
    yield Case("tokens27", "keys endpoint stalling: a known key answers meanwhile", stalled_fetch)
    yield case("keys rotated: the new key's token within 40 s", rotated_token, (200,), before=rotate)
