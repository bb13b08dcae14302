"""Redaction, round 14 (stop 48): the classes tests/data/redaction_round14.jsonl's tuning half found, each through
`redact` with look-alikes that must stay: patients described by their bed or room on a ward or in a named care home,
and by an age pinned to where they lie; vehicle registrations; an outward postcode where someone lives; phones with
a bracketed area code or 00; a name as a link's field; dates of birth in words with a short year; names in another
script after a title or a person's word; a lower-case given name before "from <department>", about a patient or a
colleague alike; "Staffside" at a sentence's start is no name. Then the set at its measured figures, and over HTTP:
a described patient's question stored and digested redacted, and a "Staffside says" question quoted whole."""

from __future__ import annotations

import pytest
from redaction_helpers import benchmark, mentioned_and_digested, publish_corpus_names

from bot.redact import find, redact


@pytest.fixture(autouse=True)
def published():
    publish_corpus_names()


@pytest.mark.parametrize(
    "text, expected",
    [
        # a described patient's bed or room on a ward or in a named home; the ward and the home stay
        ("the lady in bed 4 on ward 12 keeps falling", "the lady in [location] on ward 12 keeps falling"),
        ("the gentleman in bay 2 bed 5 on AMU is stuck", "the gentleman in [location] on AMU is stuck"),
        ("our patient in side room 3 on the stroke ward", "our patient in [location] on the stroke ward"),
        ("room 3 at Rosewood care home has had four falls", "[location] at Rosewood care home has had four falls"),
        ("the resident in room 14 at Oak Lodge nursing home", "the resident in [location] at Oak Lodge nursing home"),
        ("we closed bed 4 and bay 2 on ward 6 for IPC", "we closed bed 4 and bay 2 on ward 6 for IPC"),
        ("the lad in bed 3 is medically fit", "the lad in bed 3 is medically fit"),  # no ward: one bed 3 a ward
        ("the lady in bed 4 at night is restless", "the lady in bed 4 at night is restless"),
        ("the patient in bay 2, mrs okonkwo, waited", "the patient in bay 2, mrs [name], waited"),  # named: the name goes
        ("The care home in Skipton has 40 rooms", "The care home in Skipton has 40 rooms"),
        ("Room 101 on the estates list", "Room 101 on the estates list"),
        # an age pinned to where the patient lies; an age alone or a standard stays
        ("the 17-year-old on Ward 7 with anorexia", "the [age]-year-old on Ward 7 with anorexia"),
        ("the 24 year old in side room 1", "the [age] year old in side room 1"),
        ("The over-65s on ward 3 do better", "The over-65s on ward 3 do better"),
        ("a 45-year-old man with chest pain", "a 45-year-old man with chest pain"),
        ("the 18-week RTT standard on ward 3", "the 18-week RTT standard on ward 3"),
        # vehicle registrations after a car, a van, a plate or a registration; the same shape alone is a financial year's
        ("the patient's car AB12 CDE is in the car park", "the patient's car [registration] is in the car park"),
        ("his car reg is yk19 xzt, can security move it?", "his car reg is [registration], can security move it?"),
        ("blue badge car reg P123 ABC", "blue badge car reg [registration]"),
        ("GP12 and CQC ratings", "GP12 and CQC ratings"),
        ("our FY25 CIP target is 4%", "our FY25 CIP target is 4%"),
        ("her car is parked in bay 12c", "her car is parked in bay 12c"),
        ("the van ABC 123D is his", "the van [registration] is his"),
        ("the ab12 cde code", "the ab12 cde code"),
        # an outward postcode where someone lives, from the UK's postcode areas
        ("she lives in ls6 and can't get to the hub", "she lives in [postcode] and can't get to the hub"),
        ("the patient is from BD7", "the patient is from [postcode]"),
        ("she moved to S10 last year", "she moved to [postcode] last year"),
        ("we moved to W10 laptops", "we moved to W10 laptops"),
        ("B12 deficiency clinics", "B12 deficiency clinics"),
        ("data from M62 corridor trusts", "data from M62 corridor trusts"),
        ("lives in Leeds", "lives in Leeds"),
        # phones with a bracketed area code after a country code, or 00 for the +
        ("son's number is +1 (415) 555-0132", "son's number is [phone]"),
        ("call 0044 7700 900123 for his wife", "call [phone] for his wife"),
        ("The 2023/24 plan asked for 76% in 4 hours", "The 2023/24 plan asked for 76% in 4 hours"),
        # a name as a link's field; a link with none stays
        ("see https://portal.example/p?nhs=4010232138&name=bankole", "see https://portal.example/p?nhs=[nhs-number]&name=[name]"),
        ("https://ehr.example/find?surname=Okafor&ward=7", "https://ehr.example/find?surname=[name]&ward=7"),
        ("See https://www.england.nhs.uk/urgent-emergency-care/ for it", "See https://www.england.nhs.uk/urgent-emergency-care/ for it"),
        # dates of birth in words with a short year: two words anywhere, one after a birth's label
        ("born twelfth march forty one, she keeps missing clinic", "born [date], she keeps missing clinic"),
        ("dob first of june thirty eight", "dob [date]"),
        ("her date of birth is the second of january fifty", "her date of birth is [date]"),
        ("the first of May twenty people came", "[date] twenty people came"),  # a date, its count stays
        ("the first March forty patients", "the first March forty patients"),
        # names in another script after a title, a person's or a relative's word; elsewhere they stay
        ("the daughter of Mr 王伟 wants the letter", "the daughter of Mr [name] wants the letter"),
        ("patient Μαρία Παπαδοπούλου on ward 9", "patient [name] on ward 9"),
        ("her son Олег rang", "her son [name] rang"),
        ("the Urdu leaflet 'صحت' is out of date", "the Urdu leaflet 'صحت' is out of date"),
        # a lower-case given name before the department its owner is from, patient or colleague alike
        ("mark from IT was admitted to ward 4", "[name] from IT was admitted to ward 4"),
        ("mark from IT says the go-live slipped", "[name] from IT says the go-live slipped"),
        ("will from estates is a patient on our stroke unit", "[name] from estates is a patient on our stroke unit"),
        ("nkechi from the ward rang about her mum", "[name] from the ward rang about her mum"),
        ("mark the minutes from the ICB board", "mark the minutes from the ICB board"),
        ("help from IT would speed it up", "help from IT would speed it up"),
        ("we got a bill from finance", "we got a bill from finance"),
        ("there is no hope from IT", "there is no hope from IT"),
        ("data from pharmacy shows antibiotic use fell", "data from pharmacy shows antibiotic use fell"),
        # given names of the UK's communities that Faker's lists lack, in lower case
        ("olu bankole on ward 3 needs a package of care", "[name] on ward 3 needs a package of care"),
        ("ask funmi about the rota", "ask [name] about the rota"),
        ("kasia wants the figures", "[name] wants the figures"),
        # a 10-digit number after "pt" or "his number" whose check digit fails; a count stays
        ("pt 9434 765 918 was referred twice", "pt [nhs-number] was referred twice"),
        ("his number 943 476 591 8 is on the referral", "his number [nhs-number] is on the referral"),
        ("we saw 1234 567 890 patients", "we saw 1234 567 890 patients"),
        # letters typed for digits: O for 0, l for 1 (Cyrillic О folded first)
        ("call О7700 9ОО123 about it", "call [phone] about it"),
        ("NHS number 943 476 59l9", "NHS number [nhs-number]"),
        ("O2 and 1OO% of staff", "O2 and 1OO% of staff"),
        # an email handle with an underscore or letters and digits before a written-out " at "
        ("email from bankole_olu_52 at yahoo dot co dot uk", "email from [email]"),
        ("okafor1941 at gmail dot com", "[email]"),
        ("meet me at nhs.net", "meet me at nhs.net"),
        # a group's word at a sentence's start is no name; a family name there still is
        ("Staffside says the consultation is too short", "Staffside says the consultation is too short"),
        ("Workstream leads say the data is late", "Workstream leads say the data is late"),
        ("Lightfoot said the rota is done", "[name] said the rota is done"),
        ("Staffside said yes, but Tunde from HR said no", "Staffside said yes, but [name] from HR said no"),
    ],
)
def test_round_14s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("half, least_caught, most_wrong", [(0, 45, 0), (1, 41, 0)])
def test_the_round_14_set_is_redacted_at_its_measured_figures(half, least_caught, most_wrong):
    """tests/data/redaction_round14.jsonl at its figures in BENCHMARKS.md (the odd rows, never tuned on): no fewer
    identifiers caught, no more redacted that are none, every phrase that must stay kept (the controls among them)."""
    rows = benchmark.load(benchmark.ROUND14, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) >= least_caught, scored["misses"]
    assert len(scored["wrong"]) <= most_wrong, scored["wrong"]
    assert [(row["id"], phrase) for row in rows for phrase in row["keep"] if phrase not in redact(row["text"])] == []


DESCRIBED = "the lady in bed 4 on ward 12, car AB12 CDE, lives in ls6: how did the trusts set up a committee in common?"
STAFFSIDE = "Staffside says how did the trusts set up a committee in common?"  # a group, kept and quoted
DIGESTED_STAFFSIDE = STAFFSIDE.replace("Staffside", "Staff side")  # the digest quotes questions spelling-corrected
DETAILS = ("bed 4", "AB12 CDE", "ls6")


def test_a_described_patients_question_is_stored_and_digested_redacted_and_staffside_is_quoted_whole(
        settings, embedder, monkeypatch, capsys, caplog):
    """Over HTTP: two signed Slack mentions in a public channel. The described patient's bed, plate and district
    reach neither the stored record, nor the log, nor the reply, nor the digest, which counts that question and
    quotes none of it; the "Staffside says" question is stored and quoted in the digest as typed."""
    digested = mentioned_and_digested(settings, embedder, monkeypatch, caplog, capsys, (DESCRIBED, STAFFSIDE))
    assert "the lady in [location] on ward 12, car [registration], lives in [postcode]:" in digested.stored  # redacted
    assert STAFFSIDE in digested.stored
    # the reply's notice names the new kinds, never the details
    assert "(a postcode, a vehicle registration and a bed or room)" in digested.sent
    # quoted whole, as the digest quotes every example question: read through the speller ("Staff side")
    assert digested.digest["questions"]["count"] == 2 and digested.digest["questions"]["examples"] == [DIGESTED_STAFFSIDE]
    assert DIGESTED_STAFFSIDE in digested.preview
    assert digested.leaked(DETAILS) == {}


def test_a_run_longer_than_any_word_is_neither_split_nor_edited():
    """A run of letters longer than any English word is no compound of two and no word misspelt, so neither is tried
    (each cost the run's length squared: "?name=" and 40,000 letters took 3 s); its name field still goes."""
    from bot.redact.name_lists import LONGEST_WORD, closed_compound, misspelt

    long_run = "staffside" * (LONGEST_WORD // 9 + 1)
    assert not closed_compound(long_run) and not misspelt(long_run + "x", {long_run})
    assert closed_compound("staffside") and misspelt("staffsid", {"staffside"})
    assert redact("?name=" + "a" * 40_000) == "?name=[name]"
