"""Teams with credentials, as in production: `peerbot serve` as a real process validates each
request's Bot Framework token with the Agents SDK. Tokens are signed here with a local RSA key,
and Microsoft's sign-in hosts are local doubles reached through an HTTPS proxy on 127.0.0.1
(tests/identity_doubles.py), so a valid token is accepted and answered and each bad one refused."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil

import pytest
from conftest import KNOWLEDGE
from identity_doubles import ConnectProxy, bot_token, expect_replies, jwk, replies, signing_key
from serve_process import start_serve, wait_for_health
from serve_process import stop as stop_process
from teams_doubles import free_port, message, send

CLIENT_ID = "11111111-2222-3333-4444-555555555555"
TENANT = "66666666-7777-8888-9999-000000000000"
OTHER_TENANT = "99999999-8888-7777-6666-555555555555"
SECRET = "teams-client-secret-never-printed"
SERVICE_URL = "https://smba.trafficmanager.net/uk/"  # never called: the replies come back in the response
KEY_REFRESH_SECONDS = 1  # the module's server fetches the keys for an unknown key id at most once a second


@pytest.fixture(scope="module")
def keys():
    return signing_key(), signing_key()  # peerbot's trusted key (served as Microsoft's), and a stranger's


class Served:
    def __init__(self, url: str, proxy: ConnectProxy, process):
        self.url, self.proxy, self.process = url, proxy, process
        self.output: str | None = None

    def stop(self) -> str:
        """Stop the server (once) and return everything it printed."""
        if self.output is None:
            out, err = stop_process(self.process)
            self.output = out + err
        return self.output


def credentialed(root, proxy: ConnectProxy, port: int) -> dict[str, str]:
    """`peerbot serve`'s environment for Teams alone, with credentials, reaching Microsoft through `proxy`,
    on `root`'s knowledge folder."""
    return {"PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(root / "knowledge"),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(port), "SLACK_BOT_TOKEN": "",
            "SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "", "TEAMS_ALLOW_ANONYMOUS": "",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": CLIENT_ID,
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": SECRET,
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": TENANT, **proxy.environment()}


@pytest.fixture(scope="module")
def served(tmp_path_factory, keys):
    """One `peerbot serve` (Teams only, with credentials) behind the proxy to the sign-in doubles, fetching
    the keys again for an unknown key id after KEY_REFRESH_SECONDS (not PyJWT's 30 s)."""
    root = tmp_path_factory.mktemp("teams-tokens")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    proxy = ConnectProxy(root, TENANT)
    proxy.login.keys = [jwk(keys[0])]
    port = free_port()
    environment = {**credentialed(root, proxy, port), "PEERBOT_TEAMS_KEY_REFRESH_SECONDS": str(KEY_REFRESH_SECONDS)}
    server = Served(f"http://127.0.0.1:{port}", proxy, start_serve(environment))
    try:
        assert wait_for_health(server.url, server.process) == {"status": "ok", "teams": "authenticated"}
        yield server
    finally:
        server.stop()
        proxy.close()


def post(url: str, activity: dict, token: str) -> tuple[int, str]:
    return asyncio.run(send(f"{url}/api/messages", activity, token))


def question(activity_id: str) -> dict:
    return expect_replies(message(SERVICE_URL, "How did the trusts set up a committee in common?", activity_id=activity_id))


def test_a_valid_token_is_accepted_and_the_question_answered(served, keys):
    url, proxy = served.url, served.proxy
    status, body = post(url, question("ok-1"), bot_token(keys[0], CLIENT_ID, service_url=SERVICE_URL))
    assert status == 200, body
    [answer] = replies(body)
    card = answer["attachments"][0]["content"]
    assert "committee in common" in json.dumps(card).lower() and "People who have done this" in json.dumps(card)
    # the SDK fetched Bot Framework's signing keys, and MSAL a token for the reply, from the doubles
    assert ("GET", "login.botframework.com", "/v1/.well-known/keys") in proxy.login.requests
    assert ("POST", "login.microsoftonline.com", f"/{TENANT}/oauth2/v2.0/token") in proxy.login.requests


@pytest.mark.parametrize("case", ["wrong audience", "wrong issuer", "expired", "wrong key", "unknown key id"])
def test_each_kind_of_bad_token_is_refused_with_401(served, keys, case):
    url = served.url
    trusted, stranger = keys
    token = {
        "wrong audience": lambda: bot_token(trusted, "00000000-aaaa-bbbb-cccc-000000000000"),
        # signed with a key the tenant's Entra keys endpoint serves, for the right app, but issued by
        # another tenant: only the issuer check (VALIDATE_ISSUER) refuses it
        "wrong issuer": lambda: bot_token(trusted, CLIENT_ID, issuer=f"https://sts.windows.net/{OTHER_TENANT}/",
                                          tid=OTHER_TENANT),
        "expired": lambda: bot_token(trusted, CLIENT_ID, expires_in=-3600),
        "wrong key": lambda: bot_token(stranger, CLIENT_ID),  # same key id, another key
        "unknown key id": lambda: bot_token(stranger, CLIENT_ID, kid="someone-elses-key"),
    }[case]()
    status, body = post(url, question(f"bad-{case}"), token)
    assert status == 401, body
    assert json.loads(body) == {"error": "Invalid token or authentication failed."}


def test_the_issuer_refused_is_accepted_from_this_tenant(served, keys):
    """The wrong-issuer case fails on the issuer alone: the same token from this tenant passes."""
    url = served.url
    token = bot_token(keys[0], CLIENT_ID, issuer=f"https://sts.windows.net/{TENANT}/", tid=TENANT)
    assert post(url, question("tenant-1"), token)[0] == 200


def test_a_request_without_a_token_is_refused(served):
    assert asyncio.run(send(f"{served.url}/api/messages", question("none-1")))[0] == 401


def _part(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


GARBLED = {
    "no key id": f"{_part({'alg': 'RS256', 'typ': 'JWT'})}.{_part({'aud': CLIENT_ID})}.c2ln",
    "alg none": f"{_part({'alg': 'none', 'kid': 'x'})}.{_part({'aud': CLIENT_ID})}.",
    "header a list": f"{_part(['kid'])}.{_part({})}.c2ln",
    "header not base64": "%%%.e30.c2ln", "header not JSON": "bm90IGpzb24.e30.c2ln",
    "header not UTF-8": "__79.e30.c2ln", "two parts": "a.b", "empty": "",
}


@pytest.mark.parametrize("case", GARBLED)
def test_a_garbled_token_is_refused_with_401_before_the_sdk_reads_it(served, case):
    status, body = post(served.url, question(f"garbled-{case}"), GARBLED[case] or " ")
    assert status == 401, body
    assert json.loads(body) == {"error": "Invalid token or authentication failed."}


def test_last_the_server_stops_cleanly_having_printed_no_secret_and_no_token(served, keys):
    token = bot_token(keys[0], CLIENT_ID)
    assert post(served.url, question("ok-2"), token)[0] == 200
    output = served.stop()
    assert served.process.returncode == 0, output
    assert SECRET not in output and token not in output and "local-double-access-token" not in output
    assert "Traceback" not in output