"""Block Kit rendering, pure: answers, enabler summaries and listings, the Home tab.

Every message has a plain-text `text` fallback; no section is over 3,000 characters and no
message over 50 blocks. Text a user or a document wrote is escaped (`&`, `<`, `>`) and its
`@channel` / `@here` / `@everyone` defused, so it can never ping a channel.

A snippet is the document's own text under Slack's quote bar (without quotation marks; the
context line under it names the document), and each quotation in it a section of its own: the
speaker's words in marks, with their name, role and organisation on the line after.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

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
from bot.slack.payloads import share_value
from bot.summary import EnablerListing, EnablerSummary, Resolution

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_CONTEXT = 2000
MAX_FALLBACK = 3000
MAX_BUTTON_TEXT = 75
FEEDBACK_BLOCK = "feedback"
WATCH_BLOCK = "watch"  # its own block, so that a feedback click's thank-you line leaves it
HELPFUL_ACTION = "feedback_helpful"
NOT_HELPFUL_ACTION = "feedback_not_helpful"
SHARE_ACTION = "share_answer"
WATCH_ACTION = "watch_question"  # "Tell me when someone answers this" on a "not covered" reply
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.I)
_URL = re.compile(r"https?://[^\s<>|]+")


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


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def fit(text: str, limit: int) -> str:
    """Escaped text no longer than `limit` once escaped (never cutting an entity in half)."""
    out = escape(text)
    while len(out) > limit:
        text = shorten(text, len(text) - (len(out) - limit) - 1)
        out = escape(text)
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
    return Rendered(_fallback(mrkdwn), [section(mrkdwn)])


def _fallback(text: str) -> str:
    return shorten(text, MAX_FALLBACK)


def document_text(text: str, limit: int = 2800) -> str:
    """The document's own words under the quote bar, without quotation marks."""
    return "\n".join(f"> {line}" if line else ">" for line in fit(text, limit).split("\n"))


def quoted_words(text: str, limit: int) -> str:
    """Someone's words in quotation marks, escaped, cut only at a sentence end to fit (a first
    sentence longer than Slack allows is the one thing shortened mid-way)."""
    budget, first = limit - 2, whole_sentences(text, 0)
    while True:
        words = whole_sentences(text, budget)
        out = escape(enclose(words))
        if len(out) <= limit:
            return out
        if words == first:  # the first sentence alone is too long
            return enclose(fit(words, limit - 2))
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


def contact_line(contact: Contact, people: Mapping[str, str]) -> str:
    """Name (a mention when known), why they are relevant, then their own words if any."""
    line = f"• {people.get(contact.name) or f'*{fit(contact.name, 200)}*'}"
    if contact.reason:
        line += f"\n{fit(contact.reason, 600)}"
    if contact.quote:
        line += f"\n{quoted_words(contact.quote, 1200)}"
    return line


def _contact_blocks(
    contacts: tuple[Contact, ...], people: Mapping[str, str], heading: str = shared.CONTACTS_HEADING
) -> list[dict]:
    if not contacts:
        return []
    return [section(f"*{heading}*")] + [section(contact_line(c, people)) for c in contacts]


def _enabler_names(enablers: tuple[EnablerRef, ...]) -> str:
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
    lead = answer.lead or shared.answer_lead(len(answer.snippets), len(answer.document_ids))
    blocks = [section(heading)] if heading else []
    blocks.append(section(lead))
    for snippet in answer.snippets:
        blocks += snippet_blocks(snippet)
    blocks += _contact_blocks(answer.contacts, people)
    if answer.enablers:
        blocks.append(context(f"*{shared.ENABLERS_HEADING}:* {_enabler_names(answer.enablers)}"))
    blocks.append(feedback_buttons(question_id, share_value(question_id, share) if share is not None else ""))
    fallback = [lead] + [f"{n}. {_gist(s)}" for n, s in enumerate(answer.snippets, 1)]
    return Rendered(_fallback("\n".join(fallback)), cap(blocks))


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
    return Rendered(_fallback(text), cap(blocks))


def feedback_given(blocks: list[dict] | tuple[dict, ...], helpful: bool) -> list[dict]:
    """The clicked message with its feedback buttons replaced by a thank-you line."""
    thanks = context(messages.feedback_thanks(helpful))
    return [thanks if b.get("block_id") == FEEDBACK_BLOCK else b for b in blocks]


def _packed_sections(lines: list[str]) -> list[dict]:
    """Lines packed into as few sections as fit in 3,000 characters each."""
    blocks, current = [], ""
    for line in lines:
        line = line[:MAX_SECTION]
        if current and len(current) + 1 + len(line) > MAX_SECTION:
            blocks.append(section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(section(current))
    return blocks


def listing_lines(listings: list[EnablerListing]) -> list[str]:
    return [
        f"• *{fit(item.enabler.name, 150)}*: {fit(item.description, 500)} ({shared.lessons(item.lesson_count)})"
        for item in listings
    ]


def enabler_listing_message(listings: list[EnablerListing], lead: str = "") -> Rendered:
    if not listings:
        return notice(shared.NO_ENABLERS)
    blocks = [section(lead)] if lead else []
    blocks += _listing_blocks(listings)
    blocks.append(context(messages.enabler_usage_hint()))
    names = ", ".join(item.enabler.name for item in listings)
    return Rendered(_fallback(f"{lead}\n{shared.ENABLER_LIST_HEADING}: {names}".strip()), cap(blocks))


def unknown_enabler_message(name: str, resolution: Resolution) -> Rendered:
    text = fit(shared.unknown_enabler(shorten(name, 200), resolution), MAX_SECTION)
    return Rendered(_fallback(text), [section(text), context(messages.enabler_usage_hint())])


def enabler_summary_message(summary: EnablerSummary, people: Mapping[str, str] | None = None) -> Rendered:
    people = people or {}
    title = fit(summary.enabler.name, 150)
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": shorten(summary.enabler.name, 150)}},
        section(fit(summary.description, 2000)),
        context(shared.lessons_speak_to_it(summary.lesson_count)),
    ]
    if summary.practices:
        blocks.append(section(f"*{shared.PRACTICES_HEADING}*"))
        for snippet in summary.practices:
            blocks += snippet_blocks(snippet)
    if summary.examples:
        blocks.append(section(f"*{shared.EXAMPLES_HEADING}*"))
        for example in summary.examples:
            blocks.append(section(f"*{fit(example.label, 200)}*"))
            blocks += snippet_blocks(example.snippet)
    if summary.quotes:
        blocks.append(section(f"*{shared.QUOTES_HEADING}*"))
        for quote in summary.quotes:
            blocks.append(section(quotation(quote.text, quote.speaker, 2400)))
            blocks.append(context(source_line(quote.document)))
    blocks += _contact_blocks(summary.contacts, people, shared.SUMMARY_CONTACTS_HEADING)
    if summary.related:
        blocks.append(context(f"*{shared.ENABLERS_HEADING}:* {_enabler_names(summary.related)}"))
    fallback = f"{title}: {fit(summary.description, 1000)} ({shared.lessons(summary.lesson_count)})"
    return Rendered(_fallback(fallback), cap(blocks))


def home_view(listings: list[EnablerListing], documents: int, passages: int) -> dict:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "peerbot"}},
        section(messages.home_intro()),
        section(messages.home_how_to_ask()),
        {"type": "divider"},
        *_listing_blocks(listings),
        context(messages.corpus_size(documents, passages)),
    ]
    return {"type": "home", "blocks": cap(blocks)}


def _listing_blocks(listings: list[EnablerListing]) -> list[dict]:
    """The enablers under their heading, one line each; with none, that there are none and how to add them."""
    if not listings:
        return [section(shared.NO_ENABLERS)]
    return [section(f"*{shared.ENABLER_LIST_HEADING}*"), *_packed_sections(listing_lines(listings))]
