"""What a reader returns, and the one error it raises for a file it cannot read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from index.errors import IndexFailure


class ReadError(IndexFailure):
    """A file no reader can turn into text; `reason` is one line ("encrypted (needs a password)")."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NotItsKind(ReadError):
    """A file whose bytes are another kind than its suffix names (`index.readers.signatures`): no version of
    it was ever a document of that kind, so the index keeps none."""


DAMAGED = {  # a damaged file's one-line reason by suffix, whatever its parser raised
    ".pdf": "corrupt (a damaged PDF: open it and save it again as PDF, or print it to PDF)",
    ".docx": "corrupt (not a valid Word file: open it in Word and save it again as .docx)",
}


def damaged(path: Path) -> ReadError:
    """The ReadError of a file its parser failed on part-way: one line a person can act on, not the
    parser's message (`XMLSyntaxError: Comment too big found, line 2, column 10003945`)."""
    return ReadError(path, DAMAGED.get(path.suffix.lower(), "corrupt (a damaged web page: save it again from the browser)"))


@dataclass(frozen=True)
class ReadResult:
    """A document as peerbot's Markdown with front matter: `meta` holds front-matter fields
    (publisher, url, published, author, ... and anything a sidecar adds), `body` is Markdown
    (`## Heading` sections, blank-line paragraphs, `> ` blockquotes ending `> — Name, role`)."""

    path: Path
    title: str
    body: str
    meta: dict = field(default_factory=dict)
    pages: int = 1
    printed_by_browser: bool = False  # a web page printed to PDF: its date is the print's, so no `published`

    def markdown(self) -> str:
        """The whole document as a Markdown file with YAML front matter."""
        front = {"title": self.title, **{k: v for k, v in self.meta.items() if v not in ("", None, [], {})}}
        header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
        return f"---\n{header}---\n\n{self.body.strip()}\n"
