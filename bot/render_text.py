"""Rendering answers as plain text for the terminal."""

from __future__ import annotations

import textwrap

from bot import messages
from bot.answer import Answer

WIDTH = 100


def render_answer(answer: Answer) -> str:
    if not answer.answered:
        return textwrap.fill(messages.no_answer(answer.suggestions), WIDTH) + "\n"
    lines = [messages.answer_lead(len(answer.snippets)), ""]
    for number, snippet in enumerate(answer.snippets, 1):
        paragraphs = f"“{snippet.text}”".split("\n")  # keep paragraph and attribution breaks
        for i, paragraph in enumerate(p for p in paragraphs if p.strip()):
            lines.append(textwrap.fill(paragraph, WIDTH, initial_indent=f"{number}. " if i == 0 else "   ",
                                       subsequent_indent="   "))
        source = " · ".join(part for part in (snippet.document.title, snippet.document.publisher, snippet.section) if part)
        lines.append(textwrap.fill(source, WIDTH, initial_indent="   — ", subsequent_indent="     "))
        if snippet.document.url:
            lines.append(f"     {snippet.document.url}")
        lines.append("")
    if answer.contacts:
        lines.append(messages.CONTACTS_HEADING + ":")
        for contact in answer.contacts:
            who = ", ".join(part for part in (contact.role, contact.organisation) if part)
            lines.append(f" • {contact.name}" + (f" — {who}" if who else ""))
            lines.append(textwrap.fill(f"“{contact.reason}”", WIDTH, initial_indent="   ", subsequent_indent="   "))
        lines.append("")
    if answer.enablers:
        lines.append(messages.ENABLERS_HEADING + ": " + ", ".join(f"{e.name} ({e.id})" for e in answer.enablers))
    return "\n".join(lines).rstrip() + "\n"


def render_build_report(report) -> str:
    """What `peerbot index` (or a first-use build) reports: skipped files, then one summary line."""
    lines = [f"peerbot: skipped {error}" for error in report.errors]
    counts = (
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed, "
        f"{report.unchanged} unchanged"
    )
    lines.append(
        f"Indexed with {report.model}: documents {counts}; {report.passages_embedded} passages embedded "
        f"({report.vectors_embedded} vectors), {report.passages_total} in the index; {report.seconds:.1f}s"
    )
    return "\n".join(lines)
