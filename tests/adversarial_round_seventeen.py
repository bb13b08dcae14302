"""Round seventeen of the adversarial quotation set: a Word file with tracked changes, struck-through runs, a speaker
table and a role line before a quotation, and a PDF with role lines after quotations, initials and a table of
quotations, generated here and brought in with `peerbot import` by tests/adversarial_quotes.py (the Markdown, text and
HTML documents are tests/data/quotes_adversarial/adv17-*), and the people a reviewer adds to them."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv17-community-beds-word-tracked": (
        ("Dr Henrietta Maplethorpe", "Chief executive", "Brackwater Community Health NHS Trust"),
        ("Kofi Ashdown-Mensah", "Director of community services", "Brackwater Community Health NHS Trust")),
    "adv17-stroke-network-pdf-role-lines": (
        ("Professor Anwen Treharne-Lloyd", "Stroke network clinical lead", "Glaslyn Stroke Network"),
        ("Desmond Okafor-Reyes", "Stroke network manager", "Glaslyn Stroke Network")),
}


def _tracked(paragraph, kind: str, text: str) -> None:
    """A tracked insertion (`w:ins`) or deletion (`w:del`) of `text` at the end of `paragraph`, as Word saves one."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    change = OxmlElement(f"w:{kind}")
    change.set(qn("w:id"), str(abs(hash(text)) % 10_000))
    change.set(qn("w:author"), "Comms team")
    change.set(qn("w:date"), "2026-03-03T10:00:00Z")
    run = OxmlElement("w:r")
    words = OxmlElement("w:delText" if kind == "del" else "w:t")
    words.set(qn("xml:space"), "preserve")
    words.text = text
    run.append(words)
    change.append(run)
    paragraph._p.append(change)


def write_word_tracked(path: Path) -> None:
    """A Word board paper: a quotation with a tracked deletion and insertion, a whole quotation deleted, a quotation
    with a struck-through run, a speaker table, a question-and-answer table, a one-cell table crediting its quotation,
    a role line before a Quote paragraph, and "she said" under a new heading."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Brackwater community beds: a board paper with tracked changes"
    document.add_heading("Brackwater community beds: a board paper with tracked changes", 0)
    document.add_paragraph("Brackwater community hospital keeps its forty community beds open through the winter, "
                           "with one bed bureau for the county and a discharge team shared with the acute trust.")
    paragraph = document.add_paragraph("“We will ")
    _tracked(paragraph, "del", "close ")
    _tracked(paragraph, "ins", "keep ")
    paragraph.add_run("the Brackwater community beds open through the winter,” said Dr Henrietta Maplethorpe.")
    paragraph = document.add_paragraph()
    _tracked(paragraph, "del", "“Brackwater community hospital will close its last ward in April,” said Kofi "
                               "Ashdown-Mensah.")
    paragraph = document.add_paragraph("“Every patient ")
    paragraph.add_run("will be moved to Ashdown ward and ").font.strike = True
    paragraph.add_run("stays on the ward they were admitted to,” said Kofi Ashdown-Mensah.")
    table = document.add_table(rows=4, cols=2)
    for row, (who, comment) in zip(table.rows, (
            ("Speaker", "Comment"),
            ("Kofi Ashdown-Mensah", "“The bed bureau finds a community bed within four hours of a referral.”"),
            ("Dr Henrietta Maplethorpe", "“No patient is moved between community hospitals at night any more.”"),
            ("Ward sister, Brackwater", "“We know every patient on the ward by name again.”"))):
        row.cells[0].text, row.cells[1].text = who, comment
    table = document.add_table(rows=2, cols=2)
    for row, (asker, answer) in zip(table.rows, (
            ("Question from", "Answer"),
            ("Kofi Ashdown-Mensah", "“The trust will fund the bed bureau for another two years.”"))):
        row.cells[0].text, row.cells[1].text = asker, answer
    document.add_table(rows=1, cols=1).rows[0].cells[0].text = (
        "“The shared discharge team gets patients home a day sooner than either trust did alone.” — Kofi "
        "Ashdown-Mensah")
    document.add_paragraph().add_run("Dr Henrietta Maplethorpe").bold = True
    document.add_paragraph("Chief executive, Brackwater Community Health NHS Trust")
    document.add_paragraph("“Community beds are where older people get strong enough to go home.”", style="Quote")
    document.add_heading("Staff views", 1)
    document.add_paragraph("“The night staff on the community wards asked for the bed bureau first,” she said.")
    document.save(str(path))


def write_pdf_role_lines(path: Path) -> None:
    """A PDF stroke network report: a role line after a quotation, two speakers in one paragraph, initials under
    quotations, a table of names and quotations, a quotation over two paragraphs, straight marks, and "wrote in the
    network newsletter:" before a quotation paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
    name = "Glaslyn stroke network: one thrombectomy rota"
    table = Table([["Name", "Quote"],
                   ["Desmond Okafor-Reyes", Paragraph("“The network pays for the thrombectomy rota from one budget.”",
                                                      body)],
                   ["Stroke survivor, Porthmadog", Paragraph("“I was home in nine days and walking in twelve.”", body)]],
                  colWidths=(150, 300))
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#999999")]))
    flowables = [
        Paragraph(name, title),
        Paragraph("The Glaslyn stroke network runs one thrombectomy rota across its three hyperacute stroke units, so "
                  "a patient in any of the three counties can have a clot removed at any hour.", body),
        Paragraph("“A clot can be removed at any hour of the day in every county of the network now.”", body),
        Paragraph("Professor Anwen Treharne-Lloyd, Stroke network clinical lead", body),
        Paragraph("One network, two voices", head),
        Paragraph("“We agreed the rota in one evening meeting,” said Professor Anwen Treharne-Lloyd. “It took a year "
                  "to pay for it properly,” said Desmond Okafor-Reyes.", body),
        Paragraph("“Every hyperacute unit sends its door-to-groin times to one dashboard.” — AT-L", body),
        Paragraph("“The network managers meet the ambulance service every Tuesday morning.” — DOR", body),
        table,
        Paragraph("“We began with three rotas, three budgets and three sets of arguments.", body),
        Paragraph("“By the winter there was one rota and one budget, and the arguments were about patients,” said "
                  "Desmond Okafor-Reyes.", body),
        Paragraph("\"Interventional radiologists from all three units share the on-call,\" said Professor Anwen "
                  "Treharne-Lloyd.", body),
        Paragraph("Desmond Okafor-Reyes wrote in the network newsletter:", body),
        Paragraph("“The thrombectomy rota has not had an empty night since it started.”", body),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1).build(flowables)
