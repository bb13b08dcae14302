"""Round twenty-one of the adversarial quotation set: a Word file with a table of voices (name cell, quotation cell),
honorifics and post-nominals, a quotation over a dash line of another kind, two chairs, two speakers in one paragraph,
a nested quotation and reported speech; and a PDF interview whose question lines become sub-headings (the
interviewee named in the title and introduction) with side boxes and a footnote; generated here and brought in with
`peerbot import` by tests/adversarial_quotes.py (the Markdown and HTML documents are
tests/data/quotes_adversarial/adv21-*), and the people a reviewer adds to them."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv21-maternity-word-tables-and-honorifics": (
        ("Professor Sir Kenneth Obuya-Lindgren", "Chair of the maternity system board", "Thornleigh Maternity System"),
        ("Dr Annika Sorensen-Mbatha", "Consultant midwife", "Thornleigh Hospitals NHS Trust"),
        ("Rachael Quartey-Hughes", "Director of midwifery", "Thornleigh Hospitals NHS Trust"),
        ("Laila Farouk-Brennan", "Chair of the maternity voices partnership", "Thornleigh Maternity System")),
    "adv21-stroke-pdf-interview-and-side-boxes": (
        ("Dr Oluwaseun Hargreaves-Tan", "Medical director", "Brinmoor Stroke Network"),
        ("Marcus Lindqvist-Oduya", "Network manager", "Brinmoor Stroke Network")),
}


def write_word_tables(path: Path) -> None:
    """A maternity system's Word report: two people who chair something then "said the chair", a table of voices
    (name and post-nominals in one cell, the quotation in the next; a role alone; reported speech in the quotation
    column), Quote paragraphs over an en dash line and a "By Name" line, two speakers in one paragraph, a nested
    quotation, and reported speech."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Thornleigh maternity: one triage line for two units"
    document.add_heading("Thornleigh maternity: one triage line for two units", 0)
    document.add_paragraph("Thornleigh's two maternity units share one triage line and one midwifery rota. Professor "
                           "Sir Kenneth Obuya-Lindgren KBE FRCOG chairs the maternity system board, and Laila "
                           "Farouk-Brennan chairs the maternity voices partnership.")
    document.add_paragraph("“Every woman who rings the triage line speaks to a midwife within a minute,” said the "
                           "chair.")
    document.add_paragraph("Rachael Quartey-Hughes RM said “the rota is one rota now”, while Dr Annika "
                           "Sorensen-Mbatha added: “The women notice the difference before we do.”")
    document.add_paragraph("Laila Farouk-Brennan said: “One mother told us, ‘I was sent home twice before anyone "
                           "listened,’ and that sentence changed the triage line.”")
    document.add_paragraph("Dr Annika Sorensen-Mbatha said that the triage line had cut the number of women arriving "
                           "unannounced.")
    document.add_heading("What the maternity system said", 1)
    table = document.add_table(rows=5, cols=2)
    for row, (speaker, comment) in zip(table.rows, (
            ("Name", "Comment"),
            ("Professor Sir Kenneth Obuya-Lindgren KBE FRCOG", "“Both units publish the same safety dashboard every "
                                                                "month.”"),
            ("Rachael Quartey-Hughes RM, director of midwifery", "“The shared rota filled every night shift last "
                                                                  "winter.”"),
            ("Midwife, Thornleigh General", "“I know the midwives on the other site by name now.”"),
            ("Laila Farouk-Brennan", "Told the board the families wanted one leaflet for both units."))):
        row.cells[0].text, row.cells[1].text = speaker, comment
    document.add_paragraph("“We answered nine calls in ten within a minute by the spring.”", style="Quote")
    document.add_paragraph("– Dr Annika Sorensen-Mbatha", style="Quote")
    document.add_paragraph("The triage line moved into the birth centre in the summer.")
    document.add_paragraph("“Two units, one rota, and not one night shift left empty.”", style="Quote")
    document.add_paragraph("By Rachael Quartey-Hughes RM", style="Quote")
    document.save(str(path))


def write_pdf_interview_boxes(path: Path) -> None:
    """A stroke network's PDF interview: the interviewee named in the title and the introduction, bold question
    lines the reader makes sub-headings, an answer holding a paramedic's nested words, side boxes beside the text (a
    quotation over a dash line, a role alone), and a footnote quoting another person."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    bold = ParagraphStyle("bold", fontName="Helvetica-Bold", fontSize=10, leading=13.5, spaceAfter=4)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    boxed = ParagraphStyle("boxed", fontName="Helvetica-Oblique", fontSize=10, leading=13)
    name = "In conversation with Dr Oluwaseun Hargreaves-Tan: the Brinmoor stroke network"

    def side_by_side(text: str, box: str, credit: str) -> Table:
        inner = Table([[Paragraph(box, boxed)], [Paragraph(credit, boxed)]], colWidths=[150])
        inner.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, "#005EB8")]))
        outer = Table([[Paragraph(text, body), inner]], colWidths=[300, 160])
        outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return outer

    def footnote(canvas, _document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(72, 40, "1 “We cut door-to-needle times by half in a year,” Marcus Lindqvist-Oduya told the "
                                  "network board.")
        canvas.restoreState()

    flowables = [
        Paragraph(name, title),
        Paragraph("Dr Oluwaseun Hargreaves-Tan has led the Brinmoor stroke network since 2022, when its two "
                  "hyperacute units agreed to share one thrombolysis rota. We asked her about the first year.¹", body),
        Paragraph("What did the shared rota change first?", bold),
        Paragraph("Every stroke patient in the county is now seen by a stroke consultant within the hour, whichever "
                  "unit the ambulance reaches first.", body),
        Paragraph("How did you know it was working?", bold),
        Paragraph("A paramedic said to me, ‘This is the first time I have not had to argue for a bed,’ and I knew we "
                  "had got it right.", body),
        side_by_side("The network's two units publish their door-to-needle times side by side every month, and the "
                     "network board reviews every patient who waited longer than an hour.",
                     "“We share one bed board across both units.”", "– Marcus Lindqvist-Oduya"),
        side_by_side("Patients who need a thrombectomy are transferred to Brinmoor General on one call to the "
                     "network's transfer line.",
                     "“I was scanned within twenty minutes of arriving.”", "– Patient, aged 72"),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press",
                      invariant=1).build(flowables, onFirstPage=footnote)
