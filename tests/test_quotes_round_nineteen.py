"""Quotation classes of round nineteen (tests/data/quotes_adversarial/adv19-*, BENCHMARKS.md "Stop 48"): a reference
marker after a quotation ("“…”³", "“…”[4]") leaves it a quotation alone, so the credit line under it credits it; a
"— Name" line of its own under a quotation no one is credited with credits it, as a role line does; such a line under
a quotation is kept by the chunker, not dropped as a short fragment; a blockquote's reference marker is not shown as
the speaker's words; the rest of a quotation an earlier paragraph left open ("“A …" / "… b,” said Name.") is Name's,
and so is its first part; a blockquote of two quotations each under its own role line is not all the last one's; a web page's bare note number
after a closing mark is dropped and a `<q>` inside a typed “…” is ‘…’ (READER_VERSION 18); "said the trust's chair" is
the one person the document names as holding that post, when it names the post nowhere else. Each
taking test but the role line before a table (kept already) fails on the base code; each has its must-not-take
test."""

import pytest
from corpus_helpers import open_answerer
from quote_oracle import normal, who
from test_quote_invariants import answer_surfaces
from test_quotes import shown

from index.chunking import chunk_blocks, parse_blocks
from index.documents import Person, load_document
from index.preparing import document_blocks
from index.quotes import find_quotations

MOREAU, MALIK = Person("Dr Ines Moreau", "Chief executive"), Person("Imran Malik", "Medical director")
A = "We will close Larch ward this winter and move every patient at once"
B = "We will open Ash ward in the spring with twenty more beds for older people"


@pytest.mark.parametrize("marker", ["³", "[4]", "[^5]", "¹²"])
def test_a_dash_line_under_a_quotation_with_a_reference_marker_credits_it(marker):
    assert shown(f"Larch ward.\n\n“{A}.”{marker}\n\n— Dr Ines Moreau\n\n> {B}.\n>\n> — Imran Malik",
                 [MOREAU, MALIK]) == [("Dr Ines Moreau", f"{A}."), ("Imran Malik", f"{B}.")]


@pytest.mark.parametrize("line, after", [("Imran Malik, Medical director", "| Who | Said |\n|---|---|\n| A porter | “{B}.” |"),
                                         ("— Imran Malik", "> {B}.\n>\n> — Dr Ines Moreau")])
def test_a_short_credit_line_under_a_quotation_is_kept_and_credits_it(line, after):
    text = f"Larch ward.\n\n“{A}.”\n\n{line}\n\n{after.format(B=B)}"
    assert line in chunk_blocks(parse_blocks(text))[0].text
    assert shown(text, [MOREAU, MALIK])[0] == ("Imran Malik", f"{A}.")


@pytest.mark.parametrize("line", ["— Dr Ines Moreau, quoting a patient", "— Dr Ines Moreau (paraphrased)",
                                  "— Dr Ines Moreau and Imran Malik", "— a porter", "— Pictured: Dr Ines Moreau"])
def test_a_dash_line_relaying_paraphrasing_or_naming_no_one_alone_credits_no_one(line):
    assert shown(f"Larch ward.\n\n“{A}.”³\n\n{line}", [MOREAU, MALIK]) == []


def test_a_dash_line_under_a_credited_quotation_or_under_narration_credits_nothing_more():
    assert shown(f"“{A},” said a porter.\n\n— Dr Ines Moreau", [MOREAU]) == []
    assert shown(f"The ward said “{A}” and closed.\n\n— Dr Ines Moreau", [MOREAU]) == []


@pytest.mark.parametrize("marker", ["[3]", "³", " [12]"])
def test_a_blockquotes_reference_marker_is_not_shown_as_the_speakers_words(marker):
    assert shown(f"> {A}.{marker}\n>\n> — Dr Ines Moreau", [MOREAU]) == [("Dr Ines Moreau", f"{A}.")]


@pytest.mark.parametrize("opening, rest", [(f"“{A} …", f"… and {B},” said Dr Ines Moreau."),
                                           (f"“{A}, and", f"{B[0].lower()}{B[1:]},” said Dr Ines Moreau at the launch.")])
def test_the_rest_of_an_open_quotation_with_its_credit_credits_both_parts(opening, rest):
    credited = shown(f"Larch ward.\n\n{opening}\n\n{rest}", [MOREAU, MALIK])
    assert [name for name, _ in credited] == ["Dr Ines Moreau", "Dr Ines Moreau"]
    assert credited[0][1] == opening[1:] and credited[1][1] == rest[: rest.index("”")].rstrip(",")


@pytest.mark.parametrize("rest", [f"… and {B},” said a porter.", f"… and {B},” said Dr Ines Moreau, quoting a patient.",
                                  f"… and {B},” said Dr Ines Moreau. “{B},” said Imran Malik.",
                                  f"… and {B}.”", f"… and {B},” said Dr Ines Moreau and Imran Malik."])
def test_the_rest_of_an_open_quotation_credited_to_no_one_alone_credits_neither_part(rest):
    assert not [name for name, words in shown(f"Larch ward.\n\n“{A} …\n\n{rest}", [MOREAU, MALIK])
                if words.startswith(("We will close", "… and"))]


@pytest.mark.parametrize("last", ["Imran Malik, Medical director", "— Imran Malik"])
def test_a_blockquote_of_two_quotations_under_their_credit_lines_is_each_ones(last):
    """A Word file's consecutive Quote paragraphs come as one blockquote: all of it was the last line's person's."""
    text = f"Larch ward.\n\n> “{A}.”\n>\n> Dr Ines Moreau, Chief executive\n>\n> “{B}.”\n>\n> {last}"
    assert shown(text, [MOREAU, MALIK]) == [("Dr Ines Moreau", f"{A}."), ("Imran Malik", f"{B}.")]


@pytest.mark.parametrize("middle", ["A porter, Larch ward", "Pictured: Dr Ines Moreau", "Dr Ines Moreau, quoting a patient"])
def test_a_blockquote_with_a_caption_between_two_quotations_is_not_the_attributions(middle):
    text = f"Larch ward.\n\n> “{A}.”\n>\n> {middle}\n>\n> “{B}.”\n>\n> — Imran Malik"
    assert not [words for name, words in shown(text, [MOREAU, MALIK]) if A in words]


PAGE = ("<html><body><article><h1>Bramblecote stroke rehabilitation</h1><p>The team visits stroke patients at home.</p>"
        "<p>“Therapy at home is worth twice as much as therapy in a hospital gym,”<sup>2</sup> said Maeve Drury.</p>"
        "<p>“One man told me, <q>I want to walk my daughter down the aisle</q>, and that became his goal,” said Maeve "
        "Drury.</p><p>“The wards measure each room in square metres for the rehabilitation kit.”</p>"
        "<p>— Dr Oyelaran Fitz</p><p>The gym is 40 m<sup>2</sup> and “the kit fits in a car boot for every home visit,” "
        "a porter said.</p></article></body></html>")
SIDECAR = ("title: Bramblecote stroke rehabilitation\npeople:\n- name: Maeve Drury\n  role: Head of therapies\n"
           "- name: Dr Oyelaran Fitz\n  role: Consultant stroke physician\n")


def _credited(path) -> list[tuple[str, str]]:
    doc = load_document(path)
    blocks = document_blocks(doc)
    quotes = find_quotations(chunk_blocks(blocks), doc.people, [b.text for b in blocks if b.kind == "quote"])
    return [(q.name, q.text) for qs in quotes for q in qs if q.name and q.text]


def test_a_web_pages_note_number_after_a_quotation_and_a_q_inside_typed_marks(tmp_path):
    """A bare `<sup>2</sup>` after the closing mark hid "said Maeve Drury"; a `<q>` inside a typed “…” became “…”,
    closing the outer quotation early: both were credited to no one. A superscript after a unit stays."""
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "page.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    assert "40 m 2" in load_document(tmp_path / "page.html").body  # as before: kept
    assert _credited(tmp_path / "page.html") == [
        ("Maeve Drury", "Therapy at home is worth twice as much as therapy in a hospital gym"),
        ("Maeve Drury", "One man told me, ‘I want to walk my daughter down the aisle’, and that became his goal"),
        ("Dr Oyelaran Fitz", "The wards measure each room in square metres for the rehabilitation kit.")]


def test_round_nineteen_on_every_answer_surface(corpus_dir, settings):
    """Terminal text, `--json`, Slack blocks and a Teams card of one answer over the page: the nested quotation is
    Maeve Drury's telling, the porter's words are no one's."""
    (corpus_dir / "bramblecote-stroke.html").write_text(PAGE, encoding="utf-8")
    (corpus_dir / "bramblecote-stroke.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    answerer = open_answerer(settings)
    try:
        answer = answerer.answer("How does the Bramblecote team give stroke patients therapy at home?")
    finally:
        answerer.corpus.close()
    for surface, rendering in answer_surfaces(answer).items():
        credited = [(normal(words), who(name)) for words, name in rendering.pairs]
        assert (normal("Therapy at home is worth twice as much as therapy in a hospital gym"), "maeve drury") in credited, (
            surface, credited)
        assert not [c for c in credited if "car boot" in c[0] or c[1] == "oyelaran fitz" and "gym" in c[0]], (
            surface, credited)


@pytest.mark.parametrize("text", [
    "Larch ward. Dr Ines Moreau, the trust's chair, opened it.\n\n“{A},” said the trust's chair.",
    "“{A},” said the chair.\n\nDr Ines Moreau, the trust's chair, opened the review.",
    "Larch ward.\n\n“{B}.”\n\nDr Ines Moreau, Chair\n\n“{A},” said the chair."])
def test_a_credit_by_post_is_the_one_person_the_document_names_as_holding_it(text):
    credited = shown(text.format(A=A, B=B), [MOREAU, MALIK])
    assert ("Dr Ines Moreau", A) in credited


@pytest.mark.parametrize("text", [
    "Larch ward. Dr Ines Moreau, the trust's chair, met the ICB's chair.\n\n“{A},” said the chair.",
    "Larch ward. Dr Ines Moreau, the trust's chair, spoke. The former chair wrote.\n\n“{A},” said the chair.",
    "Dr Ines Moreau, the trust's chair, and Imran Malik, the trust's chair, spoke.\n\n“{A},” said the chair.",
    "Larch ward. Dr Ines Moreau, the trust's chair, opened it.\n\n“{A},” said the chair, quoting a patient.",
    "Larch ward. Dr Ines Moreau, the trust's chair, opened it.\n\n“{A},” said the deputy chair.",
    "Larch ward. Dr Ines Moreau, the trust's chair, opened it.\n\n“{A},” said the chair's husband.",
    "Larch ward. Dr Ines Moreau chairs the trust.\n\n“{A},” said the chair.",
    "Larch ward. Dr Ines Moreau, the trust's chair, opened it.\n\n“{A},” a porter told the chair."])
def test_a_credit_by_post_another_may_hold_or_no_one_is_named_for_credits_no_one(text):
    assert shown(text.format(A=A, B=B), [MOREAU, MALIK]) == []
