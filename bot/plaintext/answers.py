"""An answer as plain text (the terminal, and Teams' text fallback), and the pieces the other
plain-text renderings share: a snippet (the document's words as they are, each quotation apart
in marks with its speaker), a source line, a contact (why them, then their own words), and the
contacts and related enablers an answer or a summary ends with."""

from __future__ import annotations

import textwrap

from bot import messages
from bot.answer import QUOTE, Answer, Contact, DocumentRef, EnablerRef, Segment, Snippet, enclose

WIDTH = 100
QUOTE_INSET = "  "  # a quotation is set in from the document's own text


def render_answer(answer: Answer) -> str:
    if not answer.answered:
        lines = [textwrap.fill(messages.decline(answer), WIDTH)]
        if answer.closest:
            lines += ["", messages.CLOSEST_HEADING + ":", ""]
            for number, snippet in enumerate(answer.closest, 1):
                lines += snippet_lines(snippet, f"{number}. ", "   ") + [""]
        return "\n".join(lines).rstrip() + "\n"
    lines = [answer.lead or messages.answer_lead(len(answer.snippets), len(answer.document_ids)), ""]
    for number, snippet in enumerate(answer.snippets, 1):
        lines += snippet_lines(snippet, f"{number}. ", "   ") + [""]
    lines += closing_lines(messages.CONTACTS_HEADING, answer.contacts, answer.enablers)
    return "\n".join(lines).rstrip() + "\n"


def snippet_lines(snippet: Snippet, first: str, rest: str) -> list[str]:
    """The snippet's segments in order (paragraph breaks kept), then its source."""
    lines: list[str] = []
    for segment in snippet.segments:
        lines += segment_lines(segment, rest if lines else first, rest)
    return lines + source_lines(snippet.document, snippet.section, rest)


def segment_lines(segment: Segment, first: str, rest: str) -> list[str]:
    """The document's text as it is; a quotation set in, in marks, with its speaker on the line after."""
    if segment.kind != QUOTE:
        return _paragraphs(segment.text, first, rest)
    inset = rest + QUOTE_INSET
    credit = messages.credit(segment.speaker)
    lead = first if first.strip() else inset
    return _paragraphs(enclose(segment.text), lead, inset) + [fill(f"— {credit}", inset, inset + "  ")]


def source_lines(document: DocumentRef, section: str, indent: str) -> list[str]:
    lines = [fill(f"{messages.SOURCE}: {document.source(section)}", indent, indent + "  ")]
    return lines + ([f"{indent}  {document.url}"] if document.url else [])


def closing_lines(heading: str, contacts: tuple[Contact, ...], enablers: tuple[EnablerRef, ...]) -> list[str]:
    """How an answer and an enabler summary end: the contacts under `heading`, then the related enablers."""
    lines: list[str] = []
    if contacts:
        lines.append(heading + ":")
        for contact in contacts:
            lines += contact_lines(contact)
        lines.append("")
    if enablers:
        lines.append(fill(messages.ENABLERS_HEADING + ": " + ", ".join(e.name for e in enablers), "", "  "))
    return lines


def contact_lines(contact: Contact, note: str = "", first: str = " • ", rest: str = "   ") -> list[str]:
    """Name (and `note`), why they are relevant, then their own words when a quotation is theirs."""
    lines = [fill(contact.name + (f" ({note})" if note else ""), first, rest)]
    if contact.reason:
        lines.append(fill(contact.reason, rest))
    if contact.quote:
        lines.append(fill(enclose(contact.quote), rest))
    return lines


def fill(text: str, first: str = "", rest: str | None = None) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=first, subsequent_indent=first if rest is None else rest)


def _paragraphs(text: str, first: str, rest: str) -> list[str]:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return [fill(p, first if i == 0 else rest, rest) for i, p in enumerate(paragraphs)]
