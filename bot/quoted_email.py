"""An email pasted into a question, without what others wrote (pure): `own_words`. A reply's quoted lines
("> …"), everything from "On … wrote:" or "-----Original Message-----" on, are someone else's words: searched
with the question, they were answered instead of it; so are an email's header lines ("From: …", "Sent: …",
"Subject: …": two or more of them), which were named as the topic ("28 November 2026 17:40 Subject"). Slack and Teams keep a message's lines to here
(`bot.question.lines_kept`); each marker is found inside a line too, for text whose lines were joined before."""

from __future__ import annotations

import re

from index import content_terms

# where the quoted email begins: "On Mon, 3 Nov 2025 at 09:14, Jo <jo@x.nhs.uk> wrote:", Outlook's header line
_REPLY_HEADER = re.compile(r"(?:^|(?<=\s))(?:>\s*)*On\s[^\n?!]{1,160}?\swrote:|-{2,}\s*Original Message\s*-{2,}",
                           re.IGNORECASE)
_HEADER_FIELD = re.compile(r"\s*(?:From|Sent|To|Cc|Bcc|Date|Subject)\s*:", re.IGNORECASE)  # "Sent: 28 November …"
HEADER_FIELDS = 2  # this many header lines make an email's header block, not a question's "To: …"
_FORWARDED = re.compile(r"-{2,}\s*Forwarded message\s*-{2,}", re.IGNORECASE)
# a quoted line's marker: ">" (or Slack's "&gt;") opening a line, or after a space in a line joined with others,
# not comparing two figures ("costs > £1m")
_QUOTED_LINE = re.compile(r"\s*(?:>|&gt;)")
_QUOTE_MARK = re.compile(r"(?:^|(?<=[.?!:;,]\s)|(?<=[.?!:;,]))\s*(?:>|&gt;)(?=\s|$)(?!\s*[£$€\d])", re.MULTILINE)


def own_words(text: str) -> tuple[str, str]:
    """(the asker's own words, the email they paste): `text` with its quoted lines and an email's header lines left out, up to the first
    reply header or quoted line left in a joined line (a header on a line of its own over quoted lines is left out
    with them, and lines after them are the asker's); and the email's words without their markers ("" when
    `text` quotes none). An asker who wrote nothing of their own forwarded the email as their question."""
    lines = text.splitlines()
    if sum(1 for line in lines if _HEADER_FIELD.match(line)) >= HEADER_FIELDS:
        lines = [line for line in lines if not _HEADER_FIELD.match(line)]
        text = "\n".join(lines)
    unquoted = "\n".join(line for i, line in enumerate(lines) if not _QUOTED_LINE.match(line) and not _heads_quote(lines, i))
    starts = [m.start() for m in (_REPLY_HEADER.search(unquoted), _QUOTE_MARK.search(unquoted)) if m]
    own = _FORWARDED.sub(" ", unquoted[:min(starts)] if starts else unquoted).strip()
    if own == text.strip():
        return own, ""
    pasted = _FORWARDED.sub(" ", _QUOTE_MARK.sub(" ", _REPLY_HEADER.sub(" ", text))).strip()
    return (own, pasted) if re.search(r"\w", own) else (pasted, "")


def _heads_quote(lines: list[str], i: int) -> bool:
    """Whether line `i` is a reply header ("On …, Jo wrote:") over quoted lines: the asker's lines after
    those are their own (a reply pasted with the quotation first)."""
    header = _REPLY_HEADER.fullmatch(lines[i].strip())
    return bool(header) and i + 1 < len(lines) and bool(_QUOTED_LINE.match(lines[i + 1]))


# words in an asker's own lines that hand over the email they paste: "Can you help with this one?", "thoughts on the below?"
_POINTING = re.compile(r"\b(?:this|that|these|those|below|above|attached|forwarded|it|them|email|e-mail|thread|request)\b",
                       re.IGNORECASE)
HANDING_OVER_TERMS = 4  # own lines pointing at the email with at most this many content words ask nothing of their own


def hands_over(own: str) -> bool:
    """Whether the asker's own words only hand over the email they paste ("Can you help with this one? Need
    something by Friday."): they point at it and say little else, so the email is what they ask."""
    return bool(_POINTING.search(own)) and len(content_terms(own)) <= HANDING_OVER_TERMS
