"""Nothing private leaves where it was asked: questions are asked through the real Slack and Teams
adapters in a direct message, a private channel and public channels of two workspaces (teams) in
the same week; the digest preview and the posted digest quote only the public question of their
own workspace or team, and count the private ones left unanswered without quoting them."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import pytest
from corpus_helpers import open_answerer
from slack_double import (
    BOT_TOKEN,
    TEAM_ID,
    PeerbotServer,
    SlackDouble,
    SlackSender,
    app_mention,
    direct_message,
    private_channel,
)
from state_rows import rows
from teams_doubles import TEAM, ConnectorDouble, installation, message, send, teams_server

from bot.cli import main
from bot.service import Peerbot
from bot.state import StateStore

PUBLIC = "How did the trusts set up a committee in common?"  # answered from the corpus
ELSEWHERE = "What have others learned about a shared staff bank?"  # public, another workspace or team
# nothing in the corpus answers them (words, mostly English: a string of no words would be out of scope, no gap)
SECRETS = ("zzqx marmalade trombones dm", "zzqx marmalade trombones pc")
OTHER_TEAM = "19:team-b-general@thread.tacv2"


@pytest.fixture
def env(settings, monkeypatch):
    """The CLI's settings: the test's folders, and a week whose digest is sent on Sunday night, so
    the questions asked now are in this week's."""
    values = {"PEERBOT_DATA_DIR": str(settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
              "PEERBOT_MODEL": "hashing", "DIGEST_DAY": "sun", "DIGEST_TIME": "23:59", "DIGEST_TIMEZONE": "UTC"}
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DIGEST_CHANNELS",
                 "TEAMS_ALLOW_ANONYMOUS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def cli(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def assert_only_public(text: str, public: str, not_shown: tuple[str, ...], private_count: int) -> None:
    assert public in text and "zzqx" not in text
    for question in not_shown:
        assert question not in text
    assert f"{private_count} more questions asked privately had no answer." in text


def test_slack_the_preview_and_the_post_quote_only_the_public_question_of_their_workspace(
        settings, embedder, env, capsys):
    answerer = open_answerer(settings, embedder)
    with SlackDouble(channels={"C0PRIVATE1": private_channel("C0PRIVATE1")}) as double:
        with PeerbotServer(settings, answerer.corpus, double) as server:
            slack = SlackSender(server.events_url)
            slack.event(direct_message(SECRETS[0], channel="D0PNCRP9N"))
            slack.event(app_mention(SECRETS[1], channel="C0PRIVATE1"))
            slack.event(app_mention(PUBLIC, channel="C0PUBLIC01"))
            other = app_mention(ELSEWHERE, channel="C0OTHERWS1")
            other["team_id"] = other["event"]["team"] = "T0OTHERWS"  # the same app installed in another workspace
            slack.event(other)
            double.wait_for("chat.postMessage", 4)
            server.drain()
        places = {r["question"]: r["place"] for r in rows(StateStore(settings.state_db_path), "questions")}
        assert places == {SECRETS[0]: "dm", SECRETS[1]: "private", PUBLIC: "public", ELSEWHERE: "public"}

        preview = cli(capsys, "digest", "--preview", "--since", "2000-01-01", "--workspace", TEAM_ID)
        assert_only_public(preview, PUBLIC, (*SECRETS, ELSEWHERE), 2)
        everywhere = cli(capsys, "digest", "--preview", "--json", "--since", "2000-01-01")
        data = json.loads(everywhere)
        assert sorted(data["questions"]["examples"]) == sorted([PUBLIC, ELSEWHERE])  # the operator's view: all public
        assert "zzqx" not in everywhere and data["private_gaps"] == 2

        env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
        env.setenv("SLACK_API_URL", double.api_url)
        env.setenv("DIGEST_CHANNELS", "C0DIGEST01")
        assert "slack:C0DIGEST01: posted" in cli(capsys, "digest", "--post")
        [posted] = double.calls_to("chat.postMessage", channel="C0DIGEST01")
        assert_only_public(posted.blocks_text + posted["text"], PUBLIC, (*SECRETS, ELSEWHERE), 2)
        assert double.calls_to("auth.test")  # the workspace of the digest's channel: the token's


def test_teams_the_preview_and_the_post_quote_only_the_public_question_of_their_team(settings, embedder, env, capsys):
    answerer = open_answerer(settings, embedder)
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    state = StateStore(settings.state_db_path)
    peerbot = Peerbot(answerer.corpus, state)
    env.setenv("TEAMS_ALLOW_ANONYMOUS", "1")

    async def scenario():
        async with ConnectorDouble() as double, teams_server(peerbot, anonymous) as (url, _bot):
            s = double.url
            for activity in (
                message(s, SECRETS[0]),  # a personal chat
                message(s, SECRETS[1], conversation="19:private@thread.tacv2;messageid=1", kind="channel",
                        mention=True, channel_type="private"),
                message(s, PUBLIC, conversation=f"{TEAM};messageid=2", kind="channel", mention=True),
                message(s, ELSEWHERE, conversation=f"{OTHER_TEAM};messageid=3", kind="channel", mention=True,
                        team=OTHER_TEAM),
                installation(s, "add", conversation=TEAM),
                installation(s, "add", conversation=OTHER_TEAM),
            ):
                assert (await send(url, activity))[0] in (200, 202)
            for conversation in (TEAM, OTHER_TEAM):
                state.set_digest_opt_in(conversation, True)
            preview = await asyncio.to_thread(cli, capsys, "digest", "--preview", "--since", "2000-01-01",
                                              "--workspace", TEAM)
            report = await asyncio.to_thread(cli, capsys, "digest", "--post")
            return preview, report, double.posts

    preview, report, posts = asyncio.run(scenario())
    places = {r["question"]: r["place"] for r in rows(state, "questions")}
    assert places == {SECRETS[0]: "dm", SECRETS[1]: "private", PUBLIC: "public", ELSEWHERE: "public"}
    assert_only_public(preview, PUBLIC, (*SECRETS, ELSEWHERE), 2)
    assert f"teams:{TEAM}: posted" in report and f"teams:{OTHER_TEAM}: posted" in report
    digests = {p.conversation_id: json.dumps(p.activity, ensure_ascii=False) for p in posts if p.reply_to is None
               and "weekly digest" in json.dumps(p.activity)}
    assert_only_public(digests[TEAM], PUBLIC, (*SECRETS, ELSEWHERE), 2)
    other = digests[OTHER_TEAM]  # team B's digest: its own public question, and the tenant's chat counted
    assert ELSEWHERE in other and PUBLIC not in other and "zzqx" not in other
    assert "1 more question asked privately had no answer." in other  # the personal chat, in the same tenant


# a gap in a public channel whose question had identifying details removed (an NHS number, an email address)
IDENTIFYING = "zzqx marmalade trombones 943 476 5919, qq@zzqx.invalid?"
ANSWERED_IDENTIFYING = "How did boards build trust? Reply to jane.doe@example.org"  # answered, never an example


def test_a_gap_whose_question_had_identifying_details_removed_is_counted_never_quoted(settings, embedder, env, capsys):
    """What is left of such a question around its placeholders can still point to a patient, so the
    digest counts it among the gaps, in its own line, and quotes neither its words nor its placeholders
    (nor, answered, as an example)."""
    answerer = open_answerer(settings, embedder)
    with SlackDouble() as double:
        with PeerbotServer(settings, answerer.corpus, double) as server:
            slack = SlackSender(server.events_url)
            for question in (IDENTIFYING, ANSWERED_IDENTIFYING, PUBLIC):
                slack.event(app_mention(question, channel="C0PUBLIC01"))
            double.wait_for("chat.postMessage", 3)
            server.drain()
    preview = cli(capsys, "digest", "--preview", "--since", "2000-01-01")
    assert PUBLIC in preview
    assert "1 more question had no answer and held details that could identify someone, so it is not quoted." in preview
    for shown in ("[nhs-number]", "[email]", "zzqx", "marmalade", "943", "qq@", "jane", "boards build trust"):
        assert shown not in preview
    data = json.loads(cli(capsys, "digest", "--preview", "--json", "--since", "2000-01-01"))
    assert data["gaps"] == [] and data["withheld_gaps"] == 1 and data["questions"]["examples"] == [PUBLIC]


COLLEAGUE = "Sarah Khan in our MSK team asks how trusts set up a committee in common"  # a name, nothing else
LEADER = "What did Julian Hartley say about trust between chief executives?"  # a leader the corpus quotes


def test_a_colleagues_name_is_stored_and_digested_only_as_a_placeholder_and_a_leaders_is_kept_and_found(
        settings, embedder, env, capsys):
    """Issue 9 (no identifier stored): a name with nothing around it to say whose it is leaves the
    question before it is stored, so the digest never shows it; the name of a leader the corpus quotes
    is kept, and the question still finds their words."""
    answerer = open_answerer(settings, embedder)
    with SlackDouble() as double:
        with PeerbotServer(settings, answerer.corpus, double) as server:
            slack = SlackSender(server.events_url)
            for question in (COLLEAGUE, LEADER):
                slack.event(app_mention(question, channel="C0PUBLIC01"))
            replies = double.wait_for("chat.postMessage", 2)
            server.drain()
    stored = {r["question"] for r in rows(StateStore(settings.state_db_path), "questions")}
    assert stored == {COLLEAGUE.replace("Sarah Khan", "[name]"), LEADER}
    [leader_reply] = [r for r in replies if "Julian Hartley" in r.blocks_text]
    assert "Leeds Teaching Hospitals" in leader_reply.blocks_text  # his words, cited
    data = json.loads(cli(capsys, "digest", "--preview", "--json", "--since", "2000-01-01"))
    assert data["questions"]["examples"] == [LEADER]
    assert "Sarah" not in json.dumps(data) and "Khan" not in json.dumps(data)
