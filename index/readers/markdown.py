"""Markdown pieces every reader writes the same way (pure)."""

from __future__ import annotations

import re

from index.text import CREDIT_DASH

_DASH = re.compile(rf"^\s*{CREDIT_DASH}\s*(?=\S)")
_BY = re.compile(  # "By Jo Bloggs", "By Dr Jo Bloggs RM, chief nurse" under a quotation: a name's capitalised words
    r"^\s*By\s+(?=(?:[A-Z][\w’'.-]*\s+){1,6}[A-Z][\w’'-]*(?:,[^.!?;:“”\"]{2,80})?$)")
_MARKS = "“”\"‘’'"


def heading(level: int, text: str) -> str:
    return f"{'#' * max(2, min(level, 6))} {clean(text)}"


def blockquote(paragraphs: list[str], attribution: str = "") -> str:
    """A quotation as `> ` lines, its paragraphs apart, then `> — attribution` when it has one."""
    lines: list[str] = []
    for text in (clean(p) for p in paragraphs):
        if text:
            lines += ([">"] if lines else []) + [f"> {text}"]
    who = clean(_BY.sub("", _DASH.sub("", attribution)))
    if who:
        lines += [">", f"> — {who}"]
    return "\n".join(lines)


def is_attribution(text: str, byline: bool = False) -> bool:
    """ "— Name, role" (or with an en dash, a bar, a tilde or hyphens): a quotation's attribution line; with `byline`
    (the last paragraph of a blockquote), "By Name" too."""
    text = text.strip()
    return (bool(_DASH.match(text) or byline and _BY.match(text)) and 1 <= len(text.split()) <= 30
            and not text.rstrip().endswith(tuple(_MARKS)))


def table(rows: list[list[str]]) -> str:
    """A Markdown table; the first row is the header. Pipes inside cells are escaped."""
    rows = [[clean(c).replace("|", "\\|") for c in row] for row in rows if any(clean(c) for c in row)]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines[:1] + ["| " + " | ".join(["---"] * width) + " |"] + lines[1:])


def definitions(items: list[tuple[str, str]]) -> str:
    """A definition list from ("dt", term) and ("dd", definition) pairs: "Term" then ": definition" lines."""
    lines = [(": " if kind == "dd" else "") + clean(text) for kind, text in items if clean(text)]
    return "\n".join(lines) if any(line.startswith(": ") for line in lines) else " ".join(lines)


def bullet(text: str) -> str:
    return f"- {clean(text)}"


def clean(text: str) -> str:
    """One line of text: whitespace runs to one space, soft hyphens and zero-width marks gone."""
    text = re.sub(r"[\u00ad\u200b\u200c\u200d\ufeff]", "", text or "")
    return re.sub(r"\s+", " ", text).strip()


def join_blocks(blocks: list[str]) -> str:
    """The body: blocks apart by one blank line."""
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"
