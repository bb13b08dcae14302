"""Redaction before anything is stored or logged: every kind of identifier, the tricky cases, and
the labelled sets scored as benchmarks/redaction.py scores them."""


import pytest
from redaction_helpers import benchmark, publish_corpus_names

from bot.redact import REMEMBERED, find, publish, redact, remembered


@pytest.fixture(autouse=True)
def published():
    publish_corpus_names()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Patient John Smith, DOB 01/02/1960, postcode LS1 4AP, NHS no. 943-476-5919 … how do collaboratives share staff?",
         "Patient [name], DOB [date], postcode [postcode], NHS no. [nhs-number] … how do collaboratives share staff?"),
        ("Mrs Patel, 82, waited two days", "Mrs [name], 82, waited two days"),
        ("my dad Peter Jones (DOB 3rd March 1941) waited", "my dad [name] (DOB [date]) waited"),
        ("a patient called john smith keeps coming back", "a patient called [name] keeps coming back"),
        ("John, patient in bay 3, asked", "[name], patient in bay 3, asked"),
        ("patient Mary Jones's complaint", "patient [name]'s complaint"),
        ("MRN K1234567, hospital no: 12345678", "MRN [record-number], hospital no: [record-number]"),
        ("she lives at 7 Orchard Close, HG1 2AB", "she lives at [address], [postcode]"),
        ("born in 1960; dob 5/1/49; on 1 April 2022", "born in [date]; dob [date]; on [date]"),
        ("in March 2021 and the 2023-24 plan, Q3 2024", "in March 2021 and the 2023-24 plan, Q3 2024"),
        ("What did Cathy Elliott and Dr Nick Jackson say?", "What did Cathy Elliott and Dr Nick Jackson say?"),
        ("the Patient Safety Collaborative and patient flow", "the Patient Safety Collaborative and patient flow"),
        ("the Master Patient Index and the Patients Association", "the Master Patient Index and the Patients Association"),
    ],
)
def test_identifiers_are_redacted_and_everything_else_kept(text, expected):
    assert redact(text) == expected


def test_a_text_redacted_again_is_not_searched_again():
    """A question is redacted on its way into the inbox, the log, the thread and the answer: the
    regular expressions run once for it, and the result is the same each time."""
    text = "Patient Zara Quill, DOB 02/03/1951: how did the collaborative share its waiting lists?"
    before = (remembered.misses, remembered.hits)
    first = redact(text)
    again = [redact(text) for _ in range(3)]
    assert first == "Patient [name], DOB [date]: how did the collaborative share its waiting lists?"
    assert again == [first] * 3
    assert (remembered.misses - before[0], remembered.hits - before[1]) == (1, 3)


def test_what_is_remembered_holds_no_identifier():
    """The memory of recent results is keyed by a digest, not by the text: neither its keys nor its
    values hold the patient's name or date of birth, and it stays bounded."""
    for n in range(REMEMBERED + 10):
        redact(f"Patient Zara Quill, DOB 02/03/1951, bed {n}: how were waiting lists shared?")
    held = repr(list(remembered.results.items()))
    assert "Zara" not in held and "1951" not in held and "[name]" in held
    assert len(remembered.results) == REMEMBERED


def test_find_reports_each_identifier_once_with_its_kind():
    text = "Patient John Smith, NHS no. 943-476-5919, LS1 4AP"
    assert [(kind, text[start:end]) for kind, start, end in find(text)] == [
        ("name", "John Smith"), ("nhs-number", "943-476-5919"), ("postcode", "LS1 4AP")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("can we fund Jane Bloggs' pathway pilot?", "can we fund [name]' pathway pilot?"),
        ("Sarah Khan in our MSK team says the waits are bad", "[name] in our MSK team says the waits are bad"),
        ("john smith on ward 5 has waited 3 weeks", "[name] on ward 5 has waited 3 weeks"),
        ("Chidi Okafor keeps getting bounced between trusts", "[name] keeps getting bounced between trusts"),
        ("Ask Priya about it, and the Hussain family", "Ask [name] about it, and the [name] family"),
        ("What did Julian Hartley and Dr Nick Jackson say?", "What did Julian Hartley and Dr Nick Jackson say?"),
        ("wat did cathy eliot say, and Richard Lease?", "wat did cathy eliot say, and Richard Lease?"),  # misspelt
        ("Bradford District Care, Mersey Care and West Yorkshire", "Bradford District Care, Mersey Care and West Yorkshire"),
        ("the Mary Seacole programme and Marie Curie nurses", "the Mary Seacole programme and Marie Curie nurses"),
        ("Crohn's disease in Kent and Medway; Getting It Right First Time",
         "Crohn's disease in Kent and Medway; Getting It Right First Time"),
        ("then Grace Kowalski asked. Will Leeds share?", "then [name] asked. Will Leeds share?"),
    ],
)
def test_a_name_with_no_context_goes_and_published_names_places_and_programmes_stay(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a given name that is a word, at a sentence's start, as its subject; a surname that is a word
        ("Mark Hughes on ward 7 wants to know", "[name] on ward 7 wants to know"),
        ("Will Baker is leading our review. Will Leeds share? Mark the dates", "[name] is leading our review. Will Leeds share? Mark the dates"),
        ("Lucy Ward asked about it; we moved to Bevan ward, and Florence Ward on Mary Seacole Ward",
         "[name] asked about it; we moved to Bevan ward, and [name] on Mary Seacole Ward"),
        ("Mrs Ward on bay 3, Mr Men and the Master Patient Index", "Mrs [name] on bay 3, Mr Men and the Master Patient Index"),
        # a name on no list, by what stands beside it; in lower case, by being no word nor a misspelt one
        ("can you send Oluwaseun the lessons? Frimley and Medway share", "can you send [name] the lessons? Frimley and Medway share"),
        ("mark thompson and rajesh patel; the seperate parts", "[name] and [name]; the seperate parts"),
        # charities and hospitals named after people
        ("Did Marie Curie or Sue Ryder help? And the John Radcliffe?", "Did Marie Curie or Sue Ryder help? And the John Radcliffe?"),
    ],
)
def test_names_that_are_words_or_on_no_list_go_and_bodies_named_after_people_stay(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # in lower case, a given name that is a word, or one written rarely, before a family name that is none
        ("can grace adeyemi and wei zhang come? grace periods apply", "can [name] and [name] come? grace periods apply"),
        # a given name alone, by what it does or a pronoun after it
        ("Eilidh is new to the team. Ngozi joined last week, where should she start?",
         "[name] is new to the team. [name] joined last week, where should she start?"),
        # short names of many cultures, family name first, particles, initials, a hyphen before "Park"
        ("Wei Zhang, Nguyen Van Minh and Ji-woo Park", "[name], [name] and [name]"),
        ("Pieter van der Berg, Layla al-Hashimi and Rhodri ap Gwynfor", "[name], [name] and [name]"),
        ("J. Okonjo from pharmacy; can R K Sharma come? I Smith-ed it", "[name] from pharmacy; can [name] come? I Smith-ed it"),
        ("patient eilidh macrae was moved; patient safety leads met", "patient [name] was moved; patient safety leads met"),
        # a health board named after a person
        ("lessons from Hywel Dda on rural recruitment", "lessons from Hywel Dda on rural recruitment"),
    ],
)
def test_lower_case_lone_short_particled_and_initialled_names_go(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # in lower case, a given name and a family name that are both English words, a person's context beside
        ("did holly rivers reply? ask amber stone. summer wood asked too", "did [name] reply? ask [name]. [name] asked too"),
        ("did grace period end? is rose hill hospital open?", "did grace period end? is rose hill hospital open?"),
        # accents on a given name alone; Irish and Scottish Gaelic particles and prefixes
        ("Seán is leading it and Pádraig Ó Briain asked", "[name] is leading it and [name] asked"),
        ("Niamh Nic Giolla Bhríde and Mòrag NicDhòmhnaill", "[name] and [name]"),
        # a Chinese family name English writes often beside a rare pinyin syllable, in either order; not a place
        ("Hui Wang and Zhou Xin came from Hong Kong", "[name] and [name] came from Hong Kong"),
        # a family name after "Dr" that English seldom writes; a place after a possessive is no given name
        ("Dr Adebayo at The Queen Elizabeth Hospital King's Lynn; Dr Foster data",
         "Dr [name] at The Queen Elizabeth Hospital King's Lynn; Dr Foster data"),
    ],
)
def test_word_names_in_lower_case_accented_gaelic_chinese_and_doctors_names_go_and_places_stay(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # NHS numbers grouped any way, with dots: by the check digit, or after "NHS"
        ("nhs 5465 141 409, 679.063.0724 and NHS no 12 34 56 78 90", "nhs [nhs-number], [nhs-number] and NHS no [nhs-number]"),
        ("1 234 567 visits in 2019/20, version 10.2.3", "1 234 567 visits in 2019/20, version 10.2.3"),
        # a record number after a trust's code; staff registration numbers
        ("hospital number RJ1 2345678, GMC number 7123456, NMC PIN 12A3456E",
         "hospital number [record-number], GMC number [record-number], NMC PIN [record-number]"),
        ("GMC 2024 guidance and the NMC code", "GMC 2024 guidance and the NMC code"),
        # a date of birth with a month's name between hyphens, a two-digit year
        ("DOB 03-Apr-1952 or 3 Apr 52", "DOB [date] or [date]"),
        # an outward code after "postcode"; an extension with its phone number
        ("postcode area LS14, or postcode: bd7; a postcode lottery", "postcode area [postcode], or postcode: [postcode]; a postcode lottery"),
        ("ring 0161 496 0000 ext 4521 or 01632 960001 x234", "ring [phone] or [phone]"),
    ],
)
def test_nhs_numbers_grouped_any_way_staff_numbers_dates_partial_postcodes_and_extensions_go(text, expected):
    assert redact(text) == expected


def test_a_published_name_is_kept_only_once_published_and_the_earlier_result_is_not_reused():
    """Until whoever opens the corpus publishes its people, every name goes (the safe side); the results
    remembered from before are forgotten when the names change."""
    question = "What did Julian Hartley say about trust?"
    publish([])
    assert redact(question) == "What did [name] say about trust?"
    publish(["Julian Hartley"])
    assert redact(question) == question


@pytest.mark.parametrize(
    "text, expected",
    [
        # an NHS body named after someone, or whose name reads as a person's, beside a patient's identifier
        ("Hywel Dda NHS number 943 476 5919", "Hywel Dda NHS number [nhs-number]"),
        ("Patient at Hywel Dda, NHS number 943 476 5919 was discharged",
         "Patient at Hywel Dda, NHS number [nhs-number] was discharged"),
        ("from Hywel Dda UHB, NHS number 943 476 5919", "from Hywel Dda UHB, NHS number [nhs-number]"),
        ("a patient from Betsi Cadwaladr, DOB 01/02/1960", "a patient from Betsi Cadwaladr, DOB [date]"),
        ("referred to James Paget, NHS no 943 476 5919", "referred to James Paget, NHS no [nhs-number]"),
        ("ring Alder Hey on 0151 228 4811", "ring Alder Hey on [phone]"),
        # a person's name there still goes
        ("Peter Jones NHS number 943 476 5919", "[name] NHS number [nhs-number]"),
        ("ring Jane Bloggs on 0151 228 4811", "ring [name] on [phone]"),
    ],
)
def test_an_organisations_name_stays_beside_an_identifier_and_the_identifier_goes(text, expected):
    assert redact(text) == expected


def test_an_organisation_the_corpus_publishes_stays_though_its_name_reads_as_a_persons():
    """An organisation's name the corpus publishes (as `open_corpus` gives its directory's), and any run of
    two words or more of it, stays beside an identifier and with no context; a person's name does not."""
    texts = ["Ffion Pritchard NHS number 943 476 5919", "ring Ffion Pritchard on 0151 228 4811",
             "ask Ffion Pritchard about the pilot"]
    publish([], [])
    assert [redact(text) for text in texts] == ["[name] NHS number [nhs-number]", "ring [name] on [phone]",
                                                "ask [name] about the pilot"]
    publish([], ["The Ffion Pritchard Hospice"])
    assert [redact(text) for text in texts] == ["Ffion Pritchard NHS number [nhs-number]",
                                                "ring Ffion Pritchard on [phone]", "ask Ffion Pritchard about the pilot"]


def test_opening_the_corpus_publishes_its_organisations_with_its_people(corpus):
    """`open_corpus` publishes its directory's organisations with its people (each `publish` sets both):
    "Mutual Ventures", which the corpus names, stays beside an NHS number."""
    assert redact("Mutual Ventures, NHS number 943 476 5919") == "Mutual Ventures, NHS number [nhs-number]"
    publish(benchmark.leaders())
    assert redact("Mutual Ventures, NHS number 943 476 5919") == "[name], NHS number [nhs-number]"


@pytest.mark.parametrize("path", [benchmark.LABELLED, benchmark.HELD_OUT])
def test_the_labelled_sets_are_redacted_with_recall_of_at_least_0_98(path):
    rows = benchmark.load(path)
    scored = benchmark.score(rows, find)
    recall = sum(scored["caught"].values()) / sum(scored["labelled"].values())
    assert recall >= 0.98, scored["misses"]
    lost = [(row["id"], phrase) for row in rows for phrase in row["keep"] if phrase not in redact(row["text"])]
    assert lost == []


@pytest.mark.parametrize("path, least_recall", [(benchmark.NAMES_TUNE, 1.0), (benchmark.NAMES_HELD_OUT, 0.96)])
def test_names_with_no_context_are_redacted_and_leaders_organisations_and_places_kept(path, least_recall):
    """The names sets at their measured figures (BENCHMARKS.md, Redaction): the held-out half's first
    score missed three names and redacted two charities named after people ("Marie Curie", "Sue Ryder")."""
    rows = benchmark.load(path)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) / sum(scored["labelled"].values()) >= least_recall, scored["misses"]
    assert sum(scored["right"].values()) / sum(scored["found"].values()) >= 0.92, scored["wrong"]
    lost = [(row["id"], phrase) for row in rows for phrase in row["keep"] if phrase not in redact(row["text"])]
    assert len(lost) <= 2, lost


@pytest.mark.parametrize("half, least_recall", [(0, 1.0), (1, 0.96)])
def test_the_third_names_set_is_redacted_at_its_measured_figures(half, least_recall):
    """tests/data/redaction_names3.jsonl (stop 35): the tuning half (even rows) and the half scored
    once at the end (odd rows) at their figures in BENCHMARKS.md; no phrase that must survive lost."""
    rows = benchmark.load(benchmark.NAMES3, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) / sum(scored["labelled"].values()) >= least_recall, scored["misses"]
    assert scored["wrong"] == []
    assert [(row["id"], p) for row in rows for p in row["keep"] if p not in redact(row["text"])] == []


@pytest.mark.parametrize("path, half, least_recall", [
    (benchmark.NAMES4, 0, 1.0), (benchmark.NAMES4, 1, 0.96),  # stop 36's; since stop 37 "King's Lynn" is kept
    (benchmark.NAMES5, 0, 1.0), (benchmark.NAMES5, 1, 0.88),  # stop 37's
])
def test_the_fourth_and_fifth_sets_are_redacted_at_their_measured_figures(path, half, least_recall):
    """tests/data/redaction_names4.jsonl (stop 36) and redaction_names5.jsonl (stop 37): the tuning
    half (even rows) and the half scored once at the end (odd rows) at their figures in BENCHMARKS.md;
    nothing redacted that is no identifier, no phrase that must survive lost."""
    rows = benchmark.load(path, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) / sum(scored["labelled"].values()) >= least_recall, scored["misses"]
    assert scored["wrong"] == []
    assert [(row["id"], p) for row in rows for p in row["keep"] if p not in redact(row["text"])] == []


def test_no_retrieval_tuning_question_is_changed_by_redaction():
    """A name redacted from a question would cost its answer too: none of the retrieval tuning, dev
    and probe questions (misspelt leaders' names, places, programmes) loses a word."""
    asked, changed = benchmark.questions_check()
    assert asked > 2000 and changed == []


def test_no_leader_the_corpus_names_is_ever_redacted_from_it():
    lines, changed, lost, _ = benchmark.corpus_check()
    assert len(benchmark.leaders()) >= 10 and "Cathy Elliott" in benchmark.leaders()
    assert lost == [] and changed <= 2 < lines
