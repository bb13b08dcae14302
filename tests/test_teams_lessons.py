"""Lessons from chat in Teams over the Bot Framework protocol: activities POSTed to /api/messages of
peerbot's real server, the local connector double receiving what it posts, real SQLite and a real
knowledge folder. `lesson` opens an Adaptive Card form, its Action.Execute stores the lesson and
posts the review card to the review channel, and only curators (AAD object ids) decide."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import pytest
import yaml
from state_rows import count, get, rows
from teams_doubles import (
    USER,
    ConnectorDouble,
    card_action,
    converse,
    installation,
    members,
    message,
    message_action,
    send,
    task_invoke,
    teams_server,
)

from bot.answer import Answer
from bot.service import Peerbot
from bot.state import StateStore

REVIEW = "19:general@thread.tacv2"
CURATOR = {"id": "29:curator", "name": "Cur Ator", "aadObjectId": "00000000-0000-0000-0000-0000000000c1"}
FORM = {
    "title": "How we shared theatre lists", "did": "We pooled elective theatre lists across three trusts.",
    "learned": "Agree the clinical rules first; NHS number 943 476 5919 was on a slide.",
    "organisation": "Example Surgical Collaborative", "enablers": "building-trust,shared-ambitions",
    "contact": "Dr Sam Example", "contact_agreed": "true", "contributor": "Sam", "contributor_named": "false",
}


@pytest.fixture
def state(tmp_path):
    store = StateStore(tmp_path / "state.db")
    yield store
    store.close()


@pytest.fixture
def lesson_settings(settings):
    return dataclasses.replace(settings, teams_allow_anonymous=True, review_channel=REVIEW,
                               curators=CURATOR["aadObjectId"])


@pytest.fixture
def peerbot(answerer, state, lesson_settings):
    return Peerbot(answerer.corpus, state, settings=lesson_settings)


def invoke_value(result) -> dict:
    status, body = result
    assert status == 200, body
    return json.loads(body)


def inputs(card: dict) -> dict[str, dict]:
    return {b["id"]: b for b in card["body"] if b["type"].startswith("Input.")}


def test_lesson_opens_the_form_as_an_adaptive_card(peerbot, lesson_settings):
    _, double = converse(peerbot, lesson_settings, lambda s: message(s, "lesson Shared staff bank"))
    [post] = double.posts
    card = post.activity["attachments"][0]["content"]
    fields = inputs(card)
    assert fields["title"]["value"] == "Shared staff bank" and fields["did"]["isMultiline"]
    assert fields["enablers"]["isMultiSelect"] and "building-trust" in [c["value"] for c in fields["enablers"]["choices"]]
    assert fields["contact_agreed"]["type"] == "Input.Toggle" and fields["contact_agreed"]["value"] == "false"
    assert card["actions"] == [{"type": "Action.Execute", "title": "Send for review", "verb": "peerbot.lesson",
                                "data": {}}]


def test_lesson_in_a_channel_never_posts_back_a_patients_details_from_its_title(peerbot, lesson_settings):
    """The form is a post the whole channel sees: the title typed after `lesson` is redacted in it."""
    _, double = converse(peerbot, lesson_settings, lambda s: message(
        s, "lesson Patient John Smith 943 476 5919 discharge hub", conversation=f"{REVIEW};messageid=1700000000002",
        kind="channel", mention=True))
    [post] = double.posts
    assert inputs(post.activity["attachments"][0]["content"])["title"]["value"] == "Patient [name] [nhs-number] discharge hub"
    assert "943 476 5919" not in json.dumps(post.activity) and "John Smith" not in json.dumps(post.activity)


def test_a_submitted_form_is_reviewed_in_the_review_channel_and_only_a_curator_approves(
    peerbot, state, lesson_settings
):
    results, double = converse(
        peerbot, lesson_settings,
        lambda s: installation(s, "add", conversation=REVIEW),  # peerbot was added to the review channel
        lambda s: card_action(s, "peerbot.lesson", FORM),
        lambda s: card_action(s, "peerbot.lesson_review", {"id": 1, "decision": "approve"}),  # the submitter
        lambda s: card_action(s, "peerbot.lesson_review", {"id": 1, "decision": "approve"}, user=CURATOR,
                              conversation=REVIEW, kind="channel"),
    )
    thanks = invoke_value(results[1])
    assert thanks["type"] == "application/vnd.microsoft.card.adaptive" and "#1" in json.dumps(thanks["value"])
    [review] = [p for p in double.posts if p.conversation_id == REVIEW and p.activity.get("attachments")]
    card = review.activity["attachments"][0]["content"]
    assert [a["data"]["decision"] for a in card["actions"]] == ["approve", "edit", "reject"]
    assert FORM["title"] in json.dumps(card) and "943 476 5919" not in json.dumps(card)

    refused = invoke_value(results[2])
    assert refused["type"] == "application/vnd.microsoft.activity.message" and "Only curators" in refused["value"]

    approved = invoke_value(results[3])
    assert "Approved: added to the lessons as lesson-1-how-we-shared-theatre-lists" in json.dumps(approved["value"])
    assert "actions" not in approved["value"]
    row = get(state, "lessons", 1)
    assert (row["platform"], row["submitter"], row["status"], row["decided_by"]) == (
        "teams", USER["aadObjectId"], "approved", CURATOR["aadObjectId"])
    assert row["channel"] == state.pseudonym("a:personal-chat")  # a personal chat's id identifies a person
    path = lesson_settings.knowledge_dir / "lessons" / "lesson-1-how-we-shared-theatre-lists.md"
    meta = yaml.safe_load(path.read_text().split("---\n")[1])
    assert meta["enablers"] == ["building-trust", "shared-ambitions"] and "contributor" not in meta
    assert meta["people"][0]["name"] == "Dr Sam Example" and "[nhs-number]" in path.read_text()


def test_the_thanks_say_what_identifying_details_were_removed_from_the_stored_lesson(peerbot, lesson_settings):
    """The author is told their lesson is not kept word for word; a lesson with nothing removed says nothing."""
    clean = dict(FORM, learned="Agree the clinical rules first.", title="Theatre lists, again")
    results, _ = converse(peerbot, lesson_settings, lambda s: card_action(s, "peerbot.lesson", FORM),
                          lambda s: card_action(s, "peerbot.lesson", clean))
    removed, kept = (json.dumps(invoke_value(result)["value"]) for result in results)
    assert ("It had details that could identify someone (an NHS number): they were removed before it was stored."
            in removed) and "943 476 5919" not in removed
    assert "#2" in kept and "identify" not in kept


def test_a_lesson_form_teams_delivers_again_is_stored_once(peerbot, state, lesson_settings):
    """Teams sends an invoke again with the same activity id when its answer was lost."""
    results, _ = converse(peerbot, lesson_settings,
                          lambda s: card_action(s, "peerbot.lesson", FORM, activity_id="submit-1"),
                          lambda s: card_action(s, "peerbot.lesson", FORM, activity_id="submit-1"))
    assert "#1" in json.dumps(invoke_value(results[0])["value"])
    assert "already sent for review" in json.dumps(invoke_value(results[1])["value"])
    assert count(state, "lessons") == 1


@pytest.mark.parametrize("failure", ["refused-503", "reset"])
def test_a_review_card_the_connector_fails_is_tried_again_from_the_inbox_and_posted_once(
    peerbot, state, lesson_settings, caplog, failure
):
    """Before: one warning line, and the card never posted (bot/teams/review_posts.py)."""
    async def run():
        async with ConnectorDouble() as double, teams_server(peerbot, lesson_settings) as (url, _bot):
            await send(url, installation(double.url, "add", conversation=REVIEW))
            assert await peerbot.drain(60)
            double.fail(503) if failure == "refused-503" else double.fault("drop")  # the review card's post
            result = await send(url, card_action(double.url, "peerbot.lesson", FORM))
            deadline = asyncio.get_running_loop().time() + 60
            while not _review_cards(double) and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.05)
            assert await peerbot.drain(60)
            return result, _review_cards(double)

    result, cards = asyncio.run(run())
    thanks = invoke_value(result)
    assert "#1" in json.dumps(thanks["value"]) and get(state, "lessons", 1)["status"] == "pending"
    assert len(cards) == 1 and "How we shared theatre lists" in json.dumps(cards[0].activity)
    assert json.loads(get(state, "lessons", 1)["review"])["channel"] == REVIEW
    assert not [r for r in caplog.records if r.exc_info]
    assert len([r for r in caplog.records if "teams.review" in r.getMessage()]) == 1  # the retry's one line


def _review_cards(double) -> list:
    return [p for p in double.posts if p.conversation_id == REVIEW and p.activity.get("attachments")]


def test_a_curator_edits_in_place_and_a_refused_form_keeps_what_was_typed(peerbot, state, lesson_settings):
    results, _ = converse(
        peerbot, lesson_settings,
        lambda s: card_action(s, "peerbot.lesson", {**FORM, "title": "", "did": "ping @everyone"}),
        lambda s: card_action(s, "peerbot.lesson", FORM),
        lambda s: card_action(s, "peerbot.lesson_review", {"id": 1, "decision": "edit"}, user=CURATOR),
        lambda s: card_action(s, "peerbot.lesson", {**FORM, "title": "Shared lists", "id": 1}, user=CURATOR),
        lambda s: card_action(s, "peerbot.lesson_review", {"id": 1, "decision": "reject"}, user=CURATOR),
        lambda s: card_action(s, "peerbot.lesson_review", {"id": "1", "decision": "burn"}, user=CURATOR),
    )
    refused = invoke_value(results[0])["value"]
    text = json.dumps(refused)
    assert "Please fill this in." in text and "@channel, @here or @everyone" in text
    assert inputs(refused)["learned"]["value"] == FORM["learned"] and inputs(refused)["did"]["value"] == "ping @everyone"
    editor = invoke_value(results[2])["value"]
    assert inputs(editor)["title"]["value"] == FORM["title"] and editor["actions"][0]["data"] == {"id": 1}
    assert "Shared lists" in json.dumps(invoke_value(results[3])["value"])
    assert "Rejected." in json.dumps(invoke_value(results[4])["value"])
    assert invoke_value(results[5])["type"] == "application/vnd.microsoft.activity.message"
    assert [(r["title"], r["status"]) for r in rows(state, "lessons")] == [("Shared lists", "rejected")]


def test_a_malformed_card_action_gets_400(peerbot, lesson_settings):
    def broken(s):
        activity = card_action(s, "peerbot.lesson", FORM)
        activity["value"]["action"]["data"] = ["not", "an", "object"]
        return activity

    results, _ = converse(peerbot, lesson_settings, broken)
    assert results[0][0] == 400


def test_save_as_lesson_on_a_message_opens_a_dialog_and_its_submission_is_stored(peerbot, state, lesson_settings):
    fetch = "composeExtension/fetchTask"
    submit = "composeExtension/submitAction"
    text = "<p>Pooling theatre lists worked once the <b>rules</b> were agreed &amp; shared.</p>"
    results, _ = converse(
        peerbot, lesson_settings,
        lambda s: message_action(s, fetch, text),
        lambda s: message_action(s, submit, text, {**FORM, "title": "", "a": "00000000-0000-0000-0000-0000000000a2"}),
        lambda s: message_action(s, submit, text, {**FORM, "a": "00000000-0000-0000-0000-0000000000a2"}),
        lambda s: message_action(s, fetch, text, command="somethingElse"),
    )
    opened = invoke_value(results[0])["task"]
    assert opened["type"] == "continue"
    form = opened["value"]["card"]["content"]
    assert inputs(form)["learned"]["value"] == "Pooling theatre lists worked once the rules were agreed & shared."
    assert form["actions"][0] == {"type": "Action.Submit", "title": "Send for review",
                                  "data": {"a": "00000000-0000-0000-0000-0000000000a2"}}  # the quoted author
    refused = invoke_value(results[1])["task"]
    assert refused["type"] == "continue" and "Please fill this in." in json.dumps(refused)
    assert inputs(refused["value"]["card"]["content"])["did"]["value"] == FORM["did"]  # kept as typed
    closed = invoke_value(results[2])["task"]
    assert closed["type"] == "message" and "#1" in closed["value"]
    assert invoke_value(results[3])["task"]["type"] == "message"
    [row] = rows(state, "lessons")
    assert (row["submitter"], row["quoted_author"]) == (USER["aadObjectId"], "00000000-0000-0000-0000-0000000000a2")


def test_i_can_help_on_a_teams_digest_gap_leads_to_a_lesson_and_the_waiting_asker_hears_in_their_chat(
    peerbot, answerer, state, lesson_settings
):
    from datetime import UTC, datetime, timedelta

    from bot.digest.gather import compose_week
    from bot.digest.week import Week
    from bot.teams.cards import digest_card

    gap = state.log_question(Answer("zzqx marmalade trombones", False), "teams", "19:collab-leads@thread.tacv2", place="public",
                             workspace="19:team-a-general@thread.tacv2")
    now = datetime.now(UTC)
    digest = compose_week(answerer.corpus, state, Week.of(now), now - timedelta(hours=1), now + timedelta(seconds=5))
    card = digest_card(digest, "digest")
    [offer] = [a for b in card["body"] if b["type"] == "ActionSet" for a in b["actions"]]
    assert offer["title"] == "I can help" and offer["data"]["msteams"] == {"type": "task/fetch"}
    assert offer["data"]["q"] == gap

    def asked_in_chat() -> str:
        return next(r["id"] for r in rows(state, "questions") if r["place"] == "dm")

    results, double = converse(
        peerbot, lesson_settings,
        lambda s: message(s, "zzqx marmalade trombones", activity_id="ask1"),  # the same question, asked privately
        lambda s: card_action(s, "peerbot.watch", {"question_id": asked_in_chat()}),
        lambda s: task_invoke(s, "task/fetch", offer["data"]),
        lambda s: task_invoke(s, "task/submit", {**offer["data"], **FORM, "question": "zzqx marmalade trombones"}),  # as the dialog sends it
        lambda s: card_action(s, "peerbot.lesson_review", {"id": 1, "decision": "approve"}, user=CURATOR),
    )
    reply = double.posts[0].activity["attachments"][0]["content"]
    assert reply["actions"][-1]["verb"] == "peerbot.watch"
    assert "message you here" in invoke_value(results[1])["value"]
    form = invoke_value(results[2])["task"]["value"]["card"]["content"]
    assert inputs(form)["question"]["value"] == "zzqx marmalade trombones" and form["actions"][0]["data"]["q"] == gap
    assert "#1" in invoke_value(results[3])["task"]["value"]
    assert get(state, "lessons", 1)["question_id"] == gap
    assert "Approved" in json.dumps(invoke_value(results[4])["value"])
    [told] = [p for p in double.posts if p.activity.get("text", "").startswith("Your question from")]
    assert told.conversation_id == "a:personal-chat" and FORM["title"] in told.activity["text"]
    assert count(state, "answer_watches") == 0


def test_peerbot_lessons_approve_tells_a_teams_asker_in_their_personal_chat(settings, corpus_dir, tmp_path):
    """The command line holds no Teams connection of its own: it posts through the personal chat's
    stored conversation reference, as the digest does."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from microsoft_agents.activity import Activity

    from bot.lessons.desk import LessonDesk
    from bot.lessons.model import Draft, Origin
    from bot.state import LessonRecords
    from bot.teams.references import reference

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "TEAMS_"))}
    env |= {"PEERBOT_DATA_DIR": str(settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "TEAMS_ALLOW_ANONYMOUS": "1"}

    async def run():
        async with ConnectorDouble() as double:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            state = StateStore(settings.state_db_path)
            chat = Activity.model_validate(members(double.url, added=True))
            state.save_conversation(chat.conversation.id, "teams", reference(chat))
            question = state.log_question(Answer("zzqx marmalade trombones", False), "teams", chat.conversation.id, place="dm")
            records = LessonRecords(state)
            records.watch(question, "teams", chat.conversation.id)
            LessonDesk(records, corpus_dir, set(), lambda: {"building-trust"}).submit(
                Draft(title="Who to ask", did="We asked.", learned="Ask the lead.", organisation="Example",
                      enablers=("building-trust",), question="zzqx marmalade trombones", question_id=question),
                Origin("teams", "00000000-0000-0000-0000-0000000000a1", "", "a:personal-chat", ""))
            state.close()
            approve = await asyncio.to_thread(
                subprocess.run, [sys.executable, "-m", "bot.cli", "lessons", "approve", "1"], capture_output=True,
                text=True, env=env, timeout=120, cwd=Path(__file__).parent.parent)
            return approve, double.posts

    approve, posts = asyncio.run(run())
    assert approve.returncode == 0, approve.stderr
    assert "Told 1 of 1 people" in approve.stdout
    [told] = posts
    assert told.conversation_id == "a:personal-chat" and told.activity["text"].startswith("Your question from")
    assert "Who to ask" in told.activity["text"]
    state = StateStore(settings.state_db_path)
    assert count(state, "answer_watches") == 0  # told once, then forgotten
    state.close()
