"""Redaction, round 11 (stop 43): the classes round 10 left, each on examples of its own through `redact` with
look-alikes that must stay: a lower-case given name on no list after a verb of telling, asking or messaging, and the
names joined to it ("told shreya that", "told priyanka and amara that", "heard from zainab"); a family name that is
an English word before its bed ("steel in side room 3"); people's and job words there kept ("lad in bed 3", "porter
in bay 2"); seasons and times of day joined by a hyphen kept ("dawn-dusk"); popular given names in England and Wales
that Faker lacks ("ruby", "poppy", "isla"); the verbs that mark a name, one list for every rule
(`bot.redact.person_verbs`). The set's halves at their measured figures, and a ward message with the classes through
a signed Slack direct message over HTTP."""

from __future__ import annotations

import re

import pytest
from redaction_helpers import benchmark, publish_corpus_names, through_a_direct_message

from bot.redact import find, redact


@pytest.fixture(autouse=True)
def published():
    publish_corpus_names()


@pytest.mark.parametrize(
    "text, expected",
    [
        # a lower-case name on no list after a verb of telling, asking or messaging, and the names joined to it
        ("told shreya that the hub moved", "told [name] that the hub moved"),
        ("i messaged adaeze about the rota", "i messaged [name] about the rota"),
        ("reminded gurpreet to send it", "reminded [name] to send it"),
        ("told anoushka we'd share it", "told [name] we'd share it"),
        ("told nkiru and folasade that it ended", "told [name] and [name] that it ended"),
        ("heard from yetunde that it worked", "heard from [name] that it worked"),
        ("caught up with ngozi on the rota", "caught up with [name] on the rota"),
        ("thanks to Themba for the slides", "thanks to [name] for the slides"),
        ("ring oyinkansola on 07700 900456", "ring [name] on [phone]"),
        ("told nights the hoist is broken", "told nights the hoist is broken"),
        ("told earlies that the obs are due", "told earlies that the obs are due"),
        ("emailed pals about the complaint", "emailed pals about the complaint"),
        ("told ukhsa that the outbreak is over", "told ukhsa that the outbreak is over"),
        ("told them we'd go", "told them we'd go"),
        ("heard from pharmacy that it's fine", "heard from pharmacy that it's fine"),
        ("thanks to everyone for coming", "thanks to everyone for coming"),
        ("chase Datix about the report", "chase Datix about the report"),
        ("ask chatgpt whether it works", "ask chatgpt whether it works"),
        ("peerbot needs more memory", "peerbot needs more memory"),
        # a family name that is an English word, in lower case, before its bed at a clause's start
        ("steel in side room 3 is MFFD", "[name] in side room 3 is MFFD"),
        ("handover: swan in bed 4, crow in bay 2", "handover: [name] in bed 4, [name] in bay 2"),
        ("sparrow on trolley 6 waiting", "[name] on trolley 6 waiting"),
        ("still in bed 3 waiting for transport", "still in bed 3 waiting for transport"),
        ("back in bay 2 after the scan", "back in bay 2 after the scan"),
        ("held in bay 2 overnight", "held in bay 2 overnight"),
        ("light in side room 2 is broken", "light in side room 2 is broken"),
        ("told jess that steel in side room 3 is MFFD", "told [name] that [name] in side room 3 is MFFD"),
        ("so fall in bay 2 went up", "so fall in bay 2 went up"),
        # people's and job words before a bed, or before what someone says
        ("lad in bed 3 is MFFD", "lad in bed 3 is MFFD"),
        ("lass in bay 4 keeps asking", "lass in bay 4 keeps asking"),
        ("bloke in side room 2 refused", "bloke in side room 2 refused"),
        ("porter in bay 2 now", "porter in bay 2 now"),
        ("physio in side room 3 this morning", "physio in side room 3 this morning"),
        ("one porter told us it worked", "one porter told us it worked"),
        # seasons and times of day joined by a hyphen, beside hyphenated given names
        ("the dawn-dusk patrol", "the dawn-dusk patrol"),
        ("dawn-dusk said it was quiet", "dawn-dusk said it was quiet"),
        ("a summer-autumn pilot", "a summer-autumn pilot"),
        ("morning-evening huddles", "morning-evening huddles"),
        ("summer-rose asked about it", "[name] asked about it"),
        ("dawn-marie said yes", "[name] said yes"),
        ("poppy-mae asked about the hub", "[name] asked about the hub"),
        # popular given names in England and Wales that Faker lacks, and the words they are
        ("ruby said the hub saved money", "[name] said the hub saved money"),
        ("isla was asking about the rota", "[name] was asking about the rota"),
        ("tell albie the slides are up", "tell [name] the slides are up"),
        ("has otis seen the lessons?", "has [name] seen the lessons?"),
        ("heard from yetunde and ruby said it works", "heard from [name] and [name] said it works"),
        ("heard from the ICB and pharmacy said no", "heard from the ICB and pharmacy said no"),
        ("staff in Clare and Haverhill asked", "staff in Clare and Haverhill asked"),
        ("Maisie and Elsie are covering the hub", "[name] and [name] are covering the hub"),
        ("is Willow Ward in the pilot?", "is Willow Ward in the pilot?"),
        ("the ruby wedding of the hospice", "the ruby wedding of the hospice"),
        ("the poppy appeal raised money", "the poppy appeal raised money"),
    ],
)
def test_round_11s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("we reminded Oluwaseun last week", "we reminded [name] last week"),
        ("we chased Oluwaseun last week", "we chased [name] last week"),
        ("we heard from Oluwaseun last week", "we heard from [name] last week"),
        ("we reminded dawn hughes", "we reminded [name]"),
        ("we reminded Frimley last week", "we reminded Frimley last week"),
        ("we chased Datix last week", "we chased Datix last week"),
    ],
)
def test_the_verbs_that_mark_a_name_are_one_list_for_every_rule(text, expected):
    """`bot.redact.person_verbs`' verbs reach the rules for a capitalised name on no list and for two lower-case
    words on the lists (`bot.redact.beside`) as they reach whom a message is for (`bot.redact.addressed`): round 10
    had a list in each, and "reminded", "chased", "heard from" were in one only."""
    assert redact(text) == expected


@pytest.mark.parametrize("half, least_recall, most_wrong", [(0, 31 / 32, 0), (1, 29 / 32, 1)])
def test_the_eleventh_names_set_is_redacted_at_its_measured_figures(half, least_recall, most_wrong):
    """tests/data/redaction_names11.jsonl at its figures in BENCHMARKS.md (the held-out half, odd rows, scored once
    at the end): no fewer identifiers caught, no more redacted that are none, every phrase that must stay kept."""
    rows = benchmark.load(benchmark.NAMES11, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) / sum(scored["labelled"].values()) >= least_recall, scored["misses"]
    assert len(scored["wrong"]) <= most_wrong, scored["wrong"]
    assert len([p for row in rows for p in row["keep"] if p not in redact(row["text"])]) <= most_wrong


MESSAGE = ("handover: told shreya that steel in side room 3 is MFFD, the lad in bed 3 too. heard from yetunde and "
           "ruby said the dawn-dusk cover works; ring oyinkansola on 07700 900456. Is Willow Ward in the pilot?")
DETAILS = ("shreya", "steel", "yetunde", "ruby", "oyinkansola", "07700")


def test_a_ward_messages_round_11_names_reach_no_table_log_or_reply(settings, embedder, caplog):
    stored, log, sent = through_a_direct_message(settings, embedder, caplog, MESSAGE)
    assert "[name]" in stored and "lad in bed 3" in stored and "dawn-dusk" in stored and "Willow Ward" in stored
    for where, text in (("state database", stored), ("log", log), ("Slack", sent)):
        lowered = text.lower()
        assert [detail for detail in DETAILS if re.search(rf"\b{re.escape(detail)}\b", lowered)] == [], where  # as words: not in a hex id
