"""Round eighteen of the adversarial quotation set: a Word file and a PDF with initials the document defines,
guillemets and „…“ marks, role lines under quotations and name lines then role lines above them, generated here and
brought in with `peerbot import` by tests/adversarial_quotes.py (the Markdown and HTML documents are
tests/data/quotes_adversarial/adv18-*), and the people a reviewer adds to them."""

from __future__ import annotations

from pathlib import Path

REVIEWED_PEOPLE = {
    "adv18-orthoptics-word-initials": (
        ("Dr Keturah Mansfield-Obi", "Head of orthoptics", "Tollcross Eye Hospital NHS Foundation Trust"),
        ("Rhodri Vaughan-Asante", "Children's eye service manager", "Tollcross Eye Hospital NHS Foundation Trust")),
    "adv18-sleep-service-pdf-role-lines": (
        ("Dr Ingrid Solberg-Achebe", "Consultant in sleep medicine", "Harlow Fen Hospitals NHS Trust"),
        ("Tomasz Wyndham-Kerr", "Sleep service manager", "Harlow Fen Hospitals NHS Trust")),
}


def write_word_initials(path: Path) -> None:
    """A Word report: initials defined in the text then under Quote paragraphs, guillemets and „…“ marks, a role line
    under a Quote, a name line then a role line above one, and an unclosed mark before ", said Name"."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Tollcross children's orthoptics: one school eye screening list"
    document.add_heading("Tollcross children's orthoptics: one school eye screening list", 0)
    document.add_paragraph("Tollcross Eye Hospital screens every reception class in the county for squint and lazy "
                           "eye, with orthoptists visiting schools and one follow-up list.")
    document.add_paragraph("Dr Keturah Mansfield-Obi (KMO) heads the orthoptics team; Rhodri Vaughan-Asante (RVA) "
                           "manages the children's eye service.")
    document.add_paragraph("“Every child who fails the school eye screen is seen in clinic within six weeks.”",
                           style="Quote")
    document.add_paragraph("— KMO", style="Quote")
    document.add_paragraph("“The orthoptists carry their own screening kit from school to school,” said RVA.")
    document.add_paragraph("“Half of the children we see have never had an eye test.” — PW")
    document.add_paragraph("«School eye screening finds lazy eye while it can still be treated», said Dr Keturah "
                           "Mansfield-Obi.")
    document.add_paragraph("„The schools give us a quiet room and a parent helper“, said Rhodri Vaughan-Asante.")
    document.add_paragraph("«My son wears his patch at school now and nobody teases him», said a mother.")
    document.add_heading("In their own words", 1)
    document.add_paragraph("“We screened eleven thousand children in reception classes last year.”", style="Quote")
    document.add_paragraph("Rhodri Vaughan-Asante, Children's eye service manager", style="Quote")
    bold = document.add_paragraph()
    bold.add_run("Dr Keturah Mansfield-Obi").bold = True
    document.add_paragraph("Head of orthoptics, Tollcross Eye Hospital NHS Foundation Trust")
    document.add_paragraph("“An orthoptist in every school is cheaper than a squint operation later.”",
                           style="Quote")
    document.add_paragraph("“Every school has a named orthoptist it can ring, said Rhodri Vaughan-Asante.")
    document.save(str(path))


def write_pdf_role_lines(path: Path) -> None:
    """A PDF sleep service report: a role line under a quotation, a name line then a role line above one, a
    caption under another, initials the report defines, guillemets, and "she said" the next paragraph after the
    report gives the speaker's pronoun."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
    name = "Harlow Fen sleep service: home sleep studies"
    flowables = [
        Paragraph(name, title),
        Paragraph("The Harlow Fen sleep service sends sleep apnoea patients home with a study kit instead of an "
                  "overnight hospital stay, and fits CPAP machines in a community clinic.", body),
        Paragraph("“Nine in ten sleep studies now happen in the patient's own bed.”", body),
        Paragraph("Dr Ingrid Solberg-Achebe, Consultant in sleep medicine", body),
        Paragraph("Tomasz Wyndham-Kerr", body),
        Paragraph("Sleep service manager, Harlow Fen Hospitals NHS Trust", body),
        Paragraph("“The study kits come back by post, and we read them the next morning.”", body),
        Paragraph("“I slept through the night for the first time in years.”", body),
        Paragraph("A patient fitted with CPAP at the community clinic", body),
        Paragraph("The clinical lead", head),
        Paragraph("Dr Ingrid Solberg-Achebe (ISA) set up the home studies. She trained the physiologists herself.",
                  body),
        Paragraph("“Home sleep studies cut the wait for a diagnosis from a year to six weeks,” she said.", body),
        Paragraph("“Every CPAP patient gets a phone call in their first fortnight.” — ISA", body),
        Paragraph("«The community clinic fits twenty CPAP machines a week», said Tomasz Wyndham-Kerr.", body),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1).build(flowables)
