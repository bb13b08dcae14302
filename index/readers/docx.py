"""Word (.docx) files with python-docx: paragraphs and tables in document order, by style.

Title and Heading N styles become the title and `##`… sections; Quote and Intense Quote
paragraphs become blockquotes, and a last line (or next paragraph) "— Name, role" their
attribution (a run of paragraphs of one quote style is one blockquote, unless each is a quotation
in its own marks: a pull quote just before another person's quotation is not theirs); list styles become `- ` items; tables become Markdown tables;
tracked changes are read accepted (insertions in, deletions out), hidden text never, and struck-through runs as
`~~…~~`; content controls
are read through, and a text box's paragraphs follow the paragraph it is anchored in. Page headers and footers live in their own parts of the file and are never read.
The date (`published:`) is the later of the core properties' created and modified dates, never
python-docx's template's (`_published`).
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

from index.readers import markdown as md
from index.readers.publisher import author_of, publisher_of
from index.readers.result import ReadError, ReadResult, damaged
from index.regular_files import open_regular

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .docx, or an old binary .doc
_PLACEHOLDER = re.compile(r"(?i)^(?:untitled|document\d*|python-docx|microsoft word - .*|.*\.docx?)$")
_QUOTE_STYLES = ("quote", "intense quote")
TEMPLATE_STAMP = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)  # python-docx's default template: created and modified


def read_docx(path: Path) -> ReadResult:
    """The Word file as Markdown; ReadError when it is encrypted, an old .doc, or damaged."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with open_regular(path) as f:
            head = f.read(8)
    except OSError as e:
        raise ReadError(path, f"cannot read file ({e.strerror})") from None
    if head == _OLE:
        raise ReadError(path, "encrypted (needs a password), or an old binary .doc: save it as .docx")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError):
        raise damaged(path) from None
    visual_title, blocks = _blocks(list(_content(document.element.body, document)))
    meta = _metadata(document, path)
    title = meta.pop("title", "") or visual_title
    return ReadResult(path, title, md.join_blocks(blocks), meta)


def _blocks(items: list) -> tuple[str, list[str]]:
    """(the Title-style paragraph's text, the body's Markdown blocks)."""
    title, styled, quote_style = "", False, ""
    blocks: list[str] = []
    quote: list[str] = []
    bullets: list[str] = []

    def flush(in_list: bool = False) -> None:
        nonlocal quote, bullets
        if quote and (styled or md.is_attribution(quote[-1])):
            attributed = len(quote) > 1 and md.is_attribution(quote[-1], byline=styled)
            blocks.append(md.blockquote(quote[:-1], quote[-1]) if attributed else md.blockquote(quote))
        elif quote:  # quotation marks with no attribution after them: an ordinary paragraph
            blocks.append(md.clean(" ".join(quote)))
        if bullets and not in_list:
            blocks.append("\n".join(bullets))
            bullets = []
        quote = []

    for item in items:
        if hasattr(item, "rows"):
            flush()
            blocks.append(md.table([_row_texts(row) for row in item.rows]))
            continue
        style, lines = _style(item), _lines(item)
        if not lines:
            continue
        if quote and (style == quote_style and not (_quoted(quote[-1:]) and _quoted(lines))
                      or len(lines) == 1 and md.is_attribution(lines[0])):
            quote += lines
            styled = styled or style in _QUOTE_STYLES
            if md.is_attribution(quote[-1]):
                flush()  # an attribution closes its blockquote: the next Quote paragraph is another's
            continue
        listed = style.startswith("list") or (item._p.pPr is not None and item._p.pPr.numPr is not None)
        quoted = style in _QUOTE_STYLES or _quoted(lines)
        flush(in_list=listed and not quoted)  # a quotation item's blockquote goes after the items above it
        if quoted:
            quote, styled, quote_style = list(lines), style in _QUOTE_STYLES, style
        elif style == "title" and not title:
            title = md.clean(" ".join(lines))
        elif style.startswith("heading") or style == "title":
            level = int(style.split()[-1]) + 1 if style.split()[-1].isdecimal() else 2
            blocks.append(md.heading(level, " ".join(lines)))
        elif listed:
            bullets.append(md.bullet(" ".join(lines)))
        else:
            blocks.append(md.clean(" ".join(lines)))
        if quote and md.is_attribution(quote[-1]):
            flush()
    flush()
    return title, blocks


def _quoted(lines: list[str]) -> bool:
    text = " ".join(lines).strip()
    return len(text) > 2 and text[0] in "“\"" and text[-1] in "”\"" and not re.search(r"[“”\"]", text[1:-1])


def _content(element, parent):
    """Paragraphs and tables in document order, including those inside content controls (w:sdt)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, parent)
            for box in _text_boxes(child):  # a text box's paragraphs, after the paragraph it is anchored in
                yield from _content(box, parent)
        elif tag == "tbl":
            yield Table(child, parent)
        elif tag == "sdt":
            content = child.find(child.tag.replace("sdt", "sdtContent"))
            if content is not None:
                yield from _content(content, parent)


def _text_boxes(paragraph) -> list:
    """The contents (w:txbxContent) of the text boxes anchored in a paragraph's runs, outermost only, each
    once: Word writes a DrawingML box and a VML copy of it for older readers (in mc:Fallback), which is
    skipped. python-docx reads none of their text."""
    from lxml import etree

    boxes = "w:r//w:txbxContent[not(ancestor::mc:Fallback)][not(ancestor::w:txbxContent)]"
    return etree.XPath(f"./{boxes} | ./w:hyperlink/{boxes}", namespaces=_BOX_NAMESPACES)(paragraph)


_BOX_NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                   "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


def _row_texts(row) -> list[str]:
    """A table row's cells' text; a cell merged across columns once, under its first column (python-docx
    gives a merged cell once for each column it spans)."""
    cells = list(row.cells)
    return ["\n".join(_text(p) for p in cell.paragraphs) if i == 0 or cell._tc is not cells[i - 1]._tc else ""
            for i, cell in enumerate(cells)]


def _style(item) -> str:
    style = getattr(item, "style", None)
    return (style.name if style is not None and style.name else "").strip().lower()


def _lines(paragraph) -> list[str]:
    """A paragraph's lines (a manual line break starts a new one)."""
    return [md.clean(line) for line in _text(paragraph).split("\n") if md.clean(line)]


def _text(paragraph) -> str:
    """The paragraph's text as Word shows it with its tracked changes accepted (runs, hyperlinks' runs, tracked
    insertions; never a tracked deletion's words nor hidden text), a page or column break as a space (python-docx
    reads it as nothing, joining the words either side), and struck-through runs between `~~`, as Markdown strikes
    text (words the document withdraws: a quotation holding them is no one's)."""
    from docx.oxml.ns import qn

    pieces = [(_struck(run), "".join(" " if e.tag == qn("w:br") and e.type != "textWrapping" else str(e)
                                     for e in run.xpath("w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab")))
              for run in paragraph._p.xpath(_RUNS) if not _on(run, "w:vanish")]
    text = ""
    for struck, group in groupby(pieces, key=lambda piece: piece[0]):
        words = "".join(w for _, w in group)
        if struck and words.strip():  # as the HTML reader strikes `<del>`: "~~" hugging the words, spaces outside
            words = f"{words[:len(words) - len(words.lstrip())]}~~{words.strip()}~~{words[len(words.rstrip()):]}"
        text += words
    return text


_RUNS = ("w:r | w:hyperlink/w:r | w:ins/w:r | w:ins/w:hyperlink/w:r | w:hyperlink/w:ins/w:r | w:moveTo/w:r"
         " | w:smartTag/w:r")  # a run, in a link, a tracked insertion or move; a tracked deletion's are never read


def _struck(run) -> bool:
    """Whether a run is struck through (single or double)."""
    return _on(run, "w:strike") or _on(run, "w:dstrike")


def _on(run, mark: str) -> bool:
    """Whether a run's property `mark` ("w:strike", "w:vanish": hidden text) is set, not turned off again
    (`w:val="0"`/`"false"`)."""
    from docx.oxml.ns import qn

    return any(found.get(qn("w:val"), "true") not in ("0", "false", "off") for found in run.xpath(f"w:rPr/{mark}"))


def _metadata(document, path: Path) -> dict:
    core = document.core_properties
    title = md.clean(core.title or "")
    author = md.clean(core.author or "")
    author = "" if _PLACEHOLDER.match(author) else author
    meta = {
        "title": "" if _PLACEHOLDER.match(title) else title,
        "publisher": publisher_of(author, _company(path)),
        "author": author_of(author),
        "published": _published(core.created, core.modified),
    }
    return {k: v for k, v in meta.items() if v}


def _published(created: datetime | None, modified: datetime | None) -> str:
    """The document's date: the later of when it was created and last saved (core properties), so
    that a copy of a template, edited and saved, has its own date, not the template's `created`;
    a date that is python-docx's own template's (TEMPLATE_STAMP: a file it wrote without dates of
    its own) says nothing about the document, and "" when no other date is left."""
    dates = [d if d.tzinfo else d.replace(tzinfo=UTC) for d in (created, modified) if d]
    dates = [d for d in dates if d != TEMPLATE_STAMP]
    return max(dates).date().isoformat() if dates else ""


def _company(path: Path) -> str:
    """docProps/app.xml's <Company>, Word's "Company" property (the organisation that wrote it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            app = archive.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return ""
    found = re.search(r"<(?:\w+:)?Company>([^<]*)</(?:\w+:)?Company>", app)
    return md.clean(found.group(1)) if found else ""
