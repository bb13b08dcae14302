"""Rendering answers as plain text for the terminal."""

from __future__ import annotations

import textwrap

from bot import messages
from bot.answer import Answer, Snippet
from bot.evaluation import HEADLINE

WIDTH = 100


def render_answer(answer: Answer) -> str:
    if not answer.answered:
        lines = [textwrap.fill(messages.decline(answer), WIDTH)]
        if answer.closest:
            lines += ["", messages.CLOSEST_HEADING + ":", ""]
            for number, snippet in enumerate(answer.closest, 1):
                lines += _snippet_lines(number, snippet)
        return "\n".join(lines).rstrip() + "\n"
    lines = [messages.answer_lead(len(answer.snippets), len(answer.document_ids)), ""]
    for number, snippet in enumerate(answer.snippets, 1):
        lines += _snippet_lines(number, snippet)
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


def _snippet_lines(number: int, snippet: Snippet) -> list[str]:
    lines = []
    paragraphs = f"“{snippet.text}”".split("\n")  # keep paragraph and attribution breaks
    for i, paragraph in enumerate(p for p in paragraphs if p.strip()):
        lines.append(textwrap.fill(paragraph, WIDTH, initial_indent=f"{number}. " if i == 0 else "   ",
                                   subsequent_indent="   "))
    source = " · ".join(part for part in (snippet.document.title, snippet.document.publisher, snippet.section) if part)
    lines.append(textwrap.fill(source, WIDTH, initial_indent="   — ", subsequent_indent="     "))
    if snippet.document.url:
        lines.append(f"     {snippet.document.url}")
    return lines + [""]


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


def render_eval(report) -> str:
    """`peerbot eval`: the headline figures, one row per category (n/a where a category has no
    questions or labels), then every question not answered or declined the right way."""
    def shown(value) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    lines = [f"questions          {report.questions}"]
    lines += [f"{name:<18} {shown(getattr(report, name))}" for name in HEADLINE]
    columns = ("recall_at_1", "recall_at_5", "mrr", "contact_hit_at_3", "answered", "declined", "right_outcome")
    lines += ["", f"{'category':<12} {'n':>4}  " + "  ".join(f"{c:>16}" for c in columns)]
    for name, score in report.categories.items():
        lines.append(f"{name:<12} {score.questions:>4}  " + "  ".join(f"{shown(getattr(score, c)):>16}" for c in columns))
    misses = [r for r in report.results if not r.ok]
    if misses:
        lines += ["", "not right:"]
    for r in misses:
        if r.category in ("off_topic", "not_covered"):
            what = f"{r.outcome} (expected {'out_of_scope' if r.category == 'off_topic' else 'not_covered'})"
        elif not r.answered:
            what = f"{r.outcome} (should answer)"
        else:
            what = f"evidence at rank {r.rank}" if r.rank else "evidence not in the snippets"
        lines.append(f"  {r.id} [{r.category}]: {what}: {r.question}")
    return "\n".join(lines) + "\n"
