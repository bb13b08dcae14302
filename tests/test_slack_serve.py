"""`peerbot serve` as a user runs it: settings checked before anything starts, then a real
process serving Slack over HTTP against the Web API double, stopped with SIGTERM."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
import slack_double
from serve_process import start_serve, stop, wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, app_mention, event_callback, free_port

from bot.cli import main

SLACK_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL")


@pytest.fixture
def env(tmp_path, corpus_dir, monkeypatch):
    """A clean environment for `peerbot serve`: temp folders, the hashing model, no Slack settings."""
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    values = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
              "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port())}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def serve_error(capsys, monkeypatch, **variables) -> str:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert main(["serve"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("variables, message", [
    ({}, "nothing to serve: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET is not set"),
    ({"SLACK_SIGNING_SECRET": SIGNING_SECRET}, "SLACK_BOT_TOKEN is not set"),
    ({"SLACK_BOT_TOKEN": "not-a-token", "SLACK_SIGNING_SECRET": SIGNING_SECRET}, "SLACK_BOT_TOKEN must be a bot token"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": "ftp://x"},
     "SLACK_API_URL must be an http(s) URL"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": "eighty"},
     "PORT must be a whole number"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": "99999"},
     "PORT must be a whole number from 0 to 65535"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PEERBOT_MAX_DOCUMENT_MB": "lots"},
     "PEERBOT_MAX_DOCUMENT_MB must be a number, got"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PEERBOT_LEASE_SECONDS": "0"},
     "PEERBOT_LEASE_SECONDS must be a number from 1 to 3600, got 0"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PEERBOT_LEASE_SECONDS": "soon"},
     "PEERBOT_LEASE_SECONDS must be a number, got 'soon'"),
])
def test_missing_or_bad_settings_are_one_line_naming_the_variable_before_anything_starts(
        env, capsys, monkeypatch, variables, message):
    line = serve_error(capsys, monkeypatch, **variables)
    assert line.startswith("peerbot: error: ") and message in line
    assert not Path(env["PEERBOT_DATA_DIR"]).exists()  # no index built, no database opened


def test_a_token_slack_rejects_is_one_line_before_the_model_loads(env, capsys, monkeypatch):
    with SlackDouble(bot_token="xoxb-the-real-one") as double:
        line = serve_error(capsys, monkeypatch, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                           SLACK_API_URL=double.api_url)
    assert line == "peerbot: error: SLACK_BOT_TOKEN was rejected by Slack (invalid_auth)"
    assert not Path(env["PEERBOT_DATA_DIR"]).exists()


def test_an_app_token_slack_rejects_is_one_line(env, capsys, monkeypatch):
    with SlackDouble(app_token="xapp-the-real-one") as double:
        line = serve_error(capsys, monkeypatch, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-wrong",
                           SLACK_API_URL=double.api_url)
    assert line == "peerbot: error: SLACK_APP_TOKEN was rejected by Slack (invalid_auth)"


def test_an_unreachable_slack_api_url_is_one_line(env, capsys, monkeypatch):
    url = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there
    line = serve_error(capsys, monkeypatch, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                       SLACK_API_URL=url)
    assert line.startswith(f"peerbot: error: SLACK_API_URL {url} cannot be reached")


def test_a_port_in_use_is_one_line(env, capsys, monkeypatch):
    with SlackDouble() as double, socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("PORT", str(port))
        monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
        monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        monkeypatch.setenv("SLACK_API_URL", double.api_url)
        assert main(["serve"]) == 1
    assert f"peerbot: error: cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def loading_error(capsys, monkeypatch, **variables) -> str:
    """A failure while loading the corpus, after the port opened: the serving line, then one error."""
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert main(["serve"]) == 1
    lines = [line for line in capsys.readouterr().err.strip().splitlines() if line.startswith("peerbot: ")]
    assert len(lines) == 2 and lines[0].startswith("peerbot: serving on "), lines
    return lines[1]


def test_a_malformed_contacts_file_is_one_line_naming_it(env, capsys, monkeypatch, corpus_dir):
    (corpus_dir / "contacts.yaml").write_text("people:\n  - name: Jo\n    slack_user_id: jo\n")
    with SlackDouble() as double:
        line = loading_error(capsys, monkeypatch, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                             SLACK_API_URL=double.api_url)
    assert line.startswith("peerbot: error: ") and "contacts.yaml" in line and "slack_user_id" in line


def test_peerbot_serve_answers_a_signed_mention_then_stops_cleanly_on_sigterm(env):
    with SlackDouble() as double:
        process = start_serve(env, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                              SLACK_API_URL=double.api_url)
        try:
            url = f"http://127.0.0.1:{env['PORT']}"
            assert wait_for_health(url, process) == {"status": "ok", "slack": "http"}
            question = "committee in common: email me at jo.bloggs@example.nhs.uk or ring 07700 900123"
            event = app_mention(question, channel="C0SERVE01")
            assert SlackSender(f"{url}/slack/events").event(event).status == 200
            post = double.wait_for("chat.postMessage")[0]
            assert post["thread_ts"] == event["event"]["ts"] and "committee in common" in post.blocks_text.lower()
            reaction = event_callback({"type": "reaction_added", "user": "U061F7AUR", "reaction": "thumbsup",
                                       "item": {"type": "message", "channel": "C0SERVE01", "ts": event["event"]["ts"]}})
            assert SlackSender(f"{url}/slack/events").event(reaction).status == 200  # no listener: acknowledged
            SlackSender(f"{url}/slack/events").interaction(  # a button peerbot has no listener for
                slack_double.block_actions("no_such_action", "1", double.response_url()))
        finally:
            out, err = stop(process)
    assert process.returncode == 0, err
    assert f"peerbot: serving on http://127.0.0.1:{env['PORT']} (Slack: http)" in err
    assert BOT_TOKEN not in out + err and SIGNING_SECRET not in out + err
    assert "reaction_added" not in err  # ignored quietly (one debug line)
    assert "Unhandled request ({'type': 'block_actions', 'block_id': " in err
    assert "[Suggestion]" not in err and "faiss.loader" not in err  # an operator's log: no sample code, no noise
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        logged = db.execute("SELECT platform, channel, question, answered FROM questions").fetchall()
        stored = "\n".join(str(row) for table in ("questions", "feedback", "events_seen")
                           for row in db.execute(f"SELECT * FROM {table}"))
    assert logged == [("slack", "C0SERVE01", "committee in common: email me at [email] or ring [phone]", 1)]
    assert BOT_TOKEN not in stored and SIGNING_SECRET not in stored


@pytest.mark.parametrize("arrange, said", [
    (lambda d: d.fault("auth.test", "http", status=404, times=None), "answered auth.test with an error (HTTP 404)"),
    (lambda d: d.fail("auth.test", "missing_scope"), "answered auth.test with an error (missing_scope)"),
], ids=["not-a-slack-api", "an-error-that-will-not-pass"])
def test_auth_test_failing_for_good_at_start_is_one_line(env, capsys, monkeypatch, arrange, said):
    """A failure that passes is tried again (tests/test_hostile_sweep7_runtime_finds.py); one that
    will not is one line."""
    with SlackDouble() as double:
        arrange(double)
        line = serve_error(capsys, monkeypatch, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                           SLACK_API_URL=double.api_url)
    assert line == f"peerbot: error: SLACK_API_URL {double.api_url} {said}"


@pytest.mark.model
def test_the_served_log_is_peerbot_s_own_lines_and_tells_the_admin_when_no_enablers_are_defined(env, corpus_dir):
    """The real model: sentence-transformers narrates its loading at INFO ("Load pretrained
    SentenceTransformer: …"), which is no line of an operator's; peerbot's own lines stay. With no
    enablers.yaml, the log (not the chat user) is told how to add them."""
    (corpus_dir / "enablers.yaml").unlink()
    real = {name: value for name, value in env.items() if name != "PEERBOT_MODEL"}
    with SlackDouble() as double:
        process = start_serve(real, PEERBOT_MODEL="all-MiniLM-L6-v2", SLACK_BOT_TOKEN=BOT_TOKEN,
                              SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=double.api_url)
        try:
            assert wait_for_health(f"http://127.0.0.1:{env['PORT']}", process, timeout=600)["status"] == "ok"
        finally:
            _, err = stop(process)
    assert process.returncode == 0, err
    assert f"peerbot: serving on http://127.0.0.1:{env['PORT']} (Slack: http)" in err
    assert "INFO bot." in err  # peerbot's own lines, with their time and source
    assert "sentence_transformers" not in err and "SentenceTransformer" not in err
    assert "Batches:" not in err  # nor its progress bars, drawn while it narrates at INFO
    assert "WARNING bot.enablers.guide: No enablers are defined: list them in enablers.yaml" in err
