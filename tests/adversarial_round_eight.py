"""Round eight of the adversarial quotation set: the Word board paper and the PDF annual report that
tests/adversarial_quotes.py generates and brings in with `peerbot import` (the Markdown and HTML
documents are tests/data/quotes_adversarial/adv8-*), and the people a reviewer adds to them."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv8-msk-board-paper-word": (
        ("Dr Olu Bankole", "Clinical lead for musculoskeletal services", "Harnley Community NHS Trust"),
        ("Fiona Grant", "Chair", "Harnley Community NHS Trust")),
    "adv8-paediatrics-annual-report-pdf": (
        ("Dr Rose Okafor", "Clinical director for community paediatrics", "Tamsworth Children's Collaborative"),
        ("Ben Ward", "Programme manager", "Tamsworth Children's Collaborative")),
}


def write_board_paper(path: Path) -> None:
    """A Word trust board paper: a quotation in a heading, a table of quotations with the source in
    the next cell, a speaker in capitals, "told the committee:" before two Quote paragraphs, "the
    chair said" and "the trust said"."""
    import docx

    document = docx.Document()
    document.core_properties.title = "One musculoskeletal front door in Harnley: a board paper"
    document.add_heading("One musculoskeletal front door in Harnley: a board paper", 0)
    document.add_paragraph("Paper 9.1 for the public board, November 2026. For assurance.")
    document.add_heading("“One front door for every back”", 1)
    document.add_paragraph("Two community trusts in Harnley run one musculoskeletal physiotherapy front door with "
                           "one referral list.")
    table = document.add_table(rows=4, cols=2)
    for row, (words, source) in zip(table.rows, (
            ("Feedback", "Source"),
            ("“Physiotherapists now see every musculoskeletal referral within two weeks.”",
             "Dr Olu Bankole, clinical lead"),
            ("“My knee was seen in nine days.”", "Patient, friends and family test"),
            ("“The single front door removed duplicate physiotherapy referrals.”", "Finance committee"))):
        row.cells[0].text, row.cells[1].text = words, source
    document.add_heading("Extract from the committee minutes", 1)
    document.add_paragraph("FIONA GRANT: The board should note the physiotherapy service has been one service "
                           "since April.")
    document.add_paragraph("Dr Olu Bankole told the committee:")
    document.add_paragraph("The musculoskeletal waiting list is shorter than it has been for six years.", style="Quote")
    document.add_paragraph("We did not hire anyone. We stopped referring patients twice.", style="Quote")
    document.add_paragraph("“We will review the physiotherapy front door in six months,” the chair said.")
    document.add_paragraph("“Musculoskeletal referrals are triaged by a physiotherapist on the day they arrive,” "
                           "the trust said.")
    document.save(str(path))


def write_annual_report(path: Path) -> None:
    """A PDF collaborative's annual report: a pull quote repeating a body quotation under another
    person's name, "partners told us", a quotation continued after "she said" with one woman named,
    a name that is an ordinary word, and an editorial "we" beside a quotation."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
    pull = ParagraphStyle("pull", fontName="Helvetica-Oblique", fontSize=13, leading=17, spaceAfter=4)
    name = "Community paediatrics in Tamsworth: a collaborative's annual report"
    flowables = [
        Paragraph(name, title),
        Paragraph("One waiting list for children", head),
        Paragraph("Referrals rose by a fifth this year. The Tamsworth children's collaborative runs one community "
                  "paediatrics waiting list for three trusts.", body),
        Paragraph("“Children with autism assessments waiting now move to whichever clinic has the first slot,” said "
                  "Dr Rose Okafor, clinical director for community paediatrics.", body),
        Paragraph("“Every child is on one community paediatrics list.”", pull),
        Paragraph("— Ben Ward, programme manager", body),
        Paragraph("Dr Okafor led the clinical reference group. “We merged the lists in March,” she said, “because "
                  "families were on three lists at once.”", body),
        Paragraph("“Every child is on one community paediatrics list,” said Dr Rose Okafor.", body),
        Paragraph("“The shared list stopped families being told to ring another trust,” partners told us. We agree, "
                  "and we will keep publishing the waits.", body),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1).build(flowables)
