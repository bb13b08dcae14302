"""Rendering answers as plain text for the terminal, and the pieces other text renderers share:
a snippet (the document's words as they are, each quotation apart in marks with its speaker), a
source line, and a contact (why them, then their own words)."""

from __future__ import annotations

import textwrap

from bot import messages
from bot.answer import QUOTE, Answer, Contact, DocumentRef, Segment, Snippet
from bot.evaluation import HEADLINE
from bot.quoting import enclose

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
    lines = [messages.answer_lead(len(answer.snippets), len(answer.document_ids)), ""]
    for number, snippet in enumerate(answer.snippets, 1):
        lines += snippet_lines(snippet, f"{number}. ", "   ") + [""]
    if answer.contacts:
        lines.append(messages.CONTACTS_HEADING + ":")
        for contact in answer.contacts:
            lines += contact_lines(contact)
        lines.append("")
    if answer.enablers:
        lines.append(messages.ENABLERS_HEADING + ": " + ", ".join(f"{e.name} ({e.id})" for e in answer.enablers))
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
    credit = segment.speaker.credit if segment.speaker else messages.UNNAMED_SPEAKER
    lead = first if first.strip() else inset
    return _paragraphs(enclose(segment.text), lead, inset) + [fill(f"— {credit}", inset, inset + "  ")]


def source_lines(document: DocumentRef, section: str, indent: str) -> list[str]:
    source = " · ".join(part for part in (document.title, document.publisher, section) if part)
    lines = [fill(f"{messages.SOURCE}: {source}", indent, indent + "  ")]
    return lines + ([f"{indent}  {document.url}"] if document.url else [])


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
