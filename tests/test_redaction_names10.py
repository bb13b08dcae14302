"""Redaction, round 10 (stop 42): the classes round 9's held-out half still missed, each on examples of its own
through `redact` with look-alikes that must stay: given names with letters beyond ASCII, accents kept or left off
("siân", "Søren", "Łucja", "dónal"); a lower-case given name after a verb of sending, giving or showing ("sent
chris the", "gave rhys the", "showed shona the"), a word's three consonants no longer read as a body's acronym
when it is a given name; virtue names in lists or before a phone number ("Patience and Mercy are covering",
"ring hope on 07700 …"); a family name English writes often, in lower case, "in" its bed at a clause's start
("carpenter in bed 9"); hyphenated given names with a half on no list ("ruby-mae"); and places joined by "and"
("Stanley and Chester-le-Street", "Stanley and Consett teams", "Healthwatch Calderdale"). The set's tuning half at
its measured figures, and a ward message with them through a signed Slack direct message over HTTP."""

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
        # letters beyond ASCII, accents kept or left off, any case
        ("siân was asking about the rota", "[name] was asking about the rota"),
        ("Seán from estates wants the slides", "[name] from estates wants the slides"),
        ("Øyvind said the hub works", "[name] said the hub works"),
        ("tell bríd the lessons are up", "tell [name] the lessons are up"),
        ("can you ask Zoë whether it worked", "can you ask [name] whether it worked"),
        ("jose was asking about it", "[name] was asking about it"),
        ("łukasz said no", "[name] said no"),
        ("the café said no", "the café said no"),
        ("naïve question: is it worth it?", "naïve question: is it worth it?"),
        ("ask pharmacy whether Zürich's study helps", "ask pharmacy whether Zürich's study helps"),
        # whom something is sent, given or shown, in lower case mid-sentence ("chl", "chr", "dhr" are no acronym)
        ("has anyone sent chloe the notes?", "has anyone sent [name] the notes?"),
        ("we gave raj the rota", "we gave [name] the rota"),
        ("I showed priya the slides", "I showed [name] the slides"),
        ("could you forward dhruv the link", "could you forward [name] the link"),
        ("we sent pharmacy the slides", "we sent pharmacy the slides"),
        ("could you send phlebotomy the rota?", "could you send phlebotomy the rota?"),
        ("has anyone sent dhsc the report?", "has anyone sent dhsc the report?"),
        ("give hope a chance", "give hope a chance"),
        ("we gave finance the figures", "we gave finance the figures"),
        ("has anyone sent chronic pain lessons?", "has anyone sent chronic pain lessons?"),
        # virtue names listed together or before a phone number
        ("Hope and Precious are covering nights", "[name] and [name] are covering nights"),
        ("faith and joy from pharmacy asked", "[name] and [name] from pharmacy asked"),
        ("charity and verity said yes", "[name] and [name] said yes"),
        ("ring faith on 07700 900123", "ring [name] on [phone]"),
        ("call Comfort on 0113 496 0000 tomorrow", "call [name] on [phone] tomorrow"),
        ("grace and favour flats for staff", "grace and favour flats for staff"),
        ("faith and hope are needed", "faith and hope are needed"),
        ("call switchboard on 0113 496 0000", "call switchboard on [phone]"),
        ("is there a grace period?", "is there a grace period?"),
        ("we hope to copy it", "we hope to copy it"),
        # a family name English writes, in lower case, "in" its bed at a clause's start
        ("fitzgerald in bed 6 is MFFD", "[name] in bed 6 is MFFD"),
        ("baker in bed 3, white in side room 2", "[name] in bed 3, [name] in side room 2"),
        ("handover: cook in bay 3 waiting", "handover: [name] in bay 3 waiting"),
        ("the cook in bay 3 was great", "the cook in bay 3 was great"),
        ("delirium in bed 6 was missed", "delirium in bed 6 was missed"),
        ("flu in side room 3 again", "flu in side room 3 again"),
        ("falls in bay 2 went up", "falls in bay 2 went up"),
        ("someone in bed 9 asked", "someone in bed 9 asked"),
        # hyphenated given names with a half on no list
        ("ruby-mae asked about it", "[name] asked about it"),
        ("the ruby-mae referral", "the [name] referral"),
        ("jean-luc is on nights", "[name] is on nights"),
        ("a mark-up on drugs", "a mark-up on drugs"),
        ("the day-case unit and a walk-in centre", "the day-case unit and a walk-in centre"),
        ("hip-hop and tai-chi classes, wi-fi too", "hip-hop and tai-chi classes, wi-fi too"),
        ("the fri-sun rota", "the fri-sun rota"),
        ("our jan-mar figures for the board", "our jan-mar figures for the board"),
        ("Q4 (jan-mar) waiting list data", "Q4 (jan-mar) waiting list data"),
        ("april-june activity fell", "april-june activity fell"),
        ("wendy-may said the rota works", "[name] said the rota works"),
        # places joined by "and", or before what places have
        ("Stanley and Chester-le-Street teams", "Stanley and Chester-le-Street teams"),
        ("Stanley and Consett teams merged", "Stanley and Consett teams merged"),
        ("staff in Clare and Haverhill asked", "staff in Clare and Haverhill asked"),
        ("Leigh, Atherton and Tyldesley share a team", "Leigh, Atherton and Tyldesley share a team"),
        ("how did Healthwatch Calderdale help?", "how did Healthwatch Calderdale help?"),
        ("Marcus, Oluwaseun and Bogdan", "[name], [name] and [name]"),
        ("Priya and Oluwaseun are running it", "[name] and [name] are running it"),
    ],
)
def test_round_10s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("half, least_recall", [(0, 1.0), (1, 29 / 30)])
def test_the_tenth_names_set_is_redacted_at_its_measured_figures(half, least_recall):
    """tests/data/redaction_names10.jsonl at its figures in BENCHMARKS.md (the held-out half, odd rows, scored once
    at the end): no fewer identifiers caught, nothing redacted that is none, every phrase that must stay kept."""
    rows = benchmark.load(benchmark.NAMES10, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) / sum(scored["labelled"].values()) >= least_recall, scored["misses"]
    assert scored["wrong"] == []
    assert [(row["id"], p) for row in rows for p in row["keep"] if p not in redact(row["text"])] == []


MESSAGE = ("handover: siân was asking, has anyone sent chloe the notes? Hope and Precious are covering nights, ring "
           "faith on 07700 900123. fitzgerald in bed 6 is MFFD, ruby-mae asked about the rota. How did Stanley and "
           "Chester-le-Street teams share a hub?")
DETAILS = ("siân", "chloe", "hope and", "precious", "faith", "07700", "fitzgerald", "ruby-mae")


def test_a_ward_messages_round_10_names_reach_no_table_log_or_reply(settings, embedder, caplog):
    stored, log, sent = through_a_direct_message(settings, embedder, caplog, MESSAGE)
    assert "[name]" in stored and "Stanley and Chester-le-Street" in stored  # the places kept
    for where, text in (("state database", stored), ("log", log), ("Slack", sent)):
        lowered = text.lower()
        assert [detail for detail in DETAILS if re.search(rf"\b{re.escape(detail)}\b", lowered)] == [], where  # as words: not in a hex id
