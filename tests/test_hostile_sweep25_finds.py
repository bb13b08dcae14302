"""What the twenty-fifth hostile sweep (benchmarks/hostile_sweep25.py) found: a Slack installation that
the records database cannot store, over HTTP with the Slack double and a real `peerbot serve` on SQLite
and on a throw-away PostgreSQL cluster."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

import psycopg
import pytest
from serve_process import start_serve, stop, wait_for_health
from slack_double import (
    API_APP_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    SlackDouble,
    free_port,
)
from slack_install import begin_install, get

TEAM, TOKEN = "T0STORE01", "xoxb-store-workspace"
REFUSED_SQLITE = ("CREATE TRIGGER full BEFORE INSERT ON slack_bots "  # the second table's write failing
                  "BEGIN SELECT RAISE(ABORT, 'no room for the bot'); END")
DISK_FULL_POSTGRES = """
CREATE FUNCTION disk_full() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$
LANGUAGE plpgsql;
CREATE TRIGGER disk_full BEFORE INSERT ON slack_bots FOR EACH ROW EXECUTE FUNCTION disk_full();
"""


def oauth_answer(team_name: str = "Store") -> bytes:
    return json.dumps({"ok": True, "app_id": API_APP_ID, "authed_user": {"id": "U0INSTALLER"}, "scope": "chat:write",
                       "token_type": "bot", "access_token": TOKEN, "bot_user_id": BOT_USER_ID,
                       "team": {"id": TEAM, "name": team_name}, "enterprise": None,
                       "is_enterprise_install": False}).encode()


def install(oauth_env: dict, spoil: Callable[[], None], body: bytes, rows: Callable[[], tuple[int, int]],
            mend: Callable[[], None] = lambda: None) -> tuple[int, str, tuple[int, int], int]:
    """An install whose storing `spoil` makes fail: the redirect's status, serve's log, the installation
    and bot rows stored, and the status of the same install once `mend` has undone it."""
    with SlackDouble() as slack_api:
        slack_api.installed[TOKEN] = TEAM
        slack_api.fault("oauth.v2.access", "body", times=2, status=200, body=body)  # both installs
        process = start_serve(oauth_env, SLACK_API_URL=slack_api.api_url)
        port = int(oauth_env["PORT"])
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process)
            cookie, state = begin_install(port)
            spoil()
            status, _, _ = get(port, f"/slack/oauth_redirect?code=c0de&state={state}", cookie)
            stored = rows()
            mend()
            cookie, state = begin_install(port)
            again, _, _ = get(port, f"/slack/oauth_redirect?code=c0de&state={state}", cookie)
        finally:
            _, err = stop(process)
    assert process.returncode == 0, err[-2000:]
    return status, err, stored, again


def judged(status: int, err: str, stored: tuple[int, int], again: int, wanted: int) -> None:
    assert status == wanted, err[-2000:]
    assert "Traceback" not in err and "Slack: an install was not stored" in err, err[-3000:]
    assert stored == (0, 0)  # not half-stored: no installation without its bot
    assert again == 200


@pytest.mark.parametrize("case", ["bots-write-refused", "unencodable-name"])
def test_an_install_sqlite_cannot_store_is_one_line_a_clear_page_and_nothing_half_stored(oauth_env, tmp_path, case):
    """Before: Bolt's store raised the database's (or the driver's) own error, which Bolt's flow lets
    out: HTTP 500 with a traceback; and it stored the installation and its bot in two transactions,
    so a failure of the second left an installation with no bot."""
    path = tmp_path / "data" / "peerbot.db"

    def sql(statement: str) -> None:
        with sqlite3.connect(path) as db:
            db.execute(statement)

    def rows() -> tuple[int, int]:
        with sqlite3.connect(path) as db:
            return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                         for t in ("slack_installations", "slack_bots"))

    if case == "bots-write-refused":
        found = install(oauth_env, lambda: sql(REFUSED_SQLITE), oauth_answer(), rows, lambda: sql("DROP TRIGGER full"))
        judged(*found, wanted=500)  # SQLite's constraint error: not a fault a later try gets past
    else:  # a lone surrogate: JSON carries it, UTF-8 cannot
        body = oauth_answer("\\ud800").replace(b"\\\\ud800", b"\\ud800")
        status, err, stored, _ = install(oauth_env, lambda: None, body, rows)
        judged(status, err, stored, 200, wanted=500)


@pytest.mark.parametrize("case", ["stopped", "read-only", "disk-full", "nul-in-name"])
def test_an_install_postgresql_cannot_store_is_one_line_a_clear_page_and_nothing_half_stored(
        oauth_env, postgres, postgres_url, case):
    name = postgres_url.rsplit("/", 1)[1]

    def sql(statement: str, admin: bool = False) -> None:
        with psycopg.connect(postgres.url() if admin else postgres_url, autocommit=True) as db:
            db.execute(statement)
            if admin:  # new sessions see the setting
                db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = %s AND pid <> pg_backend_pid()", [name])

    def rows() -> tuple[int, int]:
        if case == "stopped":
            postgres.resume()
        with psycopg.connect(postgres_url) as db:
            return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value,index]
                         for t in ("slack_installations", "slack_bots"))

    oauth_env = {**oauth_env, "DATABASE_URL": postgres_url}
    if case == "stopped":
        judged(*install(oauth_env, postgres.halt, oauth_answer(), rows), wanted=503)
    elif case == "read-only":
        judged(*install(oauth_env, lambda: sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on', True),
                        oauth_answer(), rows,
                        lambda: sql(f'ALTER DATABASE "{name}" RESET default_transaction_read_only', True)), wanted=503)
    elif case == "disk-full":
        judged(*install(oauth_env, lambda: sql(DISK_FULL_POSTGRES), oauth_answer(), rows,
                        lambda: sql("DROP TRIGGER disk_full ON slack_bots")), wanted=503)
    else:  # PostgreSQL's text cannot hold NUL
        status, err, stored, _ = install(oauth_env, lambda: None, oauth_answer("St\u0000ore"), rows)
        judged(status, err, stored, 200, wanted=500)


def test_a_member_id_found_by_email_is_looked_up_again_after_hours_and_a_miss_after_minutes():
    """Before: a member id found by users.lookupByEmail was kept for good (a member deactivated, or
    whose address moved, was mentioned until `serve` restarted), and an address with no member (or
    whose lookup failed) was not asked about again for an hour. Over HTTP with the Slack double; the
    resolver's clock is the test's."""
    import asyncio

    from slack_sdk.web.async_client import AsyncWebClient

    from bot.answer import Contact, Identity
    from bot.slack.users import FOUND_SECONDS, MISS_SECONDS, MentionResolver

    now = [1000.0]
    person = Contact("Julian Hartley", "Chief executive", "Leeds", "", ())
    email = "julian.hartley@example.nhs.uk"

    async def run(double: SlackDouble) -> list[tuple[str, int]]:
        client = AsyncWebClient(token=BOT_TOKEN, base_url=double.api_url)
        resolver = MentionResolver(client, lambda contact: Identity(email=email), clock=lambda: now[0])
        seen = []

        async def look(after: float = 0.0) -> None:
            now[0] += after
            seen.append((await resolver.user_id(person), len(double.calls_to("users.lookupByEmail"))))

        double.users_by_email[email] = "U0FIRST01"
        await look()
        await look()  # cached
        double.users_by_email[email] = "U0SECOND1"  # the address moved to another member
        await look(FOUND_SECONDS - 60)  # still the first, not asked
        await look(120)  # hours later: asked again
        del double.users_by_email[email]  # deactivated: no member
        await look(FOUND_SECONDS + 1)
        await look(MISS_SECONDS - 60)  # a miss is not asked about on every answer
        double.users_by_email[email] = "U0SECOND1"
        await look(120)  # minutes later it is
        double.fault("users.lookupByEmail", "http", times=1, status=500)
        await look(FOUND_SECONDS + 1)  # Slack failing: no mention this time
        await look(MISS_SECONDS + 1)  # and the member back minutes later
        return seen

    with SlackDouble() as double:
        seen = asyncio.run(run(double))
    assert seen == [("U0FIRST01", 1), ("U0FIRST01", 1), ("U0FIRST01", 1), ("U0SECOND1", 2), ("", 3), ("", 3),
                    ("U0SECOND1", 4), ("", 5), ("U0SECOND1", 6)]


TOKEN_FAULTS = ["html", "expiry-missing", "expiry-text", "expiry-negative", "expiry-huge", "token-number",
                "token-list", "http-429-later", "http-500", "stall"]


@pytest.mark.parametrize("kind", TOKEN_FAULTS)
def test_a_reply_is_signed_with_a_good_token_once_the_sign_in_service_answers_one_after_an_odd_one(tmp_path, kind):
    """Microsoft's token endpoint (the bot's client-credentials sign-in, for its replies) answering 200
    with a body that is not JSON, an expiry missing, text, negative or of 31 digits, a token that is
    not text, 429 with a Retry-After of an hour (held to PEERBOT_TEAMS_RETRY_AFTER_SECONDS, 3 s here), 500
    or nothing at all: the message is taken (or refused with 503 and taken when sent again), a good token
    is fetched for its reply once the service answers one (an odd answer is not kept), and each failure
    is one log line, no traceback.
    (The reply's connector host is not reachable here: with credentials the SDK allows only
    Microsoft's hosts, and its client does not use the proxy.)"""
    import shutil
    import time

    from conftest import KNOWLEDGE
    from identity_doubles import ConnectProxy, bot_token, jwk, signing_key
    from teams_doubles import message
    from test_hostile_sweep9_finds import SERVICE_URL, _post
    from test_teams_tokens import CLIENT_ID, SECRET, TENANT, credentialed

    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    proxy = ConnectProxy(tmp_path, TENANT)
    key = signing_key()
    proxy.login.keys = [jwk(key)]
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/messages"
    process = start_serve({**credentialed(tmp_path, proxy, port), "PEERBOT_TEAMS_RETRY_AFTER_SECONDS": "3"})
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process)
        token = bot_token(key, CLIENT_ID, service_url=SERVICE_URL)
        activity = message(SERVICE_URL, "How did the trusts set up a committee in common?", activity_id="odd-1")
        proxy.login.fail("token", kind)
        first = status = _post(url, activity, token)
        time.sleep(3)  # the reply tried with the odd answer
        proxy.login.heal()
        deadline = time.monotonic() + 90
        while (status == 503 or not proxy.login.tokens) and time.monotonic() < deadline:
            time.sleep(1)
            if status == 503:
                status = _post(url, activity, token)
        fetched = proxy.login.tokens  # good tokens handed out (an odd answer's own, when its token is text)
    finally:
        out, err = stop(process)
        proxy.close()
    assert first in (202, 503) and status == 202, err[-3000:]
    assert fetched >= 1, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert SECRET not in out + err
