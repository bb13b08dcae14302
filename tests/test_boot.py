"""Fast boot: `peerbot serve` opens its port before loading the model and index, says so on
/healthz and /readyz, and answers what arrived meanwhile once it is ready, exactly once.

The loading is held open without touching peerbot's code: the test holds the index's build lock,
as a `peerbot index` running elsewhere would, so peerbot (which builds the index on a fresh data
folder) stays "starting" until the test lets the lock go. Real processes, real signing, the Slack Web API double, the Teams connector double.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import signal
import sqlite3
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

import pytest
from serve_process import start_serve, wait_for_health
from slack_double import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    free_port,
    socket_envelope,
)
from teams_doubles import ConnectorDouble, message, send

from index.generations import LOCK_FILE


@pytest.fixture
def env(tmp_path, corpus_dir, monkeypatch):
    for name in ("SLACK_APP_TOKEN", "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", "PEERBOT_RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)
    return {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()),
            "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "TEAMS_ALLOW_ANONYMOUS": "1",
            "PEERBOT_START_GRACE_SECONDS": "60"}  # the server proper answers first, however long auth.test takes


class Gate:
    """The index's build lock, held as another build would hold it: loading waits for it."""

    def __init__(self, env: dict):
        index_dir = Path(env["PEERBOT_DATA_DIR"]) / "index"
        index_dir.mkdir(parents=True)
        self._lock: IO[str] | None = open(index_dir / LOCK_FILE, "w")
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self._lock.write(f"{os.getpid()}\n")  # a build names itself in the lock, so others wait for it
        self._lock.flush()

    def open(self) -> None:
        """Let the lock go: loading goes on."""
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def wait_until_serving(url: str, process, timeout: float = 60) -> tuple[int, dict]:
    """/healthz's first answer (the port is open before the web stack has loaded: connections wait)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            return get(f"{url}/healthz")
        except OSError:
            time.sleep(0.05)
    raise AssertionError("peerbot serve never answered /healthz")


def stop(process) -> str:
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return err


def inbox_statuses(env: dict) -> dict[str, str]:
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        return dict(db.execute("SELECT kind, status FROM inbox").fetchall())


def test_events_that_arrive_while_starting_are_acknowledged_then_answered_once_when_ready(env):
    gate = Gate(env)
    with SlackDouble() as slack_api:
        process = start_serve(env, SLACK_API_URL=slack_api.api_url)
        url = f"http://127.0.0.1:{env['PORT']}"
        slack = SlackSender(f"{url}/slack/events")
        try:
            assert wait_until_serving(url, process) == (200, {"status": "starting", "slack": "http", "teams": "anonymous"})
            assert get(f"{url}/readyz") == (503, {"status": "starting"})

            challenge = slack.event({"type": "url_verification", "token": "t", "challenge": "c-123"})
            assert (challenge.status, json.loads(challenge.body)) == (200, {"challenge": "c-123"})
            mention = app_mention("how do collaboratives share staff? committee in common", channel="C0BOOT001")
            assert slack.event(mention, signature="v0=" + "0" * 64).status == 401  # still verified
            assert slack.event(mention).status == 200  # acknowledged while starting
            assert slack.event(mention, retry_num=1).status == 200  # Slack's retry: the same item

            async def teams_while_starting(connector: ConnectorDouble) -> None:
                activity = message(connector.url, "committee in common", activity_id="boot-1")
                assert (await send(f"{url}/api/messages", activity))[0] in (200, 202)

            async def teams() -> list:
                async with ConnectorDouble() as connector:
                    await teams_while_starting(connector)
                    assert get(f"{url}/healthz")[1]["status"] == "starting"  # still loading: nothing answered
                    assert not slack_api.calls_to("chat.postMessage") and not connector.posts

                    gate.open()
                    await asyncio.to_thread(wait_for_health, url, process)
                    assert get(f"{url}/readyz") == (200, {"status": "ready"})
                    assert get(f"{url}/healthz") == (200, {"status": "ok", "slack": "http", "teams": "anonymous"})
                    for _ in range(300):  # the inbox is polled every second once ready
                        if connector.posts:
                            break
                        await asyncio.sleep(0.05)
                    await asyncio.sleep(1.5)  # one more poll: nothing is posted twice
                    return connector.posts

            posts = asyncio.run(teams())
            [answer] = slack_api.wait_for("chat.postMessage")
            assert answer["channel"] == "C0BOOT001" and answer["thread_ts"] == mention["event"]["ts"]
            assert "committee in common" in answer.blocks_text.lower()
            [reply] = posts  # proactively, through the conversation reference stored with the question
            assert "committee in common" in json.dumps(reply.activity).lower()
            assert len(slack_api.calls_to("chat.postMessage")) == 1
        finally:
            err = stop(process)
    assert "Traceback" not in err
    assert inbox_statuses(env) == {"slack.message": "answered", "teams.message": "answered"}


def test_socket_mode_connects_while_starting_acknowledges_at_once_and_answers_once_ready(env):
    """The documented choice: connect as soon as the token is checked, queue in the inbox."""
    gate = Gate(env)
    with SlackDouble() as slack_api:
        process = start_serve(env, SLACK_API_URL=slack_api.api_url, SLACK_APP_TOKEN=slack_api.app_token,
                              TEAMS_ALLOW_ANONYMOUS="")
        url = f"http://127.0.0.1:{env['PORT']}"
        try:
            assert wait_until_serving(url, process) == (200, {"status": "starting", "slack": "socket_mode"})
            slack_api.wait_for_socket(timeout=60)
            mention = app_mention("committee in common", channel="C0BOOT003")
            envelope = socket_envelope("events_api", mention)
            slack_api.send_envelope(envelope)
            assert slack_api.wait_for_ack(envelope["envelope_id"]) == {}
            assert get(f"{url}/readyz")[0] == 503 and not slack_api.calls_to("chat.postMessage")
            gate.open()
            wait_for_health(url, process)
            [answer] = slack_api.wait_for("chat.postMessage")
            assert answer["channel"] == "C0BOOT003" and answer["thread_ts"] == mention["event"]["ts"]
        finally:
            stop(process)
    assert inbox_statuses(env) == {"slack.message": "answered"}


def test_sigterm_while_starting_exits_cleanly_and_the_next_start_answers_what_was_acknowledged(env):
    gate = Gate(env)
    with SlackDouble() as slack_api:
        process = start_serve(env, SLACK_API_URL=slack_api.api_url)
        url = f"http://127.0.0.1:{env['PORT']}"
        assert wait_until_serving(url, process)[1]["status"] == "starting"
        mention = app_mention("committee in common", channel="C0BOOT002")
        assert SlackSender(f"{url}/slack/events").event(mention).status == 200
        err = stop(process)  # loading never finished: the process does not wait for it
        assert "Traceback" not in err and not slack_api.calls_to("chat.postMessage")
        assert inbox_statuses(env) == {"slack.message": "pending"}

        gate.open()  # for the restart, which should load at once
        process = start_serve(env, SLACK_API_URL=slack_api.api_url)
        try:
            wait_for_health(url, process)
            [answer] = slack_api.wait_for("chat.postMessage")
            assert answer["channel"] == "C0BOOT002" and answer["thread_ts"] == mention["event"]["ts"]
        finally:
            stop(process)
    assert inbox_statuses(env) == {"slack.message": "answered"}


def test_a_failure_while_loading_is_one_line_and_exit_status_1(env, tmp_path):
    """A corpus whose enablers.yaml cannot be read: the port was open, then one clear line. (A corpus
    folder that is missing is refused before the port opens, since stop 38: test_cli.py.)"""
    broken = Path(env["PEERBOT_KNOWLEDGE_DIR"]) / "enablers.yaml"
    broken.write_text("enablers: [unclosed\n")
    with SlackDouble() as slack_api:
        process = start_serve(env, SLACK_API_URL=slack_api.api_url)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    said = [line for line in err.splitlines() if line.startswith("peerbot: ")]
    assert said[0].startswith(f"peerbot: serving on http://127.0.0.1:{env['PORT']} ")
    assert said[1:] == [f"peerbot: error: {broken}: malformed YAML (line 1): did not find expected ',' or ']'"]
    assert "Traceback" not in err


def test_the_server_runs_on_uvloop():
    """`peerbot serve`'s event loop is uvloop's (a dependency everywhere but Windows): the loop in C,
    less of the server's CPU an answer (BENCHMARKS.md, "The event loop in C"); asyncio's
    threads and futures work on it as the server uses them."""
    import uvloop

    from bot.cli.serving import event_loop

    with asyncio.Runner(loop_factory=event_loop) as runner:
        assert isinstance(runner.get_loop(), uvloop.Loop)
        assert runner.run(asyncio.to_thread(lambda: threading.current_thread().name)) != threading.current_thread().name


@pytest.mark.parametrize("socket_mode", [False, True], ids=["auth.test", "apps.connections.open"])
def test_while_slack_keeps_failing_as_serve_starts_healthz_answers_and_serve_gives_up_in_one_line(env, socket_mode):
    """Slack answering 503 for ever as serve checks its tokens: /healthz says `starting` meanwhile
    (the rest, /readyz and Slack's events, 503), and after PEERBOT_START_SECONDS serve stops with
    one line and exit status 1 instead of trying for ever."""
    from slack_double import APP_TOKEN

    method = "apps.connections.open" if socket_mode else "auth.test"
    with SlackDouble() as slack:
        slack.fault(method, "http", status=503, times=None)
        url = f"http://127.0.0.1:{env['PORT']}"
        process = start_serve(env, SLACK_API_URL=slack.api_url, PEERBOT_START_SECONDS="20", PEERBOT_START_GRACE_SECONDS="1",
                              TEAMS_ALLOW_ANONYMOUS="", SLACK_APP_TOKEN=APP_TOKEN if socket_mode else "")
        try:
            assert wait_until_serving(url, process) == (
                200, {"status": "starting", "slack": "socket_mode" if socket_mode else "http"})
            assert get(f"{url}/readyz") == (503, {"status": "starting"})
            assert SlackSender(f"{url}/slack/events").event(app_mention("How do boards build trust?")).status == 503
            _, err = process.communicate(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
        tries = len(slack.calls_to(method))
    assert process.returncode == 1, err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"peerbot: error: Slack's {method} kept failing as serve started ({tries} tries in ")
    assert last.endswith("the last: HTTP 503); not tried again past PEERBOT_START_SECONDS (20s)")
    assert tries >= 4  # tried again with backoff (after 1, 2, 4, 8 s...) until the next try would pass the deadline


def test_a_slash_command_while_slack_is_failing_as_serve_starts_is_acknowledged_then_answered_once(env):
    """Slack never sends a slash command again: `/peer` sent while serve's token check keeps failing
    (the starting server answering) is recorded and acknowledged privately, then answered once Slack
    and serve are ready; `/lesson`, which opens a form that cannot wait, is asked to be sent again."""
    from slack_double import slash_command

    with SlackDouble() as slack:
        slack.fault("auth.test", "http", status=503, times=None)
        url = f"http://127.0.0.1:{env['PORT']}"
        process = start_serve(env, SLACK_API_URL=slack.api_url, PEERBOT_START_GRACE_SECONDS="0",
                              TEAMS_ALLOW_ANONYMOUS="")
        try:
            assert wait_until_serving(url, process)[1]["status"] == "starting"
            sender = SlackSender(f"{url}/slack/events")
            lesson = sender.command(slash_command("/lesson", "", slack.response_url()))
            replies = []
            for _ in range(600):  # until peerbot's records are open (they open as the starting server starts)
                ask = sender.command(slash_command("/peer", "How do boards build trust?", slack.response_url()))
                replies.append((ask.status, json.loads(ask.body)["text"]))
                if "I have your request" in replies[-1][1]:
                    break
                threading.Event().wait(0.1)
            assert get(f"{url}/healthz")[1]["status"] == "starting" and not slack.calls_to("response_url")
            slack.heal("auth.test")
            slack.wait_for("chat.postEphemeral", user="U2147483697", timeout=180)
            assert get(f"{url}/healthz")[1]["status"] == "ok"
            err = stop(process)
            answers = slack.calls_to("chat.postEphemeral", user="U2147483697") + slack.calls_to("response_url")
        finally:
            if process.poll() is None:
                process.kill()
    assert lesson.status == 200 and "try again in a minute" in json.loads(lesson.body)["text"]
    assert all(status == 200 for status, _ in replies)
    assert replies[-1][1] == "I'm just starting up. I have your request and will answer it here as soon as I'm ready."
    assert all("try again in a minute" in text for _, text in replies[:-1])  # asked before the records were open
    assert len(answers) == 1 and "You asked" in answers[0].blocks_text
    assert "Traceback" not in err



def test_a_question_sent_while_starting_keeps_a_leaders_name_and_loses_a_colleagues(env):
    """The corpus's people are published before anything is accepted and redacted: a question that
    arrives while the model and index load (a fresh data folder, whose build waits) keeps the name of
    a leader the corpus quotes, so that it can still find his words, and loses a colleague's."""
    gate = Gate(env)
    question = "What did Julian Hartley say about trust? Sarah Khan asked"
    with SlackDouble() as slack_api:
        process = start_serve(env, SLACK_API_URL=slack_api.api_url, TEAMS_ALLOW_ANONYMOUS="")
        url = f"http://127.0.0.1:{env['PORT']}"
        try:
            assert wait_until_serving(url, process)[1]["status"] == "starting"
            mention = app_mention(question, channel="C0BOOT004")
            assert SlackSender(f"{url}/slack/events").event(mention).status == 200
            with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
                [(payload,)] = db.execute("SELECT payload FROM inbox").fetchall()
            assert "Julian Hartley say about trust? [name] asked" in payload and "Sarah Khan" not in payload
            gate.open()
            wait_for_health(url, process)
            [answer] = slack_api.wait_for("chat.postMessage")
            assert answer["thread_ts"] == mention["event"]["ts"]
        finally:
            stop(process)
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        assert db.execute("SELECT question FROM questions").fetchall() == [(question.replace("Sarah Khan", "[name]"),)]


def test_the_names_published_before_loading_are_the_served_indexs_once_there_is_one(settings, embedder):
    """With an index on disk, the names published before the model loads are those `open_corpus`
    publishes: its documents' people as built (not the folder's since), with contacts.yaml's."""
    from bot.corpus import publish_names, update_index
    from bot.redact import publish, redact

    update_index(settings, embedder)
    lesson = settings.knowledge_dir / "key-enablers-provider-collaboratives.md"
    lesson.write_text(lesson.read_text().replace("Julian Hartley", "Jules Hartington"))  # after the build
    publish([])
    try:
        publish_names(settings)
        assert redact("What did Julian Hartley and Sarah Khan say?") == "What did Julian Hartley and [name] say?"
        (settings.data_dir / "index").rename(settings.data_dir / "elsewhere")  # a fresh data folder: the documents
        publish_names(settings)
        assert redact("What did Julian Hartley and Jules Hartington say?") == "What did [name] and Jules Hartington say?"
    finally:
        publish([])  # as a process starts: nothing published
