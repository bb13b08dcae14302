"""A follow-up in a thread is recorded as one (it was read with the thread's question), so the digest counts it
with its thread: never a new question, a theme or an example of its own, and a knowledge gap only when its
answer was marked not helpful (quoted as a follow-up when it means something out of its thread, else counted).
Over HTTP to Slack (a thread of signed app mentions, a Not helpful click), the store on SQLite and PostgreSQL,
and the pure digest."""

from __future__ import annotations

from dataclasses import replace

from slack_double import app_mention
from state_rows import rows
from test_digest_compose import LESSONS, SUMMARIES, asked, inputs
from test_feedback_votes import not_helpful_click, this_week

from bot.answer import Answer
from bot.digest import messages
from bot.digest.compose import compose_digest
from bot.plaintext.digest import render_digest
from bot.slack.digest_blocks import digest_message
from bot.state import StateStore
from bot.teams.cards import digest_card

ROOT = "How do boards build trust before a merger?"
FOLLOW_UPS = ("any examples from mental health trusts?", "How was it funded in the end?",
              "Was it the same for community services?")
NEW_IN_THREAD = "What did others learn about a shared PMO's funding across the region?"


def test_slack_a_threads_follow_ups_are_recorded_as_such_and_the_digest_counts_them_with_their_thread(
        server, slack, double):
    """Before stop 43: each follow-up was logged as a question of its own, so the digest said "5 questions … 5
    answered", counted Building trust 4 times for one conversation and quoted "Was it the same for community
    services?" as an example. Before stop 44 its Not helpful showed nowhere: now a gap, said to be a follow-up."""
    root = app_mention(ROOT)
    slack.event(root)
    double.wait_for("chat.postMessage")
    for text in (*FOLLOW_UPS, NEW_IN_THREAD):  # the last: a whole question of its own, asked in the same thread
        double.clear()
        slack.event(app_mention(text, thread_ts=root["event"]["ts"]))
        [post] = double.wait_for("chat.postMessage")
    double.clear()
    slack.event(app_mention(FOLLOW_UPS[-1], thread_ts=root["event"]["ts"]))
    [follow_up_post] = double.wait_for("chat.postMessage")
    assert slack.interaction(not_helpful_click(double, follow_up_post, "U0ONE0001", "1765000010.000100")).status == 200
    recorded = {r["question"]: r["follow_up"] for r in rows(server.state, "questions")}
    assert recorded == {ROOT: 0, **dict.fromkeys(FOLLOW_UPS, 1), NEW_IN_THREAD: 0}
    digest = this_week(server.corpus, server.state)
    assert (digest.questions, digest.answered, digest.follow_ups) == (2, 2, 4)
    assert set(digest.examples) == {ROOT, NEW_IN_THREAD}
    assert [(g.question, g.follow_up, g.not_helpful, g.asked) for g in digest.gaps] == [(FOLLOW_UPS[-1], True, 1, 1)]
    assert f"“{FOLLOW_UPS[-1]}” (a follow-up in its thread, marked not helpful)" in " ".join(render_digest(digest).split())
    assert [(t.enabler.id, t.questions) for t in digest.themes] == [("building-trust", 1), ("shared-purpose", 1)]
    line = "2 questions in public channels this week, 2 answered, and 4 follow-ups in their threads."
    assert line in " ".join(render_digest(digest).split())
    assert digest.to_dict()["questions"]["follow_ups"] == 4


def test_on_sqlite_and_postgresql_a_follow_up_is_read_back_as_one(state_database):
    store = StateStore(state_database)
    try:
        store.log_question(Answer(ROOT, True), "slack", "C0PUBLIC1", place="public")
        store.log_question(Answer(FOLLOW_UPS[0], True), "slack", "C0PUBLIC1", place="public", follow_up=True)
        assert [(q.question, q.follow_up) for q in store.questions_between("", "9999")] == [
            (ROOT, False), (FOLLOW_UPS[0], True)]
    finally:
        store.close()


def follow_up(question):
    return replace(question, follow_up=True)


def test_an_unanswered_follow_up_is_no_gap_and_follow_ups_do_not_choose_the_enabler_of_the_week():
    """Must not take: the same questions asked on their own are gaps, and choose the enabler of the week."""
    alone = [asked(1, "Was it the same for community services?", answered=False),
             asked(2, "How did the trusts share staff?", enablers=("workforce-and-shared-staffing",)),
             asked(3, "How did the trusts share staff?", enablers=("workforce-and-shared-staffing",))]
    lessons = [lesson for lesson in LESSONS if lesson.document.id in ("old", "purpose")]  # none new this week
    as_asked = compose_digest(inputs(questions=alone, unhelpful={}, lessons=lessons), SUMMARIES.get)
    in_threads = compose_digest(inputs(questions=[follow_up(q) for q in alone], unhelpful={}, lessons=lessons),
                                SUMMARIES.get)
    assert [g.question for g in as_asked.gaps] == [alone[0].question] and in_threads.gaps == ()
    assert as_asked.feature and as_asked.feature.enabler.id == "workforce-and-shared-staffing"
    assert in_threads.feature and in_threads.feature.enabler.id != "workforce-and-shared-staffing"
    assert (in_threads.questions, in_threads.follow_ups, in_threads.themes, in_threads.examples) == (0, 3, (), ())


def test_a_week_of_follow_ups_only_says_so_on_every_surface():
    digest = compose_digest(inputs(questions=[follow_up(asked(1, "What about in Leeds?"))], unhelpful={}), SUMMARIES.get)
    line = "No new questions in public channels this week, and 1 follow-up in its thread."
    assert messages.asked(0, 0, 1) == line and not digest.quiet
    assert line in " ".join(render_digest(digest).split())
    assert line in str(digest_message(digest)) and line in str(digest_card(digest, ""))
    assert messages.asked(0, 0) == "No questions in public channels this week."


def test_a_private_follow_up_left_unanswered_is_not_counted_as_a_private_gap(corpus, tmp_path):
    """Must not take: a private question of its own left unanswered is still counted."""
    store = StateStore(tmp_path / "state.db")
    try:
        for text, follows in ((ROOT, False), (FOLLOW_UPS[0], True)):
            store.log_question(Answer(text, False), "slack", "D0PRIVATE1", place="dm", follow_up=follows)
        digest = this_week(corpus, store)
        assert (digest.private_gaps, digest.questions, digest.follow_ups) == (1, 0, 0)
    finally:
        store.close()


def test_a_follow_up_marked_not_helpful_is_a_gap_quoted_when_it_stands_alone_else_counted_on_every_surface():
    """Must not take: the same follow-ups unvoted are no gap at all; a question that opened its thread and
    was marked not helpful is a gap as before, not said to be a follow-up."""
    voted = [follow_up(asked(1, "Was it the same for community services?")), follow_up(asked(2, "any examples?")),
             follow_up(asked(3, "How was it funded in the end?", answered=False)), asked(4, "How do boards build trust?")]
    unvoted = compose_digest(inputs(questions=voted[:3], unhelpful={}), SUMMARIES.get)
    assert unvoted.gaps == () and not unvoted.any_gaps and unvoted.unhelpful_follow_ups == 0
    digest = compose_digest(inputs(questions=voted, unhelpful={"q1": 1, "q2": 2, "q4": 1}), SUMMARIES.get)
    assert [(g.question, g.follow_up) for g in digest.gaps] == [
        ("Was it the same for community services?", True), ("How do boards build trust?", False)]
    assert digest.unhelpful_follow_ups == 1  # "any examples?": says nothing out of its thread
    # "How was it funded in the end?", unanswered and unvoted: counted with its thread, as before
    assert (digest.questions, digest.follow_ups) == (1, 3)
    line = "1 follow-up in its thread was marked not helpful, not quoted: it says little out of the thread."
    for shown in (" ".join(render_digest(digest).split()), str(digest_message(digest)), str(digest_card(digest, ""))):
        assert line in shown and "a follow-up in its thread, marked not helpful" in shown
    assert digest.to_dict()["unhelpful_follow_ups"] == 1
    assert [g["follow_up"] for g in digest.to_dict()["gaps"]] == [True, False]
