"""What the thirteenth hostile sweep (benchmarks/hostile_sweep13.py) found in Slack, over HTTP on 127.0.0.1
against peerbot's Slack app and the Slack double: one delivery sent twice at once was stored twice.

A Helpful click's payload delivered twice was two feedback rows (the click now has a delivery key:
its user, action and `action_ts`); the lesson form's view_submission delivered twice was two lessons
for the curators (the form's key: the view, its hash and what was typed, claimed once the form is
valid, so a corrected resubmission is still stored). The Teams finds are in tests/test_teams_faults.py,
tests/test_teams_lessons.py and tests/test_teams_digest.py.
"""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest
from slack_double import PeerbotServer, app_mention, block_actions, slash_command, view_submission
from test_slack_lessons import LESSON, REVIEW, buttons


@pytest.fixture
def server(settings, shared_answerer, double):
    settings = dataclasses.replace(settings, review_channel=REVIEW, curators="UCURATOR01")
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def at_once(send, times: int = 2) -> list[int]:
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: statuses.append(send().status)) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


def test_a_helpful_click_delivered_twice_at_once_is_recorded_once(server, slack, double):
    slack.event(app_mention("how did boards build trust?", channel="C0LAN2Q65"))
    reply = double.wait_for("chat.postMessage", channel="C0LAN2Q65")[0]
    question_id = buttons(reply.blocks)["feedback_helpful"]["value"]
    click = block_actions("feedback_helpful", question_id, double.response_url(),
                          message={"ts": reply.response["ts"], "blocks": reply.blocks, "text": reply["text"]})
    assert at_once(lambda: slack.interaction(click)) == [200, 200]
    server.drain()
    assert server.rows("SELECT helpful FROM feedback WHERE question_id = ?", question_id) == [{"helpful": 1}]

    again = block_actions("feedback_helpful", question_id, double.response_url(),  # a click of its own, another
                          message={"ts": reply.response["ts"], "blocks": reply.blocks, "text": reply["text"]},
                          user="U0OTHER01")  # person's (the same person's is their one vote: test_feedback_votes.py)
    again["actions"][0]["action_ts"] = "1999999999.000200"
    assert slack.interaction(again).status == 200
    assert len(server.rows("SELECT helpful FROM feedback WHERE question_id = ?", question_id)) == 2


def test_the_lesson_form_delivered_twice_at_once_is_one_lesson_and_a_corrected_form_is_stored(server, slack, double):
    assert slack.command(slash_command("/lesson", "Theatre lists", double.response_url())).status == 200
    double.wait_for("views.open")
    form = double.views[-1]
    submission = view_submission(form, LESSON)
    answers = []
    statuses = at_once(lambda: answers.append(r := slack.interaction(submission)) or r)
    assert statuses == [200, 200]
    assert len(server.rows("SELECT id FROM lessons")) == 1
    assert "#1" in json.dumps([json.loads(a.body) for a in answers])  # the first is thanked

    refused = view_submission(form, {**LESSON, "title": "", "learned": "We learned to agree the rules."})
    assert json.loads(slack.interaction(refused).body)["response_action"] == "errors"
    corrected = view_submission(form, {**LESSON, "learned": "We learned to agree the rules."})  # same view, fixed
    assert json.loads(slack.interaction(corrected).body)["response_action"] == "update"
    assert len(server.rows("SELECT id FROM lessons")) == 2
