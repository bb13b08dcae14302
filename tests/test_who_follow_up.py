"""A thread's "who led that?" is answered with who: the people behind the thread's answer and the
organisations its lessons credit, or an honest line that the lessons name no one; never the first
answer again with a passage matching "led". Over HTTP against the local Slack double."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from slack_double import PeerbotServer, SlackSender, app_mention
from teams_doubles import ConnectorDouble, message, send, teams_server

from bot import messages
from bot.follow_up import asks_who, asks_whom_to_talk_to
from bot.service import Peerbot
from bot.state import StateStore


@pytest.mark.parametrize(("text", "who"), [
    ("who led that?", True), ("who did it?", True), ("and who?", True), ("Who was behind it?", True),
    ("who led the committee in common?", False), ("who should I talk to about this?", False),
    ("what did they do?", False), ("zzqx and who?", False),
])
def test_a_who_follow_up_names_nothing_but_asks_who(text, who):
    assert asks_who(text) is who


def _thread(server, double, root: str, follow_up: str):
    sender = SlackSender(server.events_url)
    first = app_mention(root, channel="C0LAN2Q65")
    sender.event(first)
    double.wait_for("chat.postMessage")
    sender.event(app_mention(follow_up, channel="C0LAN2Q65", thread_ts=first["event"]["ts"]))
    return double.wait_for("chat.postMessage", 2)


@pytest.mark.model
@pytest.mark.parametrize("follow_up", ["who led that?", "who did it?"])
def test_with_the_real_model_who_led_that_names_the_people_behind_the_threads_answer(settings, real_corpus, double,
                                                                                     follow_up):
    """Before: the thread's first answer again, with a passage matching "led", under "Here is what
    peers have learned"."""
    with PeerbotServer(settings, real_corpus, double) as server:
        first, reply = _thread(server, double, "How did the trusts set up a committee in common?", follow_up)
    assert reply.blocks_text.startswith(messages.behind_lead(True, False))
    people = reply.blocks_text.split(messages.CONTACTS_HEADING)[1]
    first_people = first.blocks_text.split(messages.CONTACTS_HEADING)[1]
    assert all(line in people for line in first_people.splitlines() if line.startswith("•"))
    excerpts = reply.blocks_text.split(messages.CONTACTS_HEADING)[0]
    # the thread's, none new (the last one without the "*" of the heading after it: the first answer may go on)
    assert all(excerpt.rstrip("*\n") in first.blocks_text for excerpt in excerpts.split("\n>")[1:])


def test_the_lead_says_whom_the_lessons_name_and_never_claims_a_person_they_do_not(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double) as server:
        _, reply = _thread(server, double, "trust at board level", "who did it?")
    lead, _, rest = reply.blocks_text.partition("\n")
    people = rest.partition(messages.CONTACTS_HEADING)[2]
    named = [line for line in people.splitlines() if line.startswith("• *")]
    assert lead == messages.behind_lead(bool(named), False) or lead == messages.behind_lead(False, bool(named))


def test_the_lessons_naming_no_one_is_said_not_hidden():
    assert "don't name" in messages.behind_lead(False, False) and "no one person" in messages.behind_lead(False, True)


@pytest.mark.parametrize(("text", "asks"), [
    ("Who should I talk to?", True), ("who can I speak to about this", True), ("any contacts?", True),
    ("anyone I could ask?", True), ("who should I contact", True), ("who should I talk to about estates?", False),
    ("who led that?", False), ("can you talk about this?", False), ("what did they do?", False),
])
def test_whom_to_talk_to_is_asked_only_when_nothing_else_is_named(text, asks):
    assert asks_whom_to_talk_to(text) is asks


def _people(text: str) -> list[str]:
    return [line for line in text.split(messages.CONTACTS_HEADING)[1].splitlines() if line.startswith("•")]


@pytest.mark.model
@pytest.mark.parametrize("follow_up", ["Who should I talk to?", "who can I speak to about this", "any contacts?"])
def test_over_slack_whom_to_talk_to_leads_with_the_threads_people_not_its_excerpts(settings, real_corpus, double,
                                                                                   follow_up):
    """Before: the thread's excerpts again, one contact at the end (a Teams trial, stop 37)."""
    with PeerbotServer(settings, real_corpus, double) as server:
        first, reply = _thread(server, double, "How did the trusts set up a committee in common?", follow_up)
    assert reply.blocks_text.startswith(messages.TALK_TO_LEAD)
    assert reply.blocks_text.split(messages.CONTACTS_HEADING)[0].strip(" \n*") == messages.TALK_TO_LEAD
    assert _people(first.blocks_text) and set(_people(first.blocks_text)) <= set(_people(reply.blocks_text))


@pytest.mark.model
def test_over_teams_whom_to_talk_to_in_a_channel_thread_leads_with_the_people(settings, real_corpus, tmp_path):
    async def run():
        thread = "19:general@thread.tacv2;messageid=t1"
        async with ConnectorDouble() as double, teams_server(peerbot, settings) as (url, _bot):
            for number, text in enumerate(("How did the trusts set up a committee in common?", "who should I talk to?")):
                await send(url, message(double.url, text, conversation=thread, kind="channel", mention=True,
                                        activity_id=f"t{number + 1}"))
                assert await peerbot.drain(60)
            return double.posts

    peerbot = Peerbot(real_corpus, StateStore(tmp_path / "state.db"))
    settings = dataclasses.replace(settings, teams_allow_anonymous=True)
    first, reply = (post.activity["attachments"][0]["content"] for post in asyncio.run(run()))
    texts = [item.get("text", "") for item in reply["body"]]
    assert texts[0] == messages.TALK_TO_LEAD and texts[1] == messages.CONTACTS_HEADING
    first_texts = [item.get("text", "") for item in first["body"]]
    assert not any(item.get("type") == "Container" for item in reply["body"])  # no excerpt again
    people = {t for t in first_texts[first_texts.index(texts[1]):] if t.startswith(("**", "<at>"))
              and not t.startswith(f"**{messages.ENABLERS_HEADING}")}
    assert people and people <= set(texts)
