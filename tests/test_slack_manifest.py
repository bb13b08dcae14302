"""slack/manifest.yaml asks for what the code uses: its commands, shortcut, events, scopes and URLs."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.slack.app import ASK_SHORTCUT, ENABLER_COMMAND, PEER_COMMAND
from bot.slack.config import EVENTS_PATH
from bot.slack.lesson_listeners import LESSON_COMMAND, LESSON_SHORTCUT

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = yaml.safe_load((ROOT / "slack" / "manifest.yaml").read_text())
# The Web API methods peerbot calls, and the bot scopes each needs.
SCOPES_FOR = {
    "chat_postMessage": {"chat:write"}, "chat_postEphemeral": {"chat:write"}, "chat_update": {"chat:write"},
    "users_lookupByEmail": {"users:read.email", "users:read"}, "views_publish": set(), "auth_test": set(),
    "conversations_info": {"channels:read"},  # public channels; Slack refuses private ones: private, fail safe
    "apps_connections_open": set(),  # an app-level token (connections:write), not a bot scope
    "views_open": set(),  # a modal, opened with the trigger of the user's own click or command
    "conversations_open": {"im:write"},  # the DM telling an asker their question now has an answer
    "oauth_v2_access": set(),  # an install's code exchanged with the app's client id and secret, no token
}
# Called only to look for a reply that may already be out; they need a history scope the manifest
# does not ask for, so with it they answer missing_scope and peerbot posts (bot/slack/posting.py).
WHEN_GRANTED = {"conversations_replies", "conversations_history"}


def test_commands_shortcut_and_events_match_the_code():
    features = MANIFEST["features"]
    assert {c["command"] for c in features["slash_commands"]} == {PEER_COMMAND, ENABLER_COMMAND, LESSON_COMMAND}
    assert [(s["type"], s["callback_id"]) for s in features["shortcuts"]] == [
        ("message", ASK_SHORTCUT), ("message", LESSON_SHORTCUT)]
    assert [s["name"] for s in features["shortcuts"]] == ["Ask peerbot", "Save as lesson"]
    assert set(MANIFEST["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_mention", "app_home_opened", "app_uninstalled", "tokens_revoked"}
    assert features["app_home"]["home_tab_enabled"] and not features["app_home"]["messages_tab_enabled"]
    assert all(c["should_escape"] for c in features["slash_commands"])  # typed @here arrives as <!here>
    assert MANIFEST["settings"]["interactivity"]["is_enabled"]


def test_every_request_url_is_the_events_endpoint():
    urls = [c["url"] for c in MANIFEST["features"]["slash_commands"]]
    urls += [MANIFEST["settings"]["event_subscriptions"]["request_url"], MANIFEST["settings"]["interactivity"]["request_url"]]
    assert all(url.endswith(EVENTS_PATH) for url in urls)


def test_scopes_cover_every_web_api_method_the_code_calls():
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    source = "\n".join(p.read_text() for p in (ROOT / "bot" / "slack").glob("*.py"))
    called = set(re.findall(r"client\.(\w+)\(", source)) - WHEN_GRANTED
    assert called and called <= set(SCOPES_FOR), called - set(SCOPES_FOR)
    for method in called:
        assert SCOPES_FOR[method] <= scopes, method
    assert {"app_mentions:read", "commands", "channels:read", "chat:write"} <= scopes


def test_no_scope_lets_peerbot_read_conversations_or_post_where_it_was_not_added():
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert not [s for s in scopes if s.endswith(":history")]
    assert "chat:write.public" not in scopes and not {"groups:read", "im:read", "mpim:read"} & scopes
    assert not {"users:write", "im:read", "channels:manage"} & scopes  # im:write opens a DM; it reads nothing


def test_what_slack_shows_people_calls_the_lessons_a_library_not_a_corpus():
    """The app's descriptions are read by everyone who installs it or opens a message's menu
    (before: "a lessons-learned corpus", "the lessons corpus"; corpus is our word, not theirs)."""
    shown = [MANIFEST["display_information"]["description"], MANIFEST["display_information"]["long_description"]]
    shown += [c["description"] for c in MANIFEST["features"]["slash_commands"]]
    shown += [s["description"] for s in MANIFEST["features"]["shortcuts"]]
    assert not [text for text in shown if "corpus" in text.lower()]
