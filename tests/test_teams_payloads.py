"""Reading Teams activities into peerbot's terms (pure; no server)."""

import pytest
from microsoft_agents.activity import Activity
from teams_doubles import TEAM, TENANT, installation, members, message

from bot.question import DM, GROUP, PRIVATE, PUBLIC
from bot.teams.payloads import Feedback, Incoming, bot_added, bot_removed, read_feedback, read_message

URL = "https://smba.example/teams/"


def activity(data: dict) -> Activity:
    return Activity.model_validate(data)


@pytest.mark.parametrize("text, kind, argument", [
    ("How did others build trust?", "question", "How did others build trust?"),
    ("help", "help", ""),
    ("Help!", "help", ""),
    ("enablers", "enablers", ""),
    ("ENABLERS?", "enablers", ""),
    ("enabler", "enablers", ""),
    ("enabler building trust", "enabler", "building trust"),
    ("enablers for building trust between boards?", "question", "enablers for building trust between boards?"),
    ("helpful teams, how?", "question", "helpful teams, how?"),
])
def test_messages_become_questions_or_commands(text, kind, argument):
    incoming = read_message(activity(message(URL, text, activity_id="7")))
    assert incoming == Incoming(kind, argument, "a:personal-chat", "teams:a:personal-chat:7", DM, TENANT["id"],
                                "a:personal-chat", chat=True)


THREAD = "19:abc@thread.tacv2;messageid=42"


@pytest.mark.parametrize("fields, place, workspace, chat", [
    ({}, DM, TENANT["id"], True),
    ({"conversation": "19:g@thread.v2", "kind": "groupChat"}, GROUP, TENANT["id"], True),
    ({"conversation": THREAD, "kind": "channel"}, PUBLIC, TEAM, False),
    ({"conversation": THREAD, "kind": "channel", "channel_type": "standard"}, PUBLIC, TEAM, False),
    ({"conversation": THREAD, "kind": "channel", "channel_type": "private"}, PRIVATE, TEAM, False),
    ({"conversation": THREAD, "kind": "channel", "channel_type": "shared"}, PRIVATE, TEAM, False),
    ({"conversation": THREAD, "kind": "channel", "team": None}, PRIVATE, TENANT["id"], False),  # no team: unknown
])
def test_where_a_teams_question_was_asked(fields, place, workspace, chat):
    incoming = read_message(activity(message(URL, "staff banks?", mention=True, **fields)))
    assert (incoming.place, incoming.workspace, incoming.chat) == (place, workspace, chat)
    assert incoming.thread == fields.get("conversation", "a:personal-chat")  # a channel thread keeps ;messageid=


def test_in_a_channel_only_a_mention_of_the_bot_counts_and_the_mention_is_removed():
    thread = "19:abc@thread.tacv2;messageid=42"
    assert read_message(activity(message(URL, "anyone?", conversation=thread, kind="channel"))) is None
    data = message(URL, "how did &amp; <at>Jane Doe</at> build   trust?", conversation=thread, kind="channel", mention=True)
    incoming = read_message(activity(data))
    assert incoming.text == "how did & build trust?"  # a mention is addressed to someone, not asked
    assert incoming.conversation_id == "19:abc@thread.tacv2"  # the channel, not the thread


def test_someone_elses_mention_does_not_wake_the_bot():
    data = message(URL, "ask <at>Jane</at>", conversation="19:g@thread.v2", kind="groupChat")
    data["entities"] = [{"type": "mention", "text": "<at>Jane</at>", "mentioned": {"id": "29:jane", "name": "Jane"}}]
    assert read_message(activity(data)) is None


@pytest.mark.parametrize("data, expected", [
    ({"question_id": "q1", "helpful": True}, Feedback("q1", True)),
    ({"question_id": "q1", "helpful": False}, Feedback("q1", False)),
    ({"question_id": "q1", "helpful": "yes"}, None),
    ({"question_id": "", "helpful": True}, None),
    ("q1", None),
])
def test_feedback_data_is_checked(data, expected):
    assert read_feedback(data) == expected


def test_installs_and_removals():
    assert bot_added(activity(installation(URL, "add"))) and not bot_removed(activity(installation(URL, "add")))
    assert bot_added(activity(installation(URL, "add-upgrade")))
    assert bot_removed(activity(installation(URL, "remove")))
    assert bot_added(activity(members(URL, added=True)))
    assert bot_removed(activity(members(URL, added=False)))
    someone = members(URL, added=True)
    someone["membersAdded"] = [{"id": "29:someone"}]
    assert not bot_added(activity(someone))
