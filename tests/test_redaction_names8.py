"""Redaction, stop 40: the classes `redaction_names8.jsonl`'s tuning half found missing (a colleague's given
name in lower case before a team, a department or what they want; a name before ", our … lead"; a name before
a relative's possessive, a month as a given name there; a given name before "d'…"; "is 104 and"; a meeting's
date kept), each on examples of its own through `redact`, with look-alikes that must stay; the set's halves at
their measured figures; and a ward message with them through the product: a signed Slack direct message over
HTTP (the state database, the log, the replies), a Teams channel mention, and `peerbot ask`."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import subprocess
import sys

import pytest
from conftest import ROOT
from corpus_helpers import open_answerer
from redaction_helpers import benchmark, every_row, publish_corpus_names, through_a_direct_message
from teams_doubles import ConnectorDouble, message, send, teams_server

from bot.redact import find, redact
from bot.service import Peerbot
from bot.state import StateStore


@pytest.fixture(autouse=True)
def published():
    publish_corpus_names()


@pytest.mark.parametrize(
    "text, expected",
    [
        # a colleague's name in lower case before a team, a department, a shift or what they want
        ("gav on the bed team says no", "[name] on the bed team says no"),
        ("ask rukhsana in pharmacy", "ask [name] in pharmacy"),
        ("olu from comms rang", "[name] from comms rang"),
        ("yemi wants the slides", "[name] wants the slides"),
        ("bex reckons it works", "[name] reckons it works"),
        ("anyone on the flow team?", "anyone on the flow team?"),
        ("someone in pharmacy knows", "someone in pharmacy knows"),
        ("everyone wants the slides", "everyone wants the slides"),
        ("comms from the ICB", "comms from the ICB"),
        ("the icb wants a plan", "the icb wants a plan"),
        ("will from the ICB help?", "will from the ICB help?"),
        ("meds from pharmacy came late", "meds from pharmacy came late"),  # ward shorthand and words English seldom writes
        ("locum on nights was late", "locum on nights was late"),
        ("rota says otherwise", "rota says otherwise"),
        ("the bma says no", "the bma says no"),  # bodies' acronyms in lower case
        ("dhsc says so", "dhsc says so"),
        ("ukhsa asked for it", "ukhsa asked for it"),
        ("nhsei wants data", "nhsei wants data"),
        ("frailty on the stroke team", "frailty on the stroke team"),
        ("cathy says collaboratives work", "cathy says collaboratives work"),  # a published leader's given name
        # a name before a role after a comma
        ("Devika, our digital lead, asked", "[name], our digital lead, asked"),
        ("tariq, the ward manager, rang", "[name], the ward manager, rang"),
        ("Leeds, our lead provider, agreed", "Leeds, our lead provider, agreed"),
        ("Finance, the director says", "Finance, the director says"),
        # a name before a relative's possessive, a month as its given name
        ("june barraclough's son rang", "[name]'s son rang"),
        ("april hennessy's daughter complained", "[name]'s daughter complained"),
        ("ngozi's husband is the carer", "[name]'s husband is the carer"),
        ("the patient's daughter rang", "the patient's daughter rang"),
        ("my mum's friend visits", "my mum's friend visits"),
        ("will's brother", "will's brother"),
        # a given name before "d'…" in lower case
        ("rosa d'mello in bay 2", "[name] in bay 2"),
        ("une liste d'attente", "une liste d'attente"),
        # an age over 89 after "is" and a person; a count stays
        ("mr khan (bay 1) is 101 and frail", "mr [name] (bay 1) is [age] and frail"),
        ("she was 97.", "she was [age]."),
        ("occupancy is 98% today", "occupancy is 98% today"),
        ("the backlog is 95 weeks", "the backlog is 95 weeks"),
        # a meeting's date stays; a date of birth or an admission goes
        ("the huddle on 03/02/2026 agreed it", "the huddle on 03/02/2026 agreed it"),
        ("see you Thursday 4 March", "see you Thursday 4 March"),
        ("the board meeting on 12th May", "the board meeting on 12th May"),
        ("dob 03/02/1950", "dob [date]"),
        ("admitted 4 March 2025", "admitted [date]"),
    ],
)
def test_stop_40s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("half, least_recall, wrong", [(0, 0.88, 0), (1, 0.81, 1)])
def test_the_eighth_names_set_is_redacted_at_its_measured_figures(half, least_recall, wrong):
    """tests/data/redaction_names8.jsonl (stop 40) at its figures in BENCHMARKS.md: no fewer identifiers
    caught, no more redacted that are none ("Hebden Bridge" in the held-out half), and of the phrases that
    must survive only "ext 5432" lost (an extension after a phone number)."""
    rows = benchmark.load(benchmark.NAMES8, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) / sum(scored["labelled"].values()) >= least_recall, scored["misses"]
    assert len(scored["wrong"]) <= wrong, scored["wrong"]
    lost = [(row["id"], p) for row in rows for p in row["keep"] if p not in redact(row["text"])]
    assert lost == ([] if half == 0 else [("n8119", "ext 5432")])


MESSAGE = ("handover: gav on the bed team says kwabena's mum (bay 3) is 102 and wants to go home.\n"
           "Devika, our discharge lead, asked about june barraclough's son too; rosa d'mello in bed 2.\n"
           "Friday 6 March huddle: how did the trusts set up a committee in common?")
DETAILS = ("gav", "kwabena", "is 102",  # "is 102": a bare "102" may be in a time or a hash
           "devika", "barraclough", "d'mello")


def test_a_ward_messages_stop_40_identifiers_reach_no_table_log_or_reply(settings, embedder, caplog):
    stored, log, sent = through_a_direct_message(settings, embedder, caplog, MESSAGE)
    assert "[name]" in stored and "[age]" in stored and "Friday 6 March huddle" in stored  # the meeting's date kept
    for where, text in (("state database", stored), ("log", log), ("Slack", sent)):
        lowered = text.lower()
        assert [detail for detail in DETAILS if detail in lowered] == [], where


def test_peerbot_ask_says_the_details_were_left_out_and_echoes_none(tmp_path, corpus_dir):
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", MESSAGE.replace("\n", " ")], capture_output=True,
                            text=True, env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "could identify" in result.stdout
    out = (result.stdout + result.stderr).lower()
    assert [detail for detail in DETAILS if detail in out] == []


def test_a_teams_channel_mention_with_them_reaches_no_table_log_or_post(settings, embedder, tmp_path, caplog):
    """The same message as a Teams mention in a channel: the inbox, the question log, the log and every post
    (the answer in the channel, the notice in the asker's personal chat) hold none of its details."""
    answerer = open_answerer(settings, embedder)
    peerbot = Peerbot(answerer.corpus, StateStore(tmp_path / "state.db"))

    async def run() -> ConnectorDouble:
        async with ConnectorDouble() as double, teams_server(peerbot, anonymous) as (url, _bot):
            await send(url, message(double.url, MESSAGE, conversation="19:general@thread.tacv2;messageid=c1",
                                    kind="channel", mention=True, activity_id="c1"))
            assert await peerbot.drain(60)
            return double

    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)
    with caplog.at_level(logging.DEBUG):
        double = asyncio.run(run())
    posts = "\n".join(json.dumps(post.activity) for post in double.posts)
    assert len(double.posts) == 2 and "could identify" in posts
    stored = every_row(tmp_path / "state.db")
    assert "[name]" in stored and "committee in common" in stored
    log = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    for where, text in (("state database", stored), ("log", log), ("Teams", posts)):
        lowered = text.lower()
        assert [detail for detail in DETAILS if detail in lowered] == [], where
