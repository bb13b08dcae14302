"""A question that holds details that could identify someone (a patient's name, an NHS number …)
gets one line first saying so and asking not to share them, on every surface; the details are
never echoed back, not even to the asker ("You asked:" of `/peer` shows the redacted question).
`peerbot ask -` shows each answer under its question."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from slack_double import app_mention, direct_message, slash_command
from teams_doubles import BOT_ID, TENANT, USER, ConnectorDouble, message, send, teams_server

from bot import messages
from bot.service import Peerbot
from bot.state import StateStore

ROOT = Path(__file__).resolve().parent.parent
PATIENT = "Patient John Smith NHS number 943 476 5919 waited: how did the committee in common make decisions?"
PLAIN = "How did the committee in common make decisions?"
NOTICE = messages.details_removed("[name] [nhs-number]")


def test_the_notice_names_what_was_left_out_and_nothing_when_nothing_was():
    assert messages.details_removed(PLAIN) == "" == messages.details_removed("what changed after [date]?")
    assert "(a name and an NHS number)" in NOTICE and "don't share patient or personal details" in NOTICE
    three = messages.details_removed("[date] [name] [postcode]", posted=True)
    assert "(a name, a date and a postcode)" in three and "edit or delete your message" in three


@pytest.fixture
def env(tmp_path, corpus_dir):
    return {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "OMP_NUM_THREADS": "1"}


def ask(env: dict, *arguments: str, stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", *arguments], input=stdin, capture_output=True,
                            text=True, env=env, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_cli_says_first_that_it_left_out_identifying_details_and_never_prints_them(env):
    said = ask(env, PATIENT)
    assert " ".join(said.split()).startswith(NOTICE)
    assert "943 476 5919" not in said and "John Smith" not in said
    assert "could identify" not in ask(env, PLAIN)


def test_the_cli_shows_each_answer_read_from_standard_input_under_its_question(env):
    said = ask(env, "-", stdin=f"{PLAIN}\n{PATIENT}\n")
    assert said.startswith(f"> {PLAIN}\n")
    second = said[said.index("\n> ", 1) + 1:]
    assert second.startswith("> Patient [name] NHS number [nhs-number] waited:")  # redacted, as JSON's "question"
    assert " ".join(second.split("\n", 1)[1].split()).startswith(NOTICE) and "943 476 5919" not in said


def test_slack_peer_echoes_the_redacted_question_with_the_notice(server, slack, double):
    slack.command(slash_command("/peer", PATIENT, double.response_url("peer")))
    reply = double.wait_for("chat.postEphemeral")[0]
    text = " ".join(reply.blocks_text.split())
    assert "You asked:* Patient [name] NHS number [nhs-number] waited" in text and "943 476 5919" not in text
    assert NOTICE in text and "John Smith" not in text


def test_slack_asks_the_sender_of_a_mention_alone_to_edit_out_the_details(server, slack, double):
    """Before stop 37 the notice was in the answer posted in the channel, for everyone to read."""
    mention = app_mention(PATIENT)
    slack.event(mention)
    post = " ".join(double.wait_for("chat.postMessage")[0].blocks_text.split())
    assert "could identify" not in post and "943 476 5919" not in post and "John Smith" not in post
    [private] = double.wait_for("chat.postEphemeral")
    assert private["user"] == mention["event"]["user"] and private["channel"] == mention["event"]["channel"]
    assert messages.details_removed("[name] [nhs-number]", posted=True) in " ".join(private.blocks_text.split())
    assert "943 476 5919" not in json.dumps(private.params)
    slack.event(app_mention(PLAIN))
    assert "could identify" not in double.wait_for("chat.postMessage", 2)[1].blocks_text
    assert len(double.wait_for("chat.postEphemeral")) == 1


def test_slack_asks_the_sender_of_a_direct_message_in_the_reply(server, slack, double):
    slack.event(direct_message(PATIENT))
    post = " ".join(double.wait_for("chat.postMessage")[0].blocks_text.split())
    assert messages.details_removed("[name] [nhs-number]", posted=True) in post and "John Smith" not in post


def test_teams_puts_the_notice_first_on_the_card_and_its_fallback(answerer, settings, tmp_path):
    async def run():
        async with ConnectorDouble() as double, teams_server(peerbot, anonymous) as (url, _bot):
            for number, text in enumerate((PATIENT, PLAIN)):
                await send(url, message(double.url, text, activity_id=f"m{number}"))
                assert await peerbot.drain(60)
            assert double.opened == []  # a personal chat's notice is in the reply
            return double.posts

    peerbot = Peerbot(answerer.corpus, StateStore(tmp_path / "state.db"))
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    patient, plain = (post.activity["attachments"][0]["content"] for post in asyncio.run(run()))
    notice = messages.details_removed("[name] [nhs-number]", posted=True)
    assert patient["body"][0]["text"] == notice and patient["fallbackText"].startswith(notice)
    assert "943 476 5919" not in json.dumps(patient) and "could identify" not in json.dumps(plain)


async def _ask_in_a_channel(peerbot: Peerbot, settings, *failures: int, kind: str = "channel") -> ConnectorDouble:
    """PATIENT asked with a mention in a channel (or a group chat), the connector first answering `failures`."""
    conversation = "19:general@thread.tacv2;messageid=c1" if kind == "channel" else "19:group-chat@thread.v2"
    async with ConnectorDouble() as double, teams_server(peerbot, settings) as (url, _bot):
        double.fail(*failures)
        await send(url, message(double.url, PATIENT, conversation=conversation, kind=kind, mention=True,
                                activity_id="c1"))
        assert await peerbot.drain(60)
        return double


@pytest.mark.parametrize("kind", ["channel", "groupChat"])
def test_teams_tells_a_channel_asker_alone_in_their_personal_chat(answerer, settings, tmp_path, kind):
    """Before stop 38 the notice was only logged: peerbot did not open a chat with the asker."""
    peerbot = Peerbot(answerer.corpus, StateStore(tmp_path / "state.db"))
    double = asyncio.run(_ask_in_a_channel(peerbot, dataclasses.replace(settings, teams_allow_anonymous=True), kind=kind))
    [opened] = double.opened
    assert [m["id"] for m in opened["members"]] == [USER["id"]] and opened["isGroup"] is False
    assert opened["tenantId"] == TENANT["id"] == opened["channelData"]["tenant"]["id"] and opened["bot"]["id"] == BOT_ID
    private, public = double.posts
    assert private.conversation_id == f"a:personal-{USER['id']}" and private.reply_to is None
    assert private.activity["text"] == messages.details_removed("[name] [nhs-number]", posted=True)
    assert public.conversation_id.startswith("19:") and "could identify" not in json.dumps(public.activity)
    assert not any("943 476 5919" in json.dumps(p.activity) or "John Smith" in json.dumps(p.activity)
                   for p in double.posts)


@pytest.mark.parametrize("status", [403, 404, 502])
def test_teams_leaves_the_notice_out_when_the_personal_chat_cannot_be_opened(answerer, settings, tmp_path, caplog,
                                                                               status):
    """The app not installed for the asker (403/404), or the connector failing (5xx): the answer still
    goes to the channel without the notice, and one line says why, naming no detail nor the asker."""
    peerbot = Peerbot(answerer.corpus, StateStore(tmp_path / "state.db"))
    with caplog.at_level(logging.INFO, logger="bot.teams"):
        double = asyncio.run(_ask_in_a_channel(peerbot, dataclasses.replace(settings, teams_allow_anonymous=True),
                                               status))
    assert double.opened == [] and len(double.refused) == 1
    [post] = double.posts
    posted = json.dumps(post.activity)
    assert "could identify" not in posted and "943 476 5919" not in posted and "John Smith" not in posted
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.teams.asker_notice"]
    assert "could not tell an asker privately" in line and f"answered {status}" in line
    assert ("not installed for them" in line) == (status != 502)
    assert not any(word in line for word in ("John", "943", USER["id"], "Your question"))


