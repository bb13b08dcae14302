"""Realistic test documents made deterministically in a folder, each with its ground truth.

`make_documents(folder)` writes every layout and returns their `Sample`s: PDFs drawn with
reportlab (a single-column report page, a two-column page, running headers and footers with page
numbers, a ruled table, a boxed pull quote, a multi-page report with larger bold headings, and
the unreadable kinds: encrypted, image only, truncated, blank), a Word file and two web pages
(documents_office.py). Long words carry soft hyphens, so some lines end in a hyphenated break.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from documents_office import make_docx, make_html_article, make_html_divs
from documents_truth import INLINE, PUBLISHED, PUBLISHER, TABLE, P, Part, Q, Sample, Truth, heading, para, quote, table
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle

W, H = A4
MARGIN = 56
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8,
                      alignment=TA_JUSTIFY, embeddedHyphenation=1, hyphenationMinWordLength=6)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
H2 = ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=6, spaceAfter=6)
H3 = ParagraphStyle("h3", fontName="Helvetica-Bold", fontSize=11.5, leading=15, spaceBefore=4, spaceAfter=4)
QUOTE = ParagraphStyle("quote", fontName="Helvetica-Oblique", fontSize=11, leading=15)
ATTRIBUTION = ParagraphStyle("attribution", fontName="Helvetica", fontSize=9, leading=12)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
HEAD_CELL = ParagraphStyle("head-cell", parent=CELL, fontName="Helvetica-Bold")
NEWS = ParagraphStyle("news", fontName="Times-Roman", fontSize=10.5, leading=13, firstLineIndent=14,
                      embeddedHyphenation=1, hyphenationMinWordLength=6)
NEWS_HEAD = ParagraphStyle("news-head", fontName="Times-Bold", fontSize=13, leading=16, spaceBefore=8, spaceAfter=3)
NEWS_QUOTE = ParagraphStyle("news-quote", fontName="Times-Italic", fontSize=12, leading=15)
HEADER = "Realising the benefits of provider collaboratives | NHS Providers"


def make_documents(folder: Path) -> list[Sample]:
    """Every layout written into `folder`, in a fixed order."""
    folder.mkdir(parents=True, exist_ok=True)
    single = single_column_pdf(folder)
    return [  # the newsletter was written after the PDF reader, to check it on a layout it was not built on
        single, two_column_pdf(folder), running_furniture_pdf(folder), table_pdf(folder),
        pull_quote_pdf(folder), headings_pdf(folder), newsletter_pdf(folder),
        make_docx(folder), make_html_article(folder), make_html_divs(folder),
        encrypted_pdf(folder), image_only_pdf(folder), truncated_pdf(folder, single.path), blank_pdf(folder),
    ]


def single_column_pdf(folder: Path) -> Sample:
    parts = (para(P[0]), para(P[1]), heading("What helped"), para(P[2]), para(P[5]))
    return _report(folder / "report-single.pdf", "single column", "Learning from provider collaboratives",
                   parts, header=None, footer="{n}")


def two_column_pdf(folder: Path) -> Sample:
    parts = (heading("Starting well"), para(P[0]), para(P[1]), para(P[6]), heading("Clinical leadership"),
             para(P[2]), para(INLINE), heading("Patients first"), para(P[3]), para(P[4]), para(P[11]))
    return _report(folder / "two-column.pdf", "two columns", "Lessons from the front line", parts,
                   header="Provider collaboratives: lessons from the front line", footer="{n}", columns=2)


def running_furniture_pdf(folder: Path) -> Sample:
    parts = tuple(para(p) for p in P[:12]) + (heading("Looking ahead"),) + tuple(para(p) for p in P[12:])
    return _report(folder / "running-furniture.pdf", "running header and footer",
                   "Provider collaboratives in practice", parts, header=HEADER, footer="Page {n}")


def table_pdf(folder: Path) -> Sample:
    parts = (para(P[3]), heading("Programmes at a glance"), TABLE, para(P[8]))
    return _report(folder / "table.pdf", "table", "Collaborative programmes compared", parts,
                   header=None, footer="{n}")


def pull_quote_pdf(folder: Path) -> Sample:
    parts = (para(P[1]), para(P[6]), quote(*Q[0]), para(P[9]), heading("Sharing the numbers"), para(P[5]),
             quote(*Q[2]), para(P[13]))
    return _report(folder / "pull-quote.pdf", "pull quote", "Building trust between boards", parts,
                   header=None, footer="{n}")


def headings_pdf(folder: Path) -> Sample:
    parts = (para(P[0]), heading("Governance"), heading("Starting out", 3), para(P[1]), para(P[6]),
             heading("Reviewing the arrangements", 3), para(P[13]), para(P[9]), heading("Services"),
             heading("Outpatients", 3), para(P[3]), para(P[4]), quote(*Q[1]), heading("Pathology", 3),
             para(P[10]), para(P[5]), heading("People"), para(P[12]), para(P[2]), para(INLINE), para(P[11]),
             heading("Measuring progress"), para(P[8]), para(P[7]))
    return _report(folder / "multi-page-headings.pdf", "multi-page headings", "Provider collaboratives: a review",
                   parts, header=HEADER, footer="Page {n}")


def newsletter_pdf(folder: Path) -> Sample:
    """Written after the reader, to check it on what it was not built against: Times in ragged
    columns, first-line indents and no space between paragraphs, a quotation set off only by a rule
    on its left, a small table in a column, paragraphs that run on across columns and pages."""
    parts = (para(P[7]), para(P[10]), para(P[12]), heading("In their words"), quote(*Q[1]), para(P[2]), para(INLINE),
             para(P[9]), heading("By the numbers"), table(("Measure", "Change"), ("Out of area placements", "down 40%"),
                                                          ("Waiting list", "down a third")),
             para(P[5]), para(P[13]), para(P[0]), para(P[1]), para(P[6]), quote(*Q[0]), para(P[3]), para(P[4]),
             para(P[8]), para(P[11]))
    styles = {"paragraph": NEWS, "heading": NEWS_HEAD}
    flowables = [Paragraph("Collaboratives newsletter: spring round-up", TITLE)]
    for part in parts:
        if part.kind == "quote":
            flowables.append(_ruled_quote(part))
        elif part.kind == "table":
            flowables += _flowables(part, 2)
        else:
            flowables.append(Paragraph(escape(_soft_hyphens(part.text)), styles[part.kind]))
    path = folder / "newsletter.pdf"
    title, header, footer = "Collaboratives newsletter: spring round-up", None, "Collaboratives Network newsletter, page {n}"
    pages = _build(path, flowables, title, header=header, footer=footer, columns=2)
    truth = Truth(title, parts, {"title": title, "publisher": PUBLISHER, "published": PUBLISHED},
                  tuple(footer.format(n=n) for n in range(1, pages + 1)))
    return Sample("newsletter, two columns (held out)", path, pages, truth)


def _ruled_quote(part: Part):
    """A quotation with only a rule down its left side (no frame)."""
    quote = Table([[Paragraph(escape(part.text), NEWS_QUOTE)], [Paragraph(escape(f"– {part.speaker}"), ATTRIBUTION)]])
    quote.setStyle(TableStyle([("LINEBEFORE", (0, 0), (0, -1), 2, colors.HexColor("#005EB8")),
                               ("LEFTPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return quote


def encrypted_pdf(folder: Path) -> Sample:
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = folder / "encrypted.pdf"
    _build(path, [Paragraph(escape(P[0]), BODY)], "Confidential board paper",
           encrypt=StandardEncryption("user-secret", ownerPassword="owner-secret", strength=128))
    return Sample("encrypted", path, refusal="encrypted")


def image_only_pdf(folder: Path) -> Sample:
    """A scanned page: a picture of text, with no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 1754), 255)
    draw, font = ImageDraw.Draw(image), ImageFont.load_default(size=28)
    for i, line in enumerate(re.findall(r".{1,70}(?:\s|$)", P[0] + " " + P[1])):
        draw.text((120, 160 + 44 * i), line.strip(), fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path = folder / "scanned.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, width=W, height=H)
    canvas.showPage()
    canvas.save()
    return Sample("image only", path, refusal="no text layer")


def truncated_pdf(folder: Path, source: Path) -> Sample:
    path = folder / "truncated.pdf"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) * 55 // 100])
    return Sample("truncated", path, refusal="corrupt")


def blank_pdf(folder: Path) -> Sample:
    path = folder / "blank.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.showPage()
    canvas.save()
    return Sample("blank", path, refusal="empty")


def _report(path: Path, layout: str, title: str, parts: tuple[Part, ...], *, header: str | None, footer: str,
            columns: int = 1) -> Sample:
    pages = _build(path, [Paragraph(escape(title), TITLE)] + [f for p in parts for f in _flowables(p, columns)],
                   title, header=header, footer=footer, columns=columns)
    furniture = tuple(([header] if header else []) + [footer.format(n=n)] for n in range(1, pages + 1))
    truth = Truth(title, parts, {"title": title, "publisher": PUBLISHER, "published": PUBLISHED},
                  tuple(line for page in furniture for line in page))
    return Sample(layout, path, pages, truth)


def _flowables(part: Part, columns: int) -> list:
    width = (W - 2 * MARGIN - 18) / columns
    if part.kind == "heading":
        return [Paragraph(escape(part.text), H2 if part.level == 2 else H3)]
    if part.kind == "paragraph":
        return [Paragraph(escape(_soft_hyphens(part.text)), BODY)]
    if part.kind == "quote":
        box = Table([[Paragraph(escape(f"“{part.text}”"), QUOTE)], [Paragraph(escape(f"— {part.speaker}"),
                     ATTRIBUTION)]], colWidths=[width * 0.86])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#005EB8")),
                                 ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#E8EDEE")),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                                 ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return [Spacer(1, 6), box, Spacer(1, 12)]
    styles = [HEAD_CELL] + [CELL] * (len(part.rows) - 1)
    grid = Table([[Paragraph(escape(c), s) for c in row] for row, s in zip(part.rows, styles)],
                 colWidths=[width * f for f in (0.32, 0.18, 0.14, 0.36)])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EDEE")),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 4), grid, Spacer(1, 12)]


def _build(path: Path, flowables: list, title: str, *, header: str | None = None, footer: str = "{n}",
           columns: int = 1, encrypt=None) -> int:
    """Lay out `flowables` on A4 pages with a running header and footer; the number of pages."""
    def furniture(canvas, doc):
        canvas.setDateFormatter(lambda *_: "D:20240312090000+00'00'")
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.grey)
        if header:
            canvas.drawString(MARGIN, H - 34, header)
        canvas.drawCentredString(W / 2, 28, footer.format(n=doc.page))
        canvas.restoreState()

    top, bottom, width = H - 60, 52, W - 2 * MARGIN
    column = (width - 18 * (columns - 1)) / columns
    body = [Frame(MARGIN + i * (column + 18), bottom, column, top - bottom - (70 if first else 0), id=f"c{i}")
            for first in (True, False) for i in range(columns)]
    banner = Frame(MARGIN, top - 70, width, 70, id="title")
    doc = BaseDocTemplate(str(path), pagesize=A4, title=title, author=PUBLISHER, invariant=1, encrypt=encrypt)
    first = [banner] + body[:columns] if columns > 1 else [Frame(MARGIN, bottom, width, top - bottom)]
    later = body[columns:] if columns > 1 else [Frame(MARGIN, bottom, width, top - bottom)]
    doc.addPageTemplates([PageTemplate("first", first, onPage=furniture, autoNextPageTemplate="later"),
                          PageTemplate("later", later, onPage=furniture)])
    if columns > 1:
        flowables = flowables[:1] + [FrameBreak()] + flowables[1:]
    doc.build(flowables)
    return doc.page


def _soft_hyphens(text: str) -> str:
    """Soft hyphens in the middle of long words, where reportlab may break a line."""
    return re.sub(r"\b([A-Za-z]{5,})([a-z]{5,})\b", lambda m: f"{m.group(1)}\u00ad{m.group(2)}", text)

