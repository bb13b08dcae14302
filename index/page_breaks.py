"""A quotation a page break interrupts (pure): text extracted from a PDF or a newspaper's e-edition keeps each page's
running footer and header, so a quotation running over a page break comes as two paragraphs with them between."""

from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(r"(?:\bPage\s+\d{1,4}(?:\s+of\s+\d{1,4})?|\|\s*\d{1,4}|^\d{1,4})\s*$", re.I)
_CARRIES_ON = re.compile(r"[a-z][^“”\"‘\n]*[”\"]")  # "apists work from one rota across both sites.”"


def page_furniture(paragraph: str) -> bool:
    """Whether a paragraph is a page's running footer or header: one short line ending in its page number
    ("Kestrel Orthopaedic Network | Audit report 2026 | 3", "THE GAZETTE … Page 15", "Page 4 of 8", "14")."""
    line = paragraph.strip()
    return "\n" not in line and len(line.split()) <= 20 and _PAGE_NUMBER.search(line) is not None


def carried_over(paragraph: str) -> str | None:
    """A quotation's words on the page after the break, when the paragraph is only them: it opens in lower case
    (the sentence goes on), holds no other mark, and ends with the closing mark; else None."""
    words = paragraph.rstrip()
    return words[:-1] if _CARRIES_ON.fullmatch(words) else None
