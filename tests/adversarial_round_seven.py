"""Round seven of the adversarial quotation set: the Word board paper and the PDF annual review that
tests/adversarial_quotes.py generates and brings in with `peerbot import` (the Markdown and HTML
documents are tests/data/quotes_adversarial/adv7-*), and the people a reviewer adds to them."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv7-wheelchair-board-paper-word": (
        ("Dr Ifan Mbeki", "Director of wheelchair services", "Quayle Community Health NHS Trust"),
        ("Beatrice Quayle", "Chair", "Quayle Community Health NHS Trust")),
    "adv7-endoscopy-annual-review-pdf": (
        ("Dr Kofi Asante-Darko", "Clinical director for endoscopy", "Trewin Hospitals NHS Trust"),
        ("Sally-Ann Trewin", "Endoscopy nurse consultant", "Trewin Hospitals NHS Trust")),
}


def write_board_paper(path: Path) -> None:
    """A Word board paper: a quotation broken by a page break, "Doctor Surname" for "Dr Name", a
    superscript citation after a quotation, «…» in a Quote paragraph, a post the paper never names,
    reported speech, and a numbered recommendation holding a report's title."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.core_properties.title = "Pooling wheelchair services in Quayle: a board paper"
    document.add_heading("Pooling wheelchair services in Quayle: a board paper", 0)
    document.add_paragraph("Paper 7.2 for the public board, November 2026. For approval.")
    document.add_heading("1. Purpose", 1)
    document.add_paragraph("Two community trusts in Quayle propose to pool their wheelchair services into one "
                           "wheelchair assessment service with one waiting list.")
    document.add_heading("2. Background", 1)
    paragraph = document.add_paragraph()
    run = paragraph.add_run("“The wheelchair waiting list fell by half in the pilot, and children were assessed")
    run.add_break(WD_BREAK.PAGE)
    paragraph.add_run("first for the first time,” said Dr Ifan Mbeki, director of wheelchair services.")
    paragraph = document.add_paragraph()
    paragraph.add_run("“Every wheelchair repair is now booked through one approved repairer,” Doctor Mbeki told the "
                      "committee.")
    paragraph.add_run("4").font.superscript = True
    paragraph.add_run(" The repairer's contract runs to 2028.")
    document.add_paragraph("«Une seule liste d'attente pour tous les fauteuils roulants»", style="Quote")
    document.add_paragraph("— Beatrice Quayle, Chair, quoting the French partner trust's motto", style="Quote")
    document.add_paragraph("“Posture assessments for wheelchair users now happen at home, not in a clinic,” the "
                           "trust's director of nursing said.")
    document.add_paragraph("Beatrice Quayle said the committee had to approve the pooled wheelchair budget before "
                           "the end of the year. She said the waiting list could not wait for another review.")
    document.add_heading("3. Recommendations", 1)
    document.add_paragraph("The board is asked to approve the pooled wheelchair budget, as set out in “One Chair, "
                           "One List: Wheelchair Services in Quayle”.", style="List Number")
    document.add_paragraph("“We will publish the pooled wheelchair waiting times every quarter,” said Beatrice "
                           "Quayle.", style="List Number")
    document.save(str(path))


def write_annual_review(path: Path) -> None:
    """A PDF annual review: a quotation broken across a page break under a running footer, a
    superscript citation after a quotation, a hyphenated first name and a double-barrelled surname,
    and a pull quote repeated twice."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
    pull = ParagraphStyle("pull", fontName="Helvetica-Oblique", fontSize=13, leading=17, spaceAfter=10)
    name = "Endoscopy in Trewin: an annual review"

    def footer(canvas, document) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 30, f"Trewin endoscopy annual review 2026 | page {document.page}")

    flowables = [
        Paragraph(name, title),
        Paragraph("One endoscopy service", head),
        Paragraph("Two trusts in Trewin merged their endoscopy units into one service with one bowel screening "
                  "list and one rota for endoscopists.", body),
        Paragraph("“Our two endoscopy units now share one bowel screening list, and", body),
        PageBreak(),
        Paragraph("the wait for a diagnostic colonoscopy fell by a month,” said Dr Kofi Asante-Darko, clinical "
                  "director for endoscopy.", body),
        Paragraph("“Nurse endoscopists now carry out a third of all the colonoscopies,” said Sally-Ann Trewin."
                  "<super>5</super> The nurse endoscopist programme trained six nurses.", body),
        Paragraph("“Nurse endoscopists now carry out a third of all the colonoscopies.”", pull),
        Paragraph("Dr Asante-Darko said the units had to agree one decontamination policy first.", body),
        Paragraph("“Nurse endoscopists now carry out a third of all the colonoscopies.”", pull),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1).build(
        flowables, onFirstPage=footer, onLaterPages=footer)
