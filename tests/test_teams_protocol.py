"""Teams over the Bot Framework protocol: activities POSTed to /api/messages, and what a local double
of the connector service receives at serviceUrl + /v3/conversations/{id}/activities."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging

import pytest
from corpus_helpers import open_answerer
from state_rows import count, get, rows
from teams_doubles import (
    BOT_ID,
    ConnectorDouble,
    card_action,
    converse,
    feedback,
    installation,
    members,
    message,
    send,
    teams_server,
)

from bot.question import Question
from bot.service import Peerbot
from bot.setting_values import SettingsError
from bot.state import StateStore
from bot.teams import messages as teams_messages
from bot.teams.config import teams_mode

CHANNEL = "19:collab-leads@thread.tacv2"


@pytest.fixture
def answerer(shared_answerer):
    """The module's one hashing-embedder index over the bundled corpus: these tests only read it."""
    return shared_answerer


@pytest.fixture
def state(tmp_path):
    return StateStore(tmp_path / "state.db")


@pytest.fixture
def peerbot(answerer, state):
    return Peerbot(answerer.corpus, state)


@pytest.fixture
def anonymous(settings):
    return dataclasses.replace(settings, teams_allow_anonymous=True)


def card_of(post) -> dict:
    [attachment] = post.activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


def test_a_personal_message_is_answered_with_a_cited_card(peerbot, state, anonymous):
    results, double = converse(peerbot, anonymous, lambda s: message(s, "What is a committee in common?", activity_id="m1"))
    assert results == [(202, "")]
    [post] = double.posts
    assert (post.conversation_id, post.reply_to) == ("a:personal-chat", "m1")
    card = card_of(post)
    text = json.dumps(card, ensure_ascii=False)
    assert "committee in common" in text.lower()
    assert "West Yorkshire" in text  # a source title or publisher
    assert "People who have done this" in text
    assert card["fallbackText"].startswith("Here is what peers have learned")
    helpful, not_helpful = card["actions"]
    assert helpful["type"] == "Action.Execute" and helpful["data"]["helpful"] is True
    assert not_helpful["data"]["helpful"] is False
    row = get(state, "questions", helpful["data"]["question_id"])
    assert (row["platform"], row["place"], row["question"]) == ("teams", "dm", "What is a committee in common?")
    assert row["channel"] == state.pseudonym("a:personal-chat")  # a personal chat's id identifies a person


def test_people_in_the_contacts_directory_with_a_teams_upn_are_mentioned_in_a_personal_chat(anonymous, embedder,
                                                                                              tmp_path):
    (anonymous.knowledge_dir / "contacts.yaml").write_text(
        "people:\n  - name: Cathy Elliott\n    teams_upn: cathy.elliott@example.nhs.uk\n"
        "  - name: Keir Shillaker\n    teams_upn: keir@example.nhs.uk\n    contactable: false\n")
    answerer = open_answerer(anonymous, embedder)
    state = StateStore(tmp_path / "state.db")
    peerbot = Peerbot(answerer.corpus, state)
    _, double = converse(peerbot, anonymous, lambda s: message(s, "Who chairs the committee in common?"))
    card = card_of(double.posts[0])
    assert {"type": "mention", "text": "<at>Cathy Elliott</at>",
            "mentioned": {"id": "cathy.elliott@example.nhs.uk", "name": "Cathy Elliott"}} in card["msteams"]["entities"]
    assert '"<at>Cathy Elliott</at>"' in json.dumps(card) and "Chair, Bradford District Care" in json.dumps(card)


@pytest.mark.parametrize("kind", ["channel", "groupChat"])
def test_in_a_channel_or_group_chat_people_are_named_never_mentioned(anonymous, embedder, tmp_path, kind):
    """Before (stop 38): a channel's answer `<at>`-mentioned Cathy Elliott, which notifies her each time anyone's
    question there names her; now her name, role and why, with no mention entity."""
    (anonymous.knowledge_dir / "contacts.yaml").write_text(
        "people:\n  - name: Cathy Elliott\n    teams_upn: cathy.elliott@example.nhs.uk\n")
    answerer = open_answerer(anonymous, embedder)
    peerbot = Peerbot(answerer.corpus, StateStore(tmp_path / "state.db"))
    _, double = converse(peerbot, anonymous, lambda s: message(
        s, "Who chairs the committee in common?", conversation=f"19:{kind}@thread.v2", kind=kind, mention=True))
    card = json.dumps(card_of(double.posts[0]))
    assert "**Cathy Elliott**" in card and "Chair, Bradford District Care" in card
    assert "<at>Cathy Elliott</at>" not in card and "cathy.elliott@example.nhs.uk" not in card


def test_each_activity_is_answered_once_even_when_teams_retries(peerbot, state, anonymous):
    again = lambda s: message(s, "committee in common", activity_id="retried")  # noqa: E731
    results, double = converse(peerbot, anonymous, again, again)
    assert [status for status, _ in results] == [202, 202]
    assert len(double.posts) == 1
    assert count(state, "questions") == 1


def test_in_a_channel_only_mentions_are_answered_in_their_thread(peerbot, state, anonymous):
    thread = f"{CHANNEL};messageid=1700000000000"
    _, double = converse(
        peerbot, anonymous,
        lambda s: message(s, "committee in common", conversation=thread, kind="channel"),
        lambda s: message(s, "committee in common, call 07700 900123", conversation=thread, kind="channel",
                          mention=True, activity_id="c2"),
    )
    private, post = double.posts  # the phone number's notice goes to the asker's personal chat first
    assert (post.conversation_id, post.reply_to) == (thread, "c2") and private.conversation_id.startswith("a:personal-")
    assert "committee in common" in json.dumps(card_of(post)).lower()
    [row] = rows(state, "questions")
    assert row["question"] == "committee in common, call [phone]"  # mention stripped, number redacted
    assert row["channel"] == CHANNEL


def test_a_channel_team_tag_or_persons_mention_is_dropped_from_the_question(peerbot, state, anonymous):
    """As Slack drops @channel: "<at>General</at>", a tag or a colleague's mention is addressed to
    someone, no part of what was asked (searched, or quoted in the digest)."""
    def mentioning(s):
        activity = message(s, "<at>General</at> <at>Discharge leads</at> <at>Ana Lee</at> committee in common",
                           conversation=f"{CHANNEL};messageid=1700000000001", kind="channel", mention=True)
        activity["entities"] += [
            {"type": "mention", "text": "<at>General</at>", "mentioned": {"id": CHANNEL, "name": "General", "type": "channel"}},
            {"type": "mention", "text": "<at>Discharge leads</at>",
             "mentioned": {"id": "MDAwMDA0LTAwMDA=", "name": "Discharge leads", "type": "tag"}},
            {"type": "mention", "text": "<at>Ana Lee</at>", "mentioned": {"id": "29:ana", "name": "Ana Lee"}},
        ]
        return activity
    _, double = converse(peerbot, anonymous, mentioning)
    assert len(double.posts) == 1
    [row] = rows(state, "questions")
    assert row["question"] == "committee in common"


def test_an_unanswerable_question_says_so_with_suggestions(peerbot, anonymous):
    _, double = converse(peerbot, anonymous, lambda s: message(s, "zzqx marmalade trombones"))
    card = card_of(double.posts[0])
    assert card["body"][0]["text"].startswith("The lessons don't cover that yet")
    assert "You could explore" in card["body"][0]["text"]
    assert [a["title"] for a in card["actions"]] == ["Helpful", "Not helpful", "Tell me when someone answers this"]


def test_a_declines_notification_summary_is_its_sentence_unwrapped_and_cut_at_a_word(peerbot, anonymous):
    """Before: the summary Teams shows in notifications was the text fallback's first 200 characters,
    hard-wrapped at 100 columns and cut mid-word ("Tackling health inequali")."""
    _, double = converse(peerbot, anonymous, lambda s: message(s, "zzqx marmalade trombones"),
                         lambda s: message(s, "What are the visiting hours on the ward?"))
    for post in double.posts:
        summary, said = post.activity["summary"], card_of(post)["body"][0]["text"]
        assert "\n" not in summary and len(summary) <= 200
        assert summary == said or (summary.endswith("…") and said.startswith(summary[:-1])
                                   and said[len(summary) - 1] == " ")


def test_an_out_of_scope_decline_can_be_rated_as_slacks_can_and_the_rating_is_stored(peerbot, state, anonymous):
    """Every decline of a question has Helpful / Not helpful on both platforms: "Not helpful" under an
    out-of-scope decline makes it a gap in the digest, for curators to look at."""
    _, double = converse(peerbot, anonymous, lambda s: message(s, "What are the visiting hours on the ward?"))
    card = card_of(double.posts[0])
    assert card["body"][0]["text"].startswith("That isn't something peerbot can help with")
    assert [a["title"] for a in card["actions"]] == ["Helpful", "Not helpful"]  # not covered: "Tell me when…" too
    question_id = card["actions"][1]["data"]["question_id"]
    results, _ = converse(peerbot, anonymous, lambda s: feedback(s, question_id, helpful=False))
    assert "marked as not helpful" in json.loads(results[0][1])["value"]
    [row] = rows(state, "feedback")
    assert (row["question_id"], row["helpful"]) == (question_id, 0)
    assert get(state, "questions", question_id)["off_topic"] == 1


def test_a_feedback_or_watch_button_without_its_data_says_so_and_stores_nothing(peerbot, state, anonymous):
    """Before: a button press with no question in it was told "I no longer know that answer" (feedback)
    or "records are kept for a limited time" (watch): wrong, and no way forward."""
    results, double = converse(peerbot, anonymous, lambda s: card_action(s, "peerbot.feedback", {}),
                               lambda s: card_action(s, "peerbot.watch", {"helpful": True}))
    said = [json.loads(body)["value"] for _, body in results]
    assert said == [teams_messages.button_without_data()] * 2 and "ask" in said[0].lower()
    assert not double.posts and count(state, "feedback") == 0 and count(state, "answer_watches") == 0


def test_a_bare_mention_and_help_get_usage_text(peerbot, anonymous):
    _, double = converse(
        peerbot, anonymous,
        lambda s: message(s, "", conversation=CHANNEL, kind="channel", mention=True),
        lambda s: message(s, "help"),
    )
    first, second = (post.activity["text"] for post in double.posts)
    assert first.startswith("I'm peerbot: I answer questions") and "Ask me a question" in first  # what it does
    assert "enabler NAME" in second
    # every command and the message action the app package declares (the action was missing, and the digest)
    assert [name for name, _ in teams_messages.COMMANDS if f"**{name}" not in second] == []
    assert f"**{teams_messages.SAVE_AS_LESSON}**" in second and "digest" in second


def test_thanks_or_hello_gets_what_peerbot_does_as_text_with_nothing_to_rate(peerbot, anonymous):
    """Before: "You're welcome. I'm peerbot: …" came as a card with Helpful and Not helpful (Slack's
    reply to a message that asks nothing has no buttons either)."""
    _, double = converse(peerbot, anonymous, lambda s: message(s, "thanks!"), lambda s: message(s, "hi"))
    thanks, hello = (post.activity for post in double.posts)
    assert thanks["text"].startswith("You're welcome. I'm peerbot: I answer questions") and not thanks.get("attachments")
    assert hello["text"].startswith("Hello! I'm peerbot") and "Ask me a question" in hello["text"]
    assert not hello.get("attachments") and "Helpful" not in json.dumps(hello)

def test_enabler_commands_list_summarise_and_suggest(peerbot, anonymous):
    _, double = converse(
        peerbot, anonymous,
        lambda s: message(s, "enablers"),
        lambda s: message(s, "enabler building trust"),
        lambda s: message(s, "enabler zzqx"),
    )
    listing, summary, unknown = (post.activity for post in double.posts)
    assert "Enablers of provider collaboration" in json.dumps(listing)
    assert "**Building trust**: " in json.dumps(listing) and "building-trust" not in json.dumps(listing)
    card = summary["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Building trust" and summary["summary"] == "Building trust"
    assert "What works" in json.dumps(card) and "“" in json.dumps(card, ensure_ascii=False)
    assert unknown["text"].startswith("No enabler called “zzqx”. None comes close; the enablers are: ")
    assert "Closest" not in unknown["text"] and unknown["text"].endswith(", Partnering with the voluntary sector.")


def test_an_unknown_enabler_names_the_closest_without_ids_and_echoes_no_patient_identifier(peerbot, anonymous):
    """Before: "Closest: Building trust (building-trust), …" showed internal ids, and the name typed was
    echoed as it came, an NHS number in it too (the question log stores it redacted)."""
    _, double = converse(peerbot, anonymous, lambda s: message(s, "enabler zzqx 943 476 5919"))
    text = double.posts[0].activity["text"]
    assert text.startswith("No enabler called “zzqx [nhs-number]”.") and "943 476 5919" not in text
    named = [e.id for e in peerbot.resolve_enabler("zzqx 943 476 5919").suggestions]
    assert named and not [i for i in named if i in text]


def test_enablers_with_no_enablers_tells_the_user_there_are_none_yet(anonymous, embedder, tmp_path):
    (anonymous.knowledge_dir / "enablers.yaml").unlink()
    answerer = open_answerer(anonymous, embedder)
    try:
        _, double = converse(Peerbot(answerer.corpus, StateStore(tmp_path / "state.db")), anonymous,
                             lambda s: message(s, "enablers"))
    finally:
        answerer.index.close()
    [post] = double.posts
    assert post.activity["text"] == ("No enablers of collaboration have been set up yet, so there is no list to show. "
                                     "You can still ask how others did something, and I'll answer from the lessons.")
    assert "attachments" not in post.activity


def test_feedback_is_stored_once_and_acknowledged_in_the_invoke_response(peerbot, state, anonymous):
    logged = peerbot.ask(Question("teams", "a:personal-chat", "committee in common"))
    click = lambda s: feedback(s, logged.question_id, helpful=False, activity_id="click-1")  # noqa: E731
    results, double = converse(peerbot, anonymous, click, click, lambda s: feedback(s, "no-such-question", helpful=True))
    (status, body), (_, redelivered), (_, unknown) = results
    assert status == 200
    assert json.loads(body) == {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
                                "value": "Thanks for the feedback: marked as not helpful. It helps us find gaps in the lessons."}
    assert redelivered == body
    assert "couldn't record" in json.loads(unknown)["value"]
    assert double.posts == []
    [row] = rows(state, "feedback")
    assert (row["question_id"], row["helpful"], row["platform"]) == (logged.question_id, 0, "teams")


def test_installing_stores_the_conversation_reference_and_welcomes(peerbot, state, anonymous):
    _, double = converse(
        peerbot, anonymous,
        lambda s: installation(s, "add", conversation=CHANNEL),
        lambda s: members(s, added=True),
    )
    stored = {c.id: c for c in state.conversations("teams")}
    assert set(stored) == {CHANNEL, "a:personal-chat"}
    reference = stored[CHANNEL].reference
    assert reference["conversation"]["id"] == CHANNEL and reference["bot"]["id"] == BOT_ID
    assert reference["conversation"]["name"] == "Collaboration leads"
    assert "user" not in reference  # who installed it is not kept
    assert reference["serviceUrl"].startswith("http://127.0.0.1:")
    assert not stored[CHANNEL].digest_opt_in
    [welcome] = double.posts  # only the installation says hello
    assert welcome.conversation_id == CHANNEL and "enabler NAME" in welcome.activity["text"]


def test_uninstalling_forgets_the_conversation(peerbot, state, anonymous):
    converse(
        peerbot, anonymous,
        lambda s: installation(s, "add", conversation=CHANNEL),
        lambda s: members(s, added=True),
        lambda s: installation(s, "remove", conversation=CHANNEL),
        lambda s: members(s, added=False),
    )
    assert state.conversations("teams") == []


def test_an_unexpected_error_is_logged_and_the_user_gets_a_generic_apology(answerer, state, anonymous, caplog):
    class Broken(Peerbot):
        def ask(self, question, delivery=""):
            raise RuntimeError("index exploded: secret detail")

    peerbot = Broken(answerer.corpus, state)
    with caplog.at_level(logging.ERROR):
        _, double = converse(peerbot, anonymous, lambda s: message(s, "committee in common"))
    [post] = double.posts
    assert post.activity["text"].startswith("Sorry, something went wrong")
    assert "secret detail" not in json.dumps(post.activity)
    assert any(r.exc_info and "index exploded" in str(r.exc_info[1]) for r in caplog.records)


def test_with_credentials_requests_without_a_valid_token_are_refused(peerbot, state, settings):
    secured = dataclasses.replace(settings, teams_client_id="11111111-2222-3333-4444-555555555555",
                                  teams_client_secret="not-logged", teams_tenant_id="tenant-guid")
    results, double = converse(
        peerbot, secured,
        lambda s: message(s, "committee in common"),
    )
    assert results[0][0] == 401

    async def forged():
        async with ConnectorDouble() as double, teams_server(peerbot, secured) as (url, _bot):
            return await send(url, message(double.url, "committee in common"), token="not-a-jwt"), double
    (status, _), double2 = asyncio.run(forged())
    assert status == 401
    assert double.posts == double2.posts == []
    assert count(state, "questions") == 0


def test_teams_mode_needs_all_three_credentials_or_explicit_anonymity(settings):
    assert teams_mode(settings) is None
    assert teams_mode(dataclasses.replace(settings, teams_allow_anonymous=True)) == "anonymous"
    full = dataclasses.replace(settings, teams_client_id="11111111-2222-3333-4444-555555555555",
                               teams_client_secret="secret", teams_tenant_id="tenant")
    assert teams_mode(full) == "authenticated"
    with pytest.raises(SettingsError, match="a GUID"):  # a name where the app (client) id belongs
        teams_mode(dataclasses.replace(full, teams_client_id="peerbot-bot"))
    with pytest.raises(SettingsError, match="all three"):
        teams_mode(dataclasses.replace(settings, teams_client_id="id"))
