"""Whether a file's first bytes are the kind its suffix names (pure): a PDF or a Word file saved as
.html, a web page saved as .pdf, an image or an old binary .doc renamed .docx or .md. Read as its
suffix says, such a file is garbage text in the index (or a parser's failure), so it is refused with one
line saying what it holds instead.
"""

from __future__ import annotations

HEAD_BYTES = 1024  # a PDF's `%PDF-` may follow a little junk; every other signature opens the file
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .doc, or an encrypted .docx: the Word reader says which

_BINARY = (  # (first bytes, what they are, the suffix peerbot reads it under, if any)
    (b"%PDF-", "a PDF", ".pdf"),
    (b"PK\x03\x04", "a zip file (a Word document or another Office file)", ".docx"),
    (_OLE, "an old binary Office file (.doc, .xls or .ppt)", ""),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", ""),
    (b"\xff\xd8\xff", "a JPEG image", ""),
    (b"GIF87a", "a GIF image", ""),
    (b"GIF89a", "a GIF image", ""),
    (b"\x1f\x8b", "gzip-compressed data", ""),
    (b"{\\rtf", "an RTF document", ""),
    (b"\x7fELF", "a program", ""),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", ""),
    (b"Rar!\x1a\x07", "a RAR archive", ""),
)
_NAMED = {".pdf": "a PDF", ".docx": "a Word document (.docx)", ".html": "a web page", ".htm": "a web page",
          ".md": "Markdown text", ".txt": "plain text"}


def mismatch(suffix: str, head: bytes) -> str | None:
    """Why a file named with `suffix` whose first bytes are `head` is not what its name says (one line),
    or None when it may be (bytes of no kind known here are left to the reader, which names a damaged file)."""
    suffix = suffix.lower()
    named = _NAMED.get(suffix)
    if named is None or (suffix == ".pdf" and b"%PDF-" in head[:HEAD_BYTES]):
        return None
    found = _kind(head)
    if suffix in (".pdf", ".docx"):
        found = found or _web_page(head)
    if found is None or (suffix == ".docx" and head.startswith((b"PK\x03\x04", _OLE))):
        return None
    return _told(found, named)


def _told(found: str, named: str) -> str:
    rename = next((s for _, kind, s in _BINARY if kind == found and s), "")
    if found == "a web page":
        rename = ".html"
    advice = f": rename it {rename}" if rename else ": peerbot reads Markdown, text, PDF, Word (.docx) and web pages"
    return f"holds {found}, not {named} as its name says{advice}"


def _kind(head: bytes) -> str | None:
    return next((kind for signature, kind, _ in _BINARY if head.startswith(signature)), None)


def _web_page(head: bytes) -> str | None:
    """"a web page" when the bytes open as one (after any byte-order mark and spaces), else None."""
    start = head.lstrip(b"\xef\xbb\xbf").lstrip()[:64].lower()
    return "a web page" if start.startswith((b"<!doctype html", b"<html")) else None
