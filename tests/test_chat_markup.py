"""What a chat adds to a question to address people (`@channel`, `<!here>`, mentions, Teams' `<at>`
tags, link markup) never changes its answer: over HTTP against the local Slack double, the reply
equals the one to the bare question (`bot.chat_markup`, applied where every question is prepared)."""

from __future__ import annotations

import pytest
from slack_double import PeerbotServer, SlackSender, app_mention, slash_command

from bot.chat_markup import without_chat_markup

BARE = "what did others do on financial risk sharing?"


def _sections(post) -> list[str]:
    return [b["text"]["text"] for b in post.blocks if b["type"] == "section"]


@pytest.mark.parametrize("asked", [
    "@channel trust at board level", "@here, trust at board level", "trust at board level @everyone",
    "<!here> trust at board level", "&lt;!channel&gt; trust at board level", "<@U0JO|jo> trust at board level",
    "&lt;at&gt;Ana Lee&lt;/at&gt; trust at board level", "trust at <https://example.org/x|board level>",
    "trust at [board level](https://example.org/x)", "@jo.smith trust at board level",
])
def test_a_questions_chat_markup_never_changes_its_answer(server, slack, double, asked):
    slack.event(app_mention("trust at board level", channel="C0LAN2Q65"))
    bare = double.wait_for("chat.postMessage")[0]
    slack.event(app_mention(asked, channel="C0LAN2Q65"))
    marked = double.wait_for("chat.postMessage", 2)[1]
    assert bare.blocks_text.startswith("Here is what peers have learned")
    assert _sections(marked) == _sections(bare)


def test_an_email_address_and_a_comparison_are_no_chat_markup():
    assert without_chat_markup("ask jo@example.nhs.uk: is 3 < 4?") == "ask jo@example.nhs.uk: is 3 < 4?"


@pytest.mark.model
@pytest.mark.parametrize("asked", [f"@channel {BARE}", f"<!here> {BARE}", f"<@U0JO|jo> {BARE}"])
def test_with_the_real_model_at_channel_is_declined_as_the_bare_question_is(settings, real_corpus, double, asked):
    """Before: "@channel what did others do on financial risk sharing?" was answered with unrelated
    passages, while the bare question is declined as not covered."""
    with PeerbotServer(settings, real_corpus, double) as server:
        sender = SlackSender(server.events_url)
        sender.command(slash_command("/peer", BARE, double.response_url("r1")))
        sender.command(slash_command("/peer", asked, double.response_url("r2")))
        bare, marked = double.wait_for("chat.postEphemeral", 2)
    assert "The lessons don't cover" in bare.blocks_text
    assert _sections(marked) == _sections(bare)
