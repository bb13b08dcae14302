"""Normalising Slack payloads (pure) and checking Slack's settings."""

from __future__ import annotations

import re

import pytest

from bot.question import DM, GROUP, PRIVATE, PUBLIC
from bot.setting_values import SettingsError
from bot.settings import Settings
from bot.slack.config import slack_config
from bot.slack.payloads import command_from_payload, message_from_event, place_of, plain_text, share_value

BOT = "UPEERBOT01"


def test_plain_text_removes_mentions_and_reduces_slack_links_to_words():
    text = f"<@{BOT}> how did <@U0JO|jo> and <#C123|ops> use <https://x.org|this guide> &amp; <https://y.org>? <!here>"
    assert plain_text(text, BOT) == "how did and use this guide & https://y.org?"
    assert plain_text("&lt;b&gt; 3 &gt; 2", BOT) == "<b> 3 > 2"


def test_escaped_slash_command_text_becomes_words_and_never_a_ping():
    escaped = "ask <@U0JO|jo> in <#C123|ops> <!here> <!subteam^S1|@leads> <!channel> &lt;!everyone&gt; about trust"
    command = command_from_payload({"command": "/peer", "text": escaped, "team_id": "T1"})
    assert command.text == "ask in about trust"
    assert command.question().place == PRIVATE and command.question().workspace == "T1"  # only its asker saw it


def event(**fields) -> dict:
    return {"event_id": "Ev1", "team_id": "T1", "event": {"type": "message", "channel": "D1", "channel_type": "im",
                                                          "user": "U1", "text": "hello", "ts": "1.1", **fields}}


def test_a_dm_becomes_a_question_answered_in_the_dm():
    message = message_from_event(event(), BOT)
    assert message.is_dm and message.reply_thread is None and message.text == "hello"
    assert message.inbox_key == "D1:1.1"  # app_mention and message.im for one message share it
    assert message.stored() == {"channel": "D1", "ts": "1.1", "thread_ts": "", "is_dm": True, "workspace": "T1"}
    question = message.question(PUBLIC)  # whatever the lookup said, a DM is a DM
    assert (question.platform, question.channel, question.place, question.workspace, question.thread, question.chat) == (
        "slack", "D1", DM, "T1", "D1", True)  # a chat: its latest question is a follow-up's context


def test_a_mention_is_answered_in_its_thread_whose_question_peerbot_remembers():
    message = message_from_event(event(type="app_mention", channel="C1", channel_type=None, text=f"<@{BOT}> hi",
                                       thread_ts="0.5"), BOT)
    assert not message.is_dm and message.reply_thread == "0.5" and message.text == "hi"
    question = message.question(PUBLIC)
    assert (question.place, question.thread, question.chat) == (PUBLIC, "C1:0.5", False)
    assert message_from_event(event(type="app_mention", channel="C1", channel_type=None, text="hi", ts="2.0"), BOT).question(
        PRIVATE).thread == "C1:2.0"  # a new thread starts at the mention


@pytest.mark.parametrize("info, place", [
    ({"is_channel": True, "is_private": False}, PUBLIC),
    ({"is_channel": True, "is_private": True}, PRIVATE),
    ({"is_channel": True, "is_private": False, "is_ext_shared": True}, PRIVATE),  # shared with another organisation
    ({"is_channel": True}, PRIVATE),  # not said to be public: private
    ({"is_mpim": True, "is_private": True}, GROUP),
    ({"is_im": True}, DM),
    ({}, PRIVATE),
])
def test_a_conversation_is_public_only_when_slack_says_so(info, place):
    assert place_of(info) == place


def test_the_share_button_carries_the_redacted_question_it_is_given():
    assert '"t": "patient [name] and trust"' in share_value("q1", "patient [name] and trust")


@pytest.mark.parametrize("fields", [
    {"bot_id": "B1"}, {"subtype": "bot_message"}, {"user": BOT}, {"subtype": "message_changed"},
    {"subtype": "channel_join"}, {"channel_type": "channel", "channel": "C1"}, {"type": "reaction_added"},
    {"user": None}, {"channel": 5},
])
def test_what_peerbot_stays_quiet_about(fields):
    assert message_from_event(event(**fields), BOT) is None


def test_slash_command_text_is_decoded_and_help_recognised():
    command = command_from_payload({"command": "/peer", "text": "a &amp; b", "channel_id": "C1", "user_id": "U1",
                                    "response_url": "https://hooks", "trigger_id": "t1"})
    assert command.text == "a & b" and not command.is_help and command.inbox_key == "command:t1"
    assert command_from_payload({"command": "/peer", "text": " Help "}).is_help


SLACK = {"slack_bot_token": "xoxb-1", "slack_signing_secret": "s3cret"}


def test_slack_is_not_configured_when_no_slack_variable_is_set():
    assert slack_config(Settings()) is None


@pytest.mark.parametrize("fields, variable", [
    ({"slack_signing_secret": "s3cret"}, "SLACK_BOT_TOKEN is not set"),
    ({"slack_bot_token": "xoxb-1"}, "SLACK_SIGNING_SECRET is not set"),
    ({**SLACK, "slack_bot_token": "xoxp-user-token"}, "SLACK_BOT_TOKEN must be a bot token"),
    ({**SLACK, "slack_app_token": "xoxb-wrong"}, "SLACK_APP_TOKEN must be an app-level token"),
    ({"slack_app_token": "xapp-1"}, "SLACK_BOT_TOKEN is not set"),
    ({**SLACK, "slack_api_url": "slack.com/api"}, "SLACK_API_URL must be an http(s) URL"),
])
def test_partial_or_bad_slack_settings_name_the_variable(fields, variable):
    with pytest.raises(SettingsError, match=re.escape(variable)):
        slack_config(Settings(**fields))


def test_socket_mode_needs_no_signing_secret_and_the_api_url_gets_its_slash():
    config = slack_config(Settings(slack_bot_token="xoxb-1", slack_app_token="xapp-1", slack_api_url="http://x/api"))
    assert config.socket_mode and config.api_url == "http://x/api/"
    assert "xoxb" not in repr(config) and "xapp" not in repr(config)
    assert "xoxb" not in repr(Settings(**SLACK)) and "s3cret" not in repr(Settings(**SLACK))


def test_identities_come_from_the_directory_or_contacts_yaml_entries_alike():
    from bot.answer import Contact, Identity
    from bot.contacts.directory import PersonEntry
    from bot.contacts.file import ContactDetails
    from bot.contacts.identities import identities

    jo = Contact("Dr Jo Bloggs", "Chair", "Trust", "", ())
    entries = [ContactDetails("Jo Bloggs", email="jo@example.nhs.uk"), ContactDetails("Sam", slack_user_id="U0SAM0001",
                                                                                      contactable=False)]
    directory = [PersonEntry("jo bloggs", "Jo Bloggs", slack_user_id="U0JO00001")]
    assert identities(entries)(jo) == Identity("", "jo@example.nhs.uk")
    assert identities(entries)(Contact("Sam", "", "", "", ())) is None  # not contactable
    assert identities(directory)(jo) == Identity("U0JO00001", "")
    assert identities(directory)(Contact("Jo Bloggs", "", "Trust", "", (), is_person=False)) is None
