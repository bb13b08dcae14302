"""Quotation classes of round sixteen (tests/data/quotes_adversarial/adv16-*, BENCHMARKS.md "Stop 44"; the probes in
tests/quote_probes_sixteen.py): words a speaker reads from a document, words someone else says for them, and others'
words after "According to Name" are no one's; round fifteen's leftovers (a speaker a paragraph before, a credit in
brackets, "came the reply", "cut in", ‘…” marks) are read, a bold headline is no turn, struck-through text is never
shown, and an image's alt text goes with the image. Each taking test failed before its fix, each with its
must-not-take test; the last reads every answer surface."""

import pytest
from corpus_helpers import open_answerer
from quote_oracle import normal, who
from quote_probes_sixteen import CREDITED, PEOPLE, UNCREDITED
from test_quote_invariants import answer_surfaces
from test_quotes import shown

from index.chunking import parse_blocks
from index.inline_markdown import plain


@pytest.mark.parametrize("kind", UNCREDITED)
def test_words_the_speaker_reads_out_or_someone_says_for_them_are_no_ones(kind):
    """"Citing the board paper, Name said “…”", "“…,” Name said through a spokesperson", "According to Name, patients
    said … “…”", and the leftovers' must-not-take ("Critics claim Name put it this way.", "(Name, allegedly)", "Name
    asked a governor. “…,” came the reply", a bold headline "**Name: “…”**"): each was shown as hers, or would be."""
    assert [(text, shown(text, PEOPLE)) for text in UNCREDITED[kind]] == [(text, []) for text in UNCREDITED[kind]]


@pytest.mark.parametrize("kind", CREDITED)
def test_words_the_speaker_says_keep_or_gain_their_credit(kind):
    """Must not take: "After citing the figures,", "In Reading,", "through gritted teeth", "According to Name, chief
    executive,"; and read now: "Name put it this way." / "“…”", "“…” (Name, chief executive)", "“A?” a governor asked
    Name. “B,” came the reply", "‘…,” said Name", "“…,” Name cut in", a bold label "**Name:** “…”"."""
    assert [(text, shown(text, PEOPLE)) for text, _ in CREDITED[kind]] == [
        (text, [("Dr Ines Moreau", words)]) for text, words in CREDITED[kind]]


def test_a_bold_line_holding_a_quotation_is_a_headline_and_a_bold_label_is_not():
    blocks = parse_blocks("**Moreau: “The beds move one ward at a time”**\n\nBody.\n\n**Moreau:** “We will move the "
                          "beds one ward at a time.”\n\n**A bold line with no quotation.**\n")
    assert [(b.section, b.text) for b in blocks] == [
        ("Moreau: “The beds move one ward at a time”", "Body."),
        ("Moreau: “The beds move one ward at a time”", "Moreau: “We will move the beds one ward at a time.”"),
        ("Moreau: “The beds move one ward at a time”", "A bold line with no quotation.")]


def test_an_images_alt_text_goes_with_the_image_whatever_it_holds():
    """Brackets in the alt text, or parentheses in the address, left the alt text (and its quotation) as text."""
    for markdown in ("A ![“I [truly] stayed here,” says Jo Bloggs](a.png) b", "A ![“I stayed,” says Jo](a(1).png) b",
                     "A ![“I stayed,” says Jo](a.png \"a title\") b"):
        assert plain(markdown) == "A b", markdown
    assert plain("[the plan](https://x.org/plan) and ![a chart](c.png)") == "the plan and"


def test_round_sixteen_on_every_answer_surface(corpus_dir, settings):
    """Terminal text, `--json`, Slack blocks and a Teams card of one answer over a news item: the cited paper's words,
    the spokesperson's, the patients' and the struck line are nobody's on any of them, no `~~` shows, and the real
    credits (a paragraph before, in brackets) are shown as hers."""
    real = "We will move the beds one ward at a time, and no patient will move twice."
    bracketed = "Every Larch ward patient keeps the same named nurse through the move."
    (corpus_dir / "adv16-larch.md").write_text(
        "---\ntitle: Cairnmore moves Larch ward\npublisher: Example Trust\npeople:\n- name: Dr Ines Moreau\n"
        "  role: Chief executive\n  organisation: Cairnmore Mental Health NHS Trust\n---\n\n"
        "Cairnmore is moving Larch ward's inpatient mental health beds into the new hospital one ward at a time.\n\n"
        "Citing the board paper, Dr Ines Moreau said “Larch ward closes for good in the spring”.\n\n"
        "“The new hospital opens its Larch ward beds in May,” Dr Ines Moreau said through a spokesperson.\n\n"
        "According to Dr Ines Moreau, patients said Larch ward was “too far from the bus station”.\n\n"
        "~~“Every Larch ward patient moves on one day,” said Dr Ines Moreau.~~ Withdrawn at her request.\n\n"
        f"Dr Ines Moreau put it this way.\n\n“{real}”\n\n“{bracketed}” (Dr Ines Moreau, chief executive)\n",
        encoding="utf-8")
    answerer = open_answerer(settings)
    try:
        answer = answerer.answer("How is Cairnmore moving Larch ward's beds into the new hospital?")
    finally:
        answerer.corpus.close()
    disowned = [normal(w) for w in ("Larch ward closes for good", "opens its Larch ward beds in May",
                                    "too far from the bus station", "moves on one day")]
    for surface, rendering in answer_surfaces(answer).items():
        credited = [(normal(words), who(name)) for words, name in rendering.pairs]
        assert not [c for c in credited if any(d in c[0] for d in disowned)], (surface, credited)
        assert (normal(real), "ines moreau") in credited and (normal(bracketed), "ines moreau") in credited, surface
        if surface != "ask --json":  # JSON's `text` is the passage verbatim; its segments are what surfaces show
            assert not any("~~" in text or "moves on one day" in text for text in rendering.strings), surface
