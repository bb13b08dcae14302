"""Block Kit rendering of the enablers, pure: their listing, a summary, a name not found, and the
Home tab that lists them."""

from __future__ import annotations

from collections.abc import Mapping

from bot import messages as shared
from bot.slack import messages
from bot.slack.block_kit import (
    MAX_SECTION,
    Rendered,
    cap,
    context,
    fallback_text,
    fit,
    notice,
    section,
    shorten,
    verbatim,
)
from bot.slack.blocks import contact_blocks, enabler_names, quotation, snippet_blocks, source_line
from bot.summary import EnablerListing, EnablerSummary, Resolution


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
    return Rendered(fallback_text(f"{lead}\n{shared.ENABLER_LIST_HEADING}: {names}".strip()), cap(blocks))


def unknown_enabler_message(name: str, resolution: Resolution) -> Rendered:
    text = fit(shared.unknown_enabler(name, resolution), MAX_SECTION, verbatim)  # the name's `*`, `_` as typed
    return Rendered(fallback_text(text), [section(text), context(messages.enabler_usage_hint())])


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
    blocks += contact_blocks(summary.contacts, people, shared.SUMMARY_CONTACTS_HEADING)
    if summary.related:
        blocks.append(context(f"*{shared.ENABLERS_HEADING}:* {enabler_names(summary.related)}"))
    fallback = f"{title}: {fit(summary.description, 1000)} ({shared.lessons(summary.lesson_count)})"
    return Rendered(fallback_text(fallback), cap(blocks))


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
