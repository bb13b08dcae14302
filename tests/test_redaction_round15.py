"""Redaction, round 15 (stop 50): the classes tests/data/redaction_round15.jsonl's tuning half holds, each through
`redact` with look-alikes that must stay: Slack's markup around an identifier, spaces inside one and digits typed one
by one; names with initials before a bracketed "pt", written surname first, hyphenated or with "d'" in lower case;
two-syllable pinyin given names and a seldom-written word after a role where a person stands; a bed with no number; an
age told with a gender or a condition and a place; a relative's capitalised given name that is a word too; handles
ending in a number; a day and month beside a stay. Then the set at its measured figures, and over HTTP: a question
with several of them stored and digested redacted, and one of words that look like names quoted whole."""

from __future__ import annotations

import pytest
from redaction_helpers import benchmark, mentioned_and_digested, publish_corpus_names

from bot.redact import find, redact
from bot.redact.unmarked import unmarked


@pytest.fixture(autouse=True)
def published():
    publish_corpus_names()


@pytest.mark.parametrize(
    "text, expected",
    [
        # Slack's markup: the identifier inside goes, the markup stays around its placeholder; markup alone stays
        ("*Mrs Patel* in bay 2 on ward 5", "*Mrs [name]* in bay 2 on ward 5"),
        ("_mr okafor_ keeps missing dialysis", "_mr [name]_ keeps missing dialysis"),
        ("`9434765919` is on the referral", "`[nhs-number]` is on the referral"),
        ("<mailto:dean.o@yahoo.com|dean.o@yahoo.com> rang", "<mailto:[email]|[email]> rang"),
        ("<tel:07700900123|ring her> tonight", "<tel:[phone]|ring her> tonight"),
        ("<@U024BE7LH> patient *J Smith* fell", "<@U024BE7LH> patient *[name]* fell"),
        ("*Building trust* and `shared purpose` and ~50 beds", "*Building trust* and `shared purpose` and ~50 beds"),
        ("her handle sally_ and 3*4=12", "her handle sally_ and 3*4=12"),
        ("<https://www.england.nhs.uk|NHS England> guidance", "<https://www.england.nhs.uk|NHS England> guidance"),
        # spaces inside a number, digits typed one by one; counts and lists stay
        ("postcode LS6   2AB is wrong", "postcode [postcode] is wrong"),
        ("mobile 0 7 7 0 0  9 0 0 4 5 6, daughter", "mobile [phone], daughter"),
        ("we did 1,234,567 appointments in 2 3 4 sites", "we did 1,234,567 appointments in 2 3 4 sites"),
        # initials before a bracketed "pt" or "patient"; an organisation's bracket stays
        ("J Smith (pt) waited 14 hours", "[name] (pt) waited 14 hours"),
        ("B. Singh (patient) waited", "[name] (patient) waited"),
        ("the ICB (patient safety) team", "the ICB (patient safety) team"),
        ("j smith (pt) fell", "[name] (pt) fell"),
        ("Smith J (pt) waited", "[name] (pt) waited"),
        ("the hip (pt) review", "the hip (pt) review"),
        # surname first; places listed and word-names listed stay
        ("Smith, John (NHS 943 476 5919) went home", "[name] (NHS [nhs-number]) went home"),
        ("SINGH Harpreet on the bed list", "[name] on the bed list"),
        ("Patient list: JONES, M; PATEL, R", "Patient list: [name]; [name]"),
        ("In Appendix, A is shown; Leeds, A and B", "In Appendix, A is shown; Leeds, A and B"),
        ("Patient: Okonkwo, Grace - DOB 12/04/1961", "Patient: [name] - DOB [date]"),
        ("Kent, Medway and Sussex share a network", "Kent, Medway and Sussex share a network"),
        ("Hope, Grace and Faith are our values", "Hope, Grace and Faith are our values"),
        ("In Bradford, Will said no", "In Bradford, Will said no"),
        ("the ICSs and CEOs agreed", "the ICSs and CEOs agreed"),
        # hyphenated and d' family names in lower case; hyphenated words and French stay
        ("smith-jones was readmitted", "[name] was readmitted"),
        ("mrs lopez-garcia rang", "mrs [name] rang"),
        ("spoke to d'souza about it", "spoke to [name] about it"),
        ("step-down, day-case, long-stay, pre-op, Wi-Fi", "step-down, day-case, long-stay, pre-op, Wi-Fi"),
        ("the raison d'etre of the ICB", "the raison d'etre of the ICB"),
        # pinyin given names where a person stands; tai chi stays
        ("spoke to wei ling about it", "spoke to [name] about it"),
        ("xiao ming said no", "[name] said no"),
        ("her daughter li na rang", "her daughter [name] rang"),
        ("tai chi classes help falls", "tai chi classes help falls"),
        ("ask tai chi instructors", "ask tai chi instructors"),
        # a seldom-written word after a role, before what they say; a rota stays
        ("nurse bola says nights are short", "nurse [name] says nights are short"),
        ("the nurse rota says I'm on lates", "the nurse rota says I'm on lates"),
        # a bed with no number a described person is in, on a ward; a bed no one is in stays
        ("the man in the end bed on ward 9 fell", "the man in the [location] on ward 9 fell"),
        ("the chap in the bed by the window on AMU", "the chap in the [location] on AMU"),
        ("the woman in the corner bed in bay 3 on ward 6", "the woman in the [location] on ward 6"),
        ("we moved the end beds on ward 9", "we moved the end beds on ward 9"),
        # an age with a gender or a condition and a place; an age alone, a group, a grade, hours and money stay
        ("72yo m from Leeds, delayed", "[age]yo m from Leeds, delayed"),
        ("F 67 from Harrogate with COPD", "F [age] from Harrogate with COPD"),
        ("a 34 year old with Fabry disease from Whitby", "a [age] year old with Fabry disease from Whitby"),
        ("a 45-year-old man with chest pain", "a 45-year-old man with chest pain"),
        ("the 65yo and over cohort from Leeds", "the 65yo and over cohort from Leeds"),
        ("F1 doctors from Leeds and 72 hours from Bradford", "F1 doctors from Leeds and 72 hours from Bradford"),
        ("a 45M from NHS England", "a 45M from NHS England"),
        # a relative's capitalised given name, short form or month; a modal verb after one stays
        ("his son May rang", "his son [name] rang"),
        ("brother Bill visited", "brother [name] visited"),
        ("husband, Will, wants to talk", "husband, [name], wants to talk"),
        ("her son will ring", "her son will ring"),
        ("relatives and carers forum in May", "relatives and carers forum in May"),
        # a handle of a name, an initial and a number; a service's and a place's stay
        ("posted as @sallyb_72 on X", "posted as @[name] on X"),
        ("@j_smith1950 posted about us", "@[name] posted about us"),
        ("follow @nhs111, @covid19, @team2024 and @leeds2023", "follow @nhs111, @covid19, @team2024 and @leeds2023"),
        # a day and month or an ordinal beside a stay; fractions, floors and counts stay
        ("admitted 12/03 and discharged 19/03", "admitted [date] and discharged [date]"),
        ("came in on the 5th and went home on the 9th", "came in on the [date] and went home on the [date]"),
        ("discharged 2/3 of patients by noon", "discharged 2/3 of patients by noon"),
        ("admission on the 5th floor", "admission on the 5th floor"),
        ("the 5th of our 12 sites", "the 5th of our 12 sites"),
    ],
)
def test_round_15s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected


def test_what_is_read_maps_back_to_where_it_was_typed():
    """Markup read as spaces, runs of spaces as one, digits typed one by one joined: each character read knows where
    it was typed, so a placeholder replaces exactly the identifier."""
    read, at = unmarked("*a*  0 7 7 0 0 9 0 0 1 2 3")
    assert read == " a  07700900123"
    assert [at[i] for i in range(len(read))] == [0, 1, 2, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25]
    assert at[len(read)] == 26
    assert unmarked("plain text") == ("plain text", list(range(11)))


@pytest.mark.parametrize("half, least_caught, most_wrong", [(0, 42, 0), (1, 40, 0)])
def test_the_round_15_set_is_redacted_at_its_measured_figures(half, least_caught, most_wrong):
    """tests/data/redaction_round15.jsonl at its figures in BENCHMARKS.md (the odd rows, never tuned on): no fewer
    identifiers caught, no more redacted that are none, every phrase that must stay kept (the controls among them)."""
    rows = benchmark.load(benchmark.ROUND15, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) >= least_caught, scored["misses"]
    assert len(scored["wrong"]) <= most_wrong, scored["wrong"]
    assert [(row["id"], phrase) for row in rows for phrase in row["keep"] if phrase not in redact(row["text"])] == []
    assert [row["id"] for row in rows if not row["identifiers"] and redact(row["text"]) != row["text"]] == []


MARKED = ("*Mrs J. Smith* (MRN 00123456), 72yo f from Leeds, admitted 12/03, <mailto:jsmith1950@gmail.com|jsmith1950@gmail.com>: "
          "how did the trusts set up a committee in common?")
WORDS = "Will the trusts set up a committee in common by May? Faith groups and the Hope Street surgery hope so."  # no one's
DETAILS = ("J. Smith", "00123456", "72yo", "12/03", "jsmith1950")


def test_a_marked_up_patients_question_is_stored_and_digested_redacted_and_words_like_names_are_quoted_whole(
        settings, embedder, monkeypatch, capsys, caplog):
    """Over HTTP: two signed Slack mentions in a public channel. The patient's initials and name in bold, hospital
    number, age with gender and town, admission date and email link reach neither the stored record, nor the log, nor
    the reply, nor the digest, which counts that question and quotes none of it; the question of words that look like
    names ("Will", "May", "Faith", "Hope") is stored and quoted in the digest as typed."""
    digested = mentioned_and_digested(settings, embedder, monkeypatch, caplog, capsys, (MARKED, WORDS))
    # the record, redacted (the adapter shows a link as its label), its bold and the town kept
    assert "*Mrs [name]* (MRN [record-number]), [age]yo f from Leeds, admitted [date], [email]:" in digested.stored
    assert WORDS in digested.stored
    assert digested.digest["questions"]["count"] == 2 and digested.digest["questions"]["examples"] == [WORDS]
    assert WORDS in " ".join(digested.preview.split())  # the preview wraps long lines
    assert digested.leaked(DETAILS) == {}


def test_unclosed_links_are_read_in_linear_time():
    """An email or phone link's address and label stop at the next "<" ("<mailto:" 5,000 times unclosed took 4.5 s when
    each ran to the text's end); a closed one after them is still read."""
    text = "<mailto:" * 5000 + " <mailto:jo.b@gmail.com|jo.b@gmail.com>"
    assert redact(text).endswith(" <mailto:[email]|[email]>")
