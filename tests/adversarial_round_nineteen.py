"""Round nineteen of the adversarial quotation set: a Word file and a PDF with reference markers after quotations,
editors' square brackets, a quotation split by a page break, quotations in table cells, two speakers in one paragraph,
a credit by post alone and role lines under consecutive quotations, generated here and brought in with `peerbot
import` by tests/adversarial_quotes.py (the Markdown and HTML documents are tests/data/quotes_adversarial/adv19-*),
and the people a reviewer adds to them."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv19-pharmacy-word-cells-and-references": (
        ("Dr Temperance Okonkwo-Lisle", "Chief pharmacist", "Ashbury Teaching Hospitals NHS Trust"),
        ("Leopold Varga-Whitcombe", "Director of operations", "Ashbury Teaching Hospitals NHS Trust")),
    "adv19-virtual-ward-pdf-page-break": (
        ("Dr Rosalind Achterberg", "Clinical director for virtual wards", "Pellmarsh Hospitals NHS Trust"),
        ("Kwabena Sutherland-Fox", "Virtual ward manager", "Pellmarsh Hospitals NHS Trust")),
}


def write_word_cells(path: Path) -> None:
    """A Word report: reference markers after quotations, an editor's square brackets, quotations in a table's
    cells, role lines under two consecutive Quote paragraphs, two speakers in one paragraph and a credit by post."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Ashbury discharge medicines: one pharmacy hatch"
    document.add_heading("Ashbury discharge medicines: one pharmacy hatch", 0)
    document.add_paragraph("Ashbury Teaching Hospitals NHS Trust dispenses every discharge prescription from one "
                           "pharmacy hatch on the ward corridor, so patients no longer wait on the ward for their "
                           "medicines. Leopold Varga-Whitcombe, the trust's director of operations, paid for it.")
    document.add_paragraph("“Nine in ten discharge prescriptions are ready within two hours of the decision.”[2]",
                           style="Quote")
    document.add_paragraph("— Dr Temperance Okonkwo-Lisle", style="Quote")
    document.add_paragraph("“The porters [from the logistics team] collect the medicines every half hour,” said "
                           "Leopold Varga-Whitcombe.")
    document.add_paragraph("“Patients go home in the morning now,” said Dr Temperance Okonkwo-Lisle, and “the "
                           "afternoon discharge queue has gone,” said Leopold Varga-Whitcombe.")
    document.add_paragraph("“The hatch paid for itself in bed days within eight months,” said Leopold "
                           "Varga-Whitcombe at the trust's annual general meeting.")
    document.add_paragraph("“The pharmacists check every discharge prescription twice,” said the director of "
                           "operations.")
    document.add_heading("In their own words", 1)
    document.add_paragraph("“The hatch is the busiest counter in the whole hospital.”", style="Quote")
    document.add_paragraph("Dr Temperance Okonkwo-Lisle, Chief pharmacist", style="Quote")
    document.add_paragraph("“The wards ring the hatch instead of chasing the pharmacy.”", style="Quote")
    document.add_paragraph("Leopold Varga-Whitcombe, Director of operations", style="Quote")
    table = document.add_table(rows=3, cols=2)
    for row, (who, said) in zip(table.rows, (
            ("Speaker", "Quotation"),
            ("Dr Temperance Okonkwo-Lisle, Chief pharmacist", "“We dispense blister packs for care homes from the "
                                                              "same hatch.”"),
            ("A patient on the stroke ward", "“I had my tablets before my daughter arrived to take me home.”")),
            strict=True):
        row.cells[0].text, row.cells[1].text = who, said
    document.add_paragraph("“A nurse said to me, ‘I have got my afternoons back’, and that was the whole point,” "
                           "said Dr Temperance Okonkwo-Lisle.")
    document.save(str(path))


def write_pdf_page_break(path: Path) -> None:
    """A PDF virtual ward report: a quotation split by a page break (running header and page number between the
    parts), one joined by an ellipsis, a reference marker after a quotation, and two speakers in one paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    name = "Pellmarsh virtual wards: hospital care at home"
    flowables = [
        Paragraph(name, title),
        Paragraph("Pellmarsh Hospitals NHS Trust runs virtual wards for frail patients and people with heart "
                  "failure, watched from a hub by nurses and doctors, with home visits when the readings change.",
                  body),
        Spacer(1, 520),
        Paragraph("“Every patient on the virtual ward has a named consultant and a phone number that is answered "
                  "day and night, and", body),
        PageBreak(),
        Paragraph("most of them never need to come back into hospital,” said Dr Rosalind Achterberg.", body),
        Paragraph("“The hub nurses watch the readings … and ring the patient before the patient rings us,” said "
                  "Kwabena Sutherland-Fox.", body),
        Paragraph("“Two hundred patients a month are treated on the virtual ward instead of a hospital bed.”<sup>6"
                  "</sup>", body),
        Paragraph("— Kwabena Sutherland-Fox", body),
        Paragraph("“The heart failure patients weigh themselves every morning,” said Dr Rosalind Achterberg, and "
                  "“the readings reach the hub before breakfast,” said Kwabena Sutherland-Fox.", body),
        Paragraph("“My husband was treated in his own chair and slept in his own bed,” said a carer.", body),
        Paragraph("“We [the hub] take referrals from paramedics at the front door,” said Dr Rosalind "
                  "Achterberg.", body),
    ]

    def page_number(canvas, doc) -> None:  # noqa: ANN001 (reportlab's callback)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 800, "Pellmarsh virtual wards")
        canvas.drawString(500, 30, str(doc.page))

    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1).build(
        flowables, onFirstPage=page_number, onLaterPages=page_number)
