"""The extractors benchmarks/extraction.py compares: each a function path -> text (plain or Markdown).

Plain library calls as their documentation shows them, plus peerbot's readers (index/readers) and
the same PDF layout analysis fed by pypdf instead of pdfplumber, to see what the library itself
contributes.
"""

from __future__ import annotations

import math
from pathlib import Path

from index.readers import read_document
from index.readers.pdf_blocks import to_markdown
from index.readers.pdf_layout import read_order
from index.readers.pdf_words import PageWords, Word


def peerbot(path: Path) -> str:
    result = read_document(path)
    return f"{result.title}\n\n{result.body}"


def pypdf_plain(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pypdf_layout(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text(extraction_mode="layout") or "" for page in PdfReader(path).pages)


def pdfminer_plain(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def pdfplumber_plain(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pypdf_layout_analysis(path: Path) -> str:
    """peerbot's PDF layout analysis on pypdf's text runs. pypdf reports where each run starts and its
    font, not where each word ends, so word widths are estimated (0.5 em a character); it finds no
    frames or ruled tables."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(path).pages:
        height, width = float(page.mediabox.height), float(page.mediabox.width)
        words: list[Word] = []

        def visit(text, cm, tm, font, size, words=words, height=height):
            a, b, e, f = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                          tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            scale = size * math.hypot(a, b)
            name = str((font or {}).get("/BaseFont", ""))
            x = e
            for token in text.replace("\n", " ").split(" "):
                if token.strip():
                    words.append(Word(token, x, x + 0.5 * scale * len(token), height - f - scale, height - f, scale,
                                      bold="Bold" in name, italic="Oblique" in name or "Italic" in name))
                x += 0.5 * scale * (len(token) + 1)

        page.extract_text(visitor_text=visit)
        pages.append(PageWords(width, height, tuple(words)))
    title, body = to_markdown(read_order(pages))
    return f"{title}\n\n{body}"


def docx2txt_plain(path: Path) -> str:
    import docx2txt

    return docx2txt.process(str(path))


def python_docx_paragraphs(path: Path) -> str:
    import docx

    return "\n\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def mammoth_markdown(path: Path) -> str:
    import mammoth

    style_map = "p[style-name='Quote'] => blockquote > p:fresh\np[style-name='Intense Quote'] => blockquote > p:fresh"
    with path.open("rb") as f:
        return mammoth.convert_to_markdown(f, style_map=style_map).value


def trafilatura_markdown(path: Path) -> str:
    import trafilatura

    html = path.read_text(encoding="utf-8")
    meta = trafilatura.extract_metadata(html)
    body = trafilatura.extract(html, output_format="markdown", include_tables=True, include_formatting=True)
    return f"{meta.title if meta else ''}\n\n{body or ''}"


def soup_text(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text("\n")


PDF = {"pypdf extract_text": pypdf_plain, "pypdf layout mode": pypdf_layout, "pdfminer.six extract_text": pdfminer_plain,
       "pdfplumber extract_text": pdfplumber_plain, "peerbot layout on pypdf": pypdf_layout_analysis,
       "**peerbot reader (pdfplumber)**": peerbot}
DOCX = {"docx2txt": docx2txt_plain, "python-docx paragraphs": python_docx_paragraphs,
        "mammoth to Markdown": mammoth_markdown, "**peerbot reader (python-docx)**": peerbot}
HTML = {"BeautifulSoup get_text": soup_text, "trafilatura Markdown": trafilatura_markdown,
        "**peerbot reader (BeautifulSoup)**": peerbot}
LIBRARIES = {  # candidate -> distributions it needs (their dependencies are added when sizes are measured)
    "pypdf": ["pypdf"], "pdfminer.six": ["pdfminer.six"], "pdfplumber": ["pdfplumber"], "python-docx": ["python-docx"],
    "docx2txt": ["docx2txt"], "mammoth": ["mammoth"], "trafilatura": ["trafilatura", "lxml_html_clean"],
    "beautifulsoup4": ["beautifulsoup4"],
}
