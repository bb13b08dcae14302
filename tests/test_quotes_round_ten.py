"""Quotation classes round ten of the adversarial set found or took over from round nine
(tests/data/quotes_adversarial/adv10-*, BENCHMARKS.md "A tenth round"): each test failed before its fix."""

from test_quotes import attributed, found

from index.documents import Person
from index.readers import read_document

FARROW = Person("Dr Olumide Farrow", "Clinical lead for lung health checks", "Sandmere Lung Health Partnership")
CRISP = Person("Helen Crisp", "Lead nurse", "Sandmere Lung Health Partnership")
INTERVIEW = ("Q: Why run one lung health check programme across two trusts?\n\n"
             "A: “Because smokers do not care which trust sends the invitation letter. One letter, one list.”\n\n"
             "Q: What changed first?\n\n"
             "A: We moved the mobile CT scanner truck to supermarket car parks. Attendance doubled in a month.\n\n"
             "Q: Helen Crisp told us the nurses “ran every lung health check clinic from the truck”. How?\n\n"
             "A: Yes.\n")


def test_an_interviews_answers_are_the_one_person_its_introduction_names():
    """Q:/A: answers, in marks or none, with the interviewee named only in the introduction were left to no
    one. They are the one listed person the text before the first question names, when it says an interview
    follows; not when it names two people, the one it names is the interviewer, or it is an FAQ someone
    prepared; a one-word answer is no quotation."""
    introduction = "Dr Olumide Farrow leads the programme, which two trusts run together. We spoke to him in October.\n\n"
    assert attributed(introduction + INTERVIEW, [FARROW, CRISP]) == [
        ("Dr Olumide Farrow", "Because smokers do not care which trust sends the invitation letter. One letter, one "
                              "list."),
        ("Dr Olumide Farrow", "We moved the mobile CT scanner truck to supermarket car parks. Attendance doubled in a "
                              "month.")]
    for other in ("Dr Olumide Farrow and Helen Crisp lead the programme. We spoke to them in October.\n\n",
                  "Helen Crisp, our editor, interviewed the programme's clinical lead in October.\n\n",
                  "The programme's clinical lead spoke to us in October.\n\n",
                  "These questions and answers were prepared by Dr Olumide Farrow for the two trusts.\n\n"):
        assert attributed(other + INTERVIEW, [FARROW, CRISP]) == [], other


JONES = Person("Sarah Jones", "Hydrotherapy service lead", "Lowbridge Hydrotherapy Network")
ADEBISI = Person("Dr Femi Adebisi", "Consultant rheumatologist", "Lowbridge Hospitals NHS Trust")


def test_a_timestamped_transcript_turn_and_a_turn_wholly_in_marks_are_the_speakers():
    """"[00:00:15] SARAH JONES: …" (a podcast's timestamp before the label) and `DR FEMI ADEBISI: "…"` (the turn
    wholly in marks) were left to no one; "HOST:" and a turn opening with a slogan in marks stay no one's, and
    the turn's words are shown without their own marks."""
    markdown = ("[00:00:04] HOST: Welcome back. Today I am joined by two guests from the network.\n\n"
                "[00:00:15] SARAH JONES: The two hospital pools now run from one hydrotherapy timetable.\n\n"
                '[00:01:09] DR FEMI ADEBISI: "Some of my patients had used the same pool for twenty years."\n\n'
                '(00:03:40) SARAH JONES: "Book the slot, not the pool" is what we put on the posters.\n')
    quotes = [(text, q) for text, q in found(markdown, [JONES, ADEBISI]) if q.name]
    assert [(q.name, q.text) for _, q in quotes] == [
        ("Sarah Jones", "The two hospital pools now run from one hydrotherapy timetable."),
        ("Dr Femi Adebisi", "Some of my patients had used the same pool for twenty years.")]
    text, quote = quotes[1]
    assert text[quote.start - 1] == '"' and text[quote.span_start:].startswith("[00:01:09] DR FEMI ADEBISI:")


AYDIN = Person("Kemal Aydin", "Director of nursing", "Tollbridge Mental Health Provider Collaborative")


def test_a_list_items_credit_line_leaves_the_next_items_marker_outside_the_quotation():
    """After a bullet's "– Name" credit line the next bullet's "- " was inside the quotation's span, so the next
    item was shown without its marker."""
    markdown = ("- “Every out-of-area inpatient bed is now a decision the collaborative takes together.”\n"
                "  – Kemal Aydin, Director of nursing\n"
                "- Nobody told the wards what the collaborative was for, one director said.\n")
    ((text, quote),) = found(markdown, [AYDIN])
    assert quote.name == "Kemal Aydin" and text[quote.span_end:].lstrip("\n").startswith("- Nobody told")


def _word_with_text_boxes(path, drawingml: bool) -> None:
    """A Word file whose quotation and its "— Name" sit in a text box: VML alone (Word 2003's shape), or
    DrawingML with the VML copy Word writes for older readers in mc:Fallback."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraphs = ("<w:p><w:r><w:t>“Special care dentistry is one service, whatever the badge on the door.”</w:t></w:r>"
                  "</w:p><w:p><w:r><w:t>— Dr Aled Penrose</w:t></w:r></w:p>")
    vml = (f'<v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent {w}>{paragraphs}'
           "</w:txbxContent></v:textbox></v:shape>")
    if drawingml:
        box = ('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
               'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><mc:Choice Requires="wps">'
               f"<w:drawing {w}><wps:wsp><wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx></wps:wsp>"
               f"</w:drawing></mc:Choice><mc:Fallback><w:pict {w}>{vml}</w:pict></mc:Fallback></mc:AlternateContent>")
    else:
        box = f"<w:pict {w}>{vml}</w:pict>"
    document = docx.Document()
    document.add_paragraph("Three community dental services share one special care dentistry list.")
    document.add_paragraph()._p.append(parse_xml(f"<w:r {w}>{box}</w:r>"))
    document.add_paragraph("Linh Tran leads the dental nurses.")
    document.save(str(path))


def test_a_word_text_boxs_quotation_is_read_once_with_its_credit_line(tmp_path):
    """A Word text box's text (w:txbxContent) was lost: python-docx reads only a paragraph's own runs. Its
    paragraphs now follow the paragraph it is anchored in, once (not again from the VML fallback copy)."""
    for drawingml in (False, True):
        path = tmp_path / f"box-{drawingml}.docx"
        _word_with_text_boxes(path, drawingml)
        body = read_document(path).body
        assert body.count("Special care dentistry is one service") == 1, body
        assert ("share one special care dentistry list.\n\n> “Special care dentistry is one service, whatever the "
                "badge on the door.”\n>\n> — Dr Aled Penrose\n\nLinh Tran leads") in body, body


def test_an_embedded_posts_author_line_is_its_blockquotes_attribution(tmp_path):
    """A tweet embed's "— Name (@handle) date" sits outside its `<p>` and was dropped, so a listed person's
    post was the page's text. The name before the handle is now the blockquote's attribution; an
    organisation's account stays no one's."""
    page = tmp_path / "tweets.html"
    page.write_text(
        "<html><body><article><h1>Falls response</h1><p>The falls car pairs a paramedic with a therapist.</p>"
        '<blockquote class="twitter-tweet"><p lang="en">Proud of our falls response car: 400 people helped up at '
        'home this winter.</p>&mdash; Brookhaven Community Health (@BrookhavenCHT) <a href="https://t.co/1">November '
        '3, 2026</a></blockquote><blockquote class="twitter-tweet"><p lang="en">The falls car is out seven days a week '
        'from Monday.</p>&mdash; Jonah Fairley (@jonahfairley_nhs) <a href="https://t.co/2">November 5, 2026</a>'
        "</blockquote></article></body></html>")
    body = read_document(page).body
    assert "> — Jonah Fairley\n" in body and "@" not in body and "November 5" not in body
    fairley = Person("Jonah Fairley", "Falls service lead", "Brookhaven Community Health NHS Trust")
    assert attributed(body, [fairley]) == [("Jonah Fairley", "The falls car is out seven days a week from Monday.")]


OKORO = Person("Sam Okoro", "Parent representative", "Kelworth Children's Therapies")


def test_they_said_is_the_person_introduced_just_before_only_when_the_document_states_their_pronoun():
    """"“…,” they said" after a sentence opening with one person was no one's. It is theirs when the document
    states "they" for them ("Sam Okoro (they/them)") and the sentence names no group "they" could mean;
    otherwise (no stated pronoun, "met the health visitors", a group's sentence) it stays no one's."""
    words = "Parents wanted one speech therapy waiting list they could see"
    said = f" “{words},” they said.\n"
    assert attributed("Sam Okoro (they/them) joined as parent representative in 2025." + said, [OKORO]) == [
        ("Sam Okoro", words)]
    for before in ("Sam Okoro joined as parent representative in 2025.",
                   "Sam Okoro (they/them) met the health visitors in 2025.",
                   "Sam Okoro (they/them) sat on the steering group from the start.",
                   "The health visitors said Sam Okoro (they/them) was right."):
        assert attributed(before + said, [OKORO]) == [], before


def test_a_pdf_glyph_with_no_character_leaves_no_placeholder(tmp_path):
    """A slide deck's "•" in a standard font has no character in the PDF's encoding: pdfminer reads it as
    "(cid:127)", which was shown in answers."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("bullet", fontName="Helvetica", fontSize=12, leading=16)
    path = tmp_path / "deck.pdf"
    SimpleDocTemplate(str(path), invariant=1).build([
        Paragraph("Why one front door for musculoskeletal physiotherapy", style),
        Paragraph("• Three referral routes became one", style)])
    body = read_document(path).body
    assert "cid:" not in body and "Three referral routes became one" in body
