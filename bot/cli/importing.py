"""`peerbot import`: convert PDF, Word and HTML files into Markdown documents in the corpus folder."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CommandError, say
from bot.settings import Settings

if TYPE_CHECKING:
    from index import Imported


def register(commands: argparse._SubParsersAction) -> None:
    imports = commands.add_parser(
        "import", help="convert PDF, Word and HTML files into Markdown documents in the corpus folder",
        description="Convert each PDF (`.pdf`), Word (`.docx`) or web page (`.html`, `.htm`) into a Markdown "
        "document with front matter in the corpus folder (`PEERBOT_KNOWLEDGE_DIR`), for review and editing before "
        "`peerbot index`: one line per file. A document already there with the same id is never overwritten. A file "
        "that cannot be read (encrypted, a scanned image with no text, damaged) is one line saying why; exit status "
        "1 when any file was not imported (README: Adding documents).",
    )
    imports.add_argument("files", nargs="+", metavar="FILE", help="a .pdf, .docx, .html or .htm file")
    imports.add_argument("--publisher", metavar="P", default="", help="publisher (the organisation) written into each "
                         "document's front matter, over the file's own metadata")
    imports.add_argument("--url", metavar="U", default="", type=web_address,
                         help="address (http:// or https://) written into each document's front matter")
    imports.set_defaults(handler=cmd_import)


def web_address(value: str) -> str:
    """`--url` as the citations link to it: an http(s) address (a chat surface shows any other as no link)."""
    address = value.strip()
    if address and not re.fullmatch(r"https?://[^\s<>|]+", address):
        shown = address if len(address) <= 80 else address[:80] + "…"
        raise argparse.ArgumentTypeError(f"must be a web address starting with https:// or http://, got {shown!r}")
    return address


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from index import DocumentError, import_document

    folder = settings.knowledge_dir
    if not folder.is_dir():
        raise CommandError(f"corpus folder {folder} does not exist or is not a folder (set PEERBOT_KNOWLEDGE_DIR)")
    failed = 0
    for name in args.files:
        try:
            done = import_document(Path(name), folder, publisher=args.publisher.strip(), url=args.url.strip(),
                                   max_mb=settings.max_document_mb)
        except DocumentError as e:
            say(f"peerbot: not imported {e}", err=True)
            failed += 1
            continue
        publisher = f"{done.publisher}; " if done.publisher else ""
        say(f"Imported {name} as {done.written}: “{done.title}” ({publisher}{done.words} words{_missing(done)}"
            f"{_undated(done)})")
    if failed < len(args.files):
        print("Review the text, then run `peerbot index`.")
    return 1 if failed else 0


def _undated(done: Imported) -> str:
    """A web page printed to PDF carries the day it was printed, not the day it was published."""
    if not done.printed_by_browser:
        return ""
    return ("; no published date: printed from a web browser, so the PDF's date is the day it was printed: add "
            "`published:` (the page's own date) to its front matter")


def _missing(done: Imported) -> str:
    """What the document's citations would lack, and where to add it: a PDF's or Word file's own
    metadata often has no address and no publisher, and answers show both with each snippet."""
    lacking = [field for field, value in (("publisher", done.publisher), ("url", done.url)) if not value]
    if not lacking:
        return ""
    fields = " and ".join(f"`{field}:`" for field in lacking)
    options = " and ".join(f"--{field}" for field in lacking)
    return (f"; no {' or '.join(lacking)}: add {fields} to its front matter before `peerbot index` (or import "
            f"with {options}), or its citations will lack {'them' if len(lacking) > 1 else 'it'}")
