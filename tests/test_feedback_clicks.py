"""Helpful / Not helpful clicks over HTTP (Slack's signed interactions, Teams' invokes) against real
SQLite: a click sent the moment an answer is posted, two answers' clicks in the same instant, the
same click twice and another user's click are each stored exactly as often as they were made, and a
Not helpful click makes its question a gap in the digest."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from slack_double import PeerbotServer, app_mention, block_actions
from state_rows import count

from bot.digest.gather import compose_week
from bot.digest.week import Week

QUESTIONS = ("red lines open book finances trust at board level", "how did others build trust at board level?")


@pytest.fixture
def server(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def not_helpful_value(post) -> str:
    return next(e["value"] for b in post.blocks if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == "feedback_not_helpful")


def answers(slack, double, channel="C0LAN2Q65") -> list:
    for question in QUESTIONS:
        slack.event(app_mention(question, channel=channel))
    return double.wait_for("chat.postMessage", len(QUESTIONS))


def digest_gaps(server) -> list[str]:
    now = datetime.now(UTC)
    digest = compose_week(server.corpus, server.state, Week.of(now), now - timedelta(days=1), now + timedelta(days=1))
    return [gap.question for gap in digest.gaps]


def test_not_helpful_on_two_answers_in_the_same_instant_is_two_clicks_both_gaps_in_the_digest(server, slack, double):
    """The enabler/digest trial's lost click: a user's clicks were keyed by user, button and action_ts
    only, so Not helpful under a second answer in the same instant (Slack's action_ts as the trial's
    double sent it) was taken for a redelivery of the first and dropped."""
    posts = answers(slack, double)
    values = [not_helpful_value(p) for p in posts]
    for post, value in zip(posts, values, strict=True):
        message = {"ts": post.response["ts"], "text": post["text"], "blocks": post.blocks}
        click = block_actions("feedback_not_helpful", value, double.response_url(), message=message,
                              action_ts="1765000000.000100")
        assert slack.interaction(click).status == 200
    assert sorted(r["question_id"] for r in server.rows("SELECT question_id FROM feedback WHERE helpful = 0")) == sorted(values)
    gaps = digest_gaps(server)
    assert len(gaps) == 2 and all(g.startswith(("Red lines", "How did others")) for g in gaps), gaps


def test_the_same_click_twice_at_once_counts_once_and_another_users_click_counts_too(server, slack, double):
    [post, _] = answers(slack, double)
    value = not_helpful_value(post)
    message = {"ts": post.response["ts"], "text": post["text"], "blocks": post.blocks}
    click = block_actions("feedback_not_helpful", value, double.response_url(), message=message,
                          action_ts="1765000001.000200")
    senders = [threading.Thread(target=slack.interaction, args=(click,)) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    other = block_actions("feedback_not_helpful", value, double.response_url(), message=message, user="U0OTHER01",
                          action_ts="1765000001.000200")
    assert slack.interaction(other).status == 200
    assert len(server.rows("SELECT * FROM feedback WHERE question_id = ?", value)) == 2
    assert len(digest_gaps(server)) == 1


def test_a_question_asked_twice_and_once_marked_not_helpful_is_a_gap_and_never_also_an_example(server, slack, double):
    """Three weeks of a trial's digests: "How do boards build trust before a merger?" asked twice, one
    answer marked Not helpful, was both one of "the questions" people asked and a knowledge gap."""
    for _ in range(2):
        slack.event(app_mention(QUESTIONS[1]))
    posts = double.wait_for("chat.postMessage", 2)
    message = {"ts": posts[0].response["ts"], "text": posts[0]["text"], "blocks": posts[0].blocks}
    slack.interaction(block_actions("feedback_not_helpful", not_helpful_value(posts[0]), double.response_url(),
                                    message=message))
    double.wait_for("chat.update")
    now = datetime.now(UTC)
    digest = compose_week(server.corpus, server.state, Week.of(now), now - timedelta(days=1), now + timedelta(days=1))
    assert [(g.question, g.asked, g.unanswered) for g in digest.gaps] == [(QUESTIONS[1].capitalize(), 1, False)]  # quoted as a sentence
    assert digest.examples == () and digest.questions == 2


def test_a_click_on_an_unknown_answer_is_not_marked_seen(server, slack, double):
    """A click peerbot could not store (its question unknown) leaves no delivery record behind, so
    that it is never later taken for a redelivery of one that was stored."""
    seen = server.rows("SELECT key FROM events_seen")
    click = block_actions("feedback_not_helpful", "no-such-question", double.response_url(), ephemeral=True,
                          action_ts="1765000002.000300")
    slack.interaction(click)
    assert "couldn't record that feedback" in double.wait_for("chat.postEphemeral")[0]["text"]
    assert server.rows("SELECT * FROM feedback") == [] and server.rows("SELECT key FROM events_seen") == seen


def test_on_sqlite_and_postgresql_a_click_is_stored_once_however_often_it_comes_and_an_unknown_ones_key_stays_free(
        state_database):
    """The store under the Slack and Teams handlers, on both databases: one click's delivery five
    times at once is one row; a click whose question is not (yet) recorded stores nothing and does not
    claim its key, so the same delivery once the question is there is stored."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.answer import Answer
    from bot.state import StateStore

    store = StateStore(state_database)
    try:
        asked = store.log_question(Answer("How do boards build trust?", True), "slack", "C0PUBLIC1", place="public")
        with ThreadPoolExecutor(5) as pool:
            stored = list(pool.map(lambda _: store.record_feedback(asked, False, "slack", delivery="click-1"), range(5)))
        assert stored == [True] * 5 and store.unhelpful_votes("", "9999") == {asked: 1}
        early = "0" * 32  # a click arriving before its question's record
        assert store.record_feedback(early, False, "teams", delivery="click-2") is False
        assert not store.event_seen("click-2")
        assert count(store, "feedback") == 1
    finally:
        store.close()
