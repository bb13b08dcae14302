"""Block Kit's building blocks, pure: sections, context lines and buttons within Slack's limits, and
text made safe for mrkdwn (`&`, `<`, `>` escaped, `@channel` / `@here` / `@everyone` defused, so that
no text a user or a document wrote can ping a channel), and a document's own words shown as they read
(`verbatim`: its `*`, `_`, `~` and backticks never turned into bold, italic, strike or code)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_CONTEXT = 2000
MAX_FALLBACK = 3000
MAX_BUTTON_TEXT = 75
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.I)
_URL = re.compile(r"https?://[^\s<>|]+")
# mrkdwn's formatting characters where they can open or close a span: not between two letters or digits
# ("snake_case" is never italic); a link's own characters are left to the link
_FORMATTING = re.compile(r"(https?://[^\s<>|]+)|(?<![^\W_])[*_~`]|[*_~`](?![^\W_])")
# Slack has no escape for them: a date token with a format it cannot read shows its fallback text as
# plain text, unformatted, so the character stands as written (the way jsx-slack's <Escape> does it)
_AS_WRITTEN = "<!date^00000000^{{_}}|{}>"


@dataclass(frozen=True)
class Rendered:
    text: str  # the plain-text fallback (notifications, screen readers)
    blocks: list[dict] = field(default_factory=list)

    def as_kwargs(self) -> dict:
        return {"text": self.text, "blocks": self.blocks}


def escape(text: str) -> str:
    """User or document text made safe for mrkdwn: entities escaped, broadcast pings defused."""
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: "@\u2060" + m.group(1), text)


def verbatim(text: str) -> str:
    """A document's own words for mrkdwn: escaped (`escape`), each formatting character shown as written."""
    return _FORMATTING.sub(lambda m: m.group(1) or _AS_WRITTEN.format(m.group(0)), escape(text))


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def fit(text: str, limit: int, made_safe: Callable[[str], str] = escape) -> str:
    """Text no longer than `limit` once made safe (`escape`, or `verbatim`), never cutting an entity in half."""
    out = made_safe(text)
    while len(out) > limit:  # cut by the excess, or in proportion where making safe multiplies the length ("*")
        text = shorten(text, max(len(text) - (len(out) - limit) - 1, len(text) * limit // len(out)))
        out = made_safe(text)
    return out


def link(url: str, label: str) -> str:
    label = fit(label, 300)
    if not _URL.fullmatch(url or ""):
        return label
    return f"<{url.replace('&', '&amp;')}|{label}>"


def section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn[:MAX_SECTION]}}


def context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn[:MAX_CONTEXT]}]}


def button(text: str, action_id: str, value: str, style: str = "") -> dict:
    element = {
        "type": "button", "action_id": action_id, "value": value,
        "text": {"type": "plain_text", "text": text[:MAX_BUTTON_TEXT], "emoji": True},
    }
    if style:
        element["style"] = style
    return element


def cap(blocks: list[dict]) -> list[dict]:
    """At most 50 blocks; a trailing actions block (the buttons) always survives."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    tail = [blocks[-1]] if blocks[-1].get("type") == "actions" else []
    return blocks[: MAX_BLOCKS - len(tail)] + tail


def notice(mrkdwn: str) -> Rendered:
    """A one-section message; `mrkdwn` is trusted text from `messages` (with escaped insertions)."""
    return Rendered(fallback_text(mrkdwn), [section(mrkdwn)])


def fallback_text(text: str) -> str:
    return shorten(text, MAX_FALLBACK)
