"""Round nine of the adversarial quotation set: the Word paper whose quotations sit in tables and a text
box, and the two-column PDF with a quotation across a page break, that tests/adversarial_quotes.py
generates and brings in with `peerbot import` (the Markdown and HTML documents are
tests/data/quotes_adversarial/adv9-*), and the people a reviewer adds to them."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv9-dentistry-paper-word": (
        ("Dr Aled Penrose", "Clinical director for special care dentistry", "Ridgemoor Community Dental Service"),
        ("Linh Tran", "Dental nurse lead", "Ridgemoor Community Dental Service")),
    "adv9-cancer-alliance-review-pdf": (
        ("Dr Priyanka Sethi", "Clinical director", "Ashcombe Cancer Alliance"),
        ("Owen Marsh", "Patient partner", "Ashcombe Cancer Alliance")),
}
_AFTER = 3  # the paragraphs between the second quotation and the long one: the long one then runs over the page break
_VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'
_TEXT_BOX = """<w:r {ns} {vml}><w:pict><v:shape style="width:300pt;height:80pt"><v:textbox><w:txbxContent>
<w:p><w:r><w:t>{words}</w:t></w:r></w:p><w:p><w:r><w:t>{credit}</w:t></w:r></w:p>
</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"""


def write_dentistry_paper(path: Path) -> None:
    """A Word paper: a quotation and its "— Name, Role" in a one-cell call-out table, a two-column table
    whose cells hold "“…,” said Name" and an anonymous survey response, a quotation in a text box, and
    "Name added:" before a quotation paragraph."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.core_properties.title = "One special care dentistry list in Ridgemoor: a Word paper"
    document.add_heading("One special care dentistry list in Ridgemoor: a Word paper", 0)
    document.add_paragraph("Three community dental services in Ridgemoor share one special care dentistry waiting "
                           "list for patients who need dental treatment under general anaesthetic.")
    callout = document.add_table(rows=1, cols=1).rows[0].cells[0]
    callout.paragraphs[0].text = ("“Patients who need a general anaesthetic for dental treatment now wait eleven "
                                  "weeks, not forty.”")
    callout.add_paragraph("— Dr Aled Penrose, Clinical director for special care dentistry")
    table = document.add_table(rows=3, cols=2)
    for row, (theme, comment) in zip(table.rows, (
            ("Theme", "Comment"),
            ("Waiting", "“The special care dentistry list is fair now: whoever has waited longest is seen first,” "
                        "said Linh Tran, dental nurse lead."),
            ("Access", "“I did not know which dental clinic to ring.” (staff survey response)"))):
        row.cells[0].text, row.cells[1].text = theme, comment
    box = document.add_paragraph()
    box._p.append(parse_xml(_TEXT_BOX.format(
        ns=nsdecls("w"), vml=_VML,
        words="“Special care dentistry is one service in Ridgemoor, whatever the badge on the clinic door.”",
        credit="— Dr Aled Penrose")))
    document.add_paragraph("Linh Tran added:")
    document.add_paragraph("“Dental nurses rotate between the three special care clinics every month.”")
    document.save(str(path))


def write_cancer_review(path: Path) -> None:
    """A two-column PDF annual review with a running footer: a quotation in each column, and a long
    quotation that runs across the page break before its "said Name"."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=6)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=10)
    width, height = A4
    gap, margin = 18, 50
    column = (width - 2 * margin - gap) / 2
    frames = [Frame(margin, margin, column, height - 2 * margin, id="left"),
              Frame(margin + column + gap, margin, column, height - 2 * margin, id="right")]

    def footer(canvas, doc) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, 25, f"Ashcombe Cancer Alliance annual review 2026 | page {doc.page}")

    name = "Faster cancer diagnosis in Ashcombe: a cancer alliance annual review"
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    filler = [Paragraph(f"In {month} the Ashcombe cancer alliance's faster diagnosis pathway for suspected lung, bowel "
                        f"and prostate cancer took {400 + 37 * i} referrals across the four trusts. One booking team "
                        "worked from one shared patient tracking list, and every trust's cancer manager saw the same "
                        "figures on the same day, so the monthly performance meeting took twenty minutes, not two "
                        "hours.", body) for i, month in enumerate(months)]
    flowables = [
        Paragraph(name, title),
        Paragraph("“Every patient with a suspected cancer now hears within twenty-eight days whether they have "
                  "cancer,” said Dr Priyanka Sethi, the alliance's clinical director.", body),
        *filler[:8],
        Paragraph("“I was told my result by a nurse I had met twice, and that made all the difference,” said Owen "
                  "Marsh, a patient partner.", body),
        *filler[8:8 + _AFTER],
        Paragraph("“The shared patient tracking list means a cancer patient in one trust can be booked into a "
                  "scanner slot in another trust on the same day, and nobody has to ask permission from either "
                  "board, either finance director or either medical director before the patient is booked, "
                  "which is the single change the alliance's clinicians asked for in the first week of the "
                  "faster diagnosis programme and the one change that made every other change possible,” said "
                  "Dr Priyanka Sethi.", body),
        Paragraph("“The tracking list is only as good as the people who update it,” one oncologist told the "
                  "review.", body),
    ]
    document = BaseDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1)
    document.addPageTemplates([PageTemplate(id="two", frames=frames, onPage=footer)])
    document.build(flowables)
