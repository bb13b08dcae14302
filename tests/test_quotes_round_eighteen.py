"""Quotation classes of round eighteen (tests/data/quotes_adversarial/adv18-*, BENCHMARKS.md "Stop 47"; the probes in
tests/quote_probes_eighteen.py): a web page's `<del>`/`<ins>` edits are accepted as a Word file's tracked changes
are, so the speaker's corrected words are hers; a "Name, post" role line right under a quotation no one is credited
with credits it; a name line then a post line above a quotation introduces it; “A, said Name. (an opening mark never
closed) is Name's; "“…,” she said" opening the paragraph after one about her alone (whose pronoun it shows) is hers;
"— KMO" under a blockquote is whom the document defined KMO for. Each taking test failed before its
fix, each with its must-not-take test; the last reads every answer surface."""

from pathlib import Path

import pytest
from adversarial_round_eighteen import write_pdf_role_lines, write_word_initials
from corpus_helpers import open_answerer
from quote_oracle import normal, who
from quote_probes import SAID, WORDS
from quote_probes_eighteen import CREDITED, PEOPLE, UNCREDITED
from test_quote_invariants import answer_surfaces
from test_quotes import shown

from index.chunking import chunk_blocks
from index.documents import load_document
from index.preparing import document_blocks
from index.quotes import find_quotations

PAGE = ("<html><body><article><h1>Carnford hearing service</h1><p>The service fits hearing aids in four clinics.</p>"
        "<p>“We <del>halved</del><ins>cut by a quarter</ins> the wait for a fitting,” said Dr Oriane Delacourt.</p>"
        "<p>“Patients choose the clinic nearest their home,” said <del>Huw Caddick</del><ins>Dr Oriane Delacourt</ins>."
        "</p><p><del>“The town centre clinic will move to the hospital in June,” said Huw Caddick.</del> Withdrawn.</p>"
        "<p><s>“The Saturday clinic will close,” said Huw Caddick.</s></p>"
        "<blockquote><p>“Nobody should travel more than twenty minutes for a hearing test.”</p></blockquote>"
        "<p>Huw Caddick, Head of audiology, Carnford Hospitals NHS Trust</p></article></body></html>")
SIDECAR = ("title: Carnford hearing service\npeople:\n- name: Dr Oriane Delacourt\n  role: Consultant audiologist\n"
           "- name: Huw Caddick\n  role: Head of audiology\n")


@pytest.mark.parametrize("kind", UNCREDITED)
def test_captions_clauses_relayed_lines_and_shared_initials_credit_no_one(kind):
    """A sentence, a relayed line, a caption, a post alone or a date under a quotation; a name line over "on what a
    patient told her"; “A, said a porter. or said Name's deputy; "she said" after a paragraph that does not show her
    pronoun, names another, or is not just before; initials two bearers share."""
    assert [(text, shown(text, PEOPLE)) for text in UNCREDITED[kind]] == [(text, []) for text in UNCREDITED[kind]]


@pytest.mark.parametrize("kind", CREDITED)
def test_role_lines_name_lines_unclosed_marks_and_defined_initials_credit_the_speaker(kind):
    """Read now (no one's before): "“A.”" / "Name, Chief executive"; "**Name**" / "Chief executive, Trust" / "“A.”";
    “A, said Name.; "Name runs … She joined …" / "“A,” she said."; "Name (IM)" … "> A" / "> — IM"."""
    assert [(text, shown(text, PEOPLE)) for text, _ in CREDITED[kind]] == [
        (text, [("Dr Ines Moreau", words)]) for text, words in CREDITED[kind]]


def test_role_lines_under_a_labelled_turn_or_a_credited_quotation_take_nothing():
    """A "Name, post" line under a quotation someone is credited with already is no caption of it."""
    for text in (f"**Tomasz Wierzbicki**, Ward manager\n\n“{WORDS}”\n\nDr Ines Moreau, Chief executive",
                 f"Tomasz Wierzbicki said:\n\n“{WORDS}”\n\nDr Ines Moreau, Chief executive",
                 f"“{SAID},” said Tomasz Wierzbicki.\n\nDr Ines Moreau, Chief executive"):
        assert [name for name, _ in shown(text, PEOPLE)] == ["Tomasz Wierzbicki"], text


def _credited(path: Path) -> list[tuple[str, str]]:
    doc = load_document(path)
    blocks = document_blocks(doc)
    quotes = find_quotations(chunk_blocks(blocks), doc.people, [b.text for b in blocks if b.kind == "quote"])
    return [(q.name, q.text) for qs in quotes for q in qs if q.name]


def test_a_web_pages_corrections_are_accepted_and_the_corrected_words_are_the_speakers(tmp_path):
    """“We <del>halved</del><ins>cut by a quarter</ins> …” was no one's (read as “We ~~halved~~cut by a quarter …”);
    a corrected credit is the inserted person's; a deleted quotation is never read; `<s>` stays struck and no one's;
    a role line under a blockquote credits it."""
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "page.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    body = load_document(tmp_path / "page.html").body
    assert "halved" not in body and "town centre clinic" not in body and "~~“The Saturday clinic will close" in body
    assert sorted(_credited(tmp_path / "page.html")) == [
        ("Dr Oriane Delacourt", "Patients choose the clinic nearest their home"),
        ("Dr Oriane Delacourt", "We cut by a quarter the wait for a fitting"),
        ("Huw Caddick", "Nobody should travel more than twenty minutes for a hearing test.")]


def test_a_word_files_role_line_initials_and_unclosed_mark_and_a_pdfs_name_and_role_lines(tmp_path):
    """Through the Word and PDF readers: a Quote's last line "Name, role", "— KMO" the document defined, “A, said
    Name.; a PDF's role line under a quotation and a name line then a role line above one. A mother's guillemets and a
    patient's caption stay no one's."""
    write_word_initials(tmp_path / "orthoptics.docx")
    write_pdf_role_lines(tmp_path / "sleep.pdf")
    (tmp_path / "orthoptics.meta.yaml").write_text(
        "title: Orthoptics\npeople:\n- name: Dr Keturah Mansfield-Obi\n  role: Head of orthoptics\n"
        "- name: Rhodri Vaughan-Asante\n  role: Children's eye service manager\n", encoding="utf-8")
    (tmp_path / "sleep.meta.yaml").write_text(
        "title: Sleep\npeople:\n- name: Dr Ingrid Solberg-Achebe\n  role: Consultant in sleep medicine\n"
        "- name: Tomasz Wyndham-Kerr\n  role: Sleep service manager\n", encoding="utf-8")
    word = [(who(name), normal(words)) for name, words in _credited(tmp_path / "orthoptics.docx")]
    for pair in (("keturah mansfield-obi", normal("Every child who fails the school eye screen is seen in clinic "
                                                   "within six weeks.")),
                 ("rhodri vaughan-asante", normal("We screened eleven thousand children in reception classes last year")),
                 ("rhodri vaughan-asante", normal("Every school has a named orthoptist it can ring"))):
        assert pair in word, (pair, word)
    assert not [w for _, w in word if "patch" in w or "never had an eye test" in w]
    pdf = [(who(name), normal(words)) for name, words in _credited(tmp_path / "sleep.pdf")]
    assert ("ingrid solberg-achebe", normal("Nine in ten sleep studies now happen in the patient's own bed.")) in pdf
    assert ("tomasz wyndham-kerr", normal("The study kits come back by post, and we read them the next morning.")) in pdf
    assert not [w for _, w in pdf if "slept through the night" in w]


def test_round_eighteen_on_every_answer_surface(corpus_dir, settings):
    """Terminal text, `--json`, Slack blocks and a Teams card of one answer over a page with corrections and a
    role line: her corrected words are hers, and the deleted and withdrawn words are nobody's and never shown."""
    (corpus_dir / "carnford-hearing.html").write_text(PAGE, encoding="utf-8")
    (corpus_dir / "carnford-hearing.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    answerer = open_answerer(settings)
    try:
        answer = answerer.answer("How did the Carnford hearing service cut the wait for a hearing aid fitting?")
    finally:
        answerer.corpus.close()
    for surface, rendering in answer_surfaces(answer).items():
        credited = [(normal(words), who(name)) for words, name in rendering.pairs]
        assert (normal("We cut by a quarter the wait for a fitting"), "oriane delacourt") in credited, (surface, credited)
        assert not [c for c in credited if "halved" in c[0] or "saturday clinic" in c[0] or c[1] == "huw caddick"
                    and "patients choose" in c[0]], (surface, credited)
        assert not any("halved" in text or "town centre clinic" in text for text in rendering.strings), surface
