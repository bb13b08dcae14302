"""End to end with a real Teams client emulator: the Microsoft 365 Agents Playground, pointed at
peerbot in anonymous mode, with no login and no internet. Its API changing fails these tests."""

from __future__ import annotations

import asyncio
import json
import shutil

import pytest
from conftest import KNOWLEDGE
from corpus_helpers import open_answerer
from state_rows import count, rows
from teams_playground import BackgroundServer, Playground, PlaygroundClient, card, screenshot_answer

from bot.service import Peerbot
from bot.settings import Settings
from bot.state import StateStore
from bot.teams.digest import teams_digest_conversations
from index.hashing_embedder import HashingEmbedder

QUESTION = "How did the West Yorkshire trusts set up a committee in common?"


@pytest.fixture(scope="module")
def peerbot(tmp_path_factory):
    root = tmp_path_factory.mktemp("playground")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    settings = Settings(data_dir=root / "data", knowledge_dir=root / "knowledge", model="hashing",
                        teams_allow_anonymous=True)
    answerer = open_answerer(settings, HashingEmbedder())
    state = StateStore(settings.state_db_path)
    yield Peerbot(answerer.corpus, state), settings, state
    answerer.index.close()


@pytest.fixture(scope="module")
def playground(peerbot, tmp_path_factory):
    bot, settings, _ = peerbot
    server = BackgroundServer(bot, settings)
    try:
        emulator = Playground(server.url, tmp_path_factory.mktemp("playground-cwd"))
        try:
            yield emulator
        finally:
            emulator.close()
    finally:
        server.close()


def run(scenario):
    return asyncio.run(scenario())


def test_a_personal_chat_gets_a_welcome_then_a_cited_answer_with_contacts(playground, peerbot):
    async def scenario():
        async with PlaygroundClient(playground.url) as client:
            await client.install(client.personal_chat)
            welcome = await client.reply(client.personal_chat)
            await client.say(client.personal_chat, QUESTION)
            return welcome, await client.reply(client.personal_chat)

    welcome, answer = run(scenario)
    assert "enabler NAME" in welcome["text"]
    body = json.dumps(card(answer), ensure_ascii=False)
    assert "committee in common" in body
    assert "West Yorkshire and Harrogate MHLDA provider collaborative" in body  # a cited source
    assert "People who have done this" in body and "Cathy Elliott" in body
    assert any(c.platform == "teams" for c in peerbot[2].conversations("teams"))


def test_a_channel_mention_is_answered_in_its_thread_and_feedback_is_stored(playground, peerbot):
    async def scenario():
        async with PlaygroundClient(playground.url) as client:
            thread = await client.say(client.channel, QUESTION, mention=True)
            answer = await client.reply(thread)
            data = card(answer)["actions"][1]
            response = await client.click(thread, answer, data["data"], data["verb"])
            return thread, answer, response

    thread, answer, response = run(scenario)
    assert ";messageid=" in thread
    assert "committee in common" in json.dumps(card(answer))
    assert response["value"].startswith("Thanks for the feedback: marked as not helpful")
    assert count(peerbot[2], "feedback") == 1


def test_an_enabler_summary_in_a_group_chat(playground):
    async def scenario():
        async with PlaygroundClient(playground.url) as client:
            await client.say(client.group_chat, "enabler building trust", mention=True)
            return await client.reply(client.group_chat)

    summary = card(run(scenario))
    assert summary["body"][0]["text"] == "Building trust"
    body = json.dumps(summary, ensure_ascii=False)
    assert "What works" in body and "in the library speak" in body


def test_the_weekly_digest_reaches_an_opted_in_chat(playground, peerbot):
    from test_teams_digest import digest

    bot, settings, state = peerbot

    async def scenario():
        async with PlaygroundClient(playground.url) as client:
            await client.install(client.personal_chat)
            await client.reply(client.personal_chat)  # the welcome
            state.set_digest_opt_in(client.personal_chat, True)
            opted_in = lambda: state.conversations("teams", digest_only=True)  # noqa: E731
            [destination] = teams_digest_conversations(settings, opted_in)
            await destination.post(digest())
            return await client.reply(client.personal_chat)

    posted = run(scenario)
    body = json.dumps(card(posted))
    assert "peerbot weekly digest" in body and "Enabler of the week: Building trust" in body


def test_the_web_page_renders_the_answer_card(playground, tmp_path):
    screenshot = tmp_path / "teams-answer-card.png"
    text = screenshot_answer(playground.url, QUESTION, screenshot)
    assert "People who have done this" in text and "Helpful" in text
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 10_000


def test_a_follow_up_in_a_channel_thread_and_in_a_chat_is_read_with_the_earlier_question(playground, peerbot):
    async def scenario():
        async with PlaygroundClient(playground.url) as client:
            thread = await client.say(client.channel, "wellbeing hub for staff", mention=True)
            await client.reply(thread)
            replied_in = await client.say(thread, "zzqx and who?", mention=True)
            in_thread = await client.reply(replied_in)
            await client.say(client.personal_chat, "wellbeing hub for staff")
            await client.reply(client.personal_chat)
            await client.say(client.personal_chat, "zzqx and who?")
            in_chat = await client.reply(client.personal_chat)
            return thread, replied_in, in_thread, in_chat

    thread, replied_in, in_thread, in_chat = run(scenario)
    assert replied_in == thread  # the follow-up was in the first question's thread
    for answer in (in_thread, in_chat):  # alone, "zzqx and who?" finds nothing
        assert "wellbeing hub" in json.dumps(card(answer)).lower()
    remembered = {r["question"] for r in rows(peerbot[2], "threads")}
    # a thread keeps its first question; a chat its latest, which a follow-up read with it leaves as it was
    assert "wellbeing hub for staff" in remembered and "zzqx and who?" not in remembered
