"""Enabler summaries and the enabler list as plain text (`peerbot enabler`)."""

from __future__ import annotations

import textwrap

from bot import messages
from bot.answer import enclose
from bot.plaintext.answers import WIDTH, closing_lines, fill, snippet_lines, source_lines
from bot.summary import EnablerListing, EnablerSummary


def render_listing(listings: list[EnablerListing]) -> str:
    if not listings:
        return messages.NO_ENABLERS_ADMIN + "\n"
    lines = [messages.ENABLER_LIST_HEADING + ":", ""]
    for item in listings:
        lines.append(f"{item.enabler.name} ({item.enabler.id}) — {messages.lessons(item.lesson_count)}")
        lines.append(textwrap.fill(item.description, WIDTH, initial_indent="   ", subsequent_indent="   "))
    lines += ["", messages.enabler_hint()]
    return "\n".join(lines) + "\n"


def render_summary(summary: EnablerSummary) -> str:
    lines = [f"{summary.enabler.name} ({summary.enabler.id})", textwrap.fill(summary.description, WIDTH)]
    if not summary.lesson_count:
        return "\n".join([*lines, "", textwrap.fill(messages.no_lessons_yet(summary.enabler), WIDTH)]) + "\n"
    lines += [messages.lessons_speak_to_it(summary.lesson_count), ""]
    if summary.practices:
        lines.append(messages.PRACTICES_HEADING + ":")
        for number, snippet in enumerate(summary.practices, 1):
            lines += snippet_lines(snippet, f"{number}. ", "   ")
        lines.append("")
    if summary.examples:
        lines.append(messages.EXAMPLES_HEADING + ":")
        for example in summary.examples:
            lines.append(fill(example.label + ":", " • ", "   "))
            lines += snippet_lines(example.snippet, "   ", "   ")
        lines.append("")
    if summary.quotes:
        lines.append(messages.QUOTES_HEADING + ":")
        for quote in summary.quotes:
            lines.append(fill(enclose(quote.text), " • ", "   "))
            lines.append(fill(f"— {quote.speaker.credit}", "   ", "     "))
            lines += source_lines(quote.document, "", "   ")
        lines.append("")
    lines += closing_lines(messages.SUMMARY_CONTACTS_HEADING, summary.contacts, summary.related)
    return "\n".join(lines).rstrip() + "\n"
