"""Block Kit rendering of answers, pure (the enablers' in `enabler_blocks`, the building blocks and
escaping in `block_kit`).

Every message has a plain-text `text` fallback; no section is over 3,000 characters and no
message over 50 blocks. Text a user or a document wrote is escaped (`&`, `<`, `>`) and its
`@channel` / `@here` / `@everyone` defused, so it can never ping a channel; a document's or a
speaker's own words keep their `*`, `_`, `~` and backticks as written (`verbatim`).

A snippet is the document's own text under Slack's quote bar (without quotation marks; the
context line under it names the document), and each quotation in it a section of its own: the
speaker's words in marks, with their name, role and organisation on the line after.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot import messages as shared
from bot.answer import (
    EDITORIAL,
    QUOTE,
    Answer,
    Contact,
    DocumentRef,
    EnablerRef,
    Segment,
    Snippet,
    Speaker,
    enclose,
    whole_sentences,
)
from bot.slack import messages
from bot.slack.block_kit import (
    MAX_SECTION,
    Rendered,
    button,
    cap,
    context,
    escape,
    fallback_text,
    fit,
    link,
    section,
    verbatim,
)
from bot.slack.payloads import share_value

FEEDBACK_BLOCK = "feedback"
WATCH_BLOCK = "watch"  # its own block, so that a feedback click's thank-you line leaves it
HELPFUL_ACTION = "feedback_helpful"
NOT_HELPFUL_ACTION = "feedback_not_helpful"
SHARE_ACTION = "share_answer"
WATCH_ACTION = "watch_question"  # "Tell me when someone answers this" on a "not covered" reply


def document_text(text: str, limit: int = 2800) -> str:
    """The document's own words under the quote bar, without quotation marks; `limit` counts the bars."""
    return fit(text, limit, lambda words: "\n".join(f"> {line}" if line else ">" for line in verbatim(words).split("\n")))


def quoted_words(text: str, limit: int) -> str:
    """Someone's words in quotation marks, escaped, cut only at a sentence end to fit (a first
    sentence longer than Slack allows is the one thing shortened mid-way)."""
    budget, first = limit - 2, whole_sentences(text, 0)
    while True:
        words = whole_sentences(text, budget)
        out = verbatim(enclose(words))
        if len(out) <= limit:
            return out
        if words == first:  # the first sentence alone is too long
            return enclose(fit(words, limit - 2, verbatim))
        budget = len(words) - (len(out) - limit)


def quotation(text: str, speaker: Speaker | None, limit: int = 2600) -> str:
    """A quotation and, on the line after, who said it."""
    credit = fit(shared.credit(speaker), 300)
    return f"{quoted_words(text, limit)}\n— {credit}"


def segment_mrkdwn(segment: Segment, limit: int = 2600) -> str:
    if segment.kind == QUOTE:
        return quotation(segment.text, segment.speaker, limit)
    return document_text(segment.text, limit)


def source_line(document: DocumentRef, section_name: str = "") -> str:
    parts = [link(document.url, document.title or document.id)]
    parts += [fit(p, 200) for p in (document.publisher, section_name) if p]
    return " · ".join(parts)


def snippet_blocks(snippet: Snippet) -> list[dict]:
    """A section per segment (the document's text, each quotation apart), then the source."""
    return [section(segment_mrkdwn(s)) for s in snippet.segments] + [
        context(source_line(snippet.document, snippet.section))]


def contact_line(contact: Contact, people: Mapping[str, str], note: str = "") -> str:
    """Name (a mention when known) and `note`, why they are relevant, then their own words if any."""
    line = f"• {people.get(contact.name) or f'*{fit(contact.name, 200)}*'}" + (f" ({note})" if note else "")
    if contact.reason:
        line += f"\n{fit(contact.reason, 600)}"
    if contact.quote:
        line += f"\n{quoted_words(contact.quote, 1200)}"
    return line


def contact_blocks(
    contacts: tuple[Contact, ...], people: Mapping[str, str], heading: str = shared.CONTACTS_HEADING
) -> list[dict]:
    if not contacts:
        return []
    return [section(f"*{heading}*")] + [section(contact_line(c, people)) for c in contacts]


def enabler_names(enablers: tuple[EnablerRef, ...]) -> str:
    return " · ".join(fit(e.name, 150) for e in enablers)


def feedback_buttons(question_id: str, share: str = "") -> dict:
    elements = [
        button(messages.HELPFUL, HELPFUL_ACTION, question_id),
        button(messages.NOT_HELPFUL, NOT_HELPFUL_ACTION, question_id),
    ]
    if share:
        elements.append(button(messages.SHARE, SHARE_ACTION, share, style="primary"))
    return {"type": "actions", "block_id": FEEDBACK_BLOCK, "elements": elements}


def answer_message(
    answer: Answer, question_id: str, people: Mapping[str, str] | None = None, *,
    heading: str = "", share: str | None = None,
) -> Rendered:
    """An answer: lead, quoted snippets with sources, people, related enablers, feedback buttons.
    `heading` (trusted mrkdwn) goes first; `share` (the question, redacted) adds the "Share in
    channel" button that posts it."""
    if not answer.answered:
        return no_answer_message(answer, heading, question_id)
    people = people or {}
    lead = escape(answer.lead) if answer.lead else shared.answer_lead(len(answer.snippets), len(answer.document_ids))
    blocks = [section(heading)] if heading else []
    blocks.append(section(lead))
    for snippet in answer.snippets:
        blocks += snippet_blocks(snippet)
    blocks += contact_blocks(answer.contacts, people)
    if answer.enablers:
        blocks.append(context(f"*{shared.ENABLERS_HEADING}:* {enabler_names(answer.enablers)}"))
    blocks.append(feedback_buttons(question_id, share_value(question_id, share) if share is not None else ""))
    fallback = [lead] + [f"{n}. {_gist(s)}" for n, s in enumerate(answer.snippets, 1)]
    return Rendered(fallback_text("\n".join(fallback)), cap(blocks))


def _gist(snippet: Snippet) -> str:
    """A snippet in the plain-text fallback: its document, and the start of its document's own text
    (after a colon, unless the title ends a sentence itself: "… collaboratives? It is …")."""
    text = next((s.text for s in snippet.segments if s.kind == EDITORIAL), "")
    title = fit(snippet.document.title, 150)
    return title + ((" " if title.endswith(("?", "!", ".")) else ": ") + fit(text, 300) if text else "")


def no_answer_message(answer: Answer, heading: str = "", question_id: str = "") -> Rendered:
    """A decline: not covered (with the closest passages, labelled as not an answer) or out of scope,
    with Helpful / Not helpful buttons for the question `question_id` (as Teams has: "Not helpful"
    makes even an out-of-scope decline a gap in the digest, for curators to look at), and, when not
    covered, a button that asks to be told privately when a lesson answers it, and the `/enabler`
    hint. A reply to a message that asked nothing ("hi", "thanks") has the hint and no buttons: there
    is nothing to rate."""
    text = fit(shared.decline(answer), MAX_SECTION)
    blocks = ([section(heading)] if heading else []) + [section(text)]
    if answer.closest:
        blocks.append(context(f"*{shared.CLOSEST_HEADING}*"))
        for snippet in answer.closest:
            blocks += snippet_blocks(snippet)
    if answer.outcome == "not_covered" or answer.asked_nothing:  # not after a clinician or a wellbeing pointer
        blocks.append(context(messages.enabler_usage_hint()))
    if question_id and not answer.asked_nothing:
        blocks.append(feedback_buttons(question_id))
        if answer.outcome == "not_covered":
            blocks.append({"type": "actions", "block_id": WATCH_BLOCK,
                           "elements": [button(messages.WATCH, WATCH_ACTION, question_id)]})
    return Rendered(fallback_text(text), cap(blocks))


def feedback_given(blocks: list[dict] | tuple[dict, ...], helpful: bool) -> list[dict]:
    """The clicked message with its feedback buttons replaced by a thank-you line."""
    thanks = context(messages.feedback_thanks(helpful))
    return [thanks if b.get("block_id") == FEEDBACK_BLOCK else b for b in blocks]
