"""Text from outside, made safe once at the edge.

Command-line arguments, standard input, Slack and Teams JSON, file names and front matter can
carry bytes that are not UTF-8 (Python keeps them as lone surrogates) or lone surrogates from a
JSON `\\ud800` escape. Either would crash later, far from where it came in (SQLite, the
terminal, a tokenizer). Every adapter passes outside text through `clean` (or `decode`) once.
"""

from __future__ import annotations

import re
from pathlib import Path

_ESCAPED_BYTES = re.compile(r"[\udc80-\udcff]+")  # bytes Python could not decode (surrogateescape)
_SURROGATES_AND_NUL = re.compile(r"[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """`text` with undecodable bytes replaced by U+FFFD and lone surrogates and NULs removed."""
    if text.isascii():
        return text.replace("\x00", "")
    return _SURROGATES_AND_NUL.sub("", _ESCAPED_BYTES.sub(REPLACEMENT, text))


def decode(data: bytes) -> str:
    """Bytes from outside as text: UTF-8 (a byte-order mark dropped), invalid bytes replaced."""
    return clean(data.decode("utf-8-sig", "replace"))


def shown_path(path: Path) -> str:
    """A path as text that can be printed and stored (a file name's invalid bytes replaced)."""
    return clean(str(path))
