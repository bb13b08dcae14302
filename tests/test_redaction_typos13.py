"""Redaction, round 13 (stop 46): the classes tests/data/redaction_typos13.jsonl's tuning half and probes of my own
found, each through `redact` with look-alikes that must stay: two common English words run together are no name
("staffside says"); a name in brackets after whom it names ("his wife (Funke)", "a carer (joan)"; not "the patient
(elderly, frail)", "(NELFT)"); an age over 89 set off just after a name ("Mrs O'Brian, 91,"; not "Ward 7, 91 beds")."""

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
        # two common English words run together are a group's or a thing's, not a name
        ("staffside says the consultation is short", "staffside says the consultation is short"),
        ("as staffside said", "as staffside said"),
        ("teamlead says the rota is done", "teamlead says the rota is done"),
        ("told staffside that the rota changed", "told staffside that the rota changed"),
        ("workstream wants the figures", "workstream wants the figures"),
        ("Lightfoot said the rota is done", "[name] said the rota is done"),  # capitalised, a family name
        ("Hassan says the rota is done", "[name] says the rota is done"),
        ("connor says the rota is done", "[name] says the rota is done"),
        # a name in brackets after whom it names
        ("his daughter (shivorn) says", "his daughter ([name]) says"),
        ("my mum (Brenda) was in A&E", "my mum ([name]) was in A&E"),
        ("the carer (Precious) said", "the carer ([name]) said"),
        ("Mr. Adebayo's wife (Funke) wants to complain", "Mr. [name]'s wife ([name]) wants to complain"),
        ("the consultant (Dr Okafor) said", "the consultant (Dr [name]) said"),
        ("our lead (Band 8a) says", "our lead (Band 8a) says"),
        ("the patient (elderly, frail) was", "the patient (elderly, frail) was"),
        ("the patient (eldery) was", "the patient (eldery) was"),
        ("the trust (NELFT) said", "the trust (NELFT) said"),
        ("our lead nurse (RN) says", "our lead nurse (RN) says"),
        ("my manager (Kent) said", "my manager (Kent) said"),
        ("the chair (Cathy Elliott) said", "the chair (Cathy Elliott) said"),
        ("her son (aged 40) said", "her son (aged 40) said"),
        ("the GP (practice) said", "the GP (practice) said"),
        # an age over 89 set off by commas or brackets just after a name
        ("mrs o'brian, 91, keeps being readmitted", "mrs [name], [age], keeps being readmitted"),
        ("Mrs Ferreira-Lopes, 99, fell", "Mrs [name], [age], fell"),
        ("Mr Okafor (96) on ward 7", "Mr [name] ([age]) on ward 7"),
        ("Mrs Jones, 93.", "Mrs [name], [age]."),
        ("mrs khan, 87, fell", "mrs [name], 87, fell"),
        ("Ward 7, 91 beds", "Ward 7, 91 beds"),
        ("Mrs Jones, 93 beds on her ward", "Mrs [name], 93 beds on her ward"),
        # a name after a title written out or misspelt; a published leader's kept
        ("docter Williams rang about the rota", "docter [name] rang about the rota"),
        ("Doctor Williams rang", "Doctor [name] rang"),
        ("Dcotor Sarah Khan said", "Dcotor [name] said"),
        ("profesor hughes said", "profesor [name] said"),
        ("Proffesor Okafor wants the slides", "Proffesor [name] wants the slides"),
        ("misss patel rang", "misss [name] rang"),
        ("Mrss Jones's son rang", "Mrss [name]'s son rang"),
        ("Docter Nick Jackson said", "Docter Nick Jackson said"),
        ("Profesor Siobhan Melia said", "Profesor Siobhan Melia said"),
        ("Doctor Who is on tonight", "Doctor Who is on tonight"),
        ("the Docter said no", "the Docter said no"),
        ("docter said no", "docter said no"),
        ("told tunde. docter Williams says no", "told [name]. docter [name] says no"),
        ("mass casualty exercise", "mass casualty exercise"),
        ("a docter in ED said", "a docter in ED said"),
        # an email address written out, a hospital number in groups, an age over 89 in words or in brackets
        ("email me at jo.bloggs [at] nhs.net", "email me at [email]"),
        ("send to priya dot shah at nhs dot net", "send to [email]"),
        ("jo.bloggs(at)nhs.net has the slides", "[email] has the slides"),
        ("jo_bloggs @ nhs.net", "[email]"),
        ("look at nhs.net for it", "look at nhs.net for it"),
        ("see the guidance at england.nhs.uk", "see the guidance at england.nhs.uk"),
        ("e.g. at nhs.net", "e.g. at nhs.net"),
        ("hospital no RXF 045 6123", "hospital no [record-number]"),
        ("unit no. 0012 3456 was", "unit no. [record-number] was"),
        ("MRN 1234567 2 weeks ago", "MRN [record-number] 2 weeks ago"),
        ("pt (98) on AMU", "pt ([age]) on AMU"),
        ("aged ninety four", "aged [age]"),
        ("a ninety-four year old", "a [age] year old"),
        ("she is ninety six and", "she is [age] and"),
        ("aged 90 days", "aged 90 days"),
        ("ninety minutes", "ninety minutes"),
        ("a hundred and five beds", "a hundred and five beds"),
        ("born in nineteen thirty eight", "born in [date]"),
        ("dob the fourth of may nineteen thirty eight, lives alone", "dob [date], lives alone"),
        ("the board meeting on the fourth of May", "the board meeting on the fourth of May"),
        ("the first May bank holiday", "the first May bank holiday"),
        # names after "cc:" and "@", chat handles made of names, a surname after a bed and a comma
        ("Cc: kemi, tunde", "Cc: [name], [name]"),
        ("cc: Priya Shah, Olu Bankole. How do we build trust?", "cc: [name], [name]. How do we build trust?"),
        ("cc @sunita and @gareth: how", "cc @[name] and @[name]: how"),
        ("cc: the ICB", "cc: the ICB"),
        ("cc: estates", "cc: estates"),
        ("fyi: the rota", "fyi: the rota"),
        ("cc @here", "cc @here"),
        ("fyi @sarah.jones can you", "fyi @[name] can you"),
        ("cc @priya_shah", "cc @[name]"),
        ("@nhs.england posted it", "@nhs.england posted it"),
        ("@estates.team", "@estates.team"),
        ("@cathy.elliott said", "@cathy.elliott said"),
        ("jo.bloggs@nhs.net", "[email]"),
        ("bed 4, Okafor, 96, septic", "bed 4, [name], [age], septic"),
        ("bed 4, Monday night", "bed 4, Monday night"),
        ("bay 2, Leeds General", "bay 2, Leeds General"),
        # a lower-case name after a role or an office, and a family name after a lower-case title
        ("my PA jenny will send the slides", "my PA [name] will send the slides"),
        ("the matron, claire, said", "the matron, [name], said"),
        ("HCA jodie said", "HCA [name] said"),
        ("nurse okafor rang", "nurse [name] rang"),
        ("heard from dr singh that", "heard from dr [name] that"),
        ("sister ward 7 is full", "sister ward 7 is full"),
        ("my deputy said yes", "my deputy said yes"),
        ("our lead nurse is off", "our lead nurse is off"),
        ("the nurse, rota, said", "the nurse, rota, said"),
        ("nurse practitioner led clinics", "nurse practitioner led clinics"),
        ("HCA support on nights", "HCA support on nights"),
        # whose words are passed on, whom credit goes to, whom one met
        ("according to Femi in BI", "according to [name] in BI"),
        ("as per priya in finance", "as per [name] in finance"),
        ("shout out to Jas and Sukhi", "shout out to [name] and [name]"),
        ("kudos to kemi for the rota", "kudos to [name] for the rota"),
        ("just had a call with tom from NELFT", "just had a call with [name] from NELFT"),
        ("according to the ICB", "according to the ICB"),
        ("according to Kent and Medway", "according to Kent and Medway"),
        ("according to Cathy Elliott", "according to Cathy Elliott"),
        ("as per NICE", "as per NICE"),
        ("credit to the team", "credit to the team"),
        ("meeting with estates", "meeting with estates"),
        ("met with Leeds", "met with Leeds"),
    ],
)
def test_round_13s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected



@pytest.mark.parametrize("half, least_caught, most_wrong", [(0, 28, 0), (1, 28, 0)])
def test_the_thirteenth_set_is_redacted_at_its_measured_figures(half, least_caught, most_wrong):
    """tests/data/redaction_typos13.jsonl at its figures in BENCHMARKS.md (the held-out half, odd rows, scored before
    and once after): no fewer identifiers caught, no more redacted that are none, every phrase that must stay kept."""
    rows = benchmark.load(benchmark.TYPOS13, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) >= least_caught, scored["misses"]
    assert len(scored["wrong"]) <= most_wrong, scored["wrong"]
    assert [p for row in rows for p in row["keep"] if p not in redact(row["text"])] == []


MESSAGE = ("cc: kemi, tunde. docter Williams says Mrs Smtih, 94, on ward 7 (her son (kieran) rang PALS) has "
           "MRN RXF 045 6123; email jo.bloggs [at] nhs.net or ask my PA jenny. staffside says the consultation is "
           "too short: how have other collaboratives involved unions?")
DETAILS = ("kemi", "tunde", "williams", "smtih", "94", "kieran", "045 6123", "jo.bloggs", "jenny")


def test_a_message_with_round_13s_identifiers_reaches_no_table_log_or_reply(settings, embedder, caplog):
    stored, log, sent = through_a_direct_message(settings, embedder, caplog, MESSAGE)
    assert "staffside says the consultation" in stored and "ward 7" in stored and "PALS" in stored
    for where, text in (("state database", stored), ("log", log), ("Slack", sent)):
        lowered = text.lower()
        assert [detail for detail in DETAILS if re.search(rf"\b{re.escape(detail)}\b", lowered)] == [], where
