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
