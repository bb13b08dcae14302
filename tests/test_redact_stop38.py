"""Redaction, stop 38: the classes `redaction_names6.jsonl`'s tuning half found missing, each on
examples of its own (not the set's rows), and both halves of that set at their measured figures."""


import pytest
from redaction_helpers import benchmark, publish_corpus_names

from bot.redact import find, redact, removed


@pytest.fixture(autouse=True)
def published():
    publish_corpus_names()


@pytest.mark.parametrize(
    "text, expected",
    [
        # a published family name keeps only a published person's name, not someone else's of that family
        ("did hope walker send the rota?", "did [name] send the rota?"),
        ("Tom Murray asked about it", "[name] asked about it"),
        ("What did Melanie Walker say?", "What did Melanie Walker say?"),
        ("Mel Walker on mental health", "Mel Walker on mental health"),
        ("What did Dr Murray say?", "What did Dr Murray say?"),
        # medicine's terms the English word list lacks are no given name before a word that is a surname
        ("How did Carnford run one musculoskeletal front door?", "How did Carnford run one musculoskeletal front door?"),
        ("our telehealth hall", "our telehealth hall"),
        ("echocardiography hall", "echocardiography hall"),
        ("nkechi front called", "[name] called"),
        # short Chinese and Vietnamese names, accents or none
        ("Bo Zhang sent it", "[name] sent it"),
        ("Ngo Van Hung asked", "[name] asked"),
        ("Phạm Thị Hương was referred", "[name] was referred"),
        ("In Liu's study", "In Liu's study"),
        # lower case, double-barrelled
        ("ask kunle adebayo-smith", "ask [name]"),
        ("the well-being team", "the well-being team"),
        # a hyphenated pair with no listed family name is no name ("construisent-ils": French)
        ("Comment les hôpitaux construisent-ils la confiance ?", "Comment les hôpitaux construisent-ils la confiance ?"),
        # street addresses in lower case
        ("she lives at 7 laburnum avenue", "she lives at [address]"),
        ("moved to 4 meadow close in june", "moved to [address] in june"),
        ("in 3 weeks we close", "in 3 weeks we close"),
        ("2 new road schemes", "2 new road schemes"),
        # two lower-case names on the lists beside what a person does
        ("joy baker is covering nights", "[name] is covering nights"),
        ("grace period is over", "grace period is over"),
        # lower-case titles, initials
        ("mr and mrs okonjo, any advice?", "mr and mrs [name], any advice?"),
        ("prof. vasquez-ortiz wants it", "prof. [name] wants it"),
        ("patients d. jones and e. smith", "patients [name] and [name]"),
        ("patient TK, 71, fell", "patient [name], 71, fell"),
        ("MB (84) waited", "[name] (84) waited"),
        ("patient ED attendances", "patient ED attendances"),
        ("Patient ID 00123456", "Patient ID [record-number]"),
        # NHS numbers with slashes, underscores or spaced dashes (check digit right or "NHS" before)
        ("nhs 943/476/5919 again", "nhs [nhs-number] again"),
        ("ref 943_476_5919", "ref [nhs-number]"),
        ("2019/20 and 2020/21", "2019/20 and 2020/21"),
        # dates of birth in words
        ("born on the second of May 1939", "born on [date]"),
        ("dob: ninth of july nineteen fifty-two", "dob: [date]"),
        ("the first May bank holiday", "the first May bank holiday"),
        ("the second may help", "the second may help"),
        # ages over 89 go, younger ones and age bands stay
        ("a 101-year-old on ward 3", "a [age]-year-old on ward 3"),
        ("aged 92, waited all night", "aged [age], waited all night"),
        ("aged 67, waited all night", "aged 67, waited all night"),
        ("patients aged 90 and over", "patients aged 90 and over"),
        ("aged 90-95", "aged 90-95"),
        # social care and mental health systems' ids
        ("LCS ID 9988776 was closed", "LCS ID [record-number] was closed"),
        ("client number 5566778", "client number [record-number]"),
        # staff named by their role, given names in a list
        ("porter Kwabena shouted", "porter [name] shouted"),
        ("a cleaner called Sunny", "a cleaner called [name]"),
        ("nurse Practitioner roles", "nurse Practitioner roles"),
        ("on shift: Aoife, Chinedu and Radu", "on shift: [name], [name] and [name]"),
        ("Kent and Medway", "Kent and Medway"),
        ("the Christie and Clatterbridge", "the Christie and Clatterbridge"),
    ],
)
def test_stop_38s_classes_go_and_their_look_alikes_stay(text, expected):
    assert redact(text) == expected


def test_an_age_over_89_is_named_as_such_in_what_was_removed():
    assert removed(redact("the 96 year old on ward 2")) == {"age"}
    assert [kind for kind, _, _ in find("aged 104")] == ["age"]


@pytest.mark.parametrize("half, least_recall", [(0, 0.97), (1, 0.77)])
def test_the_sixth_names_set_is_redacted_at_its_measured_figures(half, least_recall):
    """tests/data/redaction_names6.jsonl (stop 38): the tuning half (even rows) and the half scored once
    at the end (odd rows) at their figures in BENCHMARKS.md; no phrase that must survive lost."""
    rows = benchmark.load(benchmark.NAMES6, half)
    scored = benchmark.score(rows, find)
    assert sum(scored["caught"].values()) / sum(scored["labelled"].values()) >= least_recall, scored["misses"]
    assert scored["wrong"] == []
    assert [(row["id"], p) for row in rows for p in row["keep"] if p not in redact(row["text"])] == []
