"""Quotation classes of round twenty-one (tests/data/quotes_adversarial/adv21-*, BENCHMARKS.md "Stop 52"): a listed
person's full name with styles the front matter leaves out ("Cllr", "The Rt Hon", "MP", "OBE FRCP", "RM") credits them,
in a sentence, a credit line, a table's speaker cell or a blockquote's attribution; a credit line may open with a bar
(―) or a tilde (~) as with a dash; a blockquote's (an HTML blockquote's, a Word Quote's) last line "By Name" is its
attribution; "X said …, while Y added that “…”" is Y's; an interview whose questions are sub-headings (a PDF's bold
question lines) credits the first-person paragraph under each to the one person its title, heading or introduction
names. Each taking test fails on the base code; each has its must-not-take test."""

import pytest
from test_quotes import shown

from index.chunking import chunk_blocks
from index.documents import Person, load_document
from index.preparing import document_blocks
from index.quotes import find_quotations

JO, SAM = Person("Jo Bloggs", "Cabinet member for health"), Person("Sam Able", "Clinical director")
WORDS = "The council and the trust now fund one reablement team together"


def _credited(path) -> list[tuple[str, str]]:
    """(person, words) for every credited quotation of a document, read as the index reads it (its title too)."""
    doc = load_document(path)
    blocks = document_blocks(doc)
    quotes = find_quotations(chunk_blocks(blocks), doc.people, [b.text for b in blocks if b.kind == "quote"], doc.title)
    return [(q.name, q.text) for qs in quotes for q in qs if q.name and q.text]


# --- honorifics and post-nominals the front matter leaves out ---------------------------------------------------------


@pytest.mark.parametrize("text", [
    f"Larch ward. “{WORDS},” said Cllr Jo Bloggs.",
    f"Larch ward. “{WORDS},” said Councillor Jo Bloggs at the launch.",
    f"Larch ward. “{WORDS}.” — The Rt Hon Jo Bloggs MP",
    f"Larch ward. “{WORDS},” said Dr Jo Bloggs OBE FRCP.",
    f"| Who | What they said |\n|---|---|\n| Cllr Jo Bloggs, cabinet member for health | “{WORDS}.” |",
    f"| Who | What they said |\n|---|---|\n| Jo Bloggs RM | “{WORDS}.” |",
    f"Larch ward.\n\n> “{WORDS}.”\n>\n> — Cllr Jo Bloggs"])
def test_a_listed_name_with_styles_the_front_matter_leaves_out_credits_them_by_their_listed_name(text):
    assert [name for name, _ in shown(text, [JO, SAM])] == ["Jo Bloggs"]


@pytest.mark.parametrize("text", [
    f"Larch ward. “{WORDS},” said Mrs Bloggs.",  # a surname alone with a style: maybe someone else of that name
    f"Larch ward. “{WORDS},” said Cllr Jo Bloggs-Hart.",
    f"Larch ward. “{WORDS}.” — The Rt Hon Member for Larch",
    f"| Who | What they said |\n|---|---|\n| Jo Bloggs, for the patients' group | “{WORDS}.” |",
    f"| Who | What they said |\n|---|---|\n| Cllr Jo Bloggs and Sam Able | “{WORDS}.” |"])
def test_a_style_never_widens_a_name_to_someone_else_or_to_a_group(text):
    assert shown(text, [JO, SAM]) == []


# --- credit lines opening with a bar or a tilde -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [f"Larch ward.\n\n“{WORDS}.”\n― Jo Bloggs, cabinet member for health",
                                  f"Larch ward.\n\n“{WORDS}.”\n\n~ Jo Bloggs",
                                  f"Larch ward.\n\n> “{WORDS}.”\n>\n> ~ Jo Bloggs",
                                  f"Larch ward.\n\n“{WORDS}.”\n\n― Cllr Jo Bloggs"])
def test_a_credit_line_opening_with_a_bar_or_a_tilde_credits_the_quotation_above(text):
    assert shown(text, [JO, SAM]) == [("Jo Bloggs", f"{WORDS}.")]


@pytest.mark.parametrize("text", [f"Larch ward.\n\n“{WORDS}.”\n\n~ 50 patients a week",
                                  f"Larch ward.\n\n“{WORDS}.”\n\n― A carer, aged 70",
                                  f"Larch ward.\n\n“{WORDS}.”\n\n~ Jo Bloggs, quoting a patient",
                                  f"Larch ward.\n\n“{WORDS}.”\n\nBy Jo Bloggs"])  # a byline under a paragraph: no credit
def test_a_bar_or_tilde_line_naming_no_one_or_relaying_and_a_paragraphs_byline_credit_no_one(text):
    assert shown(text, [JO, SAM]) == []


# --- "By Name" closing a blockquote ------------------------------------------------------------------------------------

SIDECAR = ("title: Reablement\npeople:\n- name: Jo Bloggs\n  role: Cabinet member for health\n"
           "- name: Sam Able\n  role: Clinical director\n")


def test_an_html_blockquotes_by_line_is_its_attribution(tmp_path):
    (tmp_path / "page.html").write_text(
        f"<html><body><article><h1>Reablement</h1><p>The team pooled its budget.</p><blockquote><p>“{WORDS}.”</p>"
        "<p>By Jo Bloggs</p></blockquote><aside><p>“Reablement is cheaper than a care home bed and kinder too.”</p>"
        "<p>~ Cllr Jo Bloggs</p></aside></article></body></html>", encoding="utf-8")
    (tmp_path / "page.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    assert _credited(tmp_path / "page.html") == [
        ("Jo Bloggs", f"{WORDS}."), ("Jo Bloggs", "Reablement is cheaper than a care home bed and kinder too.")]


def test_a_word_quotes_by_line_is_its_attribution_and_a_by_sentence_is_not(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Reablement", 0)
    document.add_paragraph("The team pooled its budget.")
    document.add_paragraph(f"“{WORDS}.”", style="Quote")
    document.add_paragraph("By Jo Bloggs RM", style="Quote")
    document.add_paragraph("The council agreed.")
    document.add_paragraph("“Every ward has one reablement coordinator on the rota now.”", style="Quote")
    document.add_paragraph("By the summer every ward had one.", style="Quote")
    document.save(str(tmp_path / "paper.docx"))
    from index.readers.docx import read_docx

    body = read_docx(tmp_path / "paper.docx").body
    (tmp_path / "paper.md").write_text(f"---\n{SIDECAR}---\n{body}", encoding="utf-8")
    assert _credited(tmp_path / "paper.md") == [("Jo Bloggs", f"{WORDS}.")]
    assert "By the summer every ward had one." in body


# --- two speakers: "X said …, while Y added that “…”" -----------------------------------------------------------------


def test_the_last_clause_naming_a_speaker_before_a_quotation_credits_them():
    text = f"Sam Able said the waiting list went first, while Jo Bloggs added that “{WORDS}”."
    assert shown(text, [JO, SAM]) == [("Jo Bloggs", WORDS)]


@pytest.mark.parametrize("text", [f"Sam Able said that, while Jo Bloggs was away, “{WORDS}”.",
                                  f"Sam Able said the list went, and the board agreed: “{WORDS}”.",
                                  f"Sam Able said the list went, and a patient of Jo Bloggs said: “{WORDS}”."])
def test_a_last_clause_naming_no_speaker_or_someone_elses_patient_credits_no_one(text):
    assert shown(text, [JO, SAM]) == []


# --- an interview whose questions are sub-headings --------------------------------------------------------------------

ANSWER = "We put one phone number on every leaflet, and I answered it myself for the first month."


def _interview(tmp_path, title: str, introduction: str, answer: str = ANSWER) -> list[tuple[str, str]]:
    (tmp_path / "interview.md").write_text(
        f"---\ntitle: '{title}'\npeople:\n- name: Jo Bloggs\n  role: Medical director\n- name: Sam Able\n"
        f"  role: Network manager\n---\n\n{introduction}\n\n## What changed first?\n\n{answer}\n\n"
        f"## What would you do again?\n\n{answer.replace('first', 'second')}\n", encoding="utf-8")
    return _credited(tmp_path / "interview.md")


@pytest.mark.parametrize("title, introduction", [
    ("Brinmoor stroke network", "Jo Bloggs has led the stroke network since 2022. We asked her about the first year."),
    ("In conversation with Jo Bloggs: the Brinmoor stroke network", "The network joined two units in 2022.")])
def test_answers_under_question_sub_headings_are_the_interviewee_the_title_or_introduction_names(tmp_path, title,
                                                                                                  introduction):
    assert _interview(tmp_path, title, introduction) == [("Jo Bloggs", ANSWER),
                                                          ("Jo Bloggs", ANSWER.replace("first", "second"))]


@pytest.mark.parametrize("title, introduction, answer", [
    ("Brinmoor stroke network", "Jo Bloggs and Sam Able lead the network. We asked them about the first year.", ANSWER),
    ("Brinmoor stroke network", "Jo Bloggs was interviewed by Sam Able about the first year.", ANSWER),
    ("Brinmoor stroke network", "Jo Bloggs leads the network. Families often ask these questions.", ANSWER),
    ("Interview tips from Jo Bloggs", "The network joined two units in 2022.", ANSWER),
    ("In conversation with Jo Bloggs", "The network joined two units in 2022.",
     "Sam Able put one phone number on every leaflet and answered it himself for the first month.")])
def test_question_sub_headings_with_no_one_interviewee_or_an_answer_about_someone_credit_no_one(tmp_path, title,
                                                                                                introduction, answer):
    assert _interview(tmp_path, title, introduction, answer) == []


# --- "said the chair" when two people chair something -----------------------------------------------------------------


@pytest.mark.parametrize("naming", ["Jo Bloggs chairs the board, and Sam Able chairs the nursing forum.",
                                    "Jo Bloggs, who chairs the board, met Sam Able, chair of the patients' panel.",
                                    "Jo Bloggs, the trust's chair, thanked Sam Able, who chairs the council.",
                                    "Jo Bloggs, who chairs the board, met the chairs of both councils."])
def test_said_the_chair_when_two_people_chair_something_credits_no_one(naming):
    assert shown(f"{naming} “{WORDS},” said the chair.", [JO, SAM]) == []



def test_said_the_chair_after_one_person_who_chairs_the_board_credits_them():
    text = f"Jo Bloggs, who chairs the board, met Sam Able. “{WORDS},” said the chair."
    assert shown(text, [JO, SAM]) == [("Jo Bloggs", WORDS)]


# --- a PDF's side box: a frame drawn edge by edge beside the text ---------------------------------------------------

BODY = ("The network's two units publish their door-to-needle times side by side every month, and the network board "
        "reviews every patient who waited longer than an hour.")


def _pdf_with_side_box(path, box: str, credit: str, table: bool = False) -> str:
    """A PDF whose paragraph has a bordered box beside it (a table's BOX: four lines, no rectangle), read by the
    PDF reader; its Markdown body."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from index.readers.pdf import read_pdf

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    inner = Table([[Paragraph(box, body)], [Paragraph(credit, body)]], colWidths=[150])
    inner.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, "#005EB8")]))
    outer = Table([[Paragraph(BODY, body), inner]], colWidths=[300, 160])
    outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    grid = Table([["Unit", "Door to needle"], ["Brinmoor General", "38 minutes"], ["Ashcombe", "41 minutes"]])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#000000")]))
    wide = Paragraph("The network joined its two hyperacute stroke units in 2022, and since then every patient in the "
                     "county has been seen by a stroke consultant within the hour, whichever unit the ambulance reaches "
                     "first, by day and by night, on weekdays and at weekends.", body)  # full width: no gutter
    flowables = [Paragraph("Brinmoor stroke network", title), wide, outer, wide]
    SimpleDocTemplate(str(path), pagesize=A4, title="Brinmoor stroke network", invariant=1).build(
        flowables + ([grid] if table else []))
    return read_pdf(path).body


def test_a_pdf_side_box_is_read_whole_after_the_text_beside_it_and_its_dash_line_credits_it(tmp_path):
    body = _pdf_with_side_box(tmp_path / "side.pdf", f"“{WORDS}.”", "– Jo Bloggs", table=True)
    assert BODY in body and f"> “{WORDS}.”\n>\n> — Jo Bloggs" in body
    assert body.index(BODY) < body.index(WORDS) and body.count("38 minutes") == 1
    (tmp_path / "side.md").write_text(f"---\n{SIDECAR}---\n{body}", encoding="utf-8")
    assert _credited(tmp_path / "side.md") == [("Jo Bloggs", f"{WORDS}.")]


def test_a_pdf_side_box_under_a_role_alone_is_no_ones_and_never_mixes_with_the_text(tmp_path):
    body = _pdf_with_side_box(tmp_path / "side.pdf", f"“{WORDS}.”", "– Patient, aged 72")
    assert BODY in body and f"“{WORDS}.”" in body
    (tmp_path / "side.md").write_text(f"---\n{SIDECAR}---\n{body}", encoding="utf-8")
    assert _credited(tmp_path / "side.md") == []


def test_a_slide_drawn_as_a_bordered_panel_never_puts_its_title_inside_a_credited_quotation(tmp_path):
    """Round ten's slide deck: each slide a panel drawn as four lines, wider than a side box; read as a framed pull
    quote, a slide's title and bullets became part of the quotation its "— Name" line credits."""
    from adversarial_round_ten import REVIEWED_PEOPLE, write_slide_deck

    from index.readers.pdf import read_pdf

    write_slide_deck(tmp_path / "deck.pdf")
    people = "".join(f"- name: {name}\n  role: {role}\n" for name, role, _ in REVIEWED_PEOPLE["adv10-msk-slide-deck-pdf"])
    body = read_pdf(tmp_path / "deck.pdf").body
    (tmp_path / "deck.md").write_text(f"---\ntitle: Deck\npeople:\n{people}---\n{body}", encoding="utf-8")
    credited = _credited(tmp_path / "deck.md")
    assert not [words for _, words in credited if "referral routes" in words]
