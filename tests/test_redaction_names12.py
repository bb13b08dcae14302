"""Redaction, round 12 (stop 44): the classes round 11 left and round 12's tuning half found, each on examples of its
own through `redact` with look-alikes that must stay: a lower-case given name English never writes after a chat verb,
though a letter from English words ("pinged seyi re", "got funmi to chase", "dm'd tayo about"), and not a misspelt
word that stands there ("told tehm that", "emailed pharamcy about", "email adress for"); the levels of incident
command kept ("ask Silver whether", "Gold on call"); family names that are English words in a list of beds and after
"mr" ("silver in side room 2, gold in bed 10", "mr silver in bay 2"); hyphenated words that describe kept ("ivy-clad",
"holly-green", "jade-coloured"); a ward after "on" ("the sister on Rowan"); a patient's initials in lower case
("patient jb, 83"); a given name before an initial ("Magdalena W."); dates of birth with a two-figure year after a
month's name or year first with dots, NHS numbers with a form's double spaces. The set's halves at their measured figures, and a ward message with the classes through a signed
Slack direct message over HTTP."""

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
        # a lower-case name English never writes, a letter from English words, after a chat verb
        ("pinged kemi re the rota", "pinged [name] re the rota"),
        ("pinged wunmi about the audit", "pinged [name] about the audit"),
        ("told muhamad the bed is free", "told [name] the bed is free"),
        ("whatsapped chidi re the shift", "whatsapped [name] re the shift"),
        ("grabbed tunde after the meeting", "grabbed [name] after the meeting"),
        ("nudged bisi about the audit", "nudged [name] about the audit"),
        ("dm'd tayo about the bank shifts", "dm'd [name] about the bank shifts"),
        ("grabbed femi and dayo after the huddle", "grabbed [name] and [name] after the huddle"),
        ("looped in seyi on the email", "looped in [name] on the email"),
        # and a word that stands there misspelt, ward shorthand or a product
        ("told tehm that the hub moved", "told tehm that the hub moved"),
        ("asked abotu the rota", "asked abotu the rota"),
        ("emailed pharamcy about the TTOs", "emailed pharamcy about the TTOs"),
        ("told evryone that the hub moved", "told evryone that the hub moved"),
        ("email adress for the complaints team", "email adress for the complaints team"),
        ("told earlies that the obs are due", "told earlies that the obs are due"),
        ("got resus to check the trolley", "got resus to check the trolley"),
        ("pinged sharepoint about it", "pinged sharepoint about it"),
        ("asked resp about it", "asked resp about it"),
        # who is got to do something, with "to" and a verb after the name
        ("got rashida to send the notes", "got [name] to send the notes"),
        ("got funmi to chase the TTOs", "got [name] to chase the TTOs"),
        ("can you get yemi to send the rota", "can you get [name] to send the rota"),
        ("How did Devon get buy-in from the board?", "How did Devon get buy-in from the board?"),
        ("got nights to do the obs round", "got nights to do the obs round"),
        ("got the ICB to agree the funding", "got the ICB to agree the funding"),
        ("got them to agree", "got them to agree"),
        ("get clinitians to change", "get clinitians to change"),
        # the levels of incident command, and family names that are the same words
        ("ask Silver whether we declare OPEL 4", "ask Silver whether we declare OPEL 4"),
        ("told Gold that we are at OPEL 4", "told Gold that we are at OPEL 4"),
        ("ask Bronze whether the HALO is back", "ask Bronze whether the HALO is back"),
        ("silver command stood down at 6pm", "silver command stood down at 6pm"),
        ("Gold on-call rang about the surge beds", "Gold on-call rang about the surge beds"),
        ("silver in side room 2, gold in bed 10", "[name] in side room 2, [name] in bed 10"),
        ("board round: gold in bed 7, silver in side room 1", "board round: [name] in bed 7, [name] in side room 1"),
        ("still in bed 3, back in bay 2", "still in bed 3, back in bay 2"),
        ("gold in bed 10", "gold in bed 10"),
        ("mr silver in bay 2 is MFFD", "mr [name] in bay 2 is MFFD"),
        ("mr morphine for the pain", "mr morphine for the pain"),
        ("are ms forms ok for the survey?", "are ms forms ok for the survey?"),
        # hyphenated words that describe, beside hyphenated given names
        ("the ivy-clad building", "the ivy-clad building"),
        ("holly-green scrubs for the theatre team", "holly-green scrubs for the theatre team"),
        ("a jade-coloured bracelet", "a jade-coloured bracelet"),
        ("ivy-clad said it was quiet", "ivy-clad said it was quiet"),
        ("ellie-mai's mum rang the ward", "[name]'s mum rang the ward"),
        ("ruby-mae asked about it", "[name] asked about it"),
        ("ava-belle said yes", "[name] said yes"),
        # a ward named after a tree after "on"; a patient's initials in lower case before their age
        ("the ward sister on Rowan", "the ward sister on Rowan"),
        ("waiting on Priya for the numbers", "waiting on [name] for the numbers"),
        ("patient jb, 83, from Rotherham", "patient [name], 83, from Rotherham"),
        ("pt ok, 83", "pt ok, 83"),
        # a given name before its family name's initial
        ("Magdalena W. from the hub", "[name] from the hub"),
        ("Chinedu E. rang", "[name] rang"),
        ("see Appendix B. The figures", "see Appendix B. The figures"),
        ("Hepatitis B. vaccine", "Hepatitis B. vaccine"),
        # dates of birth and NHS numbers in more forms
        ("d.o.b. 3rd April 51", "d.o.b. [date]"),
        ("born on the 3rd of april 51", "born on [date]"),
        ("DOB: 1951.04.03", "DOB: [date]"),
        ("NHS number: 123  456  7890", "NHS number: [nhs-number]"),
        ("on 3rd April 12 patients were seen", "on [date] 12 patients were seen"),
        ("version 2024.10.1 of the app", "version 2024.10.1 of the app"),
    ],
)
def test_round_12s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("half, least_recall, most_wrong", [(0, 33 / 33, 0), (1, 43 / 51, 2)])
def test_the_twelfth_names_set_is_redacted_at_its_measured_figures(half, least_recall, most_wrong):
    """tests/data/redaction_names12.jsonl at its figures in BENCHMARKS.md (the held-out half, odd rows, written first
    and scored once before and once after): no fewer identifiers caught, no more redacted that are none, every phrase
    that must stay kept."""
    rows = benchmark.load(benchmark.NAMES12, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) / sum(scored["labelled"].values()) >= least_recall, scored["misses"]
    assert len(scored["wrong"]) <= most_wrong, scored["wrong"]
    assert len([p for row in rows for p in row["keep"] if p not in redact(row["text"])]) <= most_wrong


MESSAGE = ("board round: silver in side room 2, gold in bed 10. pinged seyi re the ivy-clad wing, got funmi to chase "
           "the TTOs; ask Silver whether we declare OPEL 4. patient jb, 83, on Rowan.")
DETAILS = ("seyi", "funmi", "jb")


def test_a_ward_messages_round_12_names_reach_no_table_log_or_reply(settings, embedder, caplog):
    stored, log, sent = through_a_direct_message(settings, embedder, caplog, MESSAGE)
    assert "[name] in side room 2, [name] in bed 10" in stored
    assert "ivy-clad" in stored and "ask Silver whether" in stored and "on Rowan" in stored
    for where, text in (("state database", stored), ("log", log), ("Slack", sent)):
        lowered = text.lower()
        assert [detail for detail in DETAILS if re.search(rf"\b{re.escape(detail)}\b", lowered)] == [], where
        assert not re.search(r"\b(?:silver in side|gold in bed)", lowered), where  # as words: not in a hex id
