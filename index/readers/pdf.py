"""PDF files with pdfplumber: positioned words, frames and tables in, Markdown out.

pdfplumber gives each word its position, font and size, the rectangles drawn on the page, and
tables found from their ruling lines; pdf_words.py, pdf_furniture.py, pdf_layout.py and pdf_blocks.py
(pure) do the rest.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from index.readers import markdown as md
from index.readers.pdf_blocks import to_markdown
from index.readers.pdf_furniture import printed_address
from index.readers.pdf_layout import read_order
from index.readers.pdf_words import Box, PageWords, Word
from index.readers.publisher import author_of, publisher_of
from index.readers.result import ReadError, ReadResult, damaged
from index.regular_files import open_regular

_BOLD = re.compile(r"(?i)bold|black|heavy|semibold|demi")
_ITALIC = re.compile(r"(?i)italic|oblique")
_PLACEHOLDER = re.compile(  # what tools write when nobody gave a title or author
    r"(?i)^(?:untitled|anonymous|unknown|\(?unspecified\)?|microsoft word - .*|.*\.(?:docx?|pdf|indd|pptx?))$")
_BROWSER = re.compile(  # a web browser's Creator or Producer: Chrome's, Edge's and Safari's user agent, Firefox
    r"(?i)\bmozilla/\d|\bheadlesschrome\b|\bchrom(?:e|ium)\b|\bfirefox\b|\bsafari\b|\bedg/|\bopera\b")
MAX_FRAME = 0.4  # a frame taller than this share of the page is a panel or background, not a pull quote


def read_pdf(path: Path) -> ReadResult:
    """The PDF as Markdown; ReadError when it is encrypted, damaged, blank or only images."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    _check_ends(path)
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_page(page) for page in pdf.pages]
            images = sum(len(page.images) for page in pdf.pages)
            info = dict(pdf.metadata or {})
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if "Password" in type(cause).__name__ or "Encrypt" in type(cause).__name__:
            raise ReadError(path, "encrypted (needs a password)") from None
        raise damaged(path) from None
    if not any(page.words for page in pages):
        raise ReadError(path, "no text layer (a scanned image?)" if images else "empty (no text)")
    title, body = to_markdown(read_order(pages))
    meta = _metadata(info)
    title = meta.pop("title", "") or title
    printed = _printed_by_browser(info)
    if printed:  # its CreationDate is when it was printed, not when the page was published
        meta.pop("published", None)
        title = without_site_name(title, printed_address(pages))
    return ReadResult(path, title, body, meta, pages=len(pages), printed_by_browser=printed)


def without_site_name(title: str, address: str) -> str:
    """A printed page's title (its `<title>`, which the browser prints above the page) without a
    trailing " | Site", " - Site" or " – Site" that names the site at the page's printed `address`
    ("How two boards built trust | NHS Providers" at nhsproviders.org): the site's name squashed to
    letters and digits holds one of the address's host names ("nhsproviders", "nhsconfed")."""
    found = _SITE_SUFFIX.match(title)
    host = urlsplit(address if "://" in address else f"//{address}").hostname or ""
    if not found or not host:
        return title
    site = re.sub(r"[^a-z0-9]", "", found.group(2).lower())
    labels = [label for label in host.split(".") if len(label) >= 3 and label not in _GENERIC_HOST_LABELS]
    return found.group(1) if any(label.replace("-", "") in site for label in labels) else title


_SITE_SUFFIX = re.compile(r"(.*\S)\s+[|–—-]\s+([^|–—]*\w[^|–—]*)$")
_GENERIC_HOST_LABELS = frozenset({"www", "com", "org", "net", "gov", "edu"})


def _check_ends(path: Path) -> None:
    """A PDF starts with %PDF- and ends with %%EOF; a truncated download does not."""
    try:
        with open_regular(path) as f:
            head = f.read(1024)
            f.seek(0, 2)
            f.seek(max(0, f.tell() - 2048))
            tail = f.read()
    except OSError as e:
        raise ReadError(path, f"cannot read file ({e.strerror})") from None
    if b"%PDF-" not in head:
        raise ReadError(path, "corrupt (not a PDF file)")
    if b"%%EOF" not in tail:
        raise ReadError(path, "corrupt (truncated: no end-of-file marker)")


_UNMAPPED = re.compile(r"\(cid:\d+\)")  # a glyph the font maps to no character (a bullet, a dingbat): pdfminer's placeholder


def _page(page) -> PageWords:
    words = tuple(
        Word(text, w["x0"], w["x1"], w["top"], w["bottom"], float(w["size"]),
             bold=bool(_BOLD.search(w["fontname"])), italic=bool(_ITALIC.search(w["fontname"])))
        for w in page.extract_words(extra_attrs=["fontname", "size"])
        if w.get("upright", True) and (text := _UNMAPPED.sub("", w["text"]))
    )
    boxes = []
    for table in page.find_tables():
        rows = [[md.clean(_UNMAPPED.sub("", c or "")) for c in row] for row in table.extract()]
        x0, top, x1, bottom = table.bbox
        tabular = len(rows) >= 2 and max(len(r) for r in rows) >= 2
        boxes.append(Box(x0, top, x1, bottom, tuple(tuple(r) for r in rows) if tabular else ()))
    frames = [(r["x0"], r["top"], r["x1"], r["bottom"], False) for r in page.rects]
    frames += [(*frame, True) for frame in _line_frames(page.lines)]
    for x0, top, x1, bottom, edges in frames:
        if (24 <= bottom - top <= MAX_FRAME * page.height and 60 <= x1 - x0 < 0.95 * page.width
                and not any(b.rows and b.holds(x0, top, x1, bottom) for b in boxes)):  # not a table's border
            boxes.append(Box(x0, top, x1, bottom, edges=edges))
    return PageWords(float(page.width), float(page.height), words, tuple(boxes))


def _line_frames(lines: list[dict]) -> list[tuple[float, float, float, float]]:
    """Frames drawn edge by edge, as four lines (a layout tool's bordered box): (x0, top, x1, bottom), each top rule
    with the nearest rule below it of the same width that two upright rules join."""
    level = sorted((line for line in lines if abs(line["top"] - line["bottom"]) < 1), key=lambda line: line["top"])
    upright = [line for line in lines if abs(line["x0"] - line["x1"]) < 1]
    frames = []
    for i, a in enumerate(level):
        for b in level[i + 1:]:
            if (b["top"] > a["top"] + 1 and abs(a["x0"] - b["x0"]) <= 2 and abs(a["x1"] - b["x1"]) <= 2
                    and all(any(abs(v["x0"] - x) <= 2 and v["top"] <= a["top"] + 2 and v["bottom"] >= b["top"] - 2
                                for v in upright) for x in (a["x0"], a["x1"]))):
                frames.append((a["x0"], a["top"], a["x1"], b["top"]))
                break
    return frames


def _printed_by_browser(info: dict) -> bool:
    """Whether a web browser made the PDF (printing a page): its Creator or Producer says so."""
    return any(_BROWSER.search(_info_text(info, key)) for key in ("Creator", "Producer"))


def _info_text(info: dict, key: str) -> str:
    value = info.get(key, "")
    return md.clean(value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value))


def _metadata(info: dict) -> dict:
    """Front-matter fields from the document information dictionary."""
    def text(key: str) -> str:
        value = _info_text(info, key)
        return "" if _PLACEHOLDER.match(value) else value

    date = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", text("CreationDate"))
    author = text("Author")
    meta = {"title": text("Title"), "publisher": publisher_of(author, text("Company")), "author": author_of(author),
            "published": "-".join(date.groups()) if date else ""}
    return {k: v for k, v in meta.items() if v}
