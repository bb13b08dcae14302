"""Redaction, round 16 (stop 52): the classes tests/data/redaction_round16.jsonl's tuning half found, each through
`redact` with look-alikes that must stay: a family name in capitals before a given name ("LI Wei"); a given name that
is a word (a month, "Bill") before a family name; an initial before a lower-case family name; nicknames in quotes;
flats, homes on a named street, care homes lived in and children's schools; bracketed country codes; hyphenated
postcodes; NHS numbers in words; handles in profile links; Slack mention labels and Teams' HTML. Then the set at its
measured figures, and over HTTP: such a patient's question stored and digested redacted, and one of words that look
like names and identifiers quoted whole."""

from __future__ import annotations

import dataclasses
import json

import pytest
from redaction_helpers import benchmark, mentioned_and_digested, publish_corpus_names
from state_rows import rows
from teams_doubles import converse, message

from bot.redact import find, redact
from bot.redact.unmarked import unmarked
from bot.service import Peerbot
from bot.state import StateStore


@pytest.fixture(autouse=True)
def published():
    publish_corpus_names()


@pytest.mark.parametrize(
    "text, expected",
    [
        # a family name in capitals, then a given name English seldom writes or a pinyin syllable; acronyms stay
        ("LI Wei on ward 7 needs an interpreter", "[name] on ward 7 needs an interpreter"),
        ("the bed list says WU Jun in bay 4", "the bed list says [name] in bay 4"),
        ("the ED Team and the UTC Lead met the ICB Board", "the ED Team and the UTC Lead met the ICB Board"),
        ("LI and WU are on the list", "LI and WU are on the list"),
        ("NGUYEN Thi Lan was discharged", "[name] was discharged"),  # a Vietnamese family name, a middle name, a given name
        ("Nguyen Van An was admitted", "[name] was admitted"),  # its given name a word ("An")
        ("An Nguyen rang, Tran An said", "An Nguyen rang, Tran An said"),
        ("DO Not Resuscitate and NHS Van Fleet", "DO Not Resuscitate and NHS Van Fleet"),
        # a month before a family name English seldom writes; a month's date and "May Day" stay
        ("May Robinson was readmitted on Friday", "[name] was readmitted on Friday"),
        ("June Smith rang the ward", "[name] rang the ward"),
        ("May Day bank holiday cover", "May Day bank holiday cover"),
        ("in May Hughes said no", "in May Hughes said no"),
        ("April Fools and the August Bank Holiday rota", "April Fools and the August Bank Holiday rota"),
        # a place that is a family name after a given name, before what a person does; the place alone stays
        ("Bill Kent says nothing about his pain", "[name] says nothing about his pain"),
        ("Kent says nothing about the deficit", "Kent says nothing about the deficit"),
        ("Will Kent and Medway agree?", "Will Kent and Medway agree?"),
        ("bill the ICB for the beds in May", "bill the ICB for the beds in May"),
        # "mx" typed in lower case, with or without its full stop, before a name; "mx" as a word stays
        ("mx. taylor fell and mx okafor rang", "mx. [name] fell and mx [name] rang"),
        ("the mx option on the form", "the mx option on the form"),
        # names listed after patients; after one patient, only the first
        ("pts Okafor and Nowak both waited", "pts [name] and [name] both waited"),
        ("residents Hughes, Bell and Price fell", "residents [name], [name] and [name] fell"),
        ("patient Smith and Jones Ltd", "patient [name] and Jones Ltd"),
        ("our patients and carers", "our patients and carers"),
        # an initial without its full stop before a lower-case family name; a lettered thing stays
        ("j smith was readmitted on Monday", "[name] was readmitted on Monday"),
        ("r jones wants his notes", "[name] wants his notes"),
        ("vitamin d levels and c diff rates", "vitamin d levels and c diff rates"),
        ("plan b hall bookings and a hall", "plan b hall bookings and a hall"),
        ("t cells and b cell counts", "t cells and b cell counts"),
        # nicknames in quotes, between names or after what a person is called; a quoted programme stays
        ('Robert "Bobby" Moore is in bay 3', "[name] is in bay 3"),
        ('the patient known as "Smudge" refuses bloods', 'the patient known as "[name]" refuses bloods'),
        ("he goes by 'Tiny' on the ward", "he goes by '[name]' on the ward"),
        ('the "Home First" programme, known as "HF"', 'the "Home First" programme, known as "HF"'),
        ("Thomas 'Tommy' Shelby is in bay 2", "[name] is in bay 2"),  # a short form of the given name between
        # a flat, a home on a named street; a flat rate and a street's health centre stay
        ("he is in flat 3b on the estate", "he is in [address] on the estate"),
        ("she lives in flat 12, Priory Court", "she lives in [address]"),
        ("the man in the house on Mill Lane", "the man in the [address]"),
        ("a flat 5% cut and costs flat 3 months running", "a flat 5% cut and costs flat 3 months running"),
        ("sickness stayed flat at 4% and the rate is flat 3 years in", "sickness stayed flat at 4% and the rate is flat 3 years in"),
        ("the Mill Lane health centre", "the Mill Lane health centre"),
        # a care home someone lives in, a child's school; a network and a service stay
        ("she lives at Beech House care home", "she lives at [location] care home"),
        ("her son goes to Hillside Primary School", "her son goes to [location]"),
        ("Hillside Primary Care Network and the school nursing service", "Hillside Primary Care Network and the school nursing service"),
        ("care homes in Leeds", "care homes in Leeds"),
        ("she attends Park View Academy", "she attends [location]"),
        ("he is at Leeds College of Music for a talk", "he is at Leeds College of Music for a talk"),
        ("she is at the NHS Leadership Academy this week", "she is at the NHS Leadership Academy this week"),
        ("her daughter attends Park View Academy", "her daughter attends [location]"),
        ("discharged to Oak Lodge nursing home", "discharged to [location] nursing home"),
        # a bracketed country code; a hyphen between a postcode's halves; a financial year stays
        ("daughter's number (+44) 7700 900123", "daughter's number [phone]"),
        ("lives at LS6-2AB", "lives at [postcode]"),
        ("ls 6 2ab on the letter", "[postcode] on the letter"),  # a space inside the outward code
        ("at 6 2nd floor, on ward 6 2nd bay", "at 6 2nd floor, on ward 6 2nd bay"),
        ("the 2023-24 plan and (+44) codes", "the 2023-24 plan and (+44) codes"),
        # ten or more digits in words; a count in words stays
        ("nhs number nine four three four seven six five nine one nine on the form", "nhs number [nhs-number] on the form"),
        ("one two three four five six seven eight nine ten", "one two three four five six seven eight nine ten"),
        # a handle in a profile's link; an organisation's stays
        ("her facebook is facebook.com/sally.jones.1950", "her facebook is facebook.com/[name]"),
        ("instagram.com/mandy_k77 is hers", "instagram.com/[name] is hers"),
        ("follow x.com/NHSEngland and facebook.com/LeedsHospitals", "follow x.com/NHSEngland and facebook.com/LeedsHospitals"),
        # a Slack mention's label read as words; a channel's label stays
        ("<@U024BE7LH|mrs.patel> rang the ward", "<@U024BE7LH|mrs.[name]> rang the ward"),
        ("see <#C0456DEF|mdt-9434765919> for the plan", "see <#C0456DEF|mdt-[nhs-number]> for the plan"),
        ("<#C024BE7LR|general> and <@U024BE7LH> have the rota", "<#C024BE7LR|general> and <@U024BE7LH> have the rota"),
        # Teams' HTML read as what it shows; markup around no identifier stays
        ("<at>Peerbot</at> Mrs&nbsp;Patel fell again", "<at>Peerbot</at> Mrs&nbsp;[name] fell again"),
        ("call&nbsp;07700&nbsp;900123 about her", "call&nbsp;[phone] about her"),
        ("NHS number<br>943 476 5919 is wrong", "NHS number<br>[nhs-number] is wrong"),
        ("<p>Building trust</p><br>and&nbsp;shared purpose", "<p>Building trust</p><br>and&nbsp;shared purpose"),
    ],
)
def test_round_16s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected


def test_html_and_words_read_map_back_to_where_they_were_typed():
    """A tag reads as one space (a block's as a line break), an entity as what it shows, a digit in words as the digit:
    each character read knows where it was typed, and a span ends where its last word ends."""
    read, at = unmarked("<b>Jo</b>&nbsp;x<br>")
    assert read == " Jo  x\n"
    assert [at[i] for i in range(len(read))] == [0, 3, 4, 5, 9, 15, 16]
    read, at = unmarked("nine four three four seven six five nine one nine.")
    assert read == "9434765919."
    assert find("nhs nine four three four seven six five nine one nine.") == [("nhs-number", 4, 53)]


@pytest.mark.parametrize("half, least_caught, most_wrong", [(0, 46, 0), (1, 40, 0)])
def test_the_round_16_set_is_redacted_at_its_measured_figures(half, least_caught, most_wrong):
    """tests/data/redaction_round16.jsonl at its figures in BENCHMARKS.md (the odd rows, never tuned on): no fewer
    identifiers caught, no more redacted that are none, every control left as typed."""
    rows = benchmark.load(benchmark.ROUND16, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) >= least_caught, scored["misses"]
    assert len(scored["wrong"]) <= most_wrong, scored["wrong"]
    assert [row["id"] for row in rows if not row["identifiers"] and redact(row["text"]) != row["text"]] == []


def test_the_round_16_tuning_half_keeps_every_phrase_that_must_stay():
    rows = benchmark.load(benchmark.ROUND16, 0)
    assert [(row["id"], phrase) for row in rows for phrase in row["keep"] if phrase not in redact(row["text"])] == []


PATIENT = ("pt LI Wei, DOB 3/5/50, in flat 3b, son on +353 87 123 4567, facebook.com/sally.jones.1950: "
           "how did the trusts set up a committee in common?")
WORDS = "Kent says nothing: how did the trusts set up a committee in common by May, as Faith and Hope groups asked?"
DETAILS = ("LI Wei", "3/5/50", "flat 3b", "123 4567", "sally.jones")


def test_a_patients_question_is_stored_and_digested_redacted_and_words_like_names_are_quoted_whole(
        settings, embedder, monkeypatch, capsys, caplog):
    """Over HTTP: two signed Slack mentions in a public channel. The patient's name surname first, short date of birth,
    flat, relative's international phone and profile link reach neither the stored record, nor the log, nor the reply,
    nor the digest, which counts that question and quotes none of it; the question of a place and words that look
    like names is stored and quoted as typed."""
    digested = mentioned_and_digested(settings, embedder, monkeypatch, caplog, capsys, (PATIENT, WORDS))
    assert "pt [name], DOB [date], in [address], son on [phone], facebook.com/[name]:" in digested.stored
    assert WORDS in digested.stored
    assert digested.digest["questions"]["count"] == 2 and digested.digest["questions"]["examples"] == [WORDS]
    assert WORDS in " ".join(digested.preview.split())
    assert digested.leaked(DETAILS) == {}


PASTED = ("<p>pt&nbsp;LI&nbsp;Wei, DOB&nbsp;3/5/50,<br>in flat&nbsp;3b, <b>Mrs&nbsp;Okafor</b>'s son on (+44)&nbsp;7700&nbsp;900123</p>"
          "<p>How did trusts set up a committee in common?</p>")


def test_a_question_pasted_into_teams_with_html_is_stored_redacted(answerer, tmp_path, settings):
    """Over HTTP to /api/messages: a question pasted with Teams' HTML (no-break spaces inside the name and the phone, a
    line break, bold) is answered and stored with each identifier as its placeholder, none of them in the reply."""
    state = StateStore(tmp_path / "state.db")
    results, double = converse(Peerbot(answerer.corpus, state), dataclasses.replace(settings, teams_allow_anonymous=True),
                               lambda url: message(url, PASTED))
    assert [status for status, _ in results] == [202]
    [row] = rows(state, "questions")
    assert row["question"].startswith("pt [name], DOB [date], in [address], Mrs [name]'s son on [phone] How did")
    sent = json.dumps([post.activity for post in double.posts], ensure_ascii=False)
    assert [detail for detail in ("Wei", "3/5/50", "3b", "Okafor", "900123") if detail in row["question"] + sent] == []
