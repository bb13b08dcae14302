"""Issue 9's quotation promise on documents that are not in the bundled corpus (tests/adversarial_quotes.py):
the adversarial set is added to a copy of the corpus (a Word file through `peerbot import`), indexed,
and read back from every surface through the real code paths (enabler summaries and the digest also
over the set alone); no person is shown with words outside their own quotations, and no quotation
loses or doubles its marks."""

from __future__ import annotations

import pytest
from adversarial_quotes import (
    ALONE,
    FIXTURES,
    Report,
    check_everything,
    documents_own_credit,
    listed_organisations,
    namesakes_words,
    said_by,
)
from conftest import KNOWLEDGE

SURFACES = ("parser", "ask text", "ask --json", "enabler text", "enabler --json", "contacts text", "contacts --json",
            "digest text", "digest --json", "Slack /peer", "Slack /enabler", "Teams answer", "Teams enabler",
            *(f"{s}{ALONE}" for s in ("enabler text", "enabler --json", "digest text", "digest --json", "Slack /enabler",
                                      "Teams enabler")))
NEVER_QUOTE = {"contacts text", "contacts --json"}  # the directory lists people, never their words


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Report:
    return check_everything(tmp_path_factory.mktemp("adversarial"), KNOWLEDGE)


@pytest.mark.parametrize("surface", SURFACES)
def test_every_surface_credits_people_only_with_their_own_words(report, surface):
    assert surface in NEVER_QUOTE or report.pairs[surface] > 0, f"{surface} showed no quotation: the check is vacuous"
    assert [v for v in report.violations if v.split(":")[0] == surface] == []


@pytest.mark.parametrize("words, name, expected", [
    ("the pooled waiting list had cut the longest waits by a third", "Priya Shah", False),  # the regulator's
    ("Nurses moved between the two sites", "Priya Shah", True),
    ("urses moved between the two sites", "Priya Shah", False),  # cut mid-word
    ("Working as one theatre network across two trusts", "Dr Jane Roe", False),  # a report's title
    ("halved the time from the front door to thrombolysis", "Helen Marsh", True),  # post-nominals and title aside
    ("Every stroke patient deserves the same scan", "Chief Executive", False),  # a post is no speaker
    ("trust between the two stroke units was the key", "Dr Kwame Mensah FRCP", False),  # reported speech, no marks
    ("Parents still drive forty miles to the one booth", "Grace Okonkwo", False),  # Mark Okonkwo's (round seven)
    ("Une seule liste d'attente pour tous les fauteuils roulants", "Beatrice Quayle", False),  # a motto she quotes
    ("children were assessedfirst for the first time", "Dr Ifan Mbeki", False),  # words a page break fused
    ("children were assessed first for the first time", "Dr Ifan Mbeki", True),
])
def test_the_check_itself(words, name, expected):
    assert said_by(words, name) is expected


@pytest.mark.parametrize("words, name, document, expected", [
    ("I spend more time in the taxi than on the machine", "Professor Ngozi Hartley", None, False),  # a patient's, inside hers
    ("A patient told me, ‘I spend more time in the taxi than on the machine,’", "Professor Ngozi Hartley", None, True),
    ("we will bring every one of them home", "Tobias Reed", None, False),  # Joanna Will's, inside his
    ("Every spoke keeps its clinics", "Hope Ward", "adv8-vascular-kings-fund-report", True),
    ("Every spoke keeps its clinics", "Hope Ward", "adv8-urology-hsj-news", False),  # Rachel Oduya's in that one
    ("Every cot in the network is our cot", "Marcus Delaney", None, False),  # a pull quote gives it to another
])
def test_the_check_itself_from_round_eight(words, name, document, expected):
    """Words nested in someone else's quotation are never the outer speaker's alone; round eight's parser
    credits are checked against the document's own labels."""
    assert said_by(words, name, document) is expected


@pytest.mark.parametrize("words, name, expected", [
    ("Every stroke patient deserves the same scan", "Chief Executive", True),  # the document's own line, shown as is
    ("Every stroke patient deserves the same scan", "Mark Evans", False),  # a person: never the document's own
    ("The stroke consultants now cover both hyperacute units", "Chief Executive", False),  # Sarah Jones's words
])
def test_a_post_the_document_credits_is_its_own_text_not_a_person_s(words, name, expected):
    assert documents_own_credit(words, name) is expected


def test_no_contact_line_repeats_a_quotation_the_answer_shows_above(report):
    assert report.contact_quotes > 0 and report.repeated == []


@pytest.mark.parametrize("words, name, expected", [
    ("system working", "Priya Raman", False),  # scare quotes: nobody's words
    ("single hub", "Dr Mark Wexham", False),  # an anonymous director's, inside that director's quotation
    ("the board had approved the pathology business case unanimously in June", "Dr Fiona Tasker", False),  # reported
    ("In my old laboratory I never saw the patient's name", "Marta Nowak", False),  # a translation: no one's verbatim
    ("The falls response car is the best use of a paramedic", "Ambulance Today", False),  # a magazine
    ("We were never asked whether our laboratory should close", "Dr Fiona Tasker", False),  # the view she did not share
    ("The couriers [between the three sites] now run every two hours", "Priya Raman", True),  # an editor's brackets
])
def test_the_check_itself_from_round_nine(words, name, expected):
    assert said_by(words, name) is expected


@pytest.mark.parametrize(("organisation", "quote", "expected"), [
    ("Carnford Musculoskeletal Partnership", "The shared pharmacy hub dispenses for all four hospitals", True),
    ("Hollins Pharmacy Hub", "The shared pharmacy hub dispenses for all four hospitals", False),
    ("Carnford Musculoskeletal Partnership", "One referral, one list, one wait.", False),  # labelled nowhere as his
])
def test_the_check_itself_from_round_ten(organisation, quote, expected):
    """A contact row's quotation labelled only as a namesake's words (the same name listed under another
    organisation) is a violation; words nested three deep are never the outer speaker's alone."""
    contact = {"name": "Dr Kofi Mensah", "organisation": organisation, "quote": quote}
    assert namesakes_words(contact, listed_organisations(FIXTURES)) is expected
    assert said_by("never again", "Kerry Lund") is False
