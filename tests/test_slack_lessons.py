"""Lessons from chat in Slack, end to end over HTTP: peerbot's real server (aiohttp + Bolt) on
127.0.0.1 with real signing, the local double of the Slack Web API, real SQLite and a real
knowledge folder. "Save as lesson" opens the form, a submission lands in the review channel, only
curators decide, an approval writes the Markdown document, and the asker of the knowledge gap it
answers gets a direct message."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import time
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from conftest import KNOWLEDGE
from slack_double import (
    PeerbotServer,
    SlackSender,
    app_mention,
    block_actions,
    message_shortcut,
    slash_command,
    view_submission,
)

from bot.digest.gather import compose_week
from bot.digest.week import Week
from bot.slack.digest_blocks import digest_message

REVIEW, CURATOR, ASKER, SUBMITTER, STRANGER = "C0REVIEW01", "UCURATOR01", "UASKER0001", "USUBMIT001", "USTRANGE01"
NOT_COVERED = "zzqx marmalade trombones and who?"  # the lessons do not cover it (hashing embedder)
LESSON = {
    "title": "How we shared theatre lists across three trusts",
    "did": "We pooled elective theatre lists across three trusts and ran one waiting list.",
    "learned": "Agree the clinical prioritisation rules first; patient NHS number 943 476 5919 was on a slide.",
    "organisation": "Example Surgical Collaborative",
    "enablers": ["building-trust"],
    "contact": "Dr Sam Example, clinical director",
    "contact_agreed": True,
    "contributor": "Jo Bloggs",
    "contributor_named": True,
}


@pytest.fixture
def server(settings, shared_answerer, double):
    settings = dataclasses.replace(settings, review_channel=REVIEW, curators=f"{CURATOR}, UOTHERCUR")
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def buttons(blocks) -> dict[str, dict]:
    found = {}
    for b in blocks:
        for e in b.get("elements", []) if b["type"] == "actions" else [b.get("accessory") or {}]:
            if e.get("action_id"):
                found[e["action_id"]] = e
    return found


def lesson_files(server):
    return sorted((server.settings.knowledge_dir / "lessons").glob("*.md"))


def test_save_as_lesson_opens_the_form_filled_with_the_message(server, slack, double):
    shortcut = message_shortcut("Pooling theatre lists worked once the rules were agreed.", double.response_url(),
                                channel="C0LAN2Q65", callback_id="save_lesson")
    assert slack.interaction(shortcut).status == 200
    opened = double.wait_for("views.open")[0]
    assert opened["trigger_id"] == shortcut["trigger_id"]
    view = double.views[-1]
    assert view["type"] == "modal" and view["callback_id"] == "lesson_submit"
    fields = {b["block_id"]: b for b in view["blocks"]}
    assert {"title", "did", "learned", "organisation", "enablers", "contact", "contact_agreed", "contributor",
            "contributor_named"} <= set(fields)
    assert fields["learned"]["element"]["initial_value"] == "Pooling theatre lists worked once the rules were agreed."
    options = [o["value"] for o in fields["enablers"]["element"]["options"]]
    assert "building-trust" in options and len(options) == len(server.peerbot.enablers())
    assert fields["contact_agreed"]["optional"] and fields["contact"]["optional"] and not fields["title"]["optional"]
    metadata = json.loads(view["private_metadata"])
    assert metadata == {"c": "C0LAN2Q65", "w": shortcut["team"]["id"], "a": "U0D15K92L", "q": ""}


def test_slash_lesson_opens_the_form_with_the_title_typed(server, slack, double):
    assert slack.command(slash_command("/lesson", "Shared staff bank", double.response_url())).status == 200
    double.wait_for("views.open")
    title = next(b for b in double.views[-1]["blocks"] if b["block_id"] == "title")
    assert title["element"]["initial_value"] == "Shared staff bank"


def test_a_lesson_goes_from_a_knowledge_gap_through_review_to_the_corpus_and_the_asker_hears(
    server, slack, double
):
    # 1. Someone asks what the lessons do not cover, and asks to be told when a peer answers it.
    slack.event(app_mention(NOT_COVERED, channel="C0LAN2Q65", user=ASKER))
    reply = double.wait_for("chat.postMessage", channel="C0LAN2Q65")[0]
    watch = buttons(reply.blocks)["watch_question"]
    question_id = watch["value"]
    assert slack.interaction(block_actions("watch_question", question_id, double.response_url(), user=ASKER,
                                           message={"ts": reply.response["ts"]})).status == 200
    told = double.wait_for("chat.postEphemeral", user=ASKER)[0]
    assert "direct message" in told["text"]
    assert server.rows("SELECT question_id, asker FROM answer_watches") == [{"question_id": question_id, "asker": ASKER}]

    # 2. The weekly digest lists the gap with "I can help", which opens the form with the question.
    now = datetime.now(UTC)
    digest = compose_week(server.corpus, server.state, Week.of(now), now - timedelta(days=1),
                          now + timedelta(seconds=5))
    gap_buttons = buttons(digest_message(digest).blocks)
    assert gap_buttons["lesson_offer"]["value"] == question_id
    assert slack.interaction(block_actions("lesson_offer", question_id, double.response_url(), user=SUBMITTER,
                                           channel="C0DIGEST01")).status == 200
    double.wait_for("views.open")
    form = double.views[-1]
    question_field = next(b for b in form["blocks"] if b["block_id"] == "question")
    assert question_field["element"]["initial_value"] == NOT_COVERED
    assert json.loads(form["private_metadata"])["q"] == question_id

    # 3. The submission is stored (redacted) and lands in the review channel as a card.
    response = slack.interaction(view_submission(form, {**LESSON, "question": NOT_COVERED}, user=SUBMITTER))
    assert response.status == 200
    answer = json.loads(response.body)
    assert answer["response_action"] == "update" and "#1" in json.dumps(answer["view"])
    card = double.wait_for("chat.postMessage", channel=REVIEW)[0]
    server.drain()
    assert {"lesson_approve", "lesson_edit", "lesson_reject"} <= set(buttons(card.blocks))
    assert LESSON["title"] in card.blocks_text and f"<@{SUBMITTER}>" in card.blocks_text
    stored = server.rows("SELECT * FROM lessons")[0]
    assert stored["status"] == "pending" and stored["submitter"] == SUBMITTER and stored["question_id"] == question_id
    assert "943 476 5919" not in json.dumps(stored) and "[nhs-number]" in stored["learned"]
    assert stored["review"] and json.loads(stored["review"])["channel"] == REVIEW
    assert stored["channel"] == server.state.pseudonym("C0DIGEST01")  # where it was saved, as a keyed hash

    # 4. A non-curator's Approve is refused privately and changes nothing.
    approve = block_actions("lesson_approve", "1", double.response_url(), channel=REVIEW, user=STRANGER,
                            message={"ts": card.response["ts"], "blocks": card.blocks, "text": card["text"]})
    assert slack.interaction(approve).status == 200
    refusal = double.wait_for("chat.postEphemeral", user=STRANGER)[0]
    assert "Only curators" in refusal.blocks_text
    server.drain()
    assert server.rows("SELECT status FROM lessons") == [{"status": "pending"}] and not lesson_files(server)
    assert not double.calls_to("conversations.open")

    # 5. A curator's Approve writes the Markdown document, closes the card and tells the asker.
    approve["user"]["id"] = CURATOR
    assert slack.interaction(approve).status == 200
    update = double.wait_for("chat.update", channel=REVIEW)[0]
    assert "Approved by" in update.blocks_text and "lesson_approve" not in buttons(update.blocks)
    [path] = lesson_files(server)
    assert path.name == "lesson-1-how-we-shared-theatre-lists-across-three-trusts.md"
    text = path.read_text()
    meta = yaml.safe_load(text.split("---")[1])
    assert meta["title"] == LESSON["title"] and meta["publisher"] == LESSON["organisation"]
    assert meta["contributor"] == "Jo Bloggs" and meta["source"] == "chat" and meta["enablers"] == ["building-trust"]
    assert (meta["people"][0]["name"], meta["people"][0]["role"]) == ("Dr Sam Example", "clinical director")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", str(meta["date"]))
    assert "943 476 5919" not in text and "## What we learned" in text
    opened = double.wait_for("conversations.open")[0]
    assert opened["users"] == ASKER
    dm = double.wait_for("chat.postMessage", channel=opened.response["channel"]["id"])[0]
    [asked] = server.rows("SELECT asked_at FROM questions WHERE id = ?", question_id)  # not today: midnight may have passed
    day = datetime.fromisoformat(asked["asked_at"])
    assert dm["text"].startswith(f"Your question from {day.day} {day:%b} now has an answer")
    assert LESSON["title"] in dm["text"] and "Jo Bloggs" in dm["text"]
    server.drain()
    assert server.rows("SELECT status, decided_by, document_id FROM lessons") == [
        {"status": "approved", "decided_by": CURATOR, "document_id": path.stem}]
    assert server.rows("SELECT * FROM answer_watches") == []  # told once, then forgotten

    # 6. A second Approve (another curator, a double click) changes nothing and says why.
    approve["user"]["id"] = "UOTHERCUR"
    slack.interaction(approve)
    again = double.wait_for("chat.postEphemeral", user="UOTHERCUR")[0]
    assert "already approved" in again.blocks_text and len(lesson_files(server)) == 1


def test_a_curator_rejects_and_edits_and_a_non_curator_cannot_open_the_editor(server, slack, double):
    slack.command(slash_command("/lesson", "", double.response_url(), user=SUBMITTER))
    double.wait_for("views.open")
    slack.interaction(view_submission(double.views[-1], LESSON, user=SUBMITTER))
    card = double.wait_for("chat.postMessage", channel=REVIEW)[0]
    server.drain()
    message = {"ts": card.response["ts"], "blocks": card.blocks, "text": card["text"]}

    slack.interaction(block_actions("lesson_edit", "1", double.response_url(), channel=REVIEW, user=STRANGER,
                                    message=message))
    double.wait_for("chat.postEphemeral", user=STRANGER)
    assert len(double.calls_to("views.open")) == 1  # no editor for them

    slack.interaction(block_actions("lesson_edit", "1", double.response_url(), channel=REVIEW, user=CURATOR,
                                    message=message))
    double.wait_for("views.open", count=2)
    editor = double.views[-1]
    assert editor["callback_id"] == "lesson_edit" and json.loads(editor["private_metadata"]) == {"id": 1}
    title = next(b for b in editor["blocks"] if b["block_id"] == "title")
    assert title["element"]["initial_value"] == LESSON["title"]
    edited = slack.interaction(view_submission(editor, {**LESSON, "title": "Shared theatre lists"}, user=CURATOR))
    assert json.loads(edited.body)["response_action"] == "update"
    refreshed = double.wait_for("chat.update", channel=REVIEW)[0]
    assert "Shared theatre lists" in refreshed.blocks_text
    assert server.rows("SELECT title, submitter FROM lessons") == [{"title": "Shared theatre lists",
                                                                      "submitter": SUBMITTER}]

    slack.interaction(block_actions("lesson_reject", "1", double.response_url(), channel=REVIEW, user=CURATOR,
                                    message=message))
    rejected = double.wait_for("chat.update", channel=REVIEW, count=2)[1]
    assert "Rejected by" in rejected.blocks_text
    assert server.rows("SELECT status FROM lessons") == [{"status": "rejected"}] and not lesson_files(server)


# -- hostile input: a clear refusal, nothing lost, nothing stored -----------------------------------

def _form(slack, double):
    slack.command(slash_command("/lesson", "", double.response_url(), user=SUBMITTER))
    double.wait_for("views.open")
    return double.views[-1]


@pytest.mark.parametrize("fields, field, words", [
    ({}, "title", "fill this in"),
    ({**LESSON, "did": ""}, "did", "fill this in"),
    ({**LESSON, "learned": "x" * 200_000}, "learned", "At most 3,000 characters"),
    ({**LESSON, "title": "Heads up @channel"}, "title", "@channel"),
    ({**LESSON, "did": "tell <!everyone> now"}, "did", "@everyone"),
    ({**LESSON, "enablers": ["not-an-enabler"]}, "enablers", "from the list"),
    ({**LESSON, "contact": "", "contact_agreed": True}, "contact", "agreed to be contacted"),
])
def test_a_bad_form_is_refused_field_by_field_and_nothing_is_stored(server, slack, double, fields, field, words):
    response = slack.interaction(view_submission(_form(slack, double), fields, user=SUBMITTER))
    assert response.status == 200
    answer = json.loads(response.body)
    assert answer["response_action"] == "errors" and words in answer["errors"][field]  # the form stays open, as typed
    assert server.rows("SELECT * FROM lessons") == [] and not double.calls_to("chat.postMessage")


@pytest.mark.parametrize("mangle", [
    lambda p: p.update(view=[1, 2]),
    lambda p: p["view"].update(state="values"),
    lambda p: p["view"].update(private_metadata={"c": 1}),
    lambda p: p.pop("view"),
])
def test_a_malformed_view_submission_gets_400_and_nothing_is_stored(server, slack, double, mangle):
    payload = view_submission(_form(slack, double), LESSON, user=SUBMITTER)
    mangle(payload)
    response = slack.interaction(payload)
    assert response.status == 400 and "malformed request body" in response.body
    assert server.rows("SELECT * FROM lessons") == []


def test_unreadable_private_metadata_still_stores_the_lesson_without_an_origin(server, slack, double):
    form = {**_form(slack, double), "private_metadata": "not json"}
    answer = json.loads(slack.interaction(view_submission(form, LESSON, user=SUBMITTER)).body)
    assert answer["response_action"] == "update"
    assert server.rows("SELECT submitter, quoted_author, channel FROM lessons") == [
        {"submitter": SUBMITTER, "quoted_author": "", "channel": ""}]


def test_a_click_on_a_lesson_that_does_not_exist_is_a_private_line(server, slack, double):
    slack.interaction(block_actions("lesson_approve", "99", double.response_url(), channel=REVIEW, user=CURATOR))
    assert "no lesson #99" in double.wait_for("chat.postEphemeral", user=CURATOR)[0].blocks_text
    slack.interaction(block_actions("lesson_approve", "1; DROP", double.response_url(), channel=REVIEW, user=CURATOR))
    assert len(double.wait_for("chat.postEphemeral", user=CURATOR, count=2)) == 2


def test_an_approved_lesson_is_answered_from_by_the_running_server_without_a_restart(settings, double, tmp_path):
    """The done-when of lessons from chat: after a curator's Approve, the next question through Slack
    is answered from the new lesson by the same server (rebuilt and swapped in the background)."""
    from bot.corpus import CorpusLoader, open_corpus
    from index.hashing_embedder import HashingEmbedder

    shutil.copytree(KNOWLEDGE, tmp_path / "lessons-knowledge")
    own = dataclasses.replace(settings, data_dir=tmp_path / "lessons-data", knowledge_dir=tmp_path / "lessons-knowledge",
                              model="hashing", review_channel=REVIEW, curators=CURATOR)
    embedder = HashingEmbedder()
    corpus, _ = open_corpus(own, embedder)
    question = "How did anyone pool theatre lists into one waiting list?"
    with PeerbotServer(own, corpus, double, loader=CorpusLoader(own, embedder)) as server:
        slack = SlackSender(server.events_url)
        before = server.peerbot.generation
        assert slack.command(slash_command("/lesson", LESSON["title"], double.response_url(), user=SUBMITTER)).status == 200
        double.wait_for("views.open")
        assert slack.interaction(view_submission(double.views[-1], LESSON, user=SUBMITTER)).status == 200
        card = double.wait_for("chat.postMessage", channel=REVIEW)[0]
        approve = block_actions("lesson_approve", "1", double.response_url(), channel=REVIEW, user=CURATOR,
                                message={"ts": card.response["ts"], "blocks": card.blocks, "text": card["text"]})
        assert slack.interaction(approve).status == 200
        double.wait_for("chat.update", channel=REVIEW)
        deadline = time.monotonic() + 60
        while server.peerbot.generation == before:  # the background rebuild, then the swap
            assert time.monotonic() < deadline, "the approved lesson was never taken up"
            time.sleep(0.1)
        slack.event(app_mention(question, channel="C0LAN2Q65", user=ASKER))
        reply = double.wait_for("chat.postMessage", channel="C0LAN2Q65")[0]
        assert LESSON["title"] in reply.blocks_text and "pooled elective theatre lists" in reply.blocks_text
