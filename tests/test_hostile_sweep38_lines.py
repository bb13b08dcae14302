"""What the thirty-eighth hostile sweep (benchmarks/hostile_sweep38.py) found: lines peerbot writes that
sweep 37 left alone. A line break typed into a lesson title, a file name, a digest week or a Teams team
name split peerbot's line, so typed text started a line of its own (one that can read as peerbot's:
`peerbot: error: ...`); `import`'s, `teams-manifest`'s and `digest`'s standard error lines and `serve`'s log
records wrote escape codes and bidi overrides as they came. Every such line is now `index.one_line`
(the CLI's `say`, the log's `OneLineFormatter`). The CLI as a subprocess; `peerbot serve` over HTTP with
the local Slack and Teams doubles."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from serve_process import Said, start_serve, stop, wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, free_port, slash_command, view_submission
from teams_doubles import ConnectorDouble, installation, send

ROOT = Path(__file__).resolve().parent.parent
BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
FORGED = "peerbot: error: FORGED"
TYPED = f"\x1b]0;owned\x07\x1b[2J\x9b31m\u202e\b\x7f\n{FORGED}"  # inert codes, then a line of its own


def peerbot(env: dict, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, errors="backslashreplace", timeout=300)


def forged_or_bad(text: str) -> list[str]:
    """Lines that typed text started, and lines holding a control or bidi character."""
    return [line for line in text.split("\n") if line.lstrip().startswith(FORGED) or BAD.search(line)]


@pytest.fixture
def env(tmp_path, corpus_dir, monkeypatch):
    for name in ("SLACK_APP_TOKEN", "TEAMS_ALLOW_ANONYMOUS", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1"}


@pytest.mark.parametrize("argv", [["digest", "--preview", "--week", f"2026-W47{TYPED}"],
                                  ["lessons", "approve", f"3{TYPED}"], ["forget", "--channel", f"C0{TYPED}"]])
def test_a_typed_value_a_usage_error_quotes_is_one_inert_line(env, argv):
    """Before: `lessons approve ID` quoted the typed ID `readable`, its line break kept (a digest week and
    a channel id are quoted as their repr, which was already one line)."""
    done = peerbot(env, *argv)
    assert done.returncode == 2 and "error:" in done.stderr, done.stderr
    assert not forged_or_bad(done.stderr), done.stderr


def test_imported_file_names_stay_on_their_line_and_inert(env, tmp_path):
    good = tmp_path / f"otter{TYPED}.html"
    good.write_text("<html><head><title>Otter rota</title></head><body><p>We pooled the otter rota across three "
                    "trusts and kept it going through the winter.</p></body></html>", encoding="utf-8")
    refused = tmp_path / f"heron{TYPED}.xyz"
    refused.write_text("not a document peerbot reads", encoding="utf-8")
    done = peerbot(env, "import", str(good), str(refused))
    assert done.returncode == 1 and "Imported" in done.stdout and "not imported" in done.stderr, done.stdout + done.stderr
    assert not forged_or_bad(done.stdout) and not forged_or_bad(done.stderr), done.stdout + done.stderr


LESSON = {"did": "We pooled the otter rota across trusts.", "learned": "Agree the rules first.",
          "organisation": "Example Surgical Collaborative", "enablers": ["building-trust"], "contact": "",
          "contact_agreed": False, "contributor": "", "contributor_named": False}


def test_slack_text_reaches_the_terminal_and_the_log_as_one_inert_line(env):
    """A lesson title typed with a line break (then `peerbot lessons`), and the workspace's name as Slack
    gives it (logged by `serve`): each one line, no control character."""
    port = free_port()
    with SlackDouble(team_name=f"Peerbot{TYPED} Test") as double:
        process = start_serve(env, PORT=str(port), SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                              SLACK_API_URL=double.api_url, PEERBOT_REVIEW_CHANNEL="C0REVIEW38",
                              PEERBOT_CURATORS="U061F7AUR")
        url, said = f"http://127.0.0.1:{port}", Said(process)
        try:
            wait_for_health(url, process)
            sender = SlackSender(f"{url}/slack/events")
            assert sender.command(slash_command("/lesson", "Boards", double.response_url())).status == 200
            double.wait_for("views.open", timeout=60)
            fields = {**LESSON, "title": f"Otter rota{TYPED} lessons"}
            assert sender.interaction(view_submission(double.views[-1], fields)).status == 200
            double.wait_for("chat.postMessage", timeout=120, channel="C0REVIEW38")
        finally:
            said.stop()
    log = said.err
    assert "Slack: connected as peerbot in Peerbot" in log, log[-2000:]
    assert not forged_or_bad(log), [line for line in forged_or_bad(log)][:3]
    listed = peerbot(env, "lessons")
    assert listed.returncode == 0 and len([line for line in listed.stdout.splitlines() if "Otter rota" in line]) == 1
    assert "lessons (Example Surgical Collaborative)" in listed.stdout, listed.stdout
    assert not forged_or_bad(listed.stdout), listed.stdout


def test_a_teams_team_name_is_one_inert_line_in_teams_conversations(env):
    port = free_port()

    async def added() -> int:
        async with ConnectorDouble() as connector:
            activity = installation(connector.url, "add", conversation="19:sweep38@thread.tacv2")
            activity["channelData"]["team"]["name"] = f"Collaboration{TYPED} leads"
            status, _ = await send(f"http://127.0.0.1:{port}/api/messages", activity)
            return status

    process = start_serve(env, PORT=str(port), TEAMS_ALLOW_ANONYMOUS="1")
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process)
        assert asyncio.run(added()) < 300
    finally:
        _, log = stop(process)
    assert not forged_or_bad(log), log[-2000:]
    listed = peerbot(env, "teams-conversations")
    assert listed.returncode == 0 and "Collaboration" in listed.stdout, listed.stdout + listed.stderr
    assert len([line for line in listed.stdout.splitlines() if "Collaboration" in line]) == 1, listed.stdout
    assert not forged_or_bad(listed.stdout), listed.stdout


def test_a_contacts_yaml_name_with_a_line_separator_is_one_line_in_contacts(env, corpus_dir):
    """Before: YAML's `\\u2028` (Unicode's line separator, which a log viewer or editor breaks the line at)
    reached `peerbot contacts` (it is now a line break to `readable`, so a name's spaces rule takes it)."""
    (corpus_dir / "contacts.yaml").write_text(
        f'people:\n  - name: "Dr Zed\\u2028{FORGED}\\u2029 Zebra"\n    region: Zebra ICS\n    topics: [zebra rotas]\n',
        encoding="utf-8")
    done = peerbot(env, "contacts")
    assert done.returncode == 0 and re.search(f"Dr Zed {FORGED} +Zebra", done.stdout), done.stdout + done.stderr
    assert not forged_or_bad(done.stdout + done.stderr), done.stdout


def test_a_skipped_file_whose_name_breaks_the_line_is_one_line_in_the_build_report(env, corpus_dir):
    (corpus_dir / f"minutes{TYPED}.pdf").write_bytes(b"\xff\xfe not a PDF")
    done = peerbot(env, "index")
    assert done.returncode == 1 and "peerbot: skipped" in done.stdout, done.stdout + done.stderr  # a file skipped: 1
    assert not forged_or_bad(done.stdout) and not forged_or_bad(done.stderr), done.stderr
