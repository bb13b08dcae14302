"""Round sixteen of the adversarial quotation set: a Word file and a PDF with quotations split across a page break,
generated here and brought in with `peerbot import` by tests/adversarial_quotes.py (the Markdown, text and HTML
documents are tests/data/quotes_adversarial/adv16-*), and the people a reviewer adds to them."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv16-elective-hub-word-page-breaks": (
        ("Dr Ottoline Farquharson", "Clinical director", "Calderbrook Elective Hub"),
        ("Declan O'Shaughnessy-Byrne", "Theatre manager", "Calderbrook Elective Hub")),
    "adv16-cancer-alliance-pdf-page-breaks": (
        ("Dr Valentina Okonjo-Price", "Medical director", "Ashmoor Cancer Alliance"),
        ("Patrick Nwachukwu-Hale", "Lead cancer nurse", "Ashmoor Cancer Alliance")),
}


def write_word_page_breaks(path: Path) -> None:
    """A Word case study: a page break inside a quotation's run, a Quote over two paragraphs with a paragraph
    holding only a page break between them, a table of comments, and a slogan in marks."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.core_properties.title = "Calderbrook elective hub: hip and knee lists pooled"
    document.add_heading("Calderbrook elective hub: hip and knee lists pooled", 0)
    document.add_paragraph("The Calderbrook elective hub pools the hip and knee waiting lists of three trusts into one "
                           "list, with ring-fenced orthopaedic theatres that winter pressures cannot close.")
    run = document.add_paragraph().add_run("“Our orthopaedic hub did forty hip and knee replacements a week by the "
                                           "spring, and")
    run.add_break(WD_BREAK.PAGE)
    run.add_text("every patient had a date for surgery before they left the clinic,” said Dr Ottoline Farquharson.")
    document.add_paragraph("Dr Ottoline Farquharson, the hub's clinical director, said:")
    document.add_paragraph("“We pooled the hip and knee lists of three trusts", style="Quote")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("and kept one waiting list that every surgeon can see.”", style="Quote")
    table = document.add_table(rows=3, cols=2)
    for row, (who, comment) in zip(table.rows, (
            ("Name", "Comment"),
            ("Declan O'Shaughnessy-Byrne", "“Theatre nurses from all three trusts now work one theatre rota.”"),
            ("Patient, aged 71", "“I had my knee replaced five weeks after I was listed.”"))):
        row.cells[0].text, row.cells[1].text = who, comment
    document.add_paragraph("The hub's slogan, “one list, one wait, one team”, is painted in the theatre corridor.")
    document.save(str(path))


def write_pdf_page_breaks(path: Path) -> None:
    """A PDF annual report with a running header and a page number on every page: a long quotation the page
    break splits mid-sentence, a lead-in then a quotation paragraph on the next page, and a boxed survey quotation."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    italic = ParagraphStyle("quote", fontName="Helvetica-Oblique", fontSize=11, leading=15)
    name = "Ashmoor cancer alliance: rapid diagnosis in the community"

    def furniture(canvas, document) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 40, "Ashmoor Cancer Alliance annual report 2026")
        canvas.drawString(A4[0] / 2, 30, f"Page {document.page}")

    box = Table([[Paragraph("“I had my scan, my results and my nurse's phone number in the same week.” — Survey "
                            "respondent, Ashmoor rapid diagnosis", italic)]])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, "#005EB8")]))
    flowables = [
        Paragraph(name, title),
        Paragraph("The Ashmoor cancer alliance moved its rapid diagnostic clinic out of the hospital and into two "
                  "community diagnostic centres, so patients with vague symptoms are seen within a week.", body),
        Spacer(1, 550),
        Paragraph("“We moved the rapid diagnostic clinic into the community because that is where patients with vague "
                  "symptoms already were, and in the first year the clinic saw more than two thousand people, found "
                  "cancer early in one in twelve of them, and sent every one of the others home with an answer and a "
                  "named nurse to call, which is what a rapid diagnostic service is for,” said Dr Valentina "
                  "Okonjo-Price, the alliance's medical director.", body),
        Paragraph("Patrick Nwachukwu-Hale, the alliance's lead cancer nurse, said:", body),
        Paragraph("“Every patient seen at the rapid diagnostic clinic gets a named cancer nurse on the day of their "
                  "first scan.”", body),
        Spacer(1, 6), box,
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1).build(
        flowables, onFirstPage=furniture, onLaterPages=furniture)
