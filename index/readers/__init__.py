"""Readers that turn PDF, Word and HTML files into peerbot's Markdown with front matter.

`read_document(path)` picks the reader by suffix, then lets a sidecar `NAME.meta.yaml` override
the file's own metadata. A file no reader can use raises `ReadError` with a one-line reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from index.readers.result import NotItsKind, ReadError, ReadResult, damaged
from index.readers.sidecar import has_sidecar, read_sidecar, sidecar_path
from index.readers.signatures import HEAD_BYTES, mismatch
from index.regular_files import kind_of, open_regular, read_regular
from index.text import without_controls

__all__ = ["READERS", "NotItsKind", "ReadError", "ReadResult", "not_a_file", "read_document", "sidecar_path",
           "source_hash"]

# Bump when a reader's output changes: every file a reader reads is then read again.
READER_VERSION = "19"  # 19: a PDF frame drawn edge by edge (four lines) is a frame, and one with text beside it is read whole after that text, not row by row with it; a blockquote's (an HTML blockquote's or aside's, a Word Quote's) last line "By Name", "― Name" or "~ Name" is its attribution line, written "— Name"; 18: an HTML `<q>` inside a quotation the paragraph types with marks is ‘…’, and a bare `<sup>` number right after a closing mark is a note marker, dropped; 17: an HTML `<del>` is not read and an `<ins>` is (an edit accepted, as in Word); 16: a file whose bytes are another kind than its suffix names (a PDF saved as .html) is refused, not read as garbage; 15: a Word file's tracked insertions are read (deletions never were) and its hidden runs are not, its struck runs and an HTML span styled line-through are struck as `~~…~~`, an HTML element the page hides is dropped; 14: an image's alt text holding brackets, or its address parentheses, goes with the image (never read as text); 13: an HTML `<del>`, `<s>` or `<strike>` is struck as `~~…~~`; 12: control characters (NULs ...) are dropped from the text and metadata; 11: a Word text box's paragraphs are read, an embedded post's author line is its blockquote's attribution; 10: a PDF page's footnotes, and an HTML footnote marker or note, are dropped; a `<dl>` is a definition list, `<pre><code>` is dropped; 9: an HTML pull-quote `<aside>` is a blockquote, a `<figure>`'s caption a paragraph; 8: a PDF superscript number joins the word before it (Trewin.⁵); 7: a Word list item holding only a quotation keeps its place in the list; 6: a Word page or column break is a space; 5: an HTML `<q>` keeps its quotation marks; 4: a Word attribution line closes its blockquote; 3: a printed page's title without its site name ("... | NHS Providers")


def _pdf(path: Path) -> ReadResult:
    from index.readers.pdf import read_pdf

    return read_pdf(path)


def _docx(path: Path) -> ReadResult:
    from index.readers.docx import read_docx

    return read_docx(path)


def _html(path: Path) -> ReadResult:
    from index.readers.html import read_html

    return read_html(path)


READERS: dict[str, Callable[[Path], ReadResult]] = {".pdf": _pdf, ".docx": _docx, ".html": _html, ".htm": _html}


def source_hash(path: Path) -> str:
    """SHA-256 of what reading `path` depends on: the reader version, the file and its sidecar."""
    digest = hashlib.sha256(f"reader {READER_VERSION}\n".encode())
    digest.update(read_regular(path))
    if has_sidecar(path):
        digest.update(b"\0sidecar\0" + read_regular(sidecar_path(path)))
    return digest.hexdigest()


def read_document(path: Path) -> ReadResult:
    """The file as a ReadResult; ReadError (naming the file and why) when it cannot be read."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(path, f"no reader for '{path.suffix}' files (readable: {', '.join(READERS)})")
    problem = not_a_file(path)
    if problem is not None:
        raise ReadError(path, problem)
    if (problem := _mislabelled(path)) is not None:
        raise NotItsKind(path, problem)
    override = read_sidecar(path)
    try:
        result = reader(path)
    except ReadError:
        raise
    except Exception:  # a damaged file can break a parser anywhere; it is skipped, never fatal
        raise damaged(path) from None
    result = _printable(result)
    if not result.body.strip():
        raise ReadError(path, "empty (no text)")
    meta = {**result.meta, **{k: v for k, v in override.items() if k != "title"}}
    title = str(override.get("title") or result.title or path.stem.replace("-", " ").replace("_", " "))
    return replace(result, path=path, title=title.strip(), meta=meta)


def _mislabelled(path: Path) -> str | None:
    """Why the file's bytes are not the kind its suffix names (`index.readers.signatures`), or None."""
    try:
        with open_regular(path) as f:
            return mismatch(path.suffix, f.read(HEAD_BYTES))
    except OSError:
        return None  # the reader names what keeps it from reading the file


def _printable(result: ReadResult) -> ReadResult:
    """`result` with control characters dropped from its title, body and text metadata."""
    meta = {k: without_controls(v) if isinstance(v, str) else v for k, v in result.meta.items()}
    return replace(result, title=without_controls(result.title), body=without_controls(result.body), meta=meta)


def not_a_file(path: Path) -> str | None:
    """Why `path` is no file to read (missing, a folder, a named pipe, a socket, a device), looked
    at without opening it, so a pipe never waits; None when it is a regular file."""
    kind = kind_of(path)
    if kind is None or not kind.startswith("a "):
        return kind
    if kind == "a folder":
        return "is a folder: give the files in it"
    return f"is not a regular file ({kind})"
