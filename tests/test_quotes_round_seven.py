"""Quotation classes round seven of the adversarial set found (tests/data/quotes_adversarial/adv7-*,
BENCHMARKS.md "A seventh round"): each test failed before its fix."""

import pytest
from test_quotes import attributed, found

from bot.answer import enclose
from index.documents import Person

QUAYLE = Person("Beatrice Quayle", "Chair", "Quayle Community Health NHS Trust")
KOWALSKI = Person("Dr Anna Kowalski", "Consultant dermatologist", "Ashdown Hospitals NHS Trust")
ERIKSEN = Person("Lars Eriksen", "Programme manager", "Ashdown Hospitals NHS Trust")


@pytest.mark.parametrize("aside", ["quoting the partner trust's motto", "citing a mother's letter",
                                   "reading from a carer's card", "repeating a patient's words"])
def test_a_blockquote_whose_attribution_line_says_its_person_is_quoting_someone_else_is_no_ones(aside):
    """"> «…»" / "> — Beatrice Quayle, Chair, quoting the partner trust's motto": the motto is not her
    words, so no one's, and her line is hidden (an empty quotation credited to her covers it)."""
    markdown = (f"> “One waiting list for every wheelchair user in the county.”\n>\n"
                f"> — Beatrice Quayle, Chair, {aside}\n")
    quotes = [q for _, q in found(markdown, [QUAYLE])]
    assert [(q.name, q.text) for q in quotes if q.text] == [("", "One waiting list for every wheelchair user in the county.")]
    assert all(not q.text for q in quotes if q.name)


def test_a_blockquote_attribution_naming_a_place_called_reading_is_still_the_speakers():
    markdown = ("> “One waiting list for every wheelchair user in the county.”\n>\n"
                "> — Beatrice Quayle, Chair, Royal Berkshire NHS Foundation Trust, Reading\n")
    assert attributed(markdown, [QUAYLE]) == [("Beatrice Quayle", "One waiting list for every wheelchair user in the county.")]


def test_guillemets_and_low_opening_marks_are_quotation_marks():
    """„…“ (German, Polish „…”) and «…» (French, Norwegian) enclose a quotation like “…”; before, „ was
    no mark, so its closing “ opened a quotation of the editorial words up to the next mark
    (", she said in German, before switching to English.")."""
    markdown = ("Dr Anna Kowalski said: „Wir hatten keine Ahnung, ob die Fotos reichen würden“. "
                "She said it in German, before switching to English. \"We did not know if the photographs would be good "
                "enough.\"\n\n"
                "«Le triage par photographie a changé notre façon de travailler», said Lars Eriksen.\n")
    quotes = [q for _, q in found(markdown, [KOWALSKI, ERIKSEN])]
    assert [q.text for q in quotes] == ["Wir hatten keine Ahnung, ob die Fotos reichen würden",
                                        "We did not know if the photographs would be good enough.",
                                        "Le triage par photographie a changé notre façon de travailler"]
    assert (quotes[0].name, quotes[2].name) == ("Dr Anna Kowalski", "Lars Eriksen")


def test_a_blockquote_in_guillemets_is_its_words_without_the_marks():
    ((_, quote),) = found("> «Une seule liste d'attente pour tous les fauteuils roulants du comté»\n>\n"
                          "> — Beatrice Quayle, Chair\n", [QUAYLE])
    assert (quote.name, quote.text) == ("Beatrice Quayle", "Une seule liste d'attente pour tous les fauteuils roulants du comté")


def test_a_straight_mark_after_a_digit_is_an_inch_mark_not_a_quotation():
    """'1" across, and … holds a 6" handset. Lars Eriksen, a 6'2" former rower, …': no quotation, so
    Lars Eriksen is never credited with the words between two inch marks."""
    markdown = ("The dermatoscope lens is 1\" across, and a GP's phone mount holds a 6\" handset, said Lars Eriksen. "
                "He is a 6'2\" former rower. The handbook, \"Photographing Skin Lesions in Primary Care\", "
                "was written by the nurses.\n")
    assert [q.text for _, q in found(markdown, [ERIKSEN])] == ["Photographing Skin Lesions in Primary Care"]
    assert attributed(markdown, [ERIKSEN]) == []


GRACE = Person("Grace Okonkwo", "Head of audiology", "Carrowby Children's Hospital NHS Foundation Trust")
RUTH = Person("Ruth Fairweather", "Chair", "Fenmoor Eye Hospital NHS Foundation Trust")
WORDS = "Parents still drive forty miles to the one booth that tests babies."


@pytest.mark.parametrize("markdown, people", [
    (f"Mark Okonkwo, a parent governor, was less sure. \"{WORDS}\" Okonkwo said.", [GRACE]),
    (f"Mark Okonkwo said: \"{WORDS}\"", [GRACE]),
    (f"\"{WORDS}\" said Grace Okonkwo-Baines, a parent governor.", [GRACE]),
    (f"Grace Smith, a parent governor, said: \"{WORDS}\"", [GRACE]),
    (f"David Fairweather, lead optometrist, said: \"{WORDS}\"\n\n\"It was a fortnight of very long meetings,\" "
     "Fairweather said.", [RUTH]),
])
def test_someone_who_shares_a_listed_persons_surname_or_first_name_is_not_that_person(markdown, people):
    """Only Grace Okonkwo is in `people:`; "Mark Okonkwo said:" named her by her surname, so a parent
    governor's words were credited to the head of audiology (round seven's shared surnames)."""
    assert attributed(markdown, people) == []


@pytest.mark.parametrize("markdown", [
    f"Okonkwo said: \"{WORDS}\"",
    f"\"{WORDS}\" said Okonkwo.",
    f"\"{WORDS}\" said Okonkwo OBE.",
    f"As Okonkwo put it: \"{WORDS}\"",
    f"Then Okonkwo said: \"{WORDS}\"",
    f"In March Okonkwo told the board: \"{WORDS}\"",
    f"On Monday Okonkwo said: \"{WORDS}\"",
    f"\"{WORDS}\" said Grace.",
])
def test_a_listed_persons_surname_or_first_name_alone_is_still_theirs(markdown):
    assert attributed(markdown, [GRACE]) == [("Grace Okonkwo", WORDS)]


def test_a_blockquote_credited_to_someone_sharing_a_surname_does_not_take_the_listed_persons_post():
    ((_, quote),) = found(f"> {WORDS}\n>\n> — Mark Okonkwo, parent governor\n", [GRACE])
    assert (quote.name, quote.role, quote.organisation) == ("Mark Okonkwo", "parent governor", "")


@pytest.mark.parametrize("marker", ["[1]", "[^1]", "¹", "²³", " [12]"])
def test_a_reference_marker_inside_the_closing_mark_is_not_the_speakers_words(marker):
    """"“… by a third.[1]” said Grace Okonkwo": the marker is the publisher's; before, her quotation
    was shown as "… by a third.[1]"."""
    markdown = f"“We cut the wait for a newborn hearing test by a third.{marker}” said Grace Okonkwo.\n\n[^1]: The audit.\n"
    assert attributed(markdown, [GRACE]) == [("Grace Okonkwo", "We cut the wait for a newborn hearing test by a third.")]


@pytest.mark.parametrize("marker", ["[2]", "[^2]", "²"])
def test_a_reference_marker_between_the_quotation_and_said_name_still_credits_the_speaker(marker):
    markdown = f"“We cut the wait for a newborn hearing test by a third,”{marker} said Grace Okonkwo.\n"
    assert attributed(markdown, [GRACE]) == [("Grace Okonkwo", "We cut the wait for a newborn hearing test by a third")]


def test_an_inch_mark_inside_a_quotation_is_shown_as_the_speaker_wrote_it():
    """`enclose` turns double marks inside a quotation into single ones; an inch mark after a digit
    became ’ (“a 10’ tablet”: ten feet), changing the speaker's words."""
    assert enclose('Every district nurse carries a 10" tablet and a "just in case" bag') == \
        '“Every district nurse carries a 10" tablet and a ‘just in case’ bag”'


MBEKI = Person("Dr Ifan Mbeki", "Director of wheelchair services", "Quayle Community Health NHS Trust")


@pytest.mark.parametrize("markdown", [
    "“Every wheelchair repair is now booked through one approved repairer,” Doctor Mbeki told the committee.",
    "“Every wheelchair repair is now booked through one approved repairer,” said Doctor Ifan Mbeki.",
])
def test_doctor_written_out_is_the_same_person_as_dr(markdown):
    """Front matter says "Dr Ifan Mbeki"; a board paper writes "Doctor Mbeki" (left to no one before)."""
    assert attributed(markdown, [MBEKI]) == [("Dr Ifan Mbeki", "Every wheelchair repair is now booked through one approved repairer")]
