"""Redaction, round 9 (stop 42): the classes `redaction_names9.jsonl`'s tuning half found missing, each on
examples of its own through `redact` with look-alikes that must stay: a given name, also a short form or an
English word, as the subject of what someone says ("jess said", "May rang"), as whom a message is for ("ask
jess whether …") or who is to do something ("can Hope join"); a title in lower case before a capitalised name
("mrs Fairweather"); a surname in lower case or before "in" its bed ("mcgregor in bed 11", "baz (bed 2)") or its
identifier ("mcgregor's dob"); capitalised hyphenated given names ("Wendy-May"); and places that look like
names ("Hebden Bridge", "in Beverley", "King's Lynn", "Barry and Bridgend"). The set's halves at their measured
figures, and a ward message with them through a signed Slack direct message over HTTP."""

from __future__ import annotations

import pytest
from redaction_helpers import benchmark, publish_corpus_names, through_a_direct_message

from bot.redact import find, redact


@pytest.fixture(autouse=True)
def published():
    publish_corpus_names()


@pytest.mark.parametrize(
    "text, expected",
    [
        # the subject of what someone says or wants: a given name, a short form or an English word, any case
        ("kayleigh said the hub works", "[name] said the hub works"),
        ("becky reckoned it would not scale", "[name] reckoned it would not scale"),
        ("as nat said, the rota is full", "as [name] said, the rota is full"),
        ("Grace said yes to the pilot", "[name] said yes to the pilot"),
        ("Favour wants the slides", "[name] wants the slides"),
        ("gift asked about it", "[name] asked about it"),
        ("the gift said it all", "the gift said it all"),
        ("June rang about the rota", "[name] rang about the rota"),
        ("Shauna (ward clerk) asked for it", "[name] (ward clerk) asked for it"),
        ("tom at Harrogate said no", "[name] at Harrogate said no"),
        ("Blessing from ward 9 asked", "[name] from ward 9 asked"),
        ("pete from the flow team says no", "[name] from the flow team says no"),
        ("nobody from the flow team said", "nobody from the flow team said"),
        ("the guidance said one contract", "the guidance said one contract"),
        ("everyone said it helped", "everyone said it helped"),
        ("a man said he waited", "a man said he waited"),
        ("the ICB said no", "the ICB said no"),
        ("pharmacy said no", "pharmacy said no"),
        ("in June the board said yes", "in June the board said yes"),
        ("cathy said collaboratives work", "cathy said collaboratives work"),  # a published leader
        # whom a message is for
        ("can you ask becky whether it worked", "can you ask [name] whether it worked"),
        ("tell anjali the slides are here", "tell [name] the slides are here"),
        ("spoke with kerry yesterday", "spoke with [name] yesterday"),
        ("ask Comfort at Airedale", "ask [name] at Airedale"),
        ("ask pharmacy about it", "ask pharmacy about it"),
        ("tell estates the plan", "tell estates the plan"),
        ("ask frank questions", "ask frank questions"),
        ("ask them about it", "ask them about it"),
        ("chase Datix about the report", "chase Datix about the report"),
        ("ask the ICB whether", "ask the ICB whether"),
        # who is to do something
        ("can Joy join the call?", "can [name] join the call?"),
        ("has kirsten seen it?", "has [name] seen it?"),
        ("can hope help?", "can hope help?"),
        ("has mark seen it?", "has mark seen it?"),
        ("How did Healthwatch review it?", "How did Healthwatch review it?"),
        ("does NLFT cover it?", "does NLFT cover it?"),
        ("Ask peerbot", "Ask peerbot"),
        ("does nlft cover it?", "does nlft cover it?"),
        ("will Salisbury share it?", "will Salisbury share it?"),
        # a title in lower case before a capitalised name
        ("mrs Lovegrove in bay 2 wants to go home", "mrs [name] in bay 2 wants to go home"),
        ("mr and mrs Appleyard both on AMU", "mr and mrs [name] both on AMU"),
        ("ms Teams keeps crashing", "ms Teams keeps crashing"),
        ("the ms Fatigue clinic", "the ms Fatigue clinic"),
        ("mr Scanner down again", "mr Scanner down again"),
        # a surname before its bed or its identifier, in lower case or before "in"
        ("duffy in bed 3 is MFFD", "[name] in bed 3 is MFFD"),
        ("dazza (bay 1) wants a smoke", "[name] (bay 1) wants a smoke"),
        ("Hennessy in bed 7 and Quinn in bed 8", "[name] in bed 7 and [name] in bed 8"),
        ("mcbride's dob is on the form", "[name]'s dob is on the form"),
        ("anyone in bed 4 needing obs?", "anyone in bed 4 needing obs?"),
        ("noro in bay 3 again", "noro in bay 3 again"),
        ("mrsa in side room 1", "mrsa in side room 1"),
        ("uti in bed 2, aki in bed 5", "uti in bed 2, aki in bed 5"),
        ("the gent in bed 5 fell", "the gent in bed 5 fell"),
        ("sepsis in bed 2 was missed", "sepsis in bed 2 was missed"),
        ("Escalation in bay 6 is open", "Escalation in bay 6 is open"),
        ("the patient's dob is missing", "the patient's dob is missing"),
        # hyphenated given names, capitalised or possessive
        ("Ruby-May asked about it", "[name] asked about it"),
        ("Anne-Louise from the hub", "[name] from the hub"),
        ("sarah-jane's dad rang", "[name]'s dad rang"),
        ("Stoke-on-Trent and Chester-le-Street", "Stoke-on-Trent and Chester-le-Street"),
        # places that look like names
        ("from Pateley Bridge and Wood Green", "from Pateley Bridge and Wood Green"),
        ("the team in Shirley", "the team in Shirley"),
        ("our clinic at Leigh", "our clinic at Leigh"),
        ("King's Lynn teams", "King's Lynn teams"),
        ("Stanley and Bridlington merged", "Stanley and Bridlington merged"),
        ("Marcus, Oluwaseun and Bogdan", "[name], [name] and [name]"),
        ("Tom Bridge in bay 2", "[name] in bay 2"),
    ],
)
def test_round_9s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("half, least_recall, lost", [(0, 1.0, []), (1, 1.0, [])])
def test_the_ninth_names_set_is_redacted_at_its_measured_figures(half, least_recall, lost):
    """tests/data/redaction_names9.jsonl (stop 42) at its figures in BENCHMARKS.md: no fewer identifiers caught, and
    nothing redacted that is none; the held-out half (scored once, at round 9's end: 28/36, "Stanley" of "Stanley
    and Chester-le-Street" redacted) at 36/36 with nothing wrong since round 10 fixed its misses' classes."""
    rows = benchmark.load(benchmark.NAMES9, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) / sum(scored["labelled"].values()) >= least_recall, scored["misses"]
    assert [wrong[0] for wrong in scored["wrong"]] == [row_id for row_id, _ in lost]
    assert [(row["id"], p) for row in rows for p in row["keep"] if p not in redact(row["text"])] == lost


MESSAGE = ("handover: kayleigh said mrs Lovegrove in bay 2 wants to go home; duffy in bed 3 is MFFD and "
           "mcbride's dob is wrong on the form. Ruby-May (HCA) asked, can you ask becky whether the hub in Beverley "
           "took the referral? How did the trusts in Hebden Bridge set up a committee in common?")
DETAILS = ("kayleigh", "lovegrove", "duffy", "mcbride", "ruby-may", "becky")


def test_a_ward_messages_round_9_names_reach_no_table_log_or_reply(settings, embedder, caplog):
    stored, log, sent = through_a_direct_message(settings, embedder, caplog, MESSAGE)
    assert "[name]" in stored and "Hebden Bridge" in stored and "in Beverley" in stored  # the places kept
    for where, text in (("state database", stored), ("log", log), ("Slack", sent)):
        lowered = text.lower()
        assert [detail for detail in DETAILS if detail in lowered] == [], where
