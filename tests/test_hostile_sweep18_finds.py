"""What the eighteenth hostile sweep (benchmarks/hostile_sweep18.py) found, over HTTP on 127.0.0.1 against
peerbot's Slack app and the Slack double: a delivery marked seen apart from what it stored.

A lesson form's and a Helpful click's delivery key was claimed in a transaction of its own, before the
lesson or the click was written: when the write then failed (SIGKILL of `serve` in between, in the
sweep; here the write refused by the database once), the redelivery Slack sends was taken for a repeat
("already submitted", "stored already") and the lesson or click was lost. The key is now claimed in the
write's own transaction.
"""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from slack_double import PeerbotServer, app_mention, block_actions, slash_command, view_submission
from test_slack_lessons import LESSON, REVIEW, buttons


@pytest.fixture
def server(settings, shared_answerer, double):
    settings = dataclasses.replace(settings, review_channel=REVIEW, curators="UCURATOR01")
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def refusing(server: PeerbotServer, table: str):
    """The records database refusing the next insert into `table` (as a crash or a full disk would
    lose it): a trigger that raises once the test adds it, until it is dropped."""
    with sqlite3.connect(server.settings.state_db_path) as db:
        db.execute(f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                   "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")


def accepting(server: PeerbotServer, table: str) -> None:
    with sqlite3.connect(server.settings.state_db_path) as db:
        db.execute(f"DROP TRIGGER refuse_{table}")


def test_a_lesson_form_whose_write_failed_is_stored_when_slack_delivers_it_again(server, slack, double):
    assert slack.command(slash_command("/lesson", "Theatre lists", double.response_url())).status == 200
    double.wait_for("views.open")
    submission = view_submission(double.views[-1], LESSON)
    refusing(server, "lessons")
    slack.interaction(submission)  # not stored: Slack sends it again
    accepting(server, "lessons")
    slack.interaction(submission)
    server.drain()
    assert [r["title"] for r in server.rows("SELECT title FROM lessons")] == [LESSON["title"]]  # before: none


def test_a_helpful_click_whose_write_failed_is_recorded_when_slack_delivers_it_again(server, slack, double):
    slack.event(app_mention("how did boards build trust?", channel="C0LAN2Q65"))
    reply = double.wait_for("chat.postMessage", channel="C0LAN2Q65")[0]
    question_id = buttons(reply.blocks)["feedback_helpful"]["value"]
    click = block_actions("feedback_helpful", question_id, double.response_url(),
                          message={"ts": reply.response["ts"], "blocks": reply.blocks, "text": reply["text"]})
    refusing(server, "feedback")
    slack.interaction(click)
    server.drain()
    accepting(server, "feedback")
    assert slack.interaction(click).status == 200
    server.drain()
    assert server.rows("SELECT helpful FROM feedback WHERE question_id = ?", question_id) == [{"helpful": 1}]  # before: []
