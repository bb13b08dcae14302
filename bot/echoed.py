"""What someone typed, made fit to quote back to them on any surface (pure): their identifiers redacted,
one line, no control or format characters (a terminal's escape codes, bidi overrides, zero-width
characters) and cut at a word to a few dozen characters, so an echo can neither act on a terminal,
reorder or hide text, nor run to a page. Each surface then escapes its own markup (mrkdwn, Markdown)."""

from __future__ import annotations

from bot.redact import redact
from index import readable, without_format

ECHOED_MOST = 80  # characters of typed text quoted back: a name, or the start of one


def echoed(typed: str, limit: int = ECHOED_MOST) -> str:
    text = " ".join(without_format(readable(typed)).split())  # line breaks and tabs a space each, runs one
    text = redact(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"
