"""Quotation classes of round seventeen (tests/data/quotes_adversarial/adv17-*, BENCHMARKS.md "Stop 46"; the probes
in tests/quote_probes_seventeen.py): a quotation holding struck or tracked-deleted words is no one's, and a Word
file's tracked insertions are read; another's post passed on is no one's while "Name tweeted:" and "wrote on
LinkedIn:" are hers; "said the post, Name" is Name's but "said Name's deputy" is not; a pronoun under a new heading
carries no one; a line of a name and a post ("**Name**, Head of operations") introduces the quotation after it,
as a line of the name alone did. Each taking test failed before its fix, each with its must-not-take test; the last reads every
answer surface."""

from pathlib import Path

import pytest
from adversarial_round_seventeen import write_word_tracked
from corpus_helpers import open_answerer
from quote_oracle import normal, who
from quote_probes_seventeen import CREDITED, PEOPLE, UNCREDITED
from test_quote_invariants import answer_surfaces
from test_quotes import shown

from index.chunking import chunk_blocks
from index.documents import load_document
from index.preparing import document_blocks
from index.quotes import find_quotations

SIDECAR = ("title: Brackwater community beds\npeople:\n- name: Dr Henrietta Maplethorpe\n  role: Chief executive\n"
           "- name: Kofi Ashdown-Mensah\n  role: Director of community services\n")


@pytest.mark.parametrize("kind", UNCREDITED)
def test_struck_words_anothers_post_a_colleague_and_a_pronoun_past_a_heading_are_no_ones(kind):
    """"“We will ~~open~~ close …,” said Name" (was hers, struck word and all), "Name retweeted a patient:", "said
    Name's deputy, Other", "“…,” she said" under a new heading after a paragraph naming her, a name line whose rest is
    a date, a relation or another person."""
    assert [(text, shown(text, PEOPLE)) for text in UNCREDITED[kind]] == [(text, []) for text in UNCREDITED[kind]]


@pytest.mark.parametrize("kind", CREDITED)
def test_the_speakers_own_words_keep_or_gain_their_credit(kind):
    """Read now: "Name tweeted:", "posted on X:", "wrote on LinkedIn:", "wrote to every ward:", "“…,” said the chief
    executive, Name.", "**Name**, Chief executive" over a quotation; must not take: struck text beside the quotation,
    a pronoun in the heading's own section."""
    assert [(text, shown(text, PEOPLE)) for text, _ in CREDITED[kind]] == [
        (text, [("Dr Ines Moreau", words)]) for text, words in CREDITED[kind]]


def _credited(path: Path) -> list[tuple[str, str]]:
    doc = load_document(path)
    blocks = document_blocks(doc)
    quotes = find_quotations(chunk_blocks(blocks), doc.people, [b.text for b in blocks if b.kind == "quote"])
    return [(q.name, q.text) for qs in quotes for q in qs if q.name]


def test_a_word_files_tracked_changes_are_read_accepted_and_its_struck_runs_are_no_ones(tmp_path):
    """The tracked insertion was dropped ("“We will the Brackwater community beds open …”", credited to her), a
    deleted quotation is never read, and a struck run was read as her words ("Every patient will be moved to Ashdown
    ward and stays …", credited to him)."""
    write_word_tracked(tmp_path / "beds.docx")
    (tmp_path / "beds.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    body = load_document(tmp_path / "beds.docx").body
    assert "“We will keep the Brackwater community beds open through the winter,”" in body
    assert "close its last ward" not in body and "We will close" not in body
    assert "“Every patient ~~will be moved to Ashdown ward and~~ stays on the ward" in body
    credited = _credited(tmp_path / "beds.docx")
    assert ("Dr Henrietta Maplethorpe", "We will keep the Brackwater community beds open through the winter") in credited
    assert not [words for _, words in credited if "Every patient" in words or "close" in words]


def test_a_web_pages_span_styled_line_through_is_struck_and_its_quotation_no_ones(tmp_path):
    """`<span style="text-decoration: line-through">` was read as the page's text, inside the speaker's marks."""
    (tmp_path / "page.html").write_text(
        "<html><body><article><h1>Wyvern stone clinic</h1><p>The clinic runs one list for the county.</p>"
        "<p>“We <span style=\"text-decoration: line-through\">will never</span> may one day open a second "
        "lithotripsy unit,” said Dr Lorcan Vale.</p><p>“The stone pathway is one list for the whole county now,” said "
        "Dr Lorcan Vale.</p><p>A <span style=\"color: red\">red</span> word stays.</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "page.meta.yaml").write_text("title: Wyvern\npeople:\n- name: Dr Lorcan Vale\n  role: Director\n",
                                             encoding="utf-8")
    body = load_document(tmp_path / "page.html").body
    assert "“We ~~will never~~ may one day" in body and "A red word stays." in body
    assert _credited(tmp_path / "page.html") == [
        ("Dr Lorcan Vale", "The stone pathway is one list for the whole county now")]


def test_text_a_word_file_or_a_page_hides_is_never_read_into_a_quotation(tmp_path):
    """A hidden Word run (`w:vanish`) and an HTML span the page hides (`hidden`, `display: none`) were read, so the
    speaker was credited with "We will never close Larch ward …", words no reader of the file sees."""
    import docx

    document = docx.Document()
    document.add_heading("Larch ward", 0)
    paragraph = document.add_paragraph("“We will ")
    paragraph.add_run("never ").font.hidden = True
    paragraph.add_run("close Larch ward this winter and move every patient at once,” said Dr Ines Moreau.")
    document.add_paragraph("A ").add_run("visible").font.hidden = False
    document.save(str(tmp_path / "larch.docx"))
    (tmp_path / "page.html").write_text(
        "<html><body><article><h1>Larch ward</h1><p>“We will <span hidden>never</span> close Larch ward this "
        "winter and <span style=\"display: none\">not</span> move every patient at once,” said Dr Ines Moreau.</p>"
        "<p>A <span style=\"display: inline\">shown</span> word.</p></article></body></html>", encoding="utf-8")
    for name in ("larch", "page"):
        (tmp_path / f"{name}.meta.yaml").write_text(
            "title: Larch ward\npeople:\n- name: Dr Ines Moreau\n  role: Chief executive\n", encoding="utf-8")
    assert "A visible" in load_document(tmp_path / "larch.docx").body
    assert "A shown word." in load_document(tmp_path / "page.html").body
    for path in (tmp_path / "larch.docx", tmp_path / "page.html"):
        assert _credited(path) == [
            ("Dr Ines Moreau", "We will close Larch ward this winter and move every patient at once")], path.name


def test_round_seventeen_on_every_answer_surface(corpus_dir, settings):
    """Terminal text, `--json`, Slack blocks and a Teams card of one answer over a Word board paper with tracked
    changes and a struck run: her accepted words are hers, and the deleted, struck and retweeted words are nobody's."""
    write_word_tracked(corpus_dir / "brackwater-beds.docx")
    (corpus_dir / "brackwater-beds.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    (corpus_dir / "brackwater-posts.md").write_text(
        "---\ntitle: Brackwater bed bureau posts\npublisher: Example Trust\npeople:\n- name: Kofi Ashdown-Mensah\n"
        "  role: Director of community services\n  organisation: Brackwater Community Health NHS Trust\n---\n\n"
        "Brackwater's bed bureau finds a community bed for every patient within four hours of a referral.\n\n"
        "Kofi Ashdown-Mensah retweeted a porter: “The Brackwater bed bureau never answers the phone at night.”\n\n"
        "Kofi Ashdown-Mensah tweeted: “The Brackwater bed bureau found forty community beds this week.”\n",
        encoding="utf-8")
    answerer = open_answerer(settings)
    try:
        answer = answerer.answer("How did Brackwater keep its community beds open through the winter with a bed bureau?")
    finally:
        answerer.corpus.close()
    disowned = [normal(w) for w in ("will be moved to Ashdown ward", "close its last ward", "never answers the phone")]
    for surface, rendering in answer_surfaces(answer).items():
        credited = [(normal(words), who(name)) for words, name in rendering.pairs]
        assert not [c for c in credited if any(d in c[0] for d in disowned)], (surface, credited)
        assert (normal("We will keep the Brackwater community beds open through the winter"), "henrietta maplethorpe") \
            in credited, (surface, credited)
        assert not any("close its last ward" in text for text in rendering.strings), surface
