"""The week's questions add up: questions declined as off-topic (not about the lessons: the canteen's hours, the
weather) are counted in the digest's knowledge-gaps section, never quoted (they may be personal), and not taken
for gaps in the lessons. Before: left out of every count, so a week of 5 public questions read as 3. Over HTTP to
Slack (signed app mentions to peerbot's app on 127.0.0.1), then the digest of the week on every surface."""

from __future__ import annotations

import json

from slack_double import app_mention
from test_digest_compose import SUMMARIES, asked, inputs
from test_feedback_votes import this_week

from bot.digest import messages
from bot.digest.compose import compose_digest
from bot.plaintext.digest import render_digest
from bot.records import LoggedQuestion
from bot.slack.digest_blocks import digest_message
from bot.teams.cards import digest_card

ON_TOPIC = ("How do boards build trust before a merger?", "how do collaboratives share clinical leadership across trusts")
OFF_TOPIC = ("When does the staff canteen close tonight?", "What is the weather forecast for Leeds tomorrow?")


def test_slack_off_topic_questions_are_counted_never_quoted_on_every_surface(server, slack, double):
    for text in (*ON_TOPIC, *OFF_TOPIC):
        double.clear()
        slack.event(app_mention(text))
        double.wait_for("chat.postMessage")
    digest = this_week(server.corpus, server.state)
    assert digest.off_topic == 2 and digest.to_dict()["off_topic"] == 2
    assert digest.questions == 2  # the questions asked of the lessons, as before
    line = messages.off_topic(2)
    assert line == "2 off-topic questions (not about the lessons) were pointed elsewhere, not quoted."
    surfaces = {"text": " ".join(render_digest(digest).split()),
                "slack": json.dumps(digest_message(digest).as_kwargs(), ensure_ascii=False),
                "teams": json.dumps(digest_card(digest, ""), ensure_ascii=False)}
    for surface, rendered in surfaces.items():
        assert line in rendered, surface
        assert not any(q in rendered or q.rstrip("?") in rendered for q in OFF_TOPIC), surface
    # the lower-case question is quoted as a sentence
    assert "How do collaboratives share clinical leadership across trusts?" in surfaces["text"]


def off_topic(n: int, text: str) -> LoggedQuestion:
    return LoggedQuestion(f"q{n}", "2026-11-10T12:00:00+00:00", "slack", "C1", text, False, (), (), off_topic=True)


def test_a_week_of_off_topic_questions_only_is_not_a_quiet_week():
    """Before: "A quiet week: no new lessons and no questions", when two had been asked."""
    digest = compose_digest(inputs(questions=[off_topic(1, OFF_TOPIC[0]), off_topic(2, OFF_TOPIC[1])]), SUMMARIES.get)
    assert not digest.quiet and digest.any_gaps and digest.off_topic == 2
    assert messages.QUIET_WEEK not in render_digest(digest)
    assert messages.off_topic(2) in " ".join(render_digest(digest).split())


def test_off_topic_follow_ups_and_one_of_each_are_counted_as_said():
    """A follow-up declined in its thread is counted with its thread, as any follow-up; one off-topic question."""
    follow_up = LoggedQuestion("q3", "2026-11-10T12:00:00+00:00", "slack", "C1", "and the car park?", False, (), (),
                               off_topic=True, follow_up=True)
    digest = compose_digest(inputs(questions=[off_topic(1, OFF_TOPIC[0]), follow_up, asked(2, ON_TOPIC[0])]),
                            SUMMARIES.get)
    assert (digest.off_topic, digest.follow_ups, digest.questions) == (1, 1, 1)
    assert messages.off_topic(1) == "1 off-topic question (not about the lessons) was pointed elsewhere, not quoted."
