"""Slack end to end over HTTP: peerbot's real server (aiohttp + Bolt) on 127.0.0.1, a local double
of the Slack Web API, correctly signed requests shaped like Slack's documented examples, and
assertions on what reached the double and what SQLite holds."""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from slack_double import (
    BOT_ID,
    BOT_USER_ID,
    TEAM_ID,
    PeerbotServer,
    SlackSender,
    app_mention,
    block_actions,
    direct_message,
    event_callback,
    message_shortcut,
    new_ts,
    private_channel,
    slash_command,
)

KNOWN = "red lines open book finances trust at board level"  # answered from NHS Providers, cites Julian Hartley
KEY_ENABLERS_URL = (
    "https://nhsproviders.org/realising-the-benefits-of-provider-collaboratives/"
    "what-are-the-key-enablers-for-provider-collaboratives"
)
BROADCASTS = re.compile(r"<!(channel|here|everyone)|(?<![\w\u2060])@(channel|here|everyone)\b", re.I)


@pytest.fixture
def answerer(shared_answerer):
    return shared_answerer


@pytest.fixture
def server(settings, answerer, double):
    with PeerbotServer(settings, answerer.corpus, double) as s:
        yield s


def buttons(call) -> dict[str, dict]:
    return {e["action_id"]: e for b in call.blocks if b["type"] == "actions" for e in b["elements"]}


def everything_sent(double) -> str:
    return "\n".join(f"{c.params.get('text', '')}\n{c.blocks_text}" for c in double.calls)


# -- mentions, threads and DMs ----------------------------------------------------------------------

def test_a_mention_is_answered_in_its_thread_with_quoted_snippets_sources_contacts_and_buttons(server, slack, double):
    event = app_mention(f"how did others build trust? {KNOWN}", channel="C0LAN2Q65")
    response = slack.event(event)
    assert response.status == 200

    post = double.wait_for("chat.postMessage")[0]
    assert post["channel"] == "C0LAN2Q65" and post["thread_ts"] == event["event"]["ts"]
    assert post["unfurl_links"] is False
    assert post["text"].startswith("Here is what peers have learned")  # the plain-text fallback
    blocks = post.blocks
    assert blocks[0]["text"]["text"].startswith("Here is what peers have learned")
    quotes = [b["text"]["text"] for b in blocks if b["type"] == "section" and b["text"]["text"].startswith("> ")]
    assert any("build and retain trust at board level" in q for q in quotes)
    sources = [b["elements"][0]["text"] for b in blocks if b["type"] == "context"]
    assert f"<{KEY_ENABLERS_URL}|What are the key enablers for provider collaboratives?> · NHS Providers · Building trust" in sources
    text = post.blocks_text
    assert "*People who have done this*" in text and "• *Julian Hartley*\nChief executive, Leeds Teaching Hospitals" in text
    assert "“It feels like there is an opportunity" in text and "““" not in text
    assert "*Related enablers:* Building trust" in text

    question_id = buttons(post)["feedback_helpful"]["value"]
    assert buttons(post)["feedback_not_helpful"]["value"] == question_id
    [logged] = server.rows("SELECT * FROM questions WHERE id = ?", question_id)
    assert logged["platform"] == "slack" and logged["channel"] == "C0LAN2Q65" and logged["answered"] == 1
    assert "key-enablers-provider-collaboratives" in json.loads(logged["document_ids"])
    assert logged["question"] == f"how did others build trust? {KNOWN}"  # the bot's mention removed


def test_the_plain_text_fallback_names_each_snippets_lesson_without_doubled_punctuation(server, slack, double):
    """Before: "1. What are the key enablers for provider collaboratives?: It is essential …" in the
    notification a phone shows."""
    slack.event(app_mention(f"how did others build trust? {KNOWN}"))
    text = double.wait_for("chat.postMessage")[0]["text"]
    assert "\n1. What are the key enablers for provider collaboratives? It is essential to build" in text
    assert "?:" not in text

def test_a_follow_up_in_a_thread_is_read_with_the_threads_first_question_from_peerbots_own_records(
        server, slack, double):
    root = app_mention("wellbeing hub for staff")
    root_ts = root["event"]["ts"]
    slack.event(root)
    double.wait_for("chat.postMessage")
    slack.event(app_mention("zzqx and who?", thread_ts=root_ts))
    follow_up = double.wait_for("chat.postMessage", 2)[1]
    assert follow_up["thread_ts"] == root_ts
    assert follow_up.blocks_text.startswith("Here is what peers have learned")  # alone, "zzqx and who?" is not answered
    assert "wellbeing hub" in follow_up.blocks_text
    assert {c.method for c in double.calls} <= {"auth.test", "conversations.info", "chat.postMessage"}  # no history read
    [thread] = server.rows("SELECT * FROM threads")
    assert (thread["question"], thread["channel"], thread["workspace"]) == ("wellbeing hub for staff", "C0LAN2Q65", TEAM_ID)
    assert thread["key"].startswith("h:") and root_ts not in thread["key"]


def test_the_first_question_in_a_thread_peerbot_was_not_in_becomes_that_threads_question(server, slack, double):
    thread_ts = new_ts()  # a person's thread, without peerbot
    slack.event(app_mention("wellbeing hub for staff", thread_ts=thread_ts))
    double.wait_for("chat.postMessage")
    slack.event(app_mention("zzqx and who?", thread_ts=thread_ts))
    first, second = double.wait_for("chat.postMessage", 2)
    assert first["thread_ts"] == second["thread_ts"] == thread_ts
    assert "wellbeing hub" in second.blocks_text
    assert [r["question"] for r in server.rows("SELECT question FROM threads")] == ["wellbeing hub for staff"]


def test_whether_a_channel_is_public_is_asked_once_and_slack_refusing_to_say_means_private(server, slack, double):
    double.channels["C0PRIV0001"] = private_channel("C0PRIV0001")
    for n, channel in enumerate(("C0PUB00001", "C0PUB00001", "C0PRIV0001"), 1):
        slack.event(app_mention(KNOWN, channel=channel))
        double.wait_for("chat.postMessage", n)
    server.drain()
    assert len(double.calls_to("conversations.info", channel="C0PUB00001")) == 1  # remembered
    [refused] = double.calls_to("conversations.info", channel="C0PRIV0001")
    assert refused.response == {"ok": False, "error": "missing_scope", "needed": "groups:read",
                                "provided": refused.response["provided"]}  # channels:read is all peerbot has
    stored = server.rows("SELECT channel, place FROM questions")
    assert sorted(r["place"] for r in stored) == ["private", "public", "public"]
    assert "C0PRIV0001" not in str(stored)  # a private channel's id: only its keyed hash


def test_a_direct_message_is_answered_in_the_dm_where_a_workspace_allows_them(server, slack, double):
    slack.event(direct_message(KNOWN, channel="D0PNCRP9N"))
    post = double.wait_for("chat.postMessage")[0]
    assert post["channel"] == "D0PNCRP9N" and "thread_ts" not in post.params
    assert "build and retain trust" in post.blocks_text


def test_an_empty_mention_gets_a_friendly_prompt(server, slack, double):
    slack.event(app_mention(""))
    post = double.wait_for("chat.postMessage")[0]
    assert "Ask me a question about provider collaboration" in post["text"]
    assert "I'm peerbot: I answer questions" in post["text"]  # what peerbot does, as "help" gets
    assert server.rows("SELECT * FROM questions") == []


def test_an_off_topic_question_says_so_in_one_friendly_message_with_suggestions(server, slack, double):
    slack.event(app_mention("zzqx marmalade trombones"))
    post = double.wait_for("chat.postMessage")[0]
    assert "The lessons don't cover that yet" in post["text"] and "You could explore:" in post["text"]
    server.drain()
    assert len(double.calls_to("chat.postMessage")) == 1
    assert server.rows("SELECT answered FROM questions") == [{"answered": 0}]


def test_every_decline_can_be_rated_as_in_teams_and_the_rating_is_stored(server, slack, double):
    """A new user found Helpful / Not helpful under Teams' declines and not Slack's. Both now have them
    on a "not covered" and an "out of scope" decline ("Not helpful" there makes it a gap in the
    digest, for curators to look at); the click is stored and thanked, and "Tell me when someone
    answers this" stays under a not-covered decline; "thanks" asks nothing and has nothing to rate."""
    slack.event(app_mention("zzqx marmalade trombones"))
    slack.event(app_mention("What are the visiting hours on the ward?"))
    slack.event(app_mention("thanks"))
    posts = double.wait_for("chat.postMessage", 3)
    not_covered, out_of_scope, thanks = (next(p for p in posts if p["text"].startswith(lead)) for lead in (
        "The lessons don't cover", "That isn't something peerbot can help with", "You're welcome"))
    assert set(buttons(not_covered)) == {"feedback_helpful", "feedback_not_helpful", "watch_question"}
    assert set(buttons(out_of_scope)) == {"feedback_helpful", "feedback_not_helpful"}
    assert buttons(thanks) == {} and "You're welcome" in thanks["text"]
    for post, action in ((out_of_scope, "feedback_not_helpful"), (not_covered, "feedback_helpful")):
        message = {"type": "message", "bot_id": BOT_ID, "user": BOT_USER_ID, "ts": post.response["ts"],
                   "text": post["text"], "blocks": post.blocks}
        click = block_actions(action, buttons(post)[action]["value"], double.response_url(), message=message)
        assert slack.interaction(click).status == 200
    updates = {update["ts"]: update for update in double.wait_for("chat.update", 2)}
    assert all("Thanks for the feedback" in update.blocks_text for update in updates.values())
    assert buttons(updates[out_of_scope.response["ts"]]) == {}
    assert set(buttons(updates[not_covered.response["ts"]])) == {"watch_question"}  # still there
    stored = server.rows("SELECT q.off_topic, f.helpful FROM feedback f JOIN questions q ON q.id = f.question_id")
    assert sorted((r["off_topic"], r["helpful"]) for r in stored) == [(0, 1), (1, 0)]


# -- exactly once ------------------------------------------------------------------------------------

def test_a_retried_event_is_answered_exactly_once(server, slack, double):
    event = app_mention(KNOWN)
    assert slack.event(event).status == 200
    assert slack.event(event, retry_num=1).status == 200
    assert slack.event(event, retry_num=2).status == 200
    double.wait_for("chat.postMessage")
    server.drain()
    assert len(double.calls_to("chat.postMessage")) == 1
    hashed = server.state.pseudonym
    assert server.rows("SELECT key, status, payload FROM inbox") == [
        {"key": hashed(f"C0LAN2Q65:{event['event']['ts']}"), "status": "answered", "payload": "{}"}]  # keyed hash only


def test_app_mention_and_message_events_for_one_message_are_answered_once(server, slack, double):
    ts = new_ts()
    mention = app_mention(KNOWN, channel="D0PNCRP9N", ts=ts)
    message = direct_message(f"<@{BOT_USER_ID}> {KNOWN}", channel="D0PNCRP9N", ts=ts)
    assert mention["event_id"] != message["event_id"]
    slack.event(message)
    slack.event(mention)
    double.wait_for("chat.postMessage")
    server.drain()
    assert len(double.calls_to("chat.postMessage")) == 1


def test_a_delivery_seen_before_a_restart_is_not_answered_again(settings, answerer, double):
    event = app_mention(KNOWN)
    with PeerbotServer(settings, answerer.corpus, double) as first:
        SlackSender(first.events_url).event(event)
        double.wait_for("chat.postMessage")
    with PeerbotServer(settings, answerer.corpus, double) as second:  # same data folder, new process state
        sender = SlackSender(second.events_url)
        assert sender.event(event, retry_num=1).status == 200
        fresh = app_mention(KNOWN)
        sender.event(fresh)
        double.wait_for("chat.postMessage", 2)
        second.drain()
    assert [c["thread_ts"] for c in double.calls_to("chat.postMessage")] == [event["event"]["ts"], fresh["event"]["ts"]]


# -- security ----------------------------------------------------------------------------------------

def test_missing_wrong_or_stale_signatures_get_401_and_do_nothing(server, slack, double):
    event = app_mention(KNOWN)
    assert slack.event(event, signature="v0=" + "0" * 64).status == 401
    assert slack.event(event, unsigned=True).status == 401
    stale = int(time.time()) - 6 * 60
    assert slack.event(event, timestamp=stale).status == 401  # correctly signed, but 6 minutes old
    other = SlackSender(server.events_url, signing_secret="not-our-secret")
    assert other.event(event).status == 401
    assert other.command(slash_command("/peer", KNOWN, double.response_url())).status == 401
    server.drain()
    assert [c.method for c in double.calls] == ["auth.test"]  # nothing answered, nothing claimed
    assert server.rows("SELECT * FROM inbox") == []
    assert slack.event(event).status == 200  # the same event, correctly signed, is still answered
    double.wait_for("chat.postMessage")


def test_a_signed_event_peerbot_does_not_subscribe_to_is_acknowledged_and_ignored(server, slack, double, caplog):
    """Bolt answered 404 to an event type without a listener: Slack retries it, then disables the
    subscription. Correctly signed, it gets 200 and one debug line; unsigned, still 401."""
    event = event_callback({"type": "reaction_added", "user": "U061F7AUR", "reaction": "thumbsup",
                            "item": {"type": "message", "channel": "C0LAN2Q65", "ts": new_ts()}, "event_ts": new_ts()})
    with caplog.at_level(logging.DEBUG):
        assert slack.event(event).status == 200
        assert slack.event(event, unsigned=True).status == 401
    server.drain()
    assert [c.method for c in double.calls if c.method != "auth.test"] == []
    assert server.rows("SELECT * FROM inbox") == []
    assert [r.getMessage() for r in caplog.records if r.name == "bot.slack.app"] == [
        "Slack: ignored a reaction_added event",
        "Slack: rejected a request with a missing, wrong or stale signature from 127.0.0.1"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and "signature" not in r.getMessage()]


def test_a_malformed_body_gets_400(server, slack):
    assert slack.post("{not json", "application/json").status == 400
    assert slack.post("payload=%7Bnot+json", "application/x-www-form-urlencoded").status == 400


def test_url_verification_echoes_the_challenge(slack):
    response = slack.event({"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"})
    assert response.status == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in response.body


def test_bot_messages_its_own_messages_and_edits_are_ignored(server, slack, double):
    ignored = [
        direct_message(KNOWN, bot_id="B0OTHER"),  # another bot in the DM
        direct_message(KNOWN, subtype="bot_message", bot_id="B0OTHER"),
        direct_message(KNOWN, user=BOT_USER_ID),  # peerbot's own message
        app_mention(KNOWN, bot_id="B0OTHER"),  # a bot mentioning peerbot
        direct_message(KNOWN, subtype="message_changed"),
        event_callback({"type": "message", "channel": "C0LAN2Q65", "channel_type": "channel", "user": "U061F7AUR",
                        "text": KNOWN, "ts": new_ts()}),  # a channel message without a mention
    ]
    for event in ignored:
        assert slack.event(event).status == 200
    server.drain()
    assert [c.method for c in double.calls if c.method != "auth.test"] == []  # Bolt checks the token once
    slack.event(direct_message(KNOWN))  # a person's DM is still answered
    double.wait_for("chat.postMessage")


def test_user_and_document_text_never_pings_the_channel(settings, corpus_dir, embedder, double):
    (corpus_dir / "pings.md").write_text(
        "---\ntitle: Staff <!channel> & huddles @here\npublisher: <!everyone> Trust\n"
        "url: https://example.org/huddles?a=1&b=2\n---\n\n## Huddles <b>\n"
        "The zebra huddle @channel pattern: every ward ran a zebra huddle <!here> at 8am, "
        "and <@U999> said @everyone should join. Zebra huddles cut delays & escalations.\n"
    )
    from corpus_helpers import open_answerer

    answerer = open_answerer(settings, embedder)
    try:
        with PeerbotServer(settings, answerer.corpus, double) as server:
            slack = SlackSender(server.events_url)
            question = "zebra huddle <!channel> @here &amp; &lt;script&gt;"  # as Slack encodes what was typed
            slack.command(slash_command("/peer", question, double.response_url()))
            post = double.wait_for("chat.postEphemeral")[0]
            assert "zebra huddle" in post.blocks_text
            sent = everything_sent(double)
            assert not BROADCASTS.search(sent), BROADCASTS.search(sent)
            assert "&lt;script&gt;" in sent and "<script>" not in sent and "&amp; escalations" in sent
            assert "&lt;@U999&gt;" in sent and "<@U999>" not in sent
            assert "<https://example.org/huddles?a=1&amp;b=2|Staff &lt;!channel&gt; &amp; huddles @\u2060here>" in sent
    finally:
        answerer.index.close()


# -- /peer and "Share in channel" ---------------------------------------------------------------------

def test_slash_peer_answers_only_the_asker_and_share_posts_it_in_the_channel(server, slack, double):
    response_url = double.response_url("peer")
    response = slack.command(slash_command("/peer", KNOWN, response_url, channel="C2147483705", user="U2147483697"))
    assert response.status == 200 and response.body == ""
    private = double.wait_for("chat.postEphemeral")[0]
    assert private["channel"] == "C2147483705" and private["user"] == "U2147483697"
    assert private.blocks[0]["text"]["text"] == f"*You asked:* {KNOWN}"
    assert "build and retain trust at board level" in private.blocks_text
    share = buttons(private)["share_answer"]
    assert share["text"]["text"] == "Share in channel"
    assert not double.calls_to("chat.postMessage")

    click = block_actions("share_answer", share["value"], response_url, channel="C2147483705", user="U2147483697",
                          ephemeral=True)
    assert slack.interaction(click).status == 200
    public = double.wait_for("chat.postMessage")[0]
    assert public["channel"] == "C2147483705" and "thread_ts" not in public.params
    assert public.blocks[0]["text"]["text"] == f"<@U2147483697> shared peerbot's answer to: {KNOWN}"
    assert "build and retain trust at board level" in public.blocks_text
    assert buttons(public)["feedback_helpful"]["value"] == buttons(private)["feedback_helpful"]["value"]
    assert "share_answer" not in buttons(public)
    assert double.wait_for("response_url")[0].params == {"delete_original": True}  # the private copy goes
    assert len(server.rows("SELECT * FROM questions")) == 1  # sharing is not a second question


def manifest_features() -> list[str]:
    """The slash commands and shortcuts slack/manifest.yaml gives peerbot: what help must describe."""
    features = yaml.safe_load((Path(__file__).parent.parent / "slack" / "manifest.yaml").read_text())["features"]
    return [c["command"] for c in features["slash_commands"]] + [f"*{s['name']}*" for s in features["shortcuts"]]


@pytest.mark.parametrize("text", ["", "help", "  HELP "])
def test_slash_peer_without_a_question_shows_usage_privately(server, slack, double, text):
    response = slack.command(slash_command("/peer", text, double.response_url()))
    assert response.status == 200
    body = json.loads(response.body)
    assert body["response_type"] == "ephemeral" and "/peer how did others build trust" in body["text"]
    assert [f for f in manifest_features() if f not in body["text"]] == []  # /lesson and *Save as lesson* were missing
    server.drain()
    assert not double.calls_to("chat.postEphemeral") and server.rows("SELECT * FROM questions") == []


def test_slash_peer_answers_through_response_url_where_peerbot_cannot_post(server, slack, double):
    double.fail("chat.postEphemeral", "channel_not_found", channel="G0PRIVATE")
    slack.command(slash_command("/peer", KNOWN, double.response_url("private"), channel="G0PRIVATE"))
    reply = double.wait_for("response_url")[0]
    assert reply.path == "/response/private" and reply["response_type"] == "ephemeral"
    assert "build and retain trust at board level" in reply.blocks_text


def test_slash_peer_off_topic_gets_the_friendly_message(server, slack, double):
    slack.command(slash_command("/peer", "zzqx marmalade trombones", double.response_url()))
    private = double.wait_for("chat.postEphemeral")[0]
    assert "The lessons don't cover that yet" in private["text"]
    assert "*You asked:* zzqx marmalade trombones" in private.blocks_text


# -- /enabler and the Home tab ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["trust", "building trust", "Building-Trust"])
def test_slash_enabler_summarises_the_closest_enabler_privately(server, slack, double, name):
    response = slack.command(slash_command("/enabler", name, double.response_url(), user="U0ASKER1"))
    assert response.status == 200 and response.body == ""
    private = double.wait_for("chat.postEphemeral")[0]
    assert private["user"] == "U0ASKER1" and private["text"].startswith("Building trust: ")
    assert private.blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Building trust"}}
    text = private.blocks_text
    assert "*What works*" in text and "> Being open about organisational ‘red lines’" in text
    assert "*In their own words*" in text and "— Julian Hartley, Chief executive, Leeds Teaching Hospitals" in text
    assert f"<{KEY_ENABLERS_URL}|What are the key enablers for provider collaboratives?>" in text
    assert "*People to talk to*" in text and "• *Julian Hartley*" in text


def test_slash_enabler_forgives_a_misspelling(server, slack, double):
    slack.command(slash_command("/enabler", "shared purpse", double.response_url()))
    assert double.wait_for("chat.postEphemeral")[0].blocks[0]["text"]["text"] == "Shared purpose"


@pytest.mark.parametrize("text", ["", "help"])
def test_slash_enabler_alone_lists_every_enabler_with_one_line_each(server, slack, double, text):
    slack.command(slash_command("/enabler", text, double.response_url()))
    text = double.wait_for("chat.postEphemeral")[0].blocks_text
    assert "*Enablers of provider collaboration*" in text
    assert "• *Building trust*: Boards build and keep trust" in text and "• *Shared purpose*: " in text
    assert text.count("\n• *") == len(server.peerbot.enablers()) == 14  # one line each
    assert "/enabler building trust" in text


def test_slash_enabler_with_no_enablers_tells_the_user_there_are_none_yet(settings, corpus_dir, embedder, double):
    """It showed the list's heading and nothing under it (the Home tab too)."""
    (corpus_dir / "enablers.yaml").unlink()
    from corpus_helpers import open_answerer

    answerer = open_answerer(settings, embedder)
    try:
        with PeerbotServer(settings, answerer.corpus, double) as server:
            slack = SlackSender(server.events_url)
            slack.command(slash_command("/enabler", "", double.response_url()))
            text = double.wait_for("chat.postEphemeral")[0].blocks_text
            slack.event(event_callback({"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N",
                                        "tab": "home", "event_ts": "1515449522.000016"}))
            home = json.dumps(double.wait_for("views.publish")[0]["view"])
    finally:
        answerer.index.close()
    none = ("No enablers of collaboration have been set up yet, so there is no list to show. You can still ask how "
            "others did something, and I'll answer from the lessons.")
    assert text == none  # for the person in chat: the admin's hint (enablers.yaml) is in the server's log
    assert none in home and "Enablers of provider collaboration" not in home and "enablers.yaml" not in home


def test_slash_enabler_with_an_unknown_name_lists_suggestions(server, slack, double):
    slack.command(slash_command("/enabler", "leadershp", double.response_url()))
    text = double.wait_for("chat.postEphemeral")[0]["text"]
    assert "No enabler called “leadershp”" in text and "Closest: " in text


def test_slash_enabler_with_a_nonsense_name_names_every_enabler_not_three_arbitrary_ones(server, slack, double):
    slack.command(slash_command("/enabler", "zzqx", double.response_url()))
    text = double.wait_for("chat.postEphemeral")[0]["text"]
    assert "No enabler called “zzqx”. None comes close; the enablers are: " in text and "Closest" not in text
    assert "Building trust" in text and "Partnering with the voluntary sector." in text


def test_slash_enabler_without_lessons_says_so_and_invites_one(server, slack, double):
    slack.command(slash_command("/enabler", "governance", double.response_url()))
    text = double.wait_for("chat.postEphemeral")[0]["text"]
    assert text.startswith("No lessons yet on ") and "`enablers: [governance-and-assurance]`" in text


def test_opening_the_home_tab_publishes_what_peerbot_does_the_enablers_and_the_corpus_size(server, slack, double):
    event = event_callback({"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
                            "event_ts": "1515449522.000016"})
    assert slack.event(event).status == 200
    published = double.wait_for("views.publish")[0]
    assert published["user_id"] == "U061F7AUR"
    view = published["view"]
    text = "\n".join(b.get("text", {}).get("text", "") for b in view["blocks"])
    text += "\n".join(e["text"] for b in view["blocks"] if b["type"] == "context" for e in b["elements"])
    assert view["type"] == "home" and "/peer QUESTION" in text and "*Ask peerbot*" in text
    assert [f for f in manifest_features() if f not in text] == [] and "Once a week I post a digest" in text
    assert "• *Building trust*: " in text and "(1 lesson)" in text
    assert "The library: 4 documents, 41 passages." in text
    messages_tab = event_callback({"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N",
                                   "tab": "messages", "event_ts": "1515449523.000016"})
    slack.event(messages_tab)
    server.drain()
    assert len(double.calls_to("views.publish")) == 1


# -- feedback ------------------------------------------------------------------------------------------

def answered_message(double, slack, channel="C0LAN2Q65"):
    slack.event(app_mention(KNOWN, channel=channel))
    post = double.wait_for("chat.postMessage")[0]
    return post, {"type": "message", "bot_id": BOT_ID, "user": BOT_USER_ID, "ts": post.response["ts"],
                  "text": post["text"], "blocks": post.blocks}


@pytest.mark.parametrize("action_id, helpful", [("feedback_helpful", 1), ("feedback_not_helpful", 0)])
def test_feedback_is_stored_and_acknowledged_by_updating_the_message(server, slack, double, action_id, helpful):
    post, message = answered_message(double, slack)
    question_id = buttons(post)[action_id]["value"]
    click = block_actions(action_id, question_id, double.response_url(), channel="C0LAN2Q65", message=message)
    assert slack.interaction(click).status == 200
    update = double.wait_for("chat.update")[0]
    assert update["channel"] == "C0LAN2Q65" and update["ts"] == message["ts"]
    assert update.blocks[:-1] == post.blocks[:-1]  # the answer is unchanged...
    assert update.blocks[-1]["type"] == "context" and "Thanks for the feedback" in update.blocks_text  # ...buttons gone
    assert ("*helpful*" if helpful else "*not helpful*") in update.blocks_text
    [stored] = server.rows("SELECT * FROM feedback")
    assert stored["question_id"] == question_id and stored["helpful"] == helpful and stored["platform"] == "slack"


def test_feedback_on_a_private_answer_is_stored_and_thanked_privately(server, slack, double):
    slack.command(slash_command("/peer", KNOWN, double.response_url(), channel="C2147483705", user="U2147483697"))
    private = double.wait_for("chat.postEphemeral")[0]
    question_id = buttons(private)["feedback_helpful"]["value"]
    slack.interaction(block_actions("feedback_helpful", question_id, double.response_url(), channel="C2147483705",
                                    user="U2147483697", ephemeral=True))
    thanks = double.wait_for("chat.postEphemeral", 2)[1]
    assert thanks["user"] == "U2147483697" and "Thanks for the feedback" in thanks["text"]
    assert server.rows("SELECT question_id, helpful FROM feedback") == [{"question_id": question_id, "helpful": 1}]


def test_feedback_for_an_unknown_answer_is_not_stored_and_says_so(server, slack, double):
    slack.interaction(block_actions("feedback_helpful", "no-such-question", double.response_url(), ephemeral=True))
    reply = double.wait_for("chat.postEphemeral")[0]
    assert "couldn't record that feedback" in reply["text"]
    assert server.rows("SELECT * FROM feedback") == []


# -- the "Ask peerbot" message shortcut --------------------------------------------------------------

def test_the_message_shortcut_answers_that_message_in_its_thread(server, slack, double):
    message_ts = new_ts()
    assert slack.interaction(message_shortcut(KNOWN, double.response_url(), message_ts=message_ts)).status == 200
    post = double.wait_for("chat.postMessage")[0]
    assert post["channel"] == "C0LAN2Q65" and post["thread_ts"] == message_ts
    assert "build and retain trust at board level" in post.blocks_text


def test_the_message_shortcut_on_a_reply_answers_in_the_same_thread(server, slack, double):
    root = new_ts()
    slack.interaction(message_shortcut(KNOWN, double.response_url(), message_ts=new_ts(), thread_ts=root))
    assert double.wait_for("chat.postMessage")[0]["thread_ts"] == root


def test_the_message_shortcut_answers_privately_where_peerbot_is_not_a_member(server, slack, double):
    double.fail("chat.postMessage", "not_in_channel", channel="C0NOTIN")
    slack.interaction(message_shortcut(KNOWN, double.response_url("shortcut"), channel="C0NOTIN"))
    reply = double.wait_for("response_url")[0]
    assert "/invite @peerbot" in reply.blocks_text and "build and retain trust at board level" in reply.blocks_text


def test_the_message_shortcut_on_a_message_without_text_explains(server, slack, double):
    slack.interaction(message_shortcut("", double.response_url()))
    assert "no text I can answer" in double.wait_for("response_url")[0]["text"]


# -- contacts as mentions ------------------------------------------------------------------------------

@pytest.fixture
def with_contacts(settings, embedder):
    """An answerer (and so a contacts directory) built after writing knowledge/contacts.yaml."""
    from corpus_helpers import open_answerer

    opened = []

    def build(*people: str):
        (settings.knowledge_dir / "contacts.yaml").write_text("people:\n" + "".join(people))
        answerer = open_answerer(settings, embedder)
        opened.append(answerer)
        return answerer

    yield build
    for answerer in opened:
        answerer.index.close()


def test_contacts_who_are_workspace_members_are_mentions_in_a_dm_looked_up_by_email_once(settings, with_contacts,
                                                                                          double):
    double.users_by_email["julian.hartley@example.nhs.uk"] = "U0JULIAN1"
    answerer = with_contacts("  - name: Julian Hartley\n    email: Julian.Hartley@example.nhs.uk\n")
    with PeerbotServer(settings, answerer.corpus, double) as server:
        slack = SlackSender(server.events_url)
        slack.event(direct_message(KNOWN))
        slack.event(direct_message(f"again: {KNOWN}"))
        posts = double.wait_for("chat.postMessage", 2)
    assert all("• <@U0JULIAN1>\nChief executive, Leeds Teaching Hospitals NHS Trust" in p.blocks_text for p in posts)
    assert [c["email"] for c in double.calls_to("users.lookupByEmail")] == ["julian.hartley@example.nhs.uk"]


def test_a_contact_with_a_slack_user_id_is_a_mention_in_a_dm_without_a_lookup(settings, with_contacts, double):
    answerer = with_contacts("  - name: Mr Julian Hartley\n    slack_user_id: U0DIRECT1\n    email: j@example.nhs.uk\n")
    with PeerbotServer(settings, answerer.corpus, double) as server:
        SlackSender(server.events_url).event(direct_message(KNOWN))
        post = double.wait_for("chat.postMessage")[0]
    assert "• <@U0DIRECT1>\nChief executive" in post.blocks_text
    assert not double.calls_to("users.lookupByEmail")


def test_a_contact_who_is_not_a_member_of_the_workspace_is_shown_by_name(settings, with_contacts, double):
    answerer = with_contacts("  - name: Julian Hartley\n    email: someone@elsewhere.nhs.uk\n")
    with PeerbotServer(settings, answerer.corpus, double) as server:
        SlackSender(server.events_url).event(direct_message(KNOWN))
        post = double.wait_for("chat.postMessage")[0]
    assert "• *Julian Hartley*\nChief executive" in post.blocks_text and "<@U" not in post.blocks_text
    assert [c.response["error"] for c in double.calls_to("users.lookupByEmail")] == ["users_not_found"]


def test_a_contact_marked_not_contactable_is_never_mentioned(settings, with_contacts, double):
    answerer = with_contacts("  - name: Julian Hartley\n    slack_user_id: U0DIRECT1\n    contactable: false\n")
    with PeerbotServer(settings, answerer.corpus, double) as server:
        SlackSender(server.events_url).event(direct_message(KNOWN))
        post = double.wait_for("chat.postMessage")[0]
    assert "<@U0DIRECT1>" not in post.blocks_text and not double.calls_to("users.lookupByEmail")
    assert "build and retain trust at board level" in post.blocks_text  # their words are still cited


# -- failures ----------------------------------------------------------------------------------------

def test_a_rate_limited_post_is_retried_after_retry_after_and_nothing_is_lost(server, slack, double):
    double.rate_limit("chat.postMessage", times=1, retry_after=0)
    slack.event(app_mention(KNOWN))
    post = double.wait_for("chat.postMessage")[0]
    attempts = double.calls_to("chat.postMessage")
    assert [c.status for c in attempts] == [429, 200] and post is attempts[-1]


def test_an_unexpected_error_gets_an_apology_in_the_thread_and_a_logged_traceback(settings, embedder, double, caplog):
    from corpus_helpers import open_answerer

    answerer = open_answerer(settings, embedder)
    event = app_mention(KNOWN)
    with PeerbotServer(settings, answerer.corpus, double) as server, caplog.at_level(logging.ERROR, logger="bot"):
        answerer.index.close()  # the index goes away under the running server
        SlackSender(server.events_url).event(event)
        post = double.wait_for("chat.postMessage")[0]
        server.drain()
    assert post["thread_ts"] == event["event"]["ts"]
    assert post["text"] == "Sorry, something went wrong while I was answering that. Please try again in a minute."
    assert "Cannot operate" not in everything_sent(double)  # never str(e)
    [record] = [r for r in caplog.records if r.name == "bot.delivery"]
    assert record.exc_info and "C0LAN2Q65" not in record.getMessage()  # a conversation id may be someone's DM


def test_healthz_reports_the_slack_mode(server):
    with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:
        assert json.loads(response.read()) == {"status": "ok", "slack": "http"}


def test_a_member_id_slack_answers_that_is_not_an_id_is_not_put_in_the_answer(settings, with_contacts, double):
    """Before: users.lookupByEmail's `id` was used as it came, so one carrying `> <!channel` pinged the
    whole channel from an answer (sweep 24)."""
    double.users_by_email["julian.hartley@example.nhs.uk"] = "U0JULIAN1> <!channel"
    answerer = with_contacts("  - name: Julian Hartley\n    email: Julian.Hartley@example.nhs.uk\n")
    with PeerbotServer(settings, answerer.corpus, double) as server:
        SlackSender(server.events_url).event(app_mention(KNOWN))
        [post] = double.wait_for("chat.postMessage")
    assert "<!channel" not in post.blocks_text + str(post.get("text", ""))
    assert "Julian Hartley" in post.blocks_text
