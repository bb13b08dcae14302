"""What people see in Slack and Teams names nothing only the people running peerbot know: no
README section, no environment variable, no command line."""

from __future__ import annotations

import re

import pytest

from bot.lessons import messages as lessons
from bot.slack import messages as slack
from bot.teams import messages as teams

OPERATOR_WORDS = re.compile(r"README|PEERBOT_[A-Z_]+|`peerbot [a-z]")


@pytest.mark.parametrize("said", [
    slack.watching(), slack.watch_expired(), teams.watching(), teams.watch_expired(), teams.button_without_data(),
    lessons.not_a_curator(), lessons.submitted(3, review=True), lessons.submitted(3, review=False),
], ids=["slack-watching", "slack-watch-expired", "teams-watching", "teams-watch-expired", "teams-button-without-data",
         "not-a-curator",
        "submitted-for-review", "submitted-without-review-channel"])
def test_chat_replies_name_no_operator_docs_settings_or_commands(said):
    assert not OPERATOR_WORDS.search(said), said
