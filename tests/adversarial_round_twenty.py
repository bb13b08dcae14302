"""Round twenty of the adversarial quotation set: a Word file and a PDF with a post whose holder is named only in a
running sentence, a quotation credited by pronoun after a sentence naming its speaker, an interview under a heading
naming the interviewee (Q:/A: lines, bold question lines), a quotation over several paragraphs in single marks,
apostrophes inside single marks, quoted slogans and titles, and a testimonial list credited by role alone, generated
here and brought in with `peerbot import` by tests/adversarial_quotes.py (the Markdown and HTML documents are
tests/data/quotes_adversarial/adv20-*), and the people a reviewer adds to them."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv20-hospice-word-interview-and-testimonials": (
        ("Bronagh Castellane-Mbeki", "Director of care", "Harrowby Hospice"),
        ("Idris Pemberton-Lowe", "Chair", "Harrowby Hospice")),
    "adv20-diabetes-pdf-interview-and-slogans": (
        ("Dr Ottilie Brennan-Sadiq", "Consultant diabetologist", "Kestrelford Hospitals NHS Trust"),
        ("Hamish Okafor-Lindqvist", "Lead podiatrist", "Kestrelford Hospitals NHS Trust")),
}


def write_word_interview(path: Path) -> None:
    """A hospice's Word report: a chair named only in a running sentence then "said the chair", a pronoun after the
    sentence naming the speaker, a Q:/A: interview under a heading naming the interviewee, a quotation over three
    paragraphs in single marks, a quoted pledge, and Quote paragraphs each under a role line alone."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Harrowby Hospice night service: one team through the night"
    document.add_heading("Harrowby Hospice night service: one team through the night", 0)
    document.add_paragraph("Harrowby Hospice and the community nursing team merged their night staff into one "
                           "palliative night service in 2025. Idris Pemberton-Lowe, who chairs the hospice board, "
                           "spent a night with the team before the board agreed the plan.")
    document.add_paragraph("“The night service answered every call from a family within the hour last winter,” said "
                           "the chair.")
    document.add_paragraph("Bronagh Castellane-Mbeki became the hospice's director of care in 2019. “We never turn "
                           "a night call away, whoever's patient it is,” she said.")
    document.add_paragraph("The hospice's ‘nobody dies alone in Harrowby, day or night’ pledge is printed on every "
                           "door of the building.")
    document.add_paragraph("Bronagh Castellane-Mbeki said:")
    document.add_paragraph("‘The night nurses used to work alone in three different teams.")
    document.add_paragraph("‘Now they share one rota, one phone and one car, and they back each other up.")
    document.add_paragraph("‘The families notice it before we do.’")
    document.add_paragraph("‘It's the volunteers' night sitting service that families thank us for most,’ said Idris "
                           "Pemberton-Lowe.")
    document.add_heading("In conversation with Bronagh Castellane-Mbeki", 1)
    document.add_paragraph("Q: What made the night service work in its first winter?")
    document.add_paragraph("A: One phone number for families, answered by a nurse who can drive out the same night.")
    document.add_paragraph("Q: What would you change if you started again?")
    document.add_paragraph("A: I would bring the out-of-hours GPs into the night rota from the very first week.")
    document.add_heading("What families and staff said", 1)
    for words, role in (("“The night nurse sat with my mother until the sun came up.”", "— Daughter of a patient"),
                        ("“I can finally ring one number and know someone will come out.”", "— Carer"),
                        ("“We hand over to the day team with nothing left undone.”", "— Night nurse"),
                        ("“The night rota is the best thing the hospice board has ever agreed.”", "— Chair")):
        document.add_paragraph(words, style="Quote")
        document.add_paragraph(role, style="Quote")
    document.save(str(path))


def write_pdf_interview(path: Path) -> None:
    """A diabetes footcare PDF: bold question lines and plain answers under a heading naming the interviewee, a chair
    named only in a running sentence, pronouns after the naming sentence, a quotation over two paragraphs in single
    marks, apostrophes inside single marks, a quoted campaign title, and testimonials credited by role alone."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    bold = ParagraphStyle("bold", fontName="Helvetica-Bold", fontSize=10, leading=13.5, spaceAfter=4)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
    name = "Kestrelford diabetes footcare: one podiatry caseload"
    flowables = [
        Paragraph(name, title),
        Paragraph("Kestrelford Hospitals NHS Trust joined its hospital and community podiatry teams into one "
                  "diabetes footcare caseload. Dr Ottilie Brennan-Sadiq, who chairs the footcare network, wrote the "
                  "shared referral form herself.", body),
        Paragraph("“A foot ulcer referred on Monday is seen by a podiatrist on Tuesday, wherever the patient "
                  "lives,” said the chair.", body),
        Paragraph("Hamish Okafor-Lindqvist moved from the community team to lead the joint clinic. ‘We see the "
                  "same patients in the same week, whichever door they come through,’ he said.", body),
        Paragraph("‘The clinics' waiting lists were merged in a weekend, and it's held ever since,’ said Hamish "
                  "Okafor-Lindqvist.", body),
        Paragraph("The network's ‘Feet First: No Ulcer Waits a Week’ campaign ran in every GP surgery in the "
                  "county.", body),
        Paragraph("‘We lost too many feet to waiting lists that nobody owned.", body),
        Paragraph("‘Now one team owns every referral from the day it arrives,’ said Dr Ottilie Brennan-Sadiq.", body),
        Paragraph("Interview: Hamish Okafor-Lindqvist, lead podiatrist", head),
        Paragraph("What did the joint caseload change for podiatrists?", bold),
        Paragraph("We stopped sending patients between two clinics, and each podiatrist now follows a patient from "
                  "the first visit to the last.", body),
        Paragraph("How did you win over the GP surgeries?", bold),
        Paragraph("We visited every practice with the referral form and showed them the waiting times each month.",
                  body),
        Paragraph("What patients and staff said", head),
        Paragraph("“My foot was dressed the day after my GP saw it.” — Patient, aged 67", body),
        Paragraph("“One referral form instead of three saves me an hour a week.” — Practice nurse", body),
        Paragraph("“The podiatrists know my history without me repeating it.” — Patient", body),
        Paragraph("“Every ulcer on my list is seen within the week now.” — Lead podiatrist", body),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1).build(flowables)
