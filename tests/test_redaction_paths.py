"""Every path a question takes leaves its patient identifiers behind (stop 37): a patient's name and
NHS number typed in a Slack question, as `redaction_names5.jsonl` writes them (an Irish name with
accents and particles, a given name that is an English word in lower case, an NHS number with dots
or grouped 4-3-3), reach neither the state database, nor the log, nor the digest's "what people
asked" and gaps, nor any message peerbot sends back to Slack."""

from __future__ import annotations

import json
import logging

import pytest
from corpus_helpers import open_answerer
from redaction_helpers import every_row
from slack_double import PeerbotServer, SlackDouble, SlackSender, app_mention, slash_command

from bot.cli import main

# answered from the corpus, and a gap nothing in it answers (English words: a gap, not out of scope)
ANSWERED = "dawn hughes, nhs no 5465 141 409: how did the trusts set up a committee in common?"
GAP = "Pádraig Ó Súilleabháin NHS number 679.063.0724 asked about zzqx marmalade trombones"
PEER = "Oisín is new and asked how did the trusts set up a committee in common? NHS 923-111-6029"
IDENTIFIERS = ("dawn", "hughes", "5465 141 409", "5465141409", "Pádraig", "Súilleabháin", "679.063.0724",
               "6790630724", "Oisín", "923-111-6029", "9231116029")


@pytest.fixture
def env(settings, monkeypatch):
    """The CLI's settings: the test's folders, and a week whose digest is sent on Sunday night."""
    values = {"PEERBOT_DATA_DIR": str(settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
              "PEERBOT_MODEL": "hashing", "DIGEST_DAY": "sun", "DIGEST_TIME": "23:59", "DIGEST_TIMEZONE": "UTC"}
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DIGEST_CHANNELS",
                 "TEAMS_ALLOW_ANONYMOUS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def leaked(text: str) -> list[str]:
    lowered = text.lower()
    return [identifier for identifier in IDENTIFIERS if identifier.lower() in lowered]


def test_a_patients_name_and_nhs_number_in_a_slack_question_reach_no_table_log_digest_or_echo(
        settings, embedder, env, capsys, caplog):
    answerer = open_answerer(settings, embedder)
    assert all(leaked(question) for question in (ANSWERED, GAP, PEER))  # each would be found if kept
    with SlackDouble() as double, caplog.at_level(logging.DEBUG):
        with PeerbotServer(settings, answerer.corpus, double) as server:
            slack = SlackSender(server.events_url)
            for question in (ANSWERED, GAP):
                assert slack.event(app_mention(question, channel="C0PUBLIC01")).status == 200
            assert slack.command(slash_command("/peer", PEER, double.response_url("peer"))).status == 200
            double.wait_for("chat.postMessage", 2)
            double.wait_for("chat.postEphemeral")
            server.drain()
        sent = "\n".join(f"{json.dumps(c.params, ensure_ascii=False)}\n{c.blocks_text}" for c in double.calls)
        env.setenv("SLACK_BOT_TOKEN", double.bot_token)
        env.setenv("SLACK_API_URL", double.api_url)
        env.setenv("DIGEST_CHANNELS", "C0DIGEST01")
        assert main(["digest", "--preview", "--since", "2000-01-01"]) == 0
        preview = capsys.readouterr().out
        assert main(["digest", "--preview", "--json", "--since", "2000-01-01"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert main(["digest", "--post"]) == 0
        [posted] = double.calls_to("chat.postMessage", channel="C0DIGEST01")
    stored = every_row(settings.state_db_path)
    assert stored.count("[name]") >= 3 and stored.count("[nhs-number]") >= 3  # the questions are stored, redacted
    assert "committee in common" in sent and "You asked:" in sent  # the replies and `/peer`'s echo
    assert data["questions"]["count"] >= 2 and data["withheld_gaps"] == 1  # asked, counted, never quoted
    log = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    for where, text in (("state database", stored), ("log", log), ("Slack", sent), ("digest preview", preview),
                        ("digest JSON", json.dumps(data, ensure_ascii=False)),
                        ("posted digest", f"{posted['text']}\n{posted.blocks_text}")):
        assert leaked(text) == [], where
