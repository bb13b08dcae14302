"""Quotation classes probed beside round fifteen (tests/data/quotes_adversarial/adv15-*, BENCHMARKS.md "A fifteenth
round"; the probes in tests/quote_probes.py): words the document says were never said or only claimed, that the writer
does not vouch for, that the speaker voices for someone else, withdrawn or struck through, are no one's. Each class's
taking test failed before its fix, each with its must-not-take test; the last reads every answer surface."""

import pytest
from corpus_helpers import open_answerer
from quote_oracle import normal, who
from quote_probes import CREDITED, PEOPLE, SAID, UNCREDITED, WORDS
from test_quote_invariants import answer_surfaces
from test_quotes import shown

from index.chunking import chunk_blocks
from index.documents import load_document
from index.preparing import document_blocks
from index.quotes import find_quotations


@pytest.mark.parametrize("kind", UNCREDITED)
def test_words_the_document_does_not_give_as_said_are_no_ones(kind):
    """"At no point did Dr Ines Moreau say: “…”", "Critics claim …", "“…,” said …, allegedly", "— … (disputed)",
    "“…,” … said the letter read", "(a remark she later retracted)", "~~“…,” said ….~~": each was shown as hers."""
    assert [(text, shown(text, PEOPLE)) for text in UNCREDITED[kind]] == [(text, []) for text in UNCREDITED[kind]]


@pytest.mark.parametrize("kind", CREDITED)
def test_words_the_document_gives_as_said_keep_their_credit(kind):
    """Must not take: "Last week", "When asked,", "Only later did", "The BBC reported that", "That view was not shared
    by …, who said:", "“…,” according to …", "— …, chief executive", "said … the next day", "who withdrew from the race",
    withdrawing in her own words, a struck line before her next credit."""
    assert [(text, shown(text, PEOPLE)) for text, _ in CREDITED[kind]] == [
        (text, [("Dr Ines Moreau", words)]) for text, words in CREDITED[kind]]


def test_a_web_pages_struck_line_is_no_ones(tmp_path):
    """A page read by the HTML reader: `<s>` is struck as `~~…~~` and a `<del>` not read (round eighteen: an edit
    accepted), so neither quotation is anyone's."""
    later = "We will move the beds one ward at a time, and no patient will move twice"
    (tmp_path / "page.html").write_text(
        "<html><body><article><h1>Larch ward</h1><p>Cairnmore is moving its beds into the new hospital.</p>"
        f"<p><del>“{SAID},” said Dr Ines Moreau.</del> This line was withdrawn.</p>"
        f"<p><s>Dr Ines Moreau said: “{WORDS}”</s></p><p>“{later},” said Dr Ines Moreau.</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "page.meta.yaml").write_text(
        "title: Larch ward\npeople:\n- name: Dr Ines Moreau\n  role: Chief executive\n", encoding="utf-8")
    doc = load_document(tmp_path / "page.html")
    assert f"“{SAID},”" not in doc.body and f"~~Dr Ines Moreau said: “{WORDS}”~~" in doc.body
    blocks = document_blocks(doc)
    quotes = [q for qs in find_quotations(chunk_blocks(blocks), doc.people, [b.text for b in blocks if b.kind == "quote"])
              for q in qs if q.name]
    assert [(q.name, q.text) for q in quotes] == [("Dr Ines Moreau", later)]


def test_round_fifteen_on_every_answer_surface(corpus_dir, settings):
    """Terminal text, `--json`, Slack blocks and a Teams card of one answer over a news item: the struck, withdrawn,
    claimed and never-said lines are nobody's on any of them, and the one real credit is shown as hers."""
    real = "We will move the beds one ward at a time, and no patient will move twice,"
    (corpus_dir / "adv15-larch.md").write_text(
        "---\ntitle: Cairnmore moves Larch ward\npublisher: Example Trust\npeople:\n- name: Dr Ines Moreau\n"
        "  role: Chief executive\n  organisation: Cairnmore Mental Health NHS Trust\n---\n\n"
        "Cairnmore is moving Larch ward's inpatient mental health beds into the new hospital one ward at a time.\n\n"
        f"~~“{SAID},” said Dr Ines Moreau.~~ *Withdrawn at her request.*\n\n"
        "Critics claim Dr Ines Moreau said: “Larch ward will shut for good once the new hospital opens.”\n\n"
        "At no point did Dr Ines Moreau say: “The new hospital will have fewer beds than Larch ward.”\n\n"
        "“Every Larch ward patient goes home from the new hospital,” said Dr Ines Moreau (a remark she later "
        f"retracted).\n\n“{real}” Dr Ines Moreau told the council's scrutiny committee about Larch ward.\n",
        encoding="utf-8")
    answerer = open_answerer(settings)
    try:
        answer = answerer.answer("How is Cairnmore moving Larch ward's beds into the new hospital?")
    finally:
        answerer.corpus.close()
    disowned = [normal(w) for w in (SAID, "Larch ward will shut for good", "fewer beds than Larch ward",
                                    "Every Larch ward patient goes home")]
    for surface, rendering in answer_surfaces(answer).items():
        credited = [(normal(words), who(name)) for words, name in rendering.pairs]
        assert not [c for c in credited if any(d in c[0] for d in disowned)], (surface, credited)
        assert (normal(real), "ines moreau") in credited, (surface, credited)
        assert not any(d in text for text in rendering.strings for d in ("““", "””")), surface
