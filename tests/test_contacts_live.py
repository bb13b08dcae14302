"""A contact's withdrawal reaches a running `peerbot serve` without a restart or a rebuild: a real
serving process (Slack through the Web API double, Teams anonymous through the connector double),
contacts.yaml edited under it; within PEERBOT_RELOAD_SECONDS the person is no longer suggested in
Slack, in Teams or in an enabler's "people to talk to", a malformed edit is logged once while the
last good directory serves on, and the entry removed takes their Slack id with it. A damaged or
deleted contacts.yaml never holds back a newer index built by another process, nor brings a withdrawn
person back with it. The clock process's next digest run follows the file too."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import subprocess
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from serve_process import ROOT, Said, start_serve, wait_for_health
from slack_double import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    direct_message,
    free_port,
    slash_command,
)
from teams_doubles import ConnectorDouble, message, send
from test_digest_schedule import Clock, clock_run
from test_live_index import QUESTION, TITLE, add_lesson

from bot.digest.week import Week

KNOWN = "red lines open book finances trust at board level"  # answered from NHS Providers, cites Julian Hartley
WORDS = "build and retain trust at board level"  # his published words: still cited after he withdraws
REACHABLE = ("people:\n  - name: Julian Hartley\n    slack_user_id: U0DIRECT1\n"
             "    teams_upn: julian.hartley@example.nhs.uk\n")
WITHDRAWN = REACHABLE + "    contactable: false\n"
DAMAGED = "people:\n  - name: Julian Hartley\n    contactable: not now\n"
REMOVED = "people: []\n"
NOT_TAKEN_UP = "contacts.yaml was not taken up"


def talk_to(summary: str) -> str:
    """The "people to talk to" part of a Slack enabler summary ("" when it has none)."""
    assert "*What works*" in summary  # a summary, not an apology
    return summary.split("*People to talk to*", 1)[1] if "*People to talk to*" in summary else ""


def suggested(reply: str) -> bool:
    """Whether a Slack answer suggests Julian Hartley (by mention or by name), not only cites him."""
    people = reply.split("*People who have done this*", 1)[1] if "*People who have done this*" in reply else ""
    return "<@U0DIRECT1>" in people or "Julian Hartley" in people


def test_a_withdrawal_in_contacts_yaml_reaches_slack_teams_and_enablers_without_a_restart(tmp_path, corpus_dir):
    (corpus_dir / "contacts.yaml").write_text(REACHABLE)
    env = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()), "OMP_NUM_THREADS": "1",
           "PEERBOT_RELOAD_SECONDS": "0.2"}
    url = f"http://127.0.0.1:{env['PORT']}"
    with SlackDouble() as double:
        said = Said(start_serve(env, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                                SLACK_API_URL=double.api_url, TEAMS_ALLOW_ANONYMOUS="1"))
        try:
            wait_for_health(url, said.process)
            slack = SlackSender(f"{url}/slack/events")

            def in_slack(question: str = KNOWN) -> str:
                double.clear()
                assert slack.event(direct_message(question)).status == 200
                return double.wait_for("chat.postMessage")[0].blocks_text

            def enabler() -> str:
                double.clear()
                assert slack.command(slash_command("/enabler", "building trust", double.response_url())).status == 200
                return double.wait_for("chat.postEphemeral")[0].blocks_text

            def in_teams() -> str:
                async def ask() -> str:
                    async with ConnectorDouble() as teams:
                        status, _ = await send(f"{url}/api/messages", message(teams.url, KNOWN))
                        assert status == 202
                        return json.dumps((await teams.wait_for_posts(1))[0].activity)
                return asyncio.run(ask())

            first = in_slack()
            assert "<@U0DIRECT1>" in first and "<@U0DIRECT1>" in talk_to(enabler())
            assert "<at>Julian Hartley</at>" in in_teams()

            (corpus_dir / "contacts.yaml").write_text(WITHDRAWN)  # no restart, no `peerbot index`
            deadline, reply = time.monotonic() + 60, in_slack()
            while suggested(reply) and time.monotonic() < deadline:  # (an answer under way finishes on the old one)
                reply = in_slack()
            assert not suggested(reply) and "<@U0DIRECT1>" not in reply
            assert WORDS in reply  # his published words are still cited
            assert "Julian Hartley" not in talk_to(enabler())
            teams_reply = in_teams()
            assert "Julian Hartley</at>" not in teams_reply and "**Julian Hartley**" not in teams_reply
            assert "julian.hartley@example.nhs.uk" not in teams_reply

            (corpus_dir / "contacts.yaml").write_text(DAMAGED)
            said.wait_for(NOT_TAKEN_UP)
            time.sleep(1)  # five more looks: the same damaged file is not said again
            reply = in_slack()
            assert not suggested(reply) and "<@U0DIRECT1>" not in reply  # the last good directory
            assert said.said().count(NOT_TAKEN_UP) == 1
            assert "entry 1 (Julian Hartley): `contactable` must be true or false" in said.said()

            for replaced in (REMOVED, REACHABLE):  # their entry gone, then an older copy back: still withdrawn
                (corpus_dir / "contacts.yaml").write_text(replaced)
                deadline = time.monotonic() + 60
                while said.said().count("contacts.yaml read again") < (2 if replaced is REMOVED else 3):
                    assert time.monotonic() < deadline, said.said()
                    time.sleep(0.05)
                reply = in_slack()
                assert WORDS in reply and not suggested(reply) and "<@U0DIRECT1>" not in reply  # before: suggested
            assert "Julian Hartley" not in talk_to(enabler())

            restored = subprocess.run([sys.executable, "-m", "bot.cli", "contacts", "--restore", "Julian Hartley"],
                                      cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
            assert restored.returncode == 0 and "Julian Hartley's withdrawal is forgotten" in restored.stdout, restored
            deadline, reply = time.monotonic() + 60, in_slack()  # taken up with contacts.yaml unchanged
            while "<@U0DIRECT1>" not in reply and time.monotonic() < deadline:
                reply = in_slack()
            assert suggested(reply) and "<@U0DIRECT1>" in reply
        finally:
            said.stop()
    assert said.process.returncode == 0, said.err
    assert said.err.count("contacts.yaml read again") == 4  # withdrawn, removed, older copy, restored; not the damaged
    assert "serving index generation" not in said.err  # the directory alone: no index built or loaded again
    assert "Traceback" not in said.err


def test_a_damaged_then_deleted_contacts_yaml_neither_holds_back_newer_indexes_nor_brings_back_a_withdrawal(
        tmp_path, corpus_dir):
    """`peerbot index` run in another process publishes a newer generation while contacts.yaml is
    damaged, then again once it is deleted: each is served (the index and the contacts are taken up
    apart), with the last good contacts (Julian Hartley withdrawn throughout), each problem said once."""
    (corpus_dir / "contacts.yaml").write_text(WITHDRAWN)
    env = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()), "OMP_NUM_THREADS": "1",
           "PEERBOT_RELOAD_SECONDS": "0.2"}
    url = f"http://127.0.0.1:{env['PORT']}"

    def index_elsewhere(lesson=add_lesson) -> None:
        lesson(corpus_dir)
        built = subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env={**os.environ, **env},
                               capture_output=True, text=True, timeout=300)
        assert built.returncode == 0, built.stderr

    with SlackDouble() as double:
        said = Said(start_serve(env, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                                SLACK_API_URL=double.api_url))
        try:
            wait_for_health(url, said.process)
            slack = SlackSender(f"{url}/slack/events")

            def in_slack(question: str) -> str:
                double.clear()
                assert slack.event(direct_message(question)).status == 200
                return double.wait_for("chat.postMessage")[0].blocks_text

            assert TITLE not in in_slack(QUESTION) and not suggested(in_slack(KNOWN))
            (corpus_dir / "contacts.yaml").write_text(DAMAGED)
            said.wait_for(NOT_TAKEN_UP)
            index_elsewhere()
            said.wait_for("serving index generation")  # before: passed over, and tried again only hourly
            assert TITLE in in_slack(QUESTION)
            reply = in_slack(KNOWN)
            assert WORDS in reply and not suggested(reply) and "<@U0DIRECT1>" not in reply

            (corpus_dir / "contacts.yaml").unlink()
            said.wait_for("it is missing")
            index_elsewhere(lambda folder: (folder / "rotas.md").write_text(
                "---\ntitle: Shared rotas\npublisher: Southmoor Collaborative\n---\n\n## What we did\n\n"
                "Three trusts shared one rota for their out-of-hours radiology cover and cut locum shifts.\n"))
            deadline = time.monotonic() + 90
            while said.said().count("serving index generation") < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            reply = in_slack(KNOWN)
            assert WORDS in reply and not suggested(reply) and "<@U0DIRECT1>" not in reply  # before: suggested again
        finally:
            said.stop()
    assert said.process.returncode == 0, said.err
    assert said.err.count("serving index generation") == 2
    assert said.err.count(NOT_TAKEN_UP) == 2  # the damaged file once, the missing one once
    assert said.err.count("`contactable` must be true or false") == 1 and said.err.count("it is missing") == 1
    assert "Traceback" not in said.err


def test_the_clock_process_posts_a_later_digest_run_without_a_withdrawn_contact(settings):
    """The clock process opens the corpus for each run: a retry later that week, after a withdrawal,
    no longer names the person in "Talk to"."""
    clock = Clock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/London")))  # 2026-W48
    with SlackDouble() as slack:
        slack.fail("chat.postMessage", "channel_not_found", channel="C0LATER01", times=1)
        _, run = clock_run(settings, slack, clock, "C0FIRST01", "C0LATER01")
        run(Week(2026, 48))
        [first] = slack.calls_to("chat.postMessage", channel="C0FIRST01")
        talk_to = first.blocks_text.split("Talk to", 1)[1]
        person = re.search(r"\*([A-Z][^*\n]+)\*", talk_to).group(1)  # the first person the week names to talk to
        (settings.knowledge_dir / "contacts.yaml").write_text(f"people:\n  - name: {person}\n    contactable: false\n")
        run(Week(2026, 48))  # the same week's retry, for the channel that failed
        later = [c for c in slack.calls_to("chat.postMessage", channel="C0LATER01") if c.ok]
    assert len(later) == 1 and "Enabler of the week" in later[0].blocks_text
    assert person not in later[0].blocks_text.partition("Talk to")[2]


def test_the_clock_process_keeps_a_withdrawal_when_contacts_yaml_is_deleted_between_runs(settings, caplog):
    """The clock process keeps its last good reading across runs, as serve does: contacts.yaml deleted
    before the same week's retry does not put the withdrawn person back under "Talk to"; said once."""
    clock = Clock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/London")))  # 2026-W48: Building trust
    contacts = settings.knowledge_dir / "contacts.yaml"
    contacts.write_text("people:\n  - name: Julian Hartley\n    contactable: false\n")
    with SlackDouble() as slack:
        slack.fail("chat.postMessage", "channel_not_found", channel="C0LATER01", times=1)
        _, run = clock_run(settings, slack, clock, "C0FIRST01", "C0LATER01")
        run(Week(2026, 48))
        [first] = slack.calls_to("chat.postMessage", channel="C0FIRST01")
        contacts.unlink()
        with caplog.at_level(logging.WARNING, logger="bot.live_contacts"):
            run(Week(2026, 48))  # the retry, for the channel that failed
            run(Week(2026, 48))  # nothing left to post: the corpus is not even opened
        later = [c for c in slack.calls_to("chat.postMessage", channel="C0LATER01") if c.ok]
    assert "Enabler of the week" in first.blocks_text and "Julian Hartley" not in first.blocks_text.partition("Talk to")[2]
    assert len(later) == 1 and "Enabler of the week" in later[0].blocks_text
    assert "Julian Hartley" not in later[0].blocks_text.partition("Talk to")[2]  # before: he was back
    assert len([r for r in caplog.records if "contacts.yaml was not taken up (it is missing" in r.getMessage()]) == 1
