"""A lesson offered in a direct message ("save this as a lesson: …", the eighth trial, stop 40) starts the lesson
flow as `/lesson` does, over HTTP: the real server with real signing, the Slack Web API double, a hashing index.
Before, the DM was searched as a question and got five excerpts."""

from __future__ import annotations

import dataclasses

import pytest
from slack_double import PeerbotServer, app_mention, block_actions, direct_message

from bot.lessons.offered import offered_lesson

REVIEW = "C0REVIEW01"
OFFERED = ("our two trusts shared a single chief people officer, which cut agency spend and let us run one "
           "recruitment campaign")


@pytest.fixture
def server(settings, shared_answerer, double):
    settings = dataclasses.replace(settings, review_channel=REVIEW, curators="UCURATOR01")
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def _button(call, action_id: str) -> dict:
    return next((b["accessory"] for b in call["blocks"] if (b.get("accessory") or {}).get("action_id") == action_id),
                {})


@pytest.mark.parametrize("text", [f"save this as a lesson: {OFFERED}", f"Please save this as a lesson -\n{OFFERED}",
                                  f"add this to the lessons: {OFFERED}"])
def test_a_lesson_offered_in_a_dm_opens_the_form_filled_with_it(server, slack, double, text):
    assert slack.event(direct_message(text)).status == 200
    reply = double.wait_for("chat.postMessage")[0]
    button = _button(reply, "lesson_save_offered")
    assert button["value"] == OFFERED and "excerpt" not in reply.blocks_text
    assert slack.interaction(block_actions("lesson_save_offered", button["value"], double.response_url(),
                                           channel="D0PNCRP9N")).status == 200
    double.wait_for("views.open")
    fields = {b["block_id"]: b for b in double.views[-1]["blocks"]}
    assert double.views[-1]["callback_id"] == "lesson_submit"
    assert fields["learned"]["element"]["initial_value"] == OFFERED


def test_asking_about_saving_lessons_or_a_channel_mention_is_answered_as_a_question(server, slack, double):
    for event in (direct_message("how do I save a lesson?"), direct_message("what lessons are saved on boards?"),
                  app_mention(f"save this as a lesson: {OFFERED}")):
        double.clear()
        assert slack.event(event).status == 200
        reply = double.wait_for("chat.postMessage")[0]
        assert not _button(reply, "lesson_save_offered"), event["event"]["text"]


def test_what_a_message_offers_as_a_lesson():
    assert offered_lesson("save as lesson") == ""
    assert offered_lesson("Save this as a lesson\nwe pooled our bank staff") == "we pooled our bank staff"
    for text in ("can you save lessons on board development?", "save this as a lessons learned log?",
                 "record lessons from our merger?"):
        assert offered_lesson(text) is None
