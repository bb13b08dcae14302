"""One vote per person per answer: Helpful / Not helpful clicked again by the same person on the same
answer changes nothing, the other button replaces their vote (they changed their mind), and the
digest's knowledge gaps count people, not clicks. Over HTTP to Slack (signed interactions) and Teams
(anonymous invokes, two answers' clicks in the same instant), and the store on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest
from slack_double import PeerbotServer, app_mention, block_actions
from state_rows import count, execute, query
from teams_doubles import ConnectorDouble, card_action, send, teams_server

from bot.answer import Answer
from bot.digest import messages
from bot.digest.gather import compose_week
from bot.digest.week import Week
from bot.plaintext.digest import render_digest
from bot.question import Question
from bot.service import Peerbot
from bot.state import StateStore

QUESTIONS = ("How do boards build trust before a merger?", "What did others learn about a shared PMO's funding?")


def this_week(corpus, state):
    now = datetime.now(UTC)
    return compose_week(corpus, state, Week.of(now), now - timedelta(days=1), now + timedelta(days=1))


def digest_gaps(corpus, state):
    return this_week(corpus, state).gaps


def test_on_sqlite_and_postgresql_a_person_has_one_vote_per_answer_their_latest(state_database):
    store = StateStore(state_database)
    try:
        asked = store.log_question(Answer(QUESTIONS[0], True), "slack", "C0PUBLIC1", place="public")
        for click in range(3):  # three clicks, three deliveries: one person's one vote
            assert store.record_feedback(asked, False, "slack", delivery=f"click-{click}", user="T1:U1")
        assert store.unhelpful_votes("", "9999") == {asked: 1} and count(store, "feedback") == 1
        assert store.record_feedback(asked, True, "slack", delivery="click-3", user="T1:U1")  # changed their mind
        assert store.unhelpful_votes("", "9999") == {} and count(store, "feedback") == 1
        for user in ("T1:U2", "T2:U1"):  # another person; the same member id in another workspace is another person
            assert store.record_feedback(asked, False, "slack", delivery=f"click-{user}", user=user)
        assert store.unhelpful_votes("", "9999") == {asked: 2}
        assert store.record_feedback(asked, False, "teams", user="T1:U1")  # one id on two platforms: two people
        assert store.unhelpful_votes("", "9999") == {asked: 3}
        [(voter,)] = query(store, "SELECT DISTINCT voter FROM feedback WHERE platform = 'teams'")
        assert voter and "U1" not in voter  # a keyed hash, never the user id
    finally:
        store.close()


def test_on_sqlite_and_postgresql_clicks_that_name_no_one_each_count_as_before(state_database):
    """Must not take: feedback stored before votes were people's (no voter), or a click that names no
    one, is one vote per row, as it always was."""
    store = StateStore(state_database)
    try:
        asked = store.log_question(Answer(QUESTIONS[0], True), "slack", "C0PUBLIC1", place="public")
        assert store.record_feedback(asked, False, "slack") and store.record_feedback(asked, False, "slack")
        assert execute(store, "INSERT INTO feedback (question_id, platform, helpful, given_at) "
                              "VALUES (:q, 'slack', 0, '2026-11-30T10:00:00+00:00')", q=asked) == 1
        assert store.unhelpful_votes("", "9999") == {asked: 3}
    finally:
        store.close()


@pytest.fixture
def server(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def not_helpful_click(double, post, user: str, action_ts: str, action: str = "feedback_not_helpful") -> dict:
    value = next(e["value"] for b in post.blocks if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "feedback_not_helpful")
    message = {"ts": post.response["ts"], "text": post["text"], "blocks": post.blocks}
    return block_actions(action, value, double.response_url(), message=message, user=user, action_ts=action_ts)


def test_slack_a_persons_clicks_again_change_nothing_and_the_gap_counts_people(server, slack, double):
    """Before: each click was a row, so one person pressing Not helpful three times (three action_ts)
    was three, and pressing Helpful after Not helpful left the answer a gap."""
    slack.event(app_mention(QUESTIONS[0]))
    [post] = double.wait_for("chat.postMessage")
    for n in range(3):
        assert slack.interaction(not_helpful_click(double, post, "U0ONE0001", f"1765000010.00010{n}")).status == 200
    assert slack.interaction(not_helpful_click(double, post, "U0TWO0002", "1765000011.000100")).status == 200
    assert count(server.state, "feedback") == 2
    [gap] = digest_gaps(server.corpus, server.state)
    assert (gap.asked, gap.not_helpful, messages.gap_note(gap)) == (1, 2, "marked not helpful by 2 people")
    for user, ts in (("U0ONE0001", "1765000012.000100"), ("U0TWO0002", "1765000012.000200")):  # both change their minds
        assert slack.interaction(not_helpful_click(double, post, user, ts, "feedback_helpful")).status == 200
    assert digest_gaps(server.corpus, server.state) == () and count(server.state, "feedback") == 2


@pytest.fixture
def teams(shared_answerer, tmp_path, settings):
    state = StateStore(tmp_path / "teams-state.db")
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    yield Peerbot(shared_answerer.corpus, state), anonymous, state, shared_answerer.corpus
    state.close()


OTHER_USER = {"id": "29:user-2", "name": "Alex Example", "aadObjectId": "00000000-0000-0000-0000-000000000002"}


def test_teams_two_answers_not_helpful_in_the_same_instant_are_both_recorded_and_a_person_votes_once(teams):
    peerbot, settings, state, corpus = teams
    asked = [peerbot.ask(Question("teams", "19:collab-leads@thread.tacv2", q, "public", "19:team")).question_id
             for q in QUESTIONS]

    def click(url, question_id, user=None, helpful=False):
        return card_action(url, "peerbot.feedback", {"question_id": question_id, "helpful": helpful}, user=user)

    async def run():
        async with ConnectorDouble() as double, teams_server(peerbot, settings) as (url, _bot):
            at_once = await asyncio.gather(*(send(url, click(double.url, q)) for q in asked))
            again = [await send(url, click(double.url, asked[0])) for _ in range(2)]
            other = await send(url, click(double.url, asked[0], OTHER_USER))
            return [*at_once, *again, other]

    results = asyncio.run(run())
    assert [status for status, _ in results] == [200] * 5
    assert all(json.loads(body)["value"].startswith("Thanks for the feedback") for _, body in results)
    assert state.unhelpful_votes("", "9999") == {asked[0]: 2, asked[1]: 1} and count(state, "feedback") == 3
    digest = this_week(corpus, state)
    assert {gap.question: gap.not_helpful for gap in digest.gaps} == {QUESTIONS[0]: 2, QUESTIONS[1]: 1}
    assert f"“{QUESTIONS[0]}” (marked not helpful by 2 people)" in render_digest(digest)
