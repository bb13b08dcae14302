"""What the sixth hostile sweep, over the wire (benchmarks/hostile_sweep6_net.py), found, each over
HTTP on 127.0.0.1 against peerbot's real Teams endpoint and local doubles.

- A Teams activity holding, outside what a person wrote, a key or a string that is not valid text
  (a lone surrogate: the recipient's name, the tenant or team id, any key), or objects and lists
  nested past what the SDK can serialise, is a 400 in one line before the SDK sees it (the SDK
  failed mid-turn: a UnicodeEncodeError or "Maximum serialization depth exceeded" traceback, and
  HTTP 500 for an installation).
- A signed token whose claims the SDK reads are of the wrong type (a `serviceurl` that is a list)
  is a 401 before the SDK's check (it raised AttributeError: HTTP 500 and a traceback).
- A Slack Web API answer labelled JSON that is not (cut short) is one warning line: the SDK's own
  error for it carries aiohttp's response, and reading its error code was an AttributeError
  traceback (conversations.info, behind every answer in a channel).
- A Web API call that never answers is given up after REQUEST_SECONDS (20 s), as documented: the SDK
  applies its client's time limit only to sessions it makes, and `serve`'s shared session had
  aiohttp's five minutes, so a hanging look-up held the answer that long.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import dataclasses
import json
import logging
import shutil

import aiohttp
import pytest
from conftest import KNOWLEDGE
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from identity_doubles import ConnectProxy, expect_replies, jwk, signing_key
from serve_process import said_since, start_serve, wait_for_health
from serve_process import stop as stop_process
from teams_doubles import ConnectorDouble, card_action, free_port, installation, message, send, teams_server

from bot.service import Peerbot, RetryPolicy
from bot.state import StateStore

FAST = RetryPolicy(delays=(0.05, 0.1), attempt_seconds=5, lease_seconds=3, poll_seconds=0.05)


@pytest.fixture
def corpus(shared_answerer):
    """The module's one hashing-embedder index over the bundled corpus: these tests only read it."""
    return shared_answerer.corpus


@pytest.fixture
def anonymous(settings):
    return dataclasses.replace(settings, teams_allow_anonymous=True)


def _deep(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


def _with(make, *path_and_value):
    """An activity (a function of the connector's URL) with the value at each dotted path set."""
    def made(service_url: str) -> dict:
        activity = copy.deepcopy(make(service_url))  # the doubles' activities share their user and tenant
        for path, value in zip(path_and_value[::2], path_and_value[1::2], strict=True):
            *parents, last = path.split(".")
            node = activity
            for key in parents:
                node = node.setdefault(key, {})
            node[last] = value
        return activity
    return made


def _question(service_url: str) -> dict:
    return message(service_url, "committee in common")


def _lesson(service_url: str) -> dict:
    return card_action(service_url, "peerbot.lesson", {"q": "q-1", "title": "B", "did": "d", "learned": "l"})


NOT_WRITABLE = {
    "recipient name a lone surrogate": _with(_question, "recipient.name", "\ud800"),
    "tenant id a lone surrogate": _with(_question, "channelData.tenant.id", "\ud800"),
    "team id a lone surrogate": _with(lambda s: message(s, "committee in common", conversation="19:c@thread.tacv2",
                                                        kind="channel", mention=True),
                                      "channelData.team.id", "\ud800"),
    "installation team id a lone surrogate": _with(lambda s: installation(s, "add"), "channelData.team.id", "\ud800"),
    "a key a lone surrogate": _with(_question, "channelData.\udfff", 1),
    "card data 900 deep": _with(_lesson, "value.action.data.title", _deep(900)),
    "channel data 300 deep": _with(_question, "channelData.extra", _deep(300)),
}


@pytest.mark.parametrize("case", NOT_WRITABLE)
def test_an_activity_that_cannot_be_stored_or_sent_on_is_refused_in_one_line(settings, corpus, tmp_path, anonymous,
                                                                               caplog, case):
    """Before: the SDK failed mid-turn, a traceback each (HTTP 500 for the installation)."""
    peerbot = Peerbot(corpus, StateStore(tmp_path / "state.db"), FAST)

    async def run() -> tuple[int, list]:
        async with ConnectorDouble() as double, teams_server(peerbot, anonymous) as (url, _bot):
            body = json.dumps(NOT_WRITABLE[case](double.url)).encode("utf-8", "surrogatepass")
            async with aiohttp.ClientSession() as session, session.post(
                    url, data=body, headers={"Content-Type": "application/json"}) as response:
                status = response.status
            await asyncio.sleep(1)
            return status, double.posts

    with caplog.at_level(logging.INFO):
        status, posts = asyncio.run(run())
    assert status == 400 and posts == []
    assert [r.getMessage()[:100] for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()] == []
    [line] = [r.getMessage() for r in caplog.records if "refused a request that is not an activity" in r.getMessage()]
    assert "not valid text" in line or "nested too deeply" in line


def test_what_a_person_wrote_may_hold_a_lone_surrogate_and_is_answered(settings, corpus, tmp_path, anonymous):
    """The refusal above is not of the user's words: a message's text and a card's inputs are read by
    peerbot, which drops text that is not valid."""
    peerbot = Peerbot(corpus, StateStore(tmp_path / "state.db"), FAST)

    async def run() -> list:
        async with ConnectorDouble() as double, teams_server(peerbot, anonymous) as (url, _bot):
            activity = message(double.url, "committee \ud800 in common")
            status, _ = await send(url, activity)
            assert status in (200, 202)
            return await double.wait_for_posts(1, timeout=60)

    [post] = asyncio.run(run())
    assert "committee in common" in json.dumps(post.activity).lower()


# -- tokens whose claims are of the wrong type ----------------------------------------------------------

CLIENT_ID = "11111111-2222-3333-4444-555555555555"
TENANT = "66666666-7777-8888-9999-000000000000"
SERVICE_URL = "https://smba.trafficmanager.net/uk/"


@pytest.fixture(scope="module")
def key():
    return signing_key()


@pytest.fixture(scope="module")
def served(tmp_path_factory, key):
    """`peerbot serve` (Teams with credentials) behind the proxy to the sign-in doubles; yields
    (its URL, its standard error so far)."""
    root = tmp_path_factory.mktemp("teams-claims")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    proxy = ConnectProxy(root, TENANT)
    proxy.login.keys = [jwk(key)]
    port = free_port()
    env = {"PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(root / "knowledge"),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(port), "SLACK_BOT_TOKEN": "",
           "SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "", "TEAMS_ALLOW_ANONYMOUS": "",
           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": CLIENT_ID,
           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "teams-client-secret",
           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": TENANT, **proxy.environment()}
    process = start_serve(env)
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process)
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            stop_process(process)
        proxy.close()


def signed_as_given(key, claims: object) -> str:
    """A token signed with `key` whose claims are written as given (types PyJWT's encoder refuses)."""
    def part(value: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
    signing_input = f"{part({'alg': 'RS256', 'typ': 'JWT', 'kid': 'peerbot-test-key'})}.{part(claims)}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).decode().rstrip('=')}"


def _claims(**change) -> dict:
    import time

    now = int(time.time())
    return {"iss": "https://api.botframework.com", "aud": CLIENT_ID, "iat": now - 60, "nbf": now - 60,
            "exp": now + 3600, "serviceurl": SERVICE_URL, **change}


WRONG_TYPES = {"serviceurl a list": {"serviceurl": [SERVICE_URL]}, "serviceurl an object": {"serviceurl": {"a": 1}},
               "issuer a number": {"iss": 7}, "audience a list of numbers": {"aud": [1, 2]},
               "tenant an object": {"tid": {"id": TENANT}}, "claims a list": None}


@pytest.mark.parametrize("case", WRONG_TYPES)
def test_a_signed_token_whose_claims_are_of_the_wrong_type_is_refused_with_401(served, key, case):
    """Before: a `serviceurl` list or object was an AttributeError in the SDK, HTTP 500."""
    url, _ = served
    change = WRONG_TYPES[case]
    token = signed_as_given(key, _claims(**change) if change is not None else [1, 2])
    activity = expect_replies(message(SERVICE_URL, "committee in common", activity_id=f"claims-{case}"))
    status, body = asyncio.run(send(f"{url}/api/messages", activity, token))
    assert status == 401, body


def test_last_a_valid_token_is_still_accepted_and_nothing_was_a_traceback(served, key):
    url, process = served
    activity = expect_replies(message(SERVICE_URL, "committee in common", activity_id="claims-valid"))
    status, body = asyncio.run(send(f"{url}/api/messages", activity, signed_as_given(key, _claims())))
    assert status == 200, body
    out, err = stop_process(process)
    assert "Traceback" not in out + err


# -- the Slack Web API answering unreadably, or never ----------------------------------------------------

@pytest.fixture(scope="module")
def slack_served(tmp_path_factory):
    """`peerbot serve` (Slack over HTTP) with the Slack double; yields (events URL, the double, the
    server's standard error so far)."""
    import threading

    from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble

    root = tmp_path_factory.mktemp("slack-wire")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    port = free_port()
    with SlackDouble() as double:
        env = {"PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(root / "knowledge"),
               "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(port), "SLACK_BOT_TOKEN": BOT_TOKEN,
               "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url, "SLACK_APP_TOKEN": "",
               "TEAMS_ALLOW_ANONYMOUS": ""}
        process = start_serve(env)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process, timeout=120)
            reader.start()
            yield f"http://127.0.0.1:{port}/slack/events", double, lines
        finally:
            process.kill()
            process.wait()


def _asked(url: str, double, channel: str) -> str:
    from slack_double import SlackSender, app_mention

    body = app_mention("How did the trusts set up a committee in common?", channel=channel)
    assert SlackSender(url).event(body).status == 200
    return body["event"]["ts"]


def test_a_web_api_answer_that_is_cut_short_is_one_warning_line(slack_served):
    """Before: conversations.info answering `{"ok": true, "channel": {"id` was an AttributeError
    traceback (reading the error code of the SDK's SlackApiError, which held aiohttp's response)."""
    url, double, lines = slack_served
    double.fault("conversations.info", "body", status=200, body=b'{"ok": true, "channel": {"id', times=1)
    mark = len(lines)
    ts = _asked(url, double, "C0CUTSHORT1")
    double.wait_for("chat.postMessage", thread_ts=ts, timeout=60)
    said = said_since(lines, mark, "conversations.info failed (HTTP 200 with a body that is not JSON)")
    assert not any("Traceback" in line for line in said), "".join(said)
    assert any("conversations.info failed (HTTP 200 with a body that is not JSON)" in line for line in said), said


def test_a_web_api_call_that_never_answers_is_given_up_and_the_answer_still_posted(slack_served):
    """conversations.info held for ten minutes: the answer is posted once its look-up is given up
    (after 20 s; before, aiohttp's default of five minutes)."""
    url, double, lines = slack_served
    double.fault("conversations.info", "slow", seconds=600, times=1)
    mark = len(lines)
    ts = _asked(url, double, "C0NEVERANS1")
    [answer] = double.wait_for("chat.postMessage", thread_ts=ts, timeout=150)
    assert answer.ok
    said = said_since(lines, mark, "conversations.info failed (TimeoutError)")
    assert any("conversations.info failed (TimeoutError)" in line for line in said), said
    assert not any("Traceback" in line for line in said), "".join(said)
