"""What a senior NHS leader met on a first trial of peerbot in Slack and Teams (stop 34), over HTTP
against the local doubles: each test fails on the behaviour they met."""

from __future__ import annotations

import json

import pytest
from slack_double import PeerbotServer, SlackSender, app_mention, direct_message, slash_command

from bot.cli import main


def test_a_follow_up_in_a_slack_dm_is_read_with_the_dms_latest_question_not_answered_with_peerbots_blurb(
        server, slack, double):
    slack.event(direct_message("wellbeing hub for staff", channel="D0PNCRP9N"))
    double.wait_for("chat.postMessage")
    slack.event(direct_message("zzqx and who?", channel="D0PNCRP9N"))
    follow_up = double.wait_for("chat.postMessage", 2)[1]
    assert follow_up["channel"] == "D0PNCRP9N" and "thread_ts" not in follow_up.params
    assert follow_up.blocks_text.startswith("Here is what peers have learned")  # alone, "zzqx and who?" is not answered
    assert "wellbeing hub" in follow_up.blocks_text
    [thread] = server.rows("SELECT * FROM threads")
    assert thread["question"] == "wellbeing hub for staff" and "D0PNCRP9N" not in str(thread)  # a DM: its keyed hash



@pytest.mark.parametrize(("details", "question"), [
    ("patient John Smith NHS number 943 476 5919 -", "trust at board level"),
    ("Mrs Patel (DOB 12/03/1950) MRN: RX1234567 -", "clinical summits"),
    ("Mr Jones tel 07700 900123 email jo@example.nhs.uk:", "trust at board level"),
    ("patient [name] NHS number [nhs-number]:", "clinical summits"),  # as a thread's question is kept: redacted
    ("Pt Mary Jones, DOB 3 April 1941, MRN 1234567 -", "trust at board level"),
])
def test_a_patients_details_in_a_question_never_change_its_answer(server, slack, double, details, question):
    slack.event(app_mention(question, channel="C0LAN2Q65"))
    plain = double.wait_for("chat.postMessage")[0]
    slack.event(app_mention(f"{details} {question}", channel="C0LAN2Q65"))
    with_details = double.wait_for("chat.postMessage", 2)[1]
    assert plain.blocks_text.startswith("Here is what peers have learned")
    sections = [b["text"]["text"] for b in with_details.blocks if b["type"] == "section"]
    if sections[0].startswith("Your question had details that could identify someone"):
        sections = sections[1:]
    assert sections == [b["text"]["text"] for b in plain.blocks if b["type"] == "section"]



@pytest.mark.model
@pytest.mark.parametrize(("question", "reply"), [
    # before: declined ("The lessons don't cover that yet"), though answered without the details
    ("we have a patient John Smith NHS number 943 476 5919 waiting 60 weeks for a hip, how have others tackled "
     "long waits?", "Here is what peers have learned"),
    # before: "The lessons don't cover Pt yet": the patient's label named as what the lessons lack
    ("Pt Mary Jones, DOB 3 April 1941, MRN 1234567 - delayed discharge again. how do collaboratives share beds?",
     "The lessons don't cover delayed discharge yet"),
])
def test_with_the_real_model_a_patients_details_change_neither_answer_nor_decline(settings, real_corpus, double,
                                                                                  question, reply):
    with PeerbotServer(settings, real_corpus, double) as server:
        SlackSender(server.events_url).command(slash_command("/peer", question, double.response_url("r1")))
        [post] = double.wait_for("chat.postEphemeral")
    assert "Your question had details that could identify someone" in post.blocks_text
    assert reply in post.blocks_text and "Mary" not in post.blocks_text and "John" not in post.blocks_text


def test_the_digest_never_shows_a_threads_follow_up_out_of_its_thread(server, slack, double, settings, monkeypatch,
                                                                       capsys):
    """Before: "how long did it take them" was one of the weekly digest's example questions, in a
    channel where nobody could tell what "it" was."""
    for name, value in {"PEERBOT_DATA_DIR": str(settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
                        "PEERBOT_MODEL": "hashing", "DIGEST_DAY": "sun", "DIGEST_TIME": "23:59",
                        "DIGEST_TIMEZONE": "UTC"}.items():
        monkeypatch.setenv(name, value)
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DIGEST_CHANNELS"):
        monkeypatch.delenv(name, raising=False)
    root = app_mention("How did the trusts set up a committee in common?", channel="C0LAN2Q65")
    slack.event(root)
    double.wait_for("chat.postMessage")  # as a reader would: the follow-ups come after the answer
    follow_ups = ("how long did it take them", "how much did it cost?", "what happened next?")
    for n, text in enumerate(follow_ups, 2):
        slack.event(app_mention(text, channel="C0LAN2Q65", thread_ts=root["event"]["ts"]))
        double.wait_for("chat.postMessage", n)
    server.drain()
    assert main(["digest", "--preview", "--json"]) == 0, capsys.readouterr().err
    asked = json.loads(capsys.readouterr().out)["questions"]
    assert (asked["count"], asked["follow_ups"]) == (1, 3)  # every question counted, each follow-up with its thread
    assert asked["examples"] == ["How did the trusts set up a committee in common?"]
