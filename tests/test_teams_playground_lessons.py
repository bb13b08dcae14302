"""Lessons from chat through the Microsoft 365 Agents Playground, as Teams users do it: a knowledge
gap asked in a personal chat (and "Tell me when someone answers this"), the `lesson` command's
Adaptive Card form submitted with Action.Execute, the review card in the review channel where only
a curator's Approve counts, the Markdown file in the knowledge folder, the running server answering
from it with no restart, and the waiting asker's direct message.

The Playground's config file (.m365agentsplayground.yml in its working directory) sets its users'
ids and AAD object ids, so PEERBOT_CURATORS names one of them, and its API acts as any of them.
Two things its client cannot do, and what is done instead:
- it has no task modules (its limitations list "Task module (task/fetch)"), so "I can help" on the
  digest's knowledge gap is submitted as the dialog's `task/submit` through its custom-activity
  API, from the button the digest card carried (the dialog's task/fetch is covered at the protocol
  level, tests/test_teams_lessons.py);
- its message menu credits every user message to the current user, by Playground id rather than
  AAD object id, so "Save as lesson" goes through its messaging-extension invoke API with the
  payload Teams sends for the message the test really posted."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from conftest import KNOWLEDGE
from state_rows import rows
from teams_playground import BackgroundServer, Playground, PlaygroundClient, card

from bot.corpus import CorpusLoader, open_corpus
from bot.digest.gather import compose_week
from bot.digest.week import Week
from bot.service import Peerbot
from bot.settings import Settings
from bot.state import StateStore
from bot.teams.digest import teams_digest_conversations
from bot.teams.lesson_cards import SAVE_COMMAND
from index.hashing_embedder import HashingEmbedder

TEAM, REVIEW = "19:peer-learning@thread.tacv2", "19:lesson-review@thread.tacv2"


def user(key: str, name: str, aad_suffix: str) -> dict:
    """A Playground user as its config file has them (it asks for at least five besides you)."""
    email = f"{key}@example.nhs.uk"
    return {"id": f"user-{key}", "name": name, "userPrincipleName": email, "email": email,
            "aadObjectId": f"00000000-0000-0000-0000-{aad_suffix:0>12}", "givenName": name.split()[0],
            "surname": name.split()[1]}


ASKER, SUBMITTER, CURATOR = user("asha", "Asha Asker", "a5c1"), user("sam", "Sam Submitter", "5b1"), user(
    "cleo", "Cleo Curator", "c0c1")
OTHERS = [user(f"peer{n}", f"Peer Number{n}", f"e{n}") for n in range(3)]
CONFIG = {
    "version": "0.1.1", "tenantId": "00000000-0000-0000-0000-0000000000e1",
    "bot": {"id": "00000000-0000-0000-0000-0000000000b0", "name": "peerbot"},
    "currentUser": ASKER, "users": [SUBMITTER, CURATOR, *OTHERS],
    "personalChat": {"id": "a:asker-personal-chat"},
    "groupChat": {"id": "19:leads-chat@thread.v2", "name": "Collaborative leads"},
    "team": {"id": TEAM, "name": "Peer learning", "aadGroupId": "00000000-0000-0000-0000-0000000000a9",
             "channels": [{"id": REVIEW, "name": "Lesson review"}]},
}
GAP = "zzqx marmalade trombones and who?"  # nothing in the corpus covers it (hashing embedder)
QUESTION = "How did anyone pool theatre lists into one waiting list?"
LESSON = {
    "title": "How we shared theatre lists across three trusts",
    "did": "We pooled elective theatre lists across three trusts and ran one waiting list.",
    "learned": "Agree the clinical prioritisation rules first; patient NHS number 943 476 5919 was on a slide.",
    "organisation": "Example Surgical Collaborative", "enablers": "building-trust",
    "contact": "Dr Sam Example, clinical director", "contact_agreed": "true",
    "contributor": "Sam Submitter", "contributor_named": "true",
}
GAP_LESSON = {**LESSON, "title": "Who to ask about zzqx", "did": "We asked the zzqx network who leads it.",
              "learned": "The regional zzqx lead answers within a week."}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("playground-lessons")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    settings = Settings(data_dir=root / "data", knowledge_dir=root / "knowledge", model="hashing",
                        teams_allow_anonymous=True, review_channel=REVIEW, curators=CURATOR["aadObjectId"])
    embedder = HashingEmbedder()
    corpus, _ = open_corpus(settings, embedder)
    state = StateStore(settings.state_db_path)
    peerbot = Peerbot(corpus, state, None, CorpusLoader(settings, embedder), settings=settings)
    background = BackgroundServer(peerbot, settings)
    yield background, peerbot, settings, state
    background.close()
    peerbot.close()
    state.close()


@pytest.fixture(scope="module")
def playground(server, tmp_path_factory):
    """The Playground with peerbot opened in the asker's personal chat and added to the leads'
    group chat and to the review channel (each answered with the welcome)."""
    emulator = Playground(server[0].url, tmp_path_factory.mktemp("playground-lessons-cwd"), yaml.safe_dump(CONFIG))

    async def install():
        async with PlaygroundClient(emulator.url) as client:
            for conversation in (client.personal_chat, client.group_chat, REVIEW):
                await client.install(conversation)
                assert "lesson" in (await client.reply(conversation))["text"]

    try:
        run(install)
        yield emulator
    finally:
        emulator.close()


def run(scenario):
    return asyncio.run(scenario())


def filled(form: dict, answers: dict) -> dict:
    """What Action.Execute sends for `form` typed in as `answers`: its action's data with the
    card's inputs merged in (only inputs the card has)."""
    inputs = {b["id"] for b in form["body"] if b["type"].startswith("Input.")}
    assert set(answers) <= inputs, f"the form has no field for {set(answers) - inputs}"
    [submit] = form["actions"]
    return {**submit.get("data", {}), **answers}


def wait_for_generation(peerbot: Peerbot, before: str) -> None:
    deadline = time.monotonic() + 60
    while peerbot.generation == before:  # the background rebuild, then the swap
        assert time.monotonic() < deadline, "the approved lesson was never taken up"
        time.sleep(0.1)


def test_a_lesson_from_the_lesson_command_is_reviewed_approved_and_answered_from_without_a_restart(
    playground, server
):
    _background, peerbot, settings, state = server

    async def scenario():
        async with PlaygroundClient(playground.url) as client:
            await client.say(client.group_chat, f"lesson {LESSON['title']}", mention=True, user=SUBMITTER["id"])
            form_message = await client.reply(client.group_chat)
            form = card(form_message)
            submitted = await client.click(client.group_chat, form_message, filled(form, LESSON),
                                           form["actions"][0]["verb"], user=SUBMITTER["id"])
            review = await client.reply(REVIEW)
            post = review.get("postConversationId", REVIEW)  # a new post in the channel: its own thread
            approve = next(a for a in card(review)["actions"] if a["data"]["decision"] == "approve")
            refused = await client.click(post, review, approve["data"], approve["verb"], user=SUBMITTER["id"])
            before = peerbot.generation
            approved = await client.click(post, review, approve["data"], approve["verb"], user=CURATOR["id"])
            await asyncio.to_thread(wait_for_generation, peerbot, before)
            await client.say(client.group_chat, QUESTION, mention=True, user=OTHERS[1]["id"])
            answer = await client.reply(client.group_chat)
            return form, submitted, review, refused, approved, answer

    form, submitted, review, refused, approved, answer = run(scenario)
    assert form["actions"][0]["type"] == "Action.Execute"
    assert next(b for b in form["body"] if b.get("id") == "title")["value"] == LESSON["title"]
    [lesson] = [r for r in rows(state, "lessons") if r["title"] == LESSON["title"]]
    assert (lesson["platform"], lesson["submitter"], lesson["status"]) == ("teams", SUBMITTER["aadObjectId"], "approved")
    assert lesson["decided_by"] == CURATOR["aadObjectId"]
    assert submitted["type"] == "application/vnd.microsoft.card.adaptive"
    assert f"your lesson is #{lesson['id']}" in json.dumps(submitted["value"])
    review_card = json.dumps(card(review))
    assert LESSON["title"] in review_card and "943 476 5919" not in review_card
    assert refused["type"] == "application/vnd.microsoft.activity.message" and "Only curators" in refused["value"]
    assert f"Approved: added to the lessons as {lesson['document_id']}" in json.dumps(approved["value"])
    assert "actions" not in approved["value"]  # the decided card has no buttons left
    written = settings.knowledge_dir / "lessons" / f"{lesson['document_id']}.md"
    meta = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
    assert meta["title"] == LESSON["title"] and "[nhs-number]" in written.read_text(encoding="utf-8")
    body = json.dumps(card(answer), ensure_ascii=False)
    assert LESSON["title"] in body and "pooled elective theatre lists" in body  # the same server, no restart


def test_i_can_help_on_a_digest_gap_tells_the_waiting_asker_in_their_personal_chat(playground, server):
    _background, peerbot, settings, state = server

    async def scenario():
        async with PlaygroundClient(playground.url) as client:
            # 1. A peer asks in the team's channel what the lessons do not cover; the asker asks the
            # same in their personal chat and asks to be told when someone answers it.
            thread = await client.say(TEAM, GAP, mention=True, user=OTHERS[0]["id"])
            await client.reply(thread)
            await client.say(client.personal_chat, GAP)
            not_covered = await client.reply(client.personal_chat)
            watch = card(not_covered)["actions"][-1]
            watching = await client.click(client.personal_chat, not_covered, watch["data"], watch["verb"])

            # 2. The weekly digest (composed as `peerbot digest` does, in its own process) reaches the
            # leads' group chat through the Playground, with "I can help" on the public gap.
            digest_corpus, _ = await asyncio.to_thread(open_corpus, settings, HashingEmbedder())
            try:
                now = datetime.now(UTC)
                week = await asyncio.to_thread(compose_week, digest_corpus, state, Week.of(now),
                                               now - timedelta(hours=1), now + timedelta(seconds=5))
            finally:
                digest_corpus.index.close()
            state.set_digest_opt_in(client.group_chat, True)
            opted_in = lambda: state.conversations("teams", digest_only=True)  # noqa: E731
            [destination] = teams_digest_conversations(settings, opted_in)
            await destination.post(week)
            digest = card(await client.reply(client.group_chat))
            [offer] = [a for b in digest["body"] if b["type"] == "ActionSet" for a in b["actions"]]

            # 3. "I can help" opens a task module, which the Playground cannot: the dialog's submission
            # (the button's data, the form's inputs and its question as filled in) goes through its
            # custom-activity API as the submitter's `task/submit`.
            submitter = {k: SUBMITTER[k] for k in ("id", "name", "aadObjectId")}
            answers = {**offer["data"], **GAP_LESSON, "question": GAP}
            await client.custom_activity(client.group_chat, {"type": "invoke", "name": "task/submit",
                                                             "from": submitter, "value": {"data": answers}})
            review = await client.reply(REVIEW)

            # 4. The curator approves; the asker hears in their personal chat.
            approve = next(a for a in card(review)["actions"] if a["data"]["decision"] == "approve")
            post = review.get("postConversationId", REVIEW)
            before = peerbot.generation
            approved = await client.click(post, review, approve["data"], approve["verb"], user=CURATOR["id"])
            told = await client.reply(client.personal_chat)
            await asyncio.to_thread(wait_for_generation, peerbot, before)  # no rebuild left running
            return watch, watching, offer, review, approved, told

    watch, watching, offer, review, approved, told = run(scenario)
    assert watch["verb"] == "peerbot.watch" and "message you here" in watching["value"]
    assert offer["data"]["msteams"] == {"type": "task/fetch"}
    gap_id = offer["data"]["q"]
    [lesson] = [r for r in rows(state, "lessons") if r["title"] == GAP_LESSON["title"]]
    assert (lesson["question_id"], lesson["submitter"]) == (gap_id, SUBMITTER["aadObjectId"])
    assert GAP in json.dumps(card(review)) and "Approved" in json.dumps(approved["value"])
    assert told["text"].startswith("Your question from ") and f"“{GAP}”" in told["text"]
    assert f"New lesson: {GAP_LESSON['title']}" in told["text"] and not told.get("attachments")
    assert rows(state, "answer_watches") == []  # told once, then forgotten


def test_save_as_lesson_on_a_peers_message_opens_the_form_and_its_submission_is_reviewed(playground, server):
    """The message action through the Playground's messaging-extension API: the payload is the one
    Teams sends for a message (its author an AAD user), for a message really posted in the chat."""
    _background, _peerbot, _settings, state = server
    author = OTHERS[2]
    text = "Pooling theatre lists worked once the clinical rules were agreed & shared."

    async def scenario():
        async with PlaygroundClient(playground.url) as client:
            posted = await client.send(client.group_chat, {"from": {"id": author["id"]}, "text": text,
                                                            "textFormat": "plain"})
            action = {"commandId": SAVE_COMMAND, "commandContext": "message", "context": {"theme": "default"},
                      "messagePayload": {"id": posted["messageId"], "messageType": "message",
                                         "body": {"contentType": "html", "content": f"<p>{text.replace('&', '&amp;')}</p>"},
                                         "from": {"user": {"userIdentityType": "aadUser", "id": author["aadObjectId"],
                                                           "displayName": author["name"]}}}}
            opened = await client.message_action(client.group_chat, "composeExtension/fetchTask", action,
                                                 user=SUBMITTER["id"])
            form = opened["task"]["value"]["card"]["content"]
            answers = {**LESSON, "title": "Agree the rules before pooling lists", "learned": text}
            closed = await client.message_action(client.group_chat, "composeExtension/submitAction",
                                                 {**action, "data": filled(form, answers)}, user=SUBMITTER["id"])
            return form, closed, await client.reply(REVIEW)

    form, closed, review = run(scenario)
    learned = next(b for b in form["body"] if b.get("id") == "learned")
    assert learned["value"] == text and form["actions"][0]["type"] == "Action.Submit"
    assert closed["task"]["type"] == "message" and "your lesson is #" in closed["task"]["value"]
    [lesson] = [r for r in rows(state, "lessons") if r["title"] == "Agree the rules before pooling lists"]
    assert (lesson["submitter"], lesson["quoted_author"], lesson["status"]) == (
        SUBMITTER["aadObjectId"], author["aadObjectId"], "pending")
    assert "Agree the rules before pooling lists" in json.dumps(card(review))
