"""Slack and the Teams connector failing a reply, then a SIGKILL of `peerbot serve` while its retry
waits in the inbox: every accepted request is answered exactly once, with its answer, after the
restart. A token Slack refuses (invalid_auth, token_expired: refreshed or rotated meanwhile) and a
connector's 401 are tried again (the connector's with a token signed in afresh) rather than given up
for an apology; a 429's Retry-After holds the retry back at least that long (kept in the inbox, so
the restart honours it too). Real processes, the real inbox in SQLite, the Slack and connector
doubles over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from serve_process import start_serve, stop, wait_for_health
from slack_double import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    free_port,
    message_shortcut,
    view_submission,
)
from teams_doubles import ConnectorDouble, card_action, installation, message, send

QUESTION = "How did the trusts set up a shared staff bank?"
APOLOGY = "Sorry, something went wrong"


@pytest.fixture
def env(tmp_path, corpus_dir, monkeypatch):
    for name in ("SLACK_APP_TOKEN", "TEAMS_ALLOW_ANONYMOUS", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1"}


def rows(env: dict, kind: str) -> list[dict]:
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT status, phase, attempts, not_before FROM inbox WHERE kind = ?",
                                            (kind,))]


def wait_for(env: dict, kind: str, done, timeout: float = 120) -> list[dict]:
    deadline = time.monotonic() + timeout
    while not done(found := rows(env, kind)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def retrying(found: list[dict]) -> bool:
    """The one item's first try failed: it waits in the inbox for its retry."""
    return len(found) == 1 and found[0]["status"] == "pending" and found[0]["attempts"] == 1


def ended(found: list[dict]) -> bool:
    return bool(found) and all(r["status"] != "pending" for r in found)


def serve(env: dict, **variables: str):
    port = free_port()
    process = start_serve(env, PORT=str(port), **variables)
    url = f"http://127.0.0.1:{port}"
    wait_for_health(url, process)
    return process, url


def killed(process) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


def slack_variables(double: SlackDouble) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url}


@pytest.mark.parametrize("code", ["invalid_auth", "token_expired"])
def test_a_reply_whose_token_slack_refused_is_answered_once_after_a_sigkill(env, code):
    with SlackDouble() as double:
        double.fail("chat.postMessage", code, times=1)
        first, url = serve(env, **slack_variables(double))
        mention = app_mention(QUESTION, channel="C0TOKEN01")
        assert SlackSender(f"{url}/slack/events").event(mention).status == 200
        assert retrying(wait_for(env, "slack.message", retrying))  # not given up for an apology
        killed(first)
        second, _ = serve(env, **slack_variables(double))
        try:
            assert [r["status"] for r in wait_for(env, "slack.message", ended)] == ["answered"]
        finally:
            stop(second)
        posts = [c for c in double.calls_to("chat.postMessage", channel="C0TOKEN01") if c.ok]
    assert len(posts) == 1 and posts[0]["thread_ts"] == mention["event"]["ts"]
    assert APOLOGY not in posts[0]["text"]


def _teams_once(env: dict, refuse, activity_id: str) -> tuple[list, list[dict], float]:
    """A Teams message whose first reply the connector refuses as `refuse(connector)` says; the
    server killed while the retry waits, and started again. The replies to it, the inbox row as the
    retry waited, and the time just before the message was sent."""
    async def run():
        async with ConnectorDouble() as connector:
            refuse(connector)
            first, url = await asyncio.to_thread(serve, env, TEAMS_ALLOW_ANONYMOUS="1")
            sent = time.time()
            status, _ = await send(f"{url}/api/messages", message(connector.url, QUESTION, activity_id=activity_id))
            assert status == 202
            waiting = await asyncio.to_thread(wait_for, env, "teams.message", retrying)
            await asyncio.to_thread(killed, first)
            second, _ = await asyncio.to_thread(serve, env, TEAMS_ALLOW_ANONYMOUS="1")
            try:
                done = await asyncio.to_thread(wait_for, env, "teams.message", ended)
            finally:
                await asyncio.to_thread(stop, second)
            assert [r["status"] for r in done] == ["answered"]
            return [p for p in connector.posts if p.reply_to == activity_id], waiting, sent
    return asyncio.run(run())


def test_a_teams_reply_the_connector_refused_with_401_is_answered_once_after_a_sigkill(env):
    posts, waiting, _ = _teams_once(env, lambda connector: connector.fail(401), "token-refused-1")
    assert retrying(waiting)  # tried again, not given up for an apology
    assert len(posts) == 1 and APOLOGY not in str(posts[0].activity)


def test_a_teams_429s_retry_after_holds_the_retry_back_across_a_sigkill(env):
    posts, waiting, sent = _teams_once(
        env, lambda connector: connector.fault("body", status=429, body=b"{}", headers={"Retry-After": "20"}),
        "rate-limited-1")
    assert retrying(waiting) and waiting[0]["not_before"] >= sent + 20  # not the first retry's 2 s
    assert len(posts) == 1 and APOLOGY not in str(posts[0].activity)


REVIEW = "C0REVIEW01"
LESSON = {"title": "Theatre lists shared across three trusts", "did": "We pooled theatre lists across three trusts.",
          "learned": "Agree the rules first.", "organisation": "Example Surgical Collaborative",
          "enablers": ["building-trust"], "contact": "", "contact_agreed": False, "contributor": "",
          "contributor_named": False}


def _submitted(url: str, double: SlackDouble) -> None:
    """A lesson saved from a message: the form opened, filled in and submitted (acknowledged)."""
    sender = SlackSender(f"{url}/slack/events")
    shortcut = message_shortcut("Pooling theatre lists worked once the rules were agreed.", double.response_url(),
                                channel="C0LESSON1", callback_id="save_lesson")
    assert sender.interaction(shortcut).status == 200
    view = double.wait_for("views.open", timeout=60, trigger_id=shortcut["trigger_id"])[0]["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert sender.interaction(view_submission(view, LESSON)).status == 200


def test_a_review_card_slack_refuses_for_its_form_is_posted_once_as_plain_text(env):
    """Before: msg_too_long (or invalid_blocks) on the card gave it up, as no retry cures it."""
    with SlackDouble() as double:
        double.fail("chat.postMessage", "msg_too_long", channel=REVIEW, times=1)
        first, url = serve(env, PEERBOT_REVIEW_CHANNEL=REVIEW, **slack_variables(double))
        try:
            _submitted(url, double)
            assert [r["status"] for r in wait_for(env, "slack.review", ended)] == ["answered"]
        finally:
            stop(first)
        cards = [p for p in double.posted if p["channel"] == REVIEW]
    assert len(cards) == 1 and LESSON["title"] in cards[0]["text"] and len(cards[0]["blocks"]) == 1


def _reached(double: SlackDouble, channel: str, timeout: float = 90) -> bool:
    """Whether a post to `channel` reached the double (answered or not) within `timeout` s."""
    deadline = time.monotonic() + timeout
    while not double.calls_to("chat.postMessage", channel=channel) and time.monotonic() < deadline:
        time.sleep(0.05)
    return bool(double.calls_to("chat.postMessage", channel=channel))


@pytest.mark.parametrize("refusal", ["internal_error", "unanswered"])
def test_a_new_lessons_review_card_slack_failed_or_a_sigkill_cut_off_is_posted_once_after_the_restart(env, refusal):
    """Before: the card was posted once after the form's acknowledgement, and a failure or a kill
    lost it for good (the lesson stored, no curator told)."""
    with SlackDouble() as double:
        if refusal == "internal_error":
            double.fail("chat.postMessage", "internal_error", channel=REVIEW, times=1)
        else:  # the post never reaches Slack, and the server is killed while it waits
            double.fault("chat.postMessage", "slow", seconds=120, took_effect=False)
        first, url = serve(env, PEERBOT_REVIEW_CHANNEL=REVIEW, **slack_variables(double))
        _submitted(url, double)
        if refusal == "internal_error":
            assert retrying(wait_for(env, "slack.review", retrying))
        else:
            assert _reached(double, REVIEW)
        killed(first)
        second, _ = serve(env, PEERBOT_REVIEW_CHANNEL=REVIEW, **slack_variables(double))
        try:
            assert [r["status"] for r in wait_for(env, "slack.review", ended)] == ["answered"]
        finally:
            stop(second)
        cards = [p for p in double.posted if p["channel"] == REVIEW]
    assert len(cards) == 1 and LESSON["title"] in json.dumps(cards[0]["blocks"])
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        [(review,)] = db.execute("SELECT review FROM lessons").fetchall()
    assert cards[0]["ts"] in review  # where the card is, for an edit to refresh it


TEAMS_REVIEW = "19:general@thread.tacv2"
TEAMS_FORM = {"title": LESSON["title"], "did": LESSON["did"], "learned": LESSON["learned"],
              "organisation": LESSON["organisation"], "enablers": "building-trust", "contact": "",
              "contact_agreed": "false", "contributor": "", "contributor_named": "false"}


def test_a_new_lessons_teams_review_card_the_connector_refused_is_posted_once_after_a_sigkill(env):
    """Before: one warning line, and the card never posted."""
    async def run():
        async with ConnectorDouble() as connector:
            variables = {"TEAMS_ALLOW_ANONYMOUS": "1", "PEERBOT_REVIEW_CHANNEL": TEAMS_REVIEW}
            first, url = await asyncio.to_thread(serve, env, **variables)
            assert (await send(f"{url}/api/messages", installation(connector.url, "add", conversation=TEAMS_REVIEW)))[0] < 300
            connector.fail(503)  # the card's first post
            status, _ = await send(f"{url}/api/messages", card_action(connector.url, "peerbot.lesson", TEAMS_FORM))
            assert status == 200
            waiting = await asyncio.to_thread(wait_for, env, "teams.review", retrying)
            await asyncio.to_thread(killed, first)
            second, _ = await asyncio.to_thread(serve, env, **variables)
            try:
                done = await asyncio.to_thread(wait_for, env, "teams.review", ended)
            finally:
                await asyncio.to_thread(stop, second)
            cards = [p for p in connector.posts if p.conversation_id == TEAMS_REVIEW and p.activity.get("attachments")]
            return waiting, done, cards
    waiting, done, cards = asyncio.run(run())
    assert retrying(waiting) and [r["status"] for r in done] == ["answered"]
    assert len(cards) == 1 and LESSON["title"] in json.dumps(cards[0].activity)


def test_after_a_401_the_next_reply_is_signed_with_a_token_signed_in_afresh(tmp_path, monkeypatch):
    """MSAL keeps a token for its hour: without dropping it, every retry after a connector's 401 was
    signed with the token refused. MSAL against the local sign-in double (tests/identity_doubles.py)."""
    from identity_doubles import ConnectProxy

    from bot.settings import Settings
    from bot.teams.hosting import connection_manager, forget_refused_tokens

    tenant = "66666666-7777-8888-9999-000000000000"
    proxy = ConnectProxy(tmp_path, tenant)
    try:
        for name, value in proxy.environment().items():
            monkeypatch.setenv(name, value)
        connections = connection_manager(Settings.from_env({
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "11111111-2222-3333-4444-555555555555",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "secret",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": tenant}))
        provider = connections.get_default_connection()
        scopes = ["https://api.botframework.com/.default"]

        async def token() -> str:
            return await provider.get_access_token("https://api.botframework.com", scopes)

        assert asyncio.run(token()) and asyncio.run(token())
        assert proxy.login.tokens == 1  # kept, as MSAL does
        forget_refused_tokens(connections)
        assert asyncio.run(token())
        assert proxy.login.tokens == 2
        for client in provider._msal_auth_client_map.values():  # its kept connection ends before the proxy
            client.http_client.close()
    finally:
        proxy.close()


def test_a_lesson_and_its_review_card_owed_are_one_transaction(answerer, settings, state_database):
    """`Peerbot.submit_lesson(..., review=KIND)` writes the card's inbox item with the lesson, so no
    moment after the lesson is stored lacks it (before, it was recorded in a second write, and a kill
    between the two lost the card for good: a form delivered again is refused as already sent); a
    form delivered again writes neither. The SQLite file, then PostgreSQL."""
    import dataclasses

    from state_rows import query

    from bot.lessons.model import Draft, LessonError, Origin
    from bot.service import Peerbot
    from bot.state import StateStore

    state = StateStore(state_database)
    try:
        peerbot = Peerbot(answerer.corpus, state, settings=dataclasses.replace(settings, review_channel=REVIEW))
        draft = Draft(title=LESSON["title"], did=LESSON["did"], learned=LESSON["learned"],
                      organisation=LESSON["organisation"])
        origin = Origin("slack", "USUBMIT001", "", "C0LESSON1", "T1")
        lesson = peerbot.submit_lesson(draft, origin, "form-1", review="slack.review")
        with pytest.raises(LessonError):
            peerbot.submit_lesson(draft, origin, "form-1", review="slack.review")
        peerbot.submit_lesson(draft, origin, "form-2")  # no review card owed
        owed = query(state, "SELECT kind, status, payload FROM inbox")
        assert [(kind, status, json.loads(payload)["lesson"]) for kind, status, payload in owed] == [
            ("slack.review", "pending", lesson.id)]
        assert len(query(state, "SELECT id FROM lessons")) == 2
    finally:
        state.close()
