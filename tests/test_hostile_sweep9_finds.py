"""What the ninth hostile sweep (benchmarks/hostile_sweep9.py, class `token9`) found, against a real
`peerbot serve` with Teams credentials whose Microsoft sign-in service is a local double behind an
HTTPS proxy (tests/identity_doubles.py): a sign-in service that accepted the connection and never
answered the tenant's OpenID metadata held `serve`'s event loop (MSAL's client was made on it, with
no time limit), so Teams messages were not acknowledged and /healthz did not answer; a token
endpoint that never answered held the reply for good (a worker thread waiting with no time limit,
the reply counted as "may yet arrive" and never tried again); and any other failure of it (HTTP
500, HTML) was an HTTP 500 with a traceback for every Teams message, the message lost. The SDK needs
a token before peerbot sees an activity, so the message is now refused with 503 (Teams sends it
again), in one warning line."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
import urllib.request

import pytest
from conftest import KNOWLEDGE
from identity_doubles import ConnectProxy, bot_token, jwk, signing_key
from serve_process import start_serve, stop, wait_for_health
from teams_doubles import free_port, message
from test_teams_tokens import CLIENT_ID, SECRET, TENANT, credentialed

SERVICE_URL = "https://smba.trafficmanager.net/"  # the reply's host; it cannot be reached here, which is not the point
QUESTION = "How did the trusts set up a committee in common?"


def _post(url: str, body: dict, token: str) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return -1  # no answer within 20 s


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def _taken(root) -> int:
    """How many messages the inbox holds (their keys are pseudonyms)."""
    with sqlite3.connect(root / "data" / "peerbot.db", timeout=30) as db:
        return db.execute("SELECT count(*) FROM inbox").fetchone()[0]


@pytest.mark.parametrize("endpoint", ["metadata", "token"])
@pytest.mark.parametrize("kind", ["stall", "trickle", "http-500", "html"])
def test_a_failing_sign_in_service_holds_up_nothing_and_loses_no_message(tmp_path, endpoint, kind):
    """While Microsoft's sign-in service fails (never answers, a byte every 2 s, HTTP 500, HTML), each Teams message is
    acknowledged or refused with 503 (Teams sends it again) in one warning line, never 500 or no
    answer, and /healthz answers; once it is back, every message sent again is taken."""
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    proxy = ConnectProxy(tmp_path, TENANT)
    key = signing_key()
    proxy.login.keys = [jwk(key)]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_serve(credentialed(tmp_path, proxy, port))
    try:
        wait_for_health(url, process)
        proxy.login.fail(endpoint, kind)
        token = bot_token(key, CLIENT_ID, service_url=SERVICE_URL)
        sent = {name: message(SERVICE_URL, QUESTION, activity_id=name) for name in ("first", "second")}
        statuses = {name: _post(f"{url}/api/messages", activity, token) for name, activity in sent.items()}
        assert set(statuses.values()) <= {202, 503}, statuses
        assert _healthy(url)
        proxy.login.heal()
        deadline = time.monotonic() + 60
        while any(status == 503 for status in statuses.values()) and time.monotonic() < deadline:
            time.sleep(1)
            statuses.update({name: _post(f"{url}/api/messages", sent[name], token)
                             for name, status in statuses.items() if status == 503})
        assert set(statuses.values()) == {202}, statuses
        assert _taken(tmp_path) == len(sent)
        assert proxy.login.tokens
    finally:
        out, err = stop(process)
        proxy.close()
    assert "Traceback" not in err, err
    assert "no token from Microsoft's sign-in service" in err or set(statuses.values()) == {202}
    assert SECRET not in out + err
