"""The weekly digest in Teams: a proactive post to each conversation an admin opted in, exactly
once a week, through the digest's posting run; and the digest's Adaptive Card."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import UTC, datetime

import pytest
from microsoft_agents.activity import Activity
from teams_doubles import TENANT, ConnectorDouble, free_port, installation, members

from bot.answer import Contact, DocumentRef, EnablerRef, Snippet
from bot.digest.model import Audience, Digest, Feature, Gap, LessonNote, Spotlight, Theme
from bot.digest.posting import post_digest
from bot.state import StateStore
from bot.teams import cards
from bot.teams.digest import teams_digest_conversations
from bot.teams.payloads import team_id
from bot.teams.references import reference

CHANNEL = "19:collab-leads@thread.tacv2"
TRUST = EnablerRef("building-trust", "Building trust")
DOC = DocumentRef("wy", "West Yorkshire MHLDA collaborative", "NHS Providers", "https://example.org/wy")
CATHY = Contact("Cathy Elliott", "Chair", "Bradford District Care NHS Foundation Trust",
                "Chair, Bradford District Care NHS Foundation Trust. Chairs the collaborative.", ("wy",),
                quote="It is a coalition of the willing.")


def teams_destinations(settings, state):
    """The digest's Teams destinations as `peerbot digest --post` makes them: the opted-in conversations."""
    return teams_digest_conversations(settings, lambda: state.conversations("teams", digest_only=True))


def digest(**changes) -> Digest:
    week = Digest(
        week="2026-W47", start=datetime(2026, 11, 16, 9, tzinfo=UTC), end=datetime(2026, 11, 23, 9, tzinfo=UTC),
        lessons=(LessonNote(DOC, "The trusts formed a committee in common.", (TRUST,), "new"),),
        feature=Feature(TRUST, "Boards build trust.", Snippet("Be open about red lines.", 0.8, "Trust", DOC, 1), CATHY),
        questions=4, answered=3, themes=(Theme(TRUST, 3),), examples=("how did boards build trust?",),
        gaps=(Gap("who runs the shared bank?", 2, True),), spotlight=(Spotlight(CATHY, TRUST),),
    )
    return dataclasses.replace(week, **changes)


def test_the_digest_card_has_every_part_and_names_its_people():
    card = cards.digest_card(digest(), "fallback")
    body = json.dumps(card, ensure_ascii=False)
    for part in ("peerbot weekly digest", "Week 2026-W47", "New and updated lessons",
                 "**[West Yorkshire MHLDA collaborative](https://example.org/wy)** · NHS Providers · *new*",
                 '"The trusts formed a committee in common."', "Enabler of the week: Building trust",
                 '"Be open about red lines."', "What people asked", "4 questions in public channels this week, 3 answered.",
                 "Most asked: Building trust (3).", "“how did boards build trust?”", "Knowledge gaps",
                 "“who runs the shared bank?” (*asked 2 times, no answer*)", "People spotlight",
                 "**Cathy Elliott** (*asked about: Building trust*)",
                 "Chair, Bradford District Care NHS Foundation Trust. Chairs the collaborative.",
                 "“It is a coalition of the willing.”"):
        assert part in body, part
    assert "<at>" not in body and "entities" not in card.get("msteams", {})
    assert card["fallbackText"] == "fallback" and cards.fits(card)


def test_an_empty_corpus_digest_says_so():
    card = cards.digest_card(digest(corpus_empty=True, lessons=(), feature=None), "")
    assert "The lessons library is empty" in json.dumps(card)


def store_installs(state: StateStore, service_url: str) -> None:
    """What the Teams app stores when it is added to a channel and to a personal chat."""
    for activity in (installation(service_url, "add", conversation=CHANNEL), members(service_url, added=True)):
        parsed = Activity.model_validate(activity)
        state.save_conversation(parsed.conversation.id, "teams", reference(parsed), team_id(parsed))


def test_a_channels_digest_is_for_its_team_and_a_chats_for_no_one_in_particular(settings):
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    state = StateStore(anonymous.state_db_path)
    store_installs(state, "https://smba.trafficmanager.net/uk/")
    for conversation in (CHANNEL, "a:personal-chat"):
        state.set_digest_opt_in(conversation, True)
    audiences = {d.key: asyncio.run(d.audience()) for d in teams_destinations(anonymous, state)}
    assert audiences[f"teams:{CHANNEL}"] == Audience(CHANNEL, frozenset({TENANT["id"]}))  # installed in that team
    assert audiences["teams:a:personal-chat"] == Audience("", frozenset({TENANT["id"]}))  # quotes no one


def test_the_digest_is_posted_once_a_week_to_each_opted_in_conversation(settings):
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    state = StateStore(anonymous.state_db_path)

    async def run():
        async with ConnectorDouble() as double:
            store_installs(state, double.url)
            state.set_digest_opt_in(CHANNEL, True)  # the personal chat is not opted in
            destinations = teams_destinations(anonymous, state)
            first = await post_digest("2026-W47", lambda _: digest(), destinations, state)
            again = await post_digest("2026-W47", lambda _: digest(), teams_destinations(anonymous, state), state)
            return destinations, first, again, double.posts

    destinations, first, again, posts = asyncio.run(run())
    assert [d.key for d in destinations] == [f"teams:{CHANNEL}"]
    assert [o.status for o in first.outcomes] == ["posted"]
    assert [o.status for o in again.outcomes] == ["already_posted"]
    [post] = posts
    assert (post.conversation_id, post.reply_to) == (CHANNEL, None)  # a new post in the channel
    assert post.activity["summary"] == "peerbot weekly digest"
    assert "Enabler of the week: Building trust" in json.dumps(post.activity["attachments"][0]["content"])


def test_an_unreachable_teams_conversation_fails_alone_and_is_reported(settings):
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    state = StateStore(anonymous.state_db_path)
    gone = f"http://127.0.0.1:{free_port()}"  # nothing listens there

    async def run():
        async with ConnectorDouble() as double:
            store_installs(state, double.url)
            parsed = Activity.model_validate(installation(gone, "add", conversation="19:gone@thread.tacv2"))
            state.save_conversation(parsed.conversation.id, "teams", reference(parsed))
            for conversation in (CHANNEL, "19:gone@thread.tacv2"):
                state.set_digest_opt_in(conversation, True)
            report = await post_digest("2026-W47", lambda _: digest(), teams_destinations(anonymous, state), state)
            return report, double.posts

    report, posts = asyncio.run(run())
    outcomes = {o.destination: o for o in report.outcomes}
    assert outcomes[f"teams:{CHANNEL}"].status == "posted" and len(posts) == 1
    failed = outcomes["teams:19:gone@thread.tacv2"]
    assert failed.status == "failed" and f"cannot post to Teams at {gone}" in failed.message


def test_without_teams_settings_there_are_no_teams_destinations(settings):
    state = StateStore(settings.state_db_path)
    store_installs(state, "https://smba.trafficmanager.net/uk/")
    state.set_digest_opt_in(CHANNEL, True)
    assert teams_destinations(settings, state) == []


def test_the_posted_digest_names_its_people_and_mentions_no_one(settings):
    """A digest is read by a chat or channel: an `<at>` mention would notify the person every week (stop 38)."""
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    state = StateStore(anonymous.state_db_path)

    async def run():
        async with ConnectorDouble() as double:
            store_installs(state, double.url)
            state.set_digest_opt_in(CHANNEL, True)
            await post_digest("2026-W47", lambda _: digest(), teams_destinations(anonymous, state), state)
            return double.posts

    [post] = asyncio.run(run())
    content = post.activity["attachments"][0]["content"]
    assert "**Cathy Elliott**" in json.dumps(content, ensure_ascii=False) and "<at>" not in json.dumps(content)
    assert not content.get("msteams", {}).get("entities")


def test_a_teams_post_whose_connection_drops_after_sending_is_unconfirmed_and_not_posted_again(settings):
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    state = StateStore(anonymous.state_db_path)
    received: list[bytes] = []

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Reads the whole post (it may well be delivered), then closes without an answer."""
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
        received.append(await reader.readexactly(length))
        writer.close()

    async def run():
        server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
        dropping = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        async with ConnectorDouble() as double, server:
            store_installs(state, double.url)
            parsed = Activity.model_validate(installation(dropping, "add", conversation="19:drop@thread.tacv2"))
            state.save_conversation(parsed.conversation.id, "teams", reference(parsed))
            state.set_digest_opt_in("19:drop@thread.tacv2", True)
            first = await post_digest("2026-W47", lambda _: digest(), teams_destinations(anonymous, state), state)
            again = await post_digest("2026-W47", lambda _: digest(), teams_destinations(anonymous, state), state)
            return first, again

    first, again = asyncio.run(run())
    key = "teams:19:drop@thread.tacv2"
    [lost] = [o for o in first.outcomes if o.destination == key]
    assert lost.status == "unconfirmed" and f"peerbot digest --post --resend {key}" in lost.message
    [left] = [o for o in again.outcomes if o.destination == key]
    assert left.status == "unconfirmed" and "cannot read the conversation" in left.message
    assert len(received) == 1  # sent once, never again without the operator's --resend


CONNECTOR_ANSWERS = {  # the connector's answer to the digest's post: (status, body, content type), and taken?
    "503-nested": ((503, b"[" * 100_000 + b"]" * 100_000, "application/json"), False),
    "502-latin-1-page": ((502, b"<p>Passerelle d\xe9faillante</p>", "text/html"), False),
    "500-not-utf-8": ((500, b'{"error": "\xff"}', "application/json"), False),
    "200-not-utf-8": ((200, b'{"id": "r\xff"}', "application/json"), True),
    "201-latin-1-page": ((201, b"<p>re\xe7u</p>", "text/html"), True),
}


@pytest.mark.parametrize("answer", CONNECTOR_ANSWERS, ids=list(CONNECTOR_ANSWERS))
def test_a_digest_the_connector_refused_is_posted_by_the_next_run_and_one_it_took_is_not_posted_again(
    settings, answer
):
    """A refusal (any page, read or not) is a failure the next run tries again; a 2xx whose answer is
    unreadable is a post taken. Either way the conversation sees the week's digest once."""
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    state = StateStore(anonymous.state_db_path)
    (status, body, content_type), taken = CONNECTOR_ANSWERS[answer]

    async def run():
        async with ConnectorDouble() as double:
            store_installs(state, double.url)
            state.set_digest_opt_in(CHANNEL, True)
            double.fault("body", status=status, body=body, content_type=content_type)
            first = await post_digest("2026-W47", lambda _: digest(), teams_destinations(anonymous, state), state)
            await post_digest("2026-W47", lambda _: digest(), teams_destinations(anonymous, state), state)
            return first, [p for p in double.posts if p.conversation_id == CHANNEL]

    first, shown = asyncio.run(run())
    [outcome] = [o for o in first.outcomes if o.destination == f"teams:{CHANNEL}"]
    assert outcome.status == ("posted" if taken else "failed"), outcome
    assert len(shown) == 1


def test_a_digest_post_the_connector_never_answers_is_unconfirmed_after_30_s_not_5_minutes(settings):
    """Before (hostile sweep 23, tdigest23 no-answer): the run waited for aiohttp's own 5-minute limit
    on each conversation whose connector held the post, then said the connection was lost."""
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    state = StateStore(anonymous.state_db_path)

    async def run():
        async with ConnectorDouble() as double:
            store_installs(state, double.url)
            state.set_digest_opt_in(CHANNEL, True)
            double.fault("hold")
            return await post_digest("2026-W47", lambda _: digest(), teams_destinations(anonymous, state), state)

    [outcome] = [o for o in asyncio.run(run()).outcomes if o.destination == f"teams:{CHANNEL}"]
    assert outcome.status == "unconfirmed", outcome
    assert "did not answer within 30 s" in outcome.message
