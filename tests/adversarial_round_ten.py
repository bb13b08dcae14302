"""Round ten of the adversarial quotation set: the slide deck exported to PDF with its speaker notes that
tests/adversarial_quotes.py generates and brings in with `peerbot import` (the Markdown and HTML documents
are tests/data/quotes_adversarial/adv10-*), and the people a reviewer adds to it."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv10-msk-slide-deck-pdf": (
        ("Dr Kofi Mensah", "MSK clinical lead", "Carnford Musculoskeletal Partnership"),
        ("Lucy Amadi", "Physiotherapy manager", "Carnford Musculoskeletal Partnership")),
}


def write_slide_deck(path: Path) -> None:
    """A slide deck exported to PDF as notes pages: each page a boxed slide (title, bullets, sometimes a
    quotation over "— Name, role") with the presenter's speaker notes under it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=8)
    bullet = ParagraphStyle("bullet", fontName="Helvetica", fontSize=12, leading=16, leftIndent=12)
    quote = ParagraphStyle("quote", fontName="Helvetica-Oblique", fontSize=14, leading=18, spaceBefore=8)
    notes = ParagraphStyle("notes", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=4)
    name = "One musculoskeletal front door for Carnford: board briefing slides"
    slides = (
        (name, ["Carnford Musculoskeletal Partnership", "Board briefing, November 2026"], None,
         ["Welcome the board. Three trusts now run one musculoskeletal physiotherapy front door."]),
        ("Why one front door", ["Three referral routes became one", "One triage team for back, neck and joint pain"],
         ("“One referral, one list, one wait.”", "— Dr Kofi Mensah, MSK clinical lead"),
         ["Dr Kofi Mensah to present this slide. Pause after the quotation."]),
        ("What patients told us", ["Survey of 412 patients, summer 2026"],
         ("“I got my physio appointment before my GP's letter had even arrived.”", "— Patient, Carnford survey 2026"),
         ["Read the patient's words, then say: “This is what one front door means for a patient.”"]),
        ("Next steps", ["Add podiatry to the front door in 2027", "Publish waiting times every month"], None,
         ["Remind the board that Dr Kofi Mensah promised in March that “we will not go back to three referral "
          "lists”.",
          "Lucy Amadi, physiotherapy manager, said: “Our advanced practitioners now see the back pain referrals GPs "
          "used to send to orthopaedics.”"]),
    )
    flowables: list = []
    for heading, points, quotation, notes_text in slides:
        cell = [Paragraph(heading, title), *[Paragraph(f"• {p}", bullet) for p in points]]
        if quotation:
            cell += [Paragraph(quotation[0], quote), Paragraph(quotation[1], bullet)]
        box = Table([[cell]], colWidths=[440], rowHeights=[300])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, "#444444"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        flowables += [box, Spacer(1, 24), Paragraph("Speaker notes", title),
                      *[Paragraph(n, notes) for n in notes_text], PageBreak()]
    document = SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1)
    document.build(flowables[:-1])
